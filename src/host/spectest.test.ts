// The spectest host module against the spec's definition (the reference interpreter's spectest.ml,
// as imports.wast exercises it): typed functions, 666 / 666.6 globals, table 10..20, memory 1..2.

import { test } from "node:test";
import assert from "node:assert/strict";
import { LinkError } from "../core/index.ts";
import { Instance, Module } from "../runtime/index.ts";
import { createSpectest, spectest } from "./index.ts";

const wabt = await (await import("wabt")).default();

function instantiate(text: string, imports = spectest): Instance {
  const parsed = wabt.parseWat("t.wat", text);
  const bytes = parsed.toBinary({}).buffer;
  parsed.destroy();
  return new Instance(new Module(bytes), imports);
}

test("spectest functions link only at their own type", () => {
  const good = ["print", "print_i32 (param i32)", "print_i64 (param i64)", "print_f32 (param f32)", "print_f64 (param f64)",
    "print_i32_f32 (param i32 f32)", "print_f64_f64 (param f64 f64)"];
  for (const entry of good) {
    const [name, ...type] = entry.split(" ");
    instantiate(`(module (import "spectest" "${name}" (func ${type.join(" ")})))`);
  }
  assert.throws(() => instantiate(`(module (import "spectest" "print_i32" (func (param i64))))`), LinkError);
  assert.throws(() => instantiate(`(module (import "spectest" "print" (func (result i32))))`), LinkError);
  assert.throws(() => instantiate(`(module (import "spectest" "unknown" (func)))`), LinkError);
});

test("spectest globals hold 666 and 666.6 at their types, immutable", () => {
  const instance = instantiate(`(module
    (import "spectest" "global_i32" (global $a i32)) (import "spectest" "global_i64" (global $b i64))
    (import "spectest" "global_f32" (global $c f32)) (import "spectest" "global_f64" (global $d f64))
    (export "a" (global $a)) (export "b" (global $b)) (export "c" (global $c)) (export "d" (global $d)))`);
  assert.deepEqual(instance.getGlobal("a"), { type: "i32", value: 666 });
  assert.deepEqual(instance.getGlobal("b"), { type: "i64", value: 666n });
  // 666.6 rounded to f32 and to f64 (bits computed by the host's own IEEE conversion).
  const f32 = new DataView(new ArrayBuffer(4));
  f32.setFloat32(0, 666.6);
  assert.deepEqual(instance.getGlobal("c"), { type: "f32", bits: f32.getUint32(0) });
  const f64 = new DataView(new ArrayBuffer(8));
  f64.setFloat64(0, 666.6);
  assert.deepEqual(instance.getGlobal("d"), { type: "f64", bits: f64.getBigUint64(0) });
  assert.throws(() => instantiate(`(module (import "spectest" "global_i32" (global (mut i32))))`), LinkError);
});

test("spectest table is 10..20 funcref and memory 1..2, as imports.wast expects", () => {
  for (const ok of ["(table 10 funcref)", "(table 5 20 funcref)", "(table 0 25 funcref)", "(memory 1)", "(memory 0 2)", "(memory 1 3)"]) {
    instantiate(`(module (import "spectest" "${ok.startsWith("(table") ? "table" : "memory"}" ${ok}))`);
  }
  for (const bad of ["(table 12 funcref)", "(table 10 15 funcref)", "(table 10 externref)", "(memory 2)", "(memory 1 1)"]) {
    assert.throws(() => instantiate(`(module (import "spectest" "${bad.startsWith("(table") ? "table" : "memory"}" ${bad}))`), LinkError, bad);
  }
});

test("createSpectest gives independent memories; print reports only when asked", () => {
  const lines: string[] = [];
  const first = createSpectest({ print: (line) => lines.push(line) });
  const second = createSpectest();
  assert.notEqual(first.spectest.memory, second.spectest.memory);
  const instance = instantiate(`(module (import "spectest" "print_i32_f32" (func $p (param i32 f32)))
    (func (export "run") (call $p (i32.const 7) (f32.const 1.5))))`, first);
  (instance.exports.run as () => void)();
  assert.deepEqual(lines, ["print_i32_f32(7, 1.5)"]);
});
