// Properties of the lowering checked by hand computation: dead code emits nothing, v128 counts two
// slots, branch immediates are resolved, and the basic-block side table covers every reachable
// operator exactly once.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { decodeModule } from "../binary/index.ts";
import { validateModule } from "../valid/index.ts";
import { compileFunction, compileModule, doubleOpcode } from "./index.ts";
import type { CompiledFunction, CompileOptions } from "./index.ts";

async function compileWat(text: string, options?: CompileOptions): Promise<CompiledFunction[]> {
  const wabt = await (await import("wabt")).default();
  const bytes = new Uint8Array(wabt.parseWat("t.wat", text, { simd: true }).toBinary({}).buffer);
  const module = decodeModule(bytes);
  validateModule(module);
  return compileModule(module, options).functions;
}

/** Block metering with every operator costing 1 (the block table is kept for metered code only). */
const BLOCK_METER: CompileOptions = { meter: "block", opcodeCosts: new Uint32Array(0x10000).fill(1) };

test("unreachable code after br/return/unreachable lowers to nothing", async () => {
  const [plain, withDead] = await compileWat(`(module
    (func (result i32) (block (result i32) (i32.const 1) (br 0)))
    (func (result i32) (block (result i32) (i32.const 1) (br 0) (i32.add) (block (loop (br 0))) (if (then (unreachable))) (return))))`);
  assert.deepEqual([...withDead.code], [...plain.code]);
  // i32.const 1 (2 words), br (2 words), return (1 word).
  assert.equal(plain.code.length, 5);
});

test("v128 values take two slots in heights and frames", async () => {
  const [f] = await compileWat(`(module (func (param v128 i32) (result v128) (local i64 v128) (local.get 0) (local.get 3) (drop)))`);
  assert.equal(f.paramSlots, 3);
  assert.equal(f.localSlots, 3);
  assert.equal(f.resultSlots, 2);
  assert.equal(f.maxStackSlots, 6 + 4);
  // local.get 3 addresses word offset 2 * (2 + 1 + 1) = 8; drop of a v128 is two one-slot drops.
  assert.deepEqual([...f.code.subarray(2, 6)], [0x12, 8, 0x1a, 0x1a]);
});

test("basic blocks partition the reachable operators", async () => {
  const [f] = await compileWat(`(module (func (param i32) (result i32)
    (local.get 0) (if (result i32) (then (i32.const 1)) (else (i32.const 2)))
    (loop (param i32) (result i32) (local.get 0) (br_if 0) (nop))))`, BLOCK_METER);
  // Operators: local.get, if, i32.const, else, i32.const, end, loop, local.get, br_if, nop, end, end = 12.
  assert.equal(f.opcodes.length, 12);
  let total = 0;
  for (let b = 0; b < f.blockCounts.length; b++) {
    assert.equal(f.blockFirstOp[b], total);
    total += f.blockCounts[b];
  }
  assert.equal(total, 12);
  // Blocks start at entry, after if, after else, after end(if), after loop (the branch target), after
  // br_if, after end(loop): [local.get if] [i32.const else] [i32.const end] [loop] [local.get br_if]
  // [nop end] [end].
  assert.deepEqual([...f.blockCounts], [2, 2, 2, 1, 2, 2, 1]);
});

test("a local.get below a computed operand folds into the consumer only when nothing intervenes", async () => {
  const [folded, written, blocked] = await compileWat(`(module
    (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.popcnt i32.add)
    (func (param i32 i32) (result i32) local.get 0 i32.const 7 local.set 0 local.get 1 i32.popcnt i32.add)
    (func (param i32 i32) (result i32) local.get 0 (block (result i32) local.get 1 i32.popcnt) i32.add))`);
  const LOCAL_GET = 0x20;
  // local.get 1, i32.popcnt, i32.add_sl 0, return: the local.get 0 is gone.
  assert.equal(folded.code.length, 2 + 1 + 2 + 1);
  assert.deepEqual([folded.code[0], folded.code[1], folded.code[2]], [LOCAL_GET, 2, 0x69]);
  assert.equal(folded.code[4], 0);
  // local.set 0 between the read and its use: the read must stay where it is.
  assert.equal(written.code[0], LOCAL_GET);
  assert.equal(written.code[1], 0);
  // A block (a label) between: no folding across it (the two reads may run as one local.get_x2).
  assert.ok(blocked.code[0] === LOCAL_GET || blocked.code[0] === doubleOpcode(LOCAL_GET));
  assert.equal(blocked.code[1], 0);
});

test("one lowerer serves a whole module: each function's code equals that function lowered alone", () => {
  // compileModule reuses one lowerer (and one code arena) for every function; compileFunction starts
  // from fresh state. Any state left over from a previous function would make the two differ.
  const bytes = new Uint8Array(readFileSync(new URL("../../../shared/contracts/xwasm-contract.wasm", import.meta.url)));
  const module = decodeModule(bytes);
  validateModule(module);
  for (const options of [undefined, BLOCK_METER]) {
    const functions = compileModule(module, options).functions;
    assert.equal(functions.length, module.functions.length);
    let previousEnd = -1;
    let previousBuffer: ArrayBufferLike | undefined;
    for (let i = 0; i < functions.length; i++) {
      const together = functions[i];
      const alone = compileFunction(module, i, options);
      assert.deepEqual([...together.code], [...alone.code], `function ${i}`);
      assert.deepEqual([...together.opcodes], [...alone.opcodes], `function ${i}`);
      assert.deepEqual([...together.blockPcs], [...alone.blockPcs], `function ${i}`);
      assert.equal(together.maxStackSlots, alone.maxStackSlots);
      // Views into a shared arena: consecutive functions' code never overlaps.
      if (together.code.buffer === previousBuffer) assert.ok(together.code.byteOffset >= previousEnd, `function ${i} overlaps`);
      previousBuffer = together.code.buffer;
      previousEnd = together.code.byteOffset + together.code.byteLength;
      if (options === undefined) assert.equal(together.opcodes.length, 0, "unmetered code keeps no block table");
      else assert.deepEqual([...together.reference!.code], [...alone.reference!.code], `function ${i} (reference)`);
    }
  }
});
