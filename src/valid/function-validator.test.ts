// Hand-written validation cases. Each case states the spec's verdict (and wording); V8's own
// WebAssembly.validate on the same bytes is checked to agree, so every case is confirmed by an
// engine that shares no code with ours. wabt assembles the text without type-checking it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeModule } from "../binary/index.ts";
import { CompileError, type ModuleRecord } from "../core/index.ts";
import { validateModule, validateFunction } from "./index.ts";

interface WabtModule { toBinary(o: object): { buffer: Uint8Array<ArrayBuffer> }; destroy(): void }
interface Wabt { parseWat(name: string, text: string, features?: Record<string, boolean>): WabtModule }
const wabt = await ((await import("wabt")) as unknown as { default: () => Promise<Wabt> }).default();

function wat(text: string): Uint8Array<ArrayBuffer> {
  const m = wabt.parseWat("case.wat", text);
  try { return m.toBinary({}).buffer.slice(); } finally { m.destroy(); }
}

/** decode + validate; returns the CompileError reason or "valid". */
function verdict(bytes: Uint8Array): string {
  try {
    validateModule(decodeModule(bytes));
    return "valid";
  } catch (e) {
    if (e instanceof CompileError) return e.reason;
    throw e;
  }
}

function expectCase(name: string, bytes: Uint8Array<ArrayBuffer>, expected: string): void {
  const oracle = WebAssembly.validate(bytes);
  assert.equal(oracle, expected === "valid", `${name}: the case itself disagrees with V8`);
  const actual = verdict(bytes);
  if (expected === "valid") assert.equal(actual, "valid", name);
  else assert.ok(actual.startsWith(expected), `${name}: expected "${expected}", got "${actual}"`);
}

