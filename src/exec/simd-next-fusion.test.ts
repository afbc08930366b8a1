// Fusions that simd-step.ts performs inside its cases by looking at the next instruction of the
// same block, each checked against V8's own WebAssembly on the same bytes.
//
// v128.const followed by i32x4.mul or i32x4.dot_i16x8_s runs as one step in simd-step.ts (the
// constant read from the code, never pushed), and so does i32x4.add followed by local.set (v128)
// (the sum written straight to the local, also when the local is an operand). Oracle: V8's own WebAssembly on the same bytes, with
// the pair at the start of a chain, inside one, in deterministic mode and under block metering.

//
// i8x16.shuffle (a rotation or a slide) followed by `i32.const n; i32x4.shr_u` runs as one step in
// simd-step.ts (the shift count read from the code, never pushed), and v128.xor followed by
// local.set (v128) writes straight to the local (also when the local is an operand). Oracle: V8's
// own WebAssembly on the same bytes, in plain and deterministic mode and under block and
// per-instruction metering (where a CHARGE sits between and nothing fuses); i8x16.shuffle also reads
// its b operand from a v128 local in place.


import { test } from "node:test";
import assert from "node:assert/strict";
import { instantiateBytes, watToBytes } from "./minimal-instance.test-helper.ts";
import { Store } from "./store.ts";
import type { CompileOptions } from "../compile/index.ts";

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const UNIT_COSTS = new Uint32Array(0x10000).fill(1);
const PLAIN: CompileOptions = {};
const DETERMINISTIC: CompileOptions = { canonicalNaN: true };
const BLOCK: CompileOptions = { meter: "block", opcodeCosts: UNIT_COSTS };
const REFERENCE: CompileOptions = { meter: "reference", opcodeCosts: UNIT_COSTS };

/** Runs export f(a, …extra(round)) over 20 rounds of pseudo-random and edge-value input words at
 *  aligned and unaligned addresses a, and requires memory [1024, outEnd) to equal V8's in every mode. */
async function compareWithV8(
  wat: string, seed: number, inputWords: number, outEnd: number, modes: readonly CompileOptions[], extra: (round: number) => number[],
): Promise<void> {
  const bytes = await watToBytes(wat);
  const v8 = new WA.Instance(new WA.Module(bytes)).exports;
  const v8Memory = new Uint8Array((v8.memory as { buffer: ArrayBuffer }).buffer);
  const ours = modes.map((options) => (options === PLAIN ? instantiateBytes(bytes) : instantiateBytes(bytes, new Store(), [], options)));
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
  for (let round = 0; round < 20; round++) {
    const input = new Int32Array(inputWords);
    for (let k = 0; k < inputWords; k++) input[k] = round % 4 === 0 ? [0x7fff8000, -1, 0x80000000 | 0, 0x7fffffff][(next() >>> 0) % 4] : next();
    const bytesIn = new Uint8Array(input.buffer);
    const a = 16 * (round % 8) + (round % 3); // aligned and unaligned
    const args = [a, ...extra(round)];
    v8Memory.set(bytesIn, a);
    (v8.f as (...args: number[]) => void)(...args);
    const expected = [...new Int32Array(v8Memory.slice(1024, outEnd).buffer)];
    for (const [mode, instance] of ours.entries()) {
      const memory = instance.instance.memories[0].u8;
      memory.set(bytesIn, a);
      instance.call("f", ...args.map(BigInt));
      assert.deepEqual([...new Int32Array(memory.slice(1024, outEnd).buffer)], expected, `round ${round} mode ${mode}`);
    }
  }
}

