// Lowering writes each operator's words without a bounds check, after reserving room for them
// (compile/lower.ts, OPERATOR_ROOM; br_table reserves its own). These modules are built to outgrow
// every reservation: a br_table far longer than the per-operator room, and function bodies whose
// code outgrows the module's first code chunk, in plain and metered code. Oracle: V8 on the same
// bytes (a word dropped past the room would change results or fail to lower).

import { test } from "node:test";
import assert from "node:assert/strict";
import { Instance, Module } from "./index.ts";
import type { EngineOptions } from "./index.ts";
import { V8 } from "./v8-webassembly.test-helper.ts";
import { wat } from "./wat.test-helper.ts";

type Exported = (...args: number[]) => unknown;

function bothEngines(bytes: Uint8Array, options?: EngineOptions): { ours: Record<string, Exported>; theirs: Record<string, Exported> } {
  const ours = new Instance(new Module(bytes, options), {}, options).exports as Record<string, Exported>;
  const theirs = new V8.Instance(new V8.Module(bytes)).exports as Record<string, Exported>;
  return { ours, theirs };
}

// 3000 targets: 3 words each, far beyond the per-operator room; the default is depth 2.
const targets = Array.from({ length: 3000 }, (_, i) => String(i % 2)).join(" ");
const brTable = wat(`(module
  (func (export "pick") (param i32) (result i32)
    (block (block (block
      (br_table ${targets} 2 (local.get 0)))
      (return (i32.const 10)))
    (return (i32.const 20)))
    (i32.const 30)))`);

// Bodies whose code takes more words than bytes (local.get + drop: 2 bytes, 3 words), so that the
// code outgrows the chunk sized from the body bytes, in two functions.
const filler = "(drop (local.get 0)) ".repeat(20000);
const longBodies = wat(`(module
  (func (export "first") (param i32) (result i32) ${filler} (i32.add (local.get 0) (i32.const 1)))
  (func (export "second") (param i32) (result i32) ${filler} (i32.mul (local.get 0) (i32.const 3))))`);

const modes: [string, EngineOptions | undefined][] = [["plain", undefined], ["block-metered", { gasLimit: 1e12 }], ["reference-metered", { gasLimit: 1e12, meter: "reference" }]];
for (const [name, options] of modes) {
  test(`br_table longer than the per-operator room lowers every target (${name})`, () => {
    const { ours, theirs } = bothEngines(brTable, options);
    for (const x of [0, 1, 2, 2999, 3000, 3001, -1]) assert.equal(ours.pick!(x), theirs.pick!(x), `pick(${x})`);
  });

  test(`bodies that outgrow the first code chunk lower completely (${name})`, () => {
    const { ours, theirs } = bothEngines(longBodies, options);
    for (const x of [0, 7, -5]) {
      assert.equal(ours.first!(x), theirs.first!(x));
      assert.equal(ours.second!(x), theirs.second!(x));
    }
  });
}