const CASES: ReadonlyArray<readonly [string, string, string]> = [
  // operand stack basics
  ["result type", `(module (func (result i32) (i64.const 0)))`, "type mismatch"],
  ["stack underflow", `(module (func (result i32) (i32.add (i32.const 1))))`, "type mismatch"],
  ["values left over", `(module (func (i32.const 1)))`, "type mismatch"],
  ["unknown local", `(module (func (local i32) (drop (local.get 1))))`, "unknown local"],
  ["local types", `(module (func (param i64) (local f32) (local.set 1 (f32.const 1)) (local.set 0 (i64.const 2))))`, "valid"],
  ["local.tee", `(module (func (param i32) (result i32) (local.tee 0 (i32.const 3))))`, "valid"],
  // unreachable polymorphism
  ["unreachable then anything", `(module (func (result i32) unreachable i32.add))`, "valid"],
  ["unreachable then untyped select", `(module (func (result i32) unreachable select))`, "valid"],
  ["select after unreachable keeps known type", `(module (func (result i32) unreachable (i64.const 0) select))`, "type mismatch"],
  ["select unknown with ref", `(module (func unreachable (ref.null func) (i32.const 0) select drop))`, "type mismatch"],
  ["untyped select on refs", `(module (func (result funcref) (select (ref.null func) (ref.null func) (i32.const 1))))`, "type mismatch"],
  ["typed select on refs", `(module (func (result funcref) (select (result funcref) (ref.null func) (ref.null func) (i32.const 1))))`, "valid"],
  ["untyped select on v128", `(module (func (result v128) (select (v128.const i64x2 0 0) (v128.const i64x2 1 1) (i32.const 1))))`, "valid"],
  ["select operand types differ", `(module (func (result i32) (select (i32.const 0) (i64.const 0) (i32.const 1))))`, "type mismatch"],
  ["stack underflow after block in unreachable", `(module (func (result i32) unreachable (block (result i32) (i32.add))))`, "type mismatch"],
  ["br leaves polymorphic stack", `(module (func (result i32) (block (result i32) (br 0 (i32.const 1)) (f32.add))))`, "type mismatch"],
  ["br then matching junk", `(module (func (result i32) (block (result i32) (br 0 (i32.const 1)) (i32.const 2))))`, "valid"],
  ["return polymorphic", `(module (func (result i32) (return (i32.const 1)) (i64.const 1) drop))`, "valid"],
  // labels and br_table
  ["unknown label", `(module (func (block (br 2))))`, "unknown label"],
  ["br to loop takes params", `(module (type $t (func (param i32))) (func (i32.const 0) (loop (type $t) (br 0))))`, "valid"],
  ["br_if keeps values", `(module (func (result i32) (block (result i32) (br_if 0 (i32.const 1) (i32.const 0)))))`, "valid"],
  ["br_table arity mismatch", `(module (func (block (result i32) (block (result i64) (br_table 0 1 (i32.const 0) (i32.const 0)))) drop))`, "type mismatch"],
  ["br_table same arity different types, polymorphic", `(module (func (result i32) (block (result i32) (drop (block (result f32) unreachable (br_table 0 1))) (i32.const 0))))`, "valid"],
  ["br_table same arity different types, concrete", `(module (func (result i32) (block (result i32) (drop (block (result f32) (br_table 0 1 (f32.const 0) (i32.const 0)))) (i32.const 0))))`, "type mismatch"],
  ["br_table unknown label", `(module (func (block (br_table 0 3 (i32.const 0)))))`, "unknown label"],
  // blocks, multi-value, if
  ["block params", `(module (func (result i32) (i32.const 1) (block (param i32) (result i32) (i32.add (i32.const 2)))))`, "valid"],
  ["block params missing", `(module (func (result i32) (block (param i32) (result i32) (i32.add (i32.const 2)))))`, "type mismatch"],
  ["multi-value function", `(module (func (result i32 i64) (i32.const 1) (i64.const 2)))`, "valid"],
  ["if without else, results", `(module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1)))))`, "type mismatch"],
  ["if without else, params = results", `(module (type $t (func (param i32) (result i32))) (func (result i32) (i32.const 5) (if (type $t) (i32.const 1) (then))))`, "valid"],
  ["if with else", `(module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1)) (else (i32.const 2)))))`, "valid"],
  ["else branch type", `(module (func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1)) (else (i64.const 2)))))`, "type mismatch"],
  ["if condition", `(module (func (if (i64.const 1) (then))))`, "type mismatch"],
  // calls
  ["call args", `(module (func $f (param i32 f64)) (func (call $f (i32.const 1) (f64.const 2))))`, "valid"],
  ["call wrong args", `(module (func $f (param i32 f64)) (func (call $f (f64.const 2) (i32.const 1))))`, "type mismatch"],
  ["unknown function", `(module (func (call 7)))`, "unknown function"],
  ["call_indirect", `(module (table 1 funcref) (type $t (func (param i32) (result i32))) (func (result i32) (call_indirect (type $t) (i32.const 1) (i32.const 0))))`, "valid"],
  ["call_indirect without table", `(module (type $t (func)) (func (call_indirect (type $t) (i32.const 0))))`, "unknown table"],
  ["call_indirect on externref table", `(module (table 1 externref) (type $t (func)) (func (call_indirect (type $t) (i32.const 0))))`, "type mismatch"],
  // globals
  ["global.set immutable", `(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))`, "global is immutable"],
  ["global.set mutable", `(module (global (mut i64) (i64.const 0)) (func (global.set 0 (i64.const 1))))`, "valid"],
  ["unknown global", `(module (func (drop (global.get 0))))`, "unknown global"],
  // memory
  ["load without memory", `(module (func (drop (i32.load (i32.const 0)))))`, "unknown memory"],
  ["alignment too large", `(module (memory 1) (func (drop (i32.load16_u align=4 (i32.const 0)))))`, "alignment must not be larger than natural"],
  ["natural alignment", `(module (memory 1) (func (drop (i64.load align=8 (i32.const 0)))))`, "valid"],
  ["memory.grow", `(module (memory 1) (func (result i32) (memory.grow (i32.const 1))))`, "valid"],
  ["memory.size without memory", `(module (func (result i32) (memory.size)))`, "unknown memory"],
  ["memory.fill", `(module (memory 1) (func (memory.fill (i32.const 0) (i32.const 0) (i64.const 0))))`, "type mismatch"],
  ["memory.init unknown data", `(module (memory 1) (data "a") (func (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 0))))`, "unknown data segment"],
  ["data.drop", `(module (memory 1) (data "a") (func (data.drop 0)))`, "valid"],
  // tables and references
  ["table.get type", `(module (table 1 externref) (func (result funcref) (table.get 0 (i32.const 0))))`, "type mismatch"],
  ["table.set", `(module (table 1 externref) (func (param externref) (table.set 0 (i32.const 0) (local.get 0))))`, "valid"],
  ["table.copy types", `(module (table $f 1 funcref) (table $e 1 externref) (func (table.copy $f $e (i32.const 0) (i32.const 0) (i32.const 0))))`, "type mismatch"],
  ["table.init types", `(module (table 1 externref) (elem funcref (ref.null func)) (func (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0))))`, "type mismatch"],
  ["table.init unknown elem", `(module (table 1 funcref) (func (table.init 0 3 (i32.const 0) (i32.const 0) (i32.const 0))))`, "unknown elem segment"],
  ["table.grow", `(module (table 1 externref) (func (result i32) (table.grow 0 (ref.null extern) (i32.const 1))))`, "valid"],
  ["table.fill wrong value", `(module (table 1 externref) (func (table.fill 0 (i32.const 0) (ref.null func) (i32.const 1))))`, "type mismatch"],
  ["table.size unknown", `(module (func (result i32) (table.size 0)))`, "unknown table"],
  ["ref.is_null on i32", `(module (func (result i32) (ref.is_null (i32.const 0))))`, "type mismatch"],
  ["ref.is_null after unreachable", `(module (func (result i32) unreachable ref.is_null))`, "valid"],
  ["ref.func undeclared", `(module (func $f) (func (drop (ref.func $f))))`, "undeclared function reference"],
  ["ref.func declared by elem", `(module (func $f) (elem declare func $f) (func (drop (ref.func $f))))`, "valid"],
  ["ref.func declared by export", `(module (func $f (export "f")) (func (drop (ref.func $f))))`, "valid"],
  ["ref.func declared by global", `(module (func $f) (global funcref (ref.func $f)) (func (drop (ref.func $f))))`, "valid"],
  // SIMD
  ["simd arithmetic", `(module (func (result v128) (i32x4.add (v128.const i32x4 1 2 3 4) (i32x4.splat (i32.const 1)))))`, "valid"],
  ["simd lane op", `(module (func (result i64) (i64x2.extract_lane 1 (v128.const i64x2 1 2))))`, "valid"],
  ["simd shift amount type", `(module (func (result v128) (i8x16.shl (v128.const i64x2 1 2) (i64.const 1))))`, "type mismatch"],
  ["simd lane load alignment", `(module (memory 1) (func (result v128) (v128.load32_lane align=8 1 (i32.const 0) (v128.const i64x2 0 0))))`, "alignment must not be larger than natural"],
];

