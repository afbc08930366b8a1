// Artifacts refuse every damaged, truncated, forged or mismatched input with an ArtifactError (a
// CompileError) and nothing else. Oracles: the byte positions themselves (every header byte, every
// truncation length, a seeded sample of body bytes) and hand-written expectations of which check
// fires. Whole-suite behaviour equivalence is in spec-tests/artifact-roundtrip.test.ts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CompileError } from "../core/index.ts";
import { DEFAULT_GAS_SCHEDULE } from "../gas/index.ts";
import { ArtifactError, artifactInfo, artifactWasmBytes, isArtifact, loadPrecompiled, precompile, ENGINE_VERSION } from "./artifact.ts";
import { Instance } from "./instance.ts";
import { Module } from "./module.ts";
import { ValueWriter } from "./artifact-codec.ts";

const CONTRACT = fileURLToPath(new URL("../../../shared/contracts/xwasm-contract.wasm", import.meta.url));

const WAT = `(module
  (type $t (func (param i32) (result i32)))
  (import "env" "f" (func $imported (type $t)))
  (memory (export "mem") 1 2)
  (table (export "tab") 3 funcref)
  (global $g (export "g") (mut i64) (i64.const -42))
  (global $h f64 (f64.const -0))
  (elem (i32.const 0) $sq $inc)
  (elem $passive func $sq)
  (data (i32.const 8) "hello\\00")
  (data $pd "passive")
  (func $sq (export "sq") (type $t) (i32.mul (local.get 0) (local.get 0)))
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (func (export "run") (param i32) (result i32)
    (call_indirect (type $t) (local.get 0) (i32.const 1)))
  (func (export "big") (result i64) (global.get $g))
  (@custom "extra" "payload"))`;

async function sampleBytes(): Promise<Uint8Array> {
  const wabt = await (await import("wabt")).default();
  const parsed = wabt.parseWat("sample.wat", WAT, { annotations: true });
  try {
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

/** xorshift32: a fixed, seeded sequence of positions. */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

function refusedWithArtifactError(load: () => unknown, what: string): void {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ArtifactError, `${what}: expected ArtifactError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    assert.ok(error instanceof CompileError);
    return;
  }
  assert.fail(`${what}: accepted`);
}

/** Recomputes the trailing SHA-256 as a forger could (the unkeyed digest is not a signature). */
function redigest(artifact: Uint8Array): Uint8Array {
  const copy = artifact.slice();
  copy.set(createHash("sha256").update(copy.subarray(0, copy.length - 32)).digest(), copy.length - 32);
  return copy;
}

const imports = { env: { f: (x: number) => x * 3 } };

test("a loaded artifact instantiates and runs like the module compiled from bytes", async () => {
  const bytes = await sampleBytes();
  const artifact = precompile(bytes);
  assert.ok(isArtifact(artifact));
  assert.ok(!isArtifact(bytes));
  const module = loadPrecompiled(artifact);
  assert.deepEqual(Module.imports(module), Module.imports(new Module(bytes)));
  assert.deepEqual(Module.exports(module), Module.exports(new Module(bytes)));
  assert.deepEqual(Module.customSections(module, "extra").map((b) => [...new Uint8Array(b)]), [[..."payload"].map((c) => c.charCodeAt(0))]);
  const instance = new Instance(module, imports);
  // Hand computation: run(7) calls table[1] = $inc → 8; sq(9) = 81; global g = -42.
  assert.deepEqual(instance.invoke("run", [{ type: "i32", value: 7 }]), [{ type: "i32", value: 8 }]);
  assert.deepEqual(instance.invoke("sq", [{ type: "i32", value: 9 }]), [{ type: "i32", value: 81 }]);
  assert.deepEqual(instance.invoke("big", []), [{ type: "i64", value: -42n }]);
  const memory = instance.exports.mem;
  assert.ok("buffer" in memory);
  assert.equal(new TextDecoder().decode(new Uint8Array(memory.buffer, 8, 5)), "hello");
  // Regression: a small Buffer from readFileSync/Buffer.from is a view into a shared pool, where
  // Buffer#slice does not copy; the loader must not read the pool's other bytes.
  assert.ok(artifact.length < 4096);
  const pooled = Buffer.from(artifact);
  assert.deepEqual(Module.exports(loadPrecompiled(pooled)), Module.exports(module));
  assert.deepEqual([...artifactWasmBytes(artifact)], [...bytes]);
  const info = artifactInfo(artifact);
  assert.equal(info.engineVersion, ENGINE_VERSION);
  assert.equal(info.wasmSha256, createHash("sha256").update(bytes).digest("hex"));
  assert.equal(info.gasScheduleVersion, DEFAULT_GAS_SCHEDULE.version);
});

test("every single-byte flip and every truncation of a small artifact is refused with ArtifactError", async () => {
  const artifact = precompile(await sampleBytes());
  for (let i = 0; i < artifact.length; i++) {
    for (const mask of [0x01, 0x80, 0xff]) {
      const damaged = artifact.slice();
      damaged[i] ^= mask;
      refusedWithArtifactError(() => loadPrecompiled(damaged), `flip ${mask} at ${i}`);
    }
  }
  for (let length = 0; length < artifact.length; length++) {
    refusedWithArtifactError(() => loadPrecompiled(artifact.subarray(0, length)), `truncated to ${length}`);
  }
  refusedWithArtifactError(() => loadPrecompiled(Uint8Array.of(...artifact, 0)), "one trailing byte");
});

test("flips and truncations of the contract's artifact (all header bytes, seeded sample elsewhere) are refused", { skip: !existsSync(CONTRACT) }, () => {
  const artifact = precompile(readFileSync(CONTRACT));
  const headerEnd = 16 + new DataView(artifact.buffer, artifact.byteOffset).getUint32(12, true);
  const next = seeded(0x5eed);
  const positions = new Set<number>();
  for (let i = 0; i < headerEnd; i++) positions.add(i);
  for (let i = artifact.length - 32; i < artifact.length; i++) positions.add(i);
  while (positions.size < headerEnd + 32 + 300) positions.add(next() % artifact.length);
  for (const position of positions) {
    const damaged = artifact.slice();
    damaged[position] ^= 1 << (next() % 8);
    refusedWithArtifactError(() => loadPrecompiled(damaged), `flip at ${position}`);
  }
  for (let i = 0; i < 200; i++) {
    const length = i < 100 ? i : next() % artifact.length;
    refusedWithArtifactError(() => loadPrecompiled(artifact.subarray(0, length)), `truncated to ${length}`);
  }
});

test("forged artifacts (bytes changed and the digest recomputed) never crash the loader", async () => {
  // The digest protects against corruption, not forgery: here the loader's own bounds checks are
  // what stands between a crafted body and a host exception. Acceptable outcomes: ArtifactError, or
  // a module (the change hit a value the shape checks cannot tell from a real one).
  const artifact = precompile(await sampleBytes());
  const next = seeded(42);
  let refused = 0;
  for (let trial = 0; trial < 3000; trial++) {
    const forged = artifact.slice();
    const flips = 1 + (next() % 3);
    for (let f = 0; f < flips; f++) forged[16 + (next() % (forged.length - 48))] ^= 1 << (next() % 8);
    try {
      loadPrecompiled(redigest(forged));
    } catch (error) {
      assert.ok(error instanceof ArtifactError, `trial ${trial}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      refused++;
    }
  }
  assert.ok(refused > 1000, `only ${refused} forged artifacts refused`);
});

