// Instantiation and linking checked against V8's own WebAssembly on the same bytes: module
// descriptors, which imports link and which fail with LinkError, identity of exported objects,
// sharing of memories/tables/globals, and the Wasm 2.0 order of segment initialisation.

import { test } from "node:test";
import assert from "node:assert/strict";
import { LinkError, RuntimeError } from "../core/index.ts";
import { Global, Instance, Memory, Module, Table } from "./index.ts";
import { V8 } from "./v8-webassembly.test-helper.ts";
import type { V8Global } from "./v8-webassembly.test-helper.ts";
import type { Imports } from "./index.ts";
import { wat } from "./wat.test-helper.ts";



/** The error class name a construction throws, or "ok". */
function outcome(run: () => unknown): string {
  try {
    run();
    return "ok";
  } catch (error) {
    return error instanceof Error ? error.name : typeof error;
  }
}

test("Module.imports/exports/customSections equal V8's", () => {
  const bytes = wat(`(module
    (import "env" "f" (func (param i32)))
    (import "env" "t" (table 1 funcref))
    (import "other" "m" (memory 1))
    (import "env" "g" (global (mut f64)))
    (func $x (export "x"))
    (table (export "tab") 2 externref)
    (global (export "glob") i64 (i64.const 1))
    (export "mem" (memory 0))
    (export "f-again" (func 0)))`);
  // A custom section appended by hand: id 0, size, name "note", payload "abc".
  const custom = new Uint8Array([0, 8, 4, 0x6e, 0x6f, 0x74, 0x65, 0x61, 0x62, 0x63]);
  const withCustom = new Uint8Array(bytes.length + custom.length * 2);
  withCustom.set(bytes);
  withCustom.set(custom, bytes.length);
  withCustom.set(custom, bytes.length + custom.length);
  const ours = new Module(withCustom);
  const theirs = new V8.Module(withCustom);
  assert.deepEqual(Module.imports(ours), V8.Module.imports(theirs));
  assert.deepEqual(Module.exports(ours), V8.Module.exports(theirs));
  const toBytes = (buffers: ArrayBuffer[]) => buffers.map((b) => [...new Uint8Array(b)]);
  assert.deepEqual(toBytes(Module.customSections(ours, "note")), toBytes(V8.Module.customSections(theirs, "note")));
  assert.deepEqual(Module.customSections(ours, "none"), []);
});

test("invalid and malformed bytes throw CompileError like V8", () => {
  for (const bytes of [new Uint8Array([0, 0x61, 0x73]), wat(`(module (func (result i32) i64.const 0))`)]) {
    assert.equal(outcome(() => new Module(bytes)), "CompileError");
    assert.equal(outcome(() => new V8.Module(bytes)), "CompileError");
  }
});

/** A provider instance exporting one of every kind, built in both engines from the same bytes. */
const providerBytes = wat(`(module
  (func (export "f_void"))
  (func (export "f_i32") (param i32))
  (func (export "f_i32_i32") (param i32) (result i32) local.get 0)
  (global (export "g_i32") i32 (i32.const 1))
  (global (export "g_mut_i32") (mut i32) (i32.const 2))
  (global (export "g_i64") i64 (i64.const 3))
  (table (export "t_10") 10 funcref)
  (table (export "t_10_20") 10 20 funcref)
  (table (export "t_ext") 10 externref)
  (memory (export "m_1") 1))`);
const providerOurs = new Instance(new Module(providerBytes), {});
const providerTheirs = new V8.Instance(new V8.Module(providerBytes), {});

