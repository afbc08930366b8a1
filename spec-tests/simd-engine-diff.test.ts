// Engine-level differential test of SIMD against V8's own WebAssembly: every one of the 236 opcodes
// of the fixed-width SIMD set is compiled (with wabt) into a module whose functions read operands
// from linear memory and store results to linear memory; the same bytes run on V8 and on xwasm
// through the public API (`new Module(bytes)`, `new Instance(module, {})`, exported functions and
// memory), and the result bytes are compared exactly. Going through memory rather than JS values
// keeps NaN payloads intact, and it drives the whole engine path (decoder, validator, lowering,
// interpreter, runtime) instead of the helper functions that src/exec/simd-ops.test.ts checks.
//
// The opcode list is a table here (spec-tests may import only the public API, not src/core); wabt
// rejects any misspelt name and the test checks the count against the spec's 236.
//
// Non-memory ops run in batches: one exported function loops over N operand records, so each op
// runs inside an interpreted loop and the JS↔Wasm crossings stay few (the test takes ~2 s). Float lanes that come out NaN from float arithmetic are judged by the spec's rule
// (canonical NaN if every NaN input lane is canonical, else any arithmetic NaN); every other
// lane and every other op must match V8 bit for bit. Memory ops run one call per case at several
// addresses, offsets and lanes, including the last in-bounds address and the first trapping one.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Module, Instance } from "../src/index.ts";

// The project's lib setting has no WebAssembly typings; describe the little the test uses.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

// ---------------------------------------------------------------------------------------------
// the opcode table (Wasm 2.0 fixed-width SIMD, in opcode order)

const SIMD_NAMES = `
v128.load v128.load8x8_s v128.load8x8_u v128.load16x4_s v128.load16x4_u v128.load32x2_s v128.load32x2_u
v128.load8_splat v128.load16_splat v128.load32_splat v128.load64_splat v128.store v128.const i8x16.shuffle
i8x16.swizzle i8x16.splat i16x8.splat i32x4.splat i64x2.splat f32x4.splat f64x2.splat
i8x16.extract_lane_s i8x16.extract_lane_u i8x16.replace_lane i16x8.extract_lane_s i16x8.extract_lane_u
i16x8.replace_lane i32x4.extract_lane i32x4.replace_lane i64x2.extract_lane i64x2.replace_lane
f32x4.extract_lane f32x4.replace_lane f64x2.extract_lane f64x2.replace_lane
i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s i8x16.le_u i8x16.ge_s i8x16.ge_u
i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s i16x8.gt_u i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u
i32x4.eq i32x4.ne i32x4.lt_s i32x4.lt_u i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u
f32x4.eq f32x4.ne f32x4.lt f32x4.gt f32x4.le f32x4.ge f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge
v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true
v128.load8_lane v128.load16_lane v128.load32_lane v128.load64_lane
v128.store8_lane v128.store16_lane v128.store32_lane v128.store64_lane v128.load32_zero v128.load64_zero
f32x4.demote_f64x2_zero f64x2.promote_low_f32x4
i8x16.abs i8x16.neg i8x16.popcnt i8x16.all_true i8x16.bitmask i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u
f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest i8x16.shl i8x16.shr_s i8x16.shr_u
i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s i8x16.sub_sat_u f64x2.ceil f64x2.floor
i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u f64x2.trunc i8x16.avgr_u
i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u
i16x8.abs i16x8.neg i16x8.q15mulr_sat_s i16x8.all_true i16x8.bitmask i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u
i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u
i16x8.shl i16x8.shr_s i16x8.shr_u i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s
i16x8.sub_sat_u f64x2.nearest i16x8.mul i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u i16x8.avgr_u
i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u
i32x4.abs i32x4.neg i32x4.all_true i32x4.bitmask
i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u
i32x4.shl i32x4.shr_s i32x4.shr_u i32x4.add i32x4.sub i32x4.mul i32x4.min_s i32x4.min_u i32x4.max_s
i32x4.max_u i32x4.dot_i16x8_s
i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u
i64x2.abs i64x2.neg i64x2.all_true i64x2.bitmask
i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u
i64x2.shl i64x2.shr_s i64x2.shr_u i64x2.add i64x2.sub i64x2.mul
i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s
i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u
f32x4.abs f32x4.neg f32x4.sqrt f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min f32x4.max f32x4.pmin f32x4.pmax
f64x2.abs f64x2.neg f64x2.sqrt f64x2.add f64x2.sub f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax
i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s f32x4.convert_i32x4_u
i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u
`.trim().split(/\s+/);

