// The i64 helpers under the operand layouts the V8 differential test does not exercise: the result
// written over either operand or a third slot, and Int32Array views whose offset or word indices
// rule out the BigInt64Array fast path. Oracle: BigInt arithmetic modulo 2^64 (hand-checkable).

import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeError, Trap } from "../core/index.ts";
import { BOUNDARY_VALUES, makeRng, randomValue } from "./numeric-cases.ts";
import * as I64 from "./numeric-i64.ts";

type Binary = (w: Int32Array, dst: number, a: number, b: number) => void;

const MOD = 1n << 64n;
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

/** Reference results by BigInt (undefined = trap). */
const REFERENCE: Record<string, [Binary, (x: bigint, y: bigint) => bigint | string]> = {
  add: [I64.i64Add, (x, y) => u64(x + y)],
  sub: [I64.i64Sub, (x, y) => u64(x - y + MOD)],
  mul: [I64.i64Mul, (x, y) => u64(x * y)],
  div_s: [I64.i64DivS, (x, y) => (y === 0n ? Trap.IntegerDivideByZero : s64(x) === -(1n << 63n) && s64(y) === -1n ? Trap.IntegerOverflow : u64(s64(x) / s64(y)))],
  div_u: [I64.i64DivU, (x, y) => (y === 0n ? Trap.IntegerDivideByZero : x / y)],
  rem_s: [I64.i64RemS, (x, y) => (y === 0n ? Trap.IntegerDivideByZero : u64(s64(x) % s64(y)))],
  rem_u: [I64.i64RemU, (x, y) => (y === 0n ? Trap.IntegerDivideByZero : x % y)],
  shl: [I64.i64Shl, (x, y) => u64(x << (y & 63n))],
  shr_s: [I64.i64ShrS, (x, y) => u64(s64(x) >> (y & 63n))],
  shr_u: [I64.i64ShrU, (x, y) => x >> (y & 63n)],
  rotl: [I64.i64Rotl, (x, y) => { const k = y & 63n; return u64((x << k) | (x >> ((64n - k) & 63n))); }],
  rotr: [I64.i64Rotr, (x, y) => { const k = y & 63n; return u64((x >> k) | (x << ((64n - k) & 63n))); }],
};

function put(w: Int32Array, i: number, v: bigint): void {
  w[i] = Number(BigInt.asIntN(32, v));
  w[i + 1] = Number(BigInt.asIntN(32, v >> 32n));
}
function get(w: Int32Array, i: number): bigint {
  return (BigInt(w[i + 1] >>> 0) << 32n) | BigInt(w[i] >>> 0);
}

function run(fn: Binary, w: Int32Array, dst: number, a: number, b: number): bigint | string {
  try {
    fn(w, dst, a, b);
  } catch (error) {
    if (error instanceof RuntimeError) return error.trap;
    throw error;
  }
  return get(w, dst);
}

// Layouts: [label, make view, a, b, dst]
const LAYOUTS: [string, () => Int32Array, number, number, number][] = [
  ["dst = a", () => new Int32Array(8), 0, 2, 0],
  ["dst = b", () => new Int32Array(8), 0, 2, 2],
  ["dst separate", () => new Int32Array(8), 2, 4, 0],
  ["odd word indices", () => new Int32Array(8), 1, 3, 5],
  ["view at byte offset 4", () => new Int32Array(new ArrayBuffer(40), 4, 8), 0, 2, 4],
];

