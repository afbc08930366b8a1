// Decode+validate throughput: xwasm.validate vs WebAssembly.validate on the same bytes in the same
// run, in MB/s, on the largest modules at hand — the real contract, the bench workloads and the
// largest modules of the spec suite (assembled from its .wast texts by wabt).
//
//   npx tsx bench/decode.ts [--quick] [--compile] [--spec N] [--filter NAME] [--json FILE]
//
// --compile adds a second comparison: `new xwasm.Module` (decode + validate + lowering) against
// `new WebAssembly.Module` (V8 compiles with Liftoff, eagerly on Node 20).

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { describeError, loadXwasm } from "./engines.ts";
import type { XwasmApi } from "./engines.ts";
import { CONTRACT_PATH } from "./workloads.ts";
import { largestSpecModules } from "./spec-modules.ts";
import type { NamedModule } from "./spec-modules.ts";
import { formatRatio, geometricMean, median, nowMs, renderTable } from "./stats.ts";

interface Throughput {
  /** Median time of one call, in microseconds. */
  readonly microseconds: number;
  readonly megabytesPerSecond: number;
}

interface ModuleResult {
  readonly name: string;
  readonly bytes: number;
  readonly v8Validate: Throughput;
  xwasmValidate: Throughput | null;
  v8Compile?: Throughput;
  xwasmCompile?: Throughput | null;
  error?: string;
}

/** Times `body` in batches long enough to read the clock reliably; median over batches. */
function throughput(byteCount: number, body: () => unknown, batchMs: number, batches: number, warmupMs: number): Throughput {
  const warmupEnd = nowMs() + warmupMs;
  let callsPerBatch = 1;
  do {
    const start = nowMs();
    for (let i = 0; i < callsPerBatch; i++) body();
    const elapsed = nowMs() - start;
    if (elapsed < batchMs) callsPerBatch = Math.min(1 << 20, Math.ceil(callsPerBatch * Math.max(2, batchMs / Math.max(elapsed, 0.001))));
  } while (nowMs() < warmupEnd);
  const perCallMs: number[] = [];
  for (let batch = 0; batch < batches; batch++) {
    const start = nowMs();
    for (let i = 0; i < callsPerBatch; i++) body();
    perCallMs.push((nowMs() - start) / callsPerBatch);
  }
  const ms = median(perCallMs);
  return { microseconds: ms * 1000, megabytesPerSecond: byteCount / (ms * 1000) };
}

/** `bytes` plus a custom section named "b" holding `counter`, so every call sees new bytes. */
function uniqueCopy(bytes: Uint8Array, counter: number): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.length + 8);
  copy.set(bytes);
  copy.set([0x00, 0x06, 0x01, 0x62], bytes.length); // section id 0, size 6, name length 1, "b"
  new DataView(copy.buffer).setUint32(bytes.length + 4, counter >>> 0, true);
  return copy;
}

function workloadModules(): NamedModule[] {
  const directory = new URL("./workloads/", import.meta.url);
  return readdirSync(directory)
    .filter((file) => file.endsWith(".wasm"))
    .sort()
    .map((file) => ({ name: `workload:${file.replace(/\.wasm$/, "")}`, bytes: new Uint8Array(readFileSync(new URL(file, directory))) }));
}

