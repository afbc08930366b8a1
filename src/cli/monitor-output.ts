// Monitoring on the command line, shared by `xwasm run` and `xwasm call`: the report lines, the
// profile table, budget warnings (--warn-gas, --warn-memory-pages, --warn-time-ms: they flag a call
// over budget in the output and never change its result or exit status) and the module cache
// (--cache DIR).

import { ModuleCache, formatProfile } from "../runtime/index.ts";
import type { ExecutionProfile, ModuleCacheStats } from "../runtime/index.ts";
import { InputError } from "./wasm-input.ts";

export const MONITOR_OPTIONS = {
  profile: { type: "boolean" },
  monitor: { type: "boolean" },
  verbose: { type: "boolean" },
  cache: { type: "string" },
  "warn-gas": { type: "string" },
  "warn-memory-pages": { type: "string" },
  "warn-time-ms": { type: "string" },
} as const;

export const MONITOR_HELP = `Monitoring (run and call):
  Every call reports gas used, instructions, wall time, peak memory pages, peak call depth and host
  calls (by name for contracts). --profile adds a table of instructions and gas by function and by
  opcode cost class (the call runs per instruction: slower, same gas). --warn-gas N,
  --warn-memory-pages N and --warn-time-ms N print a warning for a call over that budget (JSON:
  "flags"); they never change the result. --cache DIR keeps compiled modules as artifacts in DIR
  (hits and misses with --verbose or in JSON: "cache"). The human output of call always shows the
  report; run's shows it, and --json output (run and call) includes it as "monitor", only when
  --monitor, --profile, --verbose or a --warn-* option is given.
`;

export interface MonitorValues {
  profile?: boolean;
  monitor?: boolean;
  verbose?: boolean;
  cache?: string;
  "warn-gas"?: string;
  "warn-memory-pages"?: string;
  "warn-time-ms"?: string;
}

/** What a call reports (CallReport of contract/ has this shape; `run` builds one from stats). */
export interface ReportLike {
  readonly gasUsed: number;
  readonly instructions: number;
  readonly wallTimeMs: number;
  readonly peakMemoryPages: number;
  readonly peakCallDepth: number;
  readonly hostCalls: number;
  readonly hostCallsByName?: Readonly<Record<string, number>>;
  readonly profile?: ExecutionProfile;
}

export interface BudgetFlag {
  /** "gas" | "memoryPages" | "timeMs" */
  readonly budget: string;
  readonly limit: number;
  readonly actual: number;
  readonly message: string;
}

export interface MonitorSettings {
  readonly profile: boolean;
  readonly verbose: boolean;
  /** A report was asked for (--monitor, --profile, --verbose, a --warn-*): included in JSON output,
   *  and printed by `run` (which otherwise prints only the results). */
  readonly inJson: boolean;
  readonly warnGas: number | undefined;
  readonly warnMemoryPages: number | undefined;
  readonly warnTimeMs: number | undefined;
  readonly cache: ModuleCache | undefined;
}

function budget(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value) || value < 0) throw new InputError(`--${option} must be a non-negative number, got ${JSON.stringify(text)}`);
  return value;
}

export function monitorSettings(values: MonitorValues): MonitorSettings {
  const warnGas = budget(values["warn-gas"], "warn-gas");
  const warnMemoryPages = budget(values["warn-memory-pages"], "warn-memory-pages");
  const warnTimeMs = budget(values["warn-time-ms"], "warn-time-ms");
  const profile = values.profile === true;
  const verbose = values.verbose === true;
  const anyWarning = warnGas !== undefined || warnMemoryPages !== undefined || warnTimeMs !== undefined;
  return {
    profile, verbose, warnGas, warnMemoryPages, warnTimeMs,
    inJson: profile || verbose || anyWarning || values.monitor === true,
    cache: values.cache === undefined ? undefined : new ModuleCache({ dir: values.cache }),
  };
}

/** The budgets `report` exceeds (strictly over the limit). */
export function budgetFlags(report: ReportLike, settings: MonitorSettings): BudgetFlag[] {
  const flags: BudgetFlag[] = [];
  const check = (name: string, option: string, unit: string, limit: number | undefined, actual: number): void => {
    if (limit !== undefined && actual > limit) flags.push({ budget: name, limit, actual, message: `${unit} ${actual} over the budget of ${limit} (--${option})` });
  };
  check("gas", "warn-gas", "gas used", settings.warnGas, report.gasUsed);
  check("memoryPages", "warn-memory-pages", "peak memory pages", settings.warnMemoryPages, report.peakMemoryPages);
  check("timeMs", "warn-time-ms", "wall time (ms)", settings.warnTimeMs, Number(report.wallTimeMs.toFixed(3)));
  return flags;
}

/** Human-readable report lines (after the result lines), warnings, profile table, cache stats. */
export function reportLines(report: ReportLike, settings: MonitorSettings, flags: readonly BudgetFlag[]): string[] {
  const byName = Object.entries(report.hostCallsByName ?? {}).map(([name, n]) => `${name} ${n}`).join(", ");
  const lines = [
    `instructions: ${report.instructions}`,
    `wall time: ${report.wallTimeMs.toFixed(3)} ms`,
    `peak memory: ${report.peakMemoryPages} pages`,
    `peak depth: ${report.peakCallDepth}`,
    `host calls: ${report.hostCalls}${byName === "" ? "" : ` (${byName})`}`,
  ];
  for (const flag of flags) lines.push(`warning: ${flag.message}`);
  if (report.profile !== undefined) lines.push("", "profile:", formatProfile(report.profile));
  else if (settings.profile) lines.push("profile: not available (the engine does not meter this call: gas off or --metering host-only)");
  if (settings.verbose && settings.cache !== undefined) lines.push(`module cache: ${cacheText(settings.cache.stats)}`);
  return lines;
}

function cacheText(stats: ModuleCacheStats): string {
  return `${stats.hits} hit(s), ${stats.misses} miss(es) (${stats.diskHits} loaded from the directory, ${stats.compiles} compiled), ${stats.diskWrites} artifact(s) written`;
}

/** Extra keys of the JSON output: monitor, flags, cache (each only when asked for). */
export function jsonExtras(report: ReportLike | undefined, settings: MonitorSettings, flags: readonly BudgetFlag[]): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  if (settings.inJson && report !== undefined) extras.monitor = { ...report, wallTimeMs: Number(report.wallTimeMs.toFixed(3)) };
  if (settings.warnGas !== undefined || settings.warnMemoryPages !== undefined || settings.warnTimeMs !== undefined) extras.flags = flags;
  if (settings.cache !== undefined) extras.cache = settings.cache.stats;
  return extras;
}
