// The runner on small inline scripts with the V8 adapter (V8's WebAssembly is the oracle for what the
// modules do; the scripts' expectations are hand-written): right expectations pass, wrong ones fail,
// missing engine capabilities are pending — never passed.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { PendingError, type EngineAdapter } from "./engine-adapter.ts";
import { createWabtAssembler, runWast, type Assembler, type Outcome } from "./runner.ts";
import { createV8Adapter } from "./v8-adapter.ts";
import { XwasmAdapter } from "./xwasm-adapter.ts";

let assembler: Assembler;
let v8: EngineAdapter;

before(async () => {
  assembler = await createWabtAssembler();
  v8 = createV8Adapter((text) => assembler.assemble(text));
});

function run(script: string, adapter: EngineAdapter = v8): Outcome[] {
  return runWast(script, { adapter, assembler });
}

function statuses(outcomes: Outcome[]): string[] {
  return outcomes.map((o) => `${o.line}:${o.kind}:${o.status}`);
}

test("a correct script passes every command; a wrong expectation fails with its line", () => {
  const outcomes = run(`(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "wide") (param i64) (result i64 i32) (local.get 0) (i32.const 7))
  (global (export "g") i64 (i64.const -5)))
(assert_return (invoke "add" (i32.const 0x7fffffff) (i32.const 1)) (i32.const -0x80000000))
(assert_return (invoke "add" (i32.const 1) (i32.const 1)) (i32.const 3))
(assert_return (invoke "wide" (i64.const -1)) (i64.const 0xffffffffffffffff) (i32.const 7))
(assert_return (invoke "wide" (i64.const -1)) (i64.const -1))
(assert_return (get "g") (i64.const -5))
(assert_trap (invoke "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div" (i32.const 1) (i32.const 1)) "integer divide by zero")
(invoke "add" (i32.const 1) (i32.const 2))
(invoke "div" (i32.const 1) (i32.const 0))
(assert_return (invoke "missing"))`);
  assert.deepEqual(statuses(outcomes), [
    "1:module:passed", "6:assert_return:passed", "7:assert_return:failed", "8:assert_return:passed", "9:assert_return:failed",
    "10:assert_return:passed", "11:assert_trap:passed", "12:assert_trap:failed", "13:invoke:passed", "14:invoke:failed", "15:assert_return:failed",
  ]);
  assert.match(outcomes[2]!.message ?? "", /got \[i32:2\], expected \[i32:3\]/);
});

test("floats are compared by exact bits, NaN payloads included; NaN classes per value and per lane", () => {
  const outcomes = run(`(module
  (func (export "id32") (param f32) (result f32) (local.get 0))
  (func (export "id64") (param f64) (result f64) (local.get 0))
  (func (export "quiet") (result f32) (f32.const nan:0x600000)) ;; quiet bit set: arithmetic, not canonical
  (func (export "canon") (result f64) (f64.const -nan))
  (func (export "vec") (param v128) (result v128) (local.get 0)))
(assert_return (invoke "id32" (f32.const nan:0x1)) (f32.const nan:0x1))
(assert_return (invoke "id32" (f32.const nan:0x1)) (f32.const nan:0x2))
(assert_return (invoke "id64" (f64.const -nan:0x4000000000001)) (f64.const -nan:0x4000000000001))
(assert_return (invoke "id32" (f32.const -0)) (f32.const 0))
(assert_return (invoke "quiet") (f32.const nan:arithmetic))
(assert_return (invoke "quiet") (f32.const nan:canonical))
(assert_return (invoke "canon") (f64.const nan:canonical))
(assert_return (invoke "id32" (f32.const nan:0x1)) (f32.const nan:arithmetic))
(assert_return (invoke "vec" (v128.const f32x4 1 nan:0x600000 -nan 0x1p-149)) (v128.const f32x4 1 nan:arithmetic nan:canonical 0x1p-149))
(assert_return (invoke "vec" (v128.const f32x4 1 nan:0x600000 -nan 0x1p-149)) (v128.const f32x4 1 nan:canonical nan:canonical 0x1p-149))
(assert_return (invoke "vec" (v128.const i16x8 -1 2 3 4 5 6 7 8)) (v128.const i16x8 0xffff 2 3 4 5 6 7 8))
(assert_return (invoke "vec" (v128.const i16x8 -1 2 3 4 5 6 7 8)) (v128.const i8x16 0xff 0xff 2 0 3 0 4 0 5 0 6 0 7 0 8 0))
(assert_return (invoke "vec" (v128.const i16x8 -1 2 3 4 5 6 7 8)) (v128.const i16x8 -1 2 3 4 5 6 7 9))`);
  assert.deepEqual(outcomes.map((o) => o.status), [
    "passed", "passed", "failed", "passed", "failed", "passed", "failed", "passed", "failed", "passed", "failed", "passed", "passed", "failed",
  ]);
});