type Kind = "memory" | "const" | "shuffle" | "splat" | "extract" | "replace" | "test" | "shift" | "ternary" | "unary" | "binary";

function kindOf(name: string): Kind {
  if (/^v128\.(load|store)/.test(name)) return "memory";
  if (name === "v128.const") return "const";
  if (name === "i8x16.shuffle") return "shuffle";
  if (name.endsWith(".splat")) return "splat";
  if (name.includes("extract_lane")) return "extract";
  if (name.includes("replace_lane")) return "replace";
  if (/\.(any_true|all_true|bitmask)$/.test(name)) return "test";
  if (/\.(shl|shr_s|shr_u)$/.test(name)) return "shift";
  if (name === "v128.bitselect") return "ternary";
  if (/\.(not|abs|neg|popcnt|sqrt|ceil|floor|trunc|nearest)$|extend_|extadd_|convert_|trunc_sat_|demote_|promote_/.test(name)) return "unary";
  return "binary";
}

type Shape = "i8" | "i16" | "i32" | "i64" | "f32" | "f64";
const LANE_BYTES: Record<Shape, number> = { i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 };
const SHAPE_OF_PREFIX: Record<string, Shape> = { i8x16: "i8", i16x8: "i16", i32x4: "i32", i64x2: "i64", f32x4: "f32", f64x2: "f64", v128: "i32" };
/** The scalar type a shape's splat/extract/replace uses. */
const SCALAR_OF_SHAPE: Record<Shape, "i32" | "i64" | "f32" | "f64"> = { i8: "i32", i16: "i32", i32: "i32", i64: "i64", f32: "f32", f64: "f64" };
const SCALAR_BYTES = { i32: 4, i64: 8, f32: 4, f64: 8 } as const;

const prefixShape = (name: string): Shape => SHAPE_OF_PREFIX[name.split(".")[0]!]!;
/** Shape of the input lanes: the source shape named in the mnemonic (narrow_i32x4, trunc_sat_f64x2…) or the prefix. */
function inputShape(name: string): Shape {
  const source = /_(i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)/.exec(name);
  return source !== null ? SHAPE_OF_PREFIX[source[1]!]! : prefixShape(name);
}

/** Float arithmetic whose NaN results follow the spec's canonical/arithmetic rule (abs, neg,
 *  pmin, pmax, comparisons and conversions are exact and compared bit for bit). */
const FLOAT_ARITH = /^(f32x4|f64x2)\.(add|sub|mul|div|sqrt|min|max|ceil|floor|trunc|nearest|demote_f64x2_zero|promote_low_f32x4)$/;

// ---------------------------------------------------------------------------------------------
// lane values

function makeRng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32: deterministic, seedable, plenty for picking test vectors.
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state;
  };
}

const u32 = (v: number): bigint => BigInt(v >>> 0);
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
function f32Bits(x: number): bigint { const b = new DataView(new ArrayBuffer(4)); b.setFloat32(0, x, true); return u32(b.getUint32(0, true)); }
function f64Bits(x: number): bigint { const b = new DataView(new ArrayBuffer(8)); b.setFloat64(0, x, true); return b.getBigUint64(0, true); }

const NICE_FLOATS = [0, 0.5, 1, 1.5, 2.5, 3.5, 0.49999997, 0.5000001, 1e-3, 100.5, 2 ** 23, 2 ** 23 + 1, 2 ** 24, 2 ** 52, 2 ** 53,
  2 ** 31, 2 ** 31 - 128, 2 ** 31 - 0.5, 2 ** 32, 2 ** 32 - 256, 2 ** 32 - 0.5, 2 ** 63, Math.PI, 1 / 3];

