// validate / validateOrThrow / compile / instantiate against V8's WebAssembly namespace on the same
// bytes: same verdicts, same result shapes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CompileError } from "../core/index.ts";
import { Instance, Module, compile, instantiate, validate, validateOrThrow } from "./index.ts";
import { V8 } from "./v8-webassembly.test-helper.ts";
import { wat } from "./wat.test-helper.ts";

const v8Validate = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly.validate;


const valid = wat(`(module (func (export "f") (result i32) i32.const 7))`);
const samples: Uint8Array[] = [
  valid,
  wat(`(module (memory 1) (data (i32.const 0) "x"))`),
  wat(`(module (func (result i32) i64.const 0))`),                 // invalid: type mismatch
  new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),               // empty module
  new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]),               // unknown version
  new Uint8Array([1, 2, 3]),
  new Uint8Array(0),
  valid.subarray(0, valid.length - 1),                                // truncated
];

test("validate agrees with V8 and never throws for bad bytes", () => {
  for (const bytes of samples) assert.equal(validate(bytes), v8Validate(bytes), `[${[...bytes.subarray(0, 12)]}…]`);
  assert.throws(() => validate("not bytes" as unknown as Uint8Array), TypeError);
});

test("validateOrThrow throws CompileError with an offset for bad bytes", () => {
  validateOrThrow(valid);
  assert.throws(() => validateOrThrow(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])), (e: unknown) => e instanceof CompileError && typeof e.offset === "number");
});

test("compile and instantiate have the JS API's shapes", async () => {
  const module = await compile(valid);
  assert.ok(module instanceof Module);
  const fromBytes = await instantiate(valid);
  assert.ok(fromBytes.module instanceof Module);
  assert.ok(fromBytes.instance instanceof Instance);
  assert.equal((fromBytes.instance.exports.f as () => number)(), 7);
  const fromModule = await instantiate(module);
  assert.ok(fromModule instanceof Instance);
  assert.equal((fromModule.exports.f as () => number)(), (new V8.Instance(new V8.Module(valid)).exports.f as () => number)());
  await assert.rejects(compile(new Uint8Array([1, 2, 3])), CompileError);
});

test("the module keeps its own copy of the bytes", () => {
  const bytes = valid.slice();
  const module = new Module(bytes);
  bytes.fill(0);
  assert.equal((new Instance(module).exports.f as () => number)(), 7);
  // Also from an ArrayBuffer and from a view with an offset.
  const padded = new Uint8Array(valid.length + 3);
  padded.set(valid, 3);
  new Module(padded.buffer.slice(3));
  new Module(new DataView(padded.buffer, 3));
});
