// Engine resource limits of issue 4: each exceeded limit is a LimitExceeded naming it (`.limit`),
// checked before anything proportional is allocated; engine caps below a module's own maximum make
// memory.grow / table.grow return -1 (the spec's answer for a refused grow).
import { test } from "node:test";
import assert from "node:assert/strict";
import { LimitExceeded } from "../core/index.ts";
import { Module, Instance } from "./index.ts";
import type { EngineOptions } from "./index.ts";

const wabt = await (await import("wabt")).default();
const wat = (text: string): Uint8Array => wabt.parseWat("t.wat", text).toBinary({}).buffer;

function refused(limit: string): (e: unknown) => boolean {
  return (e: unknown) => e instanceof LimitExceeded && e.name === "LimitExceeded" && e.limit === limit;
}

test("a function declaring 2^32-1 locals is refused at once", () => {
  // One local group of count 0xffffffff i32: type () -> (), function 0, code body [1 group, count, i32, end].
  const bytes = Uint8Array.from([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    1, 4, 1, 0x60, 0, 0,
    3, 2, 1, 0,
    10, 10, 1, 8, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b,
  ]);
  const started = performance.now();
  assert.throws(() => new Module(bytes), (e: unknown) => e instanceof Error && /too many locals/.test(e.message));
  assert.throws(() => new Module(bytes, { limits: { maxLocals: 100 } }), (e: unknown) => e instanceof Error && /too many locals/.test(e.message));
  assert.ok(performance.now() - started < 100);
});

test("a 65,536-page memory under a 16-page cap is refused before allocating; grow beyond the cap is -1", () => {
  const options: EngineOptions = { limits: { maxMemoryPages: 16 } };
  const huge = new Module(wat(`(module (memory 65536))`), options);
  assert.throws(() => new Instance(huge, {}, options), refused("maxMemoryPages"));
  const small = new Instance(new Module(wat(`(module (memory 1 100) (func (export "g") (param i32) (result i32) (memory.grow (local.get 0))))`), options), {}, options);
  const grow = small.exports.g as (n: number) => number;
  assert.equal(grow(15), 1);
  assert.equal(grow(1), -1);
});

test("table elements: initial size over the cap is refused, grow beyond it is -1", () => {
  const options: EngineOptions = { limits: { maxTableElements: 8 } };
  assert.throws(() => new Instance(new Module(wat(`(module (table 9 funcref))`)), {}, options), refused("maxTableElements"));
  const instance = new Instance(new Module(wat(`(module (table 2 100 funcref) (func (export "g") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))`)), {}, options);
  const grow = instance.exports.g as (n: number) => number;
  assert.equal(grow(6), 2);
  assert.equal(grow(1), -1);
});

test("module size and per-module counts", () => {
  const many = wat(`(module
    (global i32 (i32.const 0)) (global i32 (i32.const 1)) (global i32 (i32.const 2))
    (func (export "a")) (func (export "b")) (func (export "c"))
    (memory 1) (data (i32.const 0) "x") (data (i32.const 1) "y") (data (i32.const 2) "z")
    (table 3 funcref) (elem (i32.const 0) 0) (elem (i32.const 1) 1) (elem (i32.const 2) 2))`);
  assert.throws(() => new Module(many, { limits: { maxModuleBytes: 10 } }), refused("maxModuleBytes"));
  for (const name of ["maxFunctions", "maxGlobals", "maxDataSegments", "maxElemSegments", "maxExports"] as const) {
    assert.throws(() => new Module(many, { limits: { [name]: 2 } }), refused(name), name);
    assert.doesNotThrow(() => new Module(many, { limits: { [name]: 3 } }), name);
  }
});
