// A seeded sample of hostile inputs (random bytes, mutated valid modules): decodeModule either
// succeeds or throws CompileError, never another exception, and never takes long. V8 is a second
// oracle: whatever WebAssembly.validate accepts is well-formed, so we must decode it.
// bench/fuzz-decoder.ts runs the same generator at scale.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CompileError } from "../core/index.ts";
import { FUZZ_SEED_WAT, caseRng, isV8OnlyExtension, decodeModule, fuzzCase } from "./index.ts";
import { V8 } from "./v8-wasm.test-helper.ts";

const SEED = 20261125;
const CASES = 3000;

test(`fuzz: ${CASES} seeded cases give only CompileError or success`, async (t) => {
  const wabt = await (await import("wabt")).default();
  const seeds: Uint8Array[] = FUZZ_SEED_WAT.map((text, i) => {
    const parsed = wabt.parseWat(`seed${i}.wat`, text, {});
    parsed.resolveNames();
    const bytes = new Uint8Array(parsed.toBinary({ write_debug_names: true }).buffer);
    parsed.destroy();
    decodeModule(bytes); // seeds themselves are valid
    return bytes;
  });
  seeds.push(new Uint8Array(readFileSync(new URL("../../../shared/contracts/xwasm-contract.wasm", import.meta.url))));
  let ok = 0;
  let compileErrors = 0;
  let slowest = 0;
  const started = performance.now();
  for (let i = 0; i < CASES; i++) {
    const bytes = fuzzCase(caseRng(SEED, i), seeds);
    const t0 = performance.now();
    try {
      decodeModule(bytes);
      ok++;
    } catch (e) {
      if (!(e instanceof CompileError)) assert.fail(`seed ${SEED} case ${i}: ${String(e)}\n${(e as Error).stack}`);
      assert.ok(e.offset !== undefined && e.offset >= 0 && e.offset <= bytes.length, `seed ${SEED} case ${i}: offset ${e.offset} outside the input`);
      const post20 = isV8OnlyExtension(e.reason, e.offset, bytes);
      if (!post20 && V8.validate(bytes)) assert.fail(`seed ${SEED} case ${i}: V8 validates what we call malformed: ${e.message}`);
      compileErrors++;
    }
    slowest = Math.max(slowest, performance.now() - t0);
  }
  t.diagnostic(`${CASES} cases in ${((performance.now() - started) / 1000).toFixed(2)} s: ${ok} decoded, ${compileErrors} CompileError; slowest ${slowest.toFixed(1)} ms`);
  assert.ok(slowest < 1000);
  assert.ok(ok > 0 && compileErrors > 0);
});
