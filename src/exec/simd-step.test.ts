// simdStep inside the interpreter: runs of SIMD instructions (with the v128 locals and i32.const
// between them) are executed in one call, so these tests run whole functions. Oracles: V8's own
// WebAssembly on the same bytes for results, and the per-instruction reference meter for gas when a
// memory access traps in the middle of such a run (block metering must agree exactly).
// Per-instruction semantics are checked against V8 in simd-ops.test.ts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiateBytes, watToBytes } from "./minimal-instance.test-helper.ts";
import { Store } from "./store.ts";
import { OPCODES, RuntimeError, V128 } from "../core/index.ts";
import {
  FAM_LC, FAM_LC_SET, FAM_LL, OP_LOCAL_GET_V128, OP_LOCAL_SET_V128, OP_LOCAL_TEE_V128, compileModule, fusedOpcode,
  internalInstructionLength, internalOpcodeName,
} from "../compile/index.ts";
import { decodeModule } from "../binary/index.ts";
import type { CompileOptions } from "../compile/index.ts";
import { simdState, TOP_FROM_LOCAL } from "./simd-step.ts";

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

// A checksum-like loop body: loads, v128 locals, constants, integer lane arithmetic, a shuffle,
// shifts by an i32.const, widening ops, a bitmask; and an f32x4 multiply-add like the matmul.
const CHAIN_WAT = `(module
  (memory (export "memory") 1)
  (func (export "mix") (param $n i32) (result i32)
    (local $i i32) (local $v v128) (local $acc v128) (local $w v128) (local $mask i32) (local $f v128) (local $j i32)
    (local.set $acc (v128.const i32x4 1 2 3 4))
    (local.set $f (v128.const f32x4 0.5 1.5 -2.25 3))
    (loop $l
      (local.set $v (v128.load offset=3 (i32.and (i32.mul (local.get $i) (i32.const 16)) (i32.const 0xfff))))
      (local.set $acc (v128.xor (i32x4.mul (v128.xor (local.get $acc) (local.get $v)) (v128.const i32x4 0x01000193 0x2545f491 0x27d4eb2f 0x165667b1))
        (i32x4.shr_u (i8x16.shuffle 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 4 (local.get $acc) (local.get $acc)) (i32.const 3))))
      (local.set $w (i32x4.add (local.tee $w (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $v)) (v128.const i16x8 1 2 3 4 5 6 7 8)))
        (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $v)))))
      (local.set $acc (i32x4.add (local.get $acc) (local.get $w)))
      (local.set $mask (i32.add (local.get $mask) (i8x16.bitmask (i8x16.shr_s (local.get $v) (i32.const 7)))))
      (local.set $f (f32x4.add (local.get $f) (f32x4.mul (f32x4.splat (f32.convert_i32_s (local.get $i))) (v128.load32_splat (i32.const 40)))))
      (v128.store offset=1024 (i32.const 8) (local.get $acc))
      ;; address arithmetic between SIMD instructions: i32.add_ll, i32.add_lc, i32.add_lc_set
      (local.set $acc (i32x4.add (local.get $acc) (v128.load (i32.add (local.get $j) (local.get $n)))))
      (v128.store offset=2048 (i32.add (local.get $j) (local.get $n)) (local.get $acc))
      (local.set $j (i32.add (local.get $j) (i32.const 48)))
      (local.set $f (f32x4.add (local.get $f) (v128.load32_splat (i32.add (local.get $j) (i32.const 40)))))
      (local.set $j (i32.and (local.get $j) (i32.const 0x3ff)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.xor (i32.xor (local.get $mask) (i32x4.extract_lane 2 (local.get $acc)))
      (i32.xor (i32.load (i32.const 1036)) (i32.trunc_sat_f32_s (f32x4.extract_lane 3 (local.get $f))))))
  (data (i32.const 0) "\\01\\ff\\80\\7f\\10\\20\\30\\40\\55\\aa\\c3\\3c\\00\\fe\\81\\11\\99\\88\\77\\66")
  (data (i32.const 40) "\\00\\00\\80\\3e"))`;

