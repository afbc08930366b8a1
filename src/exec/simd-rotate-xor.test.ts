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

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const WAT = `(module
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

test("shuffle + i32.const + i32x4.shr_u and v128.xor + local.set give V8's results (plain, deterministic, metered)", async () => {
  const bytes = await watToBytes(WAT);
  const v8 = new WA.Instance(new WA.Module(bytes)).exports;
  const v8Memory = new Uint8Array((v8.memory as { buffer: ArrayBuffer }).buffer);
  const ours = [
    instantiateBytes(bytes),
    instantiateBytes(bytes, new Store(), [], { canonicalNaN: true }),
    instantiateBytes(bytes, new Store(), [], { meter: "block", opcodeCosts: new Uint32Array(0x10000).fill(1) }),
    instantiateBytes(bytes, new Store(), [], { meter: "reference", opcodeCosts: new Uint32Array(0x10000).fill(1) }),
  ];
  let seed = 0x1b873593;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
  for (let round = 0; round < 20; round++) {
    const input = new Int32Array(12);
    for (let k = 0; k < 12; k++) input[k] = round % 4 === 0 ? [0x7fff8000, -1, 0x80000000 | 0, 0x7fffffff][(next() >>> 0) % 4] : next();
    const bytesIn = new Uint8Array(input.buffer);
    const a = 16 * (round % 8) + (round % 3); // aligned and unaligned
    const n = round * 7;
    v8Memory.set(bytesIn, a);
    (v8.f as (a: number, n: number) => void)(a, n);
    const expected = [...new Int32Array(v8Memory.slice(1024, 1184).buffer)];
    for (const [mode, instance] of ours.entries()) {
      const memory = instance.instance.memories[0].u8;
      memory.set(bytesIn, a);
      instance.call("f", BigInt(a), BigInt(n));
      assert.deepEqual([...new Int32Array(memory.slice(1024, 1184).buffer)], expected, `round ${round} mode ${mode}`);
    }
  }
});