const LANE_VALUES: Record<Shape, readonly bigint[]> = {
  i8: [0n, 1n, 2n, 0x10n, 0x3fn, 0x40n, 0x55n, 0x7en, 0x7fn, 0x80n, 0x81n, 0xaan, 0xc0n, 0xfen, 0xffn],
  i16: [0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x3fffn, 0x4000n, 0x5555n, 0x7ffen, 0x7fffn, 0x8000n, 0x8001n,
    0xc000n, 0xc001n, 0xff00n, 0xff7fn, 0xff80n, 0xfffen, 0xffffn],
  i32: [0, 1, 2, -1, -2, 0x7fffffff, -0x80000000, -0x7fffffff, 0xff, 0x100, -128, -129, 0x7fff, 0x8000, -32768, -32769,
    0xffff, 0x10000, 0x55555555, 0xaaaaaaaa, 0x8000ffff, 0x7fff8000, 0x12345678].map(u32),
  i64: [0n, 1n, 2n, -1n, -2n, 0x7fffffffffffffffn, -0x8000000000000000n, -0x7fffffffffffffffn, 0x7fffffffn, -0x80000000n,
    0xffffffffn, 0x100000000n, -0x100000000n, 0x5555555555555555n, -0x5555555555555556n, 0x123456789abcdef0n].map(u64),
  f32: [
    ...NICE_FLOATS.flatMap((x) => [f32Bits(x), f32Bits(-x)]),
    0x00000001n, 0x80000001n, 0x007fffffn, 0x807fffffn, 0x00800000n, 0x80800000n, // subnormals, min normal
    0x7f7fffffn, 0xff7fffffn, 0x7f800000n, 0xff800000n, // max finite, ±inf
    0x7fc00000n, 0xffc00000n, 0x7fc00001n, 0xffe12345n, 0x7f800001n, 0xffa00000n, 0x7fbfffffn, // NaNs: canonical, payloads, signalling
    0x4effffffn, 0x4f000000n, 0xcf000000n, 0xcf000001n, 0x4f7fffffn, 0x4f800000n, 0x3effffffn, 0x3f000001n,
  ],
  f64: [
    ...NICE_FLOATS.flatMap((x) => [f64Bits(x), f64Bits(-x)]),
    1n, 0x8000000000000001n, 0x000fffffffffffffn, 0x0010000000000000n, 0x8010000000000000n,
    0x7fefffffffffffffn, 0xffefffffffffffffn, 0x7ff0000000000000n, 0xfff0000000000000n,
    0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff8000000000001n, 0xfffc0000deadbeefn, 0x7ff0000000000001n, 0xfff4000000000000n,
    0x41dfffffffc00000n, 0x41e0000000000000n, 0xc1e0000000000000n, 0xc1e0000000200000n, 0x41efffffffe00000n, 0x41f0000000000000n,
    0x36a0000000000000n, 0x47efffffe0000000n, 0x47f0000000000000n, 0x3690000000000000n, // f32 rounding edges for demote
  ],
};

function writeLane(bytes: Uint8Array, at: number, width: number, bits: bigint): void {
  for (let i = 0; i < width; i++) bytes[at + i] = Number((bits >> BigInt(8 * i)) & 0xffn);
}
function readLane(bytes: Uint8Array, at: number, width: number): bigint {
  let bits = 0n;
  for (let i = width - 1; i >= 0; i--) bits = (bits << 8n) | BigInt(bytes[at + i]!);
  return bits;
}
function vectorOf(shape: Shape, lanes: readonly bigint[]): Uint8Array {
  const width = LANE_BYTES[shape];
  const v = new Uint8Array(16);
  for (let k = 0; k < 16 / width; k++) writeLane(v, k * width, width, lanes[k]!);
  return v;
}

function randomLane(shape: Shape, next: () => number): bigint {
  const list = LANE_VALUES[shape];
  switch (next() % 4) {
    case 0: return list[next() % list.length]!;
    case 1: {
      // Small values around zero and small floats with fractions: where rounding and saturation live.
      const small = (next() % 64) - 32;
      if (shape === "f32") return f32Bits(small / 4);
      if (shape === "f64") return f64Bits(small / 4);
      return BigInt.asUintN(8 * LANE_BYTES[shape], BigInt(small));
    }
    default: {
      const bits = (BigInt(next()) << 32n) | BigInt(next());
      return BigInt.asUintN(8 * LANE_BYTES[shape], bits);
    }
  }
}
function randomVector(shape: Shape, next: () => number): Uint8Array {
  const v = new Uint8Array(16);
  if (next() % 4 === 0) { for (let i = 0; i < 16; i++) v[i] = next() & 0xff; return v; }
  const width = LANE_BYTES[shape];
  for (let k = 0; k < 16 / width; k++) writeLane(v, k * width, width, randomLane(shape, next));
  return v;
}

/** Single operands: the boundary list packed into lanes (in two rotations), lane-position probes
 *  (for all_true/any_true/bitmask and lane routing), all-zero/all-one, and random vectors. */