test("references: host refs keep identity, null refs, register and imports across modules", () => {
  const outcomes = run(`(module $A
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "null") (result funcref) (ref.null func))
  (func (export "fn") (result funcref) (ref.func 0))
  (global (export "answer") i32 (i32.const 42)))
(assert_return (invoke "id" (ref.extern 1)) (ref.extern 1))
(assert_return (invoke "id" (ref.extern 1)) (ref.extern 2))
(assert_return (invoke "id" (ref.null extern)) (ref.null extern))
(assert_return (invoke "null") (ref.null func))
(assert_return (invoke "fn") (ref.null func))
(register "a" $A)
(module $B
  (import "a" "answer" (global i32))
  (func (export "get") (result i32) (global.get 0)))
(assert_return (invoke $B "get") (i32.const 42))
(assert_return (invoke $A "null") (ref.null func))
(assert_unlinkable (module (import "a" "answer" (global i64))) "incompatible import type")
(assert_unlinkable (module (import "nowhere" "x" (func))) "unknown import")
(assert_unlinkable (module (import "a" "answer" (global i32))) "unknown import")
(module (import "spectest" "print_i32" (func (param i32))) (import "spectest" "memory" (memory 1)))
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i64)))) "incompatible import type")`);
  assert.deepEqual(statuses(outcomes), [
    "1:module:passed", "6:assert_return:passed", "7:assert_return:failed", "8:assert_return:passed", "9:assert_return:passed", "10:assert_return:failed",
    "11:register:passed", "12:module:passed", "15:assert_return:passed", "16:assert_return:passed",
    "17:assert_unlinkable:passed", "18:assert_unlinkable:passed", "19:assert_unlinkable:failed", "20:module:passed", "21:assert_unlinkable:passed",
  ]);
});

test("module assertions: invalid, malformed (binary and quote), uninstantiable; failed modules do not crash the run", () => {
  const outcomes = run(`(assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 1))) "type mismatch")
(assert_malformed (module binary "\\00asm\\01\\00\\00\\00\\0b") "malformed section id")
(assert_malformed (module binary "\\00asm\\01\\00\\00\\00") "should fail but is a valid empty module")
(assert_malformed (module quote "(func (i32.const 0x))") "unknown operator")
(assert_malformed (module quote "(func)") "accepted by the text parser")
(assert_trap (module (memory 1) (data (i32.const 65536) "x")) "out of bounds memory access")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_trap (module (func $s) (start $s)) "unreachable")
(module (import "nowhere" "f" (func)))
(assert_return (invoke "f") (i32.const 1))
(module $ok (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(assert_exhaustion (invoke "f") "call stack exhausted")
(module (func $r (export "r") (call $r)))
(assert_exhaustion (invoke "r") "call stack exhausted")
(assert_invalid (module (func (call $undefined))) "unknown function")`);
  assert.deepEqual(statuses(outcomes), [
    "1:assert_invalid:passed", "2:assert_invalid:failed", "3:assert_malformed:passed", "4:assert_malformed:failed",
    "5:assert_malformed_quote:passed", "6:assert_malformed_quote:failed", "7:assert_trap:passed", "8:assert_trap:passed", "9:assert_trap:failed",
    "10:module:failed", "11:assert_return:failed", "12:module:passed", "13:assert_return:passed", "14:assert_exhaustion:failed",
    "15:module:passed", "16:assert_exhaustion:passed", "17:assert_invalid:pending",
  ]);
  assert.equal(outcomes[1]!.decodeFailure, true);
  assert.equal(outcomes[9]!.decodeFailure, undefined); // an instantiation failure is not a decode failure
  assert.match(outcomes[16]!.message ?? "", /text not assemblable/);
  assert.equal(run("(module").length, 1);
  assert.deepEqual(statuses(run("\n(module")), ["2:script:failed"]);
});

