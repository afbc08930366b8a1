// `run` counts the gas and instruction budgets down in int32 chunks of at most 2^30 (see chargeSlow
// in interpreter-cold.ts) and gives them back to the store before host calls, metered cold
// instructions, returns and traps. These tests make every instruction cost millions of gas so that
// a short program crosses several chunk boundaries, and check against the per-instruction reference
// meter (which charges each instruction on its own): the same results, the same gas left at the end
// and as seen by a host function in the middle, and out of gas at the same point for limits around
// the chunk size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_GAS_SCHEDULE, opcodeCosts } from "../gas/index.ts";
import { instantiateBytes, watToBytes } from "./minimal-instance.test-helper.ts";
import { Store } from "./index.ts";
import type { HostFuncInstance } from "./index.ts";

const CHUNK = 0x3fffffff;
/** Every price SCALE times its default: about 700 instructions fill a chunk. */
const SCALE = 3 * 2 ** 20;
const DEFAULT_COSTS = opcodeCosts(DEFAULT_GAS_SCHEDULE);
const COSTS = DEFAULT_COSTS.map((cost) => cost * SCALE);
const BULK_PER_BYTE = 5;

const WAT = `(module
  (import "env" "observe" (func $observe (param i32)))
  (memory 1 4)
  (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func (export "run") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (call $sq (local.get $i))))
      (i32.store8 (local.get $i) (local.get $acc))
      (if (i32.eq (i32.and (local.get $i) (i32.const 63)) (i32.const 17))
        (then (call $observe (local.get $i))
              (drop (memory.grow (i32.const 0)))
              (memory.fill (i32.const 1000) (local.get $i) (i32.const 16))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.add (local.get $acc) (i32.load8_u (i32.const 1003)))))`;

interface Outcome { readonly result: string; readonly gasLeft: number; readonly instructionsLeft: number; readonly seen: readonly number[] }

function runWith(bytes: Uint8Array, meter: "block" | "reference", gasLimit: number, n: number, scale = SCALE): Outcome {
  const store = new Store({ valueStackSlots: 4096, maxCallDepth: 64 });
  store.metered = true;
  store.gasLeft = store.gasLimit = gasLimit;
  store.bulkMemoryPerByte = BULK_PER_BYTE * scale;
  // What the host sees: the budget must be exact while wasm is suspended in a host call.
  const seen: number[] = [];
  const observe: HostFuncInstance = {
    kind: 1, type: { params: [0x7f], results: [] }, typeId: 0, refId: 0,
    call() { seen.push(store.gasLeft, store.instructionsLeft); },
  };
  const instance = instantiateBytes(bytes, store, [observe], { meter, opcodeCosts: scale === SCALE ? COSTS : DEFAULT_COSTS });
  let result: string;
  try {
    result = `ok ${instance.call("run", BigInt(n))[0]}`;
  } catch (error) {
    result = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return { result, gasLeft: store.gasLeft, instructionsLeft: store.instructionsLeft, seen };
}

test("chunked budgets: block meter equals the reference meter across many 2^30 chunks", async () => {
  const bytes = await watToBytes(WAT);
  const unlimited = Number.MAX_SAFE_INTEGER;
  const reference = runWith(bytes, "reference", unlimited, 200);
  const block = runWith(bytes, "block", unlimited, 200);
  assert.match(reference.result, /^ok /);
  const used = unlimited - reference.gasLeft;
  assert.ok(used > 8 * CHUNK, `the program should cross several chunks (used ${used})`);
  assert.deepEqual(block, reference);
  // Independent of the chunks: with default prices the program fits one chunk, and every charge
  // scales linearly, so gas used (at the end and at each observation) is exactly SCALE times more.
  const small = runWith(bytes, "block", unlimited, 200, 1);
  assert.equal(small.result, block.result);
  assert.equal(used, SCALE * (unlimited - small.gasLeft));
  assert.equal(block.instructionsLeft, small.instructionsLeft);
  assert.deepEqual(
    block.seen.map((left, k) => (k % 2 === 0 ? unlimited - left : left)),
    small.seen.map((left, k) => (k % 2 === 0 ? SCALE * (unlimited - left) : left)),
  );
  // Limits around chunk multiples and around the total: out of gas at the same point, with the
  // same observations on the way.
  const limits = [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 12345, 5 * CHUNK - 7, used - 1, used, used + 1, used + CHUNK];
  for (const limit of limits) {
    assert.deepEqual(runWith(bytes, "block", limit, 200), runWith(bytes, "reference", limit, 200), `gas limit ${limit}`);
  }
});

test("chunked budgets: out of gas at the same operator with every price and the limit scaled", async () => {
  const bytes = await watToBytes(WAT);
  const unlimited = Number.MAX_SAFE_INTEGER;
  const usedSmall = unlimited - runWith(bytes, "reference", unlimited, 200, 1).gasLeft;
  // Default prices fit one chunk; scaled ones cross chunks, and a limit of SCALE × L runs out
  // exactly where L does (every charge, static or dynamic, is SCALE times larger).
  for (let limit = 0; limit <= usedSmall + 1; limit += limit < 64 ? 1 : 97) {
    const small = runWith(bytes, "reference", limit, 200, 1);
    const scaled = runWith(bytes, "block", SCALE * limit, 200);
    assert.equal(scaled.result.replace(/\d+/g, "N"), small.result.replace(/\d+/g, "N"), `limit ${limit}`);
    assert.equal(scaled.gasLeft, SCALE * small.gasLeft, `limit ${limit}`);
    assert.equal(scaled.instructionsLeft, small.instructionsLeft, `limit ${limit}`);
    assert.deepEqual(scaled.seen.map((v, k) => (k % 2 === 0 ? v : v * SCALE)), small.seen.map((v) => v * SCALE), `limit ${limit}`);
  }
});

test("chunked budgets: a trap in the middle of a block leaves the same gas in both meters", async () => {
  const bytes = await watToBytes(WAT);
  // n = 70000 stores past the one-page memory: the i32.store8 traps after the 65536th iteration.
  const reference = runWith(bytes, "reference", Number.MAX_SAFE_INTEGER, 70000);
  assert.match(reference.result, /out of bounds memory access/);
  assert.deepEqual(runWith(bytes, "block", Number.MAX_SAFE_INTEGER, 70000), reference);
});
