// What the interpreter dispatches: dynamic counts of INTERNAL opcodes (after lowering and fusion),
// of adjacent pairs and triples of them, per workload. Superinstructions should be chosen from
// these counts: a pair executed often is a dispatch that fusion could remove.
//
//   npx tsx bench/op-pairs.ts [--workload keccak,copy] [--top 25] [--units n] [--triples] [--blocks 5]
//
// How it counts (exactly, not by sampling): the workload runs once on an Engine created with
// `profile: true`, whose code is lowered one wasm operator per block, so the profile recorder holds
// how often every wasm operator ran. The same module is then lowered here the way the metered
// benchmark runs it (block metering, fused). Every instruction of a basic block runs as often as the
// block's first wasm operator (blocks end at every branch, label and call), so walking each block's
// internal code gives every instruction's and every adjacent pair's count: block count × static
// contents. Pairs never span blocks, as fusion never does. CHARGE (metering) counts as an
// instruction, as it is one dispatch.
//
// It reaches past the public API (layers.test.ts allows it): decoding and lowering are what it
// inspects.

import { parseArgs } from "node:util";
import { decodeModule } from "../src/binary/index.ts";
import { DOUBLE_TARGETS, OP_DOUBLE_BASE, OP_I64_LOAD32_U_LC_ROTL_L_STORE, compileModule, internalInstructionLength, internalOpcodeName } from "../src/compile/index.ts";
import type { CompiledFunction } from "../src/compile/index.ts";
import { DEFAULT_GAS_SCHEDULE, Engine, opcodeCosts } from "../src/index.ts";
import { xwasmEngine } from "./engines.ts";
import type { XwasmApi, XwasmOptions } from "./engines.ts";
import { WORKLOADS } from "./workloads.ts";

export interface OpCounts {
  /** Dispatches in total. */
  total: number;
  readonly ops: Map<number, number>;
  /** Keyed "a b" (internal opcodes in execution order). */
  readonly pairs: Map<string, number>;
  readonly triples: Map<string, number>;
  /** Disassembly of each executed basic block with its execution count. */
  readonly blocks: [string, number][];
}

