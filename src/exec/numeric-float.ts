// Exact float semantics where plain JS differs from Wasm, as small pure helpers for the interpreter.
//
// What the interpreter does inline (correct as plain JS, no helper needed):
// - f64 + - * / and Math.sqrt; f32 + - * / sqrt as Math.fround(f64 result of the f32 inputs): the
//   double rounding is innocuous because 53 ≥ 2·24 + 2.
// - Math.ceil / Math.floor / Math.trunc for f32 only (an f32 read through a Float32Array is widened
//   by a conversion that quiets a signalling NaN). For f64 use fCeil/fFloor/fTrunc below: V8's
//   Math.ceil/floor/trunc hand a signalling NaN back unchanged (caught by the V8 differential test).
// - Comparisons eq/ne/lt/gt/le/ge (JS already answers false for NaN, ne true).
// - f32.demote_f64 = Math.fround (round to nearest even, overflow to ±inf); f64.promote_f32 = the
//   f32 value read as a number; f32/f64.convert_i32_s/u = Math.fround(x) / Math.fround(x >>> 0) / x /
//   x >>> 0 (all single roundings: an i32 or u32 is exact as f64).
// - abs / neg / copysign: sign-bit operations on the raw bits in the i32 view (never through floats,
//   so NaN payloads survive).
// - i64 → float conversions are in numeric-i64.ts (f32ConvertI64S/U need a sticky bit).
//
// NaN results: every helper here that can produce a NaN from NaN input returns the JS `NaN`
// constant, whose bits are the canonical quiet NaN (positive). That is allowed in every case by the
// spec (a canonical NaN is also an arithmetic NaN), and it never leaks a signalling NaN that a JS
// double read through a Float64Array would otherwise carry unchanged.

import { RuntimeError, Trap } from "../core/index.ts";

const TWO_POW_32 = 4294967296;
const TWO_POW_52 = 4503599627370496;
const TWO_POW_63 = 9223372036854775808;
const TWO_POW_64 = 18446744073709551616;

// ---------------------------------------------------------------------------------------------
// rounding, min, max

/** f64.nearest: round to nearest integer, ties to even; ±0, ±inf kept; NaN → canonical NaN. */
export function f64Nearest(x: number): number {
  if (x !== x) return NaN;
  const magnitude = Math.abs(x);
  // At 2^52 and above every double is an integer (this also covers ±inf); 0 keeps its sign.
  if (magnitude >= TWO_POW_52 || x === 0) return x;
  // Adding and removing 2^52 makes the FPU round at the units place, ties to even.
  const rounded = (magnitude + TWO_POW_52) - TWO_POW_52;
  return x < 0 ? -rounded : rounded;
}

/** f32.nearest on an f32 value held as a number (rounding an f32 to an integer stays an exact f32). */
export function f32Nearest(x: number): number {
  return f64Nearest(x);
}

/** f64.ceil (also right for f32): Math.ceil, but NaN → canonical NaN so a signalling NaN never escapes. */
export function fCeil(x: number): number {
  return x !== x ? NaN : Math.ceil(x);
}
/** f64.floor (also right for f32) */
export function fFloor(x: number): number {
  return x !== x ? NaN : Math.floor(x);
}
/** f64.trunc (also right for f32) */
export function fTrunc(x: number): number {
  return x !== x ? NaN : Math.trunc(x);
}
/** f64.ceil */
export const f64Ceil = fCeil;
/** f64.floor */
export const f64Floor = fFloor;
/** f64.trunc */
export const f64Trunc = fTrunc;

/** f64.min / f32.min: NaN if either is NaN (canonical), -0 < +0. */
export function fMin(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  return Math.min(a, b); // Math.min already orders -0 below +0
}

/** f64.max / f32.max: NaN if either is NaN (canonical), +0 > -0. */
export function fMax(a: number, b: number): number {
  if (a !== a || b !== b) return NaN;
  return Math.max(a, b);
}

