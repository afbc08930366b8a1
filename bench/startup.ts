// Start-up time: how long a module takes from bytes to a usable instance, xwasm against V8, on the
// real 100 KB contract and the bench workloads. Three xwasm stages, each timed on its own:
//   validate  validateOrThrow(bytes)                  decode + validate
//   Module    new Module(bytes)                       decode + validate + lowering
//   +Instance new Module(bytes) + new Instance(...)   the above + instantiation
// against V8's `new WebAssembly.Module` + `new WebAssembly.Instance` on the same bytes. Issue 8's
// acceptance item 3 asks for the contract's `+Instance` ratio to stay under 3×.
//
//   npx tsx bench/startup.ts [--quick] [--runs N] [--filter NAME] [--json FILE]
//   npx tsx bench/startup.ts --filter contract      # the acceptance figure alone (~10 s)
//
// The machine may be shared: V8's times in particular move between runs, so quote full runs (not
// --quick) and compare ratios from the same run.
//
// Every call gets a fresh copy of the bytes with a trailing custom section holding a counter: V8
// caches compiled modules by their bytes within an isolate, so compiling the same bytes twice would
// time a cache hit. xwasm gets the same treatment so both pay for the copy. Each figure is the
// median of single-call times after a warm-up (V8's JIT has to optimize xwasm's decoder first) that
// lasts until the times stop improving (see timeCalls).

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as xwasm from "../src/index.ts";

const CONTRACT_URL = new URL("../../shared/contracts/xwasm-contract.wasm", import.meta.url);
const WORKLOAD_DIR = new URL("./workloads/", import.meta.url);

interface NamedBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

interface StartupRow {
  readonly name: string;
  readonly bytes: number;
  /** Median milliseconds per call. */
  readonly xwasmValidate: number;
  readonly xwasmModule: number;
  readonly xwasmInstance: number;
  readonly v8Module: number;
  readonly v8Instance: number;
}

/** `bytes` plus a custom section named "b" holding `counter`, so every call sees new bytes. */
function uniqueCopy(bytes: Uint8Array, counter: number): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(bytes.length + 8);
  copy.set(bytes);
  copy.set([0x00, 0x06, 0x01, 0x62], bytes.length); // section id 0, size 6, name length 1, "b"
  new DataView(copy.buffer).setUint32(bytes.length + 4, counter >>> 0, true);
  return copy;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

let counter = 0;

/** Steady-state check after the warm-up: calls per group, groups in a row without improvement,
 *  and the most time it may add. */
const SETTLE_GROUP = 8;
const SETTLE_QUIET = 5;
const SETTLE_MS = 3000;

