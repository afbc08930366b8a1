// Micro benchmarks (Benchmark.js): one kind of operation per case — instruction dispatch, direct
// and indirect calls, host calls, loads/stores, i64 and f64 arithmetic — each on V8 and on xwasm,
// from bench/micro.wat. Reports time per loop iteration and the xwasm/V8 ratio.
//
//   npx tsx bench/micro.ts [--quick] [--filter NAME[,NAME...]] [--json FILE]
//
// Unlike run.ts this runs xwasm on the main thread (Benchmark.js needs the function in-process);
// each xwasm case is first checked against V8 at a small n and skipped if it fails.

import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import Benchmark from "benchmark";
import { describeError, loadXwasm, v8Engine, xwasmEngine } from "./engines.ts";
import type { EngineAdapter, Exports, Imports } from "./engines.ts";
import { formatDuration, formatRatio, geometricMean, nowMs, renderTable } from "./stats.ts";

/** Loop iterations per benchmarked call, per engine: V8 gets more so one call is not dominated by
 *  the JS→wasm call overhead; the ratio is per iteration either way. */
const CASES: readonly { name: string; v8Iterations: number; xwasmIterations: number }[] = [
  { name: "dispatch", v8Iterations: 100_000, xwasmIterations: 10_000 },
  { name: "calls", v8Iterations: 100_000, xwasmIterations: 10_000 },
  { name: "call_indirect", v8Iterations: 100_000, xwasmIterations: 10_000 },
  { name: "host_calls", v8Iterations: 10_000, xwasmIterations: 2_000 },
  { name: "loads_stores", v8Iterations: 100_000, xwasmIterations: 10_000 },
  { name: "i64_ops", v8Iterations: 100_000, xwasmIterations: 10_000 },
  { name: "f64_ops", v8Iterations: 100_000, xwasmIterations: 10_000 },
];

async function assembleMicroModule(): Promise<Uint8Array> {
  const wabt = await (await import("wabt")).default();
  const text = readFileSync(new URL("./micro.wat", import.meta.url), "utf8");
  const module = wabt.parseWat("micro.wat", text, {});
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

function hostImports(): Imports {
  return { host: { echo: (value: number) => value } };
}

function exportedCase(exports: Exports, name: string): (n: number) => unknown {
  const value = exports[name];
  if (typeof value !== "function") throw new Error(`micro.wat has no export ${name}`);
  return value as (n: number) => unknown;
}

interface CaseResult {
  readonly name: string;
  v8NsPerIteration: number | null;
  xwasmNsPerIteration: number | null;
  note?: string;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      filter: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("usage: npx tsx bench/micro.ts [--quick] [--filter NAME[,NAME...]] [--json FILE]");
    return 0;
  }
  const words = (values.filter ?? "").split(",").filter((word) => word.length > 0);
  const cases = CASES.filter((entry) => words.length === 0 || words.some((word) => entry.name.includes(word)));
  const bytes = await assembleMicroModule();

  const engines: { engine: EngineAdapter; exports: Exports }[] = [{ engine: v8Engine, exports: v8Engine.instantiate(bytes, hostImports()) }];
  const load = await loadXwasm();
  if (load.ok) {
    try {
      const engine = xwasmEngine(load.api);
      engines.push({ engine, exports: engine.instantiate(bytes, hostImports()) });
    } catch (error) {
      console.log(`xwasm cannot instantiate micro.wat: ${describeError(error)}; V8 only.`);
    }
  } else {
    console.log(`xwasm not run (${load.reason}); V8 only.`);
  }

  const results = new Map<string, CaseResult>(cases.map((entry) => [entry.name, { name: entry.name, v8NsPerIteration: null, xwasmNsPerIteration: null }]));
  const suite = new Benchmark.Suite("xwasm micro");
  const options: Benchmark.Options = values.quick ? { maxTime: 0.3, minSamples: 5 } : { maxTime: 2, minSamples: 10 };
  const warmupMs = values.quick ? 400 : 1500;
  for (const entry of cases) {
    const v8Function = exportedCase(engines[0]!.exports, entry.name);
    for (const { engine, exports } of engines) {
      const run = exportedCase(exports, entry.name);
      const iterations = engine.name === "v8" ? entry.v8Iterations : entry.xwasmIterations;
      if (engine.name === "xwasm") {
        try {
          const expected = v8Function(97);
          const actual = run(97);
          if (!Object.is(expected, actual)) throw new Error(`result ${String(actual)}, V8 gives ${String(expected)}`);
        } catch (error) {
          results.get(entry.name)!.note = `xwasm skipped: ${describeError(error)}`;
          continue;
        }
      }
      suite.add(`${engine.name} ${entry.name}`, () => run(iterations), {
        ...options,
        // Benchmark.js barely warms up. The interpreter's dispatch function deopts whenever it meets
        // a new kind of operation (e.g. the previous case's host calls) and TurboFan takes a while
        // to re-optimize a function that large; without this the next case measured 18× slower.
        onStart() {
          const end = nowMs() + (engine.name === "v8" ? warmupMs / 4 : warmupMs);
          while (nowMs() < end) run(iterations);
        },
        onComplete(event: Benchmark.Event) {
          const target = event.target as unknown as Benchmark;
          const result = results.get(entry.name)!;
          const nanoseconds = (target.stats.mean * 1e9) / iterations;
          if (engine.name === "v8") result.v8NsPerIteration = nanoseconds;
          else result.xwasmNsPerIteration = nanoseconds;
        },
      });
    }
  }
  suite.on("cycle", (event: Benchmark.Event) => process.stderr.write(`  ${String(event.target)}\n`));
  suite.run({ async: false });

  const rows = [...results.values()].map((result) => {
    const ratio = result.v8NsPerIteration !== null && result.xwasmNsPerIteration !== null ? result.xwasmNsPerIteration / result.v8NsPerIteration : Number.NaN;
    return [
      result.name,
      result.v8NsPerIteration !== null ? formatDuration(result.v8NsPerIteration) : "—",
      result.xwasmNsPerIteration !== null ? formatDuration(result.xwasmNsPerIteration) : "—",
      formatRatio(ratio),
      result.note ?? "",
    ];
  });
  console.log("");
  console.log(renderTable(["case", "V8 time/iteration", "xwasm time/iteration", "ratio", "note"], rows, new Set([1, 2, 3])));
  const ratios = [...results.values()]
    .filter((result) => result.v8NsPerIteration !== null && result.xwasmNsPerIteration !== null)
    .map((result) => result.xwasmNsPerIteration! / result.v8NsPerIteration!);
  if (ratios.length > 0) console.log(`\ngeometric mean of ratios (xwasm/V8): ${formatRatio(geometricMean(ratios))}`);
  if (values.json) {
    writeFileSync(values.json, JSON.stringify({ tool: "xwasm-micro", date: new Date().toISOString(), node: process.version, cases: [...results.values()] }, null, 2) + "\n");
    console.log(`wrote ${values.json}`);
  }
  return [...results.values()].some((result) => result.note !== undefined) ? 1 : 0;
}

process.exitCode = await main();