test("the v128 local and i32.const opcodes simdStep chains over are the compiler's", () => {
  // simd-step.ts uses the numbers as literals (as `run` does); they must match compile/'s table.
  assert.equal(OP_LOCAL_GET_V128, 0x12);
  assert.equal(OP_LOCAL_SET_V128, 0x13);
  assert.equal(OP_LOCAL_TEE_V128, 0x14);
  assert.equal(internalOpcodeName(0x41), "i32.const");
});

test("the chain test's function really chains over every plain instruction simdStep handles", async () => {
  // If lowering stops producing one of these between SIMD instructions, the V8 comparison below
  // would no longer cover simdStep's version of it.
  const module = decodeModule(await watToBytes(CHAIN_WAT));
  const { code } = compileModule(module, { meter: "block", opcodeCosts: new Uint32Array(0x10000).fill(1) }).functions[0];
  const afterSimd = new Set<string>();
  let inChain = false;
  for (let pc = 0; pc < code.length; pc += internalInstructionLength(code, pc)) {
    const op = code[pc];
    if (op >= 0x1000 && op < 0x1300) inChain = true;
    else if (inChain && [0x12, 0x13, 0x14, 0x41, fusedOpcode(FAM_LL, 0), fusedOpcode(FAM_LC, 0), fusedOpcode(FAM_LC_SET, 0)].includes(op)) afterSimd.add(internalOpcodeName(op));
    else inChain = false;
  }
  assert.deepEqual([...afterSimd].sort(), ["i32.add_lc", "i32.add_lc_set", "i32.add_ll", "i32.const", "local.get (v128)", "local.set (v128)", "local.tee (v128)"]);
});

test("runs of SIMD instructions, v128 locals and constants give V8's results", async () => {
  const bytes = await watToBytes(CHAIN_WAT);
  const v8 = new WA.Instance(new WA.Module(bytes)).exports as unknown as { mix(n: number): number };
  for (const deterministic of [false, true]) {
    const ours = instantiateBytes(bytes, new Store(), [], { canonicalNaN: deterministic });
    for (const n of [1, 2, 7, 300]) {
      const [result] = ours.call("mix", BigInt(n));
      assert.equal(Number(BigInt.asIntN(32, result)), v8.mix(n), `mix(${n})${deterministic ? " deterministic" : ""}`);
    }
  }
});

// A memory access that traps after other SIMD instructions of its block have run (so it is reached
// inside a chain): the trap, and the gas charged for the block, must be exactly as with one charge
// per instruction.
// The addresses are constants so that the accesses are reached inside a chain (i32.const chains).
const trapWat = (addr: number): string => `(module
  (memory 1)
  (func (export "f") (result i32)
    (local $v v128)
    (local.set $v (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8)))
    (local.set $v (i32x4.add (local.get $v) (v128.load (i32.const ${addr}))))
    (v128.store (i32.const ${addr}) (i32x4.mul (local.get $v) (local.get $v)))
    (local.set $v (v128.load32_splat offset=8 (i32.const ${addr})))
    (i32x4.extract_lane 1 (local.get $v))))`;

test("a trap in the middle of a SIMD run charges exactly what the reference meter charges", async () => {
  const costs = new Uint32Array(0x10000);
  for (let op = 0; op < costs.length; op++) costs[op] = 1 + (op % 7);
  const addresses = [0, 100, 65536 - 16, 65536 - 15, 65536 - 8, 65536 - 11, 65536, -1];
  const modules = await Promise.all(addresses.map((addr) => watToBytes(trapWat(addr))));
  const meter = (kind: "block" | "reference"): { gas: number; error: unknown; result: bigint | undefined }[] => {
    const outcomes: { gas: number; error: unknown; result: bigint | undefined }[] = [];
    for (const bytes of modules) {
      const store = new Store();
      store.metered = true;
      const options: CompileOptions = { meter: kind, opcodeCosts: costs };
      const instance = instantiateBytes(bytes, store, [], options);
      const before = store.gasLeft;
      let error: unknown;
      let result: bigint | undefined;
      try {
        [result] = instance.call("f");
      } catch (caught) {
        error = caught;
      }
      outcomes.push({ gas: before - store.gasLeft, error: error instanceof RuntimeError ? error.message : error, result });
    }
    return outcomes;
  };
  const block = meter("block");
  const reference = meter("reference");
  assert.deepEqual(block, reference);
  assert.ok(block.some((o) => o.error !== undefined) && block.some((o) => o.error === undefined), "both traps and returns covered");
  assert.equal(typeof simdState.sp, "number");
});