/** Median time in ms of `count` calls of `body(freshBytes)`. */
function groupMedian(bytes: Uint8Array, body: (fresh: Uint8Array<ArrayBuffer>) => unknown, count: number): number {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const fresh = uniqueCopy(bytes, counter++);
    const start = performance.now();
    body(fresh);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Median single-call time in ms of `body(freshBytes)`, after `warmupMs` of untimed calls and then
 *  until the calls stop getting faster (below). The copy is made outside the timed region. */
function timeCalls(bytes: Uint8Array, body: (fresh: Uint8Array<ArrayBuffer>) => unknown, runs: number, warmupMs: number): number {
  const warmupEnd = performance.now() + warmupMs;
  let warmed = 0;
  while (warmed < 5 || performance.now() < warmupEnd) {
    body(uniqueCopy(bytes, counter++));
    warmed++;
  }
  // Steady state: TurboFan compiles a large function (the lowering loop) in the background in
  // several hundred ms on a busy machine, and re-optimizes after a deopt, so a fixed warm-up can end
  // before it has. Keep warming until SETTLE_QUIET groups of calls in a row bring no group more than
  // 10% faster than the best so far (at most SETTLE_MS more); V8's own calls get the same treatment.
  const settleEnd = performance.now() + SETTLE_MS;
  let best = groupMedian(bytes, body, SETTLE_GROUP);
  let quiet = 0;
  while (quiet < SETTLE_QUIET && performance.now() < settleEnd) {
    const current = groupMedian(bytes, body, SETTLE_GROUP);
    if (current < best * 0.9) quiet = 0;
    else quiet++;
    best = Math.min(best, current);
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const fresh = uniqueCopy(bytes, counter++);
    const start = performance.now();
    body(fresh);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** Imports for any module: every function import is a no-op returning 0 (the contract's
 *  `xq.get_parameter` / `xq.set_return_data` are never called at instantiation); other kinds are
 *  built to the declared type when a module needs them. */
function importsFor(bytes: Uint8Array<ArrayBuffer>): Record<string, Record<string, unknown>> {
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of WebAssembly.Module.imports(new WebAssembly.Module(bytes))) {
    const namespace = (imports[imp.module] ??= {});
    if (imp.kind === "function") namespace[imp.name] = () => 0;
    else if (imp.kind === "memory") namespace[imp.name] = new WebAssembly.Memory({ initial: 1 });
    else throw new Error(`startup bench: cannot supply a ${imp.kind} import (${imp.module}.${imp.name})`);
  }
  return imports;
}

function xwasmImportsFor(v8Imports: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const imports: Record<string, Record<string, unknown>> = {};
  for (const [module, fields] of Object.entries(v8Imports)) {
    imports[module] = {};
    for (const [name, value] of Object.entries(fields)) {
      imports[module]![name] = value instanceof WebAssembly.Memory ? new xwasm.Memory({ initial: 1 }) : value;
    }
  }
  return imports;
}

function modules(): NamedBytes[] {
  const list: NamedBytes[] = [{ name: "contract:xwasm-contract", bytes: new Uint8Array(readFileSync(fileURLToPath(CONTRACT_URL))) }];
  for (const file of readdirSync(WORKLOAD_DIR).filter((f) => f.endsWith(".wasm")).sort()) {
    list.push({ name: `workload:${file.replace(/\.wasm$/, "")}`, bytes: new Uint8Array(readFileSync(new URL(file, WORKLOAD_DIR))) });
  }
  return list;
}

function formatMs(ms: number): string {
  if (ms < 0.1) return `${(ms * 1000).toFixed(1)} µs`;
  return `${ms.toFixed(ms < 10 ? 3 : 1)} ms`;
}

function formatRatio(ratio: number): string {
  return `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(1)}×`;
}

function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

function main(): number {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      runs: { type: "string" },
      filter: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("usage: npx tsx bench/startup.ts [--quick] [--runs N] [--filter NAME] [--json FILE]");
    return 0;
  }
  const runs = values.runs !== undefined ? Number(values.runs) : values.quick ? 9 : 31;
  // Per measurement (five per module): the full run over all 13 modules stays around 40 s.
  const warmupMs = values.quick ? 200 : 500;
  const selected = modules().filter((m) => values.filter === undefined || m.name.includes(values.filter));

  const rows: StartupRow[] = [];
  for (const { name, bytes } of selected) {
    const v8Imports = importsFor(uniqueCopy(bytes, counter++));
    const xImports = xwasmImportsFor(v8Imports);
    rows.push({
      name,
      bytes: bytes.length,
      xwasmValidate: timeCalls(bytes, (b) => xwasm.validateOrThrow(b), runs, warmupMs),
      xwasmModule: timeCalls(bytes, (b) => new xwasm.Module(b), runs, warmupMs),
      xwasmInstance: timeCalls(bytes, (b) => new xwasm.Instance(new xwasm.Module(b), xImports as xwasm.Imports), runs, warmupMs),
      v8Module: timeCalls(bytes, (b) => new WebAssembly.Module(b), runs, warmupMs),
      v8Instance: timeCalls(bytes, (b) => new WebAssembly.Instance(new WebAssembly.Module(b), v8Imports as WebAssembly.Imports), runs, warmupMs),
    });
  }

  const header = ["module", "bytes", "xw validate", "xw Module", "lower %", "xw +Instance", "V8 Module", "V8 +Instance", "Module/V8", "+Instance/V8"];
  const table = rows.map((r) => [
    r.name,
    String(r.bytes),
    formatMs(r.xwasmValidate),
    formatMs(r.xwasmModule),
    // Lowering ≈ Module − validate (both decode and validate the same bytes).
    `${Math.max(0, (100 * (r.xwasmModule - r.xwasmValidate)) / r.xwasmModule).toFixed(0)}%`,
    formatMs(r.xwasmInstance),
    formatMs(r.v8Module),
    formatMs(r.v8Instance),
    formatRatio(r.xwasmModule / r.v8Module),
    formatRatio(r.xwasmInstance / r.v8Instance),
  ]);
  console.log(`median of ${runs} single calls after ${warmupMs} ms warm-up; fresh bytes per call; Node ${process.version}`);
  console.log("lower % = (xw Module − xw validate) / xw Module: the share of `new Module` spent after validation (lowering)");
  console.log(renderTable(header, table));
  const contract = rows.find((r) => r.name.startsWith("contract:"));
  if (contract !== undefined) {
    const ratio = contract.xwasmInstance / contract.v8Instance;
    console.log(`\ncontract start-up (Module + Instance): xwasm ${formatMs(contract.xwasmInstance)}, V8 ${formatMs(contract.v8Instance)}: ${formatRatio(ratio)} (target < 3×) ${ratio < 3 ? "PASS" : "FAIL"}`);
  }
  if (values.json !== undefined) {
    writeFileSync(values.json, JSON.stringify({ tool: "xwasm-startup-bench", date: new Date().toISOString(), node: process.version, runs, warmupMs, rows }, null, 2) + "\n");
    console.log(`wrote ${values.json}`);
  }
  return 0;
}

process.exitCode = main();
