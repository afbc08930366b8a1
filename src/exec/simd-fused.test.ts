// The fused SIMD instructions (compile/internal-opcodes.ts 0x1200–0x12ff): loads addressed by
// locals and the f32x4 multiply-accumulate into a local. Oracles: V8's own WebAssembly on the same
// bytes for results (including lanes where one fused multiply-add would round differently from
// wasm's two roundings), the canonical NaN bits for deterministic mode, and the per-instruction
// reference meter (which never fuses) for gas when a fused load traps.

import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiateBytes, watToBytes } from "./minimal-instance.test-helper.ts";
import { Store } from "./store.ts";
import { RuntimeError } from "../core/index.ts";
import { OP_CHARGE_SIMD, OP_SIMD_FUSED_BASE, OP_SIMD_FUSED_END, compileModule, internalInstructionLength, internalOpcodeName } from "../compile/index.ts";
import type { CompileOptions } from "../compile/index.ts";
import { decodeModule } from "../binary/index.ts";

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const DOT_WAT = `(module
  (memory (export "memory") 1)
  (func (export "dot") (param $a i32) (param $b i32) (param $n i32)
    (local $i i32) (local $acc v128) (local $acc2 v128) (local $o v128) (local $s v128)
    (local.set $acc (v128.load (i32.const 2048)))
    (local.set $o (v128.load (i32.const 2064)))
    (loop $l
      ;; accumulator local.get removed (f32x4.mul_acc_local), v128.load_l, v128.load32_splat_ll
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=4 (local.get $a)) (v128.load32_splat offset=4 (i32.add (local.get $b) (local.get $i))))))
      ;; into another local (f32x4.mul_add_set), v128.load_ll, v128.load32_splat_l
      (local.set $s (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=16 (i32.add (local.get $a) (local.get $i))) (v128.load32_splat (local.get $b)))))
      (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (v128.load32_splat offset=8 (local.get $b)))))
      ;; the splat as the first factor: f32x4.mul_acc_local after a plain v128.load32_splat_ll
      (local.set $s (f32x4.add (local.get $s) (f32x4.mul (v128.load32_splat offset=12 (i32.add (local.get $b) (local.get $i))) (v128.load (local.get $a)))))
      ;; the local is written between its local.get and the add: must not be removed
      (local.set $o (f32x4.add (local.get $o) (f32x4.mul (local.tee $o (v128.load (local.get $a))) (local.get $acc))))
      (local.set $a (i32.add (local.get $a) (i32.const 4)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 4))) (local.get $n))))
    (v128.store (i32.const 4096) (local.get $acc))
    (v128.store (i32.const 4112) (local.get $acc2))
    (v128.store (i32.const 4128) (local.get $o))
    (v128.store (i32.const 4144) (local.get $s))))`;

/** Fused SIMD opcodes in the lowered code of every function of `bytes`. */
function fusedSimdOpcodes(bytes: Uint8Array, options: CompileOptions): Set<string> {
  const found = new Set<string>();
  for (const { code } of compileModule(decodeModule(bytes), options).functions) {
    for (let pc = 0; pc < code.length; pc += code[pc] === OP_CHARGE_SIMD ? 3 : internalInstructionLength(code, pc)) {
      if (code[pc] >= OP_SIMD_FUSED_BASE && code[pc] < OP_SIMD_FUSED_END) found.add(internalOpcodeName(code[pc]));
    }
  }
  return found;
}

test("simd-step's literal bounds of the fused SIMD range are compile/'s", () => {
  assert.equal(OP_SIMD_FUSED_BASE, 0x1200);
  assert.equal(OP_SIMD_FUSED_END, 0x120a); // simd-step.ts chains while op < 0x120a
});