function add<K>(map: Map<K, number>, key: K, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

function sameContents(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Executions of each wasm operator of `reference` (one block per operator) from the charge hits. */
function operatorCounts(reference: CompiledFunction, hits: Float64Array): Float64Array {
  const counts = new Float64Array(reference.opcodes.length);
  for (let b = 0; b < reference.blockPcs.length; b++) {
    if (reference.blockCounts[b] > 0) counts[reference.blockFirstOp[b]] = hits[reference.blockPcs[b]];
  }
  return counts;
}

/** Adds the dispatches of `fused` (block-metered code) given how often each wasm operator ran. */
function countFunction(fused: CompiledFunction, operatorRuns: Float64Array, into: OpCounts): void {
  const code = fused.code;
  for (let b = 0; b < fused.blockPcs.length; b++) {
    if (fused.blockCounts[b] === 0) continue;
    const n = operatorRuns[fused.blockFirstOp[b]];
    if (n === 0) continue;
    const end = b + 1 < fused.blockPcs.length ? fused.blockPcs[b + 1] : code.length;
    let prev = -1;
    let prev2 = -1;
    const text: string[] = [];
    let ridesAlong = false;
    for (let pc = fused.blockPcs[b]; pc < end; pc += internalInstructionLength(code, pc)) {
      const op = code[pc];
      text.push(`${internalOpcodeName(op)} ${[...code.subarray(pc + 1, pc + internalInstructionLength(code, pc))].join(" ")}`.trim());
      // The second X of an X×2 runs in the first one's dispatch (its opcode word is stepped over).
      if (ridesAlong) {
        ridesAlong = false;
        continue;
      }
      ridesAlong = (op >= OP_DOUBLE_BASE && op < OP_DOUBLE_BASE + DOUBLE_TARGETS.length) || op === OP_I64_LOAD32_U_LC_ROTL_L_STORE;
      into.total += n;
      add(into.ops, op, n);
      if (prev >= 0) add(into.pairs, `${prev} ${op}`, n);
      if (prev2 >= 0) add(into.triples, `${prev2} ${prev} ${op}`, n);
      prev2 = prev;
      prev = op;
    }
    into.blocks.push([text.join("; "), n]);
  }
}

/** Runs `workloadName` for `units` units and counts the metered interpreter's dispatches. */
export function countWorkload(api: XwasmApi, workloadName: string, units?: number): OpCounts {
  const workload = WORKLOADS.find((candidate) => candidate.name === workloadName);
  if (workload === undefined) throw new Error(`unknown workload ${workloadName}`);
  const bytes = workload.bytes();
  const engine = new Engine({ profile: true, gasLimit: Number.MAX_SAFE_INTEGER });
  const runner = workload.prepare(xwasmEngine(api, engine.with() as unknown as XwasmOptions), bytes);
  engine.beginProfile();
  const recorder = engine.store.profile;
  if (recorder === undefined) throw new Error("profile recorder missing");
  runner(units ?? workload.testUnits);
  engine.endProfile();

  const record = decodeModule(bytes);
  const costs = opcodeCosts(DEFAULT_GAS_SCHEDULE);
  const reference = compileModule(record, { meter: "reference", opcodeCosts: costs, profile: true }).functions;
  const fused = compileModule(record, { meter: "block", opcodeCosts: costs }).functions;
  const counts: OpCounts = { total: 0, ops: new Map(), pairs: new Map(), triples: new Map(), blocks: [] };
  const matched = new Set<number>();
  for (const [code, hits] of recorder.hits) {
    // The engine's code arrays are its own lowering; ours has the same contents.
    const index = reference.findIndex((candidate, i) => !matched.has(i) && sameContents(candidate.code, code));
    if (index < 0) continue; // another module's code (none in these workloads)
    matched.add(index);
    countFunction(fused[index], operatorCounts(reference[index], hits), counts);
  }
  return counts;
}

function nameOf(key: number | string): string {
  return String(key).split(" ").map((op) => internalOpcodeName(Number(op))).join(" → ");
}

function top<K>(map: Map<K, number>, n: number): [K, number][] {
  return [...map].sort((x, y) => y[1] - x[1]).slice(0, n);
}

function printTable<K extends number | string>(title: string, map: Map<K, number>, total: number, n: number): void {
  console.log(`  ${title}`);
  for (const [key, count] of top(map, n)) {
    console.log(`    ${(100 * count / total).toFixed(1).padStart(5)}%  ${String(count).padStart(11)}  ${nameOf(key)}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { help: { type: "boolean", default: false }, workload: { type: "string" }, top: { type: "string", default: "20" }, units: { type: "string" }, triples: { type: "boolean", default: false }, blocks: { type: "string", default: "0" } },
  });
  if (values.help) {
    console.log(`usage: npx tsx bench/op-pairs.ts [--workload NAME[,NAME...]] [--top N] [--units N] [--triples] [--blocks N]

Exact dynamic counts of the interpreter's internal instructions (after lowering and fusion, block
metering on) for each bench workload: instructions, adjacent pairs, optionally triples and the N
hottest basic blocks disassembled. --units overrides the workload's test units; --top sets the rows.
Workloads: ${WORKLOADS.map((w) => w.name).join(", ")}`);
    return;
  }
  const api = (await import("../src/index.ts")) as unknown as XwasmApi;
  const names = values.workload !== undefined ? values.workload.split(",") : WORKLOADS.map((w) => w.name);
  const n = Number(values.top);
  for (const name of names) {
    const counts = countWorkload(api, name, values.units !== undefined ? Number(values.units) : undefined);
    console.log(`${name}: ${counts.total} dispatches`);
    printTable("instructions", counts.ops, counts.total, n);
    printTable("pairs", counts.pairs, counts.total, n);
    if (values.triples) printTable("triples", counts.triples, counts.total, n);
    const hottest = counts.blocks.sort((x, y) => y[1] - x[1]).slice(0, Number(values.blocks));
    if (hottest.length > 0) console.log("  hottest blocks");
    for (const [text, count] of hottest) console.log(`    ${String(count).padStart(11)}  ${text}`);
    console.log();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.on("error", () => process.exit(0)); // e.g. piped into head
  await main();
}
