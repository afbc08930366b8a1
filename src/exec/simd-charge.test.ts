// charge.simd: under block metering, a block whose first instruction is a SIMD one starts with
// charge.simd (pay the block, then run the SIMD instruction through simdStep, one dispatch for both).
// Oracles: V8's own WebAssembly on the same bytes for results and traps (plain, deterministic, block
// metered, block metered + deterministic), and the per-instruction reference meter for gas used and
// instructions counted, at every gas limit and every instruction limit from 0 to the total (running
// out in such a block, and trapping in its first SIMD instruction).

import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiateBytes, watToBytes } from "./minimal-instance.test-helper.ts";
import type { TestInstance } from "./minimal-instance.test-helper.ts";
import { Store } from "./store.ts";
import { OP_CHARGE_SIMD, internalInstructionLength, internalOpcodeName } from "../compile/index.ts";
import type { CompileOptions } from "../compile/index.ts";

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const COSTS = (() => {
  const costs = new Uint32Array(0x10000);
  for (let op = 0; op < costs.length; op++) costs[op] = 1 + (op % 7);
  return costs;
})();
const PLAIN: CompileOptions = {};
const DETERMINISTIC: CompileOptions = { canonicalNaN: true };
const BLOCK: CompileOptions = { meter: "block", opcodeCosts: COSTS };
const BLOCK_DETERMINISTIC: CompileOptions = { meter: "block", opcodeCosts: COSTS, canonicalNaN: true };
const REFERENCE: CompileOptions = { meter: "reference", opcodeCosts: COSTS };

// Every loop's block starts with a SIMD instruction:
// - dot: a matrix multiply's dot-product loop (v128.load_l; f32x4.mul_acc_local_splat_ll; back-edge),
//   which simdStep runs as one step unless a load would trap; $pa near the memory's end makes the
//   first load (the block's first instruction) trap, $pb the second one.
// - mix: blocks after a br_if that start with a plain SIMD instruction on a v128 left on the stack
//   (f32x4.add, i8x16.neg, v128.load with the address pushed before the branch), and a loop whose
//   block starts with v128.const.
const WAT = `(module
  (memory (export "memory") 1)
  (func (export "dot") (param $pa i32) (param $pb i32) (param $n i32) (result i32)
    (local $acc v128) (local $j i32)
    (loop $k
      (local.set $acc (f32x4.add (local.get $acc)
        (f32x4.mul (v128.load (local.get $pa)) (v128.load32_splat (i32.add (local.get $pb) (local.get $j))))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (br_if $k (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4))) (i32.const 64))))
    (v128.store (i32.const 1024) (local.get $acc))
    (i32.add (local.get $n) (i32x4.extract_lane 0 (local.get $acc))))
  (func (export "mix") (param $a i32) (param $n i32) (param $r i32) (result i32)
    (local $v v128) (local $w v128) (local $f v128)
    (local.set $v (v128.load (local.get $a)))
    (local.set $w (v128.load offset=16 (local.get $a)))
    (local.set $f (local.get $v))
    (loop $l
      (block $skip
        ;; v128s (and an address) stay on the stack across each br_if: the block after it starts
        ;; with the SIMD instruction that consumes them
        (local.get $f) (v128.const f32x4 0.5 -1.25 3 -0)
        (br_if $skip (i32.eqz (i32.and (local.get $r) (i32.const 3))))
        (f32x4.add) (local.set $f)
        (local.get $w)
        (br_if $skip (i32.eq (local.get $r) (i32.const 5)))
        (i8x16.neg) (local.set $v)
        ;; a block starting with a v128.load whose address came from before the branch: traps when
        ;; $n + 8 is out of bounds
        (local.get $v) (local.get $n)
        (br_if $skip (i32.eq (local.get $r) (i32.const 6)))
        (v128.load offset=8) (v128.xor) (local.set $v))
      (local.set $v (i32x4.add (v128.const i32x4 1 -2 0x7fffffff 0x80000000) (local.get $v)))
      (local.set $w (i8x16.add (local.get $w) (local.get $v)))
      (br_if $l (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
    (v128.store (i32.const 1040) (local.get $v))
    (v128.store (i32.const 1056) (local.get $w))
    (v128.store (i32.const 1072) (local.get $f))
    (i32x4.extract_lane 3 (local.get $w)))
)`;

// Finite floats only (no NaN can arise in the float lanes, whose payloads V8 need not share with us
// outside deterministic mode).
const INPUT = Float32Array.of(1.5, -2, 3.25, 0.1, -0, 7, 1e-30, 1e6, 2.5, -1e-3, 4, 8, -16, 0.3, 9, 11);

function setInput(memory: Uint8Array): void {
  memory.set(new Uint8Array(INPUT.buffer), 32);
  const floats = new Float32Array(256);
  for (let k = 0; k < floats.length; k++) floats[k] = ((k * 7) % 13 - 6) * 0.75 + k / 64;
  memory.set(new Uint8Array(floats.buffer), 256);
}

/** The call's outcome (its i32 result, or the error's name, with the message if `withMessage`: V8's
 *  trap messages are worded differently) and memory [1024, 1088). */
function outcomeOf(call: () => unknown, memory: () => Uint8Array, withMessage = true): unknown[] {
  let outcome: unknown;
  try {
    outcome = call();
  } catch (caught) {
    outcome = caught instanceof Error ? caught.name + (withMessage ? `: ${caught.message}` : "") : caught;
  }
  return [outcome, [...memory().subarray(1024, 1088)]];
}