const CONST_PAIR_WAT = `(module
  (memory (export "memory") 1)
  (func (export "f") (param $a i32)
    (local $v v128)
    (local.set $v (v128.load (local.get $a)))
    ;; the const starts a chain (after local.get, handled by run's dispatch or the chain loop)
    (v128.store (i32.const 1024)
      (i32x4.mul (local.get $v) (v128.const i32x4 0x01000193 0x2545f491 -1 0x80000000)))
    (v128.store (i32.const 1040)
      (i32x4.dot_i16x8_s (local.get $v) (v128.const i16x8 1 -2 3 -32768 32767 6 -7 8)))
    ;; inside a chain, after other SIMD instructions; a const not followed by mul/dot stays a push
    (v128.store (i32.const 1056)
      (i32x4.add
        (i32x4.dot_i16x8_s (v128.xor (v128.load offset=16 (local.get $a)) (local.get $v)) (v128.const i16x8 -1 -1 2 2 -32768 -32768 9 10))
        (i32x4.mul (i32x4.add (local.get $v) (v128.const i32x4 1 2 3 4)) (v128.const i32x4 7 -9 0x7fffffff 3))))
    ;; i32x4.add → local.set: an accumulator (the local is the add's own operand) and a fresh local
    (local.set $v (i32x4.add (local.get $v) (v128.load offset=16 (local.get $a))))
    (local.set $v (i32x4.add (local.get $v) (local.get $v)))
    (v128.store (i32.const 1072) (local.get $v)))
)`;


const ROTATE_XOR_WAT = `(module
  (memory (export "memory") 1)
  (func (export "f") (param $a i32) (param $n i32)
    (local $h v128) (local $v v128)
    (local.set $h (v128.load (local.get $a)))
    (local.set $v (v128.load offset=16 (local.get $a)))
    ;; the checksum's step: rotate h by 5 bytes, shift right by 3, xor, set h (the local is an operand)
    (local.set $h (v128.xor (local.get $h)
      (i32x4.shr_u (i8x16.shuffle 5 6 7 8 9 10 11 12 13 14 15 0 1 2 3 4 (local.get $h) (local.get $h)) (i32.const 3))))
    (v128.store (i32.const 1024) (local.get $h))
    ;; a rotation of b by whole words, counts 0 and 31 and 35 (mod 32)
    (v128.store (i32.const 1040)
      (i32x4.shr_u (i8x16.shuffle 24 25 26 27 28 29 30 31 16 17 18 19 20 21 22 23 (local.get $h) (local.get $v)) (i32.const 0)))
    (v128.store (i32.const 1056)
      (i32x4.shr_u (i8x16.shuffle 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 16 (local.get $h) (local.get $v)) (i32.const 31)))
    ;; a slide across a ‖ b with a count of 35 (= 3), then xor into a fresh local
    (local.set $v (v128.xor (local.get $v)
      (i32x4.shr_u (i8x16.shuffle 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 (local.get $h) (local.get $v)) (i32.const 35))))
    (v128.store (i32.const 1072) (local.get $v))
    ;; a shuffle followed by a const and a shift with a count from a local (no fusion), and i32x4.shr_s (no fusion)
    (v128.store (i32.const 1088)
      (i32x4.shr_u (i8x16.shuffle 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 (local.get $v) (local.get $h)) (local.get $n)))
    (v128.store (i32.const 1104)
      (i32x4.shr_s (i8x16.shuffle 2 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1 (local.get $v) (local.get $h)) (i32.const 4)))
    ;; shuffles of a local with itself (b read in place): a rotation with no shift after, and an irregular pattern
    (v128.store (i32.const 1136) (i8x16.shuffle 3 4 5 6 7 8 9 10 11 12 13 14 15 0 1 2 (local.get $h) (local.get $h)))
    (v128.store (i32.const 1152) (i8x16.shuffle 0 17 2 19 31 5 16 7 8 9 26 11 3 13 30 15 (local.get $v) (local.get $v)))
    (v128.store (i32.const 1168) (i8x16.shuffle 20 21 22 23 24 25 26 27 28 29 30 31 0 1 2 3 (local.get $v) (local.get $h)))
    ;; xor then local.set in the middle of a chain, the result used afterwards
    (local.set $h (v128.xor (i32x4.add (local.get $h) (local.get $v)) (v128.load offset=32 (local.get $a))))
    (v128.store (i32.const 1120) (v128.xor (local.get $h) (local.get $v))))
)`;