// Import declarations and whether they link against the provider (the oracle is V8; the comment is
// the spec rule being exercised).
const linkCases: readonly string[] = [
  `(func (import "p" "f_void"))`,
  `(func (import "p" "f_i32") (param i32))`,
  `(func (import "p" "f_i32") (param i64))`,                      // param type differs
  `(func (import "p" "f_i32") (param i32) (result i32))`,         // result count differs
  `(func (import "p" "f_i32_i32") (param i32) (result i32))`,
  `(func (import "p" "g_i32"))`,                                   // kind differs
  `(func (import "p" "nope"))`,                                    // unknown import
  `(global (import "p" "g_i32") i32)`,
  `(global (import "p" "g_i32") (mut i32))`,                       // mutability differs
  `(global (import "p" "g_mut_i32") (mut i32))`,
  `(global (import "p" "g_mut_i32") i32)`,
  `(global (import "p" "g_i64") i32)`,                             // value type differs
  `(global (import "p" "f_void") i32)`,
  `(table (import "p" "t_10") 10 funcref)`,
  `(table (import "p" "t_10") 5 funcref)`,                         // smaller min is fine
  `(table (import "p" "t_10") 11 funcref)`,                        // min too large
  `(table (import "p" "t_10") 5 20 funcref)`,                      // declared max, provider has none
  `(table (import "p" "t_10_20") 5 20 funcref)`,
  `(table (import "p" "t_10_20") 5 25 funcref)`,
  `(table (import "p" "t_10_20") 5 15 funcref)`,                   // provider max too large
  `(table (import "p" "t_ext") 10 funcref)`,                       // element type differs
  `(table (import "p" "t_ext") 10 externref)`,
  `(memory (import "p" "m_1") 1)`,
  `(memory (import "p" "m_1") 0)`,
  `(memory (import "p" "m_1") 2)`,                                 // min too large
  `(memory (import "p" "m_1") 1 2)`,                               // declared max, provider has none
  `(memory (import "p" "t_10") 1)`,
];

test("imports link or fail with LinkError exactly as in V8", () => {
  for (const decl of linkCases) {
    const bytes = wat(`(module ${decl})`);
    const ours = outcome(() => new Instance(new Module(bytes), { p: providerOurs.exports } as Imports));
    const theirs = outcome(() => new V8.Instance(new V8.Module(bytes), { p: providerTheirs.exports }));
    assert.equal(ours, theirs, decl);
  }
});

test("limits of JS-created memories and tables are matched as in V8", () => {
  const cases: [string, () => unknown, () => unknown][] = [
    [`(memory (import "p" "m") 1 2)`, () => new Memory({ initial: 1, maximum: 2 }), () => new V8.Memory({ initial: 1, maximum: 2 })],
    [`(memory (import "p" "m") 1 2)`, () => new Memory({ initial: 1, maximum: 3 }), () => new V8.Memory({ initial: 1, maximum: 3 })],
    [`(memory (import "p" "m") 2)`, () => new Memory({ initial: 1 }), () => new V8.Memory({ initial: 1 })],
    [`(table (import "p" "m") 3 funcref)`, () => new Table({ element: "anyfunc", initial: 3 }), () => new V8.Table({ element: "anyfunc", initial: 3 })],
    [`(table (import "p" "m") 3 externref)`, () => new Table({ element: "anyfunc", initial: 3 }), () => new V8.Table({ element: "anyfunc", initial: 3 })],
    [`(global (import "p" "m") i32)`, () => 5, () => 5],
    [`(global (import "p" "m") i32)`, () => 5n, () => 5n],
    [`(global (import "p" "m") i64)`, () => 5n, () => 5n],
    [`(global (import "p" "m") i64)`, () => 5, () => 5],
    [`(global (import "p" "m") (mut i32))`, () => 5, () => 5],
    [`(global (import "p" "m") f64)`, () => new Global({ value: "f64" }, 1), () => new V8.Global({ value: "f64" }, 1)],
    [`(global (import "p" "m") f64)`, () => new Global({ value: "f32" }, 1), () => new V8.Global({ value: "f32" }, 1)],
    [`(func (import "p" "m"))`, () => () => 1, () => () => 1],
    [`(func (import "p" "m"))`, () => 1, () => 1],
  ];
  for (const [decl, makeOurs, makeTheirs] of cases) {
    const bytes = wat(`(module ${decl})`);
    const ours = outcome(() => new Instance(new Module(bytes), { p: { m: makeOurs() } }));
    const theirs = outcome(() => new V8.Instance(new V8.Module(bytes), { p: { m: makeTheirs() } }));
    assert.equal(ours, theirs, decl);
  }
});

