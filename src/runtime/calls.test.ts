// Calling across the JS/wasm boundary, checked against V8 running the same bytes: argument and
// result conversion, host functions as imports (including re-entry and exceptions), direct linking
// of one instance's functions into another, traps, and the exact-bit embedder API.

import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeError } from "../core/index.ts";
import { Instance, Module } from "./index.ts";
import type { Imports } from "./index.ts";
import { V8 } from "./v8-webassembly.test-helper.ts";
import { wat } from "./wat.test-helper.ts";



function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? `throws ${error.name}` : "throws";
  }
}

/** Instantiates the same bytes in both engines with the same imports. */
function both(text: string, imports: Record<string, Record<string, unknown>> = {}): [Record<string, unknown>, Record<string, unknown>] {
  const bytes = wat(text);
  const ours = new Instance(new Module(bytes), imports as Imports).exports;
  const theirs = new V8.Instance(new V8.Module(bytes), imports).exports;
  return [ours, theirs];
}

const identities = `(module
  (func (export "i32") (param i32) (result i32) local.get 0)
  (func (export "i64") (param i64) (result i64) local.get 0)
  (func (export "f32") (param f32) (result f32) local.get 0)
  (func (export "f64") (param f64) (result f64) local.get 0)
  (func (export "ext") (param externref) (result externref) local.get 0)
  (func (export "fn") (param funcref) (result funcref) local.get 0)
  (func (export "multi") (param i32 i64 f64) (result f64 i64 i32) local.get 2 local.get 1 local.get 0)
  (func (export "none")))`;

test("arguments and results convert as in V8", () => {
  const [ours, theirs] = both(identities);
  const inputs: unknown[] = [0, -0, 1.5, -1.5, 2 ** 31, 2 ** 32 + 7, 1e300, NaN, -Infinity, 5n, -(2n ** 63n), 2n ** 64n + 1n, "7", "x", true, null, undefined, {}, { valueOf: () => 3 }];
  for (const name of ["i32", "i64", "f32", "f64"]) {
    for (const input of inputs) {
      const ourResult = outcome(() => (ours[name] as Function)(input));
      const theirResult = outcome(() => (theirs[name] as Function)(input));
      assert.deepEqual(ourResult, theirResult, `${name}(${String(input)})`);
    }
    assert.deepEqual(outcome(() => (ours[name] as Function)()), outcome(() => (theirs[name] as Function)()), `${name}() with no argument`);
  }
  const host = { any: 1 };
  for (const input of [host, null, undefined, 0, "s"]) assert.equal((ours.ext as Function)(input), input);
  assert.equal((ours.fn as Function)(ours.i32), ours.i32);
  assert.equal((ours.fn as Function)(null), null);
  assert.equal(outcome(() => (ours.fn as Function)(() => 1)), outcome(() => (theirs.fn as Function)(() => 1)));
  assert.deepEqual((ours.multi as Function)(1, 2n, 3.5), (theirs.multi as Function)(1, 2n, 3.5));
  assert.equal((ours.none as Function)(1, 2, 3), (theirs.none as Function)(1, 2, 3));
});

test("host functions receive and return values as in V8", () => {
  const text = `(module
    (import "h" "f" (func $f (param i32 i64 f32 f64) (result i64)))
    (import "h" "g" (func $g (result i32 f64)))
    (func (export "callF") (param i32 i64 f32 f64) (result i64) local.get 0 local.get 1 local.get 2 local.get 3 call $f)
    (func (export "callG") (result i32 f64) call $g))`;
  const returns: unknown[] = [5n, -1n, 2n ** 64n, 7, "8", undefined, true];
  for (const returned of returns) {
    const seen: unknown[][] = [];
    const imports = { h: { f: (...args: unknown[]) => (seen.push(args), returned), g: () => [returned, returned] } };
    const [ours, theirs] = both(text, imports);
    const args = [-3, 2n ** 40n, 0.1, -2.5];
    assert.deepEqual(outcome(() => (ours.callF as Function)(...args)), outcome(() => (theirs.callF as Function)(...args)), `f returns ${String(returned)}`);
    assert.deepEqual(seen[0], seen[1], "arguments seen by the host function");
    assert.deepEqual(outcome(() => (ours.callG as Function)()), outcome(() => (theirs.callG as Function)()), `g returns [${String(returned)}, …]`);
  }
  for (const bad of [[1], [1, 2, 3], 5, null]) {
    const imports = { h: { f: () => 0n, g: () => bad } };
    const [ours, theirs] = both(text, imports);
    assert.deepEqual(outcome(() => (ours.callG as Function)()), outcome(() => (theirs.callG as Function)()), `g returns ${JSON.stringify(bad)}`);
  }
});

test("a host exception propagates out unchanged and the engine stays usable", () => {
  const thrown = new Error("from the host");
  const text = `(module (import "h" "f" (func $f)) (func (export "run") (param i32) (result i32) call $f local.get 0))`;
  const ours = new Instance(new Module(wat(text)), { h: { f: () => { throw thrown; } } }).exports;
  assert.throws(() => (ours.run as Function)(1), (e: unknown) => e === thrown);
  const fine = new Instance(new Module(wat(text)), { h: { f: () => {} } }).exports;
  assert.equal((fine.run as Function)(9), 9);
});

