// Test data for the numeric instructions, shared by the helper tests (numeric-ops.test.ts) and,
// later, by whole-engine differential tests: which ops, boundary operand values as raw bits, a
// seeded random operand generator, the oracle module's WAT (every op as an export taking and
// returning raw bits, so NaN payloads are observable), and the spec's rule for judging a result.
//
// Values are raw bits as unsigned bigints: i32/f32 in [0, 2^32), i64/f64 in [0, 2^64).

import { OPCODES, Trap } from "../core/index.ts";
import type { TrapKind } from "../core/index.ts";

export type NumType = "i32" | "i64" | "f32" | "f64";

export interface NumericOp {
  /** Mnemonic, e.g. "i64.div_s"; also the export name in the oracle module. */
  readonly name: string;
  /** Combined opcode from the core table. */
  readonly code: number;
  readonly params: readonly NumType[];
  readonly result: NumType;
  /** True when a NaN result is produced by arithmetic (the spec's "nans" rule applies), false for
   *  bit operations (abs, neg, copysign, reinterpret) whose result bits are exact. */
  readonly arithmeticNaN: boolean;
}

const TYPE_BY_CODE: Record<number, NumType> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64" };

function isNumericCode(code: number): boolean {
  return (code >= 0x45 && code <= 0xc4) || (code >= 0xfc00 && code <= 0xfc07);
}

const BIT_EXACT_FLOAT_OPS = new Set([
  "f32.abs", "f32.neg", "f32.copysign", "f64.abs", "f64.neg", "f64.copysign",
  "f32.reinterpret_i32", "f64.reinterpret_i64",
]);

/** Every scalar numeric instruction of Wasm 2.0 (comparisons, arithmetic, conversions, sign extension,
 *  saturating truncation), derived from the core opcode table. */
export const NUMERIC_OPS: readonly NumericOp[] = [...OPCODES.values()]
  .filter((op) => isNumericCode(op.code))
  .map((op) => {
    if (op.params === undefined || op.results === undefined || op.results.length !== 1) {
      throw new Error(`numeric-cases: ${op.name} has no simple signature`);
    }
    const result = TYPE_BY_CODE[op.results[0]];
    return {
      name: op.name,
      code: op.code,
      params: op.params.map((t) => TYPE_BY_CODE[t]),
      result,
      arithmeticNaN: (result === "f32" || result === "f64") && !BIT_EXACT_FLOAT_OPS.has(op.name),
    };
  });

export const NUMERIC_OP_BY_NAME: ReadonlyMap<string, NumericOp> = new Map(NUMERIC_OPS.map((op) => [op.name, op]));

// ---------------------------------------------------------------------------------------------
// raw-bit helpers

const f32Scratch = new Float32Array(1);
const u32OfF32 = new Uint32Array(f32Scratch.buffer);
const f64Scratch = new Float64Array(1);
const u64OfF64 = new BigUint64Array(f64Scratch.buffer);

export function f32Bits(x: number): bigint {
  f32Scratch[0] = x;
  return BigInt(u32OfF32[0]);
}
export function f64Bits(x: number): bigint {
  f64Scratch[0] = x;
  return u64OfF64[0];
}
export function f32FromBits(bits: bigint): number {
  u32OfF32[0] = Number(bits);
  return f32Scratch[0];
}
export function f64FromBits(bits: bigint): number {
  u64OfF64[0] = bits;
  return f64Scratch[0];
}

export function widthOf(type: NumType): 32 | 64 {
  return type === "i32" || type === "f32" ? 32 : 64;
}

export function isNaNBits(type: NumType, bits: bigint): boolean {
  if (type === "f32") return (bits & 0x7fffffffn) > 0x7f800000n;
  if (type === "f64") return (bits & 0x7fffffffffffffffn) > 0x7ff0000000000000n;
  return false;
}

