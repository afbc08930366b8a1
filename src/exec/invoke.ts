// The entry point into the interpreter: `invoke` runs a wasm or host function on a Store's stacks
// (from runtime/, and re-entrantly from host functions) and restores the stacks on every exit. On
// the first call it warms up `run` (see warmUp).

import { RuntimeError, Trap } from "../core/index.ts";
import type { CompiledFunction } from "../compile/index.ts";
import { OP_CHARGE_SIMD, OP_FD_BASE, OP_FD_DET_BASE, OP_FUSED_END } from "../compile/index.ts";
import { GlobalInstance } from "./global-instance.ts";
import type { FuncInstance, HostFuncInstance, ModuleInstance, WasmFuncInstance } from "./instances.ts";
import { run } from "./interpreter.ts";
import { MemoryInstance } from "./memory-instance.ts";
import { Store } from "./store.ts";
import { TableInstance as Table } from "./table-instance.ts";

/**
 * Calls `func` with its arguments already at stack slots [stack.sp, …); leaves the results at the
 * same base slot and stack.sp unchanged. On a trap the stacks are reset to the entry state and the
 * RuntimeError propagates.
 */
export function invoke(store: Store, func: FuncInstance): void {
  if (!warmedUp) warmUp();
  const stack = store.stack;
  const base = stack.sp;
  const depth = store.depth;
  try {
    if (func.kind === 1) {
      if (depth >= store.maxCallDepth) throw new RuntimeError(Trap.CallStackExhausted);
      const paramSlots = slotCount(func.type.params);
      const resultSlots = slotCount(func.type.results);
      if (base + Math.max(paramSlots, resultSlots) > stack.capacitySlots) throw new RuntimeError(Trap.CallStackExhausted);
      store.depth = depth + 1;
      stack.sp = base + Math.max(paramSlots, resultSlots);
      func.call(stack, base);
    } else {
      run(store, func, base);
    }
  } catch (error) {
    // Wasm→wasm calls never recurse in JS, but host functions that call back into wasm do; if that
    // ping-pong exhausts the JS stack first, report it as the trap it is rather than a host crash.
    if (error instanceof RangeError && /call stack/i.test(error.message)) throw new RuntimeError(Trap.CallStackExhausted, "host call nesting");
    throw error;
  } finally {
    store.depth = depth;
    stack.sp = base;
  }
}

let warmedUp = false;

/**
 * Runs every case of the dispatch switch once (in a throwaway store) before the first real call.
 * V8 compiles `run` with the type feedback gathered so far and deoptimizes — then recompiles the
 * whole, large function — the first time an unseen case executes; feeding every case up front
 * avoids those deopt/recompile cycles in the middle of a contract. Each case runs in its own call
 * with three operands on the stack and every immediate equal to 2, which is a valid local word
 * offset, index, constant and (here) the pc of a `return`; whatever traps is ignored.
 */
function warmUp(): void {
  warmedUp = true;
  const store = new Store({ valueStackSlots: 1024, maxCallDepth: 16 });
  const nop: HostFuncInstance = { kind: 1, type: { params: [], results: [] }, typeId: 0, refId: 0, call() {} };
  store.registerFunc(nop);
  const funcs: FuncInstance[] = [nop, nop];
  const module: ModuleInstance = {
    store, types: [nop.type, nop.type, nop.type], typeIds: [0, 0, 0], funcs,
    tables: [],
    memories: [new MemoryInstance(1, 2)],
    globals: [0, 1, 2].map(() => new GlobalInstance({ valType: 0x7f, mutable: true })),
    elemSegments: [[nop.refId], [nop.refId], [nop.refId]],
    dataSegments: [new Uint8Array(8), new Uint8Array(8), new Uint8Array(8)],
  };
  const noBlocks = new Int32Array(0);
  const compiledFunction = (code: Int32Array, localSlots: number, resultSlots: number): CompiledFunction => ({
    code, paramSlots: 0, localSlots, resultSlots, maxStackSlots: 64, blockPcs: noBlocks, blockFirstOp: noBlocks,
    blockCounts: noBlocks, opcodes: noBlocks, opPcs: noBlocks, opGas: noBlocks, meter: undefined, reference: undefined,
  });
  // funcs[2] is a wasm function that returns at once, so call / call_indirect / return run their
  // wasm→wasm paths too; tables[2] holds it, tables[0..1] the host no-op.
  const callee: WasmFuncInstance = {
    kind: 0, type: nop.type, typeId: 0, refId: 0, module, funcIndex: 2, code: compiledFunction(Int32Array.of(0x0f), 2, 2),
  };
  funcs.push(callee);
  store.registerFunc(callee);
  for (const ref of [nop.refId, nop.refId, callee.refId]) module.tables.push(new Table(0x70, 4, undefined, ref));
  const code = new Int32Array(24);
  const func: WasmFuncInstance = {
    kind: 0, type: nop.type, typeId: 0, refId: 0, module, funcIndex: 0, code: { ...compiledFunction(code, 0, 0), paramSlots: 4 },
  };
  const words = store.stack.i32;
  // [br 3] [return] [i32.const v] ×3 [op imm imm …]; the frame's four parameter slots play the locals.
  // Immediates are all 2 (see above), or alternately 4 and 2 so that two-local operands differ and
  // both outcomes of compares and branches are seen (a stray pc of 4 lands on a non-opcode and throws).
  // Round 0: small operands, zero locals, immediates 2. Round 1: operands outside the small-integer
  // range (V8 tracks those separately), unequal non-zero locals, alternating immediates.
  const rounds: [boolean, number, number][] = [[false, 3, 0], [true, 0x40000003, 2]];
  for (let round = 0; round < rounds.length; round++) {
    const [alternate, operand, localValue] = rounds[round];
    // SIMD helpers take no feedback-sensitive paths in run: one round is enough for them.
    const end = round === 0 ? OP_FD_DET_BASE + 0x100 : OP_FUSED_END;
    for (let op = 0; op < end; op++) {
      if (op === OP_FUSED_END) op = OP_CHARGE_SIMD; // past the fused opcodes: charge.simd, then SIMD
      else if (op === OP_CHARGE_SIMD + 1) op = OP_FD_BASE;
      code[0] = 0x0c; code[1] = 3; code[2] = 0x0f;
      code[3] = 0x41; code[4] = operand; code[5] = 0x41; code[6] = operand; code[7] = 0x41; code[8] = operand;
      code[9] = op;
      for (let k = 10; k < code.length; k++) code[k] = alternate && k % 2 === 0 ? 4 : 2;
      if (op === OP_CHARGE_SIMD) code[12] = OP_FD_BASE + 0x0c; // the SIMD instruction it runs: v128.const
      for (let k = 0; k < 8; k++) words[k] = k === 4 ? localValue + 1 : localValue;
      try {
        run(store, func, 0);
      } catch {
        // Traps, unknown opcodes and out-of-range indices are expected here.
      }
      store.depth = 0;
      store.stack.sp = 0;
    }
  }
  // A run starts with empty meter chunks, so its first CHARGE takes the slow path (which takes
  // chunks): a second CHARGE gives the fast path its feedback too.
  code.fill(0);
  code.set([0x18, 1, 1, 0x18, 1, 1, 0x0f]);
  run(store, func, 0);
}

function slotCount(types: readonly number[]): number {
  let n = 0;
  for (const t of types) n += t === 0x7b ? 2 : 1;
  return n;
}




