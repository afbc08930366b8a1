// Module-level validation (limits, constant expressions, segments, start, exports) and feature
// flags. Verdicts are the spec's; for full Wasm 2.0 they are also checked against V8's own
// WebAssembly.validate. Feature-restricted verdicts are hand-stated (V8 has every 2.0 feature on).

import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeModule } from "../binary/index.ts";
import { ALL_FEATURES, CompileError, MVP_FEATURES, type Features } from "../core/index.ts";
import { validateModule } from "./index.ts";

interface WabtModule { toBinary(o: object): { buffer: Uint8Array<ArrayBuffer> }; destroy(): void }
interface Wabt { parseWat(name: string, text: string, features?: Record<string, boolean>): WabtModule }
const wabt = await ((await import("wabt")) as unknown as { default: () => Promise<Wabt> }).default();

function wat(text: string, features?: Record<string, boolean>): Uint8Array<ArrayBuffer> {
  const m = wabt.parseWat("case.wat", text, features);
  try { return m.toBinary({}).buffer.slice(); } finally { m.destroy(); }
}

function verdict(bytes: Uint8Array, features: Features = ALL_FEATURES): string {
  try {
    validateModule(decodeModule(bytes), features);
    return "valid";
  } catch (e) {
    if (e instanceof CompileError) return e.reason;
    throw e;
  }
}

const MODULE_CASES: ReadonlyArray<readonly [string, string, string]> = [
  ["start function type", `(module (func $s (param i32)) (start $s))`, "start function"],
  ["start function result", `(module (func $s (result i32) (i32.const 0)) (start $s))`, "start function"],
  ["start function ok", `(module (func $s) (start $s))`, "valid"],
  ["start unknown", `(module (func) (start 3))`, "unknown function"],
  ["duplicate export", `(module (func) (export "a" (func 0)) (export "a" (func 0)))`, "duplicate export name"],
  ["duplicate export across kinds", `(module (func) (memory 1) (export "a" (func 0)) (export "a" (memory 0)))`, "duplicate export name"],
  ["export unknown function", `(module (export "a" (func 3)))`, "unknown function"],
  ["export unknown global", `(module (export "a" (global 0)))`, "unknown global"],
  ["memory too large", `(module (memory 65537))`, "memory size must be at most 65536 pages (4GiB)"],
  ["memory max too large", `(module (memory 1 65537))`, "memory size must be at most 65536 pages (4GiB)"],
  ["memory 4GiB", `(module (memory 0 65536))`, "valid"],
  ["memory min > max", `(module (memory 2 1))`, "size minimum must not be greater than maximum"],
  ["table min > max", `(module (table 2 1 funcref))`, "size minimum must not be greater than maximum"],
  ["imported memory min > max", `(module (import "m" "m" (memory 3 2)))`, "size minimum must not be greater than maximum"],
  ["several tables", `(module (table 1 funcref) (table 2 externref))`, "valid"],
  ["global init type", `(module (global i32 (i64.const 0)))`, "type mismatch"],
  ["global init from module global", `(module (global i32 (i32.const 0)) (global i32 (global.get 0)))`, "unknown global"],
  ["global init from imported immutable", `(module (import "m" "g" (global i32)) (global i32 (global.get 0)))`, "valid"],
  ["global init from imported mutable", `(module (import "m" "g" (global (mut i32))) (global i32 (global.get 0)))`, "constant expression required"],
  ["global init ref.func", `(module (func $f) (global funcref (ref.func $f)))`, "valid"],
  ["global init ref.null wrong type", `(module (global funcref (ref.null extern)))`, "type mismatch"],
  ["elem type vs table", `(module (table 1 externref) (func $f) (elem (i32.const 0) func $f))`, "type mismatch"],
  ["elem offset type", `(module (table 1 funcref) (func $f) (elem (i64.const 0) func $f))`, "type mismatch"],
  ["elem unknown function", `(module (table 1 funcref) (elem (i32.const 0) func 4))`, "unknown function"],
  ["elem offset from mutable import", `(module (import "m" "g" (global (mut i32))) (table 1 funcref) (func $f) (elem (global.get 0) func $f))`, "constant expression required"],
  ["passive elem of externref", `(module (elem externref (ref.null extern)))`, "valid"],
  ["data without memory", `(module (data (i32.const 0) "a"))`, "unknown memory"],
  ["data offset from imported global", `(module (import "m" "g" (global i32)) (memory 1) (data (global.get 0) "a"))`, "valid"],
  ["data offset type", `(module (memory 1) (data (f32.const 0) "a"))`, "type mismatch"],
  ["imported function unknown type", `(module (import "m" "f" (func (type 3))))`, "unknown type"],
];

