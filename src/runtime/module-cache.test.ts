// The module cache: statistics counted by hand for a known sequence of requests, LRU eviction by
// entries and by bytes, the directory surviving a new cache (no compile), damaged files replaced,
// and no temporary files left behind. Cached modules must run like freshly compiled ones (oracle:
// V8 on the same bytes).

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Instance } from "./instance.ts";
import { ModuleCache } from "./module-cache.ts";
import { V8 } from "./v8-webassembly.test-helper.ts";

async function moduleReturning(value: number): Promise<Uint8Array> {
  const wabt = await (await import("wabt")).default();
  const parsed = wabt.parseWat("m.wat", `(module (func (export "f") (result i32) (i32.const ${value})))`);
  try {
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

function run(cache: ModuleCache, bytes: Uint8Array): number {
  const [result] = new Instance(cache.get(bytes), {}).invoke("f", []);
  assert.equal(result.type, "i32");
  return result.type === "i32" ? result.value : NaN;
}

function v8Run(bytes: Uint8Array): number {
  return (new V8.Instance(new V8.Module(bytes)).exports.f as () => number)();
}

test("hits, misses and LRU eviction by entry count", async () => {
  const [a, b, c] = await Promise.all([1, 2, 3].map(moduleReturning));
  const cache = new ModuleCache({ maxEntries: 2 });
  assert.equal(run(cache, a), v8Run(a));            // miss
  assert.equal(run(cache, b), v8Run(b));            // miss
  assert.equal(run(cache, a), 1);                   // hit: a is now most recent
  assert.equal(run(cache, c), v8Run(c));            // miss, evicts b (least recently used)
  assert.equal(run(cache, a), 1);                   // hit
  assert.equal(run(cache, b), 2);                   // miss again, evicts c
  assert.equal(cache.get(a), cache.get(a), "a hit returns the same Module");
  const stats = cache.stats;
  assert.deepEqual(
    { hits: stats.hits, misses: stats.misses, compiles: stats.compiles, evictions: stats.evictions, entries: stats.entries },
    { hits: 4, misses: 4, compiles: 4, evictions: 2, entries: 2 },
  );
});

test("eviction by bytes, and options are part of the key", async () => {
  const [a, b] = await Promise.all([1, 2].map(moduleReturning));
  const probe = new ModuleCache();
  probe.get(a);
  const oneEntry = probe.stats.bytes;
  assert.ok(oneEntry > 0);
  const cache = new ModuleCache({ maxBytes: Math.floor(oneEntry * 1.5) });
  cache.get(a);
  cache.get(b);
  assert.equal(cache.stats.entries, 1);
  assert.equal(cache.stats.evictions, 1);
  assert.ok(cache.stats.bytes <= oneEntry * 1.5);

  const keyed = new ModuleCache();
  assert.notEqual(keyed.get(a), keyed.get(a, { deterministic: true }));
  assert.notEqual(ModuleCache.keyOf(a), ModuleCache.keyOf(a, { features: { simd: false } }));
  assert.equal(keyed.stats.misses, 2);
});

test("a directory of artifacts serves a new cache without compiling, replaces damaged files, leaves no temp files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "xwasm-cache-"));
  try {
    const [a, b] = await Promise.all([41, 42].map(moduleReturning));
    const first = new ModuleCache({ dir });
    assert.equal(run(first, a), 41);
    assert.equal(run(first, b), 42);
    assert.equal(first.stats.diskWrites, 2);
    const files = readdirSync(dir);
    assert.equal(files.length, 2);
    assert.ok(files.every((f) => f.endsWith(".xwart")), files.join(","));

    const second = new ModuleCache({ dir });
    assert.equal(run(second, a), 41);
    assert.equal(run(second, b), 42);
    assert.deepEqual({ diskHits: second.stats.diskHits, compiles: second.stats.compiles }, { diskHits: 2, compiles: 0 });

    // Damage a's file: the next cold cache refuses it, compiles, and rewrites it.
    writeFileSync(join(dir, `${ModuleCache.keyOf(a)}.xwart`), Uint8Array.of(0, 0x78, 0x77, 0x61, 1, 2, 3));
    const third = new ModuleCache({ dir });
    assert.equal(run(third, a), 41);
    assert.deepEqual({ diskRejects: third.stats.diskRejects, compiles: third.stats.compiles, diskWrites: third.stats.diskWrites }, { diskRejects: 1, compiles: 1, diskWrites: 1 });
    const fourth = new ModuleCache({ dir });
    assert.equal(run(fourth, a), 41);
    assert.equal(fourth.stats.diskHits, 1);

    // A cache with a key refuses the unkeyed files and writes keyed ones.
    const keyed = new ModuleCache({ dir, artifactKey: "k" });
    assert.equal(run(keyed, b), 42);
    assert.equal(keyed.stats.diskRejects, 1);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith(".tmp")).length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