function unaryVectors(shape: Shape, next: () => number, randomCount: number): Uint8Array[] {
  const lanes = 16 / LANE_BYTES[shape];
  const list = LANE_VALUES[shape];
  const out: Uint8Array[] = [];
  for (const rotation of [0, 1]) {
    for (let j = 0; j * lanes < list.length; j++) {
      out.push(vectorOf(shape, Array.from({ length: lanes }, (_, k) => list[(j * lanes + k + rotation) % list.length]!)));
    }
  }
  const signBit = 1n << BigInt(8 * LANE_BYTES[shape] - 1);
  for (let k = 0; k < lanes; k++) {
    out.push(vectorOf(shape, Array.from({ length: lanes }, (_, i) => (i === k ? 0n : 1n))));
    out.push(vectorOf(shape, Array.from({ length: lanes }, (_, i) => (i === k ? signBit : 0n))));
  }
  out.push(new Uint8Array(16), new Uint8Array(16).fill(0xff));
  for (let i = 0; i < randomCount; i++) out.push(randomVector(shape, next));
  return out;
}

/** Operand pairs: lane k of (a, b) runs through the cross product of the boundary list, then random pairs. */
function binaryVectors(shape: Shape, next: () => number, randomCount: number): [Uint8Array, Uint8Array][] {
  const lanes = 16 / LANE_BYTES[shape];
  const list = LANE_VALUES[shape];
  const n = list.length;
  const out: [Uint8Array, Uint8Array][] = [];
  for (let p = 0; p < n * n; p += lanes) {
    const aLanes: bigint[] = [], bLanes: bigint[] = [];
    for (let k = 0; k < lanes; k++) {
      const q = (p + k) % (n * n);
      aLanes.push(list[Math.floor(q / n)]!);
      bLanes.push(list[q % n]!);
    }
    out.push([vectorOf(shape, aLanes), vectorOf(shape, bLanes)]);
  }
  for (let i = 0; i < randomCount; i++) {
    const a = randomVector(shape, next);
    // Sometimes b equals a, so equality paths are exercised.
    out.push([a, next() % 4 === 0 ? a.slice() : randomVector(shape, next)]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// the module

/** Batched layout: operand record i (a, b, c, scalar: 64 bytes) at IN + 64 i, result at OUT + 16 i. */
const MAX_CASES = 4096;
const IN = 0, OUT = IN + 64 * MAX_CASES, PAGES = 6;
const MEMORY_BYTES = PAGES * 65536;
/** Memory-op layout: operand vector at A_AT, loaded vector stored at OUT, data at DATA_AT. */
const A_AT = 0, DATA_AT = OUT + 16 * MAX_CASES, DATA_LEN = 512;

interface Variant {
  readonly name: string;
  readonly kind: Kind;
  readonly exportName: string;
  /** Lane immediate (extract/replace/lane memory ops), memarg offset (memory ops). */
  readonly lane: number;
  readonly offset: number;
  readonly immediate: string;
}

const rngShape = makeRng(0x5f1ff1e);
const SHUFFLES: number[][] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31],
  [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
  [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23],
  [31, 0, 31, 0, 15, 16, 15, 16, 3, 3, 3, 3, 28, 29, 30, 31],
  ...Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => rngShape() % 32)),
];
const CONSTS: string[] = [
  "i32x4 0 0 0 0", "i32x4 -1 -1 -1 -1", "i32x4 0x7fc00000 0x7f800001 0xffc00000 1", "i64x2 0x7ff8000000000001 -1",
  "f32x4 nan:0x200000 -nan -0.0 inf", "f64x2 -nan:0x4000000000001 0x1p-1074", "i8x16 0 1 2 3 4 5 6 7 -8 -7 -6 -5 -4 -3 -2 -1",
  "i16x8 0 -1 0x7fff -0x8000 1 2 3 4",
  ...Array.from({ length: 6 }, () => `i32x4 ${Array.from({ length: 4 }, () => rngShape() >>> 0).join(" ")}`),
];

