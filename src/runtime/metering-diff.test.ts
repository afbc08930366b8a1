// Block meter vs per-instruction reference meter on small programs, with EVERY gas limit from 0 to
// the full cost and every instruction limit from 0 to the full count: the same outcome, the same
// stats and the same memory (its bytes) in both modes; out of gas always reports gasUsed == limit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Instance, Module } from "./index.ts";
import { createHash } from "node:crypto";
import type { EngineOptions } from "./index.ts";

const wabt = await (await import("wabt")).default();

const PROGRAMS: Record<string, { wat: string; call: string; args: number[] }> = {
  // Loops, stores, a call per iteration, fused compare+branch and local arithmetic.
  loop: {
    call: "run", args: [6],
    wat: `(module (memory (export "memory") 1)
      (func $sq (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
      (func (export "run") (param $n i32) (result i32) (local $i i32) (local $acc i32)
        (loop $l
          (i32.store (i32.shl (local.get $i) (i32.const 2)) (call $sq (local.get $i)))
          (local.set $acc (i32.add (local.get $acc) (i32.load (i32.shl (local.get $i) (i32.const 2)))))
          (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
        (local.get $acc)))`,
  },
  // br_table dispatch, memory.grow, bulk fill/copy, and a trap at the end.
  mixed: {
    call: "run", args: [3],
    wat: `(module (memory (export "memory") 1 4)
      (func (export "run") (param $k i32) (result i32) (local $r i32)
        (block $b2 (block $b1 (block $b0 (br_table $b0 $b1 $b2 (local.get $k)))
          (local.set $r (i32.const 1)) (br $b2))
          (local.set $r (i32.const 2)))
        (drop (memory.grow (i32.const 1)))
        (memory.fill (i32.const 100) (i32.const 7) (i32.const 50))
        (memory.copy (i32.const 65536) (i32.const 100) (i32.const 40))
        (i32.store8 (i32.const 3) (local.get $r))
        (i32.div_u (i32.const 1) (i32.sub (local.get $k) (i32.const 3)))))`,
  },
};

type RunRecord = { outcome: string; stats: unknown; memory: string };

const modules = new Map<string, Module>();

async function runOnce(name: string, options: EngineOptions): Promise<RunRecord> {
  const program = PROGRAMS[name];
  let module = modules.get(name);
  if (module === undefined) {
    module = new Module(wabt.parseWat(`${name}.wat`, program.wat).toBinary({}).buffer);
    modules.set(name, module);
  }
  // One Module, lowered once per meter kind; a fresh instance (and store) per limit.
  // A small value stack: each metered instance gets a Store of its own, allocated here.
  const instance = new Instance(module, {}, { ...options, limits: { valueStackSlots: 4096, maxCallDepth: 64 } });
  let outcome: string;
  try {
    outcome = `ok ${String((instance.exports[program.call] as (...a: number[]) => unknown)(...program.args))}`;
  } catch (error) {
    outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  const memory = createHash("sha256").update(new Uint8Array((instance.exports.memory as WebAssembly.Memory).buffer)).digest("hex");
  return { outcome, stats: instance.stats, memory };
}

for (const name of Object.keys(PROGRAMS)) {
  test(`${name}: every gas limit and every instruction limit stop both meters at the same point`, async () => {
    const full = await runOnce(name, { gasLimit: 1e12, meter: "block" });
    const fullRef = await runOnce(name, { gasLimit: 1e12, meter: "reference" });
    assert.deepEqual(fullRef, full);
    const { gasUsed, instructions } = full.stats as { gasUsed: number; instructions: number };
    assert.ok(gasUsed > 0 && instructions > 0);
    for (let limit = 0; limit <= gasUsed + 1; limit++) {
      const block = await runOnce(name, { gasLimit: limit, meter: "block" });
      const reference = await runOnce(name, { gasLimit: limit, meter: "reference" });
      assert.deepEqual(block, reference, `gas limit ${limit}`);
      if (limit < gasUsed) assert.equal((block.stats as { gasUsed: number }).gasUsed, limit, `gas limit ${limit}: ${block.outcome}`);
    }
    for (let limit = 0; limit <= instructions; limit++) {
      const block = await runOnce(name, { instructionLimit: limit, meter: "block" });
      const reference = await runOnce(name, { instructionLimit: limit, meter: "reference" });
      assert.deepEqual(block, reference, `instruction limit ${limit}`);
      if (limit < instructions) assert.match(block.outcome, /^InstructionLimitExceeded/);
    }
  });
}