function formatMBps(value: Throughput | null | undefined): string {
  return value ? value.megabytesPerSecond.toFixed(value.megabytesPerSecond < 10 ? 2 : 1) : "—";
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      compile: { type: "boolean", default: false },
      spec: { type: "string", default: "10" },
      filter: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("usage: npx tsx bench/decode.ts [--quick] [--compile] [--spec N] [--filter NAME] [--json FILE]");
    return 0;
  }
  const batchMs = values.quick ? 5 : 25;
  const batches = values.quick ? 3 : 7;
  const warmupMs = values.quick ? 30 : 200;

  const modules: NamedModule[] = [];
  try {
    modules.push({ name: "contract:xwasm-contract", bytes: new Uint8Array(readFileSync(CONTRACT_PATH)) });
  } catch (error) {
    console.log(`contract not found (${describeError(error)}); skipped`);
  }
  modules.push(...(await largestSpecModules(Number(values.spec))));
  modules.push(...workloadModules());
  const selected = modules.filter((module) => values.filter === undefined || module.name.includes(values.filter));

  const load = await loadXwasm();
  const xwasm: XwasmApi | null = load.ok ? load.api : null;
  if (!load.ok) console.log(`xwasm not run (${load.reason}); V8 only.`);
  else if (typeof load.api.validate !== "function") console.log("src/index.ts exports no validate(); V8 only.");

  const results: ModuleResult[] = [];
  for (const module of selected) {
    const bytes = module.bytes;
    const v8Valid = WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>);
    const result: ModuleResult = {
      name: module.name,
      bytes: bytes.length,
      v8Validate: throughput(bytes.length, () => WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>), batchMs, batches, warmupMs),
      xwasmValidate: null,
    };
    if (!v8Valid) result.error = "V8 rejects this module";
    if (xwasm?.validate !== undefined) {
      const validate = xwasm.validate;
      try {
        if (validate(bytes) !== v8Valid) {
          let detail = "";
          try {
            xwasm.validateOrThrow?.(bytes);
          } catch (error) {
            detail = `: ${describeError(error)}`;
          }
          result.error = `xwasm.validate disagrees with V8 (V8 says ${v8Valid ? "valid" : "invalid"})${detail}`;
        } else {
          result.xwasmValidate = throughput(bytes.length, () => validate(bytes), batchMs, batches, warmupMs);
        }
      } catch (error) {
        result.error = `xwasm.validate threw: ${describeError(error)}`;
      }
    }
    if (values.compile && v8Valid) {
      // V8 shares compiled modules between identical byte sequences in one isolate, so compiling the
      // same bytes again measures a cache hit. Each call gets fresh bytes instead (a trailing custom
      // section with a counter); both engines pay the same copy.
      let counter = 0;
      result.v8Compile = throughput(bytes.length, () => new WebAssembly.Module(uniqueCopy(bytes, counter++)), batchMs, batches, warmupMs);
      result.xwasmCompile = null;
      if (xwasm !== null && result.error === undefined) {
        try {
          result.xwasmCompile = throughput(bytes.length, () => new xwasm.Module(uniqueCopy(bytes, counter++)), batchMs, batches, warmupMs);
        } catch (error) {
          result.error = `new xwasm.Module threw: ${describeError(error)}`;
        }
      }
    }
    results.push(result);
  }

  const header = ["module", "bytes", "xwasm validate MB/s", "V8 validate MB/s", "V8/xwasm"];
  if (values.compile) header.push("xwasm Module MB/s", "V8 Module MB/s", "V8/xwasm");
  const rows = results.map((result) => {
    const row = [
      result.name,
      String(result.bytes),
      formatMBps(result.xwasmValidate),
      formatMBps(result.v8Validate),
      result.xwasmValidate ? formatRatio(result.v8Validate.megabytesPerSecond / result.xwasmValidate.megabytesPerSecond) : "—",
    ];
    if (values.compile) {
      row.push(
        formatMBps(result.xwasmCompile),
        formatMBps(result.v8Compile),
        result.xwasmCompile && result.v8Compile ? formatRatio(result.v8Compile.megabytesPerSecond / result.xwasmCompile.megabytesPerSecond) : "—",
      );
    }
    return row;
  });
  console.log(renderTable(header, rows, new Set([1, 2, 3, 4, 5, 6, 7])));
  for (const result of results) if (result.error !== undefined) console.log(`  ${result.name}: ${result.error}`);

  // Aggregate throughput over all modules (total bytes / total time), which weights large modules.
  const measured = results.filter((result) => result.xwasmValidate !== null);
  let summary: Record<string, number> | null = null;
  if (measured.length > 0) {
    const totalBytes = measured.reduce((sum, result) => sum + result.bytes, 0);
    const xwasmMicroseconds = measured.reduce((sum, result) => sum + result.xwasmValidate!.microseconds, 0);
    const v8Microseconds = measured.reduce((sum, result) => sum + result.v8Validate.microseconds, 0);
    summary = {
      modules: measured.length,
      totalBytes,
      xwasmValidateMBps: totalBytes / xwasmMicroseconds,
      v8ValidateMBps: totalBytes / v8Microseconds,
      geometricMeanRatio: geometricMean(measured.map((result) => result.v8Validate.megabytesPerSecond / result.xwasmValidate!.megabytesPerSecond)),
    };
    console.log(
      `\nall ${measured.length} modules (${totalBytes} bytes): xwasm ${summary.xwasmValidateMBps!.toFixed(1)} MB/s, ` +
        `V8 ${summary.v8ValidateMBps!.toFixed(1)} MB/s, V8 is ${formatRatio(summary.v8ValidateMBps! / summary.xwasmValidateMBps!)} faster ` +
        `(geometric mean per module ${formatRatio(summary.geometricMeanRatio!)})`,
    );
  }
  if (values.json) {
    writeFileSync(values.json, JSON.stringify({ tool: "xwasm-decode-bench", date: new Date().toISOString(), node: process.version, results, summary }, null, 2) + "\n");
    console.log(`wrote ${values.json}`);
  }
  return results.some((result) => result.error !== undefined) ? 1 : 0;
}

process.exitCode = await main();