function buildModule(): { variants: Variant[]; wat: string } {
  const variants: Variant[] = [];
  const funcs: string[] = [];
  const a = "(v128.load (local.get $p))", b = "(v128.load offset=16 (local.get $p))", c = "(v128.load offset=32 (local.get $p))";
  const scalar = (t: string): string => `(${t}.load offset=48 (local.get $p))`;
  const storeV = (expr: string): string => `(v128.store (local.get $q) ${expr})`;
  /** A function that runs `body` for records 0..n-1 ($p = operand record, $q = result slot). */
  const batched = (variant: Omit<Variant, "exportName">, body: string): void => {
    const exportName = `${variant.name}#${variants.length}`;
    variants.push({ ...variant, exportName });
    funcs.push(`(func (export "${exportName}") (param $n i32) (local $i i32) (local $p i32) (local $q i32)
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (local.set $p (i32.add (i32.const ${IN}) (i32.shl (local.get $i) (i32.const 6))))
    (local.set $q (i32.add (i32.const ${OUT}) (i32.shl (local.get $i) (i32.const 4))))
    ${body}
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $next))))`);
  };
  for (const name of SIMD_NAMES) {
    const kind = kindOf(name);
    const shapeScalar = SCALAR_OF_SHAPE[prefixShape(name)];
    const base = { name, kind, lane: 0, offset: 0, immediate: "" };
    switch (kind) {
      case "unary": batched(base, storeV(`(${name} ${a})`)); break;
      case "binary": batched(base, storeV(`(${name} ${a} ${b})`)); break;
      case "ternary": batched(base, storeV(`(${name} ${a} ${b} ${c})`)); break;
      case "shift": batched(base, storeV(`(${name} ${a} ${scalar("i32")})`)); break;
      case "test": batched(base, `(i32.store (local.get $q) (${name} ${a}))`); break;
      case "splat": batched(base, storeV(`(${name} ${scalar(shapeScalar)})`)); break;
      case "extract":
        for (let lane = 0; lane < 16 / LANE_BYTES[prefixShape(name)]; lane++) {
          batched({ ...base, lane, immediate: `${lane}` }, `(${shapeScalar}.store (local.get $q) (${name} ${lane} ${a}))`);
        }
        break;
      case "replace":
        for (let lane = 0; lane < 16 / LANE_BYTES[prefixShape(name)]; lane++) {
          batched({ ...base, lane, immediate: `${lane}` }, storeV(`(${name} ${lane} ${a} ${scalar(shapeScalar)})`));
        }
        break;
      case "shuffle":
        for (const s of SHUFFLES) batched({ ...base, immediate: s.join(" ") }, storeV(`(${name} ${s.join(" ")} ${a} ${b})`));
        break;
      case "const":
        for (const k of CONSTS) batched({ ...base, immediate: k }, storeV(`(v128.const ${k})`));
        break;
      case "memory": {
        const isStore = name.includes("store");
        const laneOp = name.endsWith("_lane");
        const accessBytes = memoryAccessBytes(name);
        const lanes = laneOp ? 16 / accessBytes : 1;
        for (const offset of [0, 5, 0x10000]) {
          for (let lane = 0; lane < lanes; lane++) {
            const memarg = offset === 0 ? "" : ` offset=${offset}`;
            const laneImm = laneOp ? ` ${lane}` : "";
            const operand = `(v128.load (i32.const ${A_AT}))`;
            const access = laneOp || isStore ? `(${name}${memarg}${laneImm} (local.get 0) ${operand})` : `(${name}${memarg} (local.get 0))`;
            const body = isStore ? access : `(v128.store (i32.const ${OUT}) ${access})`;
            const exportName = `${name}#${variants.length}`;
            variants.push({ name, kind, exportName, lane, offset, immediate: `${offset}${laneImm}` });
            funcs.push(`(func (export "${exportName}") (param i32) ${body})`);
          }
        }
        break;
      }
    }
  }
  return { variants, wat: `(module (memory (export "memory") ${PAGES})\n${funcs.join("\n")}\n)` };
}

/** Bytes a memory op touches in memory (the bounds check is on these). */
function memoryAccessBytes(name: string): number {
  const lane = /(load|store)(8|16|32|64)_(lane|splat|zero)$/.exec(name);
  if (lane !== null) return Number(lane[2]) / 8;
  if (/load(8x8|16x4|32x2)/.test(name)) return 8;
  return 16;
}

// ---------------------------------------------------------------------------------------------
// operands and judging

const SHIFT_COUNTS = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 255, -1, -2, -8, 0x7fffffff, -0x80000000];

interface Operands { a: Uint8Array; b: Uint8Array; c: Uint8Array; scalar: bigint }
const ZERO = new Uint8Array(16);

