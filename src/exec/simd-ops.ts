// The fixed-width SIMD instructions (0xfd prefix) as in-place operations on the value stack: the
// generic implementation of every non-memory instruction. The interpreter reaches these through
// simd-step.ts, which runs the common instructions itself on the stack words and calls simdExec /
// simdExecDeterministic (and simd-memory.ts) for the rest.
//
// HOW TO CALL THIS
//   Non-memory ops (everything except the loads/stores, which are in simd-memory.ts):
//       sp = simdExec(op, stack.i32, sp, code, pc);              // or simdExecDeterministic(...)
//   - `op`: the SIMD sub-opcode (0x00..0xff); any number whose low byte is the sub-opcode works
//     (the combined 0xfdNN code, or compile/'s internal opcode OP_FD_BASE + NN), as only `op & 0xff`
//     is read.
//   - `words`: the value stack's Int32Array view; `sp`: the next free slot before the instruction.
//     A v128 at slot s is words 2s..2s+3 (lane bytes little-endian); a scalar at slot s is word 2s
//     (i32, f32 bits) or words 2s, 2s+1 (i64 low/high, f64 bits).
//   - `code`, `pc`: where the instruction's immediates are (pc = index of the first immediate word):
//       v128.const, i8x16.shuffle: 4 words code[pc..pc+3], the 16 immediate bytes packed little-endian
//         (byte 4j+i of the immediate is bits 8i..8i+7 of word j) — what compile/lower.ts emits;
//       *.extract_lane / *.replace_lane: the lane index at code[pc];
//       every other op reads no immediate (`code`/`pc` are ignored; pass anything).
//   - Returns the new sp. Operands are popped and the result is pushed as the wasm stack says:
//       shape                              operands (slots)                 result at   new sp
//       v128.const                         —                                sp          sp + 2
//       unary  v128 → v128                 v: sp-2                          sp-2        sp
//       binary v128 v128 → v128            a: sp-4, b: sp-2                 sp-4        sp - 2
//       v128.bitselect                     v1: sp-6, v2: sp-4, c: sp-2      sp-6        sp - 4
//       shift  v128 i32 → v128             v: sp-3, count: sp-1             sp-3        sp - 1
//       splat  scalar → v128               x: sp-1                          sp-1        sp + 1
//       extract_lane v128 → scalar         v: sp-2                          sp-2        sp - 1
//       replace_lane v128 scalar → v128    v: sp-3, x: sp-1                 sp-3        sp - 1
//       test   v128 → i32 (any_true, all_true, bitmask)  v: sp-2            sp-2        sp - 1
//     An i32/f32 scalar result also zeroes the high word of its slot.
//   - Never traps, never allocates: operands are copied into preallocated scratch vectors, the
//     result is computed there and copied back (so overlapping operand/result slots are harmless).
//   - simdExecDeterministic is simdExec followed by simdCanonicalizeNaN: every NaN lane produced by
//     float arithmetic (add, sub, mul, div, sqrt, min, max, ceil, floor, trunc, nearest, demote,
//     promote) becomes the positive canonical NaN; bit operations (abs, neg, pmin, pmax, lane moves,
//     bitwise ops) keep their exact bits, as the scalar deterministic mode does.
//
//   With compile/lower.ts's current layout (SIMD op = OP_FD_BASE + sub, then the memarg offset for
//   memory ops, then one lane word — or 4 words for v128.const/i8x16.shuffle), a complete SIMD
//   dispatch on these helpers alone (simd-step.ts's fallback does the same) is:
//       const sub = op & 0xff;
//       const size = SIMD_ACCESS_BYTES[sub];                   // simd-memory.ts; 0 = not a memory op
//       if (size !== 0) {
//         const ea = (i32[2 * simdAddressSlot(sub, sp)] >>> 0) + (code[pc] >>> 0);
//         if (ea + size > memory.u8.length) trap(Trap.OutOfBoundsMemoryAccess);
//         sp = simdMemoryExec(sub, memory.u8, ea, i32, sp, code[pc + 1]); pc += 2;
//       } else {
//         sp = simdExec(sub, i32, sp, code, pc); pc += sub === 0x0c || sub === 0x0d ? 4 : 1;
//       }
//
// NaN RESULTS (default mode): every lane that may produce a NaN from NaN input yields either the JS
// NaN constant (canonical) or the hardware-propagated quiet NaN of an operand (an arithmetic NaN, and
// canonical when every NaN operand is canonical), which is what the spec allows. Rounding ops never
// use V8's Math.ceil/floor/trunc on a NaN (V8 hands a signalling f64 NaN back unchanged).
//
// Lanes are read and written through typed-array views of the scratch buffers, which are
// platform-endian; every supported Node platform is little-endian, matching Wasm's lane order.

// ---------------------------------------------------------------------------------------------
// scratch vectors: a, b, c operands and r result, each seen through every lane view

function views(buffer: ArrayBuffer) {
  return {
    i8: new Int8Array(buffer), u8: new Uint8Array(buffer), i16: new Int16Array(buffer), u16: new Uint16Array(buffer),
    i32: new Int32Array(buffer), u32: new Uint32Array(buffer), f32: new Float32Array(buffer), f64: new Float64Array(buffer),
  };
}
const A = views(new ArrayBuffer(16));
const B = views(new ArrayBuffer(16));
const C = views(new ArrayBuffer(16));
const R = views(new ArrayBuffer(16));
const a8 = A.i8, au8 = A.u8, a16 = A.i16, au16 = A.u16, a32 = A.i32, au32 = A.u32, af32 = A.f32, af64 = A.f64;
const b8 = B.i8, bu8 = B.u8, b16 = B.i16, bu16 = B.u16, b32 = B.i32, bu32 = B.u32, bf32 = B.f32, bf64 = B.f64;
const c32 = C.i32, cu8 = C.u8;
const r8 = R.i8, ru8 = R.u8, r16 = R.i16, ru16 = R.u16, r32 = R.i32, rf32 = R.f32, rf64 = R.f64;

/** A Float32Array over the same memory as the stack words (cached: the stack rarely changes). */
let stackF32: Float32Array<ArrayBufferLike> = new Float32Array(0);
let stackF32Of: Int32Array | undefined;
function f32Of(words: Int32Array): Float32Array<ArrayBufferLike> {
  if (stackF32Of !== words) {
    stackF32 = new Float32Array(words.buffer, words.byteOffset, words.length);
    stackF32Of = words;
  }
  return stackF32;
}

function loadA(words: Int32Array, w: number): void {
  a32[0] = words[w]; a32[1] = words[w + 1]; a32[2] = words[w + 2]; a32[3] = words[w + 3];
}
function loadB(words: Int32Array, w: number): void {
  b32[0] = words[w]; b32[1] = words[w + 1]; b32[2] = words[w + 2]; b32[3] = words[w + 3];
}
function storeR(words: Int32Array, w: number): void {
  words[w] = r32[0]; words[w + 1] = r32[1]; words[w + 2] = r32[2]; words[w + 3] = r32[3];
}

const TWO_POW_52 = 4503599627370496;

// ---------------------------------------------------------------------------------------------
// scalar lane helpers