test("every instruction that reads its top operand from a v128 local in place gives V8's result", async () => {
  // Each function loads a and b, then runs `op (local.get a) [(local.get b)]` inside a chain, so the
  // last local.get is read in place (TOP_FROM_LOCAL); the result is stored for comparison.
  const names: string[] = [];
  const funcs: string[] = [];
  for (let sub = 0; sub < 256; sub++) {
    if (TOP_FROM_LOCAL[sub] !== 1) continue;
    const info = OPCODES.get(0xfd00 + sub);
    assert.ok(info !== undefined && info.params !== undefined && info.results !== undefined, `0xfd${sub.toString(16)}`);
    const v128In = info.params.filter((t) => t === V128).length;
    assert.equal(v128In, info.params.length, `${info.name}: only v128 operands`);
    const lanes = sub === 0x0d ? " 0 17 2 19 31 5 16 7 8 9 26 11 3 13 30 15" : ""; // i8x16.shuffle: an irregular pattern
    const operands = lanes + (v128In === 2 ? " (local.get $a) (local.get $b)" : " (local.get $a)");
    const store = info.results[0] === V128 ? "v128.store" : "i32.store";
    names.push(info.name);
    funcs.push(`(func (export "${info.name}") (local $a v128) (local $b v128)
      (local.set $a (v128.load (i32.const 0))) (local.set $b (v128.load (i32.const 16)))
      (${store} (i32.const 64) (${info.name}${operands})))`);
  }
  const bytes = await watToBytes(`(module (memory (export "memory") 1) ${funcs.join("\n")})`);
  const v8 = new WA.Instance(new WA.Module(bytes)).exports;
  const v8Memory = new Uint8Array((v8.memory as { buffer: ArrayBuffer }).buffer);
  const ours = [instantiateBytes(bytes), instantiateBytes(bytes, new Store(), [], { canonicalNaN: true })];
  let seed = 0x2545f491;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
  const operandView = new DataView(new ArrayBuffer(32));
  for (let round = 0; round < 40; round++) {
    // Integer lanes: random bits; float lanes: random finite non-zero values (no NaN results, whose
    // bits the spec leaves open).
    for (let k = 0; k < 8; k++) operandView.setInt32(4 * k, next(), true);
    for (const name of names) {
      if (name.startsWith("f32x4.")) for (let k = 0; k < 8; k++) operandView.setFloat32(4 * k, (next() % 1000 + 0.5) / ((next() & 7) + 1), true);
      if (name.startsWith("f64x2.")) for (let k = 0; k < 4; k++) operandView.setFloat64(8 * k, (next() % 100000 + 0.25) / ((next() & 7) + 1), true);
      const operands = new Uint8Array(operandView.buffer);
      v8Memory.set(operands, 0);
      (v8[name] as () => void)();
      for (const instance of ours) {
        const memory = instance.instance.memories[0].u8;
        memory.set(operands, 0);
        instance.call(name);
        assert.deepEqual([...memory.subarray(64, 80)], [...v8Memory.subarray(64, 80)], `${name} round ${round}`);
      }
    }
  }
  assert.ok(names.length >= 50, `${names.length} instructions`);
});

test("aligned loads see the memory as grown (the cached word view follows memory.grow)", async () => {
  const bytes = await watToBytes(`(module (memory 1)
    (func (export "g") (result i32)
      (drop (v128.load (i32.const 16)))
      (drop (v128.load32_splat (i32.const 16)))
      (drop (memory.grow (i32.const 1)))
      (v128.store (i32.const 70000) (v128.const i32x4 7 8 9 10))
      (i32.add (i32x4.extract_lane 2 (v128.load (i32.const 70000)))
        (i32x4.extract_lane 3 (v128.load32_splat (i32.const 70004))))))`);
  const v8 = new WA.Instance(new WA.Module(bytes)).exports as unknown as { g(): number };
  const [result] = instantiateBytes(bytes).call("g");
  assert.equal(v8.g(), 17);
  assert.equal(Number(result), 17);
});