function operandSets(variant: Variant, next: () => number): Operands[] {
  const { name, kind } = variant;
  const shape = inputShape(name);
  const out: Operands[] = [];
  const scalarShape = (): Shape => SCALAR_OF_SHAPE[prefixShape(name)];
  switch (kind) {
    case "unary": case "test":
      for (const a of unaryVectors(shape, next, 600)) out.push({ a, b: ZERO, c: ZERO, scalar: 0n });
      if (name === "v128.any_true" || name === "v128.not") for (const a of unaryVectors("i8", next, 30)) out.push({ a, b: ZERO, c: ZERO, scalar: 0n });
      break;
    case "binary":
      for (const [a, b] of binaryVectors(shape, next, 600)) out.push({ a, b, c: ZERO, scalar: 0n });
      if (name === "i8x16.swizzle") {
        for (let i = 0; i < 200; i++) {
          const indices = new Uint8Array(16).map(() => (next() % 3 === 0 ? next() & 0xff : next() % 20));
          out.push({ a: randomVector("i8", next), b: indices, c: ZERO, scalar: 0n });
        }
      }
      break;
    case "shuffle":
      for (let i = 0; i < 8; i++) out.push({ a: randomVector("i8", next), b: randomVector("i8", next), c: ZERO, scalar: 0n });
      break;
    case "ternary":
      for (let i = 0; i < 300; i++) out.push({ a: randomVector("i32", next), b: randomVector("i32", next), c: randomVector("i8", next), scalar: 0n });
      break;
    case "shift":
      for (const a of unaryVectors(shape, next, 10)) for (const count of SHIFT_COUNTS) out.push({ a, b: ZERO, c: ZERO, scalar: u32(count) });
      for (let i = 0; i < 200; i++) out.push({ a: randomVector(shape, next), b: ZERO, c: ZERO, scalar: BigInt(next()) });
      break;
    case "splat": {
      const s = scalarShape();
      for (const x of LANE_VALUES[s]) out.push({ a: ZERO, b: ZERO, c: ZERO, scalar: x });
      for (let i = 0; i < 50; i++) out.push({ a: ZERO, b: ZERO, c: ZERO, scalar: randomLane(s, next) });
      break;
    }
    case "extract":
      for (const a of unaryVectors(shape, next, 20)) out.push({ a, b: ZERO, c: ZERO, scalar: 0n });
      break;
    case "replace": {
      const list = LANE_VALUES[scalarShape()];
      const vectors = unaryVectors(shape, next, 10);
      for (let i = 0; i < Math.max(list.length, vectors.length); i++) out.push({ a: vectors[i % vectors.length]!, b: ZERO, c: ZERO, scalar: list[i % list.length]! });
      break;
    }
    case "const":
      out.push({ a: ZERO, b: ZERO, c: ZERO, scalar: 0n });
      break;
    case "memory": throw new Error("memory ops are not batched");
  }
  if (out.length > MAX_CASES) throw new Error(`${name}: ${out.length} cases exceed the batch`);
  return out;
}

