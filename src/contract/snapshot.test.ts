// Snapshot/restore of a contract's state (instance + journal): run, snapshot, continue, restore,
// continue again — the second continuation must repeat the first exactly (results, memory hash,
// gas, instructions, journal writes and events), and both must equal a fresh uninterrupted run.
// Oracle for the values: the hand computation in the comments (g accumulates the arguments).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import wabtInit from "wabt";
import { Instance, Module } from "../runtime/index.ts";
import { Journal, MemoryStateStore } from "./state.ts";
import { restoreContract, snapshotContract } from "./snapshot.ts";

const WAT = `(module
  (import "env" "put" (func $put (param i32 i32)))
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "step") (param $x i32) (result i32)
    (global.set $g (i32.add (global.get $g) (local.get $x)))
    (i32.store (i32.mul (local.get $x) (i32.const 4)) (global.get $g))
    (call $put (local.get $x) (global.get $g))
    (global.get $g)))`;

const ADDRESS = new Uint8Array(20).fill(7);

async function moduleBytes(): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat("snapshot.wat", WAT);
  return new Uint8Array(parsed.toBinary({}).buffer);
}

function setUp(bytes: Uint8Array) {
  const journal = new Journal(new MemoryStateStore());
  const put = (x: number, g: number) => {
    journal.putStorage(ADDRESS, new Uint8Array([x]), new Uint8Array(new Int32Array([g]).buffer));
    journal.emitEvent(`put ${x}=${g}`);
  };
  const instance = new Instance(new Module(bytes), { env: { put } }, { gasLimit: 1_000_000 });
  return { journal, instance };
}

function observe(instance: Instance, journal: Journal, args: number[]) {
  const results = args.map((x) => instance.invoke("step", [{ type: "i32", value: x }]));
  const memory = (instance.exports["memory"] as { buffer: ArrayBuffer }).buffer;
  const writes = JSON.stringify(journal.writes(), (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : typeof v === "bigint" ? v.toString() : v));
  return {
    results: results.map((r) => (r[0].type === "i32" ? r[0].value : NaN)),
    memoryHash: createHash("sha256").update(new Uint8Array(memory)).digest("hex"),
    gasUsed: instance.stats.gasUsed,
    instructions: instance.stats.instructions,
    writes,
    events: journal.events(),
  };
}

test("restored contract state continues exactly like the first continuation and a fresh run", async () => {
  const bytes = await moduleBytes();
  const { journal, instance } = setUp(bytes);
  assert.deepEqual(observe(instance, journal, [1]).results, [1]);
  const snapshot = snapshotContract(instance, journal);
  const first = observe(instance, journal, [2, 3]);
  // g: 1 → 1+2 = 3 → 3+3 = 6.
  assert.deepEqual(first.results, [3, 6]);
  assert.deepEqual(first.events, ["put 1=1", "put 2=3", "put 3=6"]);
  restoreContract(instance, journal, snapshot);
  assert.deepEqual(journal.events(), ["put 1=1"]);
  const second = observe(instance, journal, [2, 3]);
  assert.deepEqual(second, first);

  const fresh = setUp(bytes);
  const uninterrupted = observe(fresh.instance, fresh.journal, [1, 2, 3]);
  assert.deepEqual(uninterrupted.results, [1, 3, 6]);
  assert.equal(uninterrupted.memoryHash, second.memoryHash);
  assert.equal(uninterrupted.gasUsed, second.gasUsed);
  assert.equal(uninterrupted.instructions, second.instructions);
  assert.equal(uninterrupted.writes, second.writes);
  assert.ok(second.gasUsed > 0);
});

test("a snapshot of another journal is refused and changes nothing", async () => {
  const bytes = await moduleBytes();
  const a = setUp(bytes);
  const b = setUp(bytes);
  a.instance.invoke("step", [{ type: "i32", value: 5 }]);
  const snapshotA = snapshotContract(a.instance, a.journal);
  a.instance.invoke("step", [{ type: "i32", value: 1 }]);
  const before = observe(a.instance, a.journal, []);
  assert.throws(() => restoreContract(a.instance, b.journal, snapshotA), TypeError);
  assert.deepEqual(observe(a.instance, a.journal, []), before);
});
