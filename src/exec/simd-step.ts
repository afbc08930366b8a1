// SIMD instructions executed straight on the value stack's words. The interpreter's whole SIMD
// branch is `pc = simdStep(op, i32, f32, f64, memory, code, pc, sp, fp); sp = simdState.sp;`.
//
// Why a separate function with its own switch: `run` must stay under V8's bytecode size limit for
// optimisation, and a dense switch here compiles to a jump table just as `run`'s does. The common
// operations (the loads and stores, integer and float lane arithmetic, bitwise ops, shifts, splats,
// lane moves, shuffles, compares, bitmasks, widening ops) are done on the 32-bit words of the stack
// (and the f32/f64 views of the same buffer) with no scratch copies; everything else goes to the
// generic helpers of simd-ops.ts / simd-memory.ts, which copy through scratch vectors.
//
// Chaining: after an instruction, simdStep goes on with the next one while it is SIMD, a v128
// local.get/set/tee, an i32.const or an i32.add of locals/constants (the address and shift-count
// arithmetic of SIMD loops), and returns the pc of the first instruction it does not handle, so a
// run of them costs one trip through `run`'s dispatch and one call. A CHARGE ends every run, so a
// chain stays inside its basic block and block gas stays exact (per-instruction metering has a
// CHARGE before every instruction, so it never chains). Only the first instruction of a chain may
// trap where it stands: a later memory access that would trap returns to `run` just before it, and
// `run` dispatches it again, so the trap carries `run`'s exact pc (the metering refund counts the
// block's operators from that pc). A v128.const right before an i32x4.mul or i32x4.dot_i16x8_s
// runs with it as one step (the constant read from the code; neither traps), an i32x4.add or
// v128.xor right before a local.set (v128) writes its result straight to the local, a rotating
// or sliding i8x16.shuffle right before `i32.const n; i32x4.shr_u` shifts its result in the same
// step (the count read from the code), an i8x16.shr_s right before an i8x16.bitmask is skipped (the
// shift keeps the sign bits), i16x8.extadd_pairwise_i8x16_u right before
// i32x4.extadd_pairwise_i16x8_u sums each lane's 4 bytes in one step, and an unsigned
// i16x8.extend_{low,high}_i8x16_u right before `v128.const; i32x4.dot_i16x8_s` (wasm's u8·i16 dot)
// runs the three as one step. The matrix multiply's whole dot-product iteration (v128.load_l,
// f32x4.mul_acc_local_splat_ll, its back-edge) is handled at the top, before the chain's loop.
//
// Each case leaves pc at its instruction's LAST immediate word (a case with more than one advances
// pc by the others itself; SIMD_IMMEDIATE_WORDS says how many there are), and the chain steps one
// word on: one add instead of a table lookup per step measured 10% faster on simd-checksum.
//
// Conventions (as in `run`): `sp` and `fp` are WORD indices (slot = 2 words, v128 = 4 words); `op`
// is the internal opcode (0x1000 + sub, or 0x1100 + sub in deterministic mode, where NaN lanes of
// float arithmetic become the positive canonical NaN); `pc` is the index of the first immediate
// word: memory ops [offset, lane], v128.const / i8x16.shuffle 4 packed words, every other op 1 lane
// word (SIMD_IMMEDIATE_WORDS). Loads and stores check `ea + size <= memory length` and trap like
// the scalar ones.
//
// f32 lanes are computed in f64 and rounded once by the store into the Float32Array view, which is
// correctly rounded for + - * / (53 ≥ 2·24 + 2). Non-deterministic NaN results are whatever the
// hardware propagates (arithmetic NaNs), as the spec allows.

import { RuntimeError, Trap } from "../core/index.ts";
import type { MemoryInstance } from "./memory-instance.ts";
import { FAM_LC, FAM_LC_SET, FAM_LL, OP_BR_IF_ADD2_LC_TEE_NE as OP_BR_IF_ADD2_LC_TEE_NE_IMPORT, OP_SIMD_FUSED_BASE, OP_SIMD_FUSED_END, SIMD_FUSED_INFO, fusedOpcode } from "../compile/index.ts";
import { simdExec as simdExecImport, simdExecDeterministic as simdExecDeterministicImport } from "./simd-ops.ts";
import {
  SIMD_ACCESS_BYTES as SIMD_ACCESS_BYTES_IMPORT, simdAddressSlot as simdAddressSlotImport, simdMemoryExec as simdMemoryExecImport,
} from "./simd-memory.ts";

// Module-local copies: when src/ is loaded as CommonJS (tsx does so from a CommonJS caller) every
// imported binding is read through a getter call, which V8 does not inline into big functions
// (profiled at 20–30% of SIMD time that way); local copies make the cost independent of the format.
const simdExec = simdExecImport;
const simdExecDeterministic = simdExecDeterministicImport;
const SIMD_ACCESS_BYTES = SIMD_ACCESS_BYTES_IMPORT;
const simdAddressSlot = simdAddressSlotImport;
const simdMemoryExec = simdMemoryExecImport;

// Fused i32.add forms (compile/'s numbering; index 0 of FUSED_I32_BINOPS is i32.add) that address
// arithmetic in SIMD loops lowers to: push local+local, push local+constant, local = local+constant.
const OP_I32_ADD_LL = fusedOpcode(FAM_LL, 0);
const OP_I32_ADD_LC = fusedOpcode(FAM_LC, 0);
const OP_I32_ADD_LC_SET = fusedOpcode(FAM_LC_SET, 0);
// The counted-loop back-edge with two induction variables that ends a matrix multiply's dot-product
// loop (see v128.load_l + f32x4.mul_acc_local_splat_ll).
const OP_BR_IF_ADD2_LC_TEE_NE = OP_BR_IF_ADD2_LC_TEE_NE_IMPORT;

/** SIMD instructions whose top v128 operand is read through `top` (see the chain loop), so a
 *  local.get (v128) right before one is not copied: the operand is read from the local itself. */
export const TOP_FROM_LOCAL: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let sub = 0x37; sub <= 0x46; sub++) table[sub] = 1; // i32x4 and f32x4 compares
  for (const sub of [0x4e, 0x4f, 0x50, 0x51]) table[sub] = 1; // and, andnot, or, xor
  for (const sub of [0x6e, 0x71, 0x8e, 0x91, 0x95, 0xae, 0xb1, 0xb5, 0xce, 0xd1]) table[sub] = 1; // integer add/sub/mul
  for (const sub of [0xe4, 0xe5, 0xe6, 0xe7, 0xf0, 0xf1, 0xf2, 0xf3]) table[sub] = 1; // f32x4/f64x2 add/sub/mul/div
  for (const sub of [0x7c, 0x7d, 0x7e, 0x7f, 0x87, 0x88, 0x89, 0x8a, 0xa7, 0xa8, 0xa9, 0xaa, 0xba]) table[sub] = 1; // widening, dot
  table[0x64] = 1; // i8x16.bitmask
  table[0x0d] = 1; // i8x16.shuffle (b; a hash's rotation `local.get x; local.get x; i8x16.shuffle`)
  return table;
})();

/** Immediate words after each SIMD instruction in the lowered code (see the header), by switch key:
 *  the sub-opcode (0x10xx, 0x11xx), or 0x100 + n for the fused SIMD instruction 0x1200 + n. */