test("fused SIMD loads and f32x4 multiply-accumulates give V8's results, in both NaN modes", async () => {
  const bytes = await watToBytes(DOT_WAT);
  assert.deepEqual([...fusedSimdOpcodes(bytes, { meter: "block", opcodeCosts: new Uint32Array(0x10000).fill(1) })].sort(),
    ["f32x4.mul_acc_local", "f32x4.mul_acc_local_splat_ll", "f32x4.mul_add_set", "v128.load32_splat_l", "v128.load32_splat_ll", "v128.load_l", "v128.load_ll"]);
  assert.deepEqual([...fusedSimdOpcodes(bytes, { canonicalNaN: true })].sort(),
    ["f32x4.mul_acc_local (det)", "f32x4.mul_acc_local_splat_ll (det)", "f32x4.mul_add_set (det)", "v128.load32_splat_l", "v128.load32_splat_ll", "v128.load_l", "v128.load_ll"]);
  const v8 = new WA.Instance(new WA.Module(bytes)).exports;
  const v8Memory = new Uint8Array((v8.memory as { buffer: ArrayBuffer }).buffer);
  const ours = [instantiateBytes(bytes), instantiateBytes(bytes, new Store(), [], { canonicalNaN: true })];
  const input = new DataView(new ArrayBuffer(2080));
  let seed = 0x1b873593;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
  // 1 ± 2^-12 and its square's neighbours: x·y is not an f32, and acc + round(x·y) differs from a
  // single rounding of acc + x·y (a fused multiply-add would give 2^-24 instead of 0).
  const tricky = [1 + 2 ** -12, 1 - 2 ** -12, -(1 + 2 ** -11), 1 + 2 ** -11, 3, 1 / 3];
  for (let round = 0; round < 12; round++) {
    for (let k = 0; k < 2080 / 4; k++) {
      const v = round % 3 === 0 ? tricky[(next() >>> 0) % tricky.length] : (next() % 1000 + 0.5) / ((next() & 7) + 1);
      input.setFloat32(4 * k, v, true);
    }
    const bytesIn = new Uint8Array(input.buffer);
    const [a, b, n] = [(next() >>> 0) % 512, 1024 + (next() >>> 0) % 512, 4 * (1 + (round % 5))];
    v8Memory.set(bytesIn, 0);
    (v8.dot as (a: number, b: number, n: number) => void)(a, b, n);
    const expected = new Int32Array(v8Memory.slice(4096, 4160).buffer);
    for (const [mode, instance] of ours.entries()) {
      instance.instance.memories[0].u8.set(bytesIn, 0);
      instance.call("dot", BigInt(a), BigInt(b), BigInt(n));
      const actual = new Int32Array(instance.instance.memories[0].u8.slice(4096, 4160).buffer);
      // Unaligned addresses read lanes with any exponent, so infinities and NaNs occur: a NaN lane
      // must be NaN (its bits are open, except canonical in deterministic mode); others exact.
      const isNaN32 = (bits: number): boolean => (bits & 0x7fffffff) > 0x7f800000;
      const want = [...expected].map((bits) => (isNaN32(bits) ? (mode === 1 ? 0x7fc00000 : "NaN") : bits));
      const got = [...actual].map((bits) => (isNaN32(bits) && mode === 0 ? "NaN" : bits));
      assert.deepEqual(got, want, `round ${round}${mode === 1 ? " deterministic" : ""}`);
    }
  }
});

test("deterministic mode: a NaN from the fused multiply-accumulate is the canonical NaN", async () => {
  // 0·inf = NaN in the product; a signalling-NaN accumulator with a finite product; both fused.
  const bytes = await watToBytes(`(module (memory 1)
    (func (export "f") (result i32 i32 i32 i32) (local $acc v128) (local $z v128) (local $p i32)
      (local.set $acc (v128.const i32x4 0x3f800000 0x7fa00001 0xffc00005 0x7f800000))
      (i32.store (i32.const 16) (i32.const 0x7f800000))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (local.get $p)) (v128.load32_splat offset=16 (local.get $p)))))
      (local.set $z (f32x4.add (local.get $acc) (f32x4.mul (v128.load (local.get $p)) (v128.load32_splat (local.get $p)))))
      (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc))
      (i32x4.extract_lane 2 (local.get $z)) (i32x4.extract_lane 3 (local.get $z))))`);
  assert.ok(fusedSimdOpcodes(bytes, { canonicalNaN: true }).has("f32x4.mul_acc_local (det)"));
  const results = instantiateBytes(bytes, new Store(), [], { canonicalNaN: true }).call("f");
  assert.deepEqual(results.map((r) => Number(BigInt.asUintN(32, r))), [0x7fc00000, 0x7fc00000, 0x7fc00000, 0x7fc00000]);
});