function satS8(x: number): number { return x < -128 ? -128 : x > 127 ? 127 : x; }
function satU8(x: number): number { return x < 0 ? 0 : x > 255 ? 255 : x; }
function satS16(x: number): number { return x < -32768 ? -32768 : x > 32767 ? 32767 : x; }
function satU16(x: number): number { return x < 0 ? 0 : x > 65535 ? 65535 : x; }

function popcnt8(x: number): number {
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (x + (x >> 4)) & 0x0f;
}

/** Round to nearest integer, ties to even, for an f32 or f64 value held as a number; NaN → canonical. */
function nearest(x: number): number {
  if (x !== x) return NaN;
  const magnitude = Math.abs(x);
  // From 2^52 every double is an integer (covers ±inf); zeros keep their sign.
  if (magnitude >= TWO_POW_52 || x === 0) return x;
  const rounded = (magnitude + TWO_POW_52) - TWO_POW_52;
  return x < 0 ? -rounded : rounded;
}

/** min per the spec: NaN if either is NaN, -0 below +0 (Math.min already orders the zeros). */
function fmin(a: number, b: number): number {
  return a !== a || b !== b ? NaN : Math.min(a, b);
}
function fmax(a: number, b: number): number {
  return a !== a || b !== b ? NaN : Math.max(a, b);
}

/** Saturating truncation to i32 (NaN → 0). Works for f32 and f64 inputs (exact as numbers). */
function truncSatS(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return x | 0;
}
/** Saturating truncation to u32, returned as the i32 bit pattern. */
function truncSatU(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 4294967295) return -1;
  return x | 0;
}

// Full 32×32 → 64-bit products without BigInt: 16-bit limbs keep every partial product exact.
let productLo = 0;
let productHi = 0;
function mulU32Wide(a: number, b: number): void {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  productLo = (mid << 16) | (ll & 0xffff);
  productHi = (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) | 0;
}
function mulS32Wide(a: number, b: number): void {
  mulU32Wide(a >>> 0, b >>> 0);
  // Reading a negative operand as unsigned adds 2^32·(other operand) to the product; take it back.
  let hi = productHi;
  if (a < 0) hi = (hi - b) | 0;
  if (b < 0) hi = (hi - a) | 0;
  productHi = hi;
}

/** Signed i64 a < b on halves (lo compared unsigned). */
function i64LtS(alo: number, ahi: number, blo: number, bhi: number): boolean {
  return ahi < bhi || (ahi === bhi && (alo >>> 0) < (blo >>> 0));
}

function writeI64Lane(lane: number, lo: number, hi: number): void {
  r32[2 * lane] = lo;
  r32[2 * lane + 1] = hi;
}

// i64 shifts of lane `lane` of A by n (0..63) into R.
function i64Shl(lane: number, n: number): void {
  const lo = a32[2 * lane], hi = a32[2 * lane + 1];
  if (n === 0) writeI64Lane(lane, lo, hi);
  else if (n < 32) writeI64Lane(lane, lo << n, (hi << n) | (lo >>> (32 - n)));
  else writeI64Lane(lane, 0, lo << (n - 32));
}
function i64ShrS(lane: number, n: number): void {
  const lo = a32[2 * lane], hi = a32[2 * lane + 1];
  if (n === 0) writeI64Lane(lane, lo, hi);
  else if (n < 32) writeI64Lane(lane, (lo >>> n) | (hi << (32 - n)), hi >> n);
  else writeI64Lane(lane, hi >> (n - 32), hi >> 31);
}
function i64ShrU(lane: number, n: number): void {
  const lo = a32[2 * lane], hi = a32[2 * lane + 1];
  if (n === 0) writeI64Lane(lane, lo, hi);
  else if (n < 32) writeI64Lane(lane, (lo >>> n) | (hi << (32 - n)), hi >>> n);
  else writeI64Lane(lane, hi >>> (n - 32), 0);
}

// ---------------------------------------------------------------------------------------------
// the shapes

