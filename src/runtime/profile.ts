// Execution profiles: instructions and gas by function and by cost class, from what profiled code
// recorded (exec/profile-recorder.ts). Profiled code is lowered per instruction, so each charge
// stands for one operator: executions × the operator's static price (from the compiled function's
// side tables), plus the gas the recorder attributed to it beyond that (dynamic costs, host charges
// made during a call, the remainder burnt by running out of gas). The totals are exactly the store's
// gas used and instructions over the profiled window (profile.test.ts checks that).

import { EXTERN_FUNC } from "../core/index.ts";
import type { ModuleRecord } from "../core/index.ts";
import type { CompiledFunction, CompiledModule } from "../compile/index.ts";
import { COST_CLASSES, costClassOf } from "../gas/index.ts";
import type { CostClass } from "../gas/index.ts";
import { ProfileRecorder } from "../exec/index.ts";
import type { Store } from "../exec/index.ts";

export interface FunctionProfile {
  /** Function index in its module (imports first, as in the binary format). */
  readonly index: number;
  /** The name-section name when present, else the export name, else `func[index]` (prefixed `#m` when several modules ran). */
  readonly name: string;
  readonly instructions: number;
  readonly gas: number;
}

export interface ClassProfile {
  readonly costClass: CostClass;
  readonly instructions: number;
  readonly gas: number;
}

export interface ExecutionProfile {
  /** Totals: equal to the store's gasUsed / instructions over the profiled window. */
  readonly gasUsed: number;
  readonly instructions: number;
  /** Sorted by gas, highest first; only functions/classes that ran or were charged. */
  readonly byFunction: readonly FunctionProfile[];
  readonly byClass: readonly ClassProfile[];
}

interface ProfiledFunction {
  readonly record: ModuleRecord;
  readonly funcIndex: number;
  readonly compiled: CompiledFunction;
}

const functionsByCode = new WeakMap<Int32Array, ProfiledFunction>();

/** Remembers which function each code array of a profiled lowering belongs to. */
export function registerProfiledCode(record: ModuleRecord, compiled: CompiledModule): void {
  compiled.functions.forEach((cf, i) => functionsByCode.set(cf.code, { record, funcIndex: record.numImportedFuncs + i, compiled: cf }));
}

/** Starts recording in `store` (its code must be lowered with `profile: true`). */
export function beginProfile(store: Store): void {
  if (!store.metered) throw new Error("profiling needs a metered engine created with { profile: true }");
  store.profile = new ProfileRecorder();
}

/** Stops recording in `store` and returns the profile of what ran since beginProfile. */
export function endProfile(store: Store): ExecutionProfile {
  const recorder = store.profile;
  if (recorder === undefined) throw new Error("endProfile without beginProfile");
  store.profile = undefined;
  return buildProfile(recorder);
}

function buildProfile(recorder: ProfileRecorder): ExecutionProfile {
  const byFunction = new Map<ProfiledFunction, { instructions: number; gas: number }>();
  const byClass = new Map<CostClass, { instructions: number; gas: number }>();
  const add = <K>(map: Map<K, { instructions: number; gas: number }>, key: K, instructions: number, gas: number): void => {
    const entry = map.get(key);
    if (entry === undefined) map.set(key, { instructions, gas });
    else {
      entry.instructions += instructions;
      entry.gas += gas;
    }
  };
  let totalGas = recorder.unattributedGas;
  let totalInstructions = 0;
  if (recorder.unattributedGas > 0) add(byClass, "call", 0, recorder.unattributedGas);
  for (const [code, hits] of recorder.hits) {
    const fn = functionsByCode.get(code);
    if (fn === undefined) throw new Error("profile: code of an unknown function (not lowered for profiling)");
    const extra = recorder.extraGas.get(code)!;
    const cf = fn.compiled;
    for (let b = 0; b < cf.blockPcs.length; b++) {
      const pc = cf.blockPcs[b];
      const h = hits[pc];
      const x = extra[pc];
      if (h === 0 && x === 0) continue;
      const first = cf.blockFirstOp[b];
      const count = cf.blockCounts[b];
      let fnGas = x;
      for (let k = first; k < first + count; k++) {
        const gas = h * cf.opGas[k];
        add(byClass, costClassOf(cf.opcodes[k]), h, gas);
        fnGas += gas;
      }
      // Gas beyond the static price belongs to the block's operator (one per block in profiled code).
      if (x !== 0) add(byClass, count > 0 ? costClassOf(cf.opcodes[first]) : "free", 0, x);
      add(byFunction, fn, h * count, fnGas);
      totalGas += fnGas;
      totalInstructions += h * count;
    }
  }
  const records = new Set([...byFunction.keys()].map((f) => f.record));
  const moduleNumber = new Map([...records].map((r, i) => [r, i] as const));
  const functions: FunctionProfile[] = [...byFunction].map(([fn, totals]) => {
    const name = fn.record.names?.functionNames.get(fn.funcIndex) ?? exportName(fn.record, fn.funcIndex) ?? `func[${fn.funcIndex}]`;
    return { index: fn.funcIndex, name: records.size > 1 ? `#${moduleNumber.get(fn.record)}:${name}` : name, ...totals };
  });
  functions.sort((a, b) => b.gas - a.gas || b.instructions - a.instructions || a.index - b.index);
  const classes: ClassProfile[] = COST_CLASSES.filter((c) => byClass.has(c)).map((c) => ({ costClass: c, ...byClass.get(c)! }));
  classes.sort((a, b) => b.gas - a.gas || b.instructions - a.instructions);
  return { gasUsed: totalGas, instructions: totalInstructions, byFunction: functions, byClass: classes };
}

/** Without a name section, an exported function is known by its export name. */
function exportName(record: ModuleRecord, funcIndex: number): string | undefined {
  const exported = record.exports.find((e) => e.kind === EXTERN_FUNC && e.index === funcIndex);
  return exported === undefined ? undefined : `${exported.name} (export)`;
}

/** The profile as a printable table (per function, then per cost class). */
export function formatProfile(profile: ExecutionProfile): string {
  const percent = (gas: number): string => (profile.gasUsed === 0 ? "-" : `${((100 * gas) / profile.gasUsed).toFixed(1)}%`);
  const table = (title: string, rows: readonly { label: string; instructions: number; gas: number }[]): string[] => {
    const width = Math.max(title.length, ...rows.map((r) => r.label.length), 5);
    const lines = [`${title.padEnd(width)}  ${"instructions".padStart(12)}  ${"gas".padStart(12)}  ${"gas %".padStart(6)}`];
    for (const r of rows) lines.push(`${r.label.padEnd(width)}  ${String(r.instructions).padStart(12)}  ${String(r.gas).padStart(12)}  ${percent(r.gas).padStart(6)}`);
    lines.push(`${"total".padEnd(width)}  ${String(profile.instructions).padStart(12)}  ${String(profile.gasUsed).padStart(12)}`);
    return lines;
  };
  return [
    ...table("function", profile.byFunction.map((f) => ({ label: f.name, instructions: f.instructions, gas: f.gas }))),
    "",
    ...table("opcode class", profile.byClass.map((c) => ({ label: c.costClass, instructions: c.instructions, gas: c.gas }))),
  ].join("\n");
}