test("i64 binary helpers agree with BigInt arithmetic in every operand layout", () => {
  const rng = makeRng(64);
  const pairs: [bigint, bigint][] = [];
  for (const x of BOUNDARY_VALUES.i64) for (const y of BOUNDARY_VALUES.i64) if (rng() % 4 === 0) pairs.push([x, y]);
  for (let i = 0; i < 2000; i++) pairs.push([randomValue("i64", rng), randomValue("i64", rng)]);
  const failures: string[] = [];
  for (const [name, [fn, reference]] of Object.entries(REFERENCE)) {
    for (const [label, make, a, b, dst] of LAYOUTS) {
      const w = make();
      for (const [x, y] of pairs) {
        put(w, a, x);
        put(w, b, y);
        const got = run(fn, w, dst, a, b);
        const want = reference(x, y);
        if (got !== want && failures.length < 10) failures.push(`${name} [${label}] (0x${x.toString(16)}, 0x${y.toString(16)}): got ${String(got)}, want ${String(want)}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test("i64 comparisons and bigint bridges", () => {
  const w = new Int32Array(4);
  const values = BOUNDARY_VALUES.i64;
  for (const x of values) {
    for (const y of values) {
      put(w, 0, x);
      put(w, 2, y);
      assert.equal(I64.i64LtS(w, 0, 2), s64(x) < s64(y));
      assert.equal(I64.i64LtU(w, 0, 2), x < y);
      assert.equal(I64.i64GeU(w, 0, 2), x >= y);
      assert.equal(I64.i64LeS(w, 0, 2), s64(x) <= s64(y));
    }
    I64.i64FromBigInt(w, 0, x);
    assert.equal(I64.u64ToBigInt(w, 0), x);
    assert.equal(I64.i64ToBigInt(w, 0), s64(x));
  }
});

test("division through a length-tracking view keeps working after the buffer grows", (t) => {
  type Resizable = ArrayBuffer & { resize(byteLength: number): void };
  const Ctor = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => Resizable;
  let buffer: Resizable;
  try {
    buffer = new Ctor(32, { maxByteLength: 256 });
    if (typeof buffer.resize !== "function") throw new Error("no resize");
  } catch {
    t.skip("resizable ArrayBuffer not available");
    return;
  }
  const w = new Int32Array(buffer); // length-tracking
  put(w, 0, 100n); put(w, 2, 7n);
  I64.i64DivS(w, 4, 0, 2);
  assert.equal(get(w, 4), 14n);
  buffer.resize(256);
  put(w, 40, 1000n); put(w, 42, 9n);
  I64.i64DivS(w, 44, 40, 42);
  I64.i64RemU(w, 46, 40, 42);
  assert.equal(get(w, 44), 111n);
  assert.equal(get(w, 46), 1n);
});

// The paths the random pairs above reach only by chance: the double-based high word of i64Mul near
// its rounding edges (products just below/above multiples of 2^32, operands near 2^32), and every
// branch of unsigned division with a dividend ≥ 2^63 (divisor < 2^42 in doubles, 2^42 ≤ divisor
// < 2^63 through the halved machine divide and its correction, divisor ≥ 2^63). Oracle: BigInt,
// and V8's own WebAssembly on the same operands.
const U32_EDGES = [0n, 1n, 2n, 3n, 0xffffn, 0x10000n, 0x10001n, 0x7fffffffn, 0x80000000n, 0x80000001n, 0xfffffffen, 0xffffffffn];
function edgeOperands(rng: () => number): bigint[] {
  const values = new Set<bigint>();
  for (const hi of U32_EDGES) for (const lo of U32_EDGES) values.add((hi << 32n) | lo);
  for (const k of [21, 31, 32, 41, 42, 43, 52, 53, 62, 63]) for (const d of [-1n, 0n, 1n]) values.add(u64((1n << BigInt(k)) + d));
  for (let i = 0; i < 300; i++) {
    const bits = BigInt(1 + (rng() % 64));
    values.add(u64(((BigInt(rng() >>> 0) << 32n) | BigInt(rng() >>> 0)) & ((1n << bits) - 1n)));
    values.add(u64((1n << 63n) | (BigInt(rng() >>> 0) << 31n) | BigInt(rng() >>> 0))); // ≥ 2^63
  }
  return [...values];
}

function checkPairs(pairs: [bigint, bigint][], names: string[], v8?: Record<string, (x: bigint, y: bigint) => bigint>): string[] {
  const failures: string[] = [];
  const w = new Int32Array(8); // dst = a at even indices: the BigInt64Array fast paths once bound
  for (const name of names) {
    const [fn, reference] = REFERENCE[name];
    for (const [x, y] of pairs) {
      put(w, 0, x);
      put(w, 2, y);
      const got = run(fn, w, 0, 0, 2);
      const want = reference(x, y);
      if (got !== want && failures.length < 10) failures.push(`${name} (0x${x.toString(16)}, 0x${y.toString(16)}): got ${String(got)}, want ${String(want)}`);
      if (v8 !== undefined && typeof want === "bigint") {
        const fromV8 = u64(v8[name](s64(x), s64(y)));
        if (fromV8 !== got && failures.length < 10) failures.push(`${name} (0x${x.toString(16)}, 0x${y.toString(16)}): got ${String(got)}, V8 ${fromV8}`);
      }
    }
  }
  return failures;
}

test("i64 mul and unsigned div/rem at their rounding and range edges agree with BigInt and V8", async () => {
  const rng = makeRng(1964);
  const values = edgeOperands(rng);
  const pairs: [bigint, bigint][] = [];
  for (const x of values) for (let i = 0; i < 24; i++) pairs.push([x, values[rng() % values.length]]);
  // Divisors in each range of divRemULarge with dividends ≥ 2^63.
  for (let i = 0; i < 3000; i++) {
    const x = u64((1n << 63n) | (BigInt(rng() >>> 0) << 32n) | BigInt(rng() >>> 0));
    const bits = BigInt(1 + (rng() % 64));
    pairs.push([x, u64(((BigInt(rng() >>> 0) << 32n) | BigInt(rng() >>> 0)) >> (64n - bits)) | 1n]);
  }
  const wabt = await (await import("wabt")).default();
  const ops = ["mul", "div_u", "rem_u", "div_s", "rem_s"];
  const text = `(module ${ops.map((op) => `(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`).join(" ")})`;
  const bytes = wabt.parseWat("edges.wat", text).toBinary({}).buffer;
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).exports as Record<string, (x: bigint, y: bigint) => bigint>;
  const nonTrapping = pairs.filter(([x, y]) => y !== 0n && !(x === 1n << 63n && y === u64(-1n)));
  assert.deepEqual(checkPairs(nonTrapping, ops, exports), []);
  assert.deepEqual(checkPairs(pairs, ops), []);
});