export const SIMD_IMMEDIATE_WORDS: Uint8Array = (() => {
  const table = new Uint8Array(0x200).fill(1);
  for (let n = 0; n < OP_SIMD_FUSED_END - OP_SIMD_FUSED_BASE; n++) table[0x100 + n] = SIMD_FUSED_INFO[n][1];
  for (let sub = 0; sub < 256; sub++) if (SIMD_ACCESS_BYTES[sub] !== 0) table[sub] = 2;
  table[0x0c] = 4; // v128.const
  table[0x0d] = 4; // i8x16.shuffle
  return table;
})();

/** Where simdStep leaves the new stack pointer (it returns the new pc). */
export const simdState = { sp: 0 };

/** A chained memory instruction that would trap: return to `run` before it (sp as it is), so that
 *  `run` dispatches it again as a first instruction and its trap carries `run`'s exact pc (the
 *  metering refund counts the block's operators from that pc). */
function stopBefore(pc: number, sp: number): number {
  simdState.sp = sp;
  return pc - 1;
}

// Aligned v128.load / load32_splat read through an Int32Array of the memory (measured faster than
// the DataView there); cached per byte view, which memory.grow replaces.
let memWords: Int32Array<ArrayBufferLike> = new Int32Array(0);
let memWordsOf: Uint8Array | undefined;

// The same memory as f32 lanes, for f32x4.mul_acc_local_splat_ll (cached the same way).
let memFloats: Float32Array<ArrayBufferLike> = new Float32Array(0);
let memFloatsOf: Uint8Array | undefined;

/** The memory as aligned i32 words (the view is rebuilt only after memory.grow replaced the buffer). */
function memWordView(m8: Uint8Array): Int32Array {
  if (m8 !== memWordsOf) { memWords = new Int32Array(m8.buffer, m8.byteOffset, m8.byteLength >> 2); memWordsOf = m8; }
  return memWords;
}
/** The memory as aligned f32 lanes (cached like memWordView). */
function memFloatView(m8: Uint8Array): Float32Array {
  if (m8 !== memFloatsOf) { memFloats = new Float32Array(m8.buffer, m8.byteOffset, m8.byteLength >> 2); memFloatsOf = m8; }
  return memFloats;
}

/** The f32 at `ea` (in bounds) as a double. */
function memF32(memory: MemoryInstance, ea: number): number {
  if ((ea & 3) !== 0) return memory.view.getFloat32(ea, true);
  return memFloatView(memory.u8)[ea >> 2];
}

/** Writes the 16 bytes at `ea` to words[w..w+3]; false (nothing written) when out of bounds. */
function loadV128(words: Int32Array, w: number, memory: MemoryInstance, ea: number): boolean {
  const m8 = memory.u8;
  if (ea + 16 > m8.length) return false;
  if ((ea & 3) === 0) {
    const memWords = memWordView(m8);
    const i = ea >> 2;
    words[w] = memWords[i]; words[w + 1] = memWords[i + 1]; words[w + 2] = memWords[i + 2]; words[w + 3] = memWords[i + 3];
  } else {
    const dv = memory.view;
    words[w] = dv.getInt32(ea, true); words[w + 1] = dv.getInt32(ea + 4, true);
    words[w + 2] = dv.getInt32(ea + 8, true); words[w + 3] = dv.getInt32(ea + 12, true);
  }
  return true;
}

/** Writes the i32 at `ea` to the 4 lanes words[w..w+3]; false (nothing written) when out of bounds. */
function loadSplat32(words: Int32Array, w: number, memory: MemoryInstance, ea: number): boolean {
  const m8 = memory.u8;
  if (ea + 4 > m8.length) return false;
  let x: number;
  if ((ea & 3) === 0) {
    x = memWordView(m8)[ea >> 2];
  } else {
    x = memory.view.getInt32(ea, true);
  }
  words[w] = x; words[w + 1] = x; words[w + 2] = x; words[w + 3] = x;
  return true;
}

function outOfBounds(): never {
  throw new RuntimeError(Trap.OutOfBoundsMemoryAccess);
}

/** Deterministic mode: the f32 NaN lanes of the v128 at word w become the canonical NaN. */
function canonF32(words: Int32Array, w: number): void {
  for (let k = w; k < w + 4; k++) if ((words[k] & 0x7fffffff) > 0x7f800000) words[k] = 0x7fc00000;
}
/** Deterministic mode: the f64 NaN lanes of the v128 at word w become the canonical NaN. */
function canonF64(words: Int32Array, w: number): void {
  for (let k = w; k < w + 4; k += 2) {
    const hi = words[k + 1] & 0x7fffffff;
    if (hi > 0x7ff00000 || (hi === 0x7ff00000 && words[k] !== 0)) { words[k] = 0; words[k + 1] = 0x7ff80000; }
  }
}

/** Packed shuffle immediates, 4 words per `start` (0..31): SLIDE_PATTERNS takes the 16 consecutive
 *  bytes of a ‖ b from byte `start` (wrapping at 32); ROTATE_PATTERNS rotates a (start < 16) or b
 *  (start ≥ 16) by start mod 16 bytes. Both are common (clang's concatenations and rotations). */
function shufflePatterns(index: (start: number, k: number) => number): Int32Array {
  const table = new Int32Array(32 * 4);
  for (let start = 0; start < 32; start++) {
    for (let k = 0; k < 16; k++) table[(start << 2) + (k >> 2)] |= index(start, k) << ((k & 3) << 3);
  }
  return table;
}
const SLIDE_PATTERNS = shufflePatterns((start, k) => (start + k) & 31);
const ROTATE_PATTERNS = shufflePatterns((start, k) => (start & 16) | ((start + k) & 15));

// Any other i8x16.shuffle copies its two operands here (the result overwrites the first) and picks
// bytes through a byte view; the stack's byte view is cached (the stack's buffer never changes).
const shuffleSource = new Int32Array(8);
const shuffleSourceBytes = new Uint8Array(shuffleSource.buffer);
let stackBytes: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
let stackBytesOf: Int32Array | undefined;