/** A canonical NaN of either sign (payload = only the quiet bit). */
export function isCanonicalNaNBits(type: NumType, bits: bigint): boolean {
  if (type === "f32") return (bits & 0x7fffffffn) === 0x7fc00000n;
  if (type === "f64") return (bits & 0x7fffffffffffffffn) === 0x7ff8000000000000n;
  return false;
}

/** An arithmetic NaN: any NaN with the quiet bit set. */
export function isArithmeticNaNBits(type: NumType, bits: bigint): boolean {
  if (type === "f32") return isNaNBits(type, bits) && (bits & 0x00400000n) !== 0n;
  if (type === "f64") return isNaNBits(type, bits) && (bits & 0x0008000000000000n) !== 0n;
  return false;
}

export function formatBits(type: NumType, bits: bigint): string {
  const hex = `0x${bits.toString(16).padStart(widthOf(type) / 4, "0")}`;
  if (type === "f32") return `${hex} (${f32FromBits(bits)})`;
  if (type === "f64") return `${hex} (${f64FromBits(bits)})`;
  return `${hex} (${BigInt.asIntN(widthOf(type), bits)})`;
}

// ---------------------------------------------------------------------------------------------
// boundary values

function nextUpF32(bits: bigint): bigint {
  // For positive finite values the next representable is bits + 1; mirrored for negatives.
  return (bits & 0x80000000n) === 0n ? bits + 1n : bits - 1n;
}
function nextDownF32(bits: bigint): bigint {
  return (bits & 0x80000000n) === 0n ? bits - 1n : bits + 1n;
}
function nextUpF64(bits: bigint): bigint {
  return (bits & 0x8000000000000000n) === 0n ? bits + 1n : bits - 1n;
}
function nextDownF64(bits: bigint): bigint {
  return (bits & 0x8000000000000000n) === 0n ? bits - 1n : bits + 1n;
}

function unique(values: bigint[]): bigint[] {
  return [...new Set(values)];
}

const I32_VALUES = unique([
  0, 1, 2, 3, 7, 10, 31, 32, 33, 63, 64, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000, 0x12345678,
  0x55555555, 0x7ffffffe, 0x7fffffff, -0x80000000, -0x7fffffff, -1, -2, -3, -10, -0x10000,
  0x00ffff00, 0x7f800000, 0x4f000000, 0x01000001,
].map((v) => BigInt.asUintN(32, BigInt(v))));

const I64_SIGNED = [
  0n, 1n, 2n, 3n, 7n, 10n, 31n, 32n, 33n, 63n, 64n, 65n, 0x80n, 0xffn, 0x8000n, 0xffffn,
  0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, 0x100000001n, 0x1234567890n,
  (1n << 52n) - 1n, 1n << 52n, (1n << 53n) - 1n, 1n << 53n, (1n << 53n) + 1n, (1n << 54n) + 3n,
  1000000000000000000n, 1000000000n, 0x0123456789abcdefn, 0x7ffffffffffffffen, 0x7fffffffffffffffn,
  -0x8000000000000000n, -0x7fffffffffffffffn, -1n, -2n, -3n, -10n, -0x80000000n, -0x80000001n,
  -0x100000000n, -(1n << 53n), -(1n << 53n) - 1n, -1000000000000000000n,
  // float-conversion rounding: ties, ties with a sticky bit below the f64 precision (double rounding traps)
  0x1000001000000000n, 0x1000001000000001n, 0x1000003000000000n, 0x1000000800000000n, 0x1000000800000001n,
  0x20000020000000n, 0x20000020000001n, 0x8000008000000001n, 0xffffff8000000000n, 0xffffff7fffffffffn,
  0xfffffffffffff800n, 0xfffffffffffffc00n, 0x7fffff8000000000n, 0x7fffffc000000000n,
  (1n << 63n) - 1024n, (1n << 63n) - 512n, 0x100000080n, 0x1000000n + 1n,
];
const I64_VALUES = unique(I64_SIGNED.map((v) => BigInt.asUintN(64, v)));