test("an unknown module namespace is a LinkError", () => {
  const bytes = wat(`(module (func (import "absent" "f")))`);
  assert.throws(() => new Instance(new Module(bytes), {}), LinkError);
  assert.throws(() => new Instance(new Module(bytes)), LinkError);
});

test("exported objects keep their identity as in V8", () => {
  const bytes = wat(`(module
    (import "p" "f" (func $imp))
    (import "p" "m" (memory 1))
    (import "p" "t" (table 1 funcref))
    (import "p" "g" (global $g (mut i32)))
    (func $own)
    (export "imp1" (func $imp)) (export "imp2" (func $imp))
    (export "own1" (func $own)) (export "own2" (func $own))
    (export "m1" (memory 0)) (export "m2" (memory 0))
    (export "t1" (table 0)) (export "t2" (table 0))
    (export "g1" (global $g)) (export "g2" (global $g)))`);
  const js = () => {};
  const memory = new Memory({ initial: 1 });
  const table = new Table({ element: "anyfunc", initial: 1 });
  const global = new Global({ value: "i32", mutable: true }, 7);
  const ours = new Instance(new Module(bytes), { p: { f: js, m: memory, t: table, g: global } }).exports;
  const vMemory = new V8.Memory({ initial: 1 });
  const vTable = new V8.Table({ element: "anyfunc", initial: 1 });
  const vGlobal = new V8.Global({ value: "i32", mutable: true }, 7);
  const theirs = new V8.Instance(new V8.Module(bytes), { p: { f: js, m: vMemory, t: vTable, g: vGlobal } }).exports;
  const facts = (e: Record<string, unknown>, m: unknown, t: unknown, g: unknown) => ({
    importedTwice: e.imp1 === e.imp2,
    importedIsTheJsFunction: e.imp1 === js,
    ownTwice: e.own1 === e.own2,
    memory: e.m1 === e.m2 && e.m1 === m,
    table: e.t1 === e.t2 && e.t1 === t,
    global: e.g1 === e.g2 && e.g1 === g,
    frozen: Object.isFrozen(e),
    prototype: Object.getPrototypeOf(e),
    keys: Object.keys(e),
    name: (e.own1 as Function).name,
    length: (e.own1 as Function).length,
  });
  assert.deepEqual(facts(ours, memory, table, global), facts(theirs, vMemory, vTable, vGlobal));

  // Re-exporting an exported wasm function from a second instance gives the same object.
  const reexport = wat(`(module (import "p" "f" (func)) (export "again" (func 0)))`);
  const ourAgain = new Instance(new Module(reexport), { p: { f: ours.own1 } }).exports.again;
  const theirAgain = new V8.Instance(new V8.Module(reexport), { p: { f: theirs.own1 } }).exports.again;
  assert.equal(ourAgain === ours.own1, theirAgain === theirs.own1);
  assert.equal(ourAgain, ours.own1);
});

test("a mutable global is shared between JS and every instance importing it", () => {
  const bytes = wat(`(module (import "p" "g" (global $g (mut i64))) (export "g" (global $g)))`);
  const shared = new Global({ value: "i64", mutable: true }, 1n);
  const a = new Instance(new Module(bytes), { p: { g: shared } }).exports.g as Global;
  const b = new Instance(new Module(bytes), { p: { g: a } }).exports.g as Global;
  shared.value = -42n;
  assert.equal(a.value, -42n);
  assert.equal(b.value, -42n);
  assert.equal(b, shared);
});

