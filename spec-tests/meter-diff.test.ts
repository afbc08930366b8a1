// Block meter vs per-instruction reference meter on a sample of the spec suite: every invocation
// gives the same result (or trap), and the script's store has used the same gas and executed the same
// number of instructions after each one. The whole suite: `npm run spec -- --meter block --record
// a.tsv`, the same with `--meter reference --record b.tsv`, then `cmp a.tsv b.tsv`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createWabtAssembler, runWast } from "./runner.ts";
import { createXwasmAdapter } from "./xwasm-adapter.ts";

const SPEC_DIR = fileURLToPath(new URL("../../shared/spec/wasm-2.0/", import.meta.url));
const FILES = ["br_table.wast", "call_indirect.wast", "fac.wast", "loop.wast", "memory_grow.wast", "memory_fill.wast", "table_grow.wast", "bulk.wast", "traps.wast", "float_exprs.wast"];

test("block and reference meters agree on every invocation of a spec sample", { skip: existsSync(SPEC_DIR) ? undefined : "no spec suite" }, async () => {
  const assembler = await createWabtAssembler();
  const recordings: string[][] = [];
  for (const meter of ["block", "reference"] as const) {
    const lines: string[] = [];
    let file = "";
    const adapter = await createXwasmAdapter({ meter, gasLimit: Number.MAX_SAFE_INTEGER, deterministic: true, record: (e) => lines.push(`${file} ${e.name} ${e.gasUsed} ${e.instructions} ${e.outcome}`) });
    for (file of FILES) {
      const outcomes = runWast(readFileSync(SPEC_DIR + file), { adapter, assembler });
      assert.deepEqual(outcomes.filter((o) => o.status !== "passed"), [], `${meter}: ${file}`);
    }
    recordings.push(lines);
  }
  assert.ok(recordings[0].length > 1000, `${recordings[0].length} invocations`);
  assert.deepEqual(recordings[1], recordings[0]);
});
