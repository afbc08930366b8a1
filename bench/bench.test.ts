// Every bench workload gives the same result on V8 and on xwasm at a small n (no timing here).
// V8's WebAssembly on the same bytes is the oracle; the workloads themselves are checked against
// node:crypto (sha256) and published Keccak-256 vectors, and the contract against its README.
// xwasm runs in a worker so a hang fails the test after a timeout instead of stalling the suite.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadXwasm, v8Engine } from "./engines.ts";
import { CONTRACT_PARAMETER, WORKLOADS, formatChecksum, hashWithWorkload } from "./workloads.ts";
import { runXwasmInWorker } from "./xwasm-worker.ts";
import { calibrate, measure } from "./harness.ts";
import { geometricMean, median, renderTable } from "./stats.ts";
import { topLevelTextModules } from "./spec-modules.ts";

const XWASM_TIMEOUT_MS = 60_000;

const load = await loadXwasm();
const skipXwasm = load.ok ? false : `xwasm unavailable: ${load.reason}`;
if (skipXwasm) console.log(`bench.test.ts: ${skipXwasm} — the V8 side is still checked`);

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

// The contract binary lives outside the repository; without it its checks are skipped.
const AVAILABLE = WORKLOADS.filter((workload) => {
  const reason = workload.unavailable?.();
  if (reason !== undefined) console.log(`bench.test.ts: ${workload.name} skipped: ${reason}`);
  return reason === undefined;
});
const contractMissing = WORKLOADS.find((workload) => workload.name === "contract")?.unavailable?.() ?? false;

test("each workload runs on V8 and returns a checksum", () => {
  for (const workload of AVAILABLE) {
    const result = workload.prepare(v8Engine, workload.bytes())(workload.testUnits);
    assert.ok(["number", "bigint", "string"].includes(typeof result), `${workload.name} returned ${typeof result}`);
  }
});

test("every workload gives the same checksum on xwasm as on V8", { skip: skipXwasm }, async () => {
  const runs = AVAILABLE.map((workload) => ({ workload: workload.name, n: workload.testUnits }));
  const reply = await runXwasmInWorker({ mode: "check", runs }, XWASM_TIMEOUT_MS);
  assert.ok(reply.ok, reply.ok ? "" : reply.error);
  const checks = reply.checks ?? [];
  assert.equal(checks.length, AVAILABLE.length);
  const failures: string[] = [];
  AVAILABLE.forEach((workload, index) => {
    const expected = workload.prepare(v8Engine, workload.bytes())(workload.testUnits);
    const outcome = checks[index]!;
    if (!outcome.ok) failures.push(`${workload.name}: xwasm failed: ${outcome.error}`);
    else if (!Object.is(outcome.checksum, expected)) {
      failures.push(`${workload.name}: V8 ${formatChecksum(expected)}, xwasm ${formatChecksum(outcome.checksum)} (n = ${workload.testUnits})`);
    }
  });
  assert.deepEqual(failures, []);
});

test("the contract echoes its parameter as return data on V8 (README's expectation)", { skip: contractMissing }, () => {
  const contract = WORKLOADS.find((workload) => workload.name === "contract")!;
  assert.equal(contract.prepare(v8Engine, contract.bytes())(2), `2/2 ${CONTRACT_PARAMETER}`);
});

// sha256 lengths around the padding boundaries (55/56/64 bytes), and a full 1 KiB.
const SHA_MESSAGES = [0, 3, 55, 56, 64, 119, 1024].map((length) => Uint8Array.from({ length }, (_, i) => (i * 13 + 1) & 0xff));
const SHA_EXPECTED = SHA_MESSAGES.map((message) => createHash("sha256").update(message).digest("hex"));

// Keccak-256 (original padding), the vectors Ethereum uses: keccak256("") and keccak256("abc").
const KECCAK_MESSAGES = [new Uint8Array(0), new TextEncoder().encode("abc")];
const KECCAK_EXPECTED = [
  "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
  "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
];

