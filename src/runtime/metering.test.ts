// Exact gas and instruction counts, computed by hand from DEFAULT_GAS_SCHEDULE (xwasm-gas-v1):
// constant 1, local 1 (local.*, drop, select), intAlu 1, intMul 3, intDiv 8, load 3, store 3,
// branch 2 (br, br_if, br_table, if, return), call 10, memoryGrow 20 (+1000 per page grown),
// bulkMemory 10 (+1 per byte), free 0 (block, loop, end, else, nop). Every operator executed counts
// as one instruction, the free structural ones included; a branch skips the `end` it jumps past.
import { test } from "node:test";
import assert from "node:assert/strict";
import { InstructionLimitExceeded, OutOfGas, RuntimeError } from "../core/index.ts";
import { Engine, createHostFunction, instantiate } from "./index.ts";
import type { EngineOptions, Instance } from "./index.ts";
import { wat } from "./wat.test-helper.ts";


type Fn = (...args: number[]) => number;

async function make(text: string, options: EngineOptions): Promise<Instance> {
  return (await instantiate(wat(text), {}, options)).instance;
}

for (const meter of ["block", "reference"] as const) {
  const opts = (extra: EngineOptions = {}): EngineOptions => ({ gasLimit: 1_000_000, meter, ...extra });

  test(`${meter}: straight line and a trap mid-block`, async () => {
    const text = `(module (func (export "div") (param i32) (result i32)
      i32.const 7 local.get 0 i32.div_u i32.const 1 i32.add))`;
    const ok = await make(text, opts());
    assert.equal((ok.exports.div as Fn)(1), 8);
    // const 1 + local.get 1 + div_u 8 + const 1 + add 1 + end 0 = 12 gas, 6 instructions.
    assert.deepEqual([ok.stats.gasUsed, ok.stats.instructions], [12, 6]);
    const trapping = await make(text, opts());
    assert.throws(() => (trapping.exports.div as Fn)(0), RuntimeError);
    // The block was prepaid (12) but only const, local.get and the trapping div_u count: 1+1+8 = 10, 3.
    assert.deepEqual([trapping.stats.gasUsed, trapping.stats.instructions], [10, 3]);
  });

  test(`${meter}: br_table`, async () => {
    const text = `(module (func (export "bt") (param i32) (result i32)
      (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 10))) (return (i32.const 20)))
      (i32.const 30)))`;
    for (const [arg, result, gas, instructions] of [
      // block×3 0 + local.get 1 + br_table 2 + const 1 + return 2 = 6 gas; 7 operators.
      [0, 10, 6, 7], [1, 20, 6, 7],
      // default: block×3 + local.get 1 + br_table 2 + const 1 + end 0 = 4 gas; 7 operators.
      [7, 30, 4, 7],
    ]) {
      const instance = await make(text, opts());
      assert.equal((instance.exports.bt as Fn)(arg), result);
      assert.deepEqual([instance.stats.gasUsed, instance.stats.instructions], [gas, instructions], `bt(${arg})`);
    }
  });

  test(`${meter}: calls`, async () => {
    const instance = await make(`(module
      (func $sq (param i32) (result i32) local.get 0 local.get 0 i32.mul)
      (func (export "f") (param i32) (result i32) local.get 0 call $sq i32.const 1 i32.add))`, opts());
    assert.equal((instance.exports.f as Fn)(3), 10);
    // f: local.get 1 + call 10 + const 1 + add 1 + end 0 = 13, 5 operators;
    // $sq: local.get 1 + local.get 1 + mul 3 + end 0 = 5, 4 operators. Total 18 gas, 9 instructions.
    assert.deepEqual([instance.stats.gasUsed, instance.stats.instructions, instance.stats.maxCallDepth], [18, 9, 2]);
  });

  test(`${meter}: memory.grow pays per page grown, a refused grow only its base`, async () => {
    const text = `(module (memory 1 3) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow))`;
    const grown = await make(text, opts());
    assert.equal((grown.exports.grow as Fn)(2), 1);
    // local.get 1 + memory.grow 20 + 2 pages × 1000 + end 0 = 2021; 3 operators.
    assert.deepEqual([grown.stats.gasUsed, grown.stats.instructions, grown.stats.maxMemoryPages], [2021, 3, 3]);
    const refused = await make(text, opts());
    assert.equal((refused.exports.grow as Fn)(5), -1);
    assert.deepEqual([refused.stats.gasUsed, refused.stats.instructions], [21, 3]);
    // Out of gas on the per-page charge: no pages are added, gas used = limit.
    const poor = await make(text, opts({ gasLimit: 1500 }));
    assert.throws(() => (poor.exports.grow as Fn)(2), (e: unknown) => e instanceof OutOfGas && e.gasUsed === 1500 && e.gasLimit === 1500);
    assert.equal(poor.stats.gasUsed, 1500);
    poor.addGas(100);
    assert.equal((poor.exports.grow as Fn)(0), 1, "still 1 page after the unpaid grow");
    assert.equal(poor.stats.gasUsed, 1500 + 21);
  });

  test(`${meter}: bulk memory pays per byte, after the bounds check`, async () => {
    const text = `(module (memory 1) (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill))`;
    const instance = await make(text, opts());
    (instance.exports.fill as Fn)(0, 7, 100);
    // 3 × local.get 1 + memory.fill 10 + 100 bytes × 1 + end 0 = 113; 5 operators.
    assert.deepEqual([instance.stats.gasUsed, instance.stats.instructions], [113, 5]);
    const oob = await make(text, opts());
    assert.throws(() => (oob.exports.fill as Fn)(65536, 0, 1), RuntimeError);
    // Trap in the bounds check: 3 + 10, the dynamic part is not charged; 4 operators.
    assert.deepEqual([oob.stats.gasUsed, oob.stats.instructions], [13, 4]);
  });

  test(`${meter}: out of gas stops before the first unpayable instruction`, async () => {
    const text = `(module (memory (export "m") 1) (func (export "st")
      i32.const 0 i32.const 42 i32.store i32.const 4 i32.const 43 i32.store))`;
    // Costs 1,1,3,1,1,3: cumulative 1,2,5,6,7,10. With 9 gas the second store (10) cannot be paid.
    const instance = await make(text, opts({ gasLimit: 9 }));
    assert.throws(() => (instance.exports.st as Fn)(), (e: unknown) => e instanceof OutOfGas && e.name === "OutOfGas" && e.gasUsed === 9 && e.gasLimit === 9);
    const bytes = new Uint8Array((instance.exports.m as WebAssembly.Memory).buffer);
    assert.deepEqual([bytes[0], bytes[4]], [42, 0]);
    assert.deepEqual([instance.stats.gasUsed, instance.stats.instructions], [9, 5]);
    // More gas between calls: the budget accumulates over calls (10 more: the call now costs 10).
    instance.addGas(10);
    (instance.exports.st as Fn)();
    assert.deepEqual([bytes[0], bytes[4]], [42, 43]);
    assert.equal(instance.stats.gasUsed, 19);
  });

  test(`${meter}: the instruction limit stops (loop br 0) and mutual recursion exactly`, async () => {
    const loop = await make(`(module (func (export "spin") (loop (br 0))))`, { instructionLimit: 1000, meter });
    assert.throws(() => (loop.exports.spin as Fn)(), (e: unknown) => e instanceof InstructionLimitExceeded && e.name === "InstructionLimitExceeded" && e.instructions === 1000);
    // loop 0 gas + 999 × br 2 gas.
    assert.deepEqual([loop.stats.instructions, loop.stats.gasUsed], [1000, 1998]);
    const mutual = await make(`(module (func $a (export "a") (call $b)) (func $b (call $a)))`, { instructionLimit: 50, meter, limits: { maxCallDepth: 1000 } });
    assert.throws(() => (mutual.exports.a as Fn)(), (e: unknown) => e instanceof InstructionLimitExceeded && e.instructions === 50);
    // Each frame runs one `call`: the 50th call enters frame 51, whose call cannot be paid.
    assert.equal(mutual.stats.maxCallDepth, 51);
  });

  test(`${meter}: a host function charges through its caller handle on the shared store`, async () => {
    const engine = new Engine({ gasLimit: 1_000_000, meter });
    let seen = -1;
    const h = createHostFunction({ params: [0x7f], results: [] }, (caller: { chargeHostCall(bytes: number): void; memory: unknown }, n: number) => {
      caller.chargeHostCall(n);
      seen = n;
    }, engine.with({ withCaller: true } as EngineOptions));
    const { instance } = await instantiate(wat(`(module (import "env" "h" (func $h (param i32))) (func (export "run") i32.const 5 call $h))`), { env: { h } }, engine.with());
    (instance.exports.run as Fn)();
    // const 1 + call 10 + host 200 + 5 bytes × 1 + end 0 = 216; 3 operators; one host call.
    assert.equal(seen, 5);
    assert.deepEqual([engine.stats.gasUsed, engine.stats.instructions, engine.stats.hostCalls], [216, 3, 1]);
  });
}

test("unmetered instances count nothing and run the same code as before", async () => {
  const instance = await make(`(module (func (export "f") (result i32) i32.const 1))`, {});
  assert.equal((instance.exports.f as Fn)(), 1);
  assert.deepEqual([instance.stats.gasUsed, instance.stats.instructions], [0, 0]);
});

test("no clock or randomness reaches compile/ or exec/ (deterministic by construction)", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  for (const folder of ["compile", "exec", "gas"]) {
    const dir = new URL(`../${folder}/`, import.meta.url);
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".ts") && !n.includes(".test"))) {
      const source = readFileSync(new URL(name, dir), "utf8");
      assert.doesNotMatch(source, /Date\.|Math\.random|performance\.now|process\.hrtime|crypto\./, `${folder}/${name}`);
    }
  }
});