test("host functions may re-enter wasm without disturbing the caller's frame", () => {
  const text = `(module
    (import "h" "back" (func $back (param i32) (result i32)))
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_s (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $back (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2))))))))`;
  let oursFib: Function = () => 0;
  let theirsFib: Function = () => 0;
  const ours = new Instance(new Module(wat(text)), { h: { back: (n: number) => oursFib(n) } }).exports;
  const theirs = new V8.Instance(new V8.Module(wat(text)), { h: { back: (n: number) => theirsFib(n) } }).exports;
  oursFib = ours.fib as Function;
  theirsFib = theirs.fib as Function;
  for (const n of [0, 1, 5, 12]) assert.equal(oursFib(n), theirsFib(n), `fib(${n})`);
});

test("an exported wasm function imported elsewhere is called directly, with its own instance's state", () => {
  const counter = wat(`(module
    (global $n (mut i32) (i32.const 0))
    (func (export "bump") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))`);
  const user = wat(`(module
    (import "c" "bump" (func $bump (result i32)))
    (table 1 funcref) (elem (i32.const 0) $bump)
    (type $t (func (result i32)))
    (func (export "twice") (result i32) (drop (call $bump)) (call_indirect (type $t) (i32.const 0))))`);
  const c = new Instance(new Module(counter)).exports;
  const u = new Instance(new Module(user), { c: { bump: c.bump } }).exports;
  assert.equal((u.twice as Function)(), 2);
  assert.equal((c.bump as Function)(), 3);
});

test("traps are RuntimeError with the spec's wording, and the engine recovers", () => {
  const [ours, theirs] = both(`(module
    (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
    (func (export "unreachable") unreachable)
    (func $loop (export "recurse") call $loop))`);
  assert.throws(() => (ours.div as Function)(1, 0), (e: unknown) => e instanceof RuntimeError && e.trap === "integer divide by zero");
  assert.throws(() => (theirs.div as Function)(1, 0), V8.RuntimeError);
  assert.throws(() => (ours.unreachable as Function)(), (e: unknown) => e instanceof RuntimeError && e.trap === "unreachable");
  assert.throws(() => (ours.recurse as Function)(), (e: unknown) => e instanceof RuntimeError && e.trap === "call stack exhausted");
  assert.equal((ours.div as Function)(-7, 2), (theirs.div as Function)(-7, 2));
});

test("a start function runs during instantiation; its trap fails instantiation", () => {
  const ok = wat(`(module (global (export "g") (mut i32) (i32.const 0)) (func $s (global.set 0 (i32.const 5))) (start $s))`);
  const ours = new Instance(new Module(ok)).exports;
  assert.equal((ours.g as { value: unknown }).value, 5);
  const bad = wat(`(module (func $s unreachable) (start $s))`);
  assert.throws(() => new Instance(new Module(bad)), RuntimeError);
  assert.throws(() => new V8.Instance(new V8.Module(bad)), V8.RuntimeError);
});

test("invoke and getGlobal keep exact bits, NaN payloads included", () => {
  const instance = new Instance(new Module(wat(`(module
    (func (export "f32") (param f32) (result f32) local.get 0)
    (func (export "f64") (param f64) (result f64) local.get 0)
    (func (export "i64") (param i64) (result i64) local.get 0)
    (func (export "v128") (param v128) (result v128) local.get 0)
    (global (export "nan") f32 (f32.const nan:0x200001))
    (global (export "big") i64 (i64.const -9223372036854775808)))`)));
  assert.deepEqual(instance.invoke("f32", [{ type: "f32", bits: 0x7fa00001 }]), [{ type: "f32", bits: 0x7fa00001 }]);
  assert.deepEqual(instance.invoke("f32", [{ type: "f32", bits: 0xffc00000 }]), [{ type: "f32", bits: 0xffc00000 }]);
  assert.deepEqual(instance.invoke("f64", [{ type: "f64", bits: 0xfff0000000000001n }]), [{ type: "f64", bits: 0xfff0000000000001n }]);
  assert.deepEqual(instance.invoke("i64", [{ type: "i64", value: -5n }]), [{ type: "i64", value: -5n }]);
  const lanes = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
  assert.deepEqual(instance.invoke("v128", [{ type: "v128", bytes: lanes }]), [{ type: "v128", bytes: lanes }]);
  assert.deepEqual(instance.getGlobal("nan"), { type: "f32", bits: 0x7fa00001 });
  assert.deepEqual(instance.getGlobal("big"), { type: "i64", value: -(2n ** 63n) });
  assert.throws(() => instance.invoke("f32", []), TypeError);
  assert.throws(() => instance.invoke("f32", [{ type: "i32", value: 1 }]), TypeError);
  assert.throws(() => (instance.exports.v128 as Function)(0), TypeError);
});