test("hand-written cases agree with the spec and with V8", () => {
  for (const [name, text, expected] of CASES) expectCase(name, wat(text), expected);
});

/** A module with one type `[] -> []` and one function whose body is `code` (without locals). */
function moduleWithBody(code: number[], typeSection = [0x01, 0x60, 0x00, 0x00]): Uint8Array<ArrayBuffer> {
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do { const b = n & 0x7f; n >>>= 7; out.push(n === 0 ? b : b | 0x80); } while (n !== 0);
    return out;
  };
  const section = (id: number, payload: number[]): number[] => [id, ...leb(payload.length), ...payload];
  const body = [0x00, ...code];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, typeSection),
    ...section(3, [0x01, 0x00]),
    ...section(10, [0x01, ...leb(body.length), ...body]),
  ]);
}

test("hand-assembled bodies that wabt would not write", () => {
  // select with two value types: `select (result i32 i32)` is not valid in Wasm 2.0.
  expectCase("typed select arity 2", moduleWithBody([0x41, 0, 0x41, 0, 0x41, 0, 0x1c, 0x02, 0x7f, 0x7f, 0x1a, 0x0b]), "invalid result arity");
  expectCase("typed select arity 0", moduleWithBody([0x41, 0, 0x41, 0, 0x41, 0, 0x1c, 0x00, 0x0b]), "invalid result arity");
  // i8x16.extract_lane_s 16 / i8x16.shuffle with index 32
  const v128Zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
  expectCase("lane index 16", moduleWithBody([...v128Zero, 0xfd, 0x15, 16, 0x1a, 0x0b]), "invalid lane index");
  expectCase("lane index 15", moduleWithBody([...v128Zero, 0xfd, 0x15, 15, 0x1a, 0x0b]), "valid");
  const shuffle = [0xfd, 0x0d, ...new Array<number>(15).fill(0), 32];
  expectCase("shuffle index 32", moduleWithBody([...v128Zero, ...v128Zero, ...shuffle, 0x1a, 0x0b]), "invalid lane index");
  // block type naming a type index that does not exist
  expectCase("unknown block type", moduleWithBody([0x02, 0x05, 0x0b, 0x0b]), "unknown type");
});

