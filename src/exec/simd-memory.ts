// The SIMD loads and stores (0xfd00–0xfd0b, 0xfd54–0xfd5d) as helpers on linear memory bytes and
// the value stack. The interpreter does the address arithmetic and the bounds check; these only move
// bytes.
//
// HOW THE INTERPRETER CALLS THIS
//   const addrSlot = simdAddressSlot(op, sp);                      // where the i32 address operand is
//   const ea = (words[2 * addrSlot] >>> 0) + offset;               // offset: the memarg's u32 offset
//   if (ea + SIMD_ACCESS_BYTES[op & 0xff] > memory.u8.length) trap(out of bounds memory access);
//   sp = simdMemoryExec(op, memory.u8, ea, words, sp, lane);       // lane: the lane immediate (0 if none)
//   - `op`: only `op & 0xff` (the sub-opcode) is read, as in simd-ops.ts.
//   - `words`: the value stack's Int32Array view; `sp`: the next free slot before the instruction.
//   - Stack effects (slots):
//       loads (v128.load, load8x8_s … load32x2_u, load*_splat, load32/64_zero):
//           address at sp-1; the v128 result replaces it at sp-1 (two slots); returns sp + 1
//       v128.load8/16/32/64_lane: address at sp-3, v at sp-2; result v at sp-3; returns sp - 1
//       v128.store, v128.store8/16/32/64_lane: address at sp-3, v at sp-2; returns sp - 3
//   - Bytes are little-endian; nothing allocates.

/** Bytes touched by each SIMD memory instruction, by sub-opcode (0 for non-memory ops): the size
 *  the interpreter checks `ea + size <= memory length` against. */
export const SIMD_ACCESS_BYTES: Uint8Array = (() => {
  const table = new Uint8Array(256);
  table[0x00] = 16; table[0x0b] = 16; // v128.load, v128.store
  for (let op = 0x01; op <= 0x06; op++) table[op] = 8; // load8x8_s … load32x2_u
  table[0x07] = 1; table[0x08] = 2; table[0x09] = 4; table[0x0a] = 8; // load*_splat
  table[0x54] = 1; table[0x55] = 2; table[0x56] = 4; table[0x57] = 8; // load*_lane
  table[0x58] = 1; table[0x59] = 2; table[0x5a] = 4; table[0x5b] = 8; // store*_lane
  table[0x5c] = 4; table[0x5d] = 8; // load32_zero, load64_zero
  return table;
})();

/** Slot of the i32 address operand of SIMD memory instruction `op` when the stack pointer is `sp`. */
export function simdAddressSlot(op: number, sp: number): number {
  const sub = op & 0xff;
  return sub === 0x0b || sub >= 0x54 && sub <= 0x5b ? sp - 3 : sp - 1;
}

const scratch = new ArrayBuffer(16);
const s8 = new Int8Array(scratch);
const su8 = new Uint8Array(scratch);
const s16 = new Int16Array(scratch);
const su16 = new Uint16Array(scratch);
const s32 = new Int32Array(scratch);

/** A DataView of the memory (cached per buffer view: memory.grow replaces `mem`). */
let memView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let memViewOf: Uint8Array | undefined;
function viewOf(mem: Uint8Array): DataView<ArrayBufferLike> {
  if (memViewOf !== mem) {
    memView = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
    memViewOf = mem;
  }
  return memView;
}

function readWord(mem: Uint8Array, at: number): number {
  return mem[at] | (mem[at + 1] << 8) | (mem[at + 2] << 16) | (mem[at + 3] << 24);
}
function writeWord(mem: Uint8Array, at: number, x: number): void {
  mem[at] = x; mem[at + 1] = x >>> 8; mem[at + 2] = x >>> 16; mem[at + 3] = x >>> 24;
}

/**
 * Executes one SIMD load or store at the bounds-checked effective address `ea` (see the header).
 * Returns the new stack pointer in slots.
 */