function resultBytes(variant: Variant): number {
  if (variant.kind === "test") return 4;
  if (variant.kind === "extract") return SCALAR_BYTES[SCALAR_OF_SHAPE[prefixShape(variant.name)]];
  return 16;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

function isNaNLane(width: number, bits: bigint): boolean {
  return width === 4 ? (bits & 0x7fffffffn) > 0x7f800000n : (bits & 0x7fffffffffffffffn) > 0x7ff0000000000000n;
}
function isCanonicalLane(width: number, bits: bigint): boolean {
  return width === 4 ? (bits & 0x7fffffffn) === 0x7fc00000n : (bits & 0x7fffffffffffffffn) === 0x7ff8000000000000n;
}
function isArithmeticLane(width: number, bits: bigint): boolean {
  return isNaNLane(width, bits) && (width === 4 ? (bits & 0x400000n) !== 0n : (bits & 0x8000000000000n) !== 0n);
}

/** Input lanes that feed result lane k of a float arithmetic op (for the canonical-NaN rule). */
function inputLanes(variant: Variant, ops: Operands, k: number): { width: number; bits: bigint }[] {
  const name = variant.name;
  if (name === "f32x4.demote_f64x2_zero") return k < 2 ? [{ width: 8, bits: readLane(ops.a, 8 * k, 8) }] : [];
  if (name === "f64x2.promote_low_f32x4") return [{ width: 4, bits: readLane(ops.a, 4 * k, 4) }];
  const width = name.startsWith("f32x4") ? 4 : 8;
  const lanes = [{ width, bits: readLane(ops.a, width * k, width) }];
  if (variant.kind === "binary") lanes.push({ width, bits: readLane(ops.b, width * k, width) });
  return lanes;
}

const v8SpecDisagreements = new Set<string>();

/** Returns a mismatch description or undefined. */
function judge(variant: Variant, ops: Operands, oracle: Uint8Array, ours: Uint8Array): string | undefined {
  const name = variant.name;
  if (!FLOAT_ARITH.test(name)) return hex(oracle) === hex(ours) ? undefined : `V8 ${hex(oracle)}, xwasm ${hex(ours)}`;
  const width = name.startsWith("f32x4") ? 4 : 8;
  for (let k = 0; k < 16 / width; k++) {
    const o = readLane(oracle, width * k, width), r = readLane(ours, width * k, width);
    const inputs = inputLanes(variant, ops, k);
    const allCanonical = inputs.every((x) => !isNaNLane(x.width, x.bits) || isCanonicalLane(x.width, x.bits));
    const rule = (bits: bigint): boolean => (allCanonical ? isCanonicalLane(width, bits) : isArithmeticLane(width, bits));
    if (isNaNLane(width, o)) {
      if (!rule(o)) v8SpecDisagreements.add(`${name}: V8 NaN 0x${o.toString(16)} for inputs ${inputs.map((x) => "0x" + x.bits.toString(16)).join(", ")}`);
      if (!isNaNLane(width, r)) return `lane ${k}: V8 gives a NaN, xwasm 0x${r.toString(16)}`;
      if (!rule(r)) return `lane ${k}: xwasm NaN 0x${r.toString(16)} breaks the ${allCanonical ? "canonical" : "arithmetic"} NaN rule`;
    } else if (o !== r) {
      return `lane ${k}: V8 0x${o.toString(16)}, xwasm 0x${r.toString(16)}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// the two instances

interface Side { memory: () => Uint8Array; call: (name: string, arg: number) => void }

function sideOf(exports: Record<string, unknown>): Side {
  const memory = exports["memory"] as { buffer: ArrayBuffer };
  return {
    // Re-read the buffer each time: a grown memory would detach the old one (ours never grows).
    memory: () => new Uint8Array(memory.buffer),
    call: (name, arg) => (exports[name] as (x: number) => unknown)(arg),
  };
}

const wabt = await (await import("wabt")).default();
const { variants, wat } = buildModule();
const moduleBytes = new Uint8Array(wabt.parseWat("simd-engine-diff.wat", wat, { simd: true }).toBinary({}).buffer);
const v8 = sideOf(new WA.Instance(new WA.Module(moduleBytes), {}).exports);
const xw = sideOf(new Instance(new Module(moduleBytes), {}).exports as Record<string, unknown>);

test("the opcode table covers the whole fixed-width SIMD set (236 opcodes, all accepted by wabt)", () => {
  assert.equal(SIMD_NAMES.length, 236);
  assert.equal(new Set(SIMD_NAMES).size, 236);
  assert.equal(new Set(variants.map((v) => v.name)).size, 236);
});

test("SIMD engine diff: every non-memory opcode matches V8 on boundary and random lanes", () => {
  const next = makeRng(0x51d0e);
  const covered = new Set<string>();
  const failures: string[] = [];
  let cases = 0;
  const record = new Uint8Array(64 * MAX_CASES);
  for (const variant of variants) {
    if (variant.kind === "memory") continue;
    covered.add(variant.name);
    const sets = operandSets(variant, next);
    record.fill(0);
    sets.forEach((ops, i) => {
      record.set(ops.a, 64 * i);
      record.set(ops.b, 64 * i + 16);
      record.set(ops.c, 64 * i + 32);
      writeLane(record, 64 * i + 48, 8, ops.scalar);
    });
    const width = resultBytes(variant);
    const results: Uint8Array[] = [];
    for (const side of [v8, xw]) {
      const memory = side.memory();
      memory.set(record.subarray(0, 64 * sets.length), IN);
      memory.fill(0xa5, OUT, OUT + 16 * sets.length); // poison: a missing store shows up
      side.call(variant.exportName, sets.length);
      results.push(side.memory().slice(OUT, OUT + 16 * sets.length));
    }
    const [oracle, ours] = results as [Uint8Array, Uint8Array];
    sets.forEach((ops, i) => {
      // Bytes past the result width must stay as poisoned on both sides: compare the whole slot.
      const o = oracle.subarray(16 * i, 16 * i + 16), r = ours.subarray(16 * i, 16 * i + 16);
      const problem = judge(variant, ops, o.subarray(0, width), r.subarray(0, width))
        ?? (hex(o.subarray(width)) === hex(r.subarray(width)) ? undefined : `bytes past the ${width}-byte result differ`);
      if (problem !== undefined && failures.length < 30) {
        failures.push(`${variant.name}${variant.immediate === "" ? "" : ` [${variant.immediate}]`} a=${hex(ops.a)} b=${hex(ops.b)} c=${hex(ops.c)} x=0x${ops.scalar.toString(16)}: ${problem}`);
      }
    });
    cases += sets.length;
  }
  const expected = SIMD_NAMES.filter((name) => kindOf(name) !== "memory");
  assert.deepEqual([...covered].sort(), [...expected].sort());
  assert.deepEqual(failures, []);
  assert.ok(cases > 50000, `only ${cases} cases`);
  console.log(`# SIMD engine diff, non-memory: ${covered.size} opcodes, ${variants.filter((v) => v.kind !== "memory").length} functions, ${cases} operand sets`);
  console.log(`# V8 NaN lanes outside the spec's canonical/arithmetic rule (informational): ${v8SpecDisagreements.size}`);
  for (const d of [...v8SpecDisagreements].slice(0, 5)) console.log(`#   ${d}`);
});

test("SIMD engine diff: every load/store shape matches V8 at several addresses, offsets and lanes, traps included", () => {
  const next = makeRng(0x10ad);
  const covered = new Set<string>();
  const failures: string[] = [];
  let cases = 0, traps = 0;
  const TAIL = MEMORY_BYTES - DATA_LEN;
  // The regions a case may read or write: operand vector, result slot, data window, end of memory.
  const regions: [number, number][] = [[A_AT, A_AT + 16], [OUT, OUT + 16], [DATA_AT, DATA_AT + DATA_LEN], [TAIL, MEMORY_BYTES]];
  for (const variant of variants) {
    if (variant.kind !== "memory") continue;
    covered.add(variant.name);
    const size = memoryAccessBytes(variant.name);
    const lastInBounds = MEMORY_BYTES - size - variant.offset;
    // In-window addresses are offset-adjusted so the effective address lands in the data window;
    // then the last in-bounds access, the first trapping ones, and addresses that wrap past 2^32.
    const addresses = [0, 1, 3, 7, 8, 100, 233, DATA_LEN - size].map((rel) => DATA_AT - variant.offset + rel);
    addresses.push(lastInBounds, lastInBounds + 1, lastInBounds + size, MEMORY_BYTES, -1, -variant.offset - 1);
    for (const address of addresses) {
      const fill = regions.map(([from, to]) => new Uint8Array(to - from).map(() => next() & 0xff));
      const outcomes: string[] = [];
      const snapshots: string[] = [];
      for (const side of [v8, xw]) {
        const memory = side.memory();
        regions.forEach(([from], i) => memory.set(fill[i]!, from));
        let outcome = "ok";
        try {
          side.call(variant.exportName, address);
        } catch (error) {
          // Both engines must trap; the message wording differs between engines, the class must not.
          outcome = error instanceof Error && error.constructor.name === "RuntimeError" ? "trap" : `threw ${String(error)}`;
        }
        outcomes.push(outcome);
        const after = side.memory();
        snapshots.push(regions.map(([from, to]) => hex(after.subarray(from, to))).join("|"));
      }
      const what = `${variant.name} [${variant.immediate}] address ${address}`;
      if (outcomes[0] !== outcomes[1]) failures.push(`${what}: V8 ${outcomes[0]}, xwasm ${outcomes[1]}`);
      else if (snapshots[0] !== snapshots[1]) failures.push(`${what}: memory differs after the access`);
      if (outcomes[0] === "trap") traps++;
      cases++;
    }
  }
  const expected = SIMD_NAMES.filter((name) => kindOf(name) === "memory");
  assert.deepEqual([...covered].sort(), [...expected].sort());
  assert.deepEqual(failures.slice(0, 30), []);
  console.log(`# SIMD engine diff, memory: ${covered.size} opcodes, ${variants.filter((v) => v.kind === "memory").length} functions, ${cases} cases (${traps} trapping)`);
});