test("module-level cases agree with the spec and with V8", () => {
  for (const [name, text, expected] of MODULE_CASES) {
    const bytes = wat(text);
    assert.equal(WebAssembly.validate(bytes), expected === "valid", `${name}: the case itself disagrees with V8`);
    const actual = verdict(bytes);
    if (expected === "valid") assert.equal(actual, "valid", name);
    else assert.ok(actual.startsWith(expected), `${name}: expected "${expected}", got "${actual}"`);
  }
});

test("multiple memories are rejected", () => {
  const bytes = wat(`(module (memory 1) (memory 1))`, { multi_memory: true });
  assert.equal(WebAssembly.validate(bytes), false);
  assert.equal(verdict(bytes), "multiple memories");
});

const only = (patch: Partial<Features>): Features => ({ ...MVP_FEATURES, ...patch });

// [name, text, the feature that must be on, its name in the error]
const FEATURE_CASES: ReadonlyArray<readonly [string, string, Partial<Features>, string]> = [
  ["sign extension", `(module (func (result i32) (i32.extend8_s (i32.const 1))))`, { signExt: true }, "sign-ext"],
  ["saturating truncation", `(module (func (result i32) (i32.trunc_sat_f32_s (f32.const 1))))`, { satFloatToInt: true }, "sat-float-to-int"],
  ["memory.copy", `(module (memory 1) (func (memory.copy (i32.const 0) (i32.const 0) (i32.const 0))))`, { bulkMemory: true }, "bulk-memory"],
  ["ref.null", `(module (func (drop (ref.null func))))`, { referenceTypes: true }, "reference-types"],
  ["table.size", `(module (table 1 funcref) (func (drop (table.size 0))))`, { referenceTypes: true }, "reference-types"],
  ["externref local", `(module (func (local externref)))`, { referenceTypes: true }, "reference-types"],
  ["simd op", `(module (func (drop (i32x4.splat (i32.const 1)))))`, { simd: true }, "simd"],
  ["v128 param", `(module (func (param v128)))`, { simd: true }, "simd"],
  ["block type index", `(module (type $t (func (param i32) (result i32))) (func (result i32) (i32.const 1) (block (type $t))))`, { multiValue: true }, "multi-value"],
  ["two results", `(module (func (result i32 i32) (i32.const 1) (i32.const 2)))`, { multiValue: true }, "multi-value"],
];

test("instructions and types of a disabled feature are rejected, naming the feature", () => {
  for (const [name, text, feature, featureName] of FEATURE_CASES) {
    const bytes = wat(text);
    assert.equal(verdict(bytes, ALL_FEATURES), "valid", `${name}: valid with every feature`);
    assert.equal(verdict(bytes, only(feature)), "valid", `${name}: valid with only its feature`);
    const withoutIt = verdict(bytes, { ...ALL_FEATURES, ...Object.fromEntries(Object.keys(feature).map((k) => [k, false])) });
    assert.ok(withoutIt !== "valid" && withoutIt.includes(featureName), `${name}: expected an error naming ${featureName}, got "${withoutIt}"`);
  }
});

test("an MVP module validates under MVP features", () => {
  const bytes = wat(`(module (memory 1) (table 1 funcref) (global (mut i32) (i32.const 0))
    (func $f (param i32) (result i32) (local i64)
      (block (result i32) (br_if 0 (local.get 0) (i32.const 1)) (drop) (i32.load (i32.const 0))))
    (func (result i32) (call_indirect (param i32) (result i32) (i32.const 1) (i32.const 0)))
    (elem (i32.const 0) $f) (export "f" (func $f)))`);
  assert.equal(verdict(bytes, MVP_FEATURES), "valid");
});

test("the real contract binary validates (as it does in V8)", async () => {
  const { readFileSync } = await import("node:fs");
  const bytes = new Uint8Array(readFileSync(new URL("../../../shared/contracts/xwasm-contract.wasm", import.meta.url)));
  assert.equal(WebAssembly.validate(bytes), true);
  assert.equal(verdict(bytes), "valid");
});