test("a fused SIMD load that traps charges exactly what the reference meter charges", async () => {
  const bytes = await watToBytes(`(module (memory 1)
    (func (export "f") (param $p i32) (param $q i32) (result i32) (local $acc v128) (local $z i32)
      (local.set $acc (v128.const f32x4 1 2 3 4))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=8 (local.get $p)) (v128.load32_splat offset=4 (i32.add (local.get $q) (local.get $z))))))
      (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $q))) (v128.load32_splat (local.get $q)))))
      ;; at a block start (a loop label), so the fused load is the first SIMD instruction of its run
      (loop $once (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load offset=4 (local.get $p)) (v128.load32_splat (i32.add (local.get $q) (local.get $z)))))))
      (i32.trunc_sat_f32_s (f32x4.extract_lane 1 (local.get $acc)))))`);
  const costs = new Uint32Array(0x10000);
  for (let op = 0; op < costs.length; op++) costs[op] = 1 + (op % 7);
  assert.deepEqual([...fusedSimdOpcodes(bytes, { meter: "block", opcodeCosts: costs })].sort(),
    ["f32x4.mul_acc_local", "f32x4.mul_acc_local_splat_ll", "v128.load32_splat_l", "v128.load_l", "v128.load_ll"]);
  const ps = [0, 65536 - 24, 65536 - 23, 65536 - 16, 65536, -1];
  const qs = [0, 65536 - 8, 65536 - 4, 65536 - 3, -4];
  const meter = (kind: "block" | "reference"): unknown[] => {
    const outcomes: unknown[] = [];
    for (const p of ps) for (const q of qs) {
      const store = new Store();
      store.metered = true;
      const instance = instantiateBytes(bytes, store, [], { meter: kind, opcodeCosts: costs });
      const before = store.gasLeft;
      let outcome: unknown;
      try {
        outcome = instance.call("f", BigInt(p), BigInt(q))[0];
      } catch (caught) {
        outcome = caught instanceof RuntimeError ? caught.message : caught;
      }
      outcomes.push([p, q, before - store.gasLeft, outcome]);
    }
    return outcomes;
  };
  const block = meter("block");
  assert.deepEqual(block, meter("reference"));
  assert.ok(block.some((o) => typeof (o as unknown[])[3] === "string") && block.some((o) => typeof (o as unknown[])[3] === "bigint"));
});

test("an i32.rem_u by zero between SIMD lane moves traps with the reference meter's gas", async () => {
  const bytes = await watToBytes(`(module
    (func (export "f") (param $d i32) (result i32) (local $v v128)
      (local.set $v (v128.const i32x4 10 20 30 40))
      (local.set $v (i32x4.replace_lane 1 (local.get $v) (i32.rem_u (i32x4.extract_lane 2 (local.get $v)) (local.get $d))))
      (f32.convert_i32_u (i32.rem_u (i32x4.extract_lane 1 (local.get $v)) (i32.const 7)))
      (i32.trunc_f32_u)))`);
  const costs = new Uint32Array(0x10000);
  for (let op = 0; op < costs.length; op++) costs[op] = 1 + (op % 5);
  const outcomes = (kind: "block" | "reference"): unknown[] => [0, 1, 4, 7].map((d) => {
    const store = new Store();
    store.metered = true;
    const instance = instantiateBytes(bytes, store, [], { meter: kind, opcodeCosts: costs });
    const before = store.gasLeft;
    try {
      return [d, instance.call("f", BigInt(d))[0], before - store.gasLeft];
    } catch (caught) {
      return [d, caught instanceof RuntimeError ? caught.message : caught, before - store.gasLeft];
    }
  });
  const block = outcomes("block");
  assert.deepEqual(block, outcomes("reference"));
  assert.deepEqual(block.map((o) => (o as unknown[])[1]), ["integer divide by zero", 0n, 2n, 2n]);
});

