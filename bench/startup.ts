// Start-up time: how long a module takes from bytes to a usable instance, xwasm against V8, on the
// real 100 KB contract and the bench workloads. Both engines compile lazily by default: V8 (Node 20,
// --wasm-lazy-compilation) decodes and validates every function in `new WebAssembly.Module` and
// compiles each at its first call; xwasm (EngineOptions.lowering "lazy") validates every function in
// `new Module` and lowers each at its first call. So there are two like-for-like comparisons:
//   default  new Module(bytes) + new Instance(...)            against V8's defaults
//   eager    the same with { lowering: "eager" } (every        against V8 with lazy compilation
//            function lowered in `new Module`)                  switched off (--no-wasm-lazy-compilation)
// plus xwasm's `validateOrThrow(bytes)` (decode + validate) alone. Issue 8's acceptance item 3 asks for
// the contract's default ratio to stay under 3×; the eager columns show what lowering everything costs.
//
//   npx tsx bench/startup.ts [--quick] [--runs N] [--filter NAME] [--json FILE]
//   npx tsx bench/startup.ts --filter contract      # the acceptance figure alone (~15 s)
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
import { setFlagsFromString } from "node:v8";
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
  /** Module + Instance, default (lazy) lowering / eager lowering. */
  readonly xwasmInstance: number;
  readonly xwasmEagerInstance: number;
  /** Module + Instance, V8's default (lazy compilation) / --no-wasm-lazy-compilation. */
  readonly v8Instance: number;
  readonly v8EagerInstance: number;
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
    const xImports = xwasmImportsFor(v8Imports) as xwasm.Imports;
    const eager: xwasm.EngineOptions = { lowering: "eager" };
    const v8Start = (b: Uint8Array<ArrayBuffer>): unknown => new WebAssembly.Instance(new WebAssembly.Module(b), v8Imports as WebAssembly.Imports);
    const xwasmValidate = timeCalls(bytes, (b) => xwasm.validateOrThrow(b), runs, warmupMs);
    const xwasmInstance = timeCalls(bytes, (b) => new xwasm.Instance(new xwasm.Module(b), xImports), runs, warmupMs);
    const xwasmEagerInstance = timeCalls(bytes, (b) => new xwasm.Instance(new xwasm.Module(b, eager), xImports), runs, warmupMs);
    const v8Instance = timeCalls(bytes, v8Start, runs, warmupMs);
    // V8 reads the flag when it compiles a module, so switching it at run time affects the modules
    // compiled until it is switched back.
    setFlagsFromString("--no-wasm-lazy-compilation");
    let v8EagerInstance: number;
    try {
      v8EagerInstance = timeCalls(bytes, v8Start, runs, warmupMs);
    } finally {
      setFlagsFromString("--wasm-lazy-compilation");
    }
    rows.push({ name, bytes: bytes.length, xwasmValidate, xwasmInstance, xwasmEagerInstance, v8Instance, v8EagerInstance });
  }

  const header = ["module", "bytes", "xw validate", "xw +Instance", "V8 +Instance", "ratio", "xw eager", "V8 eager", "eager ratio", "lower %"];
  const table = rows.map((r) => [
    r.name,
    String(r.bytes),
    formatMs(r.xwasmValidate),
    formatMs(r.xwasmInstance),
    formatMs(r.v8Instance),
    formatRatio(r.xwasmInstance / r.v8Instance),
    formatMs(r.xwasmEagerInstance),
    formatMs(r.v8EagerInstance),
    formatRatio(r.xwasmEagerInstance / r.v8EagerInstance),
    // Lowering everything ≈ eager − default (the same decode, validation and instantiation otherwise).
    `${Math.max(0, (100 * (r.xwasmEagerInstance - r.xwasmInstance)) / r.xwasmEagerInstance).toFixed(0)}%`,
  ]);
  console.log(`median of ${runs} single calls after ${warmupMs} ms warm-up; fresh bytes per call; Node ${process.version}`);
  console.log("+Instance = new Module + new Instance with each engine's defaults (both compile each function at its first call);");
  console.log("eager = every function lowered (xwasm lowering: \"eager\") / compiled (V8 --no-wasm-lazy-compilation) before the call returns;");
  console.log("lower % = the share of xwasm's eager start-up spent lowering");
  console.log(renderTable(header, table));
  const contract = rows.find((r) => r.name.startsWith("contract:"));
  if (contract !== undefined) {
    const ratio = contract.xwasmInstance / contract.v8Instance;
    const eagerRatio = contract.xwasmEagerInstance / contract.v8EagerInstance;
    console.log(`\ncontract start-up (Module + Instance): xwasm ${formatMs(contract.xwasmInstance)}, V8 ${formatMs(contract.v8Instance)}: ${formatRatio(ratio)} (target < 3×) ${ratio < 3 ? "PASS" : "FAIL"}`);
    console.log(`contract start-up, everything compiled up front: xwasm ${formatMs(contract.xwasmEagerInstance)}, V8 ${formatMs(contract.v8EagerInstance)}: ${formatRatio(eagerRatio)}`);
  }
  if (values.json !== undefined) {
    writeFileSync(values.json, JSON.stringify({ tool: "xwasm-startup-bench", date: new Date().toISOString(), node: process.version, runs, warmupMs, rows }, null, 2) + "\n");
    console.log(`wrote ${values.json}`);
  }
  return 0;
}

process.exitCode = main();
