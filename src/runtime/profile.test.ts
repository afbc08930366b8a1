// Profiles against hand computations under DEFAULT_GAS_SCHEDULE, and their totals against the
// store's own counters (and against block metering of the same calls) — including calls that trap
// or run out of gas in the middle of a basic block, where a profile must not count the operators
// of the block that never ran.

import { test } from "node:test";
import assert from "node:assert/strict";
import { I32 } from "../core/index.ts";
import { Engine, HostCaller, Instance, Module, createHostFunction, formatProfile } from "./index.ts";
import type { ExecutionProfile, WasmValue } from "./index.ts";

const wabt = await (await import("wabt")).default();
function wasm(text: string): Uint8Array {
  return wabt.parseWat("profile.wat", text, {}).toBinary({ write_debug_names: true }).buffer;
}

const PROGRAM = wasm(`(module
  (import "env" "host" (func $host (param i32)))
  (memory 1 3)
  (func $add (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func $main (export "main") (param i32) (result i32)
    local.get 0 i32.const 2 call $add i32.const 3 i32.mul
    i32.const 1 memory.grow drop)
  (func $trap (export "trap") (param i32) (result i32)
    ;; one basic block: the division traps with a zero divisor; the operators after it never run
    local.get 0 i32.const 7 i32.add i32.const 100 local.get 0 i32.div_u i32.add i32.const 1 i32.add)
  (func $spin (export "spin") (param i32) (result i32)
    (loop $l local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l) local.get 0)
  (func $grow (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func $callHost (export "callHost") (param i32) (result i32) local.get 0 call $host i32.const 0))`);

const module = new Module(PROGRAM);

interface Outcome { results: WasmValue[] | string; gasUsed: number; instructions: number; profile?: ExecutionProfile }

function runOnce(name: string, arg: number, options: { profile: boolean; gasLimit: number }): Outcome {
  const engine = new Engine({ gasLimit: options.gasLimit, profile: options.profile });
  const host = createHostFunction({ params: [I32], results: [] }, (caller: HostCaller, bytes: number) => caller.chargeHostCall(bytes), { ...engine.with(), withCaller: true });
  const instance = new Instance(module, { env: { host } }, engine.with());
  const before = engine.stats;
  if (options.profile) engine.beginProfile();
  let results: WasmValue[] | string;
  try {
    results = instance.invoke(name, [{ type: "i32", value: arg }]);
  } catch (error) {
    results = (error as Error).name;
  }
  const profile = options.profile ? engine.endProfile() : undefined;
  const after = engine.stats;
  return { results, gasUsed: after.gasUsed - before.gasUsed, instructions: after.instructions - before.instructions, profile };
}

/** Profiled and block-metered runs agree, and the profile's totals (and its rows' sums) equal the counters. */
function profiled(name: string, arg: number, gasLimit = 1_000_000): ExecutionProfile {
  const plain = runOnce(name, arg, { profile: false, gasLimit });
  const withProfile = runOnce(name, arg, { profile: true, gasLimit });
  const profile = withProfile.profile!;
  assert.deepEqual(withProfile.results, plain.results, `${name}(${arg}) results`);
  assert.equal(withProfile.gasUsed, plain.gasUsed, `${name}(${arg}) gas, profiled vs block metering`);
  assert.equal(withProfile.instructions, plain.instructions, `${name}(${arg}) instructions, profiled vs block metering`);
  assert.equal(profile.gasUsed, withProfile.gasUsed, `${name}(${arg}) profile gas total = stats`);
  assert.equal(profile.instructions, withProfile.instructions, `${name}(${arg}) profile instruction total = stats`);
  const sum = (rows: readonly { gas: number; instructions: number }[]) => rows.reduce((s, r) => [s[0] + r.gas, s[1] + r.instructions], [0, 0]);
  assert.deepEqual(sum(profile.byFunction), [profile.gasUsed, profile.instructions]);
  assert.deepEqual(sum(profile.byClass), [profile.gasUsed, profile.instructions]);
  return profile;
}