// Per-word SWAR helpers for 8- and 16-bit lanes (no carry crosses a lane boundary).
function add8(a: number, b: number): number { return ((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080); }
function sub8(a: number, b: number): number { return ((a | 0x80808080) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & 0x80808080); }
function add16(a: number, b: number): number { return ((a & 0x7fff7fff) + (b & 0x7fff7fff)) ^ ((a ^ b) & 0x80008000); }
function sub16(a: number, b: number): number { return ((a | 0x80008000) - (b & 0x7fff7fff)) ^ ((a ^ ~b) & 0x80008000); }
function mul16(a: number, b: number): number { return (Math.imul(a, b) & 0xffff) | (Math.imul(a >>> 16, b >>> 16) << 16); }
/** i8x16.shr_s of one word by n (0..7): logical shift, then the sign bits fill the top n bits. */
function shrS8(x: number, n: number): number {
  return ((x >>> n) & Math.imul(0xff >>> n, 0x01010101)) | Math.imul((x >>> 7) & 0x01010101, (0xff00 >> n) & 0xff);
}
/** One word of i32x4.dot_i16x8_s: the products of the two signed 16-bit halves of a and b, summed. */
function dotWord(a: number, b: number): number { return (Math.imul((a << 16) >> 16, (b << 16) >> 16) + Math.imul(a >> 16, b >> 16)) | 0; }

/**
 * Executes the SIMD instruction `op` whose immediates start at code[pc], and the chainable
 * instructions after it (see the header), on the value stack words (`words`, with `f32`/`f64` views
 * of the same buffer), the frame at `fp` and `memory`. Returns the pc of the next instruction for
 * `run` to dispatch; the new sp (words) is in simdState.sp.
 */
export function simdStep(
  op: number, words: Int32Array, f32: Float32Array, f64: Float64Array, memory: MemoryInstance, code: Int32Array, pc: number, sp: number, fp: number,
): number {
  // The dot-product iteration of a matrix multiply, `v128.load_l; f32x4.mul_acc_local_splat_ll` and
  // usually the loop's back-edge, as the first instruction (it starts its loop's block): handled
  // before the chain's loop, which it never needs (measured 7% faster on simd-matmul than as a case
  // of the switch). When either load would trap, or when the pair comes later in a chain, the two
  // run one by one through the switch (a trap then has its own pc).
  // simdStep itself is only this and a call to the chain (simdChain): with dotLanes it stays under
  // V8's inlining limits (460 bytes of bytecode per function, 920 in all per caller), so TurboFan
  // inlines both into `run` and the iteration makes no call at all (measured 180 → 146 µs per unit
  // on simd-matmul; a chain pays one extra call, noise against its dozens of steps). Check with
  // `node --trace-turbo-inlining` after changing either.
  if (op === 0x1200) {
    const next = code[pc + 2];
    if (next === 0x1208 || next === 0x1209) { // f32x4.mul_acc_local_splat_ll b c offset k: x never on the stack
      if (dotLanes(next, words, f32, memory, code, pc, fp)) {
        simdState.sp = sp;
        const r = pc + 7; // the instruction after the pair
        if (code[r] !== OP_BR_IF_ADD2_LC_TEE_NE) return r;
        // The loop's back-edge right after (the whole iteration): as `run`'s case, then back to
        // `run` (the target is the loop's CHARGE under metering).
        words[fp + code[r + 3]] = (words[fp + code[r + 1]] + code[r + 2]) | 0;
        const v = (words[fp + code[r + 4]] + code[r + 5]) | 0;
        words[fp + code[r + 6]] = v;
        return v !== code[r + 7] ? code[r + 8] : r + 9;
      }
    }
  }
  return simdChain(op, words, f32, f64, memory, code, pc, sp, fp);
}

/** The dot-product pair (see simdStep): `v128.load_l a offset; f32x4.mul_acc_local_splat_ll b c
 *  offset k` (`next` is the second's opcode). False when either load would trap (nothing done).
 *  Kept under V8's inlining size limit (with simdStep), so that both inline into `run`. */
function dotLanes(next: number, words: Int32Array, f32: Float32Array, memory: MemoryInstance, code: Int32Array, pc: number, fp: number): boolean {
  const ea = (words[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
  const eb = ((words[fp + code[pc + 3]] + words[fp + code[pc + 4]]) >>> 0) + (code[pc + 5] >>> 0);
  const length = memory.u8.length;
  if (ea + 16 > length || eb + 4 > length) return false;
  // Through the DataView (aligned or not): measured 3% faster here than the cached Float32Array view.
  const at = fp + code[pc + 6];
  const dv = memory.view, y = dv.getFloat32(eb, true);
  f32[at] = f32[at] + Math.fround(dv.getFloat32(ea, true) * y); f32[at + 1] = f32[at + 1] + Math.fround(dv.getFloat32(ea + 4, true) * y);
  f32[at + 2] = f32[at + 2] + Math.fround(dv.getFloat32(ea + 8, true) * y); f32[at + 3] = f32[at + 3] + Math.fround(dv.getFloat32(ea + 12, true) * y);
  if (next === 0x1209) canonF32(words, at);
  return true;
}

/** simdStep's chain: the switch over every SIMD instruction and the loop through the chainable
 *  instructions after it. */
function simdChain(
  firstOp: number, words: Int32Array, f32: Float32Array, f64: Float64Array, memory: MemoryInstance, code: Int32Array, firstPc: number, firstSp: number, frame: number,
): number {
  // The loop's variables start from int32 values (`| 0`), not from the tagged parameters, so that
  // V8 keeps them untagged in registers through the chain's loop instead of re-tagging them at
  // every step.
  let op = firstOp | 0, pc = firstPc | 0, sp = firstSp | 0;
  const fp = frame | 0;
  // Function-local aliases of the module's tables: a module binding costs a hole check per use.
  const topFromLocal = TOP_FROM_LOCAL, slidePatterns = SLIDE_PATTERNS, rotatePatterns = ROTATE_PATTERNS;
  let chained = false;
  // Word index of the top v128 operand: sp - 4, or a v128 local read in place (TOP_FROM_LOCAL).
  let top = sp - 4;
  for (;;) {
  // Plain SIMD switches on the sub-opcode; a fused SIMD instruction 0x1200 + n on 0x100 + n (a dense
  // range: keys 0x200 + n via op & 0x2ff measured 15% slower on simd-checksum).
  const key = (op & 0xff) | ((op >> 1) & 0x100); // branch-free: bit 8 of op >> 1 is set only for 0x12xx
  switch (key) {
    // ---- memory: address word at sp-2 (loads) or sp-6 (stores)
    case 0x00: { // v128.load
      const w = sp - 2;
      if (!loadV128(words, w, memory, (words[w] >>> 0) + (code[pc] >>> 0))) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
      sp = sp + 2; pc++; break;
    }
    case 0x09: { // v128.load32_splat
      const w = sp - 2;
      if (!loadSplat32(words, w, memory, (words[w] >>> 0) + (code[pc] >>> 0))) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
      sp = sp + 2; pc++; break;
    }
    case 0x0a: { // v128.load64_splat
      const w = sp - 2;
      const ea = (words[w] >>> 0) + (code[pc] >>> 0);
      const dv = memory.view;
      if (ea + 8 > dv.byteLength) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
      const lo = dv.getInt32(ea, true), hi = dv.getInt32(ea + 4, true);
      words[w] = lo; words[w + 1] = hi; words[w + 2] = lo; words[w + 3] = hi;
      sp = sp + 2; pc++; break;
    }
    case 0x0b: { // v128.store
      const w = sp - 6;
      const ea = (words[w] >>> 0) + (code[pc] >>> 0);
      const dv = memory.view;
      if (ea + 16 > dv.byteLength) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
      dv.setInt32(ea, words[w + 2], true); dv.setInt32(ea + 4, words[w + 3], true);
      dv.setInt32(ea + 8, words[w + 4], true); dv.setInt32(ea + 12, words[w + 5], true);
      sp = sp - 6; pc++; break;
    }
    case 0x0c: { // v128.const
      // Followed by i32x4.mul or i32x4.dot_i16x8_s (constant multipliers and weights): both in one
      // step, the constant read from the code, never pushed. Neither traps, and both are in the
      // same block (already charged), so the pair behaves exactly as the two steps.
      const next = code[pc + 4] & 0xfeff; // 0x10xx and 0x11xx alike (both are integer ops)
      if (next === 0x10b5) { // i32x4.mul
        const w = sp - 4;
        words[w] = Math.imul(words[w], code[pc]); words[w + 1] = Math.imul(words[w + 1], code[pc + 1]);
        words[w + 2] = Math.imul(words[w + 2], code[pc + 2]); words[w + 3] = Math.imul(words[w + 3], code[pc + 3]);
        pc += 5; break; // past the const's 4 words and the second instruction (its lane word added below)
      }
      if (next === 0x10ba) { // i32x4.dot_i16x8_s
        const w = sp - 4;
        for (let k = 0; k < 4; k++) { // dotWord written out (V8 does not inline it into this big function)
          const a = words[w + k], b = code[pc + k];
          words[w + k] = (Math.imul((a << 16) >> 16, (b << 16) >> 16) + Math.imul(a >> 16, b >> 16)) | 0;
        }
        pc += 5; break;
      }
      words[sp] = code[pc]; words[sp + 1] = code[pc + 1]; words[sp + 2] = code[pc + 2]; words[sp + 3] = code[pc + 3];
      sp = sp + 4; pc += 3; break;
    }
    case 0x0d: { // i8x16.shuffle: result byte k = byte imm[k] of a ‖ b (a at w..w+3, b at top..top+3)
      const w = sp - 8, bo = top - w - 4; // bo: where b is, relative to w + 4 (0 unless read in place)
      const start = code[pc] & 31, at = start << 2;
      let base = -1, mask = 7;
      if (code[pc] === slidePatterns[at] && code[pc + 1] === slidePatterns[at + 1] &&
          code[pc + 2] === slidePatterns[at + 2] && code[pc + 3] === slidePatterns[at + 3]) {
        base = w; // 16 consecutive bytes of a ‖ b from byte `start` (wrapping at 32)
      } else if (code[pc] === rotatePatterns[at] && code[pc + 1] === rotatePatterns[at + 1] &&
          code[pc + 2] === rotatePatterns[at + 2] && code[pc + 3] === rotatePatterns[at + 3]) {
        base = start < 16 ? w : top; // a rotation of a (or of b) by `start` bytes
        mask = 3;
      }
      if (base >= 0) {
        // Each result word joins two neighbouring source words.
        // Word j of a ‖ b is at base + j, plus bo from j = 4 on (only a slide reaches j ≥ 4).
        const first = (start >> 2) & mask, shift = (start & 3) << 3;
        const j1 = (first + 1) & mask, j2 = (first + 2) & mask, j3 = (first + 3) & mask, j4 = (first + 4) & mask;
        const s0 = words[base + first + (-(first >> 2) & bo)], s1 = words[base + j1 + (-(j1 >> 2) & bo)];
        const s2 = words[base + j2 + (-(j2 >> 2) & bo)], s3 = words[base + j3 + (-(j3 >> 2) & bo)], s4 = words[base + j4 + (-(j4 >> 2) & bo)];
        let r0 = s0, r1 = s1, r2 = s2, r3 = s3;
        if (shift !== 0) {
          const back = 32 - shift;
          r0 = (s0 >>> shift) | (s1 << back); r1 = (s1 >>> shift) | (s2 << back);
          r2 = (s2 >>> shift) | (s3 << back); r3 = (s3 >>> shift) | (s4 << back);
        }
        if (code[pc + 4] === 0x41 && (code[pc + 6] & 0xfeff) === 0x10ad) {
          // …then i32.const n; i32x4.shr_u (a hash's rotate-and-shift): the shift done here, the
          // count read from the code, never pushed. Neither traps and all three are in one block.
          const n = code[pc + 5]; // JS takes the count mod 32, as i32x4.shr_u does
          r0 = r0 >>> n; r1 = r1 >>> n; r2 = r2 >>> n; r3 = r3 >>> n;
          pc += 4; // past the const (2 words) and the shift (opcode + lane word)
        }
        words[w] = r0; words[w + 1] = r1; words[w + 2] = r2; words[w + 3] = r3;
        sp = sp - 4; pc += 3; break;
      }
      for (let k = 0; k < 4; k++) { shuffleSource[k] = words[w + k]; shuffleSource[k + 4] = words[top + k]; }
      if (words !== stackBytesOf) { stackBytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength); stackBytesOf = words; }
      const out = w << 2;
      for (let j = 0; j < 4; j++) {
        const sel = code[pc + j], at = out + (j << 2);
        stackBytes[at] = shuffleSourceBytes[sel & 31];
        stackBytes[at + 1] = shuffleSourceBytes[(sel >>> 8) & 31];
        stackBytes[at + 2] = shuffleSourceBytes[(sel >>> 16) & 31];
        stackBytes[at + 3] = shuffleSourceBytes[(sel >>> 24) & 31];
      }
      sp = sp - 4; pc += 3; break;
    }

    // ---- splats: the scalar (word sp-2, sp-1) is read before the v128 overwrites its slot
    case 0x0f: { const x = Math.imul(words[sp - 2] & 0xff, 0x01010101); words[sp - 2] = x; words[sp - 1] = x; words[sp] = x; words[sp + 1] = x; sp = sp + 2; break; } // i8x16.splat
    case 0x10: { const x = Math.imul(words[sp - 2] & 0xffff, 0x10001); words[sp - 2] = x; words[sp - 1] = x; words[sp] = x; words[sp + 1] = x; sp = sp + 2; break; } // i16x8.splat
    case 0x11: // i32x4.splat
    case 0x13: { const x = words[sp - 2]; words[sp - 1] = x; words[sp] = x; words[sp + 1] = x; sp = sp + 2; break; } // f32x4.splat (raw bits)
    case 0x12: // i64x2.splat
    case 0x14: words[sp] = words[sp - 2]; words[sp + 1] = words[sp - 1]; sp = sp + 2; break; // f64x2.splat (raw bits)

    // ---- extract_lane (v at sp-4 → scalar slot at sp-4) and replace_lane (v at sp-6, x at sp-2)
    case 0x15: { const w = sp - 4, lane = code[pc] & 15; words[w] = (words[w + (lane >> 2)] << (24 - ((lane & 3) << 3))) >> 24; words[w + 1] = 0; sp = sp - 2; break; } // i8x16.extract_lane_s
    case 0x16: { const w = sp - 4, lane = code[pc] & 15; words[w] = (words[w + (lane >> 2)] >>> ((lane & 3) << 3)) & 0xff; words[w + 1] = 0; sp = sp - 2; break; } // i8x16.extract_lane_u
    case 0x18: { const w = sp - 4, lane = code[pc] & 7; words[w] = (words[w + (lane >> 1)] << (16 - ((lane & 1) << 4))) >> 16; words[w + 1] = 0; sp = sp - 2; break; } // i16x8.extract_lane_s
    case 0x19: { const w = sp - 4, lane = code[pc] & 7; words[w] = (words[w + (lane >> 1)] >>> ((lane & 1) << 4)) & 0xffff; words[w + 1] = 0; sp = sp - 2; break; } // i16x8.extract_lane_u
    case 0x1b: // i32x4.extract_lane
    case 0x1f: { const w = sp - 4; words[w] = words[w + (code[pc] & 3)]; words[w + 1] = 0; sp = sp - 2; break; } // f32x4.extract_lane (raw bits)
    case 0x1d: // i64x2.extract_lane
    case 0x21: { const w = sp - 4, from = w + ((code[pc] & 1) << 1); words[w] = words[from]; words[w + 1] = words[from + 1]; sp = sp - 2; break; } // f64x2.extract_lane
    case 0x17: { // i8x16.replace_lane
      const w = sp - 6, lane = code[pc] & 15, at = w + (lane >> 2), shift = (lane & 3) << 3;
      words[at] = (words[at] & ~(0xff << shift)) | ((words[sp - 2] & 0xff) << shift);
      sp = sp - 2; break;
    }
    case 0x1a: { // i16x8.replace_lane
      const w = sp - 6, lane = code[pc] & 7, at = w + (lane >> 1), shift = (lane & 1) << 4;
      words[at] = (words[at] & ~(0xffff << shift)) | ((words[sp - 2] & 0xffff) << shift);
      sp = sp - 2; break;
    }
    case 0x1c: // i32x4.replace_lane
    case 0x20: words[sp - 6 + (code[pc] & 3)] = words[sp - 2]; sp = sp - 2; break; // f32x4.replace_lane (raw bits)
    case 0x1e: // i64x2.replace_lane
    case 0x22: { const to = sp - 6 + ((code[pc] & 1) << 1); words[to] = words[sp - 2]; words[to + 1] = words[sp - 1]; sp = sp - 2; break; } // f64x2.replace_lane

    // ---- i32x4 compares (a at w, b at w+4 → all-ones lanes at w)
    case 0x37: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = words[k] === words[k + b] ? -1 : 0; sp = sp - 4; break; } // i32x4.eq
    case 0x38: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = words[k] !== words[k + b] ? -1 : 0; sp = sp - 4; break; } // i32x4.ne
    case 0x39: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = words[k] < words[k + b] ? -1 : 0; sp = sp - 4; break; } // i32x4.lt_s
    case 0x3a: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = (words[k] >>> 0) < (words[k + b] >>> 0) ? -1 : 0; sp = sp - 4; break; } // i32x4.lt_u
    case 0x3b: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = words[k] > words[k + b] ? -1 : 0; sp = sp - 4; break; } // i32x4.gt_s
    case 0x3c: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = (words[k] >>> 0) > (words[k + b] >>> 0) ? -1 : 0; sp = sp - 4; break; } // i32x4.gt_u
    case 0x3d: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = words[k] <= words[k + b] ? -1 : 0; sp = sp - 4; break; } // i32x4.le_s
    case 0x3e: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = (words[k] >>> 0) <= (words[k + b] >>> 0) ? -1 : 0; sp = sp - 4; break; } // i32x4.le_u
    case 0x3f: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = words[k] >= words[k + b] ? -1 : 0; sp = sp - 4; break; } // i32x4.ge_s
    case 0x40: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = (words[k] >>> 0) >= (words[k + b] >>> 0) ? -1 : 0; sp = sp - 4; break; } // i32x4.ge_u
    // f32x4 / f64x2 compares: JS comparisons are false on NaN (and ne true), as the spec says
    case 0x41: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = f32[k] === f32[k + b] ? -1 : 0; sp = sp - 4; break; } // f32x4.eq
    case 0x42: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = f32[k] !== f32[k + b] ? -1 : 0; sp = sp - 4; break; } // f32x4.ne
    case 0x43: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = f32[k] < f32[k + b] ? -1 : 0; sp = sp - 4; break; } // f32x4.lt
    case 0x44: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = f32[k] > f32[k + b] ? -1 : 0; sp = sp - 4; break; } // f32x4.gt
    case 0x45: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = f32[k] <= f32[k + b] ? -1 : 0; sp = sp - 4; break; } // f32x4.le
    case 0x46: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = f32[k] >= f32[k + b] ? -1 : 0; sp = sp - 4; break; } // f32x4.ge

    // ---- bitwise
    case 0x4d: { const w = sp - 4; words[w] = ~words[w]; words[w + 1] = ~words[w + 1]; words[w + 2] = ~words[w + 2]; words[w + 3] = ~words[w + 3]; break; } // v128.not
    case 0x4e: { const w = sp - 8; words[w] &= words[top]; words[w + 1] &= words[top + 1]; words[w + 2] &= words[top + 2]; words[w + 3] &= words[top + 3]; sp = sp - 4; break; } // v128.and
    case 0x4f: { const w = sp - 8; words[w] &= ~words[top]; words[w + 1] &= ~words[top + 1]; words[w + 2] &= ~words[top + 2]; words[w + 3] &= ~words[top + 3]; sp = sp - 4; break; } // v128.andnot
    case 0x50: { const w = sp - 8; words[w] |= words[top]; words[w + 1] |= words[top + 1]; words[w + 2] |= words[top + 2]; words[w + 3] |= words[top + 3]; sp = sp - 4; break; } // v128.or
    case 0x51: { // v128.xor
      const w = sp - 8;
      if (code[pc + 1] === 0x13) { // …then local.set (v128) k: the result goes straight to the local (as i32x4.add)
        const at = fp + code[pc + 2];
        words[at] = words[w] ^ words[top]; words[at + 1] = words[w + 1] ^ words[top + 1];
        words[at + 2] = words[w + 2] ^ words[top + 2]; words[at + 3] = words[w + 3] ^ words[top + 3];
        sp = w; pc += 2; break; // past the local.set (the xor's lane word is added below)
      }
      if ((code[pc + 1] & 0xfeff) === 0x100c && (code[pc + 6] & 0xfeff) === 0x10b5) {
        // …then `v128.const c; i32x4.mul` (a hash's xor-then-multiply, as FNV): all three in one
        // step, the multiplier read from the code. None of them traps.
        words[w] = Math.imul(words[w] ^ words[top], code[pc + 2]); words[w + 1] = Math.imul(words[w + 1] ^ words[top + 1], code[pc + 3]);
        words[w + 2] = Math.imul(words[w + 2] ^ words[top + 2], code[pc + 4]); words[w + 3] = Math.imul(words[w + 3] ^ words[top + 3], code[pc + 5]);
        sp = sp - 4; pc += 7; break; // past the const (opcode + 4 words) and the mul (its lane word is the last)
      }
      words[w] ^= words[top]; words[w + 1] ^= words[top + 1]; words[w + 2] ^= words[top + 2]; words[w + 3] ^= words[top + 3]; sp = sp - 4; break;
    }
    case 0x52: { // v128.bitselect: (v1 & c) | (v2 & ~c)
      const w = sp - 12;
      for (let k = w; k < w + 4; k++) { const c = words[k + 8]; words[k] = (words[k] & c) | (words[k + 4] & ~c); }
      sp = sp - 8; break;
    }
    case 0x53: { const w = sp - 4; words[w] = (words[w] | words[w + 1] | words[w + 2] | words[w + 3]) !== 0 ? 1 : 0; words[w + 1] = 0; sp = sp - 2; break; } // v128.any_true

    // ---- i8x16
    case 0x64: { // i8x16.bitmask (the four bytes' sign bits of each word gathered by one multiply, written out: V8 does not inline helpers into this big function)
      const w = sp - 4;
      let m = 0;
      for (let k = 0; k < 4; k++) m |= ((Math.imul((words[top + k] >>> 7) & 0x01010101, 0x00204081) >>> 21) & 0xf) << (k << 2);
      words[w] = m; words[w + 1] = 0; sp = sp - 2; break;
    }
    case 0x6b: { const w = sp - 6, n = words[sp - 2] & 7, m = Math.imul((0xff << n) & 0xff, 0x01010101); for (let k = w; k < w + 4; k++) words[k] = (words[k] << n) & m; sp = sp - 2; break; } // i8x16.shl
    case 0x6c: { // i8x16.shr_s
      const w = sp - 6, n = words[sp - 2] & 7;
      if ((code[pc + 1] & 0xfeff) === 0x1064) {
        // …then i8x16.bitmask: an arithmetic shift keeps every byte's sign bit, so the mask is the
        // operand's (clang tests the high bits as `i8x16.shr_s 7; i8x16.bitmask`). Neither traps.
        let m = 0;
        for (let k = 0; k < 4; k++) m |= ((Math.imul((words[w + k] >>> 7) & 0x01010101, 0x00204081) >>> 21) & 0xf) << (k << 2);
        words[w] = m; words[w + 1] = 0;
        sp = sp - 4; pc += 2; break; // past the bitmask and its lane word
      }
      for (let k = w; k < w + 4; k++) words[k] = shrS8(words[k], n);
      sp = sp - 2; break;
    }
    case 0x6d: { const w = sp - 6, n = words[sp - 2] & 7, m = Math.imul(0xff >>> n, 0x01010101); for (let k = w; k < w + 4; k++) words[k] = (words[k] >>> n) & m; sp = sp - 2; break; } // i8x16.shr_u
    case 0x6e: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = add8(words[k], words[k + b]); sp = sp - 4; break; } // i8x16.add
    case 0x71: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = sub8(words[k], words[k + b]); sp = sp - 4; break; } // i8x16.sub

    // ---- widening: pairwise adds, extends, dot
    case 0x7c: { // i16x8.extadd_pairwise_i8x16_s
      const w = sp - 4;
      for (let k = 0; k < 4; k++) {
        const x = words[top + k];
        words[w + k] = ((((x << 24) >> 24) + ((x << 16) >> 24)) & 0xffff) | ((((x << 8) >> 24) + (x >> 24)) << 16);
      }
      break;
    }
    case 0x7d: { // i16x8.extadd_pairwise_i8x16_u
      const w = sp - 4;
      if ((code[pc + 1] & 0xfeff) === 0x107f) {
        // …then i32x4.extadd_pairwise_i16x8_u (the sum of each lane's 4 bytes, a byte-sum idiom):
        // both in one step. Neither traps.
        for (let k = 0; k < 4; k++) { const x = words[top + k], p = (x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff); words[w + k] = (p & 0xffff) + (p >>> 16); }
        pc += 2; break; // past the second instruction and its lane word
      }
      for (let k = 0; k < 4; k++) { const x = words[top + k]; words[w + k] = (x & 0x00ff00ff) + ((x >>> 8) & 0x00ff00ff); }
      break;
    }
    case 0x7e: { const w = sp - 4; for (let k = 0; k < 4; k++) { const x = words[top + k]; words[w + k] = ((x << 16) >> 16) + (x >> 16); } break; } // i32x4.extadd_pairwise_i16x8_s
    case 0x7f: { const w = sp - 4; for (let k = 0; k < 4; k++) { const x = words[top + k]; words[w + k] = (x & 0xffff) + (x >>> 16); } break; } // i32x4.extadd_pairwise_i16x8_u
    case 0x87: case 0x88: { // i16x8.extend_low_i8x16_s, extend_high_i8x16_s
      const w = sp - 4, from = op & 1 ? top : top + 2; // 0x87 is odd: the low half
      const x0 = words[from], x1 = words[from + 1];
      words[w] = (((x0 << 24) >> 24) & 0xffff) | (((x0 << 16) >> 24) << 16);
      words[w + 1] = (((x0 << 8) >> 24) & 0xffff) | ((x0 >> 24) << 16);
      words[w + 2] = (((x1 << 24) >> 24) & 0xffff) | (((x1 << 16) >> 24) << 16);
      words[w + 3] = (((x1 << 8) >> 24) & 0xffff) | ((x1 >> 24) << 16);
      break;
    }
    case 0x89: case 0x8a: { // i16x8.extend_low_i8x16_u, extend_high_i8x16_u
      const w = sp - 4, from = op & 1 ? top : top + 2; // 0x89 is odd: the low half
      const x0 = words[from], x1 = words[from + 1];
      if ((code[pc + 1] & 0xfeff) === 0x100c && (code[pc + 6] & 0xfeff) === 0x10ba) {
        // …then `v128.const c; i32x4.dot_i16x8_s` (a weighted sum of unsigned bytes with i16
        // weights, wasm's u8·i16 dot idiom): lane k = byte 2k · c[2k] + byte 2k+1 · c[2k+1], the
        // weights read from the code. None of the three traps.
        const c0 = code[pc + 2], c1 = code[pc + 3], c2 = code[pc + 4], c3 = code[pc + 5];
        words[w] = (Math.imul(x0 & 0xff, (c0 << 16) >> 16) + Math.imul((x0 >>> 8) & 0xff, c0 >> 16)) | 0;
        words[w + 1] = (Math.imul((x0 >>> 16) & 0xff, (c1 << 16) >> 16) + Math.imul(x0 >>> 24, c1 >> 16)) | 0;
        words[w + 2] = (Math.imul(x1 & 0xff, (c2 << 16) >> 16) + Math.imul((x1 >>> 8) & 0xff, c2 >> 16)) | 0;
        words[w + 3] = (Math.imul((x1 >>> 16) & 0xff, (c3 << 16) >> 16) + Math.imul(x1 >>> 24, c3 >> 16)) | 0;
        pc += 7; break; // past the const (opcode + 4 words) and the dot (its lane word is the last)
      }
      words[w] = (x0 & 0xff) | ((x0 << 8) & 0xff0000);
      words[w + 1] = ((x0 >>> 16) & 0xff) | ((x0 >>> 8) & 0xff0000);
      words[w + 2] = (x1 & 0xff) | ((x1 << 8) & 0xff0000);
      words[w + 3] = ((x1 >>> 16) & 0xff) | ((x1 >>> 8) & 0xff0000);
      break;
    }
    case 0xa7: case 0xa8: { // i32x4.extend_low_i16x8_s, extend_high_i16x8_s
      const w = sp - 4, from = op & 1 ? top : top + 2; // 0xa7 is odd: the low half
      const x0 = words[from], x1 = words[from + 1];
      words[w] = (x0 << 16) >> 16; words[w + 1] = x0 >> 16; words[w + 2] = (x1 << 16) >> 16; words[w + 3] = x1 >> 16;
      break;
    }
    case 0xa9: case 0xaa: { // i32x4.extend_low_i16x8_u, extend_high_i16x8_u
      const w = sp - 4, from = op & 1 ? top : top + 2; // 0xa9 is odd: the low half
      const x0 = words[from], x1 = words[from + 1];
      words[w] = x0 & 0xffff; words[w + 1] = x0 >>> 16; words[w + 2] = x1 & 0xffff; words[w + 3] = x1 >>> 16;
      break;
    }
    case 0xba: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = dotWord(words[k], words[k + b]); sp = sp - 4; break; } // i32x4.dot_i16x8_s

    // ---- i16x8
    case 0x84: { // i16x8.bitmask
      const w = sp - 4;
      let m = 0;
      for (let k = 0; k < 4; k++) { const x = words[w + k]; m |= (((x >>> 15) & 1) | ((x >>> 30) & 2)) << (k << 1); }
      words[w] = m; words[w + 1] = 0;
      sp = sp - 2; break;
    }
    case 0x8b: { const w = sp - 6, n = words[sp - 2] & 15, m = Math.imul((0xffff << n) & 0xffff, 0x10001); for (let k = w; k < w + 4; k++) words[k] = (words[k] << n) & m; sp = sp - 2; break; } // i16x8.shl
    case 0x8c: { const w = sp - 6, n = words[sp - 2] & 15; for (let k = w; k < w + 4; k++) { const x = words[k]; words[k] = (((x << 16) >> (16 + n)) & 0xffff) | ((x >> n) & ~0xffff); } sp = sp - 2; break; } // i16x8.shr_s
    case 0x8d: { const w = sp - 6, n = words[sp - 2] & 15, m = Math.imul(0xffff >>> n, 0x10001); for (let k = w; k < w + 4; k++) words[k] = (words[k] >>> n) & m; sp = sp - 2; break; } // i16x8.shr_u
    case 0x8e: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = add16(words[k], words[k + b]); sp = sp - 4; break; } // i16x8.add
    case 0x91: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = sub16(words[k], words[k + b]); sp = sp - 4; break; } // i16x8.sub
    case 0x95: { const w = sp - 8, b = top - w; for (let k = w; k < w + 4; k++) words[k] = mul16(words[k], words[k + b]); sp = sp - 4; break; } // i16x8.mul

    // ---- i32x4
    case 0xa1: { const w = sp - 4; for (let k = w; k < w + 4; k++) words[k] = -words[k] | 0; break; } // i32x4.neg
    case 0xa4: { const w = sp - 4; words[w] = (words[w] >>> 31) | ((words[w + 1] >>> 31) << 1) | ((words[w + 2] >>> 31) << 2) | ((words[w + 3] >>> 31) << 3); words[w + 1] = 0; sp = sp - 2; break; } // i32x4.bitmask
    case 0xab: { const w = sp - 6, n = words[sp - 2]; for (let k = w; k < w + 4; k++) words[k] <<= n; sp = sp - 2; break; } // i32x4.shl (JS takes the count mod 32)
    case 0xac: { const w = sp - 6, n = words[sp - 2]; for (let k = w; k < w + 4; k++) words[k] >>= n; sp = sp - 2; break; } // i32x4.shr_s
    case 0xad: { const w = sp - 6, n = words[sp - 2]; for (let k = w; k < w + 4; k++) words[k] = words[k] >>> n; sp = sp - 2; break; } // i32x4.shr_u
    case 0xae: { // i32x4.add
      const w = sp - 8;
      if (code[pc + 1] === 0x13) { // …then local.set (v128) k (an accumulator): the sum goes straight to the local
        const at = fp + code[pc + 2];
        words[at] = (words[w] + words[top]) | 0; words[at + 1] = (words[w + 1] + words[top + 1]) | 0;
        words[at + 2] = (words[w + 2] + words[top + 2]) | 0; words[at + 3] = (words[w + 3] + words[top + 3]) | 0;
        sp = w; pc += 2; break; // past the local.set (the add's lane word is added below)
      }
      words[w] = (words[w] + words[top]) | 0; words[w + 1] = (words[w + 1] + words[top + 1]) | 0; words[w + 2] = (words[w + 2] + words[top + 2]) | 0; words[w + 3] = (words[w + 3] + words[top + 3]) | 0; sp = sp - 4; break; } // i32x4.add
    case 0xb1: { const w = sp - 8; words[w] = (words[w] - words[top]) | 0; words[w + 1] = (words[w + 1] - words[top + 1]) | 0; words[w + 2] = (words[w + 2] - words[top + 2]) | 0; words[w + 3] = (words[w + 3] - words[top + 3]) | 0; sp = sp - 4; break; } // i32x4.sub
    case 0xb5: { const w = sp - 8; words[w] = Math.imul(words[w], words[top]); words[w + 1] = Math.imul(words[w + 1], words[top + 1]); words[w + 2] = Math.imul(words[w + 2], words[top + 2]); words[w + 3] = Math.imul(words[w + 3], words[top + 3]); sp = sp - 4; break; } // i32x4.mul

    // ---- i64x2
    case 0xce: case 0xd1: { // i64x2.add, i64x2.sub (borrow/carry from the unsigned low words)
      const w = sp - 8, b = top - w;
      for (let k = w; k < w + 4; k += 2) {
        const alo = words[k] >>> 0, blo = words[k + b] >>> 0;
        if (op & 1) { // 0xd1: sub
          words[k] = alo - blo; words[k + 1] = (words[k + 1] - words[k + b + 1] - (alo < blo ? 1 : 0)) | 0;
        } else {
          const lo = alo + blo;
          words[k] = lo; words[k + 1] = (words[k + 1] + words[k + b + 1] + (lo > 0xffffffff ? 1 : 0)) | 0;
        }
      }
      sp = sp - 4; break;
    }

    // ---- f32x4 / f64x2 arithmetic (deterministic mode: NaN lanes canonical)
    case 0xe4: { const w = sp - 8; f32[w] = f32[w] + f32[top]; f32[w + 1] = f32[w + 1] + f32[top + 1]; f32[w + 2] = f32[w + 2] + f32[top + 2]; f32[w + 3] = f32[w + 3] + f32[top + 3]; if (op >= 0x1100) canonF32(words, w); sp = sp - 4; break; } // f32x4.add
    case 0xe5: { const w = sp - 8; f32[w] = f32[w] - f32[top]; f32[w + 1] = f32[w + 1] - f32[top + 1]; f32[w + 2] = f32[w + 2] - f32[top + 2]; f32[w + 3] = f32[w + 3] - f32[top + 3]; if (op >= 0x1100) canonF32(words, w); sp = sp - 4; break; } // f32x4.sub
    case 0xe6: { // f32x4.mul
      const w = sp - 8;
      f32[w] = f32[w] * f32[top]; f32[w + 1] = f32[w + 1] * f32[top + 1]; f32[w + 2] = f32[w + 2] * f32[top + 2]; f32[w + 3] = f32[w + 3] * f32[top + 3];
      if (op >= 0x1100) canonF32(words, w);
      sp = w + 4;
      if (code[pc + 1] === op - 2) { // f32x4.add right after (a multiply-accumulate): both in one step
        const v = w - 4;
        f32[v] = f32[v] + f32[w]; f32[v + 1] = f32[v + 1] + f32[w + 1]; f32[v + 2] = f32[v + 2] + f32[w + 2]; f32[v + 3] = f32[v + 3] + f32[w + 3];
        if (op >= 0x1100) canonF32(words, v);
        sp = w;
        pc += 2;
      }
      break;
    }
    case 0xe7: { const w = sp - 8; f32[w] = f32[w] / f32[top]; f32[w + 1] = f32[w + 1] / f32[top + 1]; f32[w + 2] = f32[w + 2] / f32[top + 2]; f32[w + 3] = f32[w + 3] / f32[top + 3]; if (op >= 0x1100) canonF32(words, w); sp = sp - 4; break; } // f32x4.div
    case 0xf0: { const w = sp - 8, d = w >> 1, t = top >> 1; f64[d] = f64[d] + f64[t]; f64[d + 1] = f64[d + 1] + f64[t + 1]; if (op >= 0x1100) canonF64(words, w); sp = sp - 4; break; } // f64x2.add
    case 0xf1: { const w = sp - 8, d = w >> 1, t = top >> 1; f64[d] = f64[d] - f64[t]; f64[d + 1] = f64[d + 1] - f64[t + 1]; if (op >= 0x1100) canonF64(words, w); sp = sp - 4; break; } // f64x2.sub
    case 0xf2: { const w = sp - 8, d = w >> 1, t = top >> 1; f64[d] = f64[d] * f64[t]; f64[d + 1] = f64[d + 1] * f64[t + 1]; if (op >= 0x1100) canonF64(words, w); sp = sp - 4; break; } // f64x2.mul
    case 0xf3: { const w = sp - 8, d = w >> 1, t = top >> 1; f64[d] = f64[d] / f64[t]; f64[d + 1] = f64[d + 1] / f64[t + 1]; if (op >= 0x1100) canonF64(words, w); sp = sp - 4; break; } // f64x2.div
    // Sign-bit operations on the raw bits, so NaN payloads pass unchanged (also in deterministic mode).
    case 0xe0: { const w = sp - 4; for (let k = w; k < w + 4; k++) words[k] &= 0x7fffffff; break; } // f32x4.abs
    case 0xe1: { const w = sp - 4; for (let k = w; k < w + 4; k++) words[k] ^= -0x80000000; break; } // f32x4.neg

    // ---- fused SIMD instructions (compile/internal-opcodes.ts, 0x1200–0x12ff)
    case 0x100: // v128.load_l a offset (with f32x4.mul_acc_local_splat_ll after it: see the top)
      if (!loadV128(words, sp, memory, (words[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0))) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
      sp = sp + 4; pc++; break;
    case 0x101: // v128.load32_splat_l a offset
      if (!loadSplat32(words, sp, memory, (words[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0))) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
      sp = sp + 4; pc++; break;
    case 0x102: // v128.load_ll a b offset
      if (!loadV128(words, sp, memory, ((words[fp + code[pc]] + words[fp + code[pc + 1]]) >>> 0) + (code[pc + 2] >>> 0))) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
      sp = sp + 4; pc += 2; break;
    case 0x103: // v128.load32_splat_ll a b offset
      if (!loadSplat32(words, sp, memory, ((words[fp + code[pc]] + words[fp + code[pc + 1]]) >>> 0) + (code[pc + 2] >>> 0))) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
      sp = sp + 4; pc += 2; break;
    case 0x104: case 0x105: { // f32x4.mul_add_set k: local k = acc + x·y, rounded after the mul and after the add
      const w = sp - 12, at = fp + code[pc];
      f32[at] = f32[w] + Math.fround(f32[w + 4] * f32[w + 8]); f32[at + 1] = f32[w + 1] + Math.fround(f32[w + 5] * f32[w + 9]);
      f32[at + 2] = f32[w + 2] + Math.fround(f32[w + 6] * f32[w + 10]); f32[at + 3] = f32[w + 3] + Math.fround(f32[w + 7] * f32[w + 11]);
      if (key === 0x105) canonF32(words, at);
      sp = w; break;
    }
    case 0x106: case 0x107: { // f32x4.mul_acc_local k: local k += x·y, rounded after the mul and after the add
      const w = sp - 8, at = fp + code[pc];
      f32[at] = f32[at] + Math.fround(f32[w] * f32[w + 4]); f32[at + 1] = f32[at + 1] + Math.fround(f32[w + 1] * f32[w + 5]);
      f32[at + 2] = f32[at + 2] + Math.fround(f32[w + 2] * f32[w + 6]); f32[at + 3] = f32[at + 3] + Math.fround(f32[w + 3] * f32[w + 7]);
      if (key === 0x107) canonF32(words, at);
      sp = w; break;
    }

    case 0x108: case 0x109: { // f32x4.mul_acc_local_splat_ll b c offset k: local k += x·splat(f32 at b + c + offset)
      const eb = ((words[fp + code[pc]] + words[fp + code[pc + 1]]) >>> 0) + (code[pc + 2] >>> 0);
      if (eb + 4 > memory.u8.length) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
      const y = memF32(memory, eb), w = sp - 4, at = fp + code[pc + 3];
      f32[at] = f32[at] + Math.fround(f32[w] * y); f32[at + 1] = f32[at + 1] + Math.fround(f32[w + 1] * y);
      f32[at + 2] = f32[at + 2] + Math.fround(f32[w + 2] * y); f32[at + 3] = f32[at + 3] + Math.fround(f32[w + 3] * y);
      if (key === 0x109) canonF32(words, at);
      sp = w; pc += 3; break;
    }

    default: {
      const sub = op & 0xff;
      const access = SIMD_ACCESS_BYTES[sub];
      if (access !== 0) {
        const ea = (words[simdAddressSlot(sub, sp >> 1) << 1] >>> 0) + (code[pc] >>> 0);
        if (ea + access > memory.u8.length) { if (chained) return stopBefore(pc, sp); outOfBounds(); }
        sp = simdMemoryExec(sub, memory.u8, ea, words, sp >> 1, code[pc + 1]) << 1;
        pc++;
      } else {
        sp = (op < 0x1100 ? simdExec(sub, words, sp >> 1, code, pc) : simdExecDeterministic(sub, words, sp >> 1, code, pc)) << 1;
      }
      break;
    }
  }
    // Go on with the next instruction while it is SIMD too, or one of the plain instructions that
    // SIMD loops interleave (v128 locals, i32.const for shift counts, address arithmetic), saving
    // the trip through `run`'s dispatch. None of those traps, and a CHARGE always ends the run, so
    // a chain never crosses a basic block (gas stays exact; per-instruction metering never chains).
    // Their semantics are `run`'s cases of the same opcodes.
    pc++; // past the last immediate word (see the header)
    for (;;) {
      op = code[pc];
      if (op >= 0x1000 && op < 0x120a) { // 0x1000–0x11ff, fused 0x1200–0x1209 (OP_SIMD_FUSED_END): the next SIMD instruction
        top = sp - 4;
        break;
      }
      if (op === 0x12) { // local.get (v128)
        const next = code[pc + 2];
        if ((next >> 9) === 8 && topFromLocal[next & 0xff] === 1) {
          // The next instruction reads this operand through `top`: reserve its slot, don't copy.
          top = fp + code[pc + 1];
          sp += 4;
          pc += 2;
          op = next;
          break;
        }
        const at = fp + code[pc + 1];
        words[sp] = words[at]; words[sp + 1] = words[at + 1]; words[sp + 2] = words[at + 2]; words[sp + 3] = words[at + 3];
        sp += 4;
        pc += 2;
      } else if (op === 0x13) { // local.set (v128)
        const at = fp + code[pc + 1];
        sp -= 4;
        words[at] = words[sp]; words[at + 1] = words[sp + 1]; words[at + 2] = words[sp + 2]; words[at + 3] = words[sp + 3];
        pc += 2;
      } else if (op === 0x14) { // local.tee (v128)
        const at = fp + code[pc + 1];
        words[at] = words[sp - 4]; words[at + 1] = words[sp - 3]; words[at + 2] = words[sp - 2]; words[at + 3] = words[sp - 1];
        pc += 2;
      } else if (op === 0x41) { // i32.const
        words[sp] = code[pc + 1];
        sp += 2;
        pc += 2;
      } else if (op === OP_I32_ADD_LL) {
        words[sp] = (words[fp + code[pc + 1]] + words[fp + code[pc + 2]]) | 0;
        sp += 2;
        pc += 3;
      } else if (op === OP_I32_ADD_LC) {
        words[sp] = (words[fp + code[pc + 1]] + code[pc + 2]) | 0;
        sp += 2;
        pc += 3;
      } else if (op === OP_I32_ADD_LC_SET) {
        words[fp + code[pc + 3]] = (words[fp + code[pc + 1]] + code[pc + 2]) | 0;
        pc += 4;
      } else {
        simdState.sp = sp;
        return pc;
      }
    }
    pc++;
    chained = true;
  }
}