test("v128.const + i32x4.mul / i32x4.dot_i16x8_s give V8's results (plain, deterministic, metered)", async () => {
  await compareWithV8(CONST_PAIR_WAT, 0x2545f491, 8, 1088, [PLAIN, DETERMINISTIC, BLOCK], () => []);
});

test("shuffle + i32.const + i32x4.shr_u and v128.xor + local.set give V8's results (plain, deterministic, metered)", async () => {
  await compareWithV8(ROTATE_XOR_WAT, 0x1b873593, 12, 1184, [PLAIN, DETERMINISTIC, BLOCK, REFERENCE], (round) => [round * 7]);
});

// i8x16.shr_s followed by i8x16.bitmask runs as one step (an arithmetic shift keeps each byte's sign
// bit, so the mask is the operand's), and i16x8.extadd_pairwise_i8x16_u followed by
// i32x4.extadd_pairwise_i16x8_u too (each i32 lane's 4 bytes summed). Oracles: V8 on the same bytes
// in every mode, and the reference meter for gas at every gas limit (a CHARGE sits between the two
// under it, so nothing fuses there).
const SIGN_BYTE_SUM_WAT = `(module
  (memory (export "memory") 1)
  (func (export "f") (param $a i32) (param $n i32) (param $r i32) (result i32)
    (local $v v128) (local $w v128) (local $count i32)
    (local.set $v (v128.load (local.get $a)))
    (local.set $w (v128.load offset=16 (local.get $a)))
    ;; at the start of a chain (after a scalar instruction), the operand read from a local in place
    (i32.store (i32.const 1024) (i8x16.bitmask (i8x16.shr_s (local.get $v) (i32.const 7))))
    (v128.store (i32.const 1040) (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $w))))
    ;; inside a chain, on computed vectors; shift counts 0, 9 (mod 8) and from a parameter
    (v128.store (i32.const 1056)
      (i32x4.add
        (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (v128.xor (local.get $v) (local.get $w))))
        (i32x4.splat (i8x16.bitmask (i8x16.shr_s (i8x16.add (local.get $v) (local.get $w)) (i32.const 0))))))
    (local.set $count (i32.popcnt (i8x16.bitmask (i8x16.shr_s (v128.and (local.get $v) (local.get $w)) (i32.const 9)))))
    (i32.store (i32.const 1072) (i8x16.bitmask (i8x16.shr_s (local.get $w) (local.get $n))))
    ;; no fusion: shr_s then another op, shr_u then bitmask, extadd_u8 then the signed i32 extadd, extadd_u8 alone
    (v128.store (i32.const 1088) (i8x16.abs (i8x16.shr_s (local.get $v) (local.get $n))))
    (i32.store (i32.const 1104) (i8x16.bitmask (i8x16.shr_u (local.get $w) (i32.const 1))))
    (v128.store (i32.const 1120) (i32x4.extadd_pairwise_i16x8_s (i16x8.extadd_pairwise_i8x16_u (local.get $v))))
    (v128.store (i32.const 1136) (i16x8.extadd_pairwise_i8x16_u (local.get $v)))
    ;; a loop whose block starts with the fused pairs
    (loop $l
      (local.set $v (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $v))))
      (local.set $count (i32.add (local.get $count) (i8x16.bitmask (i8x16.shr_s (local.get $w) (i32.const 7)))))
      (local.set $w (i8x16.add (local.get $w) (local.get $v)))
      (br_if $l (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
    (v128.store (i32.const 1152) (local.get $v))
    (v128.store (i32.const 1168) (local.get $w))
    (i32.store (i32.const 1184) (local.get $count))
    (local.get $count)))`;