const byClass = (p: ExecutionProfile) => Object.fromEntries(p.byClass.map((c) => [c.costClass, [c.instructions, c.gas]]));
const byFunction = (p: ExecutionProfile) => Object.fromEntries(p.byFunction.map((f) => [f.name, [f.instructions, f.gas]]));

test("per-class and per-function split of a small program, by hand", () => {
  const p = profiled("main", 5);
  // main: local.get 1, i32.const 1, call 10, i32.const 1, i32.mul 3, i32.const 1, memory.grow 20 +
  // 1000 per page, drop 1, end 0 → 9 instructions, 1038 gas. add: local.get ×2, i32.add, end → 4, 3.
  assert.deepEqual(byFunction(p), { main: [9, 1038], add: [4, 3] });
  assert.deepEqual(byClass(p), {
    local: [4, 4], constant: [3, 3], call: [1, 10], intMul: [1, 3], intAlu: [1, 1], memoryGrow: [1, 1020], free: [2, 0],
  });
  assert.equal(p.gasUsed, 1041);
  assert.equal(p.instructions, 13);
  const table = formatProfile(p);
  assert.match(table, /^main\s+9\s+1038\s/m);
  assert.match(table, /^memoryGrow\s+1\s+1020\s/m);
});

test("a trap in the middle of a block counts the operators up to the trapping one", () => {
  const p = profiled("trap", 0);
  // local.get, i32.const, i32.add, i32.const, local.get, i32.div_u (traps): 6 instructions,
  // 1 + 1 + 1 + 1 + 1 + 8 = 13 gas; the two adds and the constant after it never ran.
  assert.deepEqual(byFunction(p), { trap: [6, 13] });
  assert.deepEqual(byClass(p), { local: [2, 2], constant: [2, 2], intAlu: [1, 1], intDiv: [1, 8] });
  const ok = profiled("trap", 4);
  assert.deepEqual(byFunction(ok), { trap: [10, 16] }); // all nine operators and the end
});

test("out of gas in the middle of a block: the burnt remainder goes to the operator that could not pay", () => {
  // spin(3): a loop of local.get, i32.const, i32.sub, local.tee, br_if (1+1+1+1+2 = 6 gas per turn).
  const full = profiled("spin", 3);
  // + loop and the loop's end (free, once each), local.get (1), the function's end.
  assert.deepEqual(byFunction(full), { spin: [3 * 5 + 4, 3 * 6 + 1] });
  for (const gasLimit of [0, 1, 4, 8, 13, 15]) {
    const p = profiled("spin", 3, gasLimit);
    assert.equal(p.gasUsed, gasLimit, `gas limit ${gasLimit}: out of gas spends the budget`);
  }
  // 8 gas: one turn (6) + local.get + i32.const = 8 exactly; the i32.sub (1) cannot be paid: its row
  // shows the burnt 0 and no instruction.
  const p = profiled("spin", 3, 8);
  assert.equal(p.instructions, 1 + 5 + 2);
});

test("dynamic costs: memory.grow per page, including a grow whose per-page cost cannot be paid", () => {
  const p = profiled("grow", 2);
  assert.deepEqual(byClass(p), { local: [1, 1], memoryGrow: [1, 20 + 2000], free: [1, 0] });
  // 1000 gas: local.get (1) and memory.grow (20) are paid, the 2000 per page are not: the grow does
  // not happen, does not count, and the budget is spent.
  const short = profiled("grow", 2, 1000);
  assert.deepEqual(byClass(short), { local: [1, 1], memoryGrow: [0, 999] });
});

test("host charges are attributed to the call instruction that made them", () => {
  const p = profiled("callHost", 30);
  // local.get 1, call 10 (+ hostCallBase 200 + 30 bytes × 1), i32.const 1, end 0.
  assert.deepEqual(byClass(p), { local: [1, 1], call: [1, 240], constant: [1, 1], free: [1, 0] });
  assert.deepEqual(byFunction(p), { callHost: [4, 242] });
  const short = profiled("callHost", 30, 100);
  assert.equal(short.gasUsed, 100);
});

test("profiling needs an engine created for it", () => {
  assert.throws(() => new Engine({ gasLimit: 10 }).beginProfile(), /profile: true/);
});