test("errors carry the offset of the offending instruction", () => {
  const bytes = wat(`(module (func (result i32) (i64.const 0)))`);
  const module: ModuleRecord = decodeModule(bytes);
  // The mismatch is found when the final `end` pops the function's results.
  assert.throws(() => validateModule(module), (e: unknown) => e instanceof CompileError && e.offset === module.codes[0].codeEnd - 1);

  const bytes2 = wat(`(module (func (local i32) (drop (local.get 4))))`);
  const module2 = decodeModule(bytes2);
  assert.equal(bytes2[module2.codes[0].codeStart], 0x20);
  assert.throws(() => validateFunction(module2, 0), (e: unknown) => e instanceof CompileError && e.reason === "unknown local 4" && e.offset === module2.codes[0].codeStart);
});

test("deep nesting and large stacks grow the reused typed arrays", () => {
  // Built by hand: wabt's text parser runs out of its own stack on deep nesting.
  const depth = 1000;
  const nested: number[] = [];
  for (let i = 0; i < depth; i++) nested.push(0x02, 0x7f); // block (result i32)
  nested.push(0x41, 0x01); // i32.const 1
  for (let i = 0; i < depth; i++) nested.push(0x0b);
  nested.push(0x0b);
  expectCase("deep blocks", moduleWithBody(nested, [0x01, 0x60, 0x00, 0x01, 0x7f]), "valid");
  nested[2 * depth] = 0x42; // i64.const 1 in the innermost i32 block
  expectCase("deep blocks, mistyped", moduleWithBody(nested, [0x01, 0x60, 0x00, 0x01, 0x7f]), "type mismatch");
  const adds = 2000;
  const wide = `(module (func (result i32) ${"(i32.const 1) ".repeat(adds + 1)}${"i32.add ".repeat(adds)}))`;
  expectCase("wide stack", wat(wide), "valid");
});

test("the validator's numeric case labels name the opcodes the table gives them", async () => {
  const { readFileSync } = await import("node:fs");
  const { OPCODES } = await import("../core/index.ts");
  const source = readFileSync(new URL("./function-validator.ts", import.meta.url), "utf8");
  const labels = [...source.matchAll(/case (0x[0-9a-f]+):\s*\{?\s*\/\/ ([a-z0-9_.]+)/g)];
  assert.ok(labels.length > 30);
  for (const [, code, name] of labels) assert.equal(OPCODES.get(parseInt(code, 16))?.name, name, `case ${code}`);
});
