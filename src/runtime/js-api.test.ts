// The JS-API wrappers (Global, Table, Memory) and JS <-> wasm value conversion, checked against V8's
// WebAssembly objects fed the same inputs: same values out, same error classes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Global, Instance, Memory, Module, Table } from "./index.ts";
import { V8 } from "./v8-webassembly.test-helper.ts";
import type { V8Table } from "./v8-webassembly.test-helper.ts";

/** The value produced, or the error class name. */
function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? `throws ${error.name}` : "throws";
  }
}

const inputs: readonly unknown[] = [
  0, -0, 1, -1, 1.5, -1.5, 2 ** 31, 2 ** 32 + 5, -(2 ** 31) - 1, 1e300, -1e-300, NaN, Infinity, -Infinity,
  0n, 1n, -1n, 2n ** 63n, 2n ** 64n + 3n, -(2n ** 63n) - 1n,
  "12", "0x10", "abc", "", true, false, null, undefined, { valueOf: () => 9 }, { valueOf: () => 9n }, [3], Symbol("s"),
];

test("Global values convert as in V8 for every number type", () => {
  for (const value of ["i32", "i64", "f32", "f64"] as const) {
    for (const input of inputs) {
      const ours = outcome(() => new Global({ value }, input).value);
      const theirs = outcome(() => new V8.Global({ value }, input).value);
      assert.deepEqual(ours, theirs, `${value} ← ${String(input)}`);
    }
  }
});

test("Global defaults, mutability and reference values behave as in V8", () => {
  for (const value of ["i32", "i64", "f32", "f64", "anyfunc", "externref"] as const) {
    assert.deepEqual(new Global({ value }).value, new V8.Global({ value }).value, value);
  }
  assert.equal(outcome(() => new Global({ value: "v128" as "i32" })), outcome(() => new V8.Global({ value: "v128" as "i32" })));
  const ours = new Global({ value: "i32" }, 1);
  const theirs = new V8.Global({ value: "i32" }, 1);
  assert.equal(outcome(() => { ours.value = 2; }), outcome(() => { theirs.value = 2; }));
  const mutable = new Global({ value: "f64", mutable: true }, 1);
  mutable.value = 2.5;
  assert.equal(mutable.value, 2.5);
  assert.equal(mutable.valueOf(), 2.5);
  const host = { any: "object" };
  assert.equal(new Global({ value: "externref" }, host).value, host);
  assert.equal(new Global({ value: "externref" }, undefined).value, new V8.Global({ value: "externref" }, undefined).value);
  assert.equal(outcome(() => new Global({ value: "anyfunc" }, () => 1)), outcome(() => new V8.Global({ value: "anyfunc" }, () => 1)));
});

test("Memory constructor, grow and buffer behave as in V8", () => {
  const descriptors: unknown[] = [
    { initial: 1 }, { initial: 0, maximum: 0 }, { initial: 2, maximum: 1 }, { initial: 65536 }, { initial: 65537 },
    { initial: 1, maximum: 65537 }, {}, { initial: -1 }, { initial: 1.9 }, { initial: "2" }, { initial: NaN }, null, 5,
  ];
  for (const descriptor of descriptors) {
    const ours = outcome(() => new Memory(descriptor as { initial: number }).buffer.byteLength);
    const theirs = outcome(() => new V8.Memory(descriptor as { initial: number }).buffer.byteLength);
    assert.deepEqual(ours, theirs, JSON.stringify(descriptor));
  }
  const ours = new Memory({ initial: 1, maximum: 3 });
  const theirs = new V8.Memory({ initial: 1, maximum: 3 });
  new Uint8Array(ours.buffer)[5] = 77;
  for (const delta of [0, 1, 2, 1, -1]) {
    assert.deepEqual(outcome(() => ours.grow(delta)), outcome(() => theirs.grow(delta)), `grow ${delta}`);
    assert.equal(ours.buffer.byteLength, theirs.buffer.byteLength);
  }
  assert.equal(new Uint8Array(ours.buffer)[5], 77, "growing keeps the contents");
});

test("Table constructor, get, set and grow behave as in V8", () => {
  const descriptors: unknown[] = [
    { element: "anyfunc", initial: 2 }, { element: "anyfunc", initial: 1, maximum: 1 }, { element: "externref", initial: 3 },
    { element: "i32", initial: 1 }, { element: "anyfunc", initial: 2, maximum: 1 }, { element: "anyfunc" }, { element: "anyfunc", initial: 10_000_001 },
  ];
  for (const descriptor of descriptors) {
    const ours = outcome(() => new Table(descriptor as { element: "anyfunc"; initial: number }).length);
    const theirs = outcome(() => new V8.Table(descriptor as { element: "anyfunc"; initial: number }).length);
    assert.deepEqual(ours, theirs, JSON.stringify(descriptor));
  }
  // "funcref" is the newer spelling of "anyfunc" (Node 20's V8 knows only the old one).
  assert.equal(new Table({ element: "funcref", initial: 1 }).get(0), null);
  const host = { tag: 1 };
  const ours = new Table({ element: "externref", initial: 2, maximum: 4 }, host);
  const theirs = new V8.Table({ element: "externref", initial: 2, maximum: 4 }, host);
  const script: [string, (t: Table | V8Table) => unknown][] = [
    ["get 0", (t) => t.get(0)],
    ["get 2", (t) => t.get(2)],
    ["set 1 null", (t) => t.set(1, null)],
    ["get 1", (t) => t.get(1)],
    ["set 1 undefined", (t) => t.set(1, undefined)],
    ["get 1 again", (t) => t.get(1)],
    ["set 1 none", (t) => (t as Table).set(1)],
    ["get 1 default", (t) => t.get(1)],
    ["grow 1", (t) => t.grow(1, "x")],
    ["get 2 grown", (t) => t.get(2)],
    ["grow 2", (t) => t.grow(2)],
    ["length", (t) => t.length],
  ];
  for (const [label, step] of script) assert.deepEqual(outcome(() => step(ours)), outcome(() => step(theirs)), label);

  const funcs = new Table({ element: "anyfunc", initial: 1 });
  const vFuncs = new V8.Table({ element: "anyfunc", initial: 1 });
  assert.equal(outcome(() => funcs.set(0, () => 1)), outcome(() => vFuncs.set(0, () => 1)));
  assert.equal(funcs.get(0), vFuncs.get(0));
});

test("tables hold exported functions by identity", async () => {
  const wabt = await (await import("wabt")).default();
  const parsed = wabt.parseWat("t.wat", `(module (func (export "f")) (table (export "t") 2 funcref) (elem (i32.const 1) 0))`);
  const bytes = parsed.toBinary({}).buffer;
  parsed.destroy();
  const exports = new Instance(new Module(bytes)).exports;
  const table = exports.t as Table;
  assert.equal(table.get(1), exports.f);
  assert.equal(table.get(0), null);
  table.set(0, exports.f as Function);
  assert.equal(table.get(0), exports.f);
  const other = new Table({ element: "anyfunc", initial: 1 }, exports.f);
  assert.equal(other.get(0), exports.f);
});
