// Monitoring on the command line, as a user runs it (separate `xwasm` processes): the profile table
// of `call --profile` on the example token (its totals are the call's gas and instructions, which
// profiling does not change), budget warnings that never change the result, and --cache serving
// the second process from the artifact the first one wrote.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tokenPath = join(repoRoot, "examples", "token", "build", "token.wasm");

function xwasm(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(repoRoot, "bin", "xwasm.js"), ...args], { cwd: repoRoot, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function ensureToken(): void {
  if (existsSync(tokenPath)) return;
  const build = spawnSync(process.execPath, [join(repoRoot, "scripts", "build-examples.mjs"), "token"], { cwd: repoRoot, encoding: "utf8" });
  assert.equal(build.status, 0, build.stderr);
}

const INIT = ["call", "--code", tokenPath, "init", "--param", '{"supply":1000}'];

interface Row { label: string; instructions: number; gas: number }
/** The rows of the table under `header` up to its total line. */
function table(stdout: string, header: string): { rows: Row[]; total: Row } {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.startsWith(header));
  assert.ok(start >= 0, `no "${header}" table in:\n${stdout}`);
  const rows: Row[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^(.+?)\s+(\d+)\s+(\d+)(?:\s+\S+)?$/.exec(line);
    assert.ok(m !== null, `unexpected line "${line}"`);
    const row = { label: m[1].trim(), instructions: Number(m[2]), gas: Number(m[3]) };
    if (row.label === "total") return { rows, total: row };
    rows.push(row);
  }
  assert.fail("table without a total line");
}

test("call --profile on the example token prints the per-function and per-opcode-class table", () => {
  ensureToken();
  const plain = xwasm(...INIT, "--json", "--monitor");
  assert.equal(plain.status, 0, plain.stderr);
  const plainJson = JSON.parse(plain.stdout) as { usedGas: number; monitor: { gasUsed: number; instructions: number; hostCallsByName: Record<string, number> } };
  assert.equal(plainJson.monitor.gasUsed, plainJson.usedGas);
  // The token's init reads its parameter once and writes two storage entries (README of examples/token).
  assert.equal(plainJson.monitor.hostCallsByName["xq.get_parameter"], 1);
  assert.equal(plainJson.monitor.hostCallsByName["xq.set_store"], 2);

  const profiled = xwasm(...INIT, "--profile");
  assert.equal(profiled.status, 0, profiled.stderr);
  assert.match(profiled.stdout, new RegExp(`^gas used: ${plainJson.usedGas}$`, "m"), "profiling changes no gas");
  assert.match(profiled.stdout, new RegExp(`^instructions: ${plainJson.monitor.instructions}$`, "m"));
  const functions = table(profiled.stdout, "function ");
  const classes = table(profiled.stdout, "opcode class ");
  for (const { rows, total } of [functions, classes]) {
    assert.deepEqual([total.gas, total.instructions], [plainJson.usedGas, plainJson.monitor.instructions]);
    assert.equal(rows.reduce((s, r) => s + r.gas, 0), total.gas);
    assert.equal(rows.reduce((s, r) => s + r.instructions, 0), total.instructions);
  }
  assert.ok(functions.rows.some((r) => r.label === "init (export)"), "the entry point is named by its export");
  // Host calls are charged to `call` (200 + bytes each), bulk memory per byte to bulkMemory.
  const labels = classes.rows.map((r) => r.label);
  for (const cls of ["call", "local", "constant", "intAlu", "branch", "load", "store"]) assert.ok(labels.includes(cls), `class ${cls} missing`);
  assert.ok(classes.rows.find((r) => r.label === "call")!.gas >= 7 * 200);

  const json = xwasm(...INIT, "--profile", "--json");
  const parsed = JSON.parse(json.stdout) as { usedGas: number; monitor: { instructions: number; profile: { gasUsed: number; instructions: number; byFunction: unknown[]; byClass: unknown[] } } };
  assert.equal(parsed.monitor.profile.gasUsed, parsed.usedGas);
  assert.equal(parsed.monitor.profile.instructions, parsed.monitor.instructions);
  assert.equal(parsed.monitor.profile.byFunction.length, functions.rows.length);
});

test("budget warnings flag a call without changing its result", () => {
  ensureToken();
  const over = xwasm(...INIT, "--json", "--warn-gas", "1000", "--warn-memory-pages", "0", "--warn-time-ms", "1e9");
  assert.equal(over.status, 0, over.stderr);
  const overJson = JSON.parse(over.stdout) as { status: string; usedGas: number; data: string; flags: { budget: string; limit: number; actual: number }[]; monitor: { peakMemoryPages: number } };
  assert.equal(overJson.status, "success");
  assert.equal(overJson.data, "1000");
  assert.deepEqual(overJson.flags.map((f) => [f.budget, f.limit, f.actual]), [["gas", 1000, overJson.usedGas], ["memoryPages", 0, overJson.monitor.peakMemoryPages]]);
  const under = xwasm(...INIT, "--json", "--warn-gas", String(overJson.usedGas));
  assert.deepEqual((JSON.parse(under.stdout) as { flags: unknown[] }).flags, []); // at the budget is not over it
  const human = xwasm(...INIT, "--warn-gas", "1000");
  assert.equal(human.status, 0);
  assert.match(human.stdout, new RegExp(`^warning: gas used ${overJson.usedGas} over the budget of 1000 \\(--warn-gas\\)$`, "m"));
  assert.match(human.stdout, /^result: +success$/m);
});

test("--cache: the second process loads the module from the artifact the first one wrote", () => {
  const dir = mkdtempSync(join(tmpdir(), "xwasm-cache-"));
  try {
    const wat = join(dir, "sum.wat");
    writeFileSync(wat, `(module (func (export "sum") (param i32) (result i32) (local i32)
      (loop $l local.get 1 local.get 0 i32.add local.set 1 local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l) local.get 1))`);
    const cache = join(dir, "cache");
    const first = xwasm("run", wat, "sum", "10", "--cache", cache, "--json");
    assert.equal(first.status, 0, first.stderr);
    const firstJson = JSON.parse(first.stdout) as { results: { value: number }[]; cache: { misses: number; compiles: number; diskHits: number; diskWrites: number } };
    assert.equal(firstJson.results[0].value, 55);
    assert.deepEqual([firstJson.cache.misses, firstJson.cache.compiles, firstJson.cache.diskHits, firstJson.cache.diskWrites], [1, 1, 0, 1]);
    const second = xwasm("run", wat, "sum", "10", "--cache", cache, "--verbose");
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /^i32:55$/m);
    assert.match(second.stdout, /^module cache: 0 hit\(s\), 1 miss\(es\) \(1 loaded from the directory, 0 compiled\), 0 artifact\(s\) written$/m);
    // A contract call through the same cache directory: compiled once, then served from it.
    ensureToken();
    const callFirst = JSON.parse(xwasm(...INIT, "--cache", cache, "--json").stdout) as { usedGas: number; cache: { compiles: number } };
    const callSecond = JSON.parse(xwasm(...INIT, "--cache", cache, "--json").stdout) as { usedGas: number; cache: { compiles: number; diskHits: number } };
    assert.equal(callFirst.cache.compiles, 1);
    assert.deepEqual([callSecond.cache.compiles, callSecond.cache.diskHits], [0, 1]);
    assert.equal(callSecond.usedGas, callFirst.usedGas);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
