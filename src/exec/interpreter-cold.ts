// The interpreter's cold instructions: table and bulk-memory operations, memory.grow, trapping and
// i64↔float conversions, float rounding, v128 globals/select (v128 locals are hot, in run), ref.func. They live outside
// `run` because V8 refuses to optimize a function whose bytecode exceeds 60 KB
// (--max-optimized-bytecode-size) and takes longer to tier up the larger it is; moving these ops
// out keeps `run` (the hot ops and the fused superinstructions) well under that size. `run` calls
// `execCold` from its default case: it returns the new stack pointer and leaves the next pc in
// `coldState.pc`. Same register conventions as interpreter.ts (word indices); case labels are the
// internal opcodes with the mnemonic in a comment (checked by interpreter-opcodes.test.ts).

import { InstructionLimitExceeded, OutOfGas, RuntimeError, Trap } from "../core/index.ts";
import type { CompiledFunction } from "../compile/index.ts";
import type { ModuleInstance } from "./instances.ts";
import type { MemoryInstance } from "./memory-instance.ts";
import type { Store } from "./store.ts";
import type { TableInstance } from "./table-instance.ts";
import {
  i64Extend16S, i64Extend32S, i64Extend8S, f32ConvertI64S, f32ConvertI64U, f64ConvertI64S, f64ConvertI64U, i32Ctz, i64Clz, i64Ctz, i64Popcnt, i64Rotr,
  i64RemS,
} from "./numeric-i64.ts";
import {
  fMax, fMin, f64Nearest, i32TruncS, i32TruncSatS, i32TruncSatU, i32TruncU, i64TruncS, i64TruncSatS, i64TruncSatU, i64TruncU,
} from "./numeric-float.ts";

/** The pc after the cold instruction just executed, and the meter chunks chargeSlow took for `run`. */
export const coldState = { pc: 0, gasChunk: 0, instructionChunk: 0 };

/** Internal opcodes whose execCold case reads or changes the meter's budgets (dynamic costs,
 *  charge.profile): `run` puts its budget chunks back into the store before calling execCold for
 *  them (and only for them: other cold cases are frequent enough for that to cost). Not 0 = touches;
 *  a case added here that charges gas must be listed, or the meters disagree (meter-diff, spec --meter). */
export const COLD_TOUCHES_METER = new Uint8Array(0x1000);
for (const op of [0x1e, 0x40, 0xe8, 0xea, 0xeb, 0xec, 0xee, 0xef, 0xf1]) COLD_TOUCHES_METER[op] = 1;

function trap(kind: (typeof Trap)[keyof typeof Trap]): never {
  throw new RuntimeError(kind);
}

/** Copies table elements in either direction (overlap-safe for the same table). */
function copyElements(dst: number[], d: number, src: number[], s: number, n: number): void {
  if (dst === src && d > s) {
    for (let k = n - 1; k >= 0; k--) dst[d + k] = src[s + k];
  } else {
    for (let k = 0; k < n; k++) dst[d + k] = src[s + k];
  }
}

/**
 * Executes cold instruction `op` whose immediates start at `pc`; `sp` is a word index.
 * Returns the new sp (the next pc is in coldState.pc). Throws RuntimeError for traps and for
 * opcodes that do not exist.
 */
