// Engine limits: each is enforced with its specific error, and objects of Stores with different
// stack limits are not linked together (their ref ids and stacks are separate).

import { test } from "node:test";
import assert from "node:assert/strict";
import { LimitExceeded, LinkError, RuntimeError } from "../core/index.ts";
import { Instance, Module, Table } from "./index.ts";
import type { EngineOptions } from "./index.ts";
import { wat } from "./wat.test-helper.ts";



const recursive = wat(`(module (func $down (export "down") (param i32) (result i32)
  (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
    (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1))))))))`);

test("maxCallDepth bounds recursion with the trap 'call stack exhausted'", () => {
  const shallow: EngineOptions = { limits: { maxCallDepth: 50 } };
  const down = new Instance(new Module(recursive, shallow), {}, shallow).exports.down as (n: number) => number;
  assert.equal(down(40), 40);
  assert.throws(() => down(60), (e: unknown) => e instanceof RuntimeError && e.trap === "call stack exhausted");
  assert.equal(down(10), 10, "the engine recovers after exhaustion");
  const deep = new Instance(new Module(recursive)).exports.down as (n: number) => number;
  assert.equal(deep(1000), 1000);
});

test("maxMemoryPages refuses larger memories and caps memory.grow", () => {
  const limited: EngineOptions = { limits: { maxMemoryPages: 2 } };
  assert.throws(() => new Instance(new Module(wat(`(module (memory 3))`)), {}, limited), LimitExceeded);
  const exports = new Instance(new Module(wat(`(module (memory 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`)), {}, limited).exports;
  const grow = exports.grow as (delta: number) => number;
  assert.equal(grow(2), -1);
  assert.equal(grow(1), 1);
  assert.equal(grow(1), -1);
  assert.throws(() => new Instance(new Module(recursive), {}, { limits: { maxCallDepth: 0 } }), RangeError);
});

test("tables and functions of a Store with other stack limits do not link", () => {
  const other: EngineOptions = { limits: { valueStackSlots: 4096 } };
  const foreignTable = new Table({ element: "anyfunc", initial: 1 }, undefined, other);
  assert.throws(() => new Instance(new Module(wat(`(module (import "m" "t" (table 1 funcref)))`)), { m: { t: foreignTable } }), LinkError);
  const foreignFunc = new Instance(new Module(recursive), {}, other).exports.down;
  assert.throws(() => new Instance(new Module(wat(`(module (import "m" "f" (func (param i32) (result i32))))`)), { m: { f: foreignFunc } }), LinkError);
  // The same limits give the same Store, so these link.
  new Instance(new Module(wat(`(module (import "m" "t" (table 1 funcref)))`)), { m: { t: foreignTable } }, { limits: { valueStackSlots: 4096 } });
});