/** f32.min (same as fMin: inputs and result are exact f32 values). */
export const f32Min = fMin;
/** f32.max */
export const f32Max = fMax;
/** f64.min */
export const f64Min = fMin;
/** f64.max */
export const f64Max = fMax;

/** f32 arithmetic helper names for clarity in lowering; plain Math.fround of the f64 result. */
export function f32Round(x: number): number {
  return Math.fround(x);
}

// ---------------------------------------------------------------------------------------------
// trapping float → int truncations. The input is the float as a JS number; an f32 is exact as a
// double, so the same range test serves f32 and f64 sources (both are stated on the exact value:
// trunc(x) must be representable, i.e. x in (min - 1, max + 1)).

/** i32.trunc_f32_s / i32.trunc_f64_s */
export function i32TruncS(x: number): number {
  if (x !== x) throw new RuntimeError(Trap.InvalidConversionToInteger);
  if (!(x > -2147483649 && x < 2147483648)) throw new RuntimeError(Trap.IntegerOverflow);
  return x | 0; // |0 truncates toward zero, exactly the Wasm result in this range
}

/** i32.trunc_f32_u / i32.trunc_f64_u (result as a signed i32 holding the u32 bits) */
export function i32TruncU(x: number): number {
  if (x !== x) throw new RuntimeError(Trap.InvalidConversionToInteger);
  if (!(x > -1 && x < TWO_POW_32)) throw new RuntimeError(Trap.IntegerOverflow);
  return x | 0; // ToInt32 of trunc(x): the u32 bits as a signed i32
}

/** i32.trunc_f32_s */
export const i32TruncF32S = i32TruncS;
/** i32.trunc_f64_s */
export const i32TruncF64S = i32TruncS;
/** i32.trunc_f32_u */
export const i32TruncF32U = i32TruncU;
/** i32.trunc_f64_u */
export const i32TruncF64U = i32TruncU;

/** Writes trunc(x) (an integral value with |x| < 2^64) as i64 halves. */
function writeTruncated(w: Int32Array, dst: number, x: number): void {
  const t = Math.trunc(x);
  const hi = Math.floor(t / TWO_POW_32); // exact: division by a power of two
  w[dst] = (t - hi * TWO_POW_32) | 0;
  w[dst + 1] = hi | 0;
}

/** i64.trunc_f32_s / i64.trunc_f64_s: writes the halves at w[dst], w[dst+1]. */
export function i64TruncS(w: Int32Array, dst: number, x: number): void {
  if (x !== x) throw new RuntimeError(Trap.InvalidConversionToInteger);
  // -2^63 itself is representable; the next double below it is -2^63 - 2048.
  if (!(x >= -TWO_POW_63 && x < TWO_POW_63)) throw new RuntimeError(Trap.IntegerOverflow);
  writeTruncated(w, dst, x);
}

/** i64.trunc_f32_u / i64.trunc_f64_u: writes the halves at w[dst], w[dst+1]. */
export function i64TruncU(w: Int32Array, dst: number, x: number): void {
  if (x !== x) throw new RuntimeError(Trap.InvalidConversionToInteger);
  if (!(x > -1 && x < TWO_POW_64)) throw new RuntimeError(Trap.IntegerOverflow);
  writeTruncated(w, dst, x);
}

/** i64.trunc_f32_s */
export const i64TruncF32S = i64TruncS;
/** i64.trunc_f64_s */
export const i64TruncF64S = i64TruncS;
/** i64.trunc_f32_u */
export const i64TruncF32U = i64TruncU;
/** i64.trunc_f64_u */
export const i64TruncF64U = i64TruncU;

// ---------------------------------------------------------------------------------------------
// saturating truncations (NaN → 0, out of range → clamp)

/** i32.trunc_sat_f32_s / i32.trunc_sat_f64_s */
export function i32TruncSatS(x: number): number {
  if (x !== x) return 0;
  if (x <= -2147483648) return -2147483648;
  if (x >= 2147483647) return 2147483647;
  return x | 0;
}