function unary(op: number): void {
  switch (op) {
    case 0x4d: for (let k = 0; k < 4; k++) r32[k] = ~a32[k]; break; // v128.not
    case 0x5e: // f32x4.demote_f64x2_zero
      for (let k = 0; k < 2; k++) { const x = af64[k]; rf32[k] = x !== x ? NaN : x; }
      r32[2] = 0; r32[3] = 0;
      break;
    case 0x5f: // f64x2.promote_low_f32x4
      for (let k = 0; k < 2; k++) { const x = af32[k]; rf64[k] = x !== x ? NaN : x; }
      break;
    case 0x60: for (let k = 0; k < 16; k++) r8[k] = a8[k] < 0 ? -a8[k] : a8[k]; break; // i8x16.abs (-128 stays)
    case 0x61: for (let k = 0; k < 16; k++) r8[k] = -a8[k]; break; // i8x16.neg
    case 0x62: for (let k = 0; k < 16; k++) ru8[k] = popcnt8(au8[k]); break; // i8x16.popcnt
    case 0x67: for (let k = 0; k < 4; k++) { const x = af32[k]; rf32[k] = x !== x ? NaN : Math.ceil(x); } break; // f32x4.ceil
    case 0x68: for (let k = 0; k < 4; k++) { const x = af32[k]; rf32[k] = x !== x ? NaN : Math.floor(x); } break; // f32x4.floor
    case 0x69: for (let k = 0; k < 4; k++) { const x = af32[k]; rf32[k] = x !== x ? NaN : Math.trunc(x); } break; // f32x4.trunc
    case 0x6a: for (let k = 0; k < 4; k++) rf32[k] = nearest(af32[k]); break; // f32x4.nearest
    case 0x74: for (let k = 0; k < 2; k++) { const x = af64[k]; rf64[k] = x !== x ? NaN : Math.ceil(x); } break; // f64x2.ceil
    case 0x75: for (let k = 0; k < 2; k++) { const x = af64[k]; rf64[k] = x !== x ? NaN : Math.floor(x); } break; // f64x2.floor
    case 0x7a: for (let k = 0; k < 2; k++) { const x = af64[k]; rf64[k] = x !== x ? NaN : Math.trunc(x); } break; // f64x2.trunc
    case 0x94: for (let k = 0; k < 2; k++) rf64[k] = nearest(af64[k]); break; // f64x2.nearest
    case 0x7c: for (let k = 0; k < 8; k++) r16[k] = a8[2 * k] + a8[2 * k + 1]; break; // i16x8.extadd_pairwise_i8x16_s
    case 0x7d: for (let k = 0; k < 8; k++) r16[k] = au8[2 * k] + au8[2 * k + 1]; break; // i16x8.extadd_pairwise_i8x16_u
    case 0x7e: for (let k = 0; k < 4; k++) r32[k] = a16[2 * k] + a16[2 * k + 1]; break; // i32x4.extadd_pairwise_i16x8_s
    case 0x7f: for (let k = 0; k < 4; k++) r32[k] = au16[2 * k] + au16[2 * k + 1]; break; // i32x4.extadd_pairwise_i16x8_u
    case 0x80: for (let k = 0; k < 8; k++) r16[k] = a16[k] < 0 ? -a16[k] : a16[k]; break; // i16x8.abs
    case 0x81: for (let k = 0; k < 8; k++) r16[k] = -a16[k]; break; // i16x8.neg
    case 0x87: for (let k = 0; k < 8; k++) r16[k] = a8[k]; break; // i16x8.extend_low_i8x16_s
    case 0x88: for (let k = 0; k < 8; k++) r16[k] = a8[k + 8]; break; // i16x8.extend_high_i8x16_s
    case 0x89: for (let k = 0; k < 8; k++) r16[k] = au8[k]; break; // i16x8.extend_low_i8x16_u
    case 0x8a: for (let k = 0; k < 8; k++) r16[k] = au8[k + 8]; break; // i16x8.extend_high_i8x16_u
    case 0xa0: for (let k = 0; k < 4; k++) r32[k] = a32[k] < 0 ? -a32[k] : a32[k]; break; // i32x4.abs (wraps at min)
    case 0xa1: for (let k = 0; k < 4; k++) r32[k] = -a32[k]; break; // i32x4.neg
    case 0xa7: for (let k = 0; k < 4; k++) r32[k] = a16[k]; break; // i32x4.extend_low_i16x8_s
    case 0xa8: for (let k = 0; k < 4; k++) r32[k] = a16[k + 4]; break; // i32x4.extend_high_i16x8_s
    case 0xa9: for (let k = 0; k < 4; k++) r32[k] = au16[k]; break; // i32x4.extend_low_i16x8_u
    case 0xaa: for (let k = 0; k < 4; k++) r32[k] = au16[k + 4]; break; // i32x4.extend_high_i16x8_u
    case 0xc0: // i64x2.abs
    case 0xc1: // i64x2.neg
      for (let k = 0; k < 2; k++) {
        const lo = a32[2 * k], hi = a32[2 * k + 1];
        if (op === 0xc0 && hi >= 0) writeI64Lane(k, lo, hi);
        else writeI64Lane(k, -lo | 0, (~hi + (lo === 0 ? 1 : 0)) | 0);
      }
      break;
    case 0xc7: for (let k = 0; k < 2; k++) writeI64Lane(k, a32[k], a32[k] >> 31); break; // i64x2.extend_low_i32x4_s
    case 0xc8: for (let k = 0; k < 2; k++) writeI64Lane(k, a32[k + 2], a32[k + 2] >> 31); break; // i64x2.extend_high_i32x4_s
    case 0xc9: for (let k = 0; k < 2; k++) writeI64Lane(k, a32[k], 0); break; // i64x2.extend_low_i32x4_u
    case 0xca: for (let k = 0; k < 2; k++) writeI64Lane(k, a32[k + 2], 0); break; // i64x2.extend_high_i32x4_u
    // Sign-bit operations on the raw bits, so NaN payloads pass unchanged.
    case 0xe0: for (let k = 0; k < 4; k++) r32[k] = a32[k] & 0x7fffffff; break; // f32x4.abs
    case 0xe1: for (let k = 0; k < 4; k++) r32[k] = a32[k] ^ -0x80000000; break; // f32x4.neg
    case 0xec: r32[0] = a32[0]; r32[2] = a32[2]; r32[1] = a32[1] & 0x7fffffff; r32[3] = a32[3] & 0x7fffffff; break; // f64x2.abs
    case 0xed: r32[0] = a32[0]; r32[2] = a32[2]; r32[1] = a32[1] ^ -0x80000000; r32[3] = a32[3] ^ -0x80000000; break; // f64x2.neg
    // Double rounding through f64 is innocuous for f32 sqrt (53 ≥ 2·24 + 2).
    case 0xe3: for (let k = 0; k < 4; k++) rf32[k] = Math.sqrt(af32[k]); break; // f32x4.sqrt
    case 0xef: for (let k = 0; k < 2; k++) rf64[k] = Math.sqrt(af64[k]); break; // f64x2.sqrt
    case 0xf8: for (let k = 0; k < 4; k++) r32[k] = truncSatS(af32[k]); break; // i32x4.trunc_sat_f32x4_s
    case 0xf9: for (let k = 0; k < 4; k++) r32[k] = truncSatU(af32[k]); break; // i32x4.trunc_sat_f32x4_u
    // An i32 or u32 is exact as a double, so the store into the f32 lane rounds once (ties to even).
    case 0xfa: for (let k = 0; k < 4; k++) rf32[k] = a32[k]; break; // f32x4.convert_i32x4_s
    case 0xfb: for (let k = 0; k < 4; k++) rf32[k] = au32[k]; break; // f32x4.convert_i32x4_u
    case 0xfc: r32[0] = truncSatS(af64[0]); r32[1] = truncSatS(af64[1]); r32[2] = 0; r32[3] = 0; break; // i32x4.trunc_sat_f64x2_s_zero
    case 0xfd: r32[0] = truncSatU(af64[0]); r32[1] = truncSatU(af64[1]); r32[2] = 0; r32[3] = 0; break; // i32x4.trunc_sat_f64x2_u_zero
    case 0xfe: rf64[0] = a32[0]; rf64[1] = a32[1]; break; // f64x2.convert_low_i32x4_s
    case 0xff: rf64[0] = au32[0]; rf64[1] = au32[1]; break; // f64x2.convert_low_i32x4_u
    default: throw new Error(`simd: 0xfd${op.toString(16)} is not a unary op`);
  }
}