test("i8x16.shr_s + i8x16.bitmask and the two unsigned extadd_pairwise give V8's results (plain, deterministic, metered)", async () => {
  await compareWithV8(SIGN_BYTE_SUM_WAT, 0x27d4eb2f, 8, 1188, [PLAIN, DETERMINISTIC, BLOCK, REFERENCE], (round) => [round * 5 - 3, 1 + (round % 4)]);
});

/** Runs export f(32, …args) at every gas limit up to what it needs, under block and reference
 *  metering: the outcome, the gas used and memory [1024, outEnd) must be the same at each limit. */
async function sameGasAtEveryLimit(wat: string, args: readonly bigint[], outEnd: number): Promise<void> {
  const bytes = await watToBytes(wat);
  const costs = new Uint32Array(0x10000);
  for (let op = 0; op < costs.length; op++) costs[op] = 1 + (op % 7);
  const run = (kind: "block" | "reference", gasLimit: number): unknown[] => {
    const store = new Store();
    store.metered = true;
    store.gasLeft = store.gasLimit = gasLimit;
    const instance = instantiateBytes(bytes, store, [], { meter: kind, opcodeCosts: costs });
    instance.instance.memories[0].u8.set([0x80, 0x7f, 1, 0xff, 0x40, 0xc0, 3, 0x81, 9, 0x90, 0x11, 0xee, 0, 0x7e, 0x85, 0x22], 32);
    const before = store.gasLeft;
    let outcome: unknown;
    try {
      outcome = instance.call("f", 32n, ...args)[0];
    } catch (caught) {
      outcome = caught instanceof Error ? caught.name : caught;
    }
    return [outcome, before - store.gasLeft, [...instance.instance.memories[0].u8.subarray(1024, outEnd)]];
  };
  const full = run("reference", Number.MAX_SAFE_INTEGER);
  const total = full[1] as number;
  assert.ok(total > 50);
  for (let limit = 0; limit <= total; limit++) {
    assert.deepEqual(run("block", limit), run("reference", limit), `gas limit ${limit}`);
  }
  assert.deepEqual(run("block", Number.MAX_SAFE_INTEGER), full);
}

test("i8x16.shr_s + i8x16.bitmask and the two unsigned extadd_pairwise charge the reference meter's gas at every gas limit", async () => {
  await sameGasAtEveryLimit(SIGN_BYTE_SUM_WAT, [7n, 3n], 1188);
});

// i16x8.extend_{low,high}_i8x16_u followed by `v128.const c; i32x4.dot_i16x8_s` runs as one step
// (each i32 lane a weighted sum of two unsigned bytes, the weights read from the code).
const BYTE_DOT_WAT = `(module
  (memory (export "memory") 1)
  (func (export "f") (param $a i32) (param $r i32) (result i32)
    (local $v v128) (local $acc v128)
    (local.set $v (v128.load (local.get $a)))
    ;; at the start of a chain, the operand read from a local in place; extreme weights
    (v128.store (i32.const 1024) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $v)) (v128.const i16x8 -32768 32767 -1 1 0 -32768 32767 32767)))
    (v128.store (i32.const 1040) (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $v)) (v128.const i16x8 1 2 3 4 5 6 7 8)))
    ;; inside a chain, on a computed vector, into an accumulator
    (local.set $acc (i32x4.add (local.get $acc)
      (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (v128.xor (local.get $v) (v128.load offset=16 (local.get $a)))) (v128.const i16x8 -7 9 -11 13 -32768 -32768 255 -256))))
    (local.set $acc (i32x4.add (local.get $acc)
      (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (i8x16.add (local.get $v) (local.get $acc))) (v128.const i16x8 9 10 11 12 13 14 15 16))))
    (v128.store (i32.const 1056) (local.get $acc))
    ;; no fusion: the signed extend, a const then another op, a dot with a non-constant operand
    (v128.store (i32.const 1072) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $v)) (v128.const i16x8 -32768 32767 -1 1 0 -32768 32767 3)))
    (v128.store (i32.const 1088) (i16x8.add (i16x8.extend_high_i8x16_u (local.get $v)) (v128.const i16x8 1 -2 3 -4 5 -6 7 -8)))
    (v128.store (i32.const 1104) (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_u (local.get $v)) (local.get $acc)))
    ;; a loop whose block starts with the fused triple
    (loop $l
      (local.set $acc (i32x4.add (local.get $acc)
        (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_u (local.get $v)) (v128.const i16x8 -1 -2 -3 -4 32767 32767 -32768 -32768))))
      (local.set $v (i8x16.add (local.get $v) (local.get $acc)))
      (br_if $l (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
    (v128.store (i32.const 1120) (local.get $acc))
    (i32x4.extract_lane 1 (local.get $acc))))`;