test("an engine that can only validate: decode commands run, everything needing an instance is pending", () => {
  const validateOnly = new XwasmAdapter({
    validateOrThrow: (bytes) => {
      try { new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>); } catch (error) { const e = new Error((error as Error).message); e.name = "CompileError"; throw e; }
    },
    Module: undefined, Instance: undefined, spectest: undefined, createSpectest: undefined,
    CompileError: undefined, LinkError: undefined, RuntimeError: undefined,
  }, undefined);
  const outcomes = run(`(module (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(assert_trap (invoke "f") "unreachable")
(register "m")
(module (import "m" "f" (func)))
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
(assert_malformed (module binary "\\00asm") "unexpected end")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(module (func (result i32) (i64.const 0)))`, validateOnly);
  assert.deepEqual(statuses(outcomes), [
    "1:module:pending", "2:assert_return:pending", "3:assert_trap:pending", "4:register:pending", "5:module:pending",
    "6:assert_invalid:passed", "7:assert_invalid:failed", "8:assert_malformed:passed", "9:assert_unlinkable:pending", "10:module:failed",
  ]);
  assert.equal(outcomes[9]!.decodeFailure, true);

  // No engine at all (src/index.ts missing or broken): everything is pending, nothing passes or fails.
  const none = new XwasmAdapter({
    validateOrThrow: undefined, Module: undefined, Instance: undefined, spectest: undefined, createSpectest: undefined,
    CompileError: undefined, LinkError: undefined, RuntimeError: undefined,
  }, "src/index.ts could not be loaded");
  const nothing = run(`(module (func (export "f")))\n(assert_return (invoke "f"))\n(assert_invalid (module (func (result i32))) "type mismatch")\n(assert_malformed (module binary "") "x")`, none);
  assert.deepEqual(nothing.map((o) => o.status), ["pending", "pending", "pending", "pending"]);
  assert.match(nothing[2]!.message ?? "", /could not be loaded/);

  // An engine's "not implemented" error is pending even when it is a RuntimeError (it must not pass an
  // assert_trap expecting "unreachable").
  const notYet: EngineAdapter = {
    ...v8,
    name: "v8-with-gaps",
    compile: (bytes) => v8.compile(bytes),
    importModules: (m) => v8.importModules(m),
    instantiate: (m, i) => v8.instantiate(m, i),
    exportsOf: (i) => v8.exportsOf(i),
    getGlobal: (i, n) => v8.getGlobal(i, n),
    spectest: () => v8.spectest(),
    classify: (e) => (e instanceof PendingError || /not implemented/.test(String(e)) ? "pending" : v8.classify(e)),
    trapMatches: () => true,
    compileMessageMatches: () => true,
    invoke: () => { const e = new Error("unreachable: not implemented: opcode 0xfd0c"); e.name = "RuntimeError"; throw e; },
  };
  assert.deepEqual(statuses(run(`(module (func (export "f")))\n(assert_trap (invoke "f") "unreachable")`, notYet)), ["1:module:passed", "2:assert_trap:pending"]);
});

const SUITE = new URL("../../shared/spec/wasm-2.0/", import.meta.url);
test("real suite files pass on V8 (float literals, linking, NaN payloads, names)", { skip: !existsSync(SUITE) && "suite not present" }, () => {
  for (const name of ["float_literals.wast", "float_memory.wast", "linking.wast", "names.wast", "simd_const.wast"]) {
    const outcomes = run(readFileSync(new URL(name, SUITE)).toString("latin1"));
    const failed = outcomes.filter((o) => o.status !== "passed");
    assert.deepEqual(failed, [], name);
    assert.ok(outcomes.length > 50, name);
  }
});
