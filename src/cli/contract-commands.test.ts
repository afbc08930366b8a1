// The contract commands as a user runs them: separate `xwasm` processes on one --state directory
// (so persistence goes through LevelDB), the exact --json shape, exit codes. Expected values are the
// README's for the Rust contract and hand-computed balances for the token.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tokenPath = join(repoRoot, "examples", "token", "build", "token.wasm");
const TOKEN = "c0ffee0000000000000000000000000000000001";
const ALICE = "a11ce00000000000000000000000000000000000";
const BOB = "b0b0000000000000000000000000000000000000";

function xwasm(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(repoRoot, "bin", "xwasm.js"), ...args], { cwd: repoRoot, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function json(run: { stdout: string }): Record<string, unknown> {
  return JSON.parse(run.stdout.trim()) as Record<string, unknown>;
}

test("xwasm call --code runs the Rust contract with the README's results", () => {
  const contract = fileURLToPath(new URL("../../../shared/contracts/xwasm-contract.wasm", import.meta.url));
  const parameter = '{"name":"xq","age":18,"sex":"man"}';
  const ok = xwasm("call", "--code", contract, "init_xq", "--param", parameter, "--json");
  assert.equal(ok.status, 0, ok.stderr);
  const okJson = json(ok);
  assert.deepEqual(Object.keys(okJson), ["status", "code", "codeName", "reason", "usedGas", "events", "data"]);
  assert.deepEqual({ ...okJson, usedGas: 0 }, { status: "success", code: null, codeName: null, reason: null, usedGas: 0, events: [], data: parameter });
  assert.ok(typeof okJson.usedGas === "number" && okJson.usedGas > 468); // host calls 2 × (200 + 34) plus instructions
  // Counting host calls only (as the original engine did): 2 × (200 + 34 bytes), by hand.
  const hostOnly = xwasm("call", "--code", contract, "init_xq", "--param", parameter, "--metering", "host-only", "--json");
  assert.equal(json(hostOnly).usedGas, 468);
  const bad = xwasm("call", "--code", contract, "xq_abc", "--param", "{", "--json");
  assert.equal(bad.status, 1);
  const badJson = json(bad);
  assert.deepEqual({ ...badJson, usedGas: 0 }, { status: "reject", code: 1006, codeName: "ExecuteFail", reason: "trap: unreachable", usedGas: 0, events: [], data: "" });
  assert.ok(typeof badJson.usedGas === "number" && badJson.usedGas > 201);
  const usage = xwasm("call", "--code", contract);
  assert.equal(usage.status, 2);
});

test("deploy and calls in separate processes share one --state directory", () => {
  if (!existsSync(tokenPath)) {
    const build = spawnSync(process.execPath, [join(repoRoot, "scripts", "build-examples.mjs"), "token"], { cwd: repoRoot, encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);
  }
  const dir = mkdtempSync(join(tmpdir(), "xwasm-cli-"));
  const state = join(dir, "state");
  try {
    const deployed = xwasm("deploy", tokenPath, "--address", TOKEN, "--owner", ALICE, "--state", state, "--json");
    assert.equal(deployed.status, 0, deployed.stderr);
    assert.equal(json(deployed).address, TOKEN);
    const again = xwasm("deploy", tokenPath, "--address", TOKEN, "--state", state);
    assert.equal(again.status, 1); // the address is taken, in the persisted state

    const init = xwasm("call", TOKEN, "init", "--param", '{"supply":1000}', "--state", state, "--json");
    assert.equal(init.status, 0, init.stderr);
    assert.equal(json(init).data, "1000");
    const moved = xwasm("call", TOKEN, "transfer", "--param", `${BOB},400`, "--invoker", ALICE, "--state", state, "--json");
    assert.equal(moved.status, 0, moved.stderr);
    assert.equal(json(moved).data, "600");
    const overdraft = xwasm("call", TOKEN, "transfer", "--param", `${ALICE},401`, "--invoker", BOB, "--state", state, "--json");
    assert.equal(overdraft.status, 1);
    assert.equal(json(overdraft).codeName, "ExecuteFail");
    const balance = xwasm("call", TOKEN, "balance_of", "--param", BOB, "--state", state);
    assert.equal(balance.status, 0, balance.stderr);
    assert.match(balance.stdout, /^result: +success$/m);
    assert.match(balance.stdout, /^return: +400$/m);
    assert.match(balance.stdout, /^gas used: +\d+$/m);
    const missing = xwasm("call", BOB, "init", "--state", state, "--json");
    assert.equal(missing.status, 1);
    assert.equal(json(missing).codeName, "CodeNotFound");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
