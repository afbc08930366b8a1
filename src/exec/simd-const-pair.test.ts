// v128.const followed by i32x4.mul or i32x4.dot_i16x8_s runs as one step in simd-step.ts (the
// constant read from the code, never pushed), and so does i32x4.add followed by local.set (v128)
// (the sum written straight to the local, also when the local is an operand). Oracle: V8's own WebAssembly on the same bytes, with
// the pair at the start of a chain, inside one, in deterministic mode and under block metering.

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

test("v128.const + i32x4.mul / i32x4.dot_i16x8_s give V8's results (plain, deterministic, metered)", async () => {
  const bytes = await watToBytes(WAT);
  const v8 = new WA.Instance(new WA.Module(bytes)).exports;
  const v8Memory = new Uint8Array((v8.memory as { buffer: ArrayBuffer }).buffer);
  const ours = [
    instantiateBytes(bytes),
    instantiateBytes(bytes, new Store(), [], { canonicalNaN: true }),
    instantiateBytes(bytes, new Store(), [], { meter: "block", opcodeCosts: new Uint32Array(0x10000).fill(1) }),
  ];
  let seed = 0x2545f491;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) | 0);
  for (let round = 0; round < 20; round++) {
    const input = new Int32Array(8);
    for (let k = 0; k < 8; k++) input[k] = round % 4 === 0 ? [0x7fff8000, -1, 0x80000000 | 0, 0x7fffffff][(next() >>> 0) % 4] : next();
    const bytesIn = new Uint8Array(input.buffer);
    const a = 16 * (round % 8) + (round % 3); // aligned and unaligned
    v8Memory.set(bytesIn, a);
    (v8.f as (a: number) => void)(a);
    const expected = [...new Int32Array(v8Memory.slice(1024, 1088).buffer)];
    for (const [mode, instance] of ours.entries()) {
      const memory = instance.instance.memories[0].u8;
      memory.set(bytesIn, a);
      instance.call("f", BigInt(a));
      assert.deepEqual([...new Int32Array(memory.slice(1024, 1088).buffer)], expected, `round ${round} mode ${mode}`);
    }
  }
});