function floatNeighbourhood(bitsOf: (x: number) => bigint, up: (b: bigint) => bigint, down: (b: bigint) => bigint, magnitudes: number[]): bigint[] {
  const out: bigint[] = [];
  for (const m of magnitudes) {
    for (const x of [m, -m]) {
      const b = bitsOf(x);
      out.push(b, up(b), down(b));
    }
  }
  return out;
}

const FLOAT_MAGNITUDES = [1, 2 ** 23, 2 ** 24, 2 ** 31, 2 ** 32, 2 ** 52, 2 ** 53, 2 ** 63, 2 ** 64];
const FLOAT_PLAIN = [
  0.5, 1.5, 2.5, 3.5, 4.5, -0.5, -1.5, -2.5, -3.5, 0.25, 0.75, 0.1, -0.1, 3.14159, 10, -10, 100.5, 1e10,
  -1e10, 1e30, -1e30, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 31 + 0.5, 2 ** 32 - 1, 2 ** 32 - 0.5, -0.999, 0.999,
  -(2 ** 31) - 0.5, 2 ** 63 + 2 ** 40, 2 ** 64 + 2 ** 40,
];

const F32_VALUES = unique([
  0x00000000n, 0x80000000n, // ±0
  0x00000001n, 0x80000001n, 0x00000002n, 0x007fffffn, 0x807fffffn, 0x00800000n, 0x80800000n, // subnormals, min normal
  0x7f7fffffn, 0xff7fffffn, 0x7f800000n, 0xff800000n, // max finite, ±inf
  0x7fc00000n, 0xffc00000n, // canonical NaNs
  0x7fc00001n, 0x7fe00000n, 0xffe12345n, // arithmetic NaNs with payloads
  0x7f800001n, 0x7fa00000n, 0xff800001n, 0x7fbfffffn, // signalling NaNs
  0x3f7fffffn, 0xbf7fffffn, 0x3effffffn, 0x4affffffn, 0xcaffffffn, // just below 1, 0.5, 2^23 - 0.5
  ...floatNeighbourhood((x) => f32Bits(x), nextUpF32, nextDownF32, FLOAT_MAGNITUDES),
  ...FLOAT_PLAIN.map((x) => f32Bits(x)),
]);

const F64_VALUES = unique([
  0x0000000000000000n, 0x8000000000000000n,
  0x0000000000000001n, 0x8000000000000001n, 0x000fffffffffffffn, 0x800fffffffffffffn,
  0x0010000000000000n, 0x8010000000000000n,
  0x7fefffffffffffffn, 0xffefffffffffffffn, 0x7ff0000000000000n, 0xfff0000000000000n,
  0x7ff8000000000000n, 0xfff8000000000000n,
  0x7ff8000000000001n, 0x7ffc000000000000n, 0xfff800000000abcdn,
  0x7ff0000000000001n, 0x7ff4000000000000n, 0xfff0000000000001n, 0x7ff7ffffffffffffn,
  0x3fdfffffffffffffn, 0xbfdfffffffffffffn, 0x3fefffffffffffffn, 0xbfefffffffffffffn,
  // demotion: f32 max, halfway to the next f32 step (→ inf), just below; f32 ties and subnormal ties
  f64Bits(3.4028234663852886e38), f64Bits(3.4028235677973366e38), f64Bits(3.4028235677973362e38),
  f64Bits(1 + 2 ** -24), f64Bits(1 + 3 * 2 ** -24), f64Bits(1 + 2 ** -24 + 2 ** -50),
  f64Bits(2 ** -149), f64Bits(2 ** -150), f64Bits(3 * 2 ** -150), f64Bits(2 ** -150 + 2 ** -170), f64Bits(-(2 ** -150)),
  f64Bits(2 ** -126), f64Bits(1e-320), f64Bits(1e300), f64Bits(-1e300),
  ...floatNeighbourhood((x) => f64Bits(x), nextUpF64, nextDownF64, FLOAT_MAGNITUDES),
  ...FLOAT_PLAIN.map((x) => f64Bits(x)),
  f64Bits(4503599627370495.5), f64Bits(-4503599627370495.5), f64Bits(2 ** 31 - 0.5), f64Bits(-(2 ** 31) - 0.75),
]);