function binary(op: number): void {
  switch (op) {
    case 0x0e: for (let k = 0; k < 16; k++) { const i = bu8[k]; ru8[k] = i < 16 ? au8[i] : 0; } break; // i8x16.swizzle
    // comparisons: all-ones lanes for true
    case 0x23: for (let k = 0; k < 16; k++) r8[k] = a8[k] === b8[k] ? -1 : 0; break; // i8x16.eq
    case 0x24: for (let k = 0; k < 16; k++) r8[k] = a8[k] !== b8[k] ? -1 : 0; break; // i8x16.ne
    case 0x25: for (let k = 0; k < 16; k++) r8[k] = a8[k] < b8[k] ? -1 : 0; break; // i8x16.lt_s
    case 0x26: for (let k = 0; k < 16; k++) r8[k] = au8[k] < bu8[k] ? -1 : 0; break; // i8x16.lt_u
    case 0x27: for (let k = 0; k < 16; k++) r8[k] = a8[k] > b8[k] ? -1 : 0; break; // i8x16.gt_s
    case 0x28: for (let k = 0; k < 16; k++) r8[k] = au8[k] > bu8[k] ? -1 : 0; break; // i8x16.gt_u
    case 0x29: for (let k = 0; k < 16; k++) r8[k] = a8[k] <= b8[k] ? -1 : 0; break; // i8x16.le_s
    case 0x2a: for (let k = 0; k < 16; k++) r8[k] = au8[k] <= bu8[k] ? -1 : 0; break; // i8x16.le_u
    case 0x2b: for (let k = 0; k < 16; k++) r8[k] = a8[k] >= b8[k] ? -1 : 0; break; // i8x16.ge_s
    case 0x2c: for (let k = 0; k < 16; k++) r8[k] = au8[k] >= bu8[k] ? -1 : 0; break; // i8x16.ge_u
    case 0x2d: for (let k = 0; k < 8; k++) r16[k] = a16[k] === b16[k] ? -1 : 0; break; // i16x8.eq
    case 0x2e: for (let k = 0; k < 8; k++) r16[k] = a16[k] !== b16[k] ? -1 : 0; break; // i16x8.ne
    case 0x2f: for (let k = 0; k < 8; k++) r16[k] = a16[k] < b16[k] ? -1 : 0; break; // i16x8.lt_s
    case 0x30: for (let k = 0; k < 8; k++) r16[k] = au16[k] < bu16[k] ? -1 : 0; break; // i16x8.lt_u
    case 0x31: for (let k = 0; k < 8; k++) r16[k] = a16[k] > b16[k] ? -1 : 0; break; // i16x8.gt_s
    case 0x32: for (let k = 0; k < 8; k++) r16[k] = au16[k] > bu16[k] ? -1 : 0; break; // i16x8.gt_u
    case 0x33: for (let k = 0; k < 8; k++) r16[k] = a16[k] <= b16[k] ? -1 : 0; break; // i16x8.le_s
    case 0x34: for (let k = 0; k < 8; k++) r16[k] = au16[k] <= bu16[k] ? -1 : 0; break; // i16x8.le_u
    case 0x35: for (let k = 0; k < 8; k++) r16[k] = a16[k] >= b16[k] ? -1 : 0; break; // i16x8.ge_s
    case 0x36: for (let k = 0; k < 8; k++) r16[k] = au16[k] >= bu16[k] ? -1 : 0; break; // i16x8.ge_u
    case 0x37: for (let k = 0; k < 4; k++) r32[k] = a32[k] === b32[k] ? -1 : 0; break; // i32x4.eq
    case 0x38: for (let k = 0; k < 4; k++) r32[k] = a32[k] !== b32[k] ? -1 : 0; break; // i32x4.ne
    case 0x39: for (let k = 0; k < 4; k++) r32[k] = a32[k] < b32[k] ? -1 : 0; break; // i32x4.lt_s
    case 0x3a: for (let k = 0; k < 4; k++) r32[k] = au32[k] < bu32[k] ? -1 : 0; break; // i32x4.lt_u
    case 0x3b: for (let k = 0; k < 4; k++) r32[k] = a32[k] > b32[k] ? -1 : 0; break; // i32x4.gt_s
    case 0x3c: for (let k = 0; k < 4; k++) r32[k] = au32[k] > bu32[k] ? -1 : 0; break; // i32x4.gt_u
    case 0x3d: for (let k = 0; k < 4; k++) r32[k] = a32[k] <= b32[k] ? -1 : 0; break; // i32x4.le_s
    case 0x3e: for (let k = 0; k < 4; k++) r32[k] = au32[k] <= bu32[k] ? -1 : 0; break; // i32x4.le_u
    case 0x3f: for (let k = 0; k < 4; k++) r32[k] = a32[k] >= b32[k] ? -1 : 0; break; // i32x4.ge_s
    case 0x40: for (let k = 0; k < 4; k++) r32[k] = au32[k] >= bu32[k] ? -1 : 0; break; // i32x4.ge_u
    // float comparisons: JS comparisons are already false on NaN (ne true)
    case 0x41: for (let k = 0; k < 4; k++) r32[k] = af32[k] === bf32[k] ? -1 : 0; break; // f32x4.eq
    case 0x42: for (let k = 0; k < 4; k++) r32[k] = af32[k] !== bf32[k] ? -1 : 0; break; // f32x4.ne
    case 0x43: for (let k = 0; k < 4; k++) r32[k] = af32[k] < bf32[k] ? -1 : 0; break; // f32x4.lt
    case 0x44: for (let k = 0; k < 4; k++) r32[k] = af32[k] > bf32[k] ? -1 : 0; break; // f32x4.gt
    case 0x45: for (let k = 0; k < 4; k++) r32[k] = af32[k] <= bf32[k] ? -1 : 0; break; // f32x4.le
    case 0x46: for (let k = 0; k < 4; k++) r32[k] = af32[k] >= bf32[k] ? -1 : 0; break; // f32x4.ge
    case 0x47: for (let k = 0; k < 2; k++) { const t = af64[k] === bf64[k] ? -1 : 0; r32[2 * k] = t; r32[2 * k + 1] = t; } break; // f64x2.eq
    case 0x48: for (let k = 0; k < 2; k++) { const t = af64[k] !== bf64[k] ? -1 : 0; r32[2 * k] = t; r32[2 * k + 1] = t; } break; // f64x2.ne
    case 0x49: for (let k = 0; k < 2; k++) { const t = af64[k] < bf64[k] ? -1 : 0; r32[2 * k] = t; r32[2 * k + 1] = t; } break; // f64x2.lt
    case 0x4a: for (let k = 0; k < 2; k++) { const t = af64[k] > bf64[k] ? -1 : 0; r32[2 * k] = t; r32[2 * k + 1] = t; } break; // f64x2.gt
    case 0x4b: for (let k = 0; k < 2; k++) { const t = af64[k] <= bf64[k] ? -1 : 0; r32[2 * k] = t; r32[2 * k + 1] = t; } break; // f64x2.le
    case 0x4c: for (let k = 0; k < 2; k++) { const t = af64[k] >= bf64[k] ? -1 : 0; r32[2 * k] = t; r32[2 * k + 1] = t; } break; // f64x2.ge
    // bitwise
    case 0x4e: for (let k = 0; k < 4; k++) r32[k] = a32[k] & b32[k]; break; // v128.and
    case 0x4f: for (let k = 0; k < 4; k++) r32[k] = a32[k] & ~b32[k]; break; // v128.andnot
    case 0x50: for (let k = 0; k < 4; k++) r32[k] = a32[k] | b32[k]; break; // v128.or
    case 0x51: for (let k = 0; k < 4; k++) r32[k] = a32[k] ^ b32[k]; break; // v128.xor
    // narrowing: a's lanes first, then b's, each saturated
    case 0x65: for (let k = 0; k < 8; k++) { r8[k] = satS8(a16[k]); r8[k + 8] = satS8(b16[k]); } break; // i8x16.narrow_i16x8_s
    case 0x66: for (let k = 0; k < 8; k++) { ru8[k] = satU8(a16[k]); ru8[k + 8] = satU8(b16[k]); } break; // i8x16.narrow_i16x8_u
    case 0x85: for (let k = 0; k < 4; k++) { r16[k] = satS16(a32[k]); r16[k + 4] = satS16(b32[k]); } break; // i16x8.narrow_i32x4_s
    case 0x86: for (let k = 0; k < 4; k++) { ru16[k] = satU16(a32[k]); ru16[k + 4] = satU16(b32[k]); } break; // i16x8.narrow_i32x4_u
    // i8x16 arithmetic (stores into the typed lanes wrap modulo 2^8)
    case 0x6e: for (let k = 0; k < 16; k++) r8[k] = a8[k] + b8[k]; break; // i8x16.add
    case 0x6f: for (let k = 0; k < 16; k++) r8[k] = satS8(a8[k] + b8[k]); break; // i8x16.add_sat_s
    case 0x70: for (let k = 0; k < 16; k++) ru8[k] = satU8(au8[k] + bu8[k]); break; // i8x16.add_sat_u
    case 0x71: for (let k = 0; k < 16; k++) r8[k] = a8[k] - b8[k]; break; // i8x16.sub
    case 0x72: for (let k = 0; k < 16; k++) r8[k] = satS8(a8[k] - b8[k]); break; // i8x16.sub_sat_s
    case 0x73: for (let k = 0; k < 16; k++) ru8[k] = satU8(au8[k] - bu8[k]); break; // i8x16.sub_sat_u
    case 0x76: for (let k = 0; k < 16; k++) r8[k] = a8[k] < b8[k] ? a8[k] : b8[k]; break; // i8x16.min_s
    case 0x77: for (let k = 0; k < 16; k++) ru8[k] = au8[k] < bu8[k] ? au8[k] : bu8[k]; break; // i8x16.min_u
    case 0x78: for (let k = 0; k < 16; k++) r8[k] = a8[k] > b8[k] ? a8[k] : b8[k]; break; // i8x16.max_s
    case 0x79: for (let k = 0; k < 16; k++) ru8[k] = au8[k] > bu8[k] ? au8[k] : bu8[k]; break; // i8x16.max_u
    case 0x7b: for (let k = 0; k < 16; k++) ru8[k] = (au8[k] + bu8[k] + 1) >>> 1; break; // i8x16.avgr_u
    // i16x8 arithmetic
    case 0x82: // i16x8.q15mulr_sat_s: (a·b + 2^14) >> 15; only -32768·-32768 overflows
      for (let k = 0; k < 8; k++) r16[k] = satS16((a16[k] * b16[k] + 0x4000) >> 15);
      break;
    case 0x8e: for (let k = 0; k < 8; k++) r16[k] = a16[k] + b16[k]; break; // i16x8.add
    case 0x8f: for (let k = 0; k < 8; k++) r16[k] = satS16(a16[k] + b16[k]); break; // i16x8.add_sat_s
    case 0x90: for (let k = 0; k < 8; k++) ru16[k] = satU16(au16[k] + bu16[k]); break; // i16x8.add_sat_u
    case 0x91: for (let k = 0; k < 8; k++) r16[k] = a16[k] - b16[k]; break; // i16x8.sub
    case 0x92: for (let k = 0; k < 8; k++) r16[k] = satS16(a16[k] - b16[k]); break; // i16x8.sub_sat_s
    case 0x93: for (let k = 0; k < 8; k++) ru16[k] = satU16(au16[k] - bu16[k]); break; // i16x8.sub_sat_u
    case 0x95: for (let k = 0; k < 8; k++) r16[k] = Math.imul(a16[k], b16[k]); break; // i16x8.mul
    case 0x96: for (let k = 0; k < 8; k++) r16[k] = a16[k] < b16[k] ? a16[k] : b16[k]; break; // i16x8.min_s
    case 0x97: for (let k = 0; k < 8; k++) ru16[k] = au16[k] < bu16[k] ? au16[k] : bu16[k]; break; // i16x8.min_u
    case 0x98: for (let k = 0; k < 8; k++) r16[k] = a16[k] > b16[k] ? a16[k] : b16[k]; break; // i16x8.max_s
    case 0x99: for (let k = 0; k < 8; k++) ru16[k] = au16[k] > bu16[k] ? au16[k] : bu16[k]; break; // i16x8.max_u
    case 0x9b: for (let k = 0; k < 8; k++) ru16[k] = (au16[k] + bu16[k] + 1) >>> 1; break; // i16x8.avgr_u
    case 0x9c: for (let k = 0; k < 8; k++) r16[k] = a8[k] * b8[k]; break; // i16x8.extmul_low_i8x16_s
    case 0x9d: for (let k = 0; k < 8; k++) r16[k] = a8[k + 8] * b8[k + 8]; break; // i16x8.extmul_high_i8x16_s
    case 0x9e: for (let k = 0; k < 8; k++) r16[k] = au8[k] * bu8[k]; break; // i16x8.extmul_low_i8x16_u
    case 0x9f: for (let k = 0; k < 8; k++) r16[k] = au8[k + 8] * bu8[k + 8]; break; // i16x8.extmul_high_i8x16_u
    // i32x4 arithmetic
    case 0xae: for (let k = 0; k < 4; k++) r32[k] = a32[k] + b32[k]; break; // i32x4.add
    case 0xb1: for (let k = 0; k < 4; k++) r32[k] = a32[k] - b32[k]; break; // i32x4.sub
    case 0xb5: for (let k = 0; k < 4; k++) r32[k] = Math.imul(a32[k], b32[k]); break; // i32x4.mul
    case 0xb6: for (let k = 0; k < 4; k++) r32[k] = a32[k] < b32[k] ? a32[k] : b32[k]; break; // i32x4.min_s
    case 0xb7: for (let k = 0; k < 4; k++) r32[k] = au32[k] < bu32[k] ? a32[k] : b32[k]; break; // i32x4.min_u
    case 0xb8: for (let k = 0; k < 4; k++) r32[k] = a32[k] > b32[k] ? a32[k] : b32[k]; break; // i32x4.max_s
    case 0xb9: for (let k = 0; k < 4; k++) r32[k] = au32[k] > bu32[k] ? a32[k] : b32[k]; break; // i32x4.max_u
    case 0xba: // i32x4.dot_i16x8_s: the one overflowing sum (2·2^30) wraps to -2^31 on the store
      for (let k = 0; k < 4; k++) r32[k] = a16[2 * k] * b16[2 * k] + a16[2 * k + 1] * b16[2 * k + 1];
      break;
    // Products of 16-bit lanes are < 2^32, exact as doubles; the store wraps them modulo 2^32.
    case 0xbc: for (let k = 0; k < 4; k++) r32[k] = a16[k] * b16[k]; break; // i32x4.extmul_low_i16x8_s
    case 0xbd: for (let k = 0; k < 4; k++) r32[k] = a16[k + 4] * b16[k + 4]; break; // i32x4.extmul_high_i16x8_s
    case 0xbe: for (let k = 0; k < 4; k++) r32[k] = au16[k] * bu16[k]; break; // i32x4.extmul_low_i16x8_u
    case 0xbf: for (let k = 0; k < 4; k++) r32[k] = au16[k + 4] * bu16[k + 4]; break; // i32x4.extmul_high_i16x8_u
    // i64x2 on 32-bit halves
    case 0xce: // i64x2.add
      for (let k = 0; k < 2; k++) {
        const alo = a32[2 * k], blo = b32[2 * k];
        const lo = (alo + blo) | 0;
        const carry = (lo >>> 0) < (alo >>> 0) ? 1 : 0;
        writeI64Lane(k, lo, (a32[2 * k + 1] + b32[2 * k + 1] + carry) | 0);
      }
      break;
    case 0xd1: // i64x2.sub
      for (let k = 0; k < 2; k++) {
        const alo = a32[2 * k], blo = b32[2 * k];
        const borrow = (alo >>> 0) < (blo >>> 0) ? 1 : 0;
        writeI64Lane(k, (alo - blo) | 0, (a32[2 * k + 1] - b32[2 * k + 1] - borrow) | 0);
      }
      break;
    case 0xd5: // i64x2.mul: low 64 bits of the product; the cross terms only reach the high word
      for (let k = 0; k < 2; k++) {
        const alo = a32[2 * k], ahi = a32[2 * k + 1], blo = b32[2 * k], bhi = b32[2 * k + 1];
        mulU32Wide(alo >>> 0, blo >>> 0);
        writeI64Lane(k, productLo, (productHi + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0);
      }
      break;
    case 0xd6: for (let k = 0; k < 2; k++) { const t = a32[2 * k] === b32[2 * k] && a32[2 * k + 1] === b32[2 * k + 1] ? -1 : 0; writeI64Lane(k, t, t); } break; // i64x2.eq
    case 0xd7: for (let k = 0; k < 2; k++) { const t = a32[2 * k] !== b32[2 * k] || a32[2 * k + 1] !== b32[2 * k + 1] ? -1 : 0; writeI64Lane(k, t, t); } break; // i64x2.ne
    case 0xd8: for (let k = 0; k < 2; k++) { const t = i64LtS(a32[2 * k], a32[2 * k + 1], b32[2 * k], b32[2 * k + 1]) ? -1 : 0; writeI64Lane(k, t, t); } break; // i64x2.lt_s
    case 0xd9: for (let k = 0; k < 2; k++) { const t = i64LtS(b32[2 * k], b32[2 * k + 1], a32[2 * k], a32[2 * k + 1]) ? -1 : 0; writeI64Lane(k, t, t); } break; // i64x2.gt_s
    case 0xda: for (let k = 0; k < 2; k++) { const t = i64LtS(b32[2 * k], b32[2 * k + 1], a32[2 * k], a32[2 * k + 1]) ? 0 : -1; writeI64Lane(k, t, t); } break; // i64x2.le_s
    case 0xdb: for (let k = 0; k < 2; k++) { const t = i64LtS(a32[2 * k], a32[2 * k + 1], b32[2 * k], b32[2 * k + 1]) ? 0 : -1; writeI64Lane(k, t, t); } break; // i64x2.ge_s
    case 0xdc: for (let k = 0; k < 2; k++) { mulS32Wide(a32[k], b32[k]); writeI64Lane(k, productLo, productHi); } break; // i64x2.extmul_low_i32x4_s
    case 0xdd: for (let k = 0; k < 2; k++) { mulS32Wide(a32[k + 2], b32[k + 2]); writeI64Lane(k, productLo, productHi); } break; // i64x2.extmul_high_i32x4_s
    case 0xde: for (let k = 0; k < 2; k++) { mulU32Wide(au32[k], bu32[k]); writeI64Lane(k, productLo, productHi); } break; // i64x2.extmul_low_i32x4_u
    case 0xdf: for (let k = 0; k < 2; k++) { mulU32Wide(au32[k + 2], bu32[k + 2]); writeI64Lane(k, productLo, productHi); } break; // i64x2.extmul_high_i32x4_u
    // f32x4 arithmetic: an f64 operation on exact f32 inputs then one rounding on the f32 store is
    // correctly rounded for + - * / (53 ≥ 2·24 + 2).
    case 0xe4: for (let k = 0; k < 4; k++) rf32[k] = af32[k] + bf32[k]; break; // f32x4.add
    case 0xe5: for (let k = 0; k < 4; k++) rf32[k] = af32[k] - bf32[k]; break; // f32x4.sub
    case 0xe6: for (let k = 0; k < 4; k++) rf32[k] = af32[k] * bf32[k]; break; // f32x4.mul
    case 0xe7: for (let k = 0; k < 4; k++) rf32[k] = af32[k] / bf32[k]; break; // f32x4.div
    case 0xe8: for (let k = 0; k < 4; k++) rf32[k] = fmin(af32[k], bf32[k]); break; // f32x4.min
    case 0xe9: for (let k = 0; k < 4; k++) rf32[k] = fmax(af32[k], bf32[k]); break; // f32x4.max
    // pmin/pmax select an operand's exact bits (no NaN propagation): pmin = b < a ? b : a.
    case 0xea: for (let k = 0; k < 4; k++) r32[k] = bf32[k] < af32[k] ? b32[k] : a32[k]; break; // f32x4.pmin
    case 0xeb: for (let k = 0; k < 4; k++) r32[k] = af32[k] < bf32[k] ? b32[k] : a32[k]; break; // f32x4.pmax
    case 0xf0: for (let k = 0; k < 2; k++) rf64[k] = af64[k] + bf64[k]; break; // f64x2.add
    case 0xf1: for (let k = 0; k < 2; k++) rf64[k] = af64[k] - bf64[k]; break; // f64x2.sub
    case 0xf2: for (let k = 0; k < 2; k++) rf64[k] = af64[k] * bf64[k]; break; // f64x2.mul
    case 0xf3: for (let k = 0; k < 2; k++) rf64[k] = af64[k] / bf64[k]; break; // f64x2.div
    case 0xf4: for (let k = 0; k < 2; k++) rf64[k] = fmin(af64[k], bf64[k]); break; // f64x2.min
    case 0xf5: for (let k = 0; k < 2; k++) rf64[k] = fmax(af64[k], bf64[k]); break; // f64x2.max
    case 0xf6: // f64x2.pmin
      for (let k = 0; k < 2; k++) {
        const fromB = bf64[k] < af64[k];
        r32[2 * k] = fromB ? b32[2 * k] : a32[2 * k]; r32[2 * k + 1] = fromB ? b32[2 * k + 1] : a32[2 * k + 1];
      }
      break;
    case 0xf7: // f64x2.pmax
      for (let k = 0; k < 2; k++) {
        const fromB = af64[k] < bf64[k];
        r32[2 * k] = fromB ? b32[2 * k] : a32[2 * k]; r32[2 * k + 1] = fromB ? b32[2 * k + 1] : a32[2 * k + 1];
      }
      break;
    default: throw new Error(`simd: 0xfd${op.toString(16)} is not a binary op`);
  }
}

/** Shifts of A by `count` into R; the count is taken modulo the lane width. */
function shift(op: number, count: number): void {
  switch (op) {
    case 0x6b: { const n = count & 7; for (let k = 0; k < 16; k++) r8[k] = a8[k] << n; break; } // i8x16.shl
    case 0x6c: { const n = count & 7; for (let k = 0; k < 16; k++) r8[k] = a8[k] >> n; break; } // i8x16.shr_s
    case 0x6d: { const n = count & 7; for (let k = 0; k < 16; k++) ru8[k] = au8[k] >>> n; break; } // i8x16.shr_u
    case 0x8b: { const n = count & 15; for (let k = 0; k < 8; k++) r16[k] = a16[k] << n; break; } // i16x8.shl
    case 0x8c: { const n = count & 15; for (let k = 0; k < 8; k++) r16[k] = a16[k] >> n; break; } // i16x8.shr_s
    case 0x8d: { const n = count & 15; for (let k = 0; k < 8; k++) ru16[k] = au16[k] >>> n; break; } // i16x8.shr_u
    // JS shifts already take the count modulo 32
    case 0xab: for (let k = 0; k < 4; k++) r32[k] = a32[k] << count; break; // i32x4.shl
    case 0xac: for (let k = 0; k < 4; k++) r32[k] = a32[k] >> count; break; // i32x4.shr_s
    case 0xad: for (let k = 0; k < 4; k++) r32[k] = a32[k] >>> count; break; // i32x4.shr_u
    case 0xcb: i64Shl(0, count & 63); i64Shl(1, count & 63); break; // i64x2.shl
    case 0xcc: i64ShrS(0, count & 63); i64ShrS(1, count & 63); break; // i64x2.shr_s
    case 0xcd: i64ShrU(0, count & 63); i64ShrU(1, count & 63); break; // i64x2.shr_u
    default: throw new Error(`simd: 0xfd${op.toString(16)} is not a shift`);
  }
}

// ---------------------------------------------------------------------------------------------
// entry points

/**
 * Executes one non-memory SIMD instruction in place on the value stack (see the file header for
 * the operand/result layout and the immediates). Returns the new stack pointer in slots.
 */
export function simdExec(op: number, words: Int32Array, sp: number, code: Int32Array, pc: number): number {
  const sub = op & 0xff;
  switch (sub) {
    case 0x0c: { // v128.const
      const w = 2 * sp;
      words[w] = code[pc]; words[w + 1] = code[pc + 1]; words[w + 2] = code[pc + 2]; words[w + 3] = code[pc + 3];
      return sp + 2;
    }
    case 0x0d: { // i8x16.shuffle: immediate byte k selects byte k of the result from a ‖ b
      const w = 2 * (sp - 4);
      loadA(words, w); loadB(words, w + 4);
      c32[0] = code[pc]; c32[1] = code[pc + 1]; c32[2] = code[pc + 2]; c32[3] = code[pc + 3];
      const sel = cu8;
      for (let k = 0; k < 16; k++) { const i = sel[k]; ru8[k] = i < 16 ? au8[i] : bu8[i & 15]; }
      storeR(words, w);
      return sp - 2;
    }
    // The most frequent binary ops, straight on the stack words (no trip through binary()).
    case 0xae: { const w = 2 * (sp - 4); words[w] = (words[w] + words[w + 4]) | 0; words[w + 1] = (words[w + 1] + words[w + 5]) | 0; words[w + 2] = (words[w + 2] + words[w + 6]) | 0; words[w + 3] = (words[w + 3] + words[w + 7]) | 0; return sp - 2; } // i32x4.add
    case 0xb5: { const w = 2 * (sp - 4); words[w] = Math.imul(words[w], words[w + 4]); words[w + 1] = Math.imul(words[w + 1], words[w + 5]); words[w + 2] = Math.imul(words[w + 2], words[w + 6]); words[w + 3] = Math.imul(words[w + 3], words[w + 7]); return sp - 2; } // i32x4.mul
    case 0x4e: { const w = 2 * (sp - 4); words[w] &= words[w + 4]; words[w + 1] &= words[w + 5]; words[w + 2] &= words[w + 6]; words[w + 3] &= words[w + 7]; return sp - 2; } // v128.and
    case 0x50: { const w = 2 * (sp - 4); words[w] |= words[w + 4]; words[w + 1] |= words[w + 5]; words[w + 2] |= words[w + 6]; words[w + 3] |= words[w + 7]; return sp - 2; } // v128.or
    case 0x51: { const w = 2 * (sp - 4); words[w] ^= words[w + 4]; words[w + 1] ^= words[w + 5]; words[w + 2] ^= words[w + 6]; words[w + 3] ^= words[w + 7]; return sp - 2; } // v128.xor
    case 0xe4: { // f32x4.add
      const w = 2 * (sp - 4);
      const f = f32Of(words);
      f[w] = f[w] + f[w + 4]; f[w + 1] = f[w + 1] + f[w + 5]; f[w + 2] = f[w + 2] + f[w + 6]; f[w + 3] = f[w + 3] + f[w + 7];
      return sp - 2;
    }
    case 0xe6: { // f32x4.mul
      const w = 2 * (sp - 4);
      const f = f32Of(words);
      f[w] = f[w] * f[w + 4]; f[w + 1] = f[w + 1] * f[w + 5]; f[w + 2] = f[w + 2] * f[w + 6]; f[w + 3] = f[w + 3] * f[w + 7];
      return sp - 2;
    }
    // splats: the scalar is read before the wider result overwrites its slot
    case 0x0f: { const w = 2 * (sp - 1); const x = words[w] & 0xff; const x4 = x | (x << 8) | (x << 16) | (x << 24); words[w] = x4; words[w + 1] = x4; words[w + 2] = x4; words[w + 3] = x4; return sp + 1; } // i8x16.splat
    case 0x10: { const w = 2 * (sp - 1); const x = words[w] & 0xffff; const x2 = x | (x << 16); words[w] = x2; words[w + 1] = x2; words[w + 2] = x2; words[w + 3] = x2; return sp + 1; } // i16x8.splat
    case 0x11: // i32x4.splat
    case 0x13: { const w = 2 * (sp - 1); const x = words[w]; words[w + 1] = x; words[w + 2] = x; words[w + 3] = x; return sp + 1; } // f32x4.splat (raw bits)
    case 0x12: // i64x2.splat
    case 0x14: { const w = 2 * (sp - 1); words[w + 2] = words[w]; words[w + 3] = words[w + 1]; return sp + 1; } // f64x2.splat (raw bits)
    // extract_lane: v at sp-2, scalar result into slot sp-2
    case 0x15: { const w = 2 * (sp - 2); loadA(words, w); words[w] = a8[code[pc] & 15]; words[w + 1] = 0; return sp - 1; } // i8x16.extract_lane_s
    case 0x16: { const w = 2 * (sp - 2); loadA(words, w); words[w] = au8[code[pc] & 15]; words[w + 1] = 0; return sp - 1; } // i8x16.extract_lane_u
    case 0x18: { const w = 2 * (sp - 2); loadA(words, w); words[w] = a16[code[pc] & 7]; words[w + 1] = 0; return sp - 1; } // i16x8.extract_lane_s
    case 0x19: { const w = 2 * (sp - 2); loadA(words, w); words[w] = au16[code[pc] & 7]; words[w + 1] = 0; return sp - 1; } // i16x8.extract_lane_u
    case 0x1b: // i32x4.extract_lane
    case 0x1f: { const w = 2 * (sp - 2); words[w] = words[w + (code[pc] & 3)]; words[w + 1] = 0; return sp - 1; } // f32x4.extract_lane (raw bits)
    case 0x1d: // i64x2.extract_lane
    case 0x21: { const w = 2 * (sp - 2); const from = w + 2 * (code[pc] & 1); words[w] = words[from]; words[w + 1] = words[from + 1]; return sp - 1; } // f64x2.extract_lane
    // replace_lane: v at sp-3, scalar at sp-1, result into sp-3
    case 0x17: { const w = 2 * (sp - 3); loadA(words, w); a8[code[pc] & 15] = words[w + 4]; words[w + ((code[pc] & 15) >> 2)] = a32[(code[pc] & 15) >> 2]; return sp - 1; } // i8x16.replace_lane
    case 0x1a: { const w = 2 * (sp - 3); loadA(words, w); a16[code[pc] & 7] = words[w + 4]; words[w + ((code[pc] & 7) >> 1)] = a32[(code[pc] & 7) >> 1]; return sp - 1; } // i16x8.replace_lane
    case 0x1c: // i32x4.replace_lane
    case 0x20: { const w = 2 * (sp - 3); words[w + (code[pc] & 3)] = words[w + 4]; return sp - 1; } // f32x4.replace_lane (raw bits)
    case 0x1e: // i64x2.replace_lane
    case 0x22: { const w = 2 * (sp - 3); const to = w + 2 * (code[pc] & 1); words[to] = words[w + 4]; words[to + 1] = words[w + 5]; return sp - 1; } // f64x2.replace_lane
    case 0x52: { // v128.bitselect: (v1 & c) | (v2 & ~c)
      const w = 2 * (sp - 6);
      for (let k = 0; k < 4; k++) { const c = words[w + 8 + k]; words[w + k] = (words[w + k] & c) | (words[w + 4 + k] & ~c); }
      return sp - 4;
    }
    // tests: v128 → i32
    case 0x53: { const w = 2 * (sp - 2); words[w] = (words[w] | words[w + 1] | words[w + 2] | words[w + 3]) !== 0 ? 1 : 0; words[w + 1] = 0; return sp - 1; } // v128.any_true
    case 0x63: case 0x64: case 0x83: case 0x84: case 0xa3: case 0xa4: case 0xc3: case 0xc4: {
      const w = 2 * (sp - 2);
      loadA(words, w);
      words[w] = test(sub);
      words[w + 1] = 0;
      return sp - 1;
    }
    // shifts: v at sp-3, count at sp-1
    case 0x6b: case 0x6c: case 0x6d: case 0x8b: case 0x8c: case 0x8d:
    case 0xab: case 0xac: case 0xad: case 0xcb: case 0xcc: case 0xcd: {
      const w = 2 * (sp - 3);
      loadA(words, w);
      shift(sub, words[w + 4]);
      storeR(words, w);
      return sp - 1;
    }
    // unary v128 → v128
    case 0x4d: case 0x5e: case 0x5f: case 0x60: case 0x61: case 0x62: case 0x67: case 0x68: case 0x69: case 0x6a:
    case 0x74: case 0x75: case 0x7a: case 0x7c: case 0x7d: case 0x7e: case 0x7f: case 0x80: case 0x81:
    case 0x87: case 0x88: case 0x89: case 0x8a: case 0x94: case 0xa0: case 0xa1: case 0xa7: case 0xa8: case 0xa9: case 0xaa:
    case 0xc0: case 0xc1: case 0xc7: case 0xc8: case 0xc9: case 0xca: case 0xe0: case 0xe1: case 0xe3: case 0xec: case 0xed: case 0xef:
    case 0xf8: case 0xf9: case 0xfa: case 0xfb: case 0xfc: case 0xfd: case 0xfe: case 0xff: {
      const w = 2 * (sp - 2);
      loadA(words, w);
      unary(sub);
      storeR(words, w);
      return sp;
    }
    default: { // binary v128 v128 → v128 (throws for a sub-opcode that is no SIMD instruction)
      const w = 2 * (sp - 4);
      loadA(words, w); loadB(words, w + 4);
      binary(sub);
      storeR(words, w);
      return sp - 2;
    }
  }
}

function test(op: number): number {
  switch (op) {
    case 0x63: for (let k = 0; k < 16; k++) if (a8[k] === 0) return 0; return 1; // i8x16.all_true
    case 0x83: for (let k = 0; k < 8; k++) if (a16[k] === 0) return 0; return 1; // i16x8.all_true
    case 0xa3: for (let k = 0; k < 4; k++) if (a32[k] === 0) return 0; return 1; // i32x4.all_true
    case 0xc3: return (a32[0] | a32[1]) !== 0 && (a32[2] | a32[3]) !== 0 ? 1 : 0; // i64x2.all_true
    case 0x64: { let m = 0; for (let k = 0; k < 16; k++) m |= (au8[k] >>> 7) << k; return m; } // i8x16.bitmask
    case 0x84: { let m = 0; for (let k = 0; k < 8; k++) m |= (au16[k] >>> 15) << k; return m; } // i16x8.bitmask
    case 0xa4: { let m = 0; for (let k = 0; k < 4; k++) m |= (a32[k] >>> 31) << k; return m; } // i32x4.bitmask
    case 0xc4: return (a32[1] >>> 31) | ((a32[3] >>> 31) << 1); // i64x2.bitmask
    default: throw new Error(`simd: 0xfd${op.toString(16)} is not a test`);
  }
}

// ---------------------------------------------------------------------------------------------
// deterministic mode

/** Lane width (32 or 64) of the float-arithmetic ops whose NaN lanes deterministic mode
 *  canonicalises, by sub-opcode; 0 for every other op. */
export const SIMD_FLOAT_ARITH_LANE_BITS: Uint8Array = (() => {
  const table = new Uint8Array(256);
  // f32x4.demote_f64x2_zero, ceil, floor, trunc, nearest, sqrt, add, sub, mul, div, min, max
  for (const op of [0x5e, 0x67, 0x68, 0x69, 0x6a, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9]) table[op] = 32;
  // f64x2.promote_low_f32x4, ceil, floor, trunc, nearest, sqrt, add, sub, mul, div, min, max
  for (const op of [0x5f, 0x74, 0x75, 0x7a, 0x94, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5]) table[op] = 64;
  return table;
})();

/** Replaces every NaN lane of the v128 just produced by `op` (at slots sp-2, sp-1, sp being the
 *  stack pointer after the op) by the positive canonical NaN, if `op` is float arithmetic. */
export function simdCanonicalizeNaN(op: number, words: Int32Array, sp: number): void {
  const bits = SIMD_FLOAT_ARITH_LANE_BITS[op & 0xff];
  if (bits === 0) return;
  const w = 2 * (sp - 2);
  if (bits === 32) {
    for (let k = w; k < w + 4; k++) if ((words[k] & 0x7fffffff) > 0x7f800000) words[k] = 0x7fc00000;
  } else {
    for (let k = w; k < w + 4; k += 2) {
      const hi = words[k + 1] & 0x7fffffff;
      if (hi > 0x7ff00000 || (hi === 0x7ff00000 && words[k] !== 0)) { words[k] = 0; words[k + 1] = 0x7ff80000; }
    }
  }
}

/** simdExec for deterministic mode: NaN lanes of float arithmetic results are canonical. */
export function simdExecDeterministic(op: number, words: Int32Array, sp: number, code: Int32Array, pc: number): number {
  const next = simdExec(op, words, sp, code, pc);
  simdCanonicalizeNaN(op, words, next);
  return next;
}
