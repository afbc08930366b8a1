// The interpreter's one hot loop, `run` (the entry point is `invoke` in invoke.ts). The dispatch switch uses numeric literal case labels (the internal opcodes of
// compile/internal-opcodes.ts, mnemonic in a comment; a test checks them) because imported constants
// measured slower on Node 20.
//
// Register conventions inside `run`: `sp` and `fp` are WORD indices into the stack's Int32Array (a
// slot is two words), so an i32 operand is i32[sp - 2], an i64 is the pair (i32[sp - 2], i32[sp - 1]),
// an f64 is f64[(sp - 2) >> 1]. Locals are addressed as fp + word offset (from the compiler).

import { InstructionLimitExceeded, OutOfGas, RuntimeError, Trap } from "../core/index.ts";
import type { FuncInstance, WasmFuncInstance } from "./instances.ts";
import { MemoryInstance } from "./memory-instance.ts";
import type { Store } from "./store.ts";
import { I64_COMPARE_MASK, lowerPending } from "../compile/index.ts";
import { simdState as simdStateImport, simdStep as simdStepImport } from "./simd-step.ts";
import { chargeSlow, COLD_TOUCHES_METER, coldState, execCold, putBackMeterChunks, refundAfterTrap } from "./interpreter-cold.ts";
import {
  i32Popcnt, i64Add, i64CompareMask, i64DivS, i64DivU, i64Mul, i64RemU,
  i64Rotl, i64Rotr, i64Shl, i64ShrS, i64ShrU, i64Sub,
} from "./numeric-i64.ts";

/** Stand-in for modules without memory, so the memory registers keep one type. */
const NO_MEMORY = new MemoryInstance(0, 0);

// Module-local copies of the SIMD entry points: when src/ is loaded as CommonJS (tsx does so from a
// CommonJS caller) an imported binding is a getter call on every use, which V8 does not inline into
// `run` (profiled at 20–30% of SIMD time that way).
const simdStep = simdStepImport;
const simdState = simdStateImport;

function trap(kind: (typeof Trap)[keyof typeof Trap]): never {
  throw new RuntimeError(kind);
}
/** The bounds checks' trap: a call without arguments is a few bytes less of `run`'s bytecode at each
 *  of its dozens of sites (run must stay under V8's optimization limit). */
function trapOutOfBounds(): never {
  throw new RuntimeError(Trap.OutOfBoundsMemoryAccess);
}

/**
 * Runs wasm function `entry` whose arguments are at slots [baseSlot, …) until it returns to the
 * caller; the results are left at baseSlot. Wasm→wasm calls and returns inside are handled here
 * with the explicit frame stack. Throws RuntimeError on a trap (invoke resets the stacks).
 */