/** i32.trunc_sat_f32_u / i32.trunc_sat_f64_u (u32 bits as a signed i32) */
export function i32TruncSatU(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 4294967295) return -1;
  return x | 0;
}

/** i32.trunc_sat_f32_s */
export const i32TruncSatF32S = i32TruncSatS;
/** i32.trunc_sat_f64_s */
export const i32TruncSatF64S = i32TruncSatS;
/** i32.trunc_sat_f32_u */
export const i32TruncSatF32U = i32TruncSatU;
/** i32.trunc_sat_f64_u */
export const i32TruncSatF64U = i32TruncSatU;

/** i64.trunc_sat_f32_s / i64.trunc_sat_f64_s: writes halves. */
export function i64TruncSatS(w: Int32Array, dst: number, x: number): void {
  if (x !== x) { w[dst] = 0; w[dst + 1] = 0; return; }
  if (x < -TWO_POW_63) { w[dst] = 0; w[dst + 1] = -0x80000000; return; }
  if (x >= TWO_POW_63) { w[dst] = -1; w[dst + 1] = 0x7fffffff; return; }
  writeTruncated(w, dst, x);
}

/** i64.trunc_sat_f32_u / i64.trunc_sat_f64_u: writes halves. */
export function i64TruncSatU(w: Int32Array, dst: number, x: number): void {
  if (x !== x || x <= -1) { w[dst] = 0; w[dst + 1] = 0; return; }
  if (x >= TWO_POW_64) { w[dst] = -1; w[dst + 1] = -1; return; }
  writeTruncated(w, dst, x);
}

/** i64.trunc_sat_f32_s */
export const i64TruncSatF32S = i64TruncSatS;
/** i64.trunc_sat_f64_s */
export const i64TruncSatF64S = i64TruncSatS;
/** i64.trunc_sat_f32_u */
export const i64TruncSatF32U = i64TruncSatU;
/** i64.trunc_sat_f64_u */
export const i64TruncSatF64U = i64TruncSatU;

// ---------------------------------------------------------------------------------------------
// conversions JS would get wrong if written naively

/** f32.convert_i32_u: the u32 is exact as f64, so fround rounds once. */
export function f32ConvertI32U(x: number): number {
  return Math.fround(x >>> 0);
}

/** f32.demote_f64: Math.fround is round-to-nearest-even with overflow to ±inf; NaN → canonical NaN. */
export function f32DemoteF64(x: number): number {
  return x !== x ? NaN : Math.fround(x);
}

// ---------------------------------------------------------------------------------------------
// NaN canonicalisation (deterministic mode: every NaN a float operation produces is the positive
// canonical NaN; apply to the result of arithmetic ops only, never to moves/reinterprets/abs/neg/copysign)

/** Bits of the positive canonical f32 NaN. */
export const F32_CANONICAL_NAN_BITS = 0x7fc00000;
/** High word of the positive canonical f64 NaN (the low word is 0). */
export const F64_CANONICAL_NAN_HI = 0x7ff80000;

/** Returns the f32 bits, replaced by the canonical NaN's bits when they encode any NaN. */
export function canonicalizeF32Bits(bits: number): number {
  return (bits & 0x7fffffff) > 0x7f800000 ? F32_CANONICAL_NAN_BITS : bits;
}

/** Replaces the f64 at words [i, i+1] by the canonical NaN when it is any NaN. */
export function canonicalizeF64At(w: Int32Array, i: number): void {
  const hi = w[i + 1] & 0x7fffffff;
  if (hi > 0x7ff00000 || (hi === 0x7ff00000 && w[i] !== 0)) {
    w[i] = 0;
    w[i + 1] = F64_CANONICAL_NAN_HI;
  }
}

/** Replaces the f32 at word i by the canonical NaN when it is any NaN. */
export function canonicalizeF32At(w: Int32Array, i: number): void {
  if ((w[i] & 0x7fffffff) > 0x7f800000) w[i] = F32_CANONICAL_NAN_BITS;
}
