// `npm run spec -- [files or folders] [--engine xwasm|v8] [--json FILE] [--quiet] [--gate decode|all] [--strict-messages]`
// Runs .wast scripts and reports per file and per command kind.

import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { EngineAdapter } from "./engine-adapter.ts";
import { KINDS, createWabtAssembler, runWast, type Kind, type Outcome, type Status } from "./runner.ts";
import { createV8Adapter } from "./v8-adapter.ts";
import { createXwasmAdapter } from "./xwasm-adapter.ts";

const HELP = `usage: npm run spec -- [PATH...] [options]

Runs WebAssembly .wast spec scripts against an engine and reports passed / failed / pending
per file and per command kind.

PATH             .wast files or folders (searched for *.wast, not recursively). Default: the first
                 of ../shared/spec/wasm-2.0 and .spec-suite/wasm-2.0 (from the repository root;
                 \`npm run spec:fetch\` fills .spec-suite/).
--engine NAME    xwasm (default): our engine through src/index.ts; commands it cannot do yet are
                 "pending", never passed. v8: Node's own WebAssembly (checks the runner; any
                 RuntimeError counts as the expected trap since V8 words traps differently).
--meter KIND     xwasm: meter every script's store, block (fast path) or reference (per instruction).
--gas-limit N    xwasm: the gas budget of each script's store (implies --meter block when no --meter).
--deterministic  xwasm: canonical NaNs (deterministic mode); the suite allows them for arithmetic results.
--lowering WHEN  xwasm: lazy (the engine's default: each function lowered at its first call) or eager
                 (every function of every module lowered when the module is made, called or not).
--record FILE    xwasm: after every invoke write file, export, accumulated gas, instructions and
                 outcome (tab-separated) to FILE: diff two runs (--meter block vs reference).
--json FILE      write {totals, byKind, files: [{file, passed, failed, pending, failures}]} to FILE.
--quiet          no per-file progress on stderr and no per-file table (totals only).
--gate decode    exit 1 iff a module failed to decode/validate, or an assert_invalid or a
                 binary assert_malformed failed (other failures do not count).
--gate all       exit 1 on any failure or any pending command (everything must run and pass).
                 Without --gate: exit 1 when anything failed.
--strict-messages  also require CompileError messages to contain the script's expected text.
--failures N     print at most N failures per file (default 5; 0 = none).
-h, --help       this text.

assert_malformed on (module quote …) tests the text parser (wabt), not the engine: it is counted as
assert_malformed_quote and left out of the engine conformance figure.`;

interface FileReport { file: string; passed: number; failed: number; pending: number; failures: { line: number; kind: Kind; message: string }[] }
type Counts = Record<Status, number>;

