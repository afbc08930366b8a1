// Differential check of the two meters on the bench workloads: for each workload, one unit in block
// mode and in per-instruction reference mode must give the same checksum, gas and instruction count;
// then for gas limits swept across the run (every limit up to `dense`, plus `samples` limits spread
// evenly up to the full cost, and full cost ± 1) both modes must stop at the same point: the same
// outcome (result or error), the same stats and the same memory (SHA-256 of its bytes). The same for
// a quarter as many instruction limits.
//
//   node --import tsx bench/meter-diff.ts [--samples N] [--dense N] [workload…]
//
// bench/meter-diff.test.ts runs a small sample of this in `npm test`.

import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { loadXwasm } from "./engines.ts";
import type { EngineAdapter, Exports, Imports, XwasmApi } from "./engines.ts";
import { WORKLOADS } from "./workloads.ts";
import type { Workload } from "./workloads.ts";

interface Stats { gasUsed: number; instructions: number; maxCallDepth: number; maxMemoryPages: number; hostCalls: number }
type MeteredInstance = { readonly exports: Exports; readonly stats: Stats };

/** What one metered run left behind. */
export interface RunRecord {
  readonly outcome: string;
  readonly stats: Stats;
  readonly memoryHash: string;
}

function describe(value: unknown): string {
  return typeof value === "bigint" ? `${value}n` : JSON.stringify(value);
}

/** Runs one unit of `workload` in a fresh instance metered with `gasLimit` and `meter`. */
export function runMetered(api: XwasmApi, workload: Workload, module: object, meter: "block" | "reference", gasLimit: number, instructionLimit?: number): RunRecord {
  let instance: MeteredInstance | undefined;
  const adapter: EngineAdapter = {
    name: "xwasm",
    instantiate(_bytes: Uint8Array, imports?: Imports) {
      instance = new api.Instance(module, imports, { gasLimit, meter, ...(instructionLimit !== undefined ? { instructionLimit } : {}), limits: { valueStackSlots: 1 << 16, maxCallDepth: 10_000 } }) as unknown as MeteredInstance;
      return instance.exports;
    },
  };
  let outcome: string;
  let runner: ((n: number) => unknown) | undefined;
  try {
    runner = workload.prepare(adapter, workload.bytes());
    outcome = `ok ${describe(runner(1))}`;
  } catch (error) {
    outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  if (instance === undefined) throw new Error(`${workload.name}: no instance was created`);
  const memory = instance.exports["memory"] as { buffer?: ArrayBuffer } | undefined;
  const memoryHash = memory?.buffer !== undefined ? createHash("sha256").update(new Uint8Array(memory.buffer)).digest("hex") : "-";
  return { outcome, stats: { ...instance.stats }, memoryHash };
}

/** The gas limits to sweep for a run costing `fullCost`. */
export function sweepLimits(fullCost: number, dense: number, samples: number): number[] {
  const limits = new Set<number>();
  for (let g = 0; g <= Math.min(dense, fullCost); g++) limits.add(g);
  for (let k = 1; k <= samples; k++) limits.add(Math.floor((fullCost * k) / (samples + 1)));
  for (const g of [fullCost - 1, fullCost, fullCost + 1]) if (g >= 0) limits.add(g);
  return [...limits].sort((a, b) => a - b);
}

export interface WorkloadDiff {
  readonly workload: string;
  readonly fullCost: number;
  readonly instructions: number;
  readonly limitsChecked: number;
  readonly mismatches: string[];
}

export function diffWorkload(api: XwasmApi, workload: Workload, dense: number, samples: number): WorkloadDiff {
  const module = new api.Module(workload.bytes());
  const huge = Number.MAX_SAFE_INTEGER;
  const block = runMetered(api, workload, module, "block", huge);
  const reference = runMetered(api, workload, module, "reference", huge);
  const mismatches: string[] = [];
  const same = (a: RunRecord, b: RunRecord): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!same(block, reference)) mismatches.push(`unlimited: block ${JSON.stringify(block)} vs reference ${JSON.stringify(reference)}`);
  const fullCost = block.stats.gasUsed;
  const limits = sweepLimits(fullCost, dense, samples);
  for (const limit of limits) {
    const a = runMetered(api, workload, module, "block", limit);
    const b = runMetered(api, workload, module, "reference", limit);
    if (!same(a, b)) mismatches.push(`gas limit ${limit}: block ${JSON.stringify(a)} vs reference ${JSON.stringify(b)}`);
    const expectOutOfGas = limit < fullCost;
    if (expectOutOfGas !== a.outcome.startsWith("OutOfGas")) mismatches.push(`gas limit ${limit} (full cost ${fullCost}): outcome ${a.outcome}`);
    if (expectOutOfGas && a.stats.gasUsed !== limit) mismatches.push(`gas limit ${limit}: gasUsed ${a.stats.gasUsed}`);
  }
  // Instruction limits: a quarter as many, spread the same way, under an unlimited gas budget.
  const instructionLimits = sweepLimits(block.stats.instructions, Math.floor(dense / 4), Math.floor(samples / 4));
  for (const limit of instructionLimits) {
    const a = runMetered(api, workload, module, "block", huge, limit);
    const b = runMetered(api, workload, module, "reference", huge, limit);
    if (!same(a, b)) mismatches.push(`instruction limit ${limit}: block ${JSON.stringify(a)} vs reference ${JSON.stringify(b)}`);
    if ((limit < block.stats.instructions) !== a.outcome.startsWith("InstructionLimitExceeded")) mismatches.push(`instruction limit ${limit}: outcome ${a.outcome}`);
    if (limit < block.stats.instructions && a.stats.instructions !== limit) mismatches.push(`instruction limit ${limit}: instructions ${a.stats.instructions}`);
  }
  return { workload: workload.name, fullCost, instructions: block.stats.instructions, limitsChecked: limits.length + instructionLimits.length, mismatches };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { samples: { type: "string", default: "200" }, dense: { type: "string", default: "300" } } });
  const load = await loadXwasm();
  if (!load.ok) throw new Error(load.reason);
  const selected = positionals.length > 0 ? WORKLOADS.filter((w) => positionals.includes(w.name)) : WORKLOADS;
  let failed = 0;
  let checked = 0;
  for (const workload of selected) {
    if (workload.unavailable?.() !== undefined) continue;
    const started = performance.now();
    const diff = diffWorkload(load.api, workload, Number(values.dense), Number(values.samples));
    checked += diff.limitsChecked;
    failed += diff.mismatches.length;
    console.log(`${workload.name.padEnd(14)} gas ${String(diff.fullCost).padStart(9)}  instructions ${String(diff.instructions).padStart(9)}  limits ${diff.limitsChecked}  mismatches ${diff.mismatches.length}  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    for (const m of diff.mismatches.slice(0, 3)) console.log(`  ${m.slice(0, 400)}`);
  }
  console.log(`${checked} gas and instruction limits × 2 meters checked, ${failed} mismatches`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
