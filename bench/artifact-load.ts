// Load time of a module from its precompiled artifact vs from wasm bytes (decode + validate +
// lower every function), and the module cache's hit vs miss (memory hit, directory hit in a cold cache, miss that
// compiles and writes). Run: `npx tsx bench/artifact-load.ts [--metered]`. Medians of repeated runs
// after warm-up; about ten seconds in all.

import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Module, ModuleCache, loadPrecompiled, lowerFlavorFor, precompile } from "../src/index.ts";
import type { EngineOptions } from "../src/index.ts";

const CONTRACT = fileURLToPath(new URL("../../shared/contracts/xwasm-contract.wasm", import.meta.url));
const WORKLOADS = fileURLToPath(new URL("./workloads/", import.meta.url));
const options: EngineOptions = process.argv.includes("--metered") ? { meter: "block", deterministic: true } : {};

/** Median milliseconds of `fn` over enough runs to fill ~`budgetMs` (at least 5), after warm-up
 *  (at least three calls and 200 ms: the decoder, validator and lowerer must be optimized by V8 first,
 *  or a large module's first calls dominate). */
function median(fn: () => unknown, budgetMs = 400): number {
  const warmupEnd = performance.now() + 200;
  for (let i = 0; i < 3 || performance.now() < warmupEnd; i++) fn();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < 5 || (performance.now() - started < budgetMs && times.length < 500)) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const samples: { name: string; bytes: Uint8Array }[] = [{ name: "xwasm-contract", bytes: new Uint8Array(readFileSync(CONTRACT)) }];
for (const file of readdirSync(WORKLOADS).filter((f) => f.endsWith(".wasm")).sort()) {
  samples.push({ name: file.replace(/\.wasm$/, ""), bytes: new Uint8Array(readFileSync(WORKLOADS + file)) });
}
samples.sort((a, b) => b.bytes.length - a.bytes.length);

const ms = (x: number) => x.toFixed(3).padStart(9);
console.log(`artifact load vs compile from wasm${options.meter !== undefined ? " (metered, deterministic)" : ""} — median ms`);
console.log(`${"module".padEnd(16)}${"wasm B".padStart(9)}${"artifact B".padStart(12)}${"compile".padStart(10)}${"load".padStart(10)}${"speedup".padStart(9)} |${"cache hit".padStart(10)}${"disk hit".padStart(10)}${"miss".padStart(10)}`);
const dir = mkdtempSync(join(tmpdir(), "xwasm-bench-cache-"));
try {
  for (const { name, bytes } of samples) {
    const artifact = precompile(bytes, options);
    // Eager lowering: the constructor lowers the plain code, lowerFlavorFor the metered/deterministic
    // flavor (otherwise lowered at first instantiation). Both are work the artifact saves, so both are
    // in the compile figure. (By default a Module lowers each function at its first call instead; an
    // artifact then saves that lowering on the first calls.)
    const eager: EngineOptions = { ...options, lowering: "eager" };
    const compile = median(() => lowerFlavorFor(new Module(bytes, eager), eager));
    const load = median(() => loadPrecompiled(artifact, options));

    const warm = new ModuleCache();
    warm.get(bytes, options);
    const hit = median(() => warm.get(bytes, options));
    new ModuleCache({ dir }).get(bytes, options);
    const diskHit = median(() => new ModuleCache({ dir }).get(bytes, options));
    const miss = median(() => new ModuleCache().get(bytes, options));

    console.log(`${name.padEnd(16)}${String(bytes.length).padStart(9)}${String(artifact.length).padStart(12)}${ms(compile).padStart(10)}${ms(load).padStart(10)}${`${(compile / load).toFixed(1)}×`.padStart(9)} |${ms(hit).padStart(10)}${ms(diskHit).padStart(10)}${ms(miss).padStart(10)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log("compile = new Module(bytes) + lowering the options' code flavor: decode + validate + lower; load = loadPrecompiled(artifact): digest + identity + decode body;");
console.log("cache hit = memory LRU (hashes the wasm); disk hit = cold cache reading the artifact file; miss = compile + serialize.");