/** Boundary operand values per type, as raw bits. */
export const BOUNDARY_VALUES: Readonly<Record<NumType, readonly bigint[]>> = {
  i32: I32_VALUES,
  i64: I64_VALUES,
  f32: F32_VALUES,
  f64: F64_VALUES,
};

/** Every operand tuple for an op: the full cross product of the boundary values. */
export function boundaryTuples(op: NumericOp): bigint[][] {
  let tuples: bigint[][] = [[]];
  for (const type of op.params) {
    const next: bigint[][] = [];
    for (const prefix of tuples) for (const v of BOUNDARY_VALUES[type]) next.push([...prefix, v]);
    tuples = next;
  }
  return tuples;
}

// ---------------------------------------------------------------------------------------------
// seeded random operands

/** A small deterministic PRNG (mulberry32) returning uint32 values. */
export function makeRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** A random operand: mostly uniform bits, sometimes a boundary value, a small integer, or (for
 *  floats) an integral or half-integral value near the conversion boundaries. */
export function randomValue(type: NumType, next: () => number): bigint {
  const pick = next() % 8;
  const width = widthOf(type);
  const uniform = width === 32 ? BigInt(next()) : (BigInt(next()) << 32n) | BigInt(next());
  if (pick < 3) return uniform;
  if (pick === 3) {
    const list = BOUNDARY_VALUES[type];
    return list[next() % list.length];
  }
  if (type === "i32" || type === "i64") {
    if (pick === 4) return BigInt.asUintN(width, BigInt((next() % 2001) - 1000)); // small, both signs
    if (pick === 5) return BigInt.asUintN(width, uniform >> BigInt(next() % width)); // varied magnitude
    if (pick === 6) return BigInt.asUintN(width, -(uniform >> BigInt(next() % width)));
    return BigInt.asUintN(width, 1n << BigInt(next() % width)) ^ BigInt(next() & 3);
  }
  // floats: values as numbers
  const scale = 2 ** ((next() % 140) - 70);
  const sign = next() & 1 ? -1 : 1;
  let x: number;
  if (pick === 4) x = sign * (next() % 1000) / 2; // integers and halves (nearest, trunc)
  else if (pick === 5) x = sign * (next() / 4294967296) * scale;
  else if (pick === 6) x = sign * (2 ** (next() % 66)) * (1 + (next() % 8 - 4) * 2 ** -20); // near powers of two
  else x = sign * next() * 2 ** (next() % 40);
  return type === "f32" ? f32Bits(x) : f64Bits(x);
}

// ---------------------------------------------------------------------------------------------
// the oracle module: one export per op, named after it, taking and returning raw bits

const CARRIER: Record<NumType, string> = { i32: "i32", i64: "i64", f32: "i32", f64: "i64" };

/** WAT for one export: float operands arrive as integer bits and float results leave as bits. */
export function opFunctionWat(op: NumericOp): string {
  const params = op.params.map((t) => CARRIER[t]).join(" ");
  const body: string[] = [];
  op.params.forEach((type, i) => {
    body.push(`local.get ${i}`);
    if (type === "f32") body.push("f32.reinterpret_i32");
    if (type === "f64") body.push("f64.reinterpret_i64");
  });
  body.push(op.name);
  if (op.result === "f32") body.push("i32.reinterpret_f32");
  if (op.result === "f64") body.push("i64.reinterpret_f64");
  return `(func (export "${op.name}") (param ${params}) (result ${CARRIER[op.result]}) ${body.join(" ")})`;
}

/** A module exporting every op in `ops` (default: all numeric ops). */
export function oracleModuleWat(ops: readonly NumericOp[] = NUMERIC_OPS): string {
  return `(module\n${ops.map((op) => "  " + opFunctionWat(op)).join("\n")}\n)`;
}

