// Decoder fuzzer at scale: seeded random bytes and mutated valid modules through decodeModule.
// Every case must either decode or throw CompileError, within a second; anything else fails with
// the seed and case number to replay it; so does a case V8's WebAssembly.validate accepts and we
// reject. Also checks that hostile declarations (2^32-1 locals, a
// vector or section count of 2^32-1) are refused fast.
//
//   npx tsx bench/fuzz-decoder.ts [--cases N] [--seed S]
//
// It drives src/binary/ directly (an allowed exception to the bench rule, see src/layers.test.ts):
// going through instantiate would hide what it measures.

import { readFileSync } from "node:fs";
import { FUZZ_SEED_WAT, caseRng, isV8OnlyExtension, decodeModule, fuzzCase } from "../src/binary/index.ts";
import { CompileError } from "../src/index.ts";

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`${name} needs a number`);
  return v;
}

const cases = argValue("--cases", 100_000);
const seed = argValue("--seed", 1) >>> 0;
const SLOW_MS = 1000;
const V8_VALIDATE = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate;

function fail(message: string): never {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function expectFastCompileError(label: string, bytes: Uint8Array): void {
  const t0 = performance.now();
  try {
    decodeModule(bytes);
  } catch (e) {
    const ms = performance.now() - t0;
    if (!(e instanceof CompileError)) fail(`${label}: ${String(e)}`);
    if (ms > 100) fail(`${label}: took ${ms.toFixed(1)} ms`);
    console.log(`hostile: ${label}: ${e.message} in ${ms.toFixed(2)} ms`);
    return;
  }
  fail(`${label}: accepted`);
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const BIG = [0xff, 0xff, 0xff, 0xff, 0x0f]; // 2^32 - 1 as u32 LEB128

// (func) with one local group of 2^32-1 i32s: type, function, code sections.
const locals = [0x01, ...BIG, 0x7f, 0x0b];
expectFastCompileError("2^32-1 locals", new Uint8Array([
  ...HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
  0x0a, 2 + locals.length, 0x01, locals.length, ...locals,
]));
expectFastCompileError("2^32-1 locals, maxLocals Infinity", (() => {
  const bytes = new Uint8Array([
    ...HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
    0x0a, 2 + locals.length, 0x01, locals.length, ...locals,
  ]);
  const t0 = performance.now();
  try {
    decodeModule(bytes, { maxLocals: Infinity });
  } catch (e) {
    if (!(e instanceof CompileError)) fail(`maxLocals Infinity: ${String(e)}`);
    if (performance.now() - t0 > 100) fail("maxLocals Infinity: slow");
  }
  return bytes;
})());
expectFastCompileError("type count 2^32-1", new Uint8Array([...HEADER, 0x01, 0x05, ...BIG]));
expectFastCompileError("import count 2^32-1", new Uint8Array([...HEADER, 0x02, 0x05, ...BIG]));
expectFastCompileError("section size 2^32-1", new Uint8Array([...HEADER, 0x01, ...BIG, 0x00]));
expectFastCompileError("br_table of 2^32-1 targets", new Uint8Array([
  ...HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x0e, ...BIG, 0x0b, 0x0b,
]));
expectFastCompileError("data segment of 2^32-1 bytes", new Uint8Array([
  ...HEADER, 0x0b, 0x0a, 0x01, 0x01, ...BIG, 0x00, 0x00, 0x00,
]));

const wabt = await (await import("wabt")).default();
const seeds: Uint8Array[] = FUZZ_SEED_WAT.map((text, i) => {
  const parsed = wabt.parseWat(`seed${i}.wat`, text, {});
  parsed.resolveNames();
  const bytes = new Uint8Array(parsed.toBinary({ write_debug_names: true }).buffer);
  parsed.destroy();
  return bytes;
});
seeds.push(new Uint8Array(readFileSync(new URL("../../shared/contracts/xwasm-contract.wasm", import.meta.url))));

console.log(`fuzzing decodeModule: ${cases} cases, seed ${seed}, ${seeds.length} seed modules`);
let decoded = 0;
let compileErrors = 0;
let post20Opcodes = 0;
let slowest = 0;
let slowestCase = -1;
const reasons = new Map<string, number>();
const started = performance.now();
const progressEvery = Math.max(1, Math.floor(cases / 10));
for (let i = 0; i < cases; i++) {
  const bytes = fuzzCase(caseRng(seed, i), seeds);
  const t0 = performance.now();
  try {
    decodeModule(bytes);
    decoded++;
  } catch (e) {
    if (!(e instanceof CompileError)) {
      fail(`seed ${seed} case ${i}: ${String(e)}\n${(e as Error).stack ?? ""}\nbytes: ${Buffer.from(bytes).toString("hex").slice(0, 400)}`);
    }
    // V8 is a second oracle: whatever WebAssembly.validate accepts is well-formed.
    if (e.offset === undefined || e.offset < 0 || e.offset > bytes.length) fail(`seed ${seed} case ${i}: error offset ${e.offset} outside the input`);
    const post20 = isV8OnlyExtension(e.reason, e.offset, bytes);
    if (post20) post20Opcodes++;
    else if (V8_VALIDATE(bytes)) fail(`seed ${seed} case ${i}: V8 validates what we call malformed: ${e.message}`);
    compileErrors++;
    reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
  }
  const ms = performance.now() - t0;
  if (ms > slowest) {
    slowest = ms;
    slowestCase = i;
  }
  if (ms > SLOW_MS) fail(`seed ${seed} case ${i}: took ${ms.toFixed(0)} ms`);
  if ((i + 1) % progressEvery === 0) {
    const s = (performance.now() - started) / 1000;
    console.log(`  ${i + 1} cases, ${s.toFixed(1)} s, ${Math.round((i + 1) / s)} cases/s`);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`done: ${cases} cases in ${seconds.toFixed(1)} s (${Math.round(cases / seconds)} cases/s)`);
console.log(`outcomes: ${decoded} decoded, ${compileErrors} CompileError, 0 other`);
console.log(`(${post20Opcodes} rejections were post-2.0 constructs V8 accepts (tail calls, exception handling): not compared with V8)`);
console.log(`slowest case: ${slowestCase} (${slowest.toFixed(1)} ms)`);
console.log("CompileError reasons:");
for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(7)}  ${reason}`);