test("an artifact is refused under another feature set, meter mode, determinism, gas schedule or engine version", async () => {
  const bytes = await sampleBytes();
  const plain = precompile(bytes);
  assert.throws(() => loadPrecompiled(plain, { features: { simd: false } }), (e: unknown) => e instanceof ArtifactError && /features/.test(e.message));
  assert.throws(() => loadPrecompiled(plain, { gasLimit: 1000 }), (e: unknown) => e instanceof ArtifactError && /compile options/.test(e.message));
  assert.throws(() => loadPrecompiled(plain, { deterministic: true }), (e: unknown) => e instanceof ArtifactError && /compile options/.test(e.message));
  const otherSchedule = { ...DEFAULT_GAS_SCHEDULE, hostCallBase: DEFAULT_GAS_SCHEDULE.hostCallBase + 1 };
  assert.throws(() => loadPrecompiled(plain, { gasSchedule: otherSchedule }), (e: unknown) => e instanceof ArtifactError && /gas schedule hash/.test(e.message));
  const renamed = { ...DEFAULT_GAS_SCHEDULE, version: "xwasm-gas-test" };
  assert.throws(() => loadPrecompiled(plain, { gasSchedule: renamed }), (e: unknown) => e instanceof ArtifactError && /gas schedule version/.test(e.message));

  // Built for the same options, it loads (and the budget is the instance's, not the artifact's).
  const metered = precompile(bytes, { gasLimit: 1000 });
  const module = loadPrecompiled(metered, { gasLimit: 5000 });
  const instance = new Instance(module, imports, { gasLimit: 5000 });
  assert.deepEqual(instance.invoke("sq", [{ type: "i32", value: 5 }]), [{ type: "i32", value: 25 }]);
  const reference = new Instance(new Module(bytes), imports, { gasLimit: 5000 });
  reference.invoke("sq", [{ type: "i32", value: 5 }]);
  assert.equal(instance.stats.gasUsed, reference.stats.gasUsed);

  // Another engine version: rewrite the header's version string (same length) and redigest.
  const text = new TextEncoder().encode(ENGINE_VERSION);
  const at = indexOf(plain, text);
  assert.ok(at > 16);
  const older = plain.slice();
  older[at + text.length - 1] ^= 0x01;
  assert.throws(() => loadPrecompiled(redigest(older)), (e: unknown) => e instanceof ArtifactError && /engine version/.test(e.message));
});

test("keyed artifacts need the same key; not-artifacts and bad arguments are refused clearly", async () => {
  const bytes = await sampleBytes();
  const keyed = precompile(bytes, { artifactKey: "node secret" });
  assert.ok(loadPrecompiled(keyed, { artifactKey: "node secret" }) instanceof Module);
  assert.throws(() => loadPrecompiled(keyed), /keyed/);
  assert.throws(() => loadPrecompiled(keyed, { artifactKey: "other" }), (e: unknown) => e instanceof ArtifactError && /digest/.test(e.message));
  assert.throws(() => loadPrecompiled(redigest(keyed), { artifactKey: "node secret" }), ArtifactError);
  assert.throws(() => loadPrecompiled(precompile(bytes), { artifactKey: "node secret" }), /not keyed/);
  assert.throws(() => loadPrecompiled(bytes), (e: unknown) => e instanceof ArtifactError && /magic/.test(e.message));
  assert.throws(() => loadPrecompiled(new Uint8Array(0)), ArtifactError);
  assert.throws(() => precompile(Uint8Array.of(0, 0x61, 0x73, 0x6d, 9, 0, 0, 0)), CompileError);
});

test("the codec refuses values it cannot represent, naming the field", () => {
  const writer = new ValueWriter();
  assert.throws(() => writer.value({ a: [1, { f: () => 0 }] }, "x"), /function at x\.a\[1\]\.f/);
  assert.throws(() => new ValueWriter().value({ d: new Date(0) }, "x"), /Date at x\.d/);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => new ValueWriter().value(cyclic, "x"), /cyclic/);
});

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