export function execCold(op: number, store: Store, inst: ModuleInstance, memory: MemoryInstance, code: Int32Array, pc: number, sp: number): number {
  const stack = store.stack;
  const i32 = stack.i32;
  const f32 = stack.f32;
  const f64 = stack.f64;
  const u8 = memory.u8;
  const view = memory.view;
  const memSize = u8.length;
  const tables = inst.tables;
  const globals = inst.globals;
  const funcs = inst.funcs;
  switch (op) {
      case 0x15: { // global.get (v128)
        const cell = globals[code[pc++]].cell;
        i32[sp] = cell[0];
        i32[sp + 1] = cell[1];
        i32[sp + 2] = cell[2];
        i32[sp + 3] = cell[3];
        sp += 4;
        break;
      }
      case 0x16: { // global.set (v128)
        const cell = globals[code[pc++]].cell;
        sp -= 4;
        cell[0] = i32[sp];
        cell[1] = i32[sp + 1];
        cell[2] = i32[sp + 2];
        cell[3] = i32[sp + 3];
        break;
      }
      case 0x17: { // select (v128)
        sp -= 2;
        const cond = i32[sp];
        sp -= 4;
        if (cond === 0) {
          i32[sp - 4] = i32[sp];
          i32[sp - 3] = i32[sp + 1];
          i32[sp - 2] = i32[sp + 2];
          i32[sp - 1] = i32[sp + 3];
        }
        break;
      }
      case 0x25: { // table.get tableIndex
        const elements = tables[code[pc++]].elements;
        const index = i32[sp - 2] >>> 0;
        if (index >= elements.length) trap(Trap.OutOfBoundsTableAccess);
        i32[sp - 2] = elements[index];
        break;
      }
      case 0x26: { // table.set tableIndex
        const elements = tables[code[pc++]].elements;
        sp -= 4;
        const index = i32[sp] >>> 0;
        if (index >= elements.length) trap(Trap.OutOfBoundsTableAccess);
        elements[index] = i32[sp + 2];
        break;
      }
      case 0x40: { // memory.grow
        const delta = i32[sp - 2] >>> 0;
        // Only a grow that succeeds pays per page (a refused one has no effect to pay for).
        if (store.metered && delta <= memory.maxPages - memory.pages) chargeDynamic(store, delta * store.memoryGrowPerPage);
        i32[sp - 2] = memory.grow(delta);
        if (memory.pages > store.peakMemoryPages) store.peakMemoryPages = memory.pages;
        break;
      }
      case 0x8d: // f32.ceil
        f32[sp - 2] = Math.ceil(f32[sp - 2]);
        break;
      case 0x8e: // f32.floor
        f32[sp - 2] = Math.floor(f32[sp - 2]);
        break;
      case 0x8f: // f32.trunc
        f32[sp - 2] = Math.trunc(f32[sp - 2]);
        break;
      case 0x90: // f32.nearest
        f32[sp - 2] = f64Nearest(f32[sp - 2]);
        break;
      case 0x91: // f32.sqrt
        f32[sp - 2] = Math.sqrt(f32[sp - 2]);
        break;
      case 0x9b: { // f64.ceil (Math.ceil passes a signalling NaN through unchanged)
        const x = f64[(sp - 2) >> 1];
        f64[(sp - 2) >> 1] = x === x ? Math.ceil(x) : NaN;
        break;
      }
      case 0x9c: { // f64.floor (Math.floor passes a signalling NaN through unchanged)
        const x = f64[(sp - 2) >> 1];
        f64[(sp - 2) >> 1] = x === x ? Math.floor(x) : NaN;
        break;
      }
      case 0x9d: { // f64.trunc (Math.trunc passes a signalling NaN through unchanged)
        const x = f64[(sp - 2) >> 1];
        f64[(sp - 2) >> 1] = x === x ? Math.trunc(x) : NaN;
        break;
      }
      case 0x9e: // f64.nearest
        f64[(sp - 2) >> 1] = f64Nearest(f64[(sp - 2) >> 1]);
        break;
      case 0x9f: // f64.sqrt
        f64[(sp - 2) >> 1] = Math.sqrt(f64[(sp - 2) >> 1]);
        break;
      case 0xa8: // i32.trunc_f32_s
        i32[sp - 2] = i32TruncS(f32[sp - 2]);
        break;
      case 0xa9: // i32.trunc_f32_u
        i32[sp - 2] = i32TruncU(f32[sp - 2]);
        break;
      case 0xaa: // i32.trunc_f64_s
        i32[sp - 2] = i32TruncS(f64[(sp - 2) >> 1]);
        break;
      case 0xab: // i32.trunc_f64_u
        i32[sp - 2] = i32TruncU(f64[(sp - 2) >> 1]);
        break;
      case 0xae: // i64.trunc_f32_s
        i64TruncS(i32, sp - 2, f32[sp - 2]);
        break;
      case 0xaf: // i64.trunc_f32_u
        i64TruncU(i32, sp - 2, f32[sp - 2]);
        break;
      case 0xb0: // i64.trunc_f64_s
        i64TruncS(i32, sp - 2, f64[(sp - 2) >> 1]);
        break;
      case 0xb1: // i64.trunc_f64_u
        i64TruncU(i32, sp - 2, f64[(sp - 2) >> 1]);
        break;
      case 0xb4: // f32.convert_i64_s
        f32[sp - 2] = f32ConvertI64S(i32[sp - 2], i32[sp - 1]);
        break;
      case 0xb5: // f32.convert_i64_u
        f32[sp - 2] = f32ConvertI64U(i32[sp - 2], i32[sp - 1]);
        break;
      case 0xb9: // f64.convert_i64_s
        f64[(sp - 2) >> 1] = f64ConvertI64S(i32[sp - 2], i32[sp - 1]);
        break;
      case 0xba: // f64.convert_i64_u
        f64[(sp - 2) >> 1] = f64ConvertI64U(i32[sp - 2], i32[sp - 1]);
        break;
      case 0xc2: // i64.extend8_s
        i64Extend8S(i32, sp - 2, sp - 2);
        break;
      case 0xc3: // i64.extend16_s
        i64Extend16S(i32, sp - 2, sp - 2);
        break;
      case 0xc4: // i64.extend32_s
        i64Extend32S(i32, sp - 2, sp - 2);
        break;
      case 0xd2: { // ref.func funcIndex
        const f = funcs[code[pc++]];
        i32[sp] = f.refId !== 0 ? f.refId : store.registerFunc(f);
        sp += 2;
        break;
      }
      case 0xe0: // i32.trunc_sat_f32_s
        i32[sp - 2] = i32TruncSatS(f32[sp - 2]);
        break;
      case 0xe1: // i32.trunc_sat_f32_u
        i32[sp - 2] = i32TruncSatU(f32[sp - 2]);
        break;
      case 0xe2: // i32.trunc_sat_f64_s
        i32[sp - 2] = i32TruncSatS(f64[(sp - 2) >> 1]);
        break;
      case 0xe3: // i32.trunc_sat_f64_u
        i32[sp - 2] = i32TruncSatU(f64[(sp - 2) >> 1]);
        break;
      case 0xe4: // i64.trunc_sat_f32_s
        i64TruncSatS(i32, sp - 2, f32[sp - 2]);
        break;
      case 0xe5: // i64.trunc_sat_f32_u
        i64TruncSatU(i32, sp - 2, f32[sp - 2]);
        break;
      case 0xe6: // i64.trunc_sat_f64_s
        i64TruncSatS(i32, sp - 2, f64[(sp - 2) >> 1]);
        break;
      case 0xe7: // i64.trunc_sat_f64_u
        i64TruncSatU(i32, sp - 2, f64[(sp - 2) >> 1]);
        break;
      case 0xe8: { // memory.init dataIndex: [d s n]
        sp -= 6;
        const segment = inst.dataSegments[code[pc++]];
        const d = i32[sp] >>> 0;
        const s = i32[sp + 2] >>> 0;
        const n = i32[sp + 4] >>> 0;
        const segLength = segment === null ? 0 : segment.length;
        if (s + n > segLength || d + n > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        if (store.metered) chargeDynamic(store, n * store.bulkMemoryPerByte);
        if (n !== 0 && segment !== null) {
          if (n < 64) for (let k = 0; k < n; k++) u8[d + k] = segment[s + k];
          else u8.set(segment.subarray(s, s + n), d);
        }
        break;
      }
      case 0xe9: // data.drop dataIndex
        inst.dataSegments[code[pc++]] = null;
        break;
      case 0xea: { // memory.copy [d s n]
        sp -= 6;
        const d = i32[sp] >>> 0;
        const s = i32[sp + 2] >>> 0;
        const n = i32[sp + 4] >>> 0;
        if (s + n > memSize || d + n > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        if (store.metered) chargeDynamic(store, n * store.bulkMemoryPerByte);
        if (n !== 0) u8.copyWithin(d, s, s + n);
        break;
      }
      case 0xeb: { // memory.fill [d value n]
        sp -= 6;
        const d = i32[sp] >>> 0;
        const n = i32[sp + 4] >>> 0;
        if (d + n > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        if (store.metered) chargeDynamic(store, n * store.bulkMemoryPerByte);
        if (n !== 0) u8.fill(i32[sp + 2] & 0xff, d, d + n);
        break;
      }
      case 0xec: { // table.init elemIndex tableIndex: [d s n]
        sp -= 6;
        const segment = inst.elemSegments[code[pc]];
        const elements = tables[code[pc + 1]].elements;
        pc += 2;
        const d = i32[sp] >>> 0;
        const s = i32[sp + 2] >>> 0;
        const n = i32[sp + 4] >>> 0;
        const segLength = segment === null ? 0 : segment.length;
        if (s + n > segLength || d + n > elements.length) trap(Trap.OutOfBoundsTableAccess);
        if (store.metered) chargeDynamic(store, n * store.bulkTablePerElement);
        if (segment !== null) for (let k = 0; k < n; k++) elements[d + k] = segment[s + k];
        break;
      }
      case 0xed: // elem.drop elemIndex
        inst.elemSegments[code[pc++]] = null;
        break;
      case 0xee: { // table.copy dstTable srcTable: [d s n]
        sp -= 6;
        const dst = tables[code[pc]].elements;
        const src = tables[code[pc + 1]].elements;
        pc += 2;
        const d = i32[sp] >>> 0;
        const s = i32[sp + 2] >>> 0;
        const n = i32[sp + 4] >>> 0;
        if (s + n > src.length || d + n > dst.length) trap(Trap.OutOfBoundsTableAccess);
        if (store.metered) chargeDynamic(store, n * store.bulkTablePerElement);
        copyElements(dst, d, src, s, n);
        break;
      }
      case 0xef: { // table.grow tableIndex: [ref n] -> old size | -1
        sp -= 2;
        const table: TableInstance = tables[code[pc++]];
        const delta = i32[sp] >>> 0;
        if (store.metered && delta <= table.maxSize - table.elements.length) chargeDynamic(store, delta * store.bulkTablePerElement);
        i32[sp - 2] = table.grow(i32[sp] >>> 0, i32[sp - 2]);
        break;
      }
      case 0xf0: // table.size tableIndex
        i32[sp] = tables[code[pc++]].elements.length;
        sp += 2;
        break;
      case 0xf1: { // table.fill tableIndex: [i ref n]
        sp -= 6;
        const elements = tables[code[pc++]].elements;
        const d = i32[sp] >>> 0;
        const ref = i32[sp + 2];
        const n = i32[sp + 4] >>> 0;
        if (d + n > elements.length) trap(Trap.OutOfBoundsTableAccess);
        if (store.metered) chargeDynamic(store, n * store.bulkTablePerElement);
        for (let k = 0; k < n; k++) elements[d + k] = ref;
        break;
      }
      case 0x1e: { // charge.profile
        // Same rule as CHARGE (code lowered per instruction: never a partly payable block).
        const gas = code[pc];
        const count = code[pc + 1];
        const profile = store.profile;
        if (profile !== undefined) profile.enter(code, pc - 1, gas);
        if (gas > store.gasLeft) throw outOfGas(store);
        if (count > store.instructionsLeft) throw new InstructionLimitExceeded(store.instructionLimit);
        store.gasLeft -= gas;
        store.instructionsLeft -= count;
        if (profile !== undefined) profile.paid();
        pc += 2;
        break;
      }
      // Rare plain instructions, moved out of `run` to keep it under V8's optimizable size.
      case 0x8a: // i64.rotr
        sp -= 2;
        i64Rotr(i32, sp - 2, sp - 2, sp);
        break;
      case 0x92: // f32.add
        sp -= 2;
        f32[sp - 2] = f32[sp - 2] + f32[sp];
        break;
      case 0x93: // f32.sub
        sp -= 2;
        f32[sp - 2] = f32[sp - 2] - f32[sp];
        break;
      case 0x94: // f32.mul
        sp -= 2;
        f32[sp - 2] = f32[sp - 2] * f32[sp];
        break;
      case 0x95: // f32.div
        sp -= 2;
        f32[sp - 2] = f32[sp - 2] / f32[sp];
        break;
      // Moved out of run to make room (bytecode size) for the charge+X cases: none of these runs in
      // the benchmark workloads (bench/op-pairs.ts: the fused forms take the common shapes, such as
      // rotl by a constant), and contracts rarely use floats or signed division.
      case 0x6d: { // i32.div_s
        sp -= 2;
        const a = i32[sp - 2];
        const b = i32[sp];
        if (b === 0) trap(Trap.IntegerDivideByZero);
        if (a === -0x80000000 && b === -1) trap(Trap.IntegerOverflow);
        i32[sp - 2] = (a / b) | 0;
        break;
      }
      case 0x6f: { // i32.rem_s
        sp -= 2;
        const b = i32[sp];
        if (b === 0) trap(Trap.IntegerDivideByZero);
        i32[sp - 2] = (i32[sp - 2] % b) | 0;
        break;
      }
      case 0x43: // f32.const
        i32[sp] = code[pc++];
        sp += 2;
        break;
      case 0x61: // f64.eq
        sp -= 2;
        i32[sp - 2] = f64[(sp - 2) >> 1] === f64[sp >> 1] ? 1 : 0;
        break;
      case 0x62: // f64.ne
        sp -= 2;
        i32[sp - 2] = f64[(sp - 2) >> 1] !== f64[sp >> 1] ? 1 : 0;
        break;
      case 0x63: // f64.lt
        sp -= 2;
        i32[sp - 2] = f64[(sp - 2) >> 1] < f64[sp >> 1] ? 1 : 0;
        break;
      case 0x64: // f64.gt
        sp -= 2;
        i32[sp - 2] = f64[(sp - 2) >> 1] > f64[sp >> 1] ? 1 : 0;
        break;
      case 0x65: // f64.le
        sp -= 2;
        i32[sp - 2] = f64[(sp - 2) >> 1] <= f64[sp >> 1] ? 1 : 0;
        break;
      case 0x66: // f64.ge
        sp -= 2;
        i32[sp - 2] = f64[(sp - 2) >> 1] >= f64[sp >> 1] ? 1 : 0;
        break;
      case 0x77: { // i32.rotl
        sp -= 2;
        const a = i32[sp - 2];
        const k = i32[sp] & 31;
        i32[sp - 2] = (a << k) | (a >>> ((32 - k) & 31));
        break;
      }
      case 0x81: // i64.rem_s
        sp -= 2;
        i64RemS(i32, sp - 2, sp - 2, sp);
        break;
      case 0x99: // f64.abs
        i32[sp - 1] &= 0x7fffffff;
        break;
      case 0x9a: // f64.neg
        i32[sp - 1] ^= -0x80000000;
        break;
      case 0xa3: // f64.div
        sp -= 2;
        f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] / f64[sp >> 1];
        break;
      case 0xb2: // f32.convert_i32_s
        f32[sp - 2] = i32[sp - 2];
        break;
      case 0x2c: { // i32.load8_s
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 1 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        i32[sp - 2] = (u8[addr] << 24) >> 24;
        break;
      }
      case 0x2e: { // i32.load16_s
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 2 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        i32[sp - 2] = view.getInt16(addr, true);
        break;
      }
      case 0x2f: { // i32.load16_u
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 2 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        i32[sp - 2] = view.getUint16(addr, true);
        break;
      }
      case 0x30: { // i64.load8_s
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 1 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        const v = (u8[addr] << 24) >> 24;
        i32[sp - 2] = v;
        i32[sp - 1] = v >> 31;
        break;
      }
      case 0x31: { // i64.load8_u
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 1 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        i32[sp - 2] = u8[addr];
        i32[sp - 1] = 0;
        break;
      }
      case 0x32: { // i64.load16_s
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 2 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        const v = view.getInt16(addr, true);
        i32[sp - 2] = v;
        i32[sp - 1] = v >> 31;
        break;
      }
      case 0x33: { // i64.load16_u
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 2 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        i32[sp - 2] = view.getUint16(addr, true);
        i32[sp - 1] = 0;
        break;
      }
      case 0x34: { // i64.load32_s
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 4 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        const v = view.getInt32(addr, true);
        i32[sp - 2] = v;
        i32[sp - 1] = v >> 31;
        break;
      }
      case 0x35: { // i64.load32_u
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 4 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        i32[sp - 2] = view.getInt32(addr, true);
        i32[sp - 1] = 0;
        break;
      }
      case 0x3b: // i32.store16
      case 0x3d: { // i64.store16
        sp -= 4;
        const addr = (i32[sp] >>> 0) + (code[pc++] >>> 0);
        if (addr + 2 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        view.setInt16(addr, i32[sp + 2], true);
        break;
      }
      case 0x3e: { // i64.store32
        sp -= 4;
        const addr = (i32[sp] >>> 0) + (code[pc++] >>> 0);
        if (addr + 4 > memSize) trap(Trap.OutOfBoundsMemoryAccess);
        view.setInt32(addr, i32[sp + 2], true);
        break;
      }
      case 0x3f: // memory.size
        i32[sp] = memory.pages;
        sp += 2;
        break;
      case 0x5b: // f32.eq
        sp -= 2;
        i32[sp - 2] = f32[sp - 2] === f32[sp] ? 1 : 0;
        break;
      case 0x5c: // f32.ne
        sp -= 2;
        i32[sp - 2] = f32[sp - 2] !== f32[sp] ? 1 : 0;
        break;
      case 0x5d: // f32.lt
        sp -= 2;
        i32[sp - 2] = f32[sp - 2] < f32[sp] ? 1 : 0;
        break;
      case 0x5e: // f32.gt
        sp -= 2;
        i32[sp - 2] = f32[sp - 2] > f32[sp] ? 1 : 0;
        break;
      case 0x5f: // f32.le
        sp -= 2;
        i32[sp - 2] = f32[sp - 2] <= f32[sp] ? 1 : 0;
        break;
      case 0x60: // f32.ge
        sp -= 2;
        i32[sp - 2] = f32[sp - 2] >= f32[sp] ? 1 : 0;
        break;
      case 0x67: // i32.clz
        i32[sp - 2] = Math.clz32(i32[sp - 2]);
        break;
      case 0x68: // i32.ctz
        i32[sp - 2] = i32Ctz(i32[sp - 2]);
        break;
      case 0x78: { // i32.rotr
        sp -= 2;
        const a = i32[sp - 2];
        const k = i32[sp] & 31;
        i32[sp - 2] = (a >>> k) | (a << ((32 - k) & 31));
        break;
      }
      case 0x79: // i64.clz
        i64Clz(i32, sp - 2, sp - 2);
        break;
      case 0x7a: // i64.ctz
        i64Ctz(i32, sp - 2, sp - 2);
        break;
      case 0x7b: // i64.popcnt
        i64Popcnt(i32, sp - 2, sp - 2);
        break;
      case 0x8b: // f32.abs
        i32[sp - 2] &= 0x7fffffff;
        break;
      case 0x8c: // f32.neg
        i32[sp - 2] ^= -0x80000000;
        break;
      case 0x96: // f32.min
        sp -= 2;
        f32[sp - 2] = fMin(f32[sp - 2], f32[sp]);
        break;
      case 0x97: // f32.max
        sp -= 2;
        f32[sp - 2] = fMax(f32[sp - 2], f32[sp]);
        break;
      case 0x98: // f32.copysign
        sp -= 2;
        i32[sp - 2] = (i32[sp - 2] & 0x7fffffff) | (i32[sp] & -0x80000000);
        break;
      case 0xa4: // f64.min
        sp -= 2;
        f64[(sp - 2) >> 1] = fMin(f64[(sp - 2) >> 1], f64[sp >> 1]);
        break;
      case 0xa5: // f64.max
        sp -= 2;
        f64[(sp - 2) >> 1] = fMax(f64[(sp - 2) >> 1], f64[sp >> 1]);
        break;
      case 0xa6: // f64.copysign
        sp -= 2;
        i32[sp - 1] = (i32[sp - 1] & 0x7fffffff) | (i32[sp + 1] & -0x80000000);
        break;
      case 0xb6: // f32.demote_f64
        f32[sp - 2] = f64[(sp - 2) >> 1];
        break;
      // (i32.extend8_s, 0xc0, is in run: it runs in the contract's hot blocks.)
      case 0xc1: // i32.extend16_s
        i32[sp - 2] = (i32[sp - 2] << 16) >> 16;
        break;
      case 0xd0: // ref.null
        i32[sp] = 0;
        sp += 2;
        break;
      case 0xd1: // ref.is_null
        i32[sp - 2] = i32[sp - 2] === 0 ? 1 : 0;
        break;
    default:
      throw new RuntimeError(Trap.Unreachable, `not implemented: internal opcode 0x${op.toString(16)}`);
  }
  coldState.pc = pc;
  return sp;
}

// ---- Metering (the rare paths of the CHARGE instruction; see compile/lower.ts for the blocks).

/** Largest budget chunk `run` counts down in a local: with CHARGE immediates below 2^31, chunk minus
 *  immediate is always an exact int32. */
const METER_CHUNK = 0x3fffffff;

/** Gives the chunks `run` has not spent back to the store. */
export function putBackMeterChunks(store: Store, gasChunk: number, instructionChunk: number): void {
  store.gasLeft += gasChunk;
  store.instructionsLeft += instructionChunk;
}

/**
 * A CHARGE (immediates at `pc`) that `run`'s chunks (gasChunk, instructionChunk) cannot pay. Puts
 * them back into the store; pays from the store if the whole budget can, else continues as
 * chargeExactly (which throws with the budgets in the store, or switches to the reference code).
 * Then moves up to METER_CHUNK of each budget into coldState.gasChunk / instructionChunk for `run`.
 * Returns the code to continue in (next pc in coldState.pc).
 */
export function chargeSlow(store: Store, cf: CompiledFunction, code: Int32Array, pc: number, gasChunk: number, instructionChunk: number): Int32Array {
  putBackMeterChunks(store, gasChunk, instructionChunk);
  let next = code;
  if (code[pc] <= store.gasLeft && code[pc + 1] <= store.instructionsLeft) {
    store.gasLeft -= code[pc];
    store.instructionsLeft -= code[pc + 1];
    coldState.pc = pc + 2;
  } else {
    next = chargeExactly(store, cf, code, pc);
  }
  const gas = store.gasLeft < METER_CHUNK ? store.gasLeft : METER_CHUNK;
  const instructions = store.instructionsLeft < METER_CHUNK ? store.instructionsLeft : METER_CHUNK;
  store.gasLeft -= gas;
  store.instructionsLeft -= instructions;
  coldState.gasChunk = gas;
  coldState.instructionChunk = instructions;
  return next;
}

/** The OutOfGas for a store whose budget cannot pay: gas used becomes the limit. */
export function outOfGas(store: Store): OutOfGas {
  // The unpaid remainder is spent too: a profile attributes it to the operator that ran out.
  store.profile?.extra(store.gasLeft);
  store.gasLeft = 0;
  return new OutOfGas(store.gasLimit, store.gasLimit);
}

/**
 * A dynamic cost (per page / byte / element) of the instruction now running, the last of its block.
 * If it cannot be paid the instruction has no effect and does not count as executed.
 */
export function chargeDynamic(store: Store, gas: number): void {
  if (gas > store.gasLeft) {
    store.instructionsLeft += 1;
    store.profile?.unpaid();
    throw outOfGas(store);
  }
  store.gasLeft -= gas;
  store.profile?.extra(gas);
}

/**
 * A CHARGE (its immediates at `pc`) whose block costs more gas or instructions than remain. In block
 * mode, continue in the reference (per-instruction) code of the same function at the block's first
 * operator: it executes the payable prefix and stops exactly before the first instruction that
 * cannot be paid (a block has one entry and ends at every branch, call or dynamic cost, so execution
 * cannot leave it before that). Returns the code to continue in (next pc in coldState.pc); throws
 * when this CHARGE is itself a single instruction.
 */
export function chargeExactly(store: Store, cf: CompiledFunction, code: Int32Array, pc: number): Int32Array {
  const reference = cf.reference;
  if (code === cf.code && reference !== undefined && code[pc + 1] > 1) {
    const firstOp = cf.blockFirstOp[blockAt(cf, pc - 1)];
    for (let b = 0; b < reference.blockPcs.length; b++) {
      if (reference.blockFirstOp[b] === firstOp && reference.blockCounts[b] > 0) {
        coldState.pc = reference.blockPcs[b];
        return reference.code;
      }
    }
    throw new Error(`metering: no reference block for operator ${firstOp}`);
  }
  if (code[pc] > store.gasLeft) throw outOfGas(store);
  throw new InstructionLimitExceeded(store.instructionLimit);
}

/** Index of the block whose CHARGE lies at or before `pc` (blockPcs ascending). */
function blockAt(cf: CompiledFunction, pc: number): number {
  const pcs = cf.blockPcs;
  let lo = 0;
  let hi = pcs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pcs[mid] <= pc) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * After a trap at `pc` (somewhere inside the instruction that trapped, past its opcode) in `code`,
 * gives back what the block prepaid for the operators after the trapping one: gas used then counts
 * exactly the instructions before the trap and the trapping one.
 */
export function refundAfterTrap(store: Store, cf: CompiledFunction, code: Int32Array, pc: number): void {
  const f = code === cf.code ? cf : cf.reference;
  if (f === undefined || f.meter === undefined || f.blockPcs.length === 0) return;
  const b = blockAt(f, pc - 1);
  // A trap before this block's CHARGE ran (a callee's frame check at pc 0) has nothing prepaid.
  if (pc <= f.blockPcs[b] + 2) return;
  const first = f.blockFirstOp[b];
  const end = first + f.blockCounts[b];
  // The trapping operator: the last whose instruction starts before pc (fused operands share their
  // consumer's pc and precede it; operators emitting nothing share the next instruction's pc).
  let k = end - 1;
  while (k >= first && f.opPcs[k] >= pc) k--;
  let gas = 0;
  for (let j = k + 1; j < end; j++) gas += f.opGas[j];
  store.gasLeft += gas;
  store.instructionsLeft += end - 1 - k;
}