test("the dot-product loop (v128.load_l, f32x4.mul_acc_local_splat_ll, its back-edge) gives V8's results and the reference meter's gas", async () => {
  const bytes = await watToBytes(`(module (memory (export "memory") 1)
    (func (export "mm") (param $a i32) (param $b i32) (result i32) (local $k i32) (local $acc v128) (local $p i32)
      (local.set $p (local.get $a))
      (loop $l
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (local.get $p)) (v128.load32_splat (i32.add (local.get $b) (local.get $k))))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br_if $l (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 4))) (i32.const 64))))
      (v128.store (i32.const 8192) (local.get $acc))
      (local.get $p)))`);
  const costs = new Uint32Array(0x10000);
  for (let op = 0; op < costs.length; op++) costs[op] = 1 + (op % 7);
  const { code } = compileModule(decodeModule(bytes), { meter: "block", opcodeCosts: costs }).functions[0];
  const names: string[] = [];
  // charge.simd (the loop's block head) holds the block's first SIMD instruction: list that one too.
  for (let pc = 0; pc < code.length; pc += code[pc] === OP_CHARGE_SIMD ? 3 : internalInstructionLength(code, pc)) names.push(internalOpcodeName(code[pc]));
  const at = names.indexOf("v128.load_l");
  assert.deepEqual(names.slice(at, at + 3), ["v128.load_l", "f32x4.mul_acc_local_splat_ll", "br_if.i32.add2_lc_tee_ne"]);
  const v8 = new WA.Instance(new WA.Module(bytes)).exports;
  const v8Memory = new Uint8Array((v8.memory as { buffer: ArrayBuffer }).buffer);
  // Every byte 0x3e–0x40: any 4 bytes, aligned or not, are a finite f32 near 1 (no NaN results).
  const inputBytes = new Uint8Array(4096).map((_, k) => 0x3e + ((k * 7919) % 3));
  for (const [a, b] of [[0, 2048], [16, 3000], [3, 1025], [64, 4000]]) {
    v8Memory.set(inputBytes, 0);
    const v8Result = (v8.mm as (a: number, b: number) => number)(a, b);
    for (const canonicalNaN of [false, true]) {
      const ours = instantiateBytes(bytes, new Store(), [], { canonicalNaN });
      ours.instance.memories[0].u8.set(inputBytes, 0);
      assert.equal(Number(ours.call("mm", BigInt(a), BigInt(b))[0]), v8Result);
      assert.deepEqual([...ours.instance.memories[0].u8.subarray(8192, 8208)], [...v8Memory.subarray(8192, 8208)], `mm(${a}, ${b})`);
    }
  }
  // Traps in either load partway through the loop: the same gas as one charge per instruction.
  const outcomes = (kind: "block" | "reference"): unknown[] => [[65536 - 240, 0], [0, 65536 - 40], [65536 - 250, 0], [0, 0]].map(([a, b]) => {
    const store = new Store();
    store.metered = true;
    const instance = instantiateBytes(bytes, store, [], { meter: kind, opcodeCosts: costs });
    const before = store.gasLeft;
    try {
      return [a, b, instance.call("mm", BigInt(a), BigInt(b))[0], before - store.gasLeft];
    } catch (caught) {
      return [a, b, caught instanceof RuntimeError ? caught.message : caught, before - store.gasLeft];
    }
  });
  const block = outcomes("block");
  assert.deepEqual(block, outcomes("reference"));
  assert.equal(block.filter((o) => (o as unknown[])[2] === "out of bounds memory access").length, 3);
});
