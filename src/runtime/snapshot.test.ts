// Snapshot/restore: run, snapshot, continue, restore, continue again — the second continuation
// must match the first exactly (results, memory hash, size, globals, tables, dropped segments, gas
// and instruction counts). Oracles: the uninterrupted run itself, and V8 running the same bytes
// and call sequence (results and memory hashes).

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Instance } from "./instance.ts";
import { Module } from "./module.ts";
import type { Memory } from "./memory.ts";
import { restoreInstance, snapshotInstance } from "./snapshot.ts";
import { V8 } from "./v8-webassembly.test-helper.ts";

// `step` mixes memory writes (an LCG over the first page and beyond), grows memory every 8th call,
// mutates globals and the table, and drops segments on demand, so every kind of state changes.
const WAT = `(module
  (memory (export "mem") 1 8)
  (table (export "tab") 2 10 funcref)
  (global $seed (mut i32) (i32.const 12345))
  (global $calls (export "calls") (mut i64) (i64.const 0))
  (elem $e func $a)
  (data $d "\\01\\02\\03\\04")
  (func $a (result i32) (i32.const 7))
  (func (export "step") (result i32)
    (local $i i32) (local $addr i32)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (if (i32.eqz (i32.and (i32.wrap_i64 (global.get $calls)) (i32.const 7)))
      (then (drop (memory.grow (i32.const 1)))
            (drop (table.grow (ref.func $a) (i32.const 1)))))
    (loop $l
      (global.set $seed (i32.add (i32.mul (global.get $seed) (i32.const 1103515245)) (i32.const 12345)))
      (local.set $addr (i32.rem_u (global.get $seed) (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))))
      (i32.store (local.get $addr) (i32.xor (i32.load (local.get $addr)) (global.get $seed)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 200))))
    (global.get $seed))
  (func (export "init") (param $at i32)
    (memory.init $d (local.get $at) (i32.const 0) (i32.const 4))
    (table.init $e (i32.const 0) (i32.const 0) (i32.const 1)))
  (func (export "drop") (data.drop $d) (elem.drop $e))
  (func (export "tableSize") (result i32) (table.size)))`;

async function moduleBytes(): Promise<Uint8Array> {
  const wabt = await (await import("wabt")).default();
  const parsed = wabt.parseWat("snapshot.wat", WAT);
  try {
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

function hashOf(buffer: ArrayBuffer): string {
  return createHash("sha256").update(new Uint8Array(buffer)).digest("hex");
}

interface Observed { results: string[]; memoryHash: string; pages: number; calls: string; tableSize: number; gasUsed: number; instructions: number }

/** Runs `steps` calls of step, then tries memory.init/table.init (trapping once dropped). */
function continueRun(instance: Instance, steps: number): Observed {
  const results: string[] = [];
  for (let i = 0; i < steps; i++) {
    const [value] = instance.invoke("step", []);
    results.push(value.type === "i32" ? String(value.value) : "?");
  }
  try {
    instance.invoke("init", [{ type: "i32", value: 16 }]);
    results.push("init ok");
  } catch (error) {
    results.push(`init trapped: ${(error as Error).message}`);
  }
  const memory = instance.exports.mem as Memory;
  const calls = instance.getGlobal("calls");
  const [size] = instance.invoke("tableSize", []);
  return {
    results,
    memoryHash: hashOf(memory.buffer),
    pages: memory.buffer.byteLength / 65536,
    calls: calls.type === "i64" ? String(calls.value) : "?",
    tableSize: size.type === "i32" ? size.value : -1,
    gasUsed: instance.stats.gasUsed,
    instructions: instance.stats.instructions,
  };
}

test("restore after continuing gives the same continuation: results, memory, globals, tables, segments and gas", async () => {
  const bytes = await moduleBytes();
  const options = { gasLimit: 1e12 };
  const instance = new Instance(new Module(bytes), {}, options);
  continueRun(instance, 5);
  const before = snapshotInstance(instance);
  const statsAtSnapshot = instance.stats;

  const first = continueRun(instance, 9);
  instance.invoke("drop", []);
  const afterDrop = continueRun(instance, 3);
  assert.match(afterDrop.results.at(-1) ?? "", /trapped/);

  restoreInstance(instance, before);
  assert.deepEqual(instance.stats, statsAtSnapshot);
  const second = continueRun(instance, 9);
  assert.deepEqual(second, first);
  assert.ok(first.gasUsed > statsAtSnapshot.gasUsed && first.instructions > statsAtSnapshot.instructions, "metered: gas is part of what must match");
  assert.ok(first.pages > 1, "memory grew after the snapshot, so restore had to shrink it");
  assert.equal(first.results.at(-1), "init ok", "the dropped segments came back");
  instance.invoke("drop", []);
  assert.deepEqual(continueRun(instance, 3), afterDrop);

  // Independent oracle: V8 on the same bytes and call sequence (5 + 9 rounds, no snapshot).
  const v8 = new V8.Instance(new V8.Module(bytes));
  const v8Step = v8.exports.step as () => number;
  const v8Init = v8.exports.init as (at: number) => void;
  for (let i = 0; i < 5; i++) v8Step();
  v8Init(16);
  const v8Results: string[] = [];
  for (let i = 0; i < 9; i++) v8Results.push(String(v8Step()));
  v8Init(16);
  assert.deepEqual(first.results.slice(0, 9), v8Results);
  assert.equal(hashOf((v8.exports.mem as { buffer: ArrayBuffer }).buffer), first.memoryHash);
});

test("a snapshot restores only into its own instance, and not during a call", async () => {
  const bytes = await moduleBytes();
  const module = new Module(bytes);
  const a = new Instance(module, {});
  const b = new Instance(module, {});
  const snapshot = snapshotInstance(a);
  assert.throws(() => restoreInstance(b, snapshot), /another instance/);
  restoreInstance(a, snapshot);
});