test("globals initialised from imported globals, ref.func and constants read as in V8", () => {
  const bytes = wat(`(module
    (import "p" "base" (global $base i32))
    (import "p" "big" (global $big i64))
    (func $f)
    (global (export "a") i32 (global.get $base))
    (global (export "b") i64 (global.get $big))
    (global (export "c") f32 (f32.const -0.1))
    (global (export "d") f64 (f64.const 1e300))
    (global (export "e") funcref (ref.func $f))
    (global (export "n") externref (ref.null extern))
    (export "f" (func $f)))`);
  const imports = { p: { base: -7, big: -(2n ** 63n) } };
  const ours = new Instance(new Module(bytes), imports).exports;
  const theirs = new V8.Instance(new V8.Module(bytes), imports).exports;
  for (const name of ["a", "b", "c", "d", "n"]) {
    assert.equal((ours[name] as Global).value, (theirs[name] as V8Global).value, name);
  }
  assert.equal((ours.e as Global).value, ours.f);
  assert.equal((theirs.e as V8Global).value, theirs.f);
});

test("segments: in order, a failing one traps and keeps the earlier writes (Wasm 2.0, as V8)", () => {
  const bytes = wat(`(module
    (import "p" "t" (table 3 funcref))
    (import "p" "m" (memory 1))
    (func $f)
    (elem (i32.const 0) $f)
    (elem (i32.const 2) $f $f)
    (data (i32.const 0) "a"))`);
  const ourTable = new Table({ element: "anyfunc", initial: 3 });
  const ourMemory = new Memory({ initial: 1 });
  const theirTable = new V8.Table({ element: "anyfunc", initial: 3 });
  const theirMemory = new V8.Memory({ initial: 1 });
  assert.throws(() => new Instance(new Module(bytes), { p: { t: ourTable, m: ourMemory } }), (e: unknown) => e instanceof RuntimeError && e.trap === "out of bounds table access");
  assert.throws(() => new V8.Instance(new V8.Module(bytes), { p: { t: theirTable, m: theirMemory } }), V8.RuntimeError);
  const tableState = (t: { get(i: number): unknown; length: number }) => Array.from({ length: t.length }, (_, i) => t.get(i) !== null);
  assert.deepEqual(tableState(ourTable), tableState(theirTable));
  // The data segment comes after the failing element segment, so it never ran.
  assert.equal(new Uint8Array(ourMemory.buffer)[0], new Uint8Array(theirMemory.buffer)[0]);

  const dataBytes = wat(`(module
    (import "p" "m" (memory 1))
    (data (i32.const 0) "ab")
    (data (i32.const 65535) "cd")
    (data (i32.const 2) "ef"))`);
  const ourMem2 = new Memory({ initial: 1 });
  const theirMem2 = new V8.Memory({ initial: 1 });
  assert.throws(() => new Instance(new Module(dataBytes), { p: { m: ourMem2 } }), (e: unknown) => e instanceof RuntimeError && e.trap === "out of bounds memory access");
  assert.throws(() => new V8.Instance(new V8.Module(dataBytes), { p: { m: theirMem2 } }), V8.RuntimeError);
  assert.deepEqual([...new Uint8Array(ourMem2.buffer, 0, 4)], [...new Uint8Array(theirMem2.buffer, 0, 4)]);
  assert.equal(new Uint8Array(ourMem2.buffer)[65535], new Uint8Array(theirMem2.buffer)[65535]);
});

test("an empty segment at exactly the end is fine, one past it traps, as in V8", () => {
  for (const offset of [1, 2]) {
    const bytes = wat(`(module (memory 0) (table 1 funcref) (elem (i32.const ${offset})) (data (i32.const ${offset - 1})))`);
    assert.equal(outcome(() => new Instance(new Module(bytes))), outcome(() => new V8.Instance(new V8.Module(bytes))), `offset ${offset}`);
  }
});

test("a table larger than the implementation limit fails with RangeError, as in V8", () => {
  const bytes = wat(`(module (table 20000000 funcref))`);
  assert.equal(outcome(() => new Instance(new Module(bytes))), outcome(() => new V8.Instance(new V8.Module(bytes))));
});
