// Determinism check (issue 4, acceptance 4): the same corpus (bench workloads + NaN producers, in
// deterministic mode with gas metering) run under `node --jitless` and under normal Node must give
// byte-identical results, gas, instruction counts and memory hashes.
//
//   node scripts/determinism-check.mjs            # the CI sample (< 1 minute)
//   node scripts/determinism-check.mjs --full     # every workload (slow under --jitless)

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const corpus = fileURLToPath(new URL("../bench/determinism-corpus.ts", import.meta.url));
const extra = process.argv.includes("--full") ? [] : ["--sample"];

function run(flags) {
  const started = Date.now();
  const child = spawnSync(process.execPath, [...flags, "--import", "tsx", corpus, ...extra], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (child.status !== 0) {
    process.stderr.write(`corpus failed under node ${flags.join(" ")}:\n${child.stderr}\n`);
    process.exit(2);
  }
  return { out: child.stdout, seconds: (Date.now() - started) / 1000 };
}

const jit = run([]);
const jitless = run(["--jitless"]);
const lines = jit.out.trimEnd().split("\n");
if (jit.out !== jitless.out) {
  const other = jitless.out.trimEnd().split("\n");
  for (let i = 0; i < Math.max(lines.length, other.length); i++) {
    if (lines[i] !== other[i]) process.stderr.write(`differs:\n  jit:     ${lines[i]}\n  jitless: ${other[i]}\n`);
  }
  process.stderr.write("determinism check FAILED\n");
  process.exit(1);
}
process.stdout.write(jit.out);
process.stdout.write(`determinism check: ${lines.length} runs byte-identical under node and node --jitless (${jit.seconds.toFixed(1)} s / ${jitless.seconds.toFixed(1)} s)\n`);