const CALLS: readonly [string, number[]][] = [
  ["dot", [256, 512, 3]], ["dot", [65536 - 16 * 9, 512, 0]], ["dot", [256, 65536 - 40, 0]], ["dot", [65536 - 15, 0, 0]],
  ["mix", [32, 300, 9]], ["mix", [32, 300, 4]], ["mix", [32, 65530, 7]], ["mix", [32, 65520, 8]], ["mix", [32, -8, 2]],
];

test("charge.simd starts every SIMD-led block under block metering only", async () => {
  const bytes = await watToBytes(WAT);
  const heads = (options: CompileOptions): string[] => {
    const instance = instantiateBytes(bytes, new Store(), [], options);
    const found: string[] = [];
    for (const func of instance.instance.funcs) {
      if (func.kind !== 0) continue;
      const code = func.code.code;
      for (let pc = 0; pc < code.length; pc += internalInstructionLength(code, pc)) {
        if (code[pc] === OP_CHARGE_SIMD) found.push(internalOpcodeName(code[pc + 3]));
      }
    }
    return found;
  };
  assert.deepEqual(heads(BLOCK), ["v128.load_l", "v128.load_l", "f32x4.add", "i8x16.neg", "v128.load", "v128.const"]);
  assert.deepEqual(heads(BLOCK_DETERMINISTIC), ["v128.load_l", "v128.load_l", "f32x4.add", "i8x16.neg", "v128.load", "v128.const"]);
  assert.deepEqual(heads(REFERENCE), []);
  assert.deepEqual(heads(PLAIN), []);
  assert.equal(internalOpcodeName(OP_CHARGE_SIMD), "charge.simd");
});

test("SIMD-led blocks give V8's results and traps (plain, deterministic, block metered)", async () => {
  const bytes = await watToBytes(WAT);
  const v8 = new WA.Instance(new WA.Module(bytes)).exports;
  const v8Memory = (): Uint8Array => new Uint8Array((v8.memory as { buffer: ArrayBuffer }).buffer);
  setInput(v8Memory());
  const modes = [PLAIN, DETERMINISTIC, BLOCK, BLOCK_DETERMINISTIC];
  const ours = modes.map((options) => instantiateBytes(bytes, new Store(), [], options));
  for (const instance of ours) setInput(instance.instance.memories[0].u8);
  for (const [name, args] of CALLS) {
    const expected = outcomeOf(() => (v8[name] as (...a: number[]) => number)(...args), v8Memory, false);
    for (const [mode, instance] of ours.entries()) {
      const store = instance.store;
      if (modes[mode].meter !== undefined) {
        store.metered = true;
        store.gasLeft = store.gasLimit = Number.MAX_SAFE_INTEGER;
      }
      const got = outcomeOf(() => Number(BigInt.asIntN(32, instance.call(name, ...args.map((x) => BigInt(x >>> 0)))[0])), () => instance.instance.memories[0].u8, false);
      assert.deepEqual(got, expected, `${name}(${args.join(", ")}) mode ${mode}`);
    }
  }
});

interface Metered { outcome: unknown[]; gasUsed: number; instructions: number }

/** One instance per meter kind, reused: each run resets memory and both budgets. */
function meteredRunner(bytes: Uint8Array, kind: "block" | "reference"): (name: string, args: readonly number[], gasLimit: number, instructionLimit: number) => Metered {
  const store = new Store();
  store.metered = true;
  const instance: TestInstance = instantiateBytes(bytes, store, [], { meter: kind, opcodeCosts: COSTS });
  const memory = instance.instance.memories[0].u8;
  return (name, args, gasLimit, instructionLimit) => {
    memory.fill(0);
    setInput(memory);
    store.gasLeft = store.gasLimit = gasLimit;
    store.instructionsLeft = store.instructionLimit = instructionLimit;
    const outcome = outcomeOf(() => Number(BigInt.asIntN(32, instance.call(name, ...args.map((x) => BigInt(x >>> 0)))[0])), () => memory);
    return { outcome, gasUsed: store.gasLimit - store.gasLeft, instructions: store.instructionLimit - store.instructionsLeft };
  };
}

test("SIMD-led blocks: block metering charges the reference meter's gas and instructions at every limit", async () => {
  const bytes = await watToBytes(WAT);
  const block = meteredRunner(bytes, "block");
  const reference = meteredRunner(bytes, "reference");
  const unlimited = Number.MAX_SAFE_INTEGER;
  for (const [name, args] of CALLS) {
    const call = `${name}(${args.join(", ")})`;
    const full = reference(name, args, unlimited, unlimited);
    assert.ok(full.gasUsed > 10, `${call} used ${full.gasUsed} gas`);
    assert.deepEqual(block(name, args, unlimited, unlimited), full, `${call} unlimited`);
    for (let limit = 0; limit <= full.gasUsed; limit++) {
      assert.deepEqual(block(name, args, limit, unlimited), reference(name, args, limit, unlimited), `${call} gas limit ${limit}`);
    }
    for (let limit = 0; limit <= full.instructions; limit++) {
      assert.deepEqual(block(name, args, unlimited, limit), reference(name, args, unlimited, limit), `${call} instruction limit ${limit}`);
    }
  }
});
