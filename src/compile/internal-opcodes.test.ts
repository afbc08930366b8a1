// internalInstructionLength (used by tools that walk lowered code, e.g. bench/op-pairs.ts) must agree
// with what lowering emits: walking every function of real modules instruction by instruction ends
// exactly at the code's end, and every block start is an instruction start. (Operator pcs may lie
// inside a fused instruction: they mark where that operator's part begins, for metering.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { decodeModule } from "../binary/index.ts";
import { compileModule, internalInstructionLength, internalOpcodeName } from "./index.ts";
import type { CompiledFunction } from "./index.ts";

const COSTS = new Uint32Array(0x10000).fill(1);

function checkWalk(name: string, cf: CompiledFunction): string | undefined {
  const starts = new Set<number>();
  let pc = 0;
  while (pc < cf.code.length) {
    starts.add(pc);
    pc += internalInstructionLength(cf.code, pc);
  }
  if (pc !== cf.code.length) return `${name}: walk ends at ${pc}, code length ${cf.code.length}`;
  for (const at of cf.blockPcs) if (at < cf.code.length && !starts.has(at)) return `${name}: block start ${at} inside an instruction`;
  return undefined;
}

test("internalInstructionLength walks the lowered code of the benchmark modules exactly", () => {
  const dir = new URL("../../bench/workloads/", import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith(".wasm"));
  assert.ok(files.length > 0);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const record = decodeModule(new Uint8Array(readFileSync(new URL(file, dir))));
    for (const options of [{}, { meter: "block" as const, opcodeCosts: COSTS }, { meter: "reference" as const, opcodeCosts: COSTS }, { canonicalNaN: true }]) {
      compileModule(record, options).functions.forEach((cf, i) => {
        for (let pc = 0; pc < cf.code.length; pc += internalInstructionLength(cf.code, pc)) seen.add(internalOpcodeName(cf.code[pc]));
        const problem = checkWalk(`${file} func ${i}`, cf);
        if (problem !== undefined) problems.push(problem);
      });
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(seen.has("charge") && seen.has("call"), "the walk saw the common instructions");
});
