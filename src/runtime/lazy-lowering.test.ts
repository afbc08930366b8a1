// Lazy lowering (EngineOptions.lowering, default "lazy"): a Module's functions become internal code
// at their first call. Checked: what is lowered when (only what ran), results against V8 on the same
// bytes, gas and instruction counts against eager lowering and the per-instruction reference meter,
// call-stack exhaustion at the same depth as eager lowering (the real frame height is only known after
// lowering), instances sharing one Module's code, and artifacts (which must carry lowered code).
import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeError } from "../core/index.ts";
import { OP_LOWER_PENDING } from "../compile/index.ts";
import { Instance, Module, instantiate, loadPrecompiled, serializeModule } from "./index.ts";
import type { EngineOptions } from "./index.ts";
import { moduleParts } from "./module.ts";
import { V8 } from "./v8-webassembly.test-helper.ts";
import { wat } from "./wat.test-helper.ts";

type Fn = (...args: number[]) => number;

const program = `(module
  (memory 1)
  (func $square (param i32) (result i32) local.get 0 local.get 0 i32.mul)
  (func $sum_squares (export "sumSquares") (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (call $square (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    local.get 1)
  (func $never (export "never") (result i32) i32.const 7 i32.const 6 i32.mul)
  (func $fill (export "fill") (param i32 i32) (result i32)
    (memory.fill (i32.const 0) (local.get 0) (local.get 1))
    (i32.load (i32.const 0))))`;

/** Which of the module's defined functions are still stubs (code = LOWER_PENDING alone). */
function pending(module: Module, flavor = "plain"): boolean[] {
  const parts = moduleParts(module);
  const compiled = parts.compiledByFlavor.get(flavor) ?? [...parts.compiledByFlavor].find(([key]) => key.includes(flavor))?.[1];
  assert.ok(compiled !== undefined, `no ${flavor} code`);
  return compiled.functions.map((cf) => cf.code.length === 1 && cf.code[0] === OP_LOWER_PENDING);
}

test("functions are lowered at their first call, only those that run; results match V8", () => {
  const bytes = wat(program);
  const module = new Module(bytes);
  assert.deepEqual(pending(module), [true, true, true, true]);
  const ours = new Instance(module, {}).exports;
  const theirs = new V8.Instance(new V8.Module(bytes), {}).exports;
  assert.deepEqual(pending(module), [true, true, true, true], "instantiation lowers nothing");
  assert.equal((ours.sumSquares as Fn)(10), (theirs.sumSquares as Fn)(10));
  assert.equal((ours.sumSquares as Fn)(10), 385);
  // sumSquares and the square it calls are lowered; never and fill are not.
  assert.deepEqual(pending(module), [false, false, true, true]);
  assert.equal((ours.fill as Fn)(0x5a, 4), (theirs.fill as Fn)(0x5a, 4));
  assert.deepEqual(pending(module), [false, false, true, false]);
  // A second instance of the same Module runs the code the first one lowered.
  const again = new Instance(module, {}).exports;
  assert.equal((again.sumSquares as Fn)(3), 14);
  assert.equal((again.never as Fn)(), 42);
  assert.deepEqual(pending(module), [false, false, false, false]);
});

test("lowering: \"eager\" lowers everything when the Module is made; a bad value is a RangeError", () => {
  const module = new Module(wat(program), { lowering: "eager" });
  assert.deepEqual(pending(module), [false, false, false, false]);
  assert.throws(() => new Module(wat(program), { lowering: "later" } as unknown as EngineOptions), RangeError);
});

test("gas and instructions: lazy block metering = eager block metering = the reference meter", async () => {
  const bytes = wat(program);
  const stats = async (options: EngineOptions): Promise<number[]> => {
    const { instance } = await instantiate(bytes, {}, { gasLimit: 1_000_000, ...options });
    const out = [(instance.exports.sumSquares as Fn)(20), (instance.exports.fill as Fn)(1, 8), (instance.exports.never as Fn)()];
    return [...out, instance.stats.gasUsed, instance.stats.instructions];
  };
  const lazy = await stats({ meter: "block" });
  assert.deepEqual(await stats({ meter: "block", lowering: "eager" }), lazy);
  assert.deepEqual(await stats({ meter: "reference", lowering: "eager" }), lazy);
  assert.deepEqual(await stats({ meter: "reference" }), lazy);
  // Out of gas inside a function's first call (lowered, then stopped) matches eager lowering exactly.
  for (const gasLimit of [5, 40, 100, 333]) {
    const outcome = async (lowering: "lazy" | "eager"): Promise<unknown[]> => {
      const { instance } = await instantiate(bytes, {}, { gasLimit, lowering });
      let error = "";
      try {
        (instance.exports.sumSquares as Fn)(30);
      } catch (e) {
        error = (e as Error).name;
      }
      return [error, instance.stats.gasUsed, instance.stats.instructions];
    };
    assert.deepEqual(await outcome("lazy"), await outcome("eager"), `gasLimit ${gasLimit}`);
  }
});

test("call-stack exhaustion happens at the same depth whether the callee was lowered lazily or eagerly", () => {
  // $tall's frame is much taller than its params and locals (40 values pushed before the adds), and
  // its first call comes at the bottom of a deep recursion: only the lowered code knows that height,
  // so the interpreter must check the stack again right after lowering it.
  const pushes = Array.from({ length: 40 }, (_, i) => `(i32.const ${i})`).join(" ");
  const adds = Array.from({ length: 39 }, () => "i32.add").join(" ");
  const text = `(module
    (global $depth (mut i32) (i32.const 0))
    (func $tall (result i32) ${pushes} ${adds})
    (func $deep (export "deep") (param i32) (result i32)
      (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
      (if (result i32) (i32.eqz (local.get 0))
        (then (call $tall))
        (else (call $deep (i32.sub (local.get 0) (i32.const 1))))))
    (func (export "depth") (result i32) global.get $depth))`;
  const bytes = wat(text);
  const limits = { valueStackSlots: 4096 };
  const reached = (lowering: "lazy" | "eager", n: number): [string, number] => {
    const exports = new Instance(new Module(bytes, { lowering }), {}, { limits }).exports;
    let result = "ok";
    try {
      result = String((exports.deep as Fn)(n));
    } catch (e) {
      result = e instanceof RuntimeError ? e.message : `unexpected ${String(e)}`;
    }
    return [result, (exports.depth as Fn)()];
  };
  const seen = new Set<string>();
  for (let n = 4000; n <= 4100; n += 4) {
    const lazy = reached("lazy", n);
    assert.deepEqual(lazy, reached("eager", n), `deep(${n})`);
    seen.add(lazy[0]);
  }
  // 0 + 1 + … + 39 = 780 below the limit, exhaustion above it: both sides of the edge were tested.
  assert.deepEqual([...seen].sort(), ["780", "call stack exhausted"]);
});

test("an artifact of a Module nothing has called yet carries lowered code and runs", () => {
  const module = new Module(wat(program));
  assert.deepEqual(pending(module), [true, true, true, true]);
  const artifact = serializeModule(module);
  assert.deepEqual(pending(module), [false, false, false, false], "serializing lowers what was pending");
  const loaded = loadPrecompiled(artifact);
  assert.deepEqual(pending(loaded), [false, false, false, false]);
  assert.equal((new Instance(loaded, {}).exports.sumSquares as Fn)(4), 30);
});