export function simdMemoryExec(op: number, mem: Uint8Array, ea: number, words: Int32Array, sp: number, lane: number): number {
  const sub = op & 0xff;
  switch (sub) {
    case 0x00: { // v128.load
      const w = 2 * (sp - 1);
      const dv = viewOf(mem);
      words[w] = dv.getInt32(ea, true); words[w + 1] = dv.getInt32(ea + 4, true);
      words[w + 2] = dv.getInt32(ea + 8, true); words[w + 3] = dv.getInt32(ea + 12, true);
      return sp + 1;
    }
    case 0x01: case 0x02: case 0x03: case 0x04: case 0x05: case 0x06: { // load8x8_s … load32x2_u
      const w = 2 * (sp - 1);
      s32[0] = readWord(mem, ea); s32[1] = readWord(mem, ea + 4);
      // The 8 source bytes are in scratch, so the widened lanes can go straight to the stack.
      switch (sub) {
        case 0x01: for (let k = 0; k < 4; k++) words[w + k] = (s8[2 * k] & 0xffff) | (s8[2 * k + 1] << 16); break; // load8x8_s
        case 0x02: for (let k = 0; k < 4; k++) words[w + k] = su8[2 * k] | (su8[2 * k + 1] << 16); break; // load8x8_u
        case 0x03: for (let k = 0; k < 4; k++) words[w + k] = s16[k]; break; // load16x4_s
        case 0x04: for (let k = 0; k < 4; k++) words[w + k] = su16[k]; break; // load16x4_u
        case 0x05: words[w] = s32[0]; words[w + 1] = s32[0] >> 31; words[w + 2] = s32[1]; words[w + 3] = s32[1] >> 31; break; // load32x2_s
        default: words[w] = s32[0]; words[w + 1] = 0; words[w + 2] = s32[1]; words[w + 3] = 0; break; // load32x2_u
      }
      return sp + 1;
    }
    case 0x07: { const w = 2 * (sp - 1); const x = mem[ea]; const x4 = x | (x << 8) | (x << 16) | (x << 24); words[w] = x4; words[w + 1] = x4; words[w + 2] = x4; words[w + 3] = x4; return sp + 1; } // load8_splat
    case 0x08: { const w = 2 * (sp - 1); const x = mem[ea] | (mem[ea + 1] << 8); const x2 = x | (x << 16); words[w] = x2; words[w + 1] = x2; words[w + 2] = x2; words[w + 3] = x2; return sp + 1; } // load16_splat
    case 0x09: { const w = 2 * (sp - 1); const x = viewOf(mem).getInt32(ea, true); words[w] = x; words[w + 1] = x; words[w + 2] = x; words[w + 3] = x; return sp + 1; } // load32_splat
    case 0x0a: { const w = 2 * (sp - 1); const lo = readWord(mem, ea), hi = readWord(mem, ea + 4); words[w] = lo; words[w + 1] = hi; words[w + 2] = lo; words[w + 3] = hi; return sp + 1; } // load64_splat
    case 0x5c: { const w = 2 * (sp - 1); words[w] = readWord(mem, ea); words[w + 1] = 0; words[w + 2] = 0; words[w + 3] = 0; return sp + 1; } // load32_zero
    case 0x5d: { const w = 2 * (sp - 1); words[w] = readWord(mem, ea); words[w + 1] = readWord(mem, ea + 4); words[w + 2] = 0; words[w + 3] = 0; return sp + 1; } // load64_zero
    case 0x0b: { // v128.store
      const w = 2 * (sp - 2);
      const dv = viewOf(mem);
      dv.setInt32(ea, words[w], true); dv.setInt32(ea + 4, words[w + 1], true);
      dv.setInt32(ea + 8, words[w + 2], true); dv.setInt32(ea + 12, words[w + 3], true);
      return sp - 3;
    }
    case 0x54: case 0x55: case 0x56: case 0x57: { // load8/16/32/64_lane: the vector moves down one slot
      const v = 2 * (sp - 2), w = 2 * (sp - 3);
      for (let k = 0; k < 4; k++) s32[k] = words[v + k];
      if (sub === 0x54) su8[lane & 15] = mem[ea];
      else if (sub === 0x55) su16[lane & 7] = mem[ea] | (mem[ea + 1] << 8);
      else if (sub === 0x56) s32[lane & 3] = readWord(mem, ea);
      else { const k = 2 * (lane & 1); s32[k] = readWord(mem, ea); s32[k + 1] = readWord(mem, ea + 4); }
      for (let k = 0; k < 4; k++) words[w + k] = s32[k];
      return sp - 1;
    }
    case 0x58: case 0x59: case 0x5a: case 0x5b: { // store8/16/32/64_lane
      const v = 2 * (sp - 2);
      for (let k = 0; k < 4; k++) s32[k] = words[v + k];
      if (sub === 0x58) mem[ea] = su8[lane & 15];
      else if (sub === 0x59) { const x = su16[lane & 7]; mem[ea] = x; mem[ea + 1] = x >>> 8; }
      else if (sub === 0x5a) writeWord(mem, ea, s32[lane & 3]);
      else { const k = 2 * (lane & 1); writeWord(mem, ea, s32[k]); writeWord(mem, ea + 4, s32[k + 1]); }
      return sp - 3;
    }
    default: throw new Error(`simd: 0xfd${sub.toString(16)} is not a memory op`);
  }
}