test("the sha256 and keccak workloads are correct hashes (on V8)", () => {
  assert.deepEqual(SHA_MESSAGES.map((message) => hexOf(hashWithWorkload(v8Engine, "sha256", message))), SHA_EXPECTED);
  assert.deepEqual(KECCAK_MESSAGES.map((message) => hexOf(hashWithWorkload(v8Engine, "keccak", message))), KECCAK_EXPECTED);
});

test("the sha256 and keccak workloads are correct hashes on xwasm", { skip: skipXwasm }, async () => {
  const sha = await runXwasmInWorker({ mode: "hash", algorithm: "sha256", messages: SHA_MESSAGES }, XWASM_TIMEOUT_MS);
  assert.ok(sha.ok, sha.ok ? "" : sha.error);
  assert.deepEqual((sha.digests ?? []).map(hexOf), SHA_EXPECTED);
  const keccak = await runXwasmInWorker({ mode: "hash", algorithm: "keccak", messages: KECCAK_MESSAGES }, XWASM_TIMEOUT_MS);
  assert.ok(keccak.ok, keccak.ok ? "" : keccak.error);
  assert.deepEqual((keccak.digests ?? []).map(hexOf), KECCAK_EXPECTED);
});

test("harness statistics", () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Math.abs(geometricMean([2, 8]) - 4) < 1e-12);
  assert.ok(Number.isNaN(geometricMean([])));
  assert.equal(renderTable(["a", "bb"], [["xyz", "1"]], new Set([1])), "a    bb\n---  --\nxyz   1");
});

test("measure and calibrate on a synthetic linear runner", () => {
  const fake = WORKLOADS[0]!;
  // A runner whose cost is linear in n: calibrate must scale n up to the cap for a tiny cost.
  const runner = (n: number): number => {
    let sum = 0;
    for (let i = 0; i < n * 100; i++) sum = (sum + i) | 0;
    return sum + n;
  };
  const n = calibrate(runner, fake, 5);
  assert.ok(n >= 1 && n <= fake.v8Units, `n = ${n}`);
  const measurement = measure(runner, 10, 1, 3);
  assert.equal(measurement.samplesMs.length, 3);
  assert.equal(measurement.checksum, runner(10));
  assert.throws(() => {
    let calls = 0;
    measure(() => calls++, 1, 1, 2);
  }, /checksum changed/);
});

test("topLevelTextModules keeps top-level text modules only", () => {
  const script = [
    ';; a comment with (module in it',
    '(module $a (func (export "f") (result i32) (i32.const 1)))',
    '(; block (; nested ;) comment (module) ;)',
    '(module binary "\\00asm" "\\01\\00\\00\\00")',
    '(module quote "(func)")',
    '(assert_invalid (module (func (result i32))) "type mismatch")',
    '(module (data "a)b\\"c"))',
    '(assert_return (invoke "f") (i32.const 1))',
  ].join("\n");
  assert.deepEqual(topLevelTextModules(script), ['(module $a (func (export "f") (result i32) (i32.const 1)))', '(module (data "a)b\\"c"))']);
});

test("run.ts --quick --v8-only writes a JSON report", () => {
  const directory = mkdtempSync(join(tmpdir(), "xwasm-bench-"));
  try {
    const jsonPath = join(directory, "report.json");
    const runScript = fileURLToPath(new URL("./run.ts", import.meta.url));
    const child = spawnSync(process.execPath, ["--import", "tsx", runScript, "--quick", "--v8-only", "--filter", "fib", "--json", jsonPath], { encoding: "utf8" });
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /fib\s+one fib\(15\)/);
    const report = JSON.parse(readFileSync(jsonPath, "utf8")) as { workloads: { name: string; v8: { n: number; checksum: number } }[] };
    assert.equal(report.workloads.length, 1);
    assert.equal(report.workloads[0]!.name, "fib");
    // fib(15) = 610, summed over n runs.
    assert.equal(report.workloads[0]!.v8.checksum, 610 * report.workloads[0]!.v8.n);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
});
