// `npm run demo`: builds the example contracts if needed, deploys the token into a fresh temporary
// state directory and runs a few calls through the real CLI (`node bin/xwasm.js …`), printing each
// command and its output. Every step is a separate process, so the state persists through LevelDB.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildExamples, wasmPathOf } from "./build-examples.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(wasmPathOf("token"))) await buildExamples(["token"]);

const stateDir = mkdtempSync(join(tmpdir(), "xwasm-demo-"));
const TOKEN = "c0ffee0000000000000000000000000000000001";
const ALICE = "a11ce00000000000000000000000000000000000";
const BOB = "b0b0000000000000000000000000000000000000";
const tokenWasm = relative(repoRoot, wasmPathOf("token"));

// Each step with the exit status it should end with (1: the call is rejected, as intended).
const steps = [
  [0, "deploy", tokenWasm, "--address", TOKEN, "--owner", ALICE],
  [0, "call", TOKEN, "init", "--param", '{"supply":1000}'],
  [0, "call", TOKEN, "transfer", "--param", `{"to":"${BOB}","amount":250}`, "--invoker", ALICE],
  [0, "call", TOKEN, "balance_of", "--param", BOB],
  // Bob holds 250: an overdraft is rejected and changes nothing.
  [1, "call", TOKEN, "transfer", "--param", `{"to":"${ALICE}","amount":251}`, "--invoker", BOB],
  // Too little gas for a transfer: rejected as OutOfGas, nothing changes.
  [1, "call", TOKEN, "transfer", "--param", `{"to":"${ALICE}","amount":10}`, "--invoker", BOB, "--gas-limit", "50000"],
  [0, "call", TOKEN, "balance_of", "--param", ALICE, "--json"],
  [0, "call", TOKEN, "total_supply"],
];

let failures = 0;
try {
  for (const [expectedStatus, ...step] of steps) {
    const args = [...step, "--state", stateDir];
    console.log(`$ xwasm ${args.map((arg) => (/[\s{}"]/.test(arg) ? `'${arg}'` : arg)).join(" ")}`);
    const run = spawnSync(process.execPath, [join(repoRoot, "bin", "xwasm.js"), ...args], { cwd: repoRoot, encoding: "utf8" });
    process.stdout.write(run.stdout);
    process.stdout.write(run.stderr);
    console.log(`(exit ${run.status})\n`);
    if (run.status !== expectedStatus) failures++;
  }
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`demo: ${failures} step(s) did not end as expected`);
  process.exit(1);
}