export function run(store: Store, entry: WasmFuncInstance, baseSlot: number): void {
  const stack = store.stack;
  const i32 = stack.i32;
  const f32 = stack.f32;
  const f64 = stack.f64;
  const capacityWords = stack.capacitySlots * 2;
  const frameReturnPc = store.frameReturnPc;
  const frameBase = store.frameBase;
  const frameFunc = store.frameFunc;
  const maxDepth = store.maxCallDepth;
  const entryDepth = store.depth;
  const funcById = store.funcById;

  let depth = entryDepth + 1;
  if (depth > maxDepth) trap(Trap.CallStackExhausted);
  if (depth > store.peakDepth) store.peakDepth = depth;
  let func: WasmFuncInstance = entry;
  let cf = func.code;
  let code = cf.code;
  let fp = baseSlot * 2;
  let pc = 0;
  if (fp + cf.maxStackSlots * 2 > capacityWords) trap(Trap.CallStackExhausted);
  let sp = fp + cf.paramSlots * 2;
  for (const localsEnd = sp + cf.localSlots * 2; sp < localsEnd; sp++) i32[sp] = 0;

  let inst = func.module;
  let funcs = inst.funcs;
  let globals = inst.globals;
  let tables = inst.tables;
  let memory = inst.memories.length > 0 ? inst.memories[0] : NO_MEMORY;
  let view = memory.view;
  let u8 = memory.u8;
  let memSize = u8.length;

  // Shared by call and call_indirect (call_indirect falls through into call's tail).
  let callee: FuncInstance = entry;
  let indirect = false;
  let paramSlots = 0;
  let resultSlots = 0;

  // CHARGE runs at every basic block, so it counts down int32 chunks of the budgets held in these
  // locals (no store fields, no float math); the store keeps the rest, and chargeSlow takes new
  // chunks when one runs out (the first CHARGE of a run). Whatever else reads or changes the budgets
  // (host calls, the execCold cases in COLD_TOUCHES_METER, returning, a trap) first gets the chunks
  // back into the store, leaving 0 here.
  let gasLeft = 0;
  let instructionsLeft = 0;
  const coldTouchesMeter = COLD_TOUCHES_METER;

  try {
  for (;;) {
    switch (code[pc++]) {
      case 0x00: // unreachable
        trap(Trap.Unreachable);
      case 0x04: // br_unless (lowered if)
        sp -= 2;
        if (i32[sp] === 0) pc = code[pc];
        else pc++;
        break;
      case 0x06: { // br_drop pc drop keep
        const drop = code[pc + 1] << 1;
        const keep = code[pc + 2] << 1;
        for (let k = sp - keep; k < sp; k++) i32[k - drop] = i32[k];
        sp -= drop;
        pc = code[pc];
        break;
      }
      case 0x07: { // br_if_drop pc drop keep
        sp -= 2;
        if (i32[sp] !== 0) {
          const drop = code[pc + 1] << 1;
          const keep = code[pc + 2] << 1;
          for (let k = sp - keep; k < sp; k++) i32[k - drop] = i32[k];
          sp -= drop;
          pc = code[pc];
        } else {
          pc += 3;
        }
        break;
      }
      case 0x0c: // br
        pc = code[pc];
        break;
      case 0x0d: // br_if
        sp -= 2;
        if (i32[sp] !== 0) pc = code[pc];
        else pc++;
        break;
      case 0x0e: { // br_table n (pc drop keep)×(n+1)
        sp -= 2;
        const n = code[pc];
        let index = i32[sp] >>> 0;
        if (index > n) index = n;
        const entry3 = pc + 1 + index * 3;
        const drop = code[entry3 + 1] << 1;
        if (drop !== 0) {
          const keep = code[entry3 + 2] << 1;
          for (let k = sp - keep; k < sp; k++) i32[k - drop] = i32[k];
          sp -= drop;
        }
        pc = code[entry3];
        break;
      }
      case 0x0f: { // return
        const n = cf.resultSlots << 1;
        const src = sp - n;
        if (n === 2) {
          i32[fp] = i32[src];
          i32[fp + 1] = i32[src + 1];
        } else if (src !== fp) {
          for (let k = 0; k < n; k++) i32[fp + k] = i32[src + k];
        }
        sp = fp + n;
        if (depth === entryDepth + 1) {
          putBackMeterChunks(store, gasLeft, instructionsLeft);
          return;
        }
        depth--;
        pc = frameReturnPc[depth];
        fp = frameBase[depth];
        func = frameFunc[depth]!;
        cf = func.code;
        code = cf.code;
        // Within one module the memory registers are current (memory.grow in execCold and host calls
        // refresh them, whichever frame ran them): only a return into another module needs a new look.
        if (func.module !== inst) {
          inst = func.module;
          funcs = inst.funcs;
          globals = inst.globals;
          tables = inst.tables;
          memory = inst.memories.length > 0 ? inst.memories[0] : NO_MEMORY;
          view = memory.view;
          u8 = memory.u8;
          memSize = u8.length;
        }
        break;
      }
      case 0x11: { // call_indirect typeIndex tableIndex paramSlots resultSlots
        sp -= 2;
        const table = tables[code[pc + 1]];
        const index = i32[sp] >>> 0;
        if (index >= table.elements.length) trap(Trap.UndefinedElement);
        const id = table.elements[index];
        if (id === 0) trap(Trap.UninitializedElement);
        const target = funcById[id];
        if (target === undefined || target.typeId !== inst.typeIds[code[pc]]) trap(Trap.IndirectCallTypeMismatch);
        callee = target;
        paramSlots = code[pc + 2];
        resultSlots = code[pc + 3];
        pc += 4;
        indirect = true;
      }
      // falls through
      case 0x10: { // call funcIndex paramSlots resultSlots
        if (indirect) {
          indirect = false;
        } else {
          callee = funcs[code[pc]];
          paramSlots = code[pc + 1];
          resultSlots = code[pc + 2];
          pc += 3;
        }
        if (depth >= maxDepth) trap(Trap.CallStackExhausted);
        if (callee.kind === 0) {
          frameReturnPc[depth] = pc;
          frameBase[depth] = fp;
          // Mostly the function that was at this depth last time: skipping the store skips V8's write
          // barrier (a builtin call per store while the function object is in the young generation).
          if (frameFunc[depth] !== func) frameFunc[depth] = func;
          depth++;
          if (depth > store.peakDepth) store.peakDepth = depth;
          func = callee;
          cf = func.code;
          code = cf.code;
          fp = sp - (paramSlots << 1);
          pc = 0;
          if (fp + cf.maxStackSlots * 2 > capacityWords) trap(Trap.CallStackExhausted);
          for (const localsEnd = sp + cf.localSlots * 2; sp < localsEnd; sp++) i32[sp] = 0;
          if (func.module !== inst) {
            inst = func.module;
            funcs = inst.funcs;
            globals = inst.globals;
            tables = inst.tables;
            memory = inst.memories.length > 0 ? inst.memories[0] : NO_MEMORY;
            view = memory.view;
            u8 = memory.u8;
            memSize = u8.length;
          }
        } else {
          const argSlot = (sp >> 1) - paramSlots;
          const used = argSlot + (paramSlots > resultSlots ? paramSlots : resultSlots);
          if (used > stack.capacitySlots) trap(Trap.CallStackExhausted);
          stack.sp = used;
          store.depth = depth + 1;
          store.hostCalls++;
          store.callerModule = inst;
          putBackMeterChunks(store, gasLeft, instructionsLeft);
          gasLeft = instructionsLeft = 0;
          callee.call(stack, argSlot);
          store.depth = entryDepth;
          sp = (argSlot + resultSlots) << 1;
          memory = inst.memories.length > 0 ? inst.memories[0] : NO_MEMORY;
          view = memory.view;
          u8 = memory.u8;
          memSize = u8.length;
        }
        break;
      }
      // v128 locals: hot in SIMD loops (the cold path costs a call and a view refresh per use).
      case 0x12: { // local.get (v128)
        const at = fp + code[pc++];
        i32[sp] = i32[at];
        i32[sp + 1] = i32[at + 1];
        i32[sp + 2] = i32[at + 2];
        i32[sp + 3] = i32[at + 3];
        sp += 4;
        break;
      }
      case 0x13: { // local.set (v128)
        const at = fp + code[pc++];
        sp -= 4;
        i32[at] = i32[sp];
        i32[at + 1] = i32[sp + 1];
        i32[at + 2] = i32[sp + 2];
        i32[at + 3] = i32[sp + 3];
        break;
      }
      case 0x14: { // local.tee (v128)
        const at = fp + code[pc++];
        i32[at] = i32[sp - 4];
        i32[at + 1] = i32[sp - 3];
        i32[at + 2] = i32[sp - 2];
        i32[at + 3] = i32[sp - 1];
        break;
      }
      case 0x18: { // charge gas count
        const gas = code[pc];
        const count = code[pc + 1];
        // One test for both: chunks and immediates are below 2^31, so the differences are exact
        // int32 values and a negative one sets the sign bit of the OR.
        const gasAfter = gasLeft - gas;
        const instructionsAfter = instructionsLeft - count;
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 2;
        break;
      }
      case 0x19: // canon.f32
        if ((i32[sp - 2] & 0x7f800000) === 0x7f800000 && (i32[sp - 2] & 0x7fffff) !== 0) i32[sp - 2] = 0x7fc00000;
        break;
      case 0x1d: // canon.f64
        if ((i32[sp - 1] & 0x7ff00000) === 0x7ff00000 && ((i32[sp - 1] & 0xfffff) | i32[sp - 2]) !== 0) {
          i32[sp - 2] = 0;
          i32[sp - 1] = 0x7ff80000;
        }
        break;
      case 0x1a: // drop
        sp -= 2;
        break;
      case 0x1b: // select
        sp -= 4;
        if (i32[sp + 2] === 0) {
          i32[sp - 2] = i32[sp];
          i32[sp - 1] = i32[sp + 1];
        }
        break;
      // case 0x20 (local.get) is among the generated cases below (charge+local.get falls into it)
      case 0x21: { // local.set
        const at = fp + code[pc++];
        sp -= 2;
        i32[at] = i32[sp];
        i32[at + 1] = i32[sp + 1];
        break;
      }
      case 0x22: { // local.tee
        const at = fp + code[pc++];
        i32[at] = i32[sp - 2];
        i32[at + 1] = i32[sp - 1];
        break;
      }
      case 0x23: { // global.get
        const cell = globals[code[pc++]].cell;
        i32[sp] = cell[0];
        i32[sp + 1] = cell[1];
        sp += 2;
        break;
      }
      case 0x24: { // global.set
        const cell = globals[code[pc++]].cell;
        sp -= 2;
        cell[0] = i32[sp];
        cell[1] = i32[sp + 1];
        break;
      }
      // ---- memory loads: operand address at sp-2, immediate offset; result replaces the address
      case 0x28: // i32.load
      case 0x2a: { // f32.load (raw bits)
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 4 > memSize) trapOutOfBounds();
        i32[sp - 2] = view.getInt32(addr, true);
        break;
      }
      case 0x29: // i64.load
      case 0x2b: { // f64.load (raw bits)
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 8 > memSize) trapOutOfBounds();
        i32[sp - 2] = view.getInt32(addr, true);
        i32[sp - 1] = view.getInt32(addr + 4, true);
        break;
      }
      case 0x2d: { // i32.load8_u
        const addr = (i32[sp - 2] >>> 0) + (code[pc++] >>> 0);
        if (addr + 1 > memSize) trapOutOfBounds();
        i32[sp - 2] = u8[addr];
        break;
      }
      // ---- memory stores: address at sp-4, value at sp-2
      case 0x36: // i32.store
      case 0x38: { // f32.store
        sp -= 4;
        const addr = (i32[sp] >>> 0) + (code[pc++] >>> 0);
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[sp + 2], true);
        break;
      }
      case 0x37: // i64.store
      case 0x39: { // f64.store
        sp -= 4;
        const addr = (i32[sp] >>> 0) + (code[pc++] >>> 0);
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[sp + 2], true);
        view.setInt32(addr + 4, i32[sp + 3], true);
        break;
      }
      case 0x3a: // i32.store8
      case 0x3c: { // i64.store8
        sp -= 4;
        const addr = (i32[sp] >>> 0) + (code[pc++] >>> 0);
        if (addr + 1 > memSize) trapOutOfBounds();
        u8[addr] = i32[sp + 2];
        break;
      }
      // ---- constants
      case 0x41: // i32.const
        i32[sp] = code[pc++];
        sp += 2;
        break;
      case 0x42: // i64.const
      case 0x44: // f64.const
        i32[sp] = code[pc];
        i32[sp + 1] = code[pc + 1];
        pc += 2;
        sp += 2;
        break;

      // ---- i32 comparisons
      case 0x45: // i32.eqz
        i32[sp - 2] = i32[sp - 2] === 0 ? 1 : 0;
        break;
      case 0x46: // i32.eq
      case 0x47: // i32.ne
      case 0x48: // i32.lt_s
      case 0x49: // i32.lt_u
      case 0x4a: // i32.gt_s
      case 0x4b: // i32.gt_u
      case 0x4c: // i32.le_s
      case 0x4d: // i32.le_u
      case 0x4e: // i32.ge_s
      case 0x4f: // i32.ge_u
        // One body for the ten, as for i64 (mostly fused: with a local or constant operand, or into a
        // br_if): the operands sign-extended to i64 order the same signed and unsigned.
        sp -= 2;
        i32[sp - 2] = i64CompareMask(i32[sp - 2], i32[sp - 2] >> 31, i32[sp], i32[sp] >> 31, I64_COMPARE_MASK[code[pc - 1] - 0x46]);
        break;

      // ---- i64 comparisons
      case 0x50: // i64.eqz
        i32[sp - 2] = (i32[sp - 2] | i32[sp - 1]) === 0 ? 1 : 0;
        break;
      case 0x51: // i64.eq
      case 0x52: // i64.ne
      case 0x53: // i64.lt_s
      case 0x54: // i64.lt_u
      case 0x55: // i64.gt_s
      case 0x56: // i64.gt_u
      case 0x57: // i64.le_s
      case 0x58: // i64.le_u
      case 0x59: // i64.ge_s
      case 0x5a: // i64.ge_u
        // One body for the ten (run's bytecode budget; a local operand compared with a constant fuses into
        // i64.cmp_lc): the opcode selects the compare's mask.
        sp -= 2;
        i32[sp - 2] = i64CompareMask(i32[sp - 2], i32[sp - 1], i32[sp], i32[sp + 1], I64_COMPARE_MASK[code[pc - 1] - 0x51]);
        break;

      // ---- f32 comparisons (Float32Array index = word index)
      // ---- f64 comparisons (Float64Array index = word index / 2)

      // ---- i32 arithmetic
      case 0x69: // i32.popcnt
        i32[sp - 2] = i32Popcnt(i32[sp - 2]);
        break;
      case 0x6a: // i32.add
        sp -= 2;
        i32[sp - 2] = (i32[sp - 2] + i32[sp]) | 0;
        break;
      case 0x6b: // i32.sub
        sp -= 2;
        i32[sp - 2] = (i32[sp - 2] - i32[sp]) | 0;
        break;
      case 0x6c: // i32.mul
        sp -= 2;
        i32[sp - 2] = Math.imul(i32[sp - 2], i32[sp]);
        break;
      case 0x6e: { // i32.div_u
        sp -= 2;
        const b = i32[sp] >>> 0;
        if (b === 0) trap(Trap.IntegerDivideByZero);
        i32[sp - 2] = ((i32[sp - 2] >>> 0) / b) | 0;
        break;
      }
      case 0x70: { // i32.rem_u
        sp -= 2;
        const b = i32[sp] >>> 0;
        if (b === 0) trap(Trap.IntegerDivideByZero);
        i32[sp - 2] = ((i32[sp - 2] >>> 0) % b) | 0;
        break;
      }
      case 0x71: // i32.and
        sp -= 2;
        i32[sp - 2] = i32[sp - 2] & i32[sp];
        break;
      case 0x72: // i32.or
        sp -= 2;
        i32[sp - 2] = i32[sp - 2] | i32[sp];
        break;
      case 0x73: // i32.xor
        sp -= 2;
        i32[sp - 2] = i32[sp - 2] ^ i32[sp];
        break;
      case 0x74: // i32.shl
        sp -= 2;
        i32[sp - 2] = i32[sp - 2] << i32[sp];
        break;
      case 0x75: // i32.shr_s
        sp -= 2;
        i32[sp - 2] = i32[sp - 2] >> i32[sp];
        break;
      case 0x76: // i32.shr_u
        sp -= 2;
        i32[sp - 2] = i32[sp - 2] >>> i32[sp];
        break;
      // ---- i64 arithmetic (helpers work on word indices; dst may equal an operand)
      case 0x7c: // i64.add
        sp -= 2;
        i64Add(i32, sp - 2, sp - 2, sp);
        break;
      case 0x7d: // i64.sub
        sp -= 2;
        i64Sub(i32, sp - 2, sp - 2, sp);
        break;
      case 0x7e: // i64.mul
        sp -= 2;
        i64Mul(i32, sp - 2, sp - 2, sp);
        break;
      case 0x7f: // i64.div_s
        sp -= 2;
        i64DivS(i32, sp - 2, sp - 2, sp);
        break;
      case 0x80: // i64.div_u
        sp -= 2;
        i64DivU(i32, sp - 2, sp - 2, sp);
        break;
      case 0x82: // i64.rem_u
        sp -= 2;
        i64RemU(i32, sp - 2, sp - 2, sp);
        break;
      case 0x83: // i64.and
        sp -= 2;
        i32[sp - 2] &= i32[sp];
        i32[sp - 1] &= i32[sp + 1];
        break;
      case 0x84: // i64.or
        sp -= 2;
        i32[sp - 2] |= i32[sp];
        i32[sp - 1] |= i32[sp + 1];
        break;
      case 0x85: // i64.xor
        sp -= 2;
        i32[sp - 2] ^= i32[sp];
        i32[sp - 1] ^= i32[sp + 1];
        break;
      case 0x86: // i64.shl
        sp -= 2;
        i64Shl(i32, sp - 2, sp - 2, sp);
        break;
      case 0x87: // i64.shr_s
        sp -= 2;
        i64ShrS(i32, sp - 2, sp - 2, sp);
        break;
      case 0x88: // i64.shr_u
        sp -= 2;
        i64ShrU(i32, sp - 2, sp - 2, sp);
        break;
      case 0x89: // i64.rotl
        sp -= 2;
        i64Rotl(i32, sp - 2, sp - 2, sp);
        break;
      // ---- f32 arithmetic (abs/neg/copysign on bits)
      // ---- f64 arithmetic
      case 0xa0: // f64.add
        sp -= 2;
        f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] + f64[sp >> 1];
        break;
      case 0xa1: // f64.sub
        sp -= 2;
        f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] - f64[sp >> 1];
        break;
      case 0xa2: // f64.mul
        sp -= 2;
        f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] * f64[sp >> 1];
        break;
      // ---- conversions
      case 0xa7: // i32.wrap_i64 (an i32 slot ignores its high word)
        break;
      case 0xac: // i64.extend_i32_s
        i32[sp - 1] = i32[sp - 2] >> 31;
        break;
      case 0xad: // i64.extend_i32_u
        i32[sp - 1] = 0;
        break;
      case 0xb3: // f32.convert_i32_u
        f32[sp - 2] = i32[sp - 2] >>> 0;
        break;
      case 0xb7: // f64.convert_i32_s
        f64[(sp - 2) >> 1] = i32[sp - 2];
        break;
      case 0xb8: // f64.convert_i32_u
        f64[(sp - 2) >> 1] = i32[sp - 2] >>> 0;
        break;
      case 0xbb: // f64.promote_f32
        f64[(sp - 2) >> 1] = f32[sp - 2];
        break;
      case 0xbc: // i32.reinterpret_f32
      case 0xbd: // i64.reinterpret_f64
      case 0xbe: // f32.reinterpret_i32
      case 0xbf: // f64.reinterpret_i64
        break;
      // (i32.extend8_s is here rather than in interpreter-cold.ts: the contract runs it in its hot blocks.)
      case 0xc0: // i32.extend8_s
        i32[sp - 2] = (i32[sp - 2] << 24) >> 24;
        break;
      // ---- references
      // ---- 0xfc prefix: saturating truncations
      // ---- bulk memory (bounds first, then act)
      // BEGIN GENERATED FUSED CASES (src/exec/fused-cases.ts)
      case 0x265: { // charge+local.get
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x20: { // local.get
        const at = fp + code[pc++];
        i32[sp] = i32[at];
        i32[sp + 1] = i32[at + 1];
        sp += 2;
        break;
      }
      case 0x100: // i32.add_sl
        i32[sp - 2] = (i32[sp - 2] + i32[fp + code[pc]]) | 0;
        pc++;
        break;
      case 0x101: // i32.sub_sl
        i32[sp - 2] = (i32[sp - 2] - i32[fp + code[pc]]) | 0;
        pc++;
        break;
      case 0x102: // i32.mul_sl
        i32[sp - 2] = Math.imul(i32[sp - 2], i32[fp + code[pc]]);
        pc++;
        break;
      case 0x103: // i32.and_sl
        i32[sp - 2] = i32[sp - 2] & i32[fp + code[pc]];
        pc++;
        break;
      case 0x104: // i32.or_sl
        i32[sp - 2] = i32[sp - 2] | i32[fp + code[pc]];
        pc++;
        break;
      case 0x105: // i32.xor_sl
        i32[sp - 2] = i32[sp - 2] ^ i32[fp + code[pc]];
        pc++;
        break;
      case 0x106: // i32.shl_sl
        i32[sp - 2] = i32[sp - 2] << i32[fp + code[pc]];
        pc++;
        break;
      case 0x107: // i32.shr_s_sl
        i32[sp - 2] = i32[sp - 2] >> i32[fp + code[pc]];
        pc++;
        break;
      case 0x108: // i32.shr_u_sl
        i32[sp - 2] = i32[sp - 2] >>> i32[fp + code[pc]];
        pc++;
        break;
      case 0x109: { // i32.rotl_sl
        const x = i32[sp - 2];
        const k = i32[fp + code[pc]] & 31;
        i32[sp - 2] = (x << k) | (x >>> ((32 - k) & 31));
        pc++;
        break;
      }
      case 0x10a: { // i32.rotr_sl
        const x = i32[sp - 2];
        const k = i32[fp + code[pc]] & 31;
        i32[sp - 2] = (x >>> k) | (x << ((32 - k) & 31));
        pc++;
        break;
      }
      case 0x10b: // i32.eq_sl
        i32[sp - 2] = i32[sp - 2] === i32[fp + code[pc]] ? 1 : 0;
        pc++;
        break;
      case 0x10c: // i32.ne_sl
        i32[sp - 2] = i32[sp - 2] !== i32[fp + code[pc]] ? 1 : 0;
        pc++;
        break;
      case 0x10d: // i32.lt_s_sl
        i32[sp - 2] = i32[sp - 2] < i32[fp + code[pc]] ? 1 : 0;
        pc++;
        break;
      case 0x10e: // i32.lt_u_sl
        i32[sp - 2] = i32[sp - 2] >>> 0 < i32[fp + code[pc]] >>> 0 ? 1 : 0;
        pc++;
        break;
      case 0x10f: // i32.gt_s_sl
        i32[sp - 2] = i32[sp - 2] > i32[fp + code[pc]] ? 1 : 0;
        pc++;
        break;
      case 0x110: // i32.gt_u_sl
        i32[sp - 2] = i32[sp - 2] >>> 0 > i32[fp + code[pc]] >>> 0 ? 1 : 0;
        pc++;
        break;
      case 0x111: // i32.le_s_sl
        i32[sp - 2] = i32[sp - 2] <= i32[fp + code[pc]] ? 1 : 0;
        pc++;
        break;
      case 0x112: // i32.le_u_sl
        i32[sp - 2] = i32[sp - 2] >>> 0 <= i32[fp + code[pc]] >>> 0 ? 1 : 0;
        pc++;
        break;
      case 0x113: // i32.ge_s_sl
        i32[sp - 2] = i32[sp - 2] >= i32[fp + code[pc]] ? 1 : 0;
        pc++;
        break;
      case 0x114: // i32.ge_u_sl
        i32[sp - 2] = i32[sp - 2] >>> 0 >= i32[fp + code[pc]] >>> 0 ? 1 : 0;
        pc++;
        break;
      case 0x115: // i32.add_sc
        i32[sp - 2] = (i32[sp - 2] + code[pc]) | 0;
        pc++;
        break;
      case 0x116: // i32.sub_sc
        i32[sp - 2] = (i32[sp - 2] - code[pc]) | 0;
        pc++;
        break;
      case 0x117: // i32.mul_sc
        i32[sp - 2] = Math.imul(i32[sp - 2], code[pc]);
        pc++;
        break;
      case 0x118: // i32.and_sc
        i32[sp - 2] = i32[sp - 2] & code[pc];
        pc++;
        break;
      case 0x119: // i32.or_sc
        i32[sp - 2] = i32[sp - 2] | code[pc];
        pc++;
        break;
      case 0x11a: // i32.xor_sc
        i32[sp - 2] = i32[sp - 2] ^ code[pc];
        pc++;
        break;
      case 0x11b: // i32.shl_sc
        i32[sp - 2] = i32[sp - 2] << code[pc];
        pc++;
        break;
      case 0x11c: // i32.shr_s_sc
        i32[sp - 2] = i32[sp - 2] >> code[pc];
        pc++;
        break;
      case 0x11d: // i32.shr_u_sc
        i32[sp - 2] = i32[sp - 2] >>> code[pc];
        pc++;
        break;
      case 0x11e: { // i32.rotl_sc
        const x = i32[sp - 2];
        const k = code[pc] & 31;
        i32[sp - 2] = (x << k) | (x >>> ((32 - k) & 31));
        pc++;
        break;
      }
      case 0x11f: { // i32.rotr_sc
        const x = i32[sp - 2];
        const k = code[pc] & 31;
        i32[sp - 2] = (x >>> k) | (x << ((32 - k) & 31));
        pc++;
        break;
      }
      case 0x120: // i32.eq_sc
        i32[sp - 2] = i32[sp - 2] === code[pc] ? 1 : 0;
        pc++;
        break;
      case 0x121: // i32.ne_sc
        i32[sp - 2] = i32[sp - 2] !== code[pc] ? 1 : 0;
        pc++;
        break;
      case 0x122: // i32.lt_s_sc
        i32[sp - 2] = i32[sp - 2] < code[pc] ? 1 : 0;
        pc++;
        break;
      case 0x123: // i32.lt_u_sc
        i32[sp - 2] = i32[sp - 2] >>> 0 < code[pc] >>> 0 ? 1 : 0;
        pc++;
        break;
      case 0x124: // i32.gt_s_sc
        i32[sp - 2] = i32[sp - 2] > code[pc] ? 1 : 0;
        pc++;
        break;
      case 0x125: // i32.gt_u_sc
        i32[sp - 2] = i32[sp - 2] >>> 0 > code[pc] >>> 0 ? 1 : 0;
        pc++;
        break;
      case 0x126: // i32.le_s_sc
        i32[sp - 2] = i32[sp - 2] <= code[pc] ? 1 : 0;
        pc++;
        break;
      case 0x127: // i32.le_u_sc
        i32[sp - 2] = i32[sp - 2] >>> 0 <= code[pc] >>> 0 ? 1 : 0;
        pc++;
        break;
      case 0x128: // i32.ge_s_sc
        i32[sp - 2] = i32[sp - 2] >= code[pc] ? 1 : 0;
        pc++;
        break;
      case 0x129: // i32.ge_u_sc
        i32[sp - 2] = i32[sp - 2] >>> 0 >= code[pc] >>> 0 ? 1 : 0;
        pc++;
        break;
      case 0x266: { // charge+i32.add_ll
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x12a: // i32.add_ll
        i32[sp] = (i32[fp + code[pc]] + i32[fp + code[pc + 1]]) | 0;
        pc += 2;
        sp += 2;
        break;
      case 0x12b: // i32.sub_ll
        i32[sp] = (i32[fp + code[pc]] - i32[fp + code[pc + 1]]) | 0;
        pc += 2;
        sp += 2;
        break;
      case 0x12c: // i32.mul_ll
        i32[sp] = Math.imul(i32[fp + code[pc]], i32[fp + code[pc + 1]]);
        pc += 2;
        sp += 2;
        break;
      case 0x12d: // i32.and_ll
        i32[sp] = i32[fp + code[pc]] & i32[fp + code[pc + 1]];
        pc += 2;
        sp += 2;
        break;
      case 0x12e: // i32.or_ll
        i32[sp] = i32[fp + code[pc]] | i32[fp + code[pc + 1]];
        pc += 2;
        sp += 2;
        break;
      case 0x267: { // charge+i32.xor_ll
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x12f: // i32.xor_ll
        i32[sp] = i32[fp + code[pc]] ^ i32[fp + code[pc + 1]];
        pc += 2;
        sp += 2;
        break;
      case 0x130: // i32.shl_ll
        i32[sp] = i32[fp + code[pc]] << i32[fp + code[pc + 1]];
        pc += 2;
        sp += 2;
        break;
      case 0x131: // i32.shr_s_ll
        i32[sp] = i32[fp + code[pc]] >> i32[fp + code[pc + 1]];
        pc += 2;
        sp += 2;
        break;
      case 0x132: // i32.shr_u_ll
        i32[sp] = i32[fp + code[pc]] >>> i32[fp + code[pc + 1]];
        pc += 2;
        sp += 2;
        break;
      case 0x133: { // i32.rotl_ll
        const x = i32[fp + code[pc]];
        const k = i32[fp + code[pc + 1]] & 31;
        i32[sp] = (x << k) | (x >>> ((32 - k) & 31));
        pc += 2;
        sp += 2;
        break;
      }
      case 0x134: { // i32.rotr_ll
        const x = i32[fp + code[pc]];
        const k = i32[fp + code[pc + 1]] & 31;
        i32[sp] = (x >>> k) | (x << ((32 - k) & 31));
        pc += 2;
        sp += 2;
        break;
      }
      case 0x135: // i32.eq_ll
        i32[sp] = i32[fp + code[pc]] === i32[fp + code[pc + 1]] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x136: // i32.ne_ll
        i32[sp] = i32[fp + code[pc]] !== i32[fp + code[pc + 1]] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x137: // i32.lt_s_ll
        i32[sp] = i32[fp + code[pc]] < i32[fp + code[pc + 1]] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x138: // i32.lt_u_ll
        i32[sp] = i32[fp + code[pc]] >>> 0 < i32[fp + code[pc + 1]] >>> 0 ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x139: // i32.gt_s_ll
        i32[sp] = i32[fp + code[pc]] > i32[fp + code[pc + 1]] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x13a: // i32.gt_u_ll
        i32[sp] = i32[fp + code[pc]] >>> 0 > i32[fp + code[pc + 1]] >>> 0 ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x13b: // i32.le_s_ll
        i32[sp] = i32[fp + code[pc]] <= i32[fp + code[pc + 1]] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x13c: // i32.le_u_ll
        i32[sp] = i32[fp + code[pc]] >>> 0 <= i32[fp + code[pc + 1]] >>> 0 ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x13d: // i32.ge_s_ll
        i32[sp] = i32[fp + code[pc]] >= i32[fp + code[pc + 1]] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x13e: // i32.ge_u_ll
        i32[sp] = i32[fp + code[pc]] >>> 0 >= i32[fp + code[pc + 1]] >>> 0 ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x268: { // charge+i32.add_lc
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x13f: // i32.add_lc
        i32[sp] = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        pc += 2;
        sp += 2;
        break;
      case 0x140: // i32.sub_lc
        i32[sp] = (i32[fp + code[pc]] - code[pc + 1]) | 0;
        pc += 2;
        sp += 2;
        break;
      case 0x141: // i32.mul_lc
        i32[sp] = Math.imul(i32[fp + code[pc]], code[pc + 1]);
        pc += 2;
        sp += 2;
        break;
      case 0x142: // i32.and_lc
        i32[sp] = i32[fp + code[pc]] & code[pc + 1];
        pc += 2;
        sp += 2;
        break;
      case 0x143: // i32.or_lc
        i32[sp] = i32[fp + code[pc]] | code[pc + 1];
        pc += 2;
        sp += 2;
        break;
      case 0x144: // i32.xor_lc
        i32[sp] = i32[fp + code[pc]] ^ code[pc + 1];
        pc += 2;
        sp += 2;
        break;
      case 0x145: // i32.shl_lc
        i32[sp] = i32[fp + code[pc]] << code[pc + 1];
        pc += 2;
        sp += 2;
        break;
      case 0x146: // i32.shr_s_lc
        i32[sp] = i32[fp + code[pc]] >> code[pc + 1];
        pc += 2;
        sp += 2;
        break;
      case 0x147: // i32.shr_u_lc
        i32[sp] = i32[fp + code[pc]] >>> code[pc + 1];
        pc += 2;
        sp += 2;
        break;
      case 0x148: { // i32.rotl_lc
        const x = i32[fp + code[pc]];
        const k = code[pc + 1] & 31;
        i32[sp] = (x << k) | (x >>> ((32 - k) & 31));
        pc += 2;
        sp += 2;
        break;
      }
      case 0x149: { // i32.rotr_lc
        const x = i32[fp + code[pc]];
        const k = code[pc + 1] & 31;
        i32[sp] = (x >>> k) | (x << ((32 - k) & 31));
        pc += 2;
        sp += 2;
        break;
      }
      case 0x14a: // i32.eq_lc
        i32[sp] = i32[fp + code[pc]] === code[pc + 1] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x14b: // i32.ne_lc
        i32[sp] = i32[fp + code[pc]] !== code[pc + 1] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x14c: // i32.lt_s_lc
        i32[sp] = i32[fp + code[pc]] < code[pc + 1] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x14d: // i32.lt_u_lc
        i32[sp] = i32[fp + code[pc]] >>> 0 < code[pc + 1] >>> 0 ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x14e: // i32.gt_s_lc
        i32[sp] = i32[fp + code[pc]] > code[pc + 1] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x14f: // i32.gt_u_lc
        i32[sp] = i32[fp + code[pc]] >>> 0 > code[pc + 1] >>> 0 ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x150: // i32.le_s_lc
        i32[sp] = i32[fp + code[pc]] <= code[pc + 1] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x151: // i32.le_u_lc
        i32[sp] = i32[fp + code[pc]] >>> 0 <= code[pc + 1] >>> 0 ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x152: // i32.ge_s_lc
        i32[sp] = i32[fp + code[pc]] >= code[pc + 1] ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x153: // i32.ge_u_lc
        i32[sp] = i32[fp + code[pc]] >>> 0 >= code[pc + 1] >>> 0 ? 1 : 0;
        pc += 2;
        sp += 2;
        break;
      case 0x154: // i32.add_ll_set
        i32[fp + code[pc + 2]] = (i32[fp + code[pc]] + i32[fp + code[pc + 1]]) | 0;
        pc += 3;
        break;
      case 0x155: // i32.sub_ll_set
        i32[fp + code[pc + 2]] = (i32[fp + code[pc]] - i32[fp + code[pc + 1]]) | 0;
        pc += 3;
        break;
      case 0x156: // i32.mul_ll_set
        i32[fp + code[pc + 2]] = Math.imul(i32[fp + code[pc]], i32[fp + code[pc + 1]]);
        pc += 3;
        break;
      case 0x157: // i32.and_ll_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] & i32[fp + code[pc + 1]];
        pc += 3;
        break;
      case 0x158: // i32.or_ll_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] | i32[fp + code[pc + 1]];
        pc += 3;
        break;
      case 0x159: // i32.xor_ll_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] ^ i32[fp + code[pc + 1]];
        pc += 3;
        break;
      case 0x15a: // i32.shl_ll_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] << i32[fp + code[pc + 1]];
        pc += 3;
        break;
      case 0x15b: // i32.shr_s_ll_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] >> i32[fp + code[pc + 1]];
        pc += 3;
        break;
      case 0x15c: // i32.shr_u_ll_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] >>> i32[fp + code[pc + 1]];
        pc += 3;
        break;
      case 0x277: { // charge+i32.add_lc_set
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x15d: // i32.add_lc_set
        i32[fp + code[pc + 2]] = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        pc += 3;
        break;
      case 0x15e: // i32.sub_lc_set
        i32[fp + code[pc + 2]] = (i32[fp + code[pc]] - code[pc + 1]) | 0;
        pc += 3;
        break;
      case 0x15f: // i32.mul_lc_set
        i32[fp + code[pc + 2]] = Math.imul(i32[fp + code[pc]], code[pc + 1]);
        pc += 3;
        break;
      case 0x160: // i32.and_lc_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] & code[pc + 1];
        pc += 3;
        break;
      case 0x161: // i32.or_lc_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] | code[pc + 1];
        pc += 3;
        break;
      case 0x162: // i32.xor_lc_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] ^ code[pc + 1];
        pc += 3;
        break;
      case 0x163: // i32.shl_lc_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] << code[pc + 1];
        pc += 3;
        break;
      case 0x164: // i32.shr_s_lc_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] >> code[pc + 1];
        pc += 3;
        break;
      case 0x165: // i32.shr_u_lc_set
        i32[fp + code[pc + 2]] = i32[fp + code[pc]] >>> code[pc + 1];
        pc += 3;
        break;
      case 0x166: // br_if.i32.eq_ss
        sp -= 4;
        if (i32[sp] === i32[sp + 2]) pc = code[pc];
        else pc += 1;
        break;
      case 0x167: // br_if.i32.ne_ss
        sp -= 4;
        if (i32[sp] !== i32[sp + 2]) pc = code[pc];
        else pc += 1;
        break;
      case 0x168: // br_if.i32.lt_s_ss
        sp -= 4;
        if (i32[sp] < i32[sp + 2]) pc = code[pc];
        else pc += 1;
        break;
      case 0x169: // br_if.i32.lt_u_ss
        sp -= 4;
        if (i32[sp] >>> 0 < i32[sp + 2] >>> 0) pc = code[pc];
        else pc += 1;
        break;
      case 0x16a: // br_if.i32.gt_s_ss
        sp -= 4;
        if (i32[sp] > i32[sp + 2]) pc = code[pc];
        else pc += 1;
        break;
      case 0x16b: // br_if.i32.gt_u_ss
        sp -= 4;
        if (i32[sp] >>> 0 > i32[sp + 2] >>> 0) pc = code[pc];
        else pc += 1;
        break;
      case 0x16c: // br_if.i32.le_s_ss
        sp -= 4;
        if (i32[sp] <= i32[sp + 2]) pc = code[pc];
        else pc += 1;
        break;
      case 0x16d: // br_if.i32.le_u_ss
        sp -= 4;
        if (i32[sp] >>> 0 <= i32[sp + 2] >>> 0) pc = code[pc];
        else pc += 1;
        break;
      case 0x16e: // br_if.i32.ge_s_ss
        sp -= 4;
        if (i32[sp] >= i32[sp + 2]) pc = code[pc];
        else pc += 1;
        break;
      case 0x16f: // br_if.i32.ge_u_ss
        sp -= 4;
        if (i32[sp] >>> 0 >= i32[sp + 2] >>> 0) pc = code[pc];
        else pc += 1;
        break;
      case 0x170: // br_if.i32.eq_sl
        sp -= 2;
        if (i32[sp] === i32[fp + code[pc]]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x171: // br_if.i32.ne_sl
        sp -= 2;
        if (i32[sp] !== i32[fp + code[pc]]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x172: // br_if.i32.lt_s_sl
        sp -= 2;
        if (i32[sp] < i32[fp + code[pc]]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x173: // br_if.i32.lt_u_sl
        sp -= 2;
        if (i32[sp] >>> 0 < i32[fp + code[pc]] >>> 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x174: // br_if.i32.gt_s_sl
        sp -= 2;
        if (i32[sp] > i32[fp + code[pc]]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x175: // br_if.i32.gt_u_sl
        sp -= 2;
        if (i32[sp] >>> 0 > i32[fp + code[pc]] >>> 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x176: // br_if.i32.le_s_sl
        sp -= 2;
        if (i32[sp] <= i32[fp + code[pc]]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x177: // br_if.i32.le_u_sl
        sp -= 2;
        if (i32[sp] >>> 0 <= i32[fp + code[pc]] >>> 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x178: // br_if.i32.ge_s_sl
        sp -= 2;
        if (i32[sp] >= i32[fp + code[pc]]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x179: // br_if.i32.ge_u_sl
        sp -= 2;
        if (i32[sp] >>> 0 >= i32[fp + code[pc]] >>> 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x17a: // br_if.i32.eq_sc
        sp -= 2;
        if (i32[sp] === code[pc]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x17b: // br_if.i32.ne_sc
        sp -= 2;
        if (i32[sp] !== code[pc]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x17c: // br_if.i32.lt_s_sc
        sp -= 2;
        if (i32[sp] < code[pc]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x17d: // br_if.i32.lt_u_sc
        sp -= 2;
        if (i32[sp] >>> 0 < code[pc] >>> 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x17e: // br_if.i32.gt_s_sc
        sp -= 2;
        if (i32[sp] > code[pc]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x17f: // br_if.i32.gt_u_sc
        sp -= 2;
        if (i32[sp] >>> 0 > code[pc] >>> 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x180: // br_if.i32.le_s_sc
        sp -= 2;
        if (i32[sp] <= code[pc]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x181: // br_if.i32.le_u_sc
        sp -= 2;
        if (i32[sp] >>> 0 <= code[pc] >>> 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x182: // br_if.i32.ge_s_sc
        sp -= 2;
        if (i32[sp] >= code[pc]) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x183: // br_if.i32.ge_u_sc
        sp -= 2;
        if (i32[sp] >>> 0 >= code[pc] >>> 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x184: // br_if.i32.eq_ll
        if (i32[fp + code[pc]] === i32[fp + code[pc + 1]]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x185: // br_if.i32.ne_ll
        if (i32[fp + code[pc]] !== i32[fp + code[pc + 1]]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x186: // br_if.i32.lt_s_ll
        if (i32[fp + code[pc]] < i32[fp + code[pc + 1]]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x187: // br_if.i32.lt_u_ll
        if (i32[fp + code[pc]] >>> 0 < i32[fp + code[pc + 1]] >>> 0) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x188: // br_if.i32.gt_s_ll
        if (i32[fp + code[pc]] > i32[fp + code[pc + 1]]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x189: // br_if.i32.gt_u_ll
        if (i32[fp + code[pc]] >>> 0 > i32[fp + code[pc + 1]] >>> 0) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x18a: // br_if.i32.le_s_ll
        if (i32[fp + code[pc]] <= i32[fp + code[pc + 1]]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x18b: // br_if.i32.le_u_ll
        if (i32[fp + code[pc]] >>> 0 <= i32[fp + code[pc + 1]] >>> 0) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x18c: // br_if.i32.ge_s_ll
        if (i32[fp + code[pc]] >= i32[fp + code[pc + 1]]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x18d: // br_if.i32.ge_u_ll
        if (i32[fp + code[pc]] >>> 0 >= i32[fp + code[pc + 1]] >>> 0) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x18e: // br_if.i32.eq_lc
        if (i32[fp + code[pc]] === code[pc + 1]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x18f: // br_if.i32.ne_lc
        if (i32[fp + code[pc]] !== code[pc + 1]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x190: // br_if.i32.lt_s_lc
        if (i32[fp + code[pc]] < code[pc + 1]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x191: // br_if.i32.lt_u_lc
        if (i32[fp + code[pc]] >>> 0 < code[pc + 1] >>> 0) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x192: // br_if.i32.gt_s_lc
        if (i32[fp + code[pc]] > code[pc + 1]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x193: // br_if.i32.gt_u_lc
        if (i32[fp + code[pc]] >>> 0 > code[pc + 1] >>> 0) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x194: // br_if.i32.le_s_lc
        if (i32[fp + code[pc]] <= code[pc + 1]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x195: // br_if.i32.le_u_lc
        if (i32[fp + code[pc]] >>> 0 <= code[pc + 1] >>> 0) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x26b: { // charge+br_if.i32.ge_s_lc
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x196: // br_if.i32.ge_s_lc
        if (i32[fp + code[pc]] >= code[pc + 1]) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x197: // br_if.i32.ge_u_lc
        if (i32[fp + code[pc]] >>> 0 >= code[pc + 1] >>> 0) pc = code[pc + 2];
        else pc += 3;
        break;
      case 0x26a: { // charge+i32.add_sl_set
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x198: // i32.add_sl_set
        i32[fp + code[pc + 1]] = (i32[sp - 2] + i32[fp + code[pc]]) | 0;
        pc += 2;
        sp -= 2;
        break;
      case 0x199: // i32.sub_sl_set
        i32[fp + code[pc + 1]] = (i32[sp - 2] - i32[fp + code[pc]]) | 0;
        pc += 2;
        sp -= 2;
        break;
      case 0x19a: // i32.mul_sl_set
        i32[fp + code[pc + 1]] = Math.imul(i32[sp - 2], i32[fp + code[pc]]);
        pc += 2;
        sp -= 2;
        break;
      case 0x19b: // i32.and_sl_set
        i32[fp + code[pc + 1]] = i32[sp - 2] & i32[fp + code[pc]];
        pc += 2;
        sp -= 2;
        break;
      case 0x19c: // i32.or_sl_set
        i32[fp + code[pc + 1]] = i32[sp - 2] | i32[fp + code[pc]];
        pc += 2;
        sp -= 2;
        break;
      case 0x19d: // i32.xor_sl_set
        i32[fp + code[pc + 1]] = i32[sp - 2] ^ i32[fp + code[pc]];
        pc += 2;
        sp -= 2;
        break;
      case 0x19e: // i32.shl_sl_set
        i32[fp + code[pc + 1]] = i32[sp - 2] << i32[fp + code[pc]];
        pc += 2;
        sp -= 2;
        break;
      case 0x19f: // i32.shr_s_sl_set
        i32[fp + code[pc + 1]] = i32[sp - 2] >> i32[fp + code[pc]];
        pc += 2;
        sp -= 2;
        break;
      case 0x1a0: // i32.shr_u_sl_set
        i32[fp + code[pc + 1]] = i32[sp - 2] >>> i32[fp + code[pc]];
        pc += 2;
        sp -= 2;
        break;
      case 0x1a1: // i32.add_sc_set
        i32[fp + code[pc + 1]] = (i32[sp - 2] + code[pc]) | 0;
        pc += 2;
        sp -= 2;
        break;
      case 0x1a2: // i32.sub_sc_set
        i32[fp + code[pc + 1]] = (i32[sp - 2] - code[pc]) | 0;
        pc += 2;
        sp -= 2;
        break;
      case 0x1a3: // i32.mul_sc_set
        i32[fp + code[pc + 1]] = Math.imul(i32[sp - 2], code[pc]);
        pc += 2;
        sp -= 2;
        break;
      case 0x1a4: // i32.and_sc_set
        i32[fp + code[pc + 1]] = i32[sp - 2] & code[pc];
        pc += 2;
        sp -= 2;
        break;
      case 0x1a5: // i32.or_sc_set
        i32[fp + code[pc + 1]] = i32[sp - 2] | code[pc];
        pc += 2;
        sp -= 2;
        break;
      case 0x1a6: // i32.xor_sc_set
        i32[fp + code[pc + 1]] = i32[sp - 2] ^ code[pc];
        pc += 2;
        sp -= 2;
        break;
      case 0x1a7: // i32.shl_sc_set
        i32[fp + code[pc + 1]] = i32[sp - 2] << code[pc];
        pc += 2;
        sp -= 2;
        break;
      case 0x1a8: // i32.shr_s_sc_set
        i32[fp + code[pc + 1]] = i32[sp - 2] >> code[pc];
        pc += 2;
        sp -= 2;
        break;
      case 0x1a9: // i32.shr_u_sc_set
        i32[fp + code[pc + 1]] = i32[sp - 2] >>> code[pc];
        pc += 2;
        sp -= 2;
        break;
      case 0x1aa: { // i32.add_sl_tee
        const v = (i32[sp - 2] + i32[fp + code[pc]]) | 0;
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1ab: { // i32.sub_sl_tee
        const v = (i32[sp - 2] - i32[fp + code[pc]]) | 0;
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1ac: { // i32.mul_sl_tee
        const v = Math.imul(i32[sp - 2], i32[fp + code[pc]]);
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1ad: { // i32.and_sl_tee
        const v = i32[sp - 2] & i32[fp + code[pc]];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1ae: { // i32.or_sl_tee
        const v = i32[sp - 2] | i32[fp + code[pc]];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1af: { // i32.xor_sl_tee
        const v = i32[sp - 2] ^ i32[fp + code[pc]];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b0: { // i32.shl_sl_tee
        const v = i32[sp - 2] << i32[fp + code[pc]];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b1: { // i32.shr_s_sl_tee
        const v = i32[sp - 2] >> i32[fp + code[pc]];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b2: { // i32.shr_u_sl_tee
        const v = i32[sp - 2] >>> i32[fp + code[pc]];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b3: { // i32.add_sc_tee
        const v = (i32[sp - 2] + code[pc]) | 0;
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b4: { // i32.sub_sc_tee
        const v = (i32[sp - 2] - code[pc]) | 0;
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b5: { // i32.mul_sc_tee
        const v = Math.imul(i32[sp - 2], code[pc]);
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b6: { // i32.and_sc_tee
        const v = i32[sp - 2] & code[pc];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b7: { // i32.or_sc_tee
        const v = i32[sp - 2] | code[pc];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b8: { // i32.xor_sc_tee
        const v = i32[sp - 2] ^ code[pc];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1b9: { // i32.shl_sc_tee
        const v = i32[sp - 2] << code[pc];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1ba: { // i32.shr_s_sc_tee
        const v = i32[sp - 2] >> code[pc];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x1bb: { // i32.shr_u_sc_tee
        const v = i32[sp - 2] >>> code[pc];
        i32[sp - 2] = v;
        i32[fp + code[pc + 1]] = v;
        pc += 2;
        break;
      }
      case 0x269: { // charge+i32.add_ll_tee
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x1bc: { // i32.add_ll_tee
        const v = (i32[fp + code[pc]] + i32[fp + code[pc + 1]]) | 0;
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1bd: { // i32.sub_ll_tee
        const v = (i32[fp + code[pc]] - i32[fp + code[pc + 1]]) | 0;
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1be: { // i32.mul_ll_tee
        const v = Math.imul(i32[fp + code[pc]], i32[fp + code[pc + 1]]);
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1bf: { // i32.and_ll_tee
        const v = i32[fp + code[pc]] & i32[fp + code[pc + 1]];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c0: { // i32.or_ll_tee
        const v = i32[fp + code[pc]] | i32[fp + code[pc + 1]];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c1: { // i32.xor_ll_tee
        const v = i32[fp + code[pc]] ^ i32[fp + code[pc + 1]];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c2: { // i32.shl_ll_tee
        const v = i32[fp + code[pc]] << i32[fp + code[pc + 1]];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c3: { // i32.shr_s_ll_tee
        const v = i32[fp + code[pc]] >> i32[fp + code[pc + 1]];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c4: { // i32.shr_u_ll_tee
        const v = i32[fp + code[pc]] >>> i32[fp + code[pc + 1]];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c5: { // i32.add_lc_tee
        const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c6: { // i32.sub_lc_tee
        const v = (i32[fp + code[pc]] - code[pc + 1]) | 0;
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c7: { // i32.mul_lc_tee
        const v = Math.imul(i32[fp + code[pc]], code[pc + 1]);
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c8: { // i32.and_lc_tee
        const v = i32[fp + code[pc]] & code[pc + 1];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1c9: { // i32.or_lc_tee
        const v = i32[fp + code[pc]] | code[pc + 1];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1ca: { // i32.xor_lc_tee
        const v = i32[fp + code[pc]] ^ code[pc + 1];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1cb: { // i32.shl_lc_tee
        const v = i32[fp + code[pc]] << code[pc + 1];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1cc: { // i32.shr_s_lc_tee
        const v = i32[fp + code[pc]] >> code[pc + 1];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1cd: { // i32.shr_u_lc_tee
        const v = i32[fp + code[pc]] >>> code[pc + 1];
        i32[sp] = v;
        sp += 2;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x1ce: { // i64.add_sl
        const a = sp - 2;
        const b = fp + code[pc];
        i64Add(i32, a, a, b);
        pc += 1;
        break;
      }
      case 0x1cf: { // i64.sub_sl
        const a = sp - 2;
        const b = fp + code[pc];
        i64Sub(i32, a, a, b);
        pc += 1;
        break;
      }
      case 0x1d0: { // i64.mul_sl
        const a = sp - 2;
        const b = fp + code[pc];
        i64Mul(i32, a, a, b);
        pc += 1;
        break;
      }
      case 0x1d1: { // i64.and_sl
        const a = sp - 2;
        const b = fp + code[pc];
        const lo = i32[a] & i32[b];
        i32[a + 1] = i32[a + 1] & i32[b + 1];
        i32[a] = lo;
        pc += 1;
        break;
      }
      case 0x1d2: { // i64.or_sl
        const a = sp - 2;
        const b = fp + code[pc];
        const lo = i32[a] | i32[b];
        i32[a + 1] = i32[a + 1] | i32[b + 1];
        i32[a] = lo;
        pc += 1;
        break;
      }
      case 0x1d3: { // i64.xor_sl
        const a = sp - 2;
        const b = fp + code[pc];
        const lo = i32[a] ^ i32[b];
        i32[a + 1] = i32[a + 1] ^ i32[b + 1];
        i32[a] = lo;
        pc += 1;
        break;
      }
      case 0x1d4: { // i64.shl_sl
        const a = sp - 2;
        const b = fp + code[pc];
        i64Shl(i32, a, a, b);
        pc += 1;
        break;
      }
      case 0x1d5: { // i64.shr_s_sl
        const a = sp - 2;
        const b = fp + code[pc];
        i64ShrS(i32, a, a, b);
        pc += 1;
        break;
      }
      case 0x1d6: { // i64.shr_u_sl
        const a = sp - 2;
        const b = fp + code[pc];
        i64ShrU(i32, a, a, b);
        pc += 1;
        break;
      }
      case 0x1d7: { // i64.rotl_sl
        const a = sp - 2;
        const b = fp + code[pc];
        i64Rotl(i32, a, a, b);
        pc += 1;
        break;
      }
      case 0x1d8: { // i64.rotr_sl
        const a = sp - 2;
        const b = fp + code[pc];
        i64Rotr(i32, a, a, b);
        pc += 1;
        break;
      }
      case 0x1d9: { // i64.add_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Add(i32, sp, a, b);
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1da: { // i64.sub_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Sub(i32, sp, a, b);
        pc += 2;
        sp += 2;
        break;
      }
      case 0x276: { // charge+i64.mul_ll
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x1db: { // i64.mul_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Mul(i32, sp, a, b);
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1dc: { // i64.and_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        const lo = i32[a] & i32[b];
        i32[sp + 1] = i32[a + 1] & i32[b + 1];
        i32[sp] = lo;
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1dd: { // i64.or_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        const lo = i32[a] | i32[b];
        i32[sp + 1] = i32[a + 1] | i32[b + 1];
        i32[sp] = lo;
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1de: { // i64.xor_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        const lo = i32[a] ^ i32[b];
        i32[sp + 1] = i32[a + 1] ^ i32[b + 1];
        i32[sp] = lo;
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1df: { // i64.shl_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Shl(i32, sp, a, b);
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1e0: { // i64.shr_s_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64ShrS(i32, sp, a, b);
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1e1: { // i64.shr_u_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64ShrU(i32, sp, a, b);
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1e2: { // i64.rotl_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Rotl(i32, sp, a, b);
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1e3: { // i64.rotr_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Rotr(i32, sp, a, b);
        pc += 2;
        sp += 2;
        break;
      }
      case 0x1e4: { // i64.add_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Add(i32, fp + code[pc + 2], a, b);
        pc += 3;
        break;
      }
      case 0x1e5: { // i64.sub_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Sub(i32, fp + code[pc + 2], a, b);
        pc += 3;
        break;
      }
      case 0x1e6: { // i64.mul_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Mul(i32, fp + code[pc + 2], a, b);
        pc += 3;
        break;
      }
      case 0x1e7: { // i64.and_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        const d = fp + code[pc + 2];
        const lo = i32[a] & i32[b];
        i32[d + 1] = i32[a + 1] & i32[b + 1];
        i32[d] = lo;
        pc += 3;
        break;
      }
      case 0x1e8: { // i64.or_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        const d = fp + code[pc + 2];
        const lo = i32[a] | i32[b];
        i32[d + 1] = i32[a + 1] | i32[b + 1];
        i32[d] = lo;
        pc += 3;
        break;
      }
      case 0x1e9: { // i64.xor_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        const d = fp + code[pc + 2];
        const lo = i32[a] ^ i32[b];
        i32[d + 1] = i32[a + 1] ^ i32[b + 1];
        i32[d] = lo;
        pc += 3;
        break;
      }
      case 0x1ea: { // i64.shl_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Shl(i32, fp + code[pc + 2], a, b);
        pc += 3;
        break;
      }
      case 0x1eb: { // i64.shr_s_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64ShrS(i32, fp + code[pc + 2], a, b);
        pc += 3;
        break;
      }
      case 0x1ec: { // i64.shr_u_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64ShrU(i32, fp + code[pc + 2], a, b);
        pc += 3;
        break;
      }
      case 0x1ed: { // i64.rotl_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Rotl(i32, fp + code[pc + 2], a, b);
        pc += 3;
        break;
      }
      case 0x1ee: { // i64.rotr_ll_set
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i64Rotr(i32, fp + code[pc + 2], a, b);
        pc += 3;
        break;
      }
      case 0x1ef: // i64.add_sc
        i32[sp] = code[pc];
        i32[sp + 1] = code[pc + 1];
        i64Add(i32, sp - 2, sp - 2, sp);
        pc += 2;
        break;
      case 0x1f0: // i64.sub_sc
        i32[sp] = code[pc];
        i32[sp + 1] = code[pc + 1];
        i64Sub(i32, sp - 2, sp - 2, sp);
        pc += 2;
        break;
      case 0x1f1: // i64.mul_sc
        i32[sp] = code[pc];
        i32[sp + 1] = code[pc + 1];
        i64Mul(i32, sp - 2, sp - 2, sp);
        pc += 2;
        break;
      case 0x1f2: // i64.and_sc
        i32[sp - 2] = i32[sp - 2] & code[pc];
        i32[sp - 1] = i32[sp - 1] & code[pc + 1];
        pc += 2;
        break;
      case 0x1f3: // i64.or_sc
        i32[sp - 2] = i32[sp - 2] | code[pc];
        i32[sp - 1] = i32[sp - 1] | code[pc + 1];
        pc += 2;
        break;
      case 0x1f4: // i64.xor_sc
        i32[sp - 2] = i32[sp - 2] ^ code[pc];
        i32[sp - 1] = i32[sp - 1] ^ code[pc + 1];
        pc += 2;
        break;
      case 0x1f5: // i64.shl_sc
        i32[sp] = code[pc];
        i32[sp + 1] = code[pc + 1];
        i64Shl(i32, sp - 2, sp - 2, sp);
        pc += 2;
        break;
      case 0x1f6: // i64.shr_s_sc
        i32[sp] = code[pc];
        i32[sp + 1] = code[pc + 1];
        i64ShrS(i32, sp - 2, sp - 2, sp);
        pc += 2;
        break;
      case 0x1f7: // i64.shr_u_sc
        i32[sp] = code[pc];
        i32[sp + 1] = code[pc + 1];
        i64ShrU(i32, sp - 2, sp - 2, sp);
        pc += 2;
        break;
      case 0x1f8: // i64.rotl_sc
        i32[sp] = code[pc];
        i32[sp + 1] = code[pc + 1];
        i64Rotl(i32, sp - 2, sp - 2, sp);
        pc += 2;
        break;
      case 0x1f9: // i64.rotr_sc
        i32[sp] = code[pc];
        i32[sp + 1] = code[pc + 1];
        i64Rotr(i32, sp - 2, sp - 2, sp);
        pc += 2;
        break;
      case 0x1fa: { // i64.add_lc
        const a = fp + code[pc];
        i32[sp + 2] = code[pc + 1];
        i32[sp + 3] = code[pc + 2];
        i64Add(i32, sp, a, sp + 2);
        pc += 3;
        sp += 2;
        break;
      }
      case 0x1fb: { // i64.sub_lc
        const a = fp + code[pc];
        i32[sp + 2] = code[pc + 1];
        i32[sp + 3] = code[pc + 2];
        i64Sub(i32, sp, a, sp + 2);
        pc += 3;
        sp += 2;
        break;
      }
      case 0x1fc: { // i64.mul_lc
        const a = fp + code[pc];
        i32[sp + 2] = code[pc + 1];
        i32[sp + 3] = code[pc + 2];
        i64Mul(i32, sp, a, sp + 2);
        pc += 3;
        sp += 2;
        break;
      }
      case 0x1fd: { // i64.and_lc
        const a = fp + code[pc];
        i32[sp] = i32[a] & code[pc + 1];
        i32[sp + 1] = i32[a + 1] & code[pc + 2];
        pc += 3;
        sp += 2;
        break;
      }
      case 0x1fe: { // i64.or_lc
        const a = fp + code[pc];
        i32[sp] = i32[a] | code[pc + 1];
        i32[sp + 1] = i32[a + 1] | code[pc + 2];
        pc += 3;
        sp += 2;
        break;
      }
      case 0x1ff: { // i64.xor_lc
        const a = fp + code[pc];
        i32[sp] = i32[a] ^ code[pc + 1];
        i32[sp + 1] = i32[a + 1] ^ code[pc + 2];
        pc += 3;
        sp += 2;
        break;
      }
      case 0x200: { // i64.shl_lc
        const a = fp + code[pc];
        i32[sp + 2] = code[pc + 1];
        i32[sp + 3] = code[pc + 2];
        i64Shl(i32, sp, a, sp + 2);
        pc += 3;
        sp += 2;
        break;
      }
      case 0x201: { // i64.shr_s_lc
        const a = fp + code[pc];
        i32[sp + 2] = code[pc + 1];
        i32[sp + 3] = code[pc + 2];
        i64ShrS(i32, sp, a, sp + 2);
        pc += 3;
        sp += 2;
        break;
      }
      case 0x202: { // i64.shr_u_lc
        const a = fp + code[pc];
        i32[sp + 2] = code[pc + 1];
        i32[sp + 3] = code[pc + 2];
        i64ShrU(i32, sp, a, sp + 2);
        pc += 3;
        sp += 2;
        break;
      }
      case 0x203: { // i64.rotl_lc
        const a = fp + code[pc];
        i32[sp + 2] = code[pc + 1];
        i32[sp + 3] = code[pc + 2];
        i64Rotl(i32, sp, a, sp + 2);
        pc += 3;
        sp += 2;
        break;
      }
      case 0x204: { // i64.rotr_lc
        const a = fp + code[pc];
        i32[sp + 2] = code[pc + 1];
        i32[sp + 3] = code[pc + 2];
        i64Rotr(i32, sp, a, sp + 2);
        pc += 3;
        sp += 2;
        break;
      }
      case 0x274: { // charge+i32.load_l
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x205: { // i32.load_l
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 4 > memSize) trapOutOfBounds();
        i32[sp] = view.getInt32(addr, true);
        sp += 2;
        break;
      }
      case 0x206: { // i64.load_l
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        i32[sp] = view.getInt32(addr, true);
        i32[sp + 1] = view.getInt32(addr + 4, true);
        sp += 2;
        break;
      }
      case 0x275: { // charge+i32.load8_u_l
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x207: { // i32.load8_u_l
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 1 > memSize) trapOutOfBounds();
        i32[sp] = u8[addr];
        sp += 2;
        break;
      }
      case 0x208: { // i32.load_l_set
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 4 > memSize) trapOutOfBounds();
        const d = fp + code[pc];
        pc++;
        i32[d] = view.getInt32(addr, true);
        break;
      }
      case 0x263: { // i64.load_l_set_x2
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        const d = fp + code[pc];
        pc++;
        i32[d] = view.getInt32(addr, true);
        i32[d + 1] = view.getInt32(addr + 4, true);
        pc++;
      }
      // falls through
      case 0x209: { // i64.load_l_set
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        const d = fp + code[pc];
        pc++;
        i32[d] = view.getInt32(addr, true);
        i32[d + 1] = view.getInt32(addr + 4, true);
        break;
      }
      case 0x20a: { // i32.load8_u_l_set
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 1 > memSize) trapOutOfBounds();
        const d = fp + code[pc];
        pc++;
        i32[d] = u8[addr];
        break;
      }
      case 0x26d: { // charge+i32.store_ll
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x20b: { // i32.store_ll
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 2] >>> 0);
        const v = fp + code[pc + 1];
        pc += 3;
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[v], true);
        break;
      }
      case 0x20c: { // i64.store_ll
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 2] >>> 0);
        const v = fp + code[pc + 1];
        pc += 3;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[v], true);
        view.setInt32(addr + 4, i32[v + 1], true);
        break;
      }
      case 0x20d: { // i32.store8_ll
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 2] >>> 0);
        const v = fp + code[pc + 1];
        pc += 3;
        if (addr + 1 > memSize) trapOutOfBounds();
        u8[addr] = i32[v];
        break;
      }
      case 0x20e: { // i32.store_sl
        sp -= 2;
        const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);
        const v = fp + code[pc];
        pc += 2;
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[v], true);
        break;
      }
      case 0x20f: { // i64.store_sl
        sp -= 2;
        const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);
        const v = fp + code[pc];
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[v], true);
        view.setInt32(addr + 4, i32[v + 1], true);
        break;
      }
      case 0x210: { // i32.store8_sl
        sp -= 2;
        const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);
        const v = fp + code[pc];
        pc += 2;
        if (addr + 1 > memSize) trapOutOfBounds();
        u8[addr] = i32[v];
        break;
      }
      case 0x211: { // i32.store_ls
        sp -= 2;
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        const v = sp;
        pc += 2;
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[v], true);
        break;
      }
      case 0x212: { // i64.store_ls
        sp -= 2;
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        const v = sp;
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[v], true);
        view.setInt32(addr + 4, i32[v + 1], true);
        break;
      }
      case 0x213: { // i32.store8_ls
        sp -= 2;
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        const v = sp;
        pc += 2;
        if (addr + 1 > memSize) trapOutOfBounds();
        u8[addr] = i32[v];
        break;
      }
      case 0x214: { // local.copy
        const from = fp + code[pc];
        const to = fp + code[pc + 1];
        i32[to] = i32[from];
        i32[to + 1] = i32[from + 1];
        pc += 2;
        break;
      }
      case 0x215: // br_if_l
        if (i32[fp + code[pc]] !== 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x216: // br_unless_l
        if (i32[fp + code[pc]] === 0) pc = code[pc + 1];
        else pc += 2;
        break;
      case 0x26e: { // charge+i32.load_lc
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x217: { // i32.load_lc
        const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 4 > memSize) trapOutOfBounds();
        i32[sp] = view.getInt32(addr, true);
        sp += 2;
        break;
      }
      case 0x218: { // i64.load_lc
        const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 8 > memSize) trapOutOfBounds();
        i32[sp] = view.getInt32(addr, true);
        i32[sp + 1] = view.getInt32(addr + 4, true);
        sp += 2;
        break;
      }
      case 0x26f: { // charge+i32.load8_u_lc
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x219: { // i32.load8_u_lc
        const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 1 > memSize) trapOutOfBounds();
        i32[sp] = u8[addr];
        sp += 2;
        break;
      }
      case 0x21a: { // i64.load32_u_lc
        const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 4 > memSize) trapOutOfBounds();
        i32[sp] = view.getInt32(addr, true);
        i32[sp + 1] = 0;
        sp += 2;
        break;
      }
      case 0x21b: { // i32.load_sc
        const addr = ((i32[sp - 2] + code[pc]) >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 4 > memSize) trapOutOfBounds();
        i32[sp - 2] = view.getInt32(addr, true);
        break;
      }
      case 0x21c: { // i64.load_sc
        const addr = ((i32[sp - 2] + code[pc]) >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        i32[sp - 2] = view.getInt32(addr, true);
        i32[sp - 1] = view.getInt32(addr + 4, true);
        break;
      }
      case 0x21d: // f64.add_sl
        f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] + f64[(fp + code[pc]) >> 1];
        pc++;
        break;
      case 0x21e: // f64.add_sl_set
        sp -= 2;
        f64[(fp + code[pc + 1]) >> 1] = f64[sp >> 1] + f64[(fp + code[pc]) >> 1];
        pc += 2;
        break;
      case 0x21f: { // i32.add_sc_store
        sp -= 4;
        const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);
        const v = (i32[sp + 2] + code[pc]) | 0;
        pc += 2;
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, v, true);
        break;
      }
      case 0x270: { // charge+br_if.i32.add_lc_tee_ne
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x220: { // br_if.i32.add_lc_tee_ne
        const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        i32[fp + code[pc + 2]] = v;
        if (v !== code[pc + 3]) pc = code[pc + 4];
        else pc += 5;
        break;
      }
      case 0x221: { // i64.load_l_tee
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        const d = fp + code[pc];
        const lo = view.getInt32(addr, true);
        const hi = view.getInt32(addr + 4, true);
        i32[sp] = lo;
        i32[sp + 1] = hi;
        i32[d] = lo;
        i32[d + 1] = hi;
        pc++;
        sp += 2;
        break;
      }
      case 0x222: { // i64.xor_sl_store
        sp -= 2;
        const b = fp + code[pc];
        const addr = (i32[fp + code[pc + 1]] >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[sp] ^ i32[b], true);
        view.setInt32(addr + 4, i32[sp + 1] ^ i32[b + 1], true);
        break;
      }
      case 0x260: { // i64.xor_ll_store_x2
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        const addr = (i32[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
        pc += 4;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[a] ^ i32[b], true);
        view.setInt32(addr + 4, i32[a + 1] ^ i32[b + 1], true);
        pc++;
      }
      // falls through
      case 0x223: { // i64.xor_ll_store
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        const addr = (i32[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);
        pc += 4;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[a] ^ i32[b], true);
        view.setInt32(addr + 4, i32[a + 1] ^ i32[b + 1], true);
        break;
      }
      case 0x224: { // i64.rotl_store
        sp -= 4;
        i64Rotl(i32, sp, sp, sp + 2);
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[sp], true);
        view.setInt32(addr + 4, i32[sp + 1], true);
        break;
      }
      case 0x225: { // i32.load_set
        sp -= 2;
        const addr = (i32[sp] >>> 0) + (code[pc] >>> 0);
        pc++;
        if (addr + 4 > memSize) trapOutOfBounds();
        i32[fp + code[pc]] = view.getInt32(addr, true);
        pc++;
        break;
      }
      case 0x226: { // i64.load_set
        sp -= 2;
        const addr = (i32[sp] >>> 0) + (code[pc] >>> 0);
        pc++;
        if (addr + 8 > memSize) trapOutOfBounds();
        const d = fp + code[pc];
        i32[d] = view.getInt32(addr, true);
        i32[d + 1] = view.getInt32(addr + 4, true);
        pc++;
        break;
      }
      case 0x227: { // i64.load_lc_store
        const src = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (src + 8 > memSize) trapOutOfBounds();
        sp -= 2;
        const dst = (i32[sp] >>> 0) + (code[pc] >>> 0);
        pc++;
        if (dst + 8 > memSize) trapOutOfBounds();
        const lo = view.getInt32(src, true);
        const hi = view.getInt32(src + 4, true);
        view.setInt32(dst, lo, true);
        view.setInt32(dst + 4, hi, true);
        break;
      }
      case 0x228: { // i32.load_sc_store
        const src = ((i32[sp - 2] + code[pc]) >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (src + 4 > memSize) trapOutOfBounds();
        sp -= 4;
        const dst = (i32[sp] >>> 0) + (code[pc] >>> 0);
        pc++;
        if (dst + 4 > memSize) trapOutOfBounds();
        view.setInt32(dst, view.getInt32(src, true), true);
        break;
      }
      case 0x229: { // i32.shl_sc_xor_sl_tee
        const v = (i32[sp - 2] << code[pc]) ^ i32[fp + code[pc + 1]];
        i32[sp - 2] = v;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x22a: { // i32.shr_u_sc_xor_sl_tee
        const v = (i32[sp - 2] >>> code[pc]) ^ i32[fp + code[pc + 1]];
        i32[sp - 2] = v;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x22b: { // i32.shl_lc_xor_sl_tee
        const v = (i32[fp + code[pc]] << code[pc + 1]) ^ i32[fp + code[pc + 2]];
        i32[sp] = v;
        i32[fp + code[pc + 3]] = v;
        pc += 4;
        sp += 2;
        break;
      }
      case 0x22c: // i32.mul_sc_add
        sp -= 2;
        i32[sp - 2] = (i32[sp - 2] + Math.imul(i32[sp], code[pc])) | 0;
        pc++;
        break;
      case 0x22d: // f64.mul_add_sl
        sp -= 2;
        f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] * f64[sp >> 1] + f64[(fp + code[pc]) >> 1];
        pc++;
        break;
      case 0x22e: // f64.add_set
        sp -= 4;
        f64[(fp + code[pc]) >> 1] = f64[sp >> 1] + f64[(sp + 2) >> 1];
        pc++;
        break;
      case 0x22f: { // f64.mul_load_l
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] * view.getFloat64(addr, true);
        break;
      }
      case 0x230: { // f64.mul_load_lc
        const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 8 > memSize) trapOutOfBounds();
        f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] * view.getFloat64(addr, true);
        break;
      }
      case 0x231: { // local.copy_n
        const end = pc + 1 + 2 * code[pc];
        for (pc++; pc < end; pc += 2) {
          const from = fp + code[pc];
          const to = fp + code[pc + 1];
          i32[to] = i32[from];
          i32[to + 1] = i32[from + 1];
        }
        break;
      }
      case 0x232: // i64.rotl_ls
        i64Rotl(i32, sp - 2, fp + code[pc], sp - 2);
        pc++;
        break;
      case 0x233: { // i64.rotl_l_store
        sp -= 2;
        i64Rotl(i32, sp, fp + code[pc], sp);
        const addr = (i32[fp + code[pc + 1]] >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[sp], true);
        view.setInt32(addr + 4, i32[sp + 1], true);
        break;
      }
      case 0x234: { // i64.andn_ll
        const a = fp + code[pc];
        const b = fp + code[pc + 1];
        i32[sp] = ~i32[a] & i32[b];
        i32[sp + 1] = ~i32[a + 1] & i32[b + 1];
        pc += 2;
        sp += 2;
        break;
      }
      case 0x235: { // i32.shl_sc_add_sl_tee
        const v = ((i32[sp - 2] << code[pc]) + i32[fp + code[pc + 1]]) | 0;
        i32[sp - 2] = v;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x236: { // i32.shl_sc_add_sc_tee
        const v = ((i32[sp - 2] << code[pc]) + code[pc + 1]) | 0;
        i32[sp - 2] = v;
        i32[fp + code[pc + 2]] = v;
        pc += 3;
        break;
      }
      case 0x237: { // i32.rotl_lc_xor
        const x = i32[fp + code[pc]];
        const k = code[pc + 1] & 31;
        i32[sp - 2] ^= (x << k) | (x >>> ((32 - k) & 31));
        pc += 2;
        break;
      }
      case 0x262: { // i64.load_l_tee_xor_x2
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        const d = fp + code[pc];
        const lo = view.getInt32(addr, true);
        const hi = view.getInt32(addr + 4, true);
        i32[d] = lo;
        i32[d + 1] = hi;
        i32[sp - 2] ^= lo;
        i32[sp - 1] ^= hi;
        pc++;
        pc++;
      }
      // falls through
      case 0x238: { // i64.load_l_tee_xor
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 8 > memSize) trapOutOfBounds();
        const d = fp + code[pc];
        const lo = view.getInt32(addr, true);
        const hi = view.getInt32(addr + 4, true);
        i32[d] = lo;
        i32[d + 1] = hi;
        i32[sp - 2] ^= lo;
        i32[sp - 1] ^= hi;
        pc++;
        break;
      }
      case 0x239: { // i32.store_c
        sp -= 2;
        const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, code[pc - 2], true);
        break;
      }
      case 0x23a: { // i32.store8_c
        sp -= 2;
        const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 1 > memSize) trapOutOfBounds();
        u8[addr] = code[pc - 2];
        break;
      }
      case 0x23b: { // i32.load_l_add_sc_store
        const src = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (src + 4 > memSize) trapOutOfBounds();
        const v = (view.getInt32(src, true) + code[pc + 1]) | 0;
        sp -= 2;
        const addr = (i32[sp] >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, v, true);
        break;
      }
      case 0x23c: { // br_if.i32.add_lc_tee_nz
        const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        i32[fp + code[pc + 2]] = v;
        if (v !== 0) pc = code[pc + 3];
        else pc += 4;
        break;
      }
      case 0x23d: { // br_if.i32.add_lc_tee_lt_u_c
        const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        i32[fp + code[pc + 2]] = v;
        if (v >>> 0 < code[pc + 3] >>> 0) pc = code[pc + 4];
        else pc += 5;
        break;
      }
      case 0x23e: { // br_if.i32.add_ll_tee_lt_u_c
        const v = (i32[fp + code[pc]] + i32[fp + code[pc + 1]]) | 0;
        i32[fp + code[pc + 2]] = v;
        if (v >>> 0 < code[pc + 3] >>> 0) pc = code[pc + 4];
        else pc += 5;
        break;
      }
      case 0x23f: { // br_if.i32.add_lc_tee_lt_u_l
        const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        i32[fp + code[pc + 2]] = v;
        if (v >>> 0 < i32[fp + code[pc + 3]] >>> 0) pc = code[pc + 4];
        else pc += 5;
        break;
      }
      case 0x240: { // br_if.i32.add2_lc_tee_ne
        i32[fp + code[pc + 2]] = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        const v = (i32[fp + code[pc + 3]] + code[pc + 4]) | 0;
        i32[fp + code[pc + 5]] = v;
        if (v !== code[pc + 6]) pc = code[pc + 7];
        else pc += 8;
        break;
      }
      case 0x25f: { // i64.copy_lc_lc_x2
        const src = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        const dst = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 6] >>> 0);
        pc += 6;
        if (src + 8 > memSize) trapOutOfBounds();
        const lo = view.getInt32(src, true);
        const hi = view.getInt32(src + 4, true);
        pc++;
        if (dst + 8 > memSize) trapOutOfBounds();
        view.setInt32(dst, lo, true);
        view.setInt32(dst + 4, hi, true);
        pc++;
      }
      // falls through
      case 0x241: { // i64.copy_lc_lc
        const src = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);
        const dst = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 6] >>> 0);
        pc += 6;
        if (src + 8 > memSize) trapOutOfBounds();
        const lo = view.getInt32(src, true);
        const hi = view.getInt32(src + 4, true);
        pc++;
        if (dst + 8 > memSize) trapOutOfBounds();
        view.setInt32(dst, lo, true);
        view.setInt32(dst + 4, hi, true);
        break;
      }
      case 0x242: { // i32.store_c_lc
        const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 3] >>> 0);
        pc += 4;
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, code[pc - 2], true);
        break;
      }
      case 0x26c: { // charge+i32.store8_c_lc
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x243: { // i32.store8_c_lc
        const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 3] >>> 0);
        pc += 4;
        if (addr + 1 > memSize) trapOutOfBounds();
        u8[addr] = code[pc - 2];
        break;
      }
      case 0x261: { // i64.andn_xor_store_x2
        const b = fp + code[pc];
        const c = fp + code[pc + 1];
        const a = fp + code[pc + 2];
        const addr = (i32[fp + code[pc + 3]] >>> 0) + (code[pc + 4] >>> 0);
        pc += 5;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, (~i32[b] & i32[c]) ^ i32[a], true);
        view.setInt32(addr + 4, (~i32[b + 1] & i32[c + 1]) ^ i32[a + 1], true);
        pc++;
      }
      // falls through
      case 0x244: { // i64.andn_xor_store
        const b = fp + code[pc];
        const c = fp + code[pc + 1];
        const a = fp + code[pc + 2];
        const addr = (i32[fp + code[pc + 3]] >>> 0) + (code[pc + 4] >>> 0);
        pc += 5;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, (~i32[b] & i32[c]) ^ i32[a], true);
        view.setInt32(addr + 4, (~i32[b + 1] & i32[c + 1]) ^ i32[a + 1], true);
        break;
      }
      case 0x245: // f64.add_sl_add_set
        sp -= 4;
        f64[(fp + code[pc + 1]) >> 1] = f64[sp >> 1] + (f64[(sp + 2) >> 1] + f64[(fp + code[pc]) >> 1]);
        pc += 2;
        break;
      case 0x246: { // f64.mul_load_l_l
        const src = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (src + 8 > memSize) trapOutOfBounds();
        const addr = (i32[fp + code[pc + 1]] >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 8 > memSize) trapOutOfBounds();
        f64[sp >> 1] = view.getFloat64(src, true) * view.getFloat64(addr, true);
        sp += 2;
        break;
      }
      case 0x247: { // i32.add_load_lc
        const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 4 > memSize) trapOutOfBounds();
        i32[sp - 2] = (i32[sp - 2] + view.getInt32(addr, true)) | 0;
        break;
      }
      case 0x248: { // i32.load_lc_tee
        const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 4 > memSize) trapOutOfBounds();
        const v = view.getInt32(addr, true);
        i32[sp] = v;
        i32[fp + code[pc]] = v;
        pc++;
        sp += 2;
        break;
      }
      case 0x249: { // i32.load_l_tee
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (addr + 4 > memSize) trapOutOfBounds();
        const v = view.getInt32(addr, true);
        i32[sp] = v;
        i32[fp + code[pc]] = v;
        pc++;
        sp += 2;
        break;
      }
      case 0x24a: // i32.shr_u_lc_xor
        i32[sp - 2] ^= i32[fp + code[pc]] >>> code[pc + 1];
        pc += 2;
        break;
      case 0x24b: { // i64.cmp_lc
        const a = fp + code[pc];
        i32[sp] = i64CompareMask(i32[a], i32[a + 1], code[pc + 1], code[pc + 2], code[pc + 3]);
        pc += 4;
        sp += 2;
        break;
      }
      case 0x24c: { // f64.mul_load_sc_lc
        const src = ((i32[sp - 2] + code[pc]) >>> 0) + (code[pc + 1] >>> 0);
        pc += 2;
        if (src + 8 > memSize) trapOutOfBounds();
        const addr = ((i32[fp + code[pc + 1]] + code[pc + 2]) >>> 0) + (code[pc + 3] >>> 0);
        pc += 4;
        if (addr + 8 > memSize) trapOutOfBounds();
        f64[(sp - 2) >> 1] = view.getFloat64(src, true) * view.getFloat64(addr, true);
        break;
      }
      case 0x24d: { // i64.load_set_shl_sc_add_sl_tee
        const v = ((i32[sp - 2] << code[pc]) + i32[fp + code[pc + 1]]) | 0;
        i32[fp + code[pc + 2]] = v;
        const addr = (v >>> 0) + (code[pc + 4] >>> 0);
        pc += 5;
        if (addr + 8 > memSize) trapOutOfBounds();
        const d = fp + code[pc];
        i32[d] = view.getInt32(addr, true);
        i32[d + 1] = view.getInt32(addr + 4, true);
        pc++;
        sp -= 2;
        break;
      }
      case 0x24e: { // i32.load_add_sc_store_shl_sc_add_sc_tee
        const v = ((i32[sp - 2] << code[pc]) + code[pc + 1]) | 0;
        i32[fp + code[pc + 2]] = v;
        const src = (i32[fp + code[pc + 4]] >>> 0) + (code[pc + 5] >>> 0);
        pc += 6;
        if (src + 4 > memSize) trapOutOfBounds();
        const addr = (v >>> 0) + (code[pc + 2] >>> 0);
        const w = (view.getInt32(src, true) + code[pc + 1]) | 0;
        pc += 3;
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, w, true);
        sp -= 2;
        break;
      }
      case 0x24f: { // i32.rotl_lc_rotl_lc_xor
        const x = i32[fp + code[pc]];
        const k = code[pc + 1] & 31;
        const y = i32[fp + code[pc + 2]];
        const j = code[pc + 3] & 31;
        i32[sp] = ((x << k) | (x >>> ((32 - k) & 31))) ^ ((y << j) | (y >>> ((32 - j) & 31)));
        pc += 4;
        sp += 2;
        break;
      }
      case 0x250: { // i32.rotl_sc_rotl_lc_xor
        const x = i32[sp - 2];
        const k = code[pc] & 31;
        const y = i32[fp + code[pc + 1]];
        const j = code[pc + 2] & 31;
        i32[sp - 2] = ((x << k) | (x >>> ((32 - k) & 31))) ^ ((y << j) | (y >>> ((32 - j) & 31)));
        pc += 3;
        break;
      }
      case 0x251: // i32.mul_lc_add
        i32[sp - 2] = (i32[sp - 2] + Math.imul(i32[fp + code[pc]], code[pc + 1])) | 0;
        pc += 2;
        break;
      case 0x271: { // charge+br_if.i32.store_ll_add_lc_tee_lt_u_l
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x252: { // br_if.i32.store_ll_add_lc_tee_lt_u_l
        const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 4 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[fp + code[pc - 2]], true);
        const v = (i32[fp + code[pc + 1]] + code[pc + 2]) | 0;
        i32[fp + code[pc + 3]] = v;
        if (v >>> 0 < i32[fp + code[pc + 4]] >>> 0) pc = code[pc + 5];
        else pc += 6;
        break;
      }
      case 0x272: { // charge+local.set_c
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x253: // local.set_c
        i32[fp + code[pc + 1]] = code[pc];
        pc += 2;
        break;
      case 0x254: { // i32.cmp_lc_set
        const m = code[pc + 2];
        const flip = (m & 8) << 28;
        const x = i32[fp + code[pc]] ^ flip;
        const y = code[pc + 1] ^ flip;
        i32[fp + code[pc + 3]] = (m >> (x < y ? 0 : x === y ? 1 : 2)) & 1;
        pc += 4;
        break;
      }
      case 0x273: { // charge+i64.cmp_lc_set
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x255: { // i64.cmp_lc_set
        const a = fp + code[pc];
        i32[fp + code[pc + 4]] = i64CompareMask(i32[a], i32[a + 1], code[pc + 1], code[pc + 2], code[pc + 3]);
        pc += 5;
        break;
      }
      case 0x256: // i64.rem_u_sl
        i64RemU(i32, sp - 2, sp - 2, fp + code[pc]);
        pc++;
        break;
      case 0x257: { // i64.rem_u_sl_set
        i64RemU(i32, sp - 2, sp - 2, fp + code[pc]);
        const d = fp + code[pc + 1];
        i32[d] = i32[sp - 2];
        i32[d + 1] = i32[sp - 1];
        pc += 2;
        sp -= 2;
        break;
      }
      case 0x258: { // i64.cmp_lc_select
        const a = fp + code[pc];
        sp -= 2;
        if (i64CompareMask(i32[a], i32[a + 1], code[pc + 1], code[pc + 2], code[pc + 3]) === 0) {
          i32[sp - 2] = i32[sp];
          i32[sp - 1] = i32[sp + 1];
        }
        pc += 4;
        break;
      }
      case 0x259: // br_if.i64.eqz
        sp -= 2;
        if ((i32[sp] | i32[sp + 1]) === 0) pc = code[pc];
        else pc++;
        break;
      case 0x25a: // br_if.i64.nez
        sp -= 2;
        if ((i32[sp] | i32[sp + 1]) !== 0) pc = code[pc];
        else pc++;
        break;
      case 0x278: { // charge+global.sub_sc_tee
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x25b: { // global.sub_sc_tee
        const cell = globals[code[pc]].cell;
        const v = (cell[0] - code[pc + 2]) | 0;
        cell[0] = v;
        i32[fp + code[pc + 3]] = v;
        pc += 4;
        break;
      }
      case 0x279: { // charge+i32.add_lc_global_set
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        pc += 3;
      }
      // falls through
      case 0x25c: // i32.add_lc_global_set
        globals[code[pc + 2]].cell[0] = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        pc += 3;
        break;
      case 0x25d: { // i32.add_lc_set2
        const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;
        i32[fp + code[pc + 2]] = v;
        i32[fp + code[pc + 3]] = v;
        pc += 4;
        break;
      }
      case 0x25e: { // i64.load32_u_lc_rotl_l_store
        const src = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (src + 4 > memSize) trapOutOfBounds();
        i32[sp] = view.getInt32(src, true);
        i32[sp + 1] = 0;
        pc++;
        i64Rotl(i32, sp, fp + code[pc], sp);
        const addr = (i32[fp + code[pc + 1]] >>> 0) + (code[pc + 2] >>> 0);
        pc += 3;
        if (addr + 8 > memSize) trapOutOfBounds();
        view.setInt32(addr, i32[sp], true);
        view.setInt32(addr + 4, i32[sp + 1], true);
        break;
      }
      case 0x264: { // local.get_x2
        {
          const at = fp + code[pc++];
          i32[sp] = i32[at];
          i32[sp + 1] = i32[at + 1];
          sp += 2;
        }
        pc++;
        {
          const at = fp + code[pc++];
          i32[sp] = i32[at];
          i32[sp + 1] = i32[at + 1];
          sp += 2;
        }
        break;
      }
      // END GENERATED FUSED CASES
      case 0x2ff: { // charge.simd gas count, then the block's first (SIMD) instruction, whose words stay in place
        const gasAfter = gasLeft - code[pc];
        const instructionsAfter = instructionsLeft - code[pc + 1];
        if ((gasAfter | instructionsAfter) < 0) {
          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);
          gasLeft = coldState.gasChunk;
          instructionsLeft = coldState.instructionChunk;
          pc = coldState.pc;
          break;
        }
        gasLeft = gasAfter;
        instructionsLeft = instructionsAfter;
        // On to default's SIMD branch with pc past the SIMD opcode, as when run dispatches it.
        pc += 3;
      }
      // falls through
      default: {
        const op = code[pc - 1];
        if (op >= 0x1000 && op < 0x1300) {
          // SIMD (0x10xx; 0x11xx = deterministic NaNs; 0x12xx fused): simd-step.ts runs it, and the SIMD
          // instructions right after it, on the stack words; it returns the next pc.
          pc = simdStep(op, i32, f32, f64, memory, code, pc, sp, fp);
          sp = simdState.sp;
          break;
        }
        if (op === 0xfff) { // lower.pending: first call of a lazily lowered function
          lowerPending(cf);
          code = cf.code;
          pc = 0;
          if (fp + cf.maxStackSlots * 2 > capacityWords) trap(Trap.CallStackExhausted);
          break;
        }
        if (coldTouchesMeter[op] !== 0) {
          putBackMeterChunks(store, gasLeft, instructionsLeft);
          gasLeft = instructionsLeft = 0;
        }
        sp = execCold(op, store, inst, memory, code, pc, sp);
        pc = coldState.pc;
        // memory.grow may have replaced the buffer.
        view = memory.view;
        u8 = memory.u8;
        memSize = u8.length;
        break;
      }
    }
  }
  } catch (error) {
    // OutOfGas and InstructionLimitExceeded come from code that put the chunks back already (chargeSlow)
    // or ran with empty ones (host functions, metered execCold cases); the budgets stay as they are.
    if (!(error instanceof OutOfGas) && !(error instanceof InstructionLimitExceeded)) {
      putBackMeterChunks(store, gasLeft, instructionsLeft);
      // A trap inside a prepaid block: give back the block's operators after the trapping one.
      if (store.metered) refundAfterTrap(store, cf, code, pc);
    }
    throw error;
  }
}