function fail(message: string): never {
  process.stderr.write(`spec: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const paths: string[] = [];
  let engine = "xwasm";
  let json: string | undefined;
  let quiet = false;
  let gate: "decode" | "all" | undefined;
  let strictMessages = false;
  let failuresShown = 5;
  let meter: "block" | "reference" | undefined;
  let gasLimit: number | undefined;
  let deterministic = false;
  let lowering: "lazy" | "eager" | undefined;
  let record: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case "-h": case "--help": process.stdout.write(`${HELP}\n`); process.exit(0);
      // falls through (process.exit does not return)
      case "--engine": engine = value(); break;
      case "--json": json = value(); break;
      case "--quiet": quiet = true; break;
      case "--gate": {
        const g = value();
        if (g !== "decode" && g !== "all") fail(`--gate must be decode or all, not "${g}"`);
        gate = g;
        break;
      }
      case "--strict-messages": strictMessages = true; break;
      case "--failures": failuresShown = Number(value()); break;
      case "--meter": {
        const m = value();
        if (m !== "block" && m !== "reference") fail(`--meter must be block or reference, not "${m}"`);
        meter = m;
        break;
      }
      case "--gas-limit": gasLimit = Number(value()); break;
      case "--deterministic": deterministic = true; break;
      case "--lowering": {
        const l = value();
        if (l !== "lazy" && l !== "eager") fail(`--lowering must be lazy or eager, not "${l}"`);
        lowering = l;
        break;
      }
      case "--record": record = value(); break;
      default:
        if (arg.startsWith("-")) fail(`unknown option ${arg} (see --help)`);
        paths.push(arg);
    }
  }
  if (engine !== "xwasm" && engine !== "v8") fail(`--engine must be xwasm or v8, not "${engine}"`);
  return { paths, engine, json, quiet, gate, strictMessages, failuresShown, meter, gasLimit, deterministic, lowering, record };
}

function collectFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) fail(`no such file or folder: ${p}`);
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) if (name.endsWith(".wast")) files.push(join(p, name));
    } else files.push(p);
  }
  return files;
}

function defaultSuite(): string {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  for (const candidate of [resolve(root, "../shared/spec/wasm-2.0"), resolve(root, ".spec-suite/wasm-2.0")]) {
    if (existsSync(candidate)) return candidate;
  }
  fail("no spec suite found: expected ../shared/spec/wasm-2.0 or .spec-suite/wasm-2.0 (run `npm run spec:fetch`)");
}

const zero = (): Counts => ({ passed: 0, failed: 0, pending: 0 });
const pad = (s: string | number, n: number): string => String(s).padStart(n);

/** --record: one line per invoke (file, export, accumulated gas and instructions, outcome). */
let recordLines: string[] | undefined;
let currentFile = "";

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const files = collectFiles(args.paths.length > 0 ? args.paths : [defaultSuite()]);
  if (files.length === 0) fail("no .wast files to run");
  const assembler = await createWabtAssembler();
  let adapter: EngineAdapter;
  if (args.engine === "v8") adapter = createV8Adapter((text) => assembler.assemble(text));
  else {
    const recorded: string[] = [];
    recordLines = recorded;
    const xwasm = await createXwasmAdapter({
      meter: args.meter, gasLimit: args.gasLimit, deterministic: args.deterministic, lowering: args.lowering,
      record: args.record === undefined ? undefined : (e) => recorded.push(`${currentFile}\t${e.name}\t${e.gasUsed}\t${e.instructions}\t${e.outcome}`),
    });
    if (!args.quiet) process.stderr.write(`engine xwasm: ${xwasm.loadProblem ?? xwasm.capabilities()}\n`);
    adapter = xwasm;
  }

  const totals = zero();
  // Every kind is listed (zeros included) so consumers see a stable shape; `script` only when a file did not parse.
  const byKind: Partial<Record<Kind, Counts>> = Object.fromEntries(KINDS.filter((k) => k !== "script").map((k) => [k, zero()]));
  const pendingReasons = new Map<string, number>();
  const reports: FileReport[] = [];
  let decodeGateFailures = 0;
  const started = performance.now();
  for (const file of files) {
    currentFile = basename(file);
    const fileStart = performance.now();
    let outcomes: Outcome[];
    try {
      outcomes = runWast(readFileSync(file), { adapter, assembler, strictMessages: args.strictMessages });
    } catch (error) {
      outcomes = [{ line: 0, kind: "script", status: "failed", message: `runner crashed: ${error instanceof Error ? error.stack ?? error.message : String(error)}` }];
    }
    const report: FileReport = { file: relative(process.cwd(), file) || basename(file), passed: 0, failed: 0, pending: 0, failures: [] };
    for (const o of outcomes) {
      report[o.status]++;
      totals[o.status]++;
      (byKind[o.kind] ??= zero())[o.status]++;
      if (o.status === "failed") {
        report.failures.push({ line: o.line, kind: o.kind, message: o.message ?? "" });
        if (o.decodeFailure) decodeGateFailures++;
      }
      if (o.status === "pending") {
        // Group alike reasons (one line per missing opcode family, not per opcode).
        const reason = (o.message ?? "").replace(/\(wabt\): .*/, "(wabt)").replace(/0x[0-9a-f]+/gi, "0x…");
        pendingReasons.set(reason, (pendingReasons.get(reason) ?? 0) + 1);
      }
    }
    reports.push(report);
    if (!args.quiet) {
      const ms = (performance.now() - fileStart).toFixed(0);
      process.stderr.write(`${basename(file)}: ${report.passed} passed, ${report.failed} failed, ${report.pending} pending (${ms} ms)\n`);
    }
  }

  const out: string[] = [];
  if (!args.quiet) {
    const width = Math.max(4, ...reports.map((r) => basename(r.file).length));
    out.push(`${"file".padEnd(width)}  ${pad("passed", 7)} ${pad("failed", 7)} ${pad("pending", 7)}`);
    for (const r of reports) {
      out.push(`${basename(r.file).padEnd(width)}  ${pad(r.passed, 7)} ${pad(r.failed, 7)} ${pad(r.pending, 7)}`);
      for (const f of r.failures.slice(0, args.failuresShown)) out.push(`    line ${f.line} ${f.kind}: ${f.message}`);
      if (r.failures.length > args.failuresShown && args.failuresShown > 0) out.push(`    … ${r.failures.length - args.failuresShown} more failures`);
    }
    out.push("");
  }
  out.push(`by kind (engine ${args.engine}):`);
  out.push(`  ${"kind".padEnd(24)} ${pad("passed", 7)} ${pad("failed", 7)} ${pad("pending", 7)}`);
  for (const kind of KINDS) {
    const c = byKind[kind];
    if (c !== undefined && c.passed + c.failed + c.pending > 0) out.push(`  ${kind.padEnd(24)} ${pad(c.passed, 7)} ${pad(c.failed, 7)} ${pad(c.pending, 7)}`);
  }
  const quote = byKind.assert_malformed_quote ?? zero();
  const engineCounts: Counts = { passed: totals.passed - quote.passed, failed: totals.failed - quote.failed, pending: totals.pending - quote.pending };
  const engineTotal = engineCounts.passed + engineCounts.failed + engineCounts.pending;
  out.push(`totals: ${totals.passed} passed, ${totals.failed} failed, ${totals.pending} pending in ${files.length} files (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  out.push(`engine conformance (without assert_malformed_quote): ${engineCounts.passed}/${engineTotal} passed (${engineTotal === 0 ? "0.0" : ((100 * engineCounts.passed) / engineTotal).toFixed(1)}%), ${engineCounts.failed} failed, ${engineCounts.pending} pending`);
  if (pendingReasons.size > 0) {
    out.push("pending, by reason:");
    for (const [reason, n] of [...pendingReasons].sort((a, b) => b[1] - a[1]).slice(0, 12)) out.push(`  ${pad(n, 7)}  ${reason}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);

  if (args.record !== undefined && recordLines !== undefined) writeFileSync(args.record, recordLines.length === 0 ? "" : `${recordLines.join("\n")}\n`);
  if (args.json !== undefined) {
    const json = { totals, byKind, files: reports };
    writeFileSync(args.json, `${JSON.stringify(json, null, 2)}\n`);
  }
  const failed =
    args.gate === "decode" ? decodeGateFailures > 0 : args.gate === "all" ? totals.failed + totals.pending > 0 : totals.failed > 0;
  process.exit(failed ? 1 : 0);
}

await main();