/** The JS API argument for an operand of `type` (i32 carrier → number, i64 carrier → bigint). */
export function toJsArgument(type: NumType, bits: bigint): number | bigint {
  return widthOf(type) === 32 ? Number(BigInt.asIntN(32, bits)) : BigInt.asIntN(64, bits);
}

/** Raw result bits from a JS API return value of an oracle export. */
export function fromJsResult(type: NumType, value: unknown): bigint {
  if (widthOf(type) === 32) {
    if (typeof value !== "number") throw new Error(`expected a number result, got ${typeof value}`);
    return BigInt.asUintN(32, BigInt(value));
  }
  if (typeof value !== "bigint") throw new Error(`expected a bigint result, got ${typeof value}`);
  return BigInt.asUintN(64, value);
}

/** Maps a V8 trap message to the spec's trap kinds it may stand for (V8 words NaN and out-of-range
 *  conversions the same way). */
export function v8TrapKinds(message: string): readonly TrapKind[] {
  if (message.includes("divide by zero") || message.includes("remainder by zero")) return [Trap.IntegerDivideByZero];
  if (message.includes("divide result unrepresentable")) return [Trap.IntegerOverflow];
  if (message.includes("float unrepresentable")) return [Trap.InvalidConversionToInteger, Trap.IntegerOverflow];
  throw new Error(`unknown V8 trap message: ${message}`);
}

/** Outcome of one evaluation: result bits, or the trap kind. */
export type Outcome = { readonly bits: bigint } | { readonly trap: TrapKind };

/** The trap the spec requires for a trapping float → int conversion (NaN vs out of range). */
export function conversionTrapFor(op: NumericOp, args: readonly bigint[]): TrapKind {
  return isNaNBits(op.params[0], args[0]) ? Trap.InvalidConversionToInteger : Trap.IntegerOverflow;
}

/**
 * Judges `actual` against the oracle's outcome by the spec's rules: same trap (for V8's ambiguous
 * conversion trap, the kind the spec requires for the input); same bits, except for a NaN result of
 * an arithmetic op, where the spec allows any canonical NaN if every NaN operand is canonical and any
 * arithmetic NaN otherwise. Returns a description of the mismatch, or undefined when allowed.
 */
export function judgeOutcome(op: NumericOp, args: readonly bigint[], oracle: Outcome, oracleTrapKinds: readonly TrapKind[] | undefined, actual: Outcome): string | undefined {
  if ("trap" in oracle || oracleTrapKinds !== undefined) {
    if (!("trap" in actual)) return `expected a trap, got ${formatBits(op.result, actual.bits)}`;
    let expected: readonly TrapKind[] = oracleTrapKinds ?? ("trap" in oracle ? [oracle.trap] : []);
    if (expected.length > 1) expected = [conversionTrapFor(op, args)];
    return expected.includes(actual.trap) ? undefined : `expected trap ${expected.join("|")}, got trap ${actual.trap}`;
  }
  if ("trap" in actual) return `expected ${formatBits(op.result, oracle.bits)}, got trap ${actual.trap}`;
  if (op.arithmeticNaN && isNaNBits(op.result, oracle.bits)) {
    if (!isNaNBits(op.result, actual.bits)) return `expected NaN, got ${formatBits(op.result, actual.bits)}`;
    const allCanonical = args.every((a, i) => !isNaNBits(op.params[i], a) || isCanonicalNaNBits(op.params[i], a));
    if (allCanonical) {
      return isCanonicalNaNBits(op.result, actual.bits) ? undefined : `expected a canonical NaN, got ${formatBits(op.result, actual.bits)}`;
    }
    return isArithmeticNaNBits(op.result, actual.bits) ? undefined : `expected an arithmetic NaN, got ${formatBits(op.result, actual.bits)}`;
  }
  return oracle.bits === actual.bits ? undefined : `expected ${formatBits(op.result, oracle.bits)}, got ${formatBits(op.result, actual.bits)}`;
}