test("i16x8.extend_{low,high}_i8x16_u + v128.const + i32x4.dot_i16x8_s give V8's results (plain, deterministic, metered)", async () => {
  await compareWithV8(BYTE_DOT_WAT, 0x165667b1, 8, 1136, [PLAIN, DETERMINISTIC, BLOCK, REFERENCE], (round) => [1 + (round % 5)]);
});

test("i16x8.extend_{low,high}_i8x16_u + v128.const + i32x4.dot_i16x8_s charge the reference meter's gas at every gas limit", async () => {
  await sameGasAtEveryLimit(BYTE_DOT_WAT, [3n], 1136);
});

// v128.xor followed by `v128.const c; i32x4.mul` runs as one step (a hash's xor-then-multiply).
const XOR_MUL_WAT = `(module
  (memory (export "memory") 1)
  (func (export "f") (param $a i32) (param $r i32) (result i32)
    (local $v v128) (local $h v128)
    (local.set $v (v128.load (local.get $a)))
    (local.set $h (v128.load offset=16 (local.get $a)))
    ;; at the start of a chain (b read from a local in place), multipliers 0, -1, 0x80000000 and FNV's prime
    (v128.store (i32.const 1024) (i32x4.mul (v128.xor (local.get $v) (local.get $h)) (v128.const i32x4 0 -1 0x80000000 0x01000193)))
    ;; inside a chain, on computed vectors, into the hash (the local is an operand)
    (local.set $h (i32x4.mul (v128.xor (local.get $h) (i32x4.add (local.get $v) (local.get $v))) (v128.const i32x4 0x2545f491 0x27d4eb2f 0x165667b1 7)))
    (v128.store (i32.const 1040) (local.get $h))
    ;; no fusion: a const then another op, a non-constant multiplier, the const first
    (v128.store (i32.const 1056) (i32x4.add (v128.xor (local.get $v) (local.get $h)) (v128.const i32x4 1 2 3 4)))
    (v128.store (i32.const 1072) (i32x4.mul (v128.xor (local.get $v) (local.get $h)) (local.get $v)))
    (v128.store (i32.const 1088) (i32x4.mul (v128.const i32x4 3 5 7 9) (v128.xor (local.get $v) (local.get $h))))
    ;; a loop whose block starts with the fused triple
    (loop $l
      (local.set $h (i32x4.mul (v128.xor (local.get $h) (local.get $v)) (v128.const i32x4 0x01000193 0x01000193 -7 0x7fffffff)))
      (local.set $v (i8x16.add (local.get $v) (local.get $h)))
      (br_if $l (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
    (v128.store (i32.const 1104) (local.get $h))
    (i32x4.extract_lane 2 (local.get $h))))`;

test("v128.xor + v128.const + i32x4.mul give V8's results (plain, deterministic, metered)", async () => {
  await compareWithV8(XOR_MUL_WAT, 0x01000193, 8, 1120, [PLAIN, DETERMINISTIC, BLOCK, REFERENCE], (round) => [1 + (round % 5)]);
});

test("v128.xor + v128.const + i32x4.mul charge the reference meter's gas at every gas limit", async () => {
  await sameGasAtEveryLimit(XOR_MUL_WAT, [3n], 1120);
});
