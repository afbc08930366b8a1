// Exact i64 semantics on the value stack's Int32Array view: a 64-bit value at words [w, w+1] is
// (low, high), both stored as signed 32-bit ints. Every helper reads all of its operands into locals
// before writing, so `dst` may equal any operand. Nothing here allocates in optimised code: the only
// BigInt use is division/remainder, through a BigInt64Array view of the same words, which V8's
// optimising tier lowers to a machine divide (bench/i64-repr.ts has the measurements).
//
// What the interpreter does inline (not provided here, trivially correct on halves): i64.and/or/xor
// (per half), i64.eq/ne/eqz, i64.extend_i32_s/u, i32.wrap_i64, reinterprets. Everything else below.
//
// Note for the hot loop: the contract's (low, high) word pair IS the little-endian int64 layout, so
// a BigInt64Array view `s64` on the value-stack buffer addresses slot k as s64[k]. Written exactly as
// `s64[d] = s64[a] * s64[b]` (also + - & | ^, signed compares `s64[a] < s64[b]`, signed / %), V8
// (Node 20) compiles the BigInt op to a machine int64 op without allocating: ~2x faster than the
// helpers in a tight loop, within noise inside an interpreter loop (bench/i64-repr.ts). Shifts,
// rotations and anything unsigned are NOT lowered on Node 20 (they allocate, 20–100 ns): use the
// helpers for those.

import { RuntimeError, Trap } from "../core/index.ts";

const TWO_POW_32 = 4294967296;

// ---------------------------------------------------------------------------------------------
// add / sub / mul

/** i64.add: w[dst..] = w[a..] + w[b..] (wrapping). */
export function i64Add(w: Int32Array, dst: number, a: number, b: number): void {
  const alo = w[a], blo = w[b], ahi = w[a + 1], bhi = w[b + 1];
  const lo = (alo + blo) | 0;
  // Carry out of the low word iff the wrapped sum is below an addend (unsigned); all int32 math.
  w[dst] = lo;
  w[dst + 1] = (ahi + bhi + ((lo >>> 0) < (alo >>> 0) ? 1 : 0)) | 0;
}

/** i64.sub: w[dst..] = w[a..] - w[b..] (wrapping). */
export function i64Sub(w: Int32Array, dst: number, a: number, b: number): void {
  const alo = w[a], blo = w[b], ahi = w[a + 1], bhi = w[b + 1];
  w[dst] = (alo - blo) | 0;
  w[dst + 1] = (ahi - bhi - ((alo >>> 0) < (blo >>> 0) ? 1 : 0)) | 0;
}

/** High 32 bits (as an unsigned number) of the unsigned 64-bit product of two u32 values. */
function mulHighU32(x: number, y: number): number {
  const x0 = x & 0xffff, x1 = x >>> 16, y0 = y & 0xffff, y1 = y >>> 16;
  // Every partial product is < 2^32 and their sums stay < 2^53, so doubles are exact here.
  const mid = x1 * y0 + x0 * y1 + ((x0 * y0) >>> 16);
  return x1 * y1 + Math.floor(mid / 65536);
}

/** i64.mul: w[dst..] = w[a..] * w[b..] (wrapping). */
export function i64Mul(w: Int32Array, dst: number, a: number, b: number): void {
  const alo = w[a], ahi = w[a + 1], blo = w[b], bhi = w[b + 1];
  const hi = mulHighU32(alo >>> 0, blo >>> 0) + Math.imul(alo, bhi) + Math.imul(ahi, blo);
  w[dst] = Math.imul(alo, blo);
  w[dst + 1] = hi | 0;
}

// ---------------------------------------------------------------------------------------------
// div / rem

// Division goes through a BigInt64Array view of the caller's own words: V8's optimising tier lowers
// signed BigInt64 division/remainder between BigInt64Array elements to a machine 64-bit divide (no
// allocation; measured ~9 ns against ~35 ns for an exact double path using % and ~50–100 ns for
// unsigned BigInt division, see bench/i64-repr.ts). Unsigned division is reduced to signed division.
// The view is cached per Int32Array (the interpreter always passes its one value-stack view).
let viewWords: Int32Array | null = null;
let viewBig: BigInt64Array = new BigInt64Array(0);
let viewUsable = false;
const INT64_MAX = 0x7fffffffffffffffn;
const TWO_POW_62 = 0x4000000000000000n;

function bigViewOf(w: Int32Array): BigInt64Array {
  if (w !== viewWords) {
    viewWords = w;
    viewUsable = (w.byteOffset & 7) === 0;
    viewBig = viewUsable ? new BigInt64Array(w.buffer, w.byteOffset, w.length >> 1) : new BigInt64Array(0);
  }
  return viewBig;
}

// Fallback for views that are not 8-byte aligned or odd word indices (not used by the interpreter).
const scratchI32 = new Int32Array(2);
const scratchI64 = new BigInt64Array(scratchI32.buffer);
const scratchU64 = new BigUint64Array(scratchI32.buffer);

function loadS(w: Int32Array, a: number): bigint {
  scratchI32[0] = w[a];
  scratchI32[1] = w[a + 1];
  return scratchI64[0];
}
function loadU(w: Int32Array, a: number): bigint {
  scratchI32[0] = w[a];
  scratchI32[1] = w[a + 1];
  return scratchU64[0];
}
function storeBig(w: Int32Array, dst: number, v: bigint): void {
  scratchI64[0] = v; // BigInt64Array stores wrap modulo 2^64, which is what both signednesses need
  w[dst] = scratchI32[0];
  w[dst + 1] = scratchI32[1];
}

/** Whether words a, b, dst of w can be addressed as BigInt64Array elements of bigViewOf(w). */
function viewFits(w: Int32Array, dst: number, a: number, b: number): boolean {
  const view = bigViewOf(w);
  // The length test guards views that grew after the BigInt64Array was made (length-tracking views
  // on a resizable buffer): a typed-array write past the end would be silently dropped.
  const highest = dst > a ? (dst > b ? dst : b) : a > b ? a : b;
  return viewUsable && ((dst | a | b) & 1) === 0 && highest >> 1 < view.length;
}

/** i64.div_s; traps with "integer divide by zero" and "integer overflow" (min / -1). */
export function i64DivS(w: Int32Array, dst: number, a: number, b: number): void {
  const alo = w[a], ahi = w[a + 1], blo = w[b], bhi = w[b + 1];
  if ((blo | bhi) === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  if (ahi === -0x80000000 && alo === 0 && bhi === -1 && blo === -1) throw new RuntimeError(Trap.IntegerOverflow);
  if (viewFits(w, dst, a, b)) viewBig[dst >> 1] = viewBig[a >> 1] / viewBig[b >> 1];
  else storeBig(w, dst, loadS(w, a) / loadS(w, b));
}

/** i64.rem_s; traps with "integer divide by zero"; min rem -1 is 0 (no trap). Sign follows the dividend. */
export function i64RemS(w: Int32Array, dst: number, a: number, b: number): void {
  const blo = w[b], bhi = w[b + 1];
  if ((blo | bhi) === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  // x rem -1 is always 0; answering early also keeps min rem -1 away from the hardware divide.
  if ((blo & bhi) === -1) { w[dst] = 0; w[dst + 1] = 0; return; }
  if (viewFits(w, dst, a, b)) viewBig[dst >> 1] = viewBig[a >> 1] % viewBig[b >> 1];
  else storeBig(w, dst, loadS(w, a) % loadS(w, b));
}

/** i64.div_u; traps with "integer divide by zero". */
export function i64DivU(w: Int32Array, dst: number, a: number, b: number): void {
  const bhi = w[b + 1];
  if ((w[b] | bhi) === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  // Both below 2^63: unsigned and signed division agree (kept tiny so it inlines into the caller).
  if ((w[a + 1] | bhi) >= 0 && viewFits(w, dst, a, b)) viewBig[dst >> 1] = viewBig[a >> 1] / viewBig[b >> 1];
  else divRemULarge(w, dst, a, b, false);
}

/** i64.rem_u; traps with "integer divide by zero". */
export function i64RemU(w: Int32Array, dst: number, a: number, b: number): void {
  const bhi = w[b + 1];
  if ((w[b] | bhi) === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  if ((w[a + 1] | bhi) >= 0 && viewFits(w, dst, a, b)) viewBig[dst >> 1] = viewBig[a >> 1] % viewBig[b >> 1];
  else divRemULarge(w, dst, a, b, true);
}

/**
 * Unsigned division when an operand is ≥ 2^63 (or the view cannot be used); b is non-zero. Writes
 * the quotient (wantRemainder false) or the remainder at w[dst..]. A divisor ≥ 2^63 gives a
 * quotient of 0 or 1; a dividend ≥ 2^63 uses Hacker's Delight 9-3: q = ((a >>> 1) / b) << 1, then
 * one correction step.
 */
function divRemULarge(w: Int32Array, dst: number, a: number, b: number, wantRemainder: boolean): void {
  const alo = w[a], ahi = w[a + 1], blo = w[b], bhi = w[b + 1];
  if (bhi < 0) {
    // b ≥ 2^63: the quotient is 1 when a ≥ b (unsigned), else 0.
    const ge = (ahi >>> 0) > (bhi >>> 0) || (ahi === bhi && (alo >>> 0) >= (blo >>> 0));
    if (wantRemainder) {
      if (ge) { w[dst] = (alo - blo) | 0; w[dst + 1] = (ahi - bhi - ((alo >>> 0) < (blo >>> 0) ? 1 : 0)) | 0; }
      else { w[dst] = alo; w[dst + 1] = ahi; }
    } else { w[dst] = ge ? 1 : 0; w[dst + 1] = 0; }
    return;
  }
  if (!viewFits(w, dst, a, b)) {
    const x = loadU(w, a), y = loadU(w, b);
    storeBig(w, dst, wantRemainder ? x % y : x / y);
    return;
  }
  if (ahi >= 0) {
    // Only reached when the view could not be used by the caller's fast path; kept for completeness.
    if (wantRemainder) viewBig[dst >> 1] = viewBig[a >> 1] % viewBig[b >> 1];
    else viewBig[dst >> 1] = viewBig[a >> 1] / viewBig[b >> 1];
    return;
  }
  // a ≥ 2^63 > b > 0: q = ((a >>> 1) / b) · 2 is the quotient or one below it. Everything is written
  // with the signed BigInt64 operations V8 lowers to machine ops: a >>> 1 = (a & MAX) / 2 + 2^62,
  // r = a - q·b wraps into [0, 2b), which is below 2^64 but may read as negative when signed.
  const x = viewBig[a >> 1], y = viewBig[b >> 1];
  const q = (((x & INT64_MAX) / 2n + TWO_POW_62) / y) * 2n;
  const r = BigInt.asIntN(64, x - q * y);
  const needsCorrection = r < 0n || r >= y;
  if (wantRemainder) viewBig[dst >> 1] = needsCorrection ? r - y : r;
  else viewBig[dst >> 1] = needsCorrection ? q + 1n : q;
}

// ---------------------------------------------------------------------------------------------
// shifts and rotations (the count is the low 6 bits of operand b's low word, as the spec says)

/** i64.shl */
export function i64Shl(w: Int32Array, dst: number, a: number, b: number): void {
  const k = w[b] & 63, lo = w[a], hi = w[a + 1];
  if (k === 0) { w[dst] = lo; w[dst + 1] = hi; }
  else if (k < 32) { w[dst] = lo << k; w[dst + 1] = (hi << k) | (lo >>> (32 - k)); }
  else { w[dst + 1] = lo << (k - 32); w[dst] = 0; }
}

/** i64.shr_s */
export function i64ShrS(w: Int32Array, dst: number, a: number, b: number): void {
  const k = w[b] & 63, lo = w[a], hi = w[a + 1];
  if (k === 0) { w[dst] = lo; w[dst + 1] = hi; }
  else if (k < 32) { w[dst] = (lo >>> k) | (hi << (32 - k)); w[dst + 1] = hi >> k; }
  else { w[dst] = hi >> (k - 32); w[dst + 1] = hi >> 31; }
}

/** i64.shr_u */
export function i64ShrU(w: Int32Array, dst: number, a: number, b: number): void {
  const k = w[b] & 63, lo = w[a], hi = w[a + 1];
  if (k === 0) { w[dst] = lo; w[dst + 1] = hi; }
  else if (k < 32) { w[dst] = (lo >>> k) | (hi << (32 - k)); w[dst + 1] = hi >>> k; }
  else { w[dst] = hi >>> (k - 32); w[dst + 1] = 0; }
}

/** i64.rotl */
export function i64Rotl(w: Int32Array, dst: number, a: number, b: number): void {
  let k = w[b] & 63, lo = w[a], hi = w[a + 1];
  if (k >= 32) { const t = lo; lo = hi; hi = t; k -= 32; }
  if (k === 0) { w[dst] = lo; w[dst + 1] = hi; }
  else { w[dst] = (lo << k) | (hi >>> (32 - k)); w[dst + 1] = (hi << k) | (lo >>> (32 - k)); }
}

/** i64.rotr */
export function i64Rotr(w: Int32Array, dst: number, a: number, b: number): void {
  let k = w[b] & 63, lo = w[a], hi = w[a + 1];
  if (k >= 32) { const t = lo; lo = hi; hi = t; k -= 32; }
  if (k === 0) { w[dst] = lo; w[dst + 1] = hi; }
  else { w[dst] = (lo >>> k) | (hi << (32 - k)); w[dst + 1] = (hi >>> k) | (lo << (32 - k)); }
}

// ---------------------------------------------------------------------------------------------
// bit counting (results are i64: high word 0)

/** i32.ctz on a 32-bit value (also used by i64Ctz). */
export function i32Ctz(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** i32.popcnt on a 32-bit value (also used by i64Popcnt). */
export function i32Popcnt(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** i64.clz */
export function i64Clz(w: Int32Array, dst: number, a: number): void {
  const hi = w[a + 1];
  w[dst] = hi === 0 ? 32 + Math.clz32(w[a]) : Math.clz32(hi);
  w[dst + 1] = 0;
}

/** i64.ctz */
export function i64Ctz(w: Int32Array, dst: number, a: number): void {
  const lo = w[a];
  w[dst] = lo === 0 ? 32 + i32Ctz(w[a + 1]) : i32Ctz(lo);
  w[dst + 1] = 0;
}

/** i64.popcnt */
export function i64Popcnt(w: Int32Array, dst: number, a: number): void {
  w[dst] = i32Popcnt(w[a]) + i32Popcnt(w[a + 1]);
  w[dst + 1] = 0;
}

// ---------------------------------------------------------------------------------------------
// sign extension

/** i64.extend8_s */
export function i64Extend8S(w: Int32Array, dst: number, a: number): void {
  const lo = (w[a] << 24) >> 24;
  w[dst] = lo; w[dst + 1] = lo >> 31;
}
/** i64.extend16_s */
export function i64Extend16S(w: Int32Array, dst: number, a: number): void {
  const lo = (w[a] << 16) >> 16;
  w[dst] = lo; w[dst + 1] = lo >> 31;
}
/** i64.extend32_s (same as i64.extend_i32_s applied to the low word) */
export function i64Extend32S(w: Int32Array, dst: number, a: number): void {
  const lo = w[a];
  w[dst] = lo; w[dst + 1] = lo >> 31;
}

// ---------------------------------------------------------------------------------------------
// comparisons (return booleans; the interpreter writes 1/0). eq/ne are two word compares, done inline.

/** i64.lt_s */
export function i64LtS(w: Int32Array, a: number, b: number): boolean {
  const ahi = w[a + 1], bhi = w[b + 1];
  return ahi < bhi || (ahi === bhi && (w[a] >>> 0) < (w[b] >>> 0));
}
/** i64.lt_u */
export function i64LtU(w: Int32Array, a: number, b: number): boolean {
  const ahi = w[a + 1], bhi = w[b + 1];
  return (ahi >>> 0) < (bhi >>> 0) || (ahi === bhi && (w[a] >>> 0) < (w[b] >>> 0));
}
/** i64.gt_s */
export function i64GtS(w: Int32Array, a: number, b: number): boolean { return i64LtS(w, b, a); }
/** i64.gt_u */
export function i64GtU(w: Int32Array, a: number, b: number): boolean { return i64LtU(w, b, a); }
/** i64.le_s */
export function i64LeS(w: Int32Array, a: number, b: number): boolean { return !i64LtS(w, b, a); }
/** i64.le_u */
export function i64LeU(w: Int32Array, a: number, b: number): boolean { return !i64LtU(w, b, a); }
/** i64.ge_s */
export function i64GeS(w: Int32Array, a: number, b: number): boolean { return !i64LtS(w, a, b); }
/** i64.ge_u */
export function i64GeU(w: Int32Array, a: number, b: number): boolean { return !i64LtU(w, a, b); }

// ---------------------------------------------------------------------------------------------
// integer → float conversions (take the halves, return the float as a JS number)

/** f64.convert_i64_s: one rounding (the sum of an exact hi·2^32 and an exact low word is rounded once). */
export function f64ConvertI64S(lo: number, hi: number): number {
  return hi * TWO_POW_32 + (lo >>> 0);
}

/** f64.convert_i64_u */
export function f64ConvertI64U(lo: number, hi: number): number {
  return (hi >>> 0) * TWO_POW_32 + (lo >>> 0);
}

/**
 * Unsigned magnitude (mhi, mlo as u32) to f32 with a single rounding. Going through f64 first would
 * round twice; instead, when the value needs more than 53 bits, the bits below the 53rd are folded
 * into a sticky bit, which makes the f64 conversion exact and leaves fround's one rounding correct.
 */
function u64MagnitudeToF32(mlo: number, mhi: number): number {
  if (mhi >= 0x200000) {
    // Value ≥ 2^53: its top bit is ≥ 53, so f32 rounds at bit ≥ 29 of the whole; keep low-word bits
    // 31..12 exactly and make bit 11 sticky for everything below.
    mlo = (mlo & 0xfffff000) | ((mlo & 0xfff) !== 0 ? 0x800 : 0);
    mlo >>>= 0;
  }
  return Math.fround(mhi * TWO_POW_32 + mlo);
}

/** f32.convert_i64_s (correctly rounded once; returns the f32 value as a number). */
export function f32ConvertI64S(lo: number, hi: number): number {
  if (hi < 0) {
    // Magnitude of a negative value: two's complement negate (also right for -2^63: 0x8000_0000_0000_0000).
    const nlo = (-lo) >>> 0;
    const nhi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    return -u64MagnitudeToF32(nlo, nhi);
  }
  return u64MagnitudeToF32(lo >>> 0, hi);
}

/** f32.convert_i64_u (correctly rounded once). */
export function f32ConvertI64U(lo: number, hi: number): number {
  return u64MagnitudeToF32(lo >>> 0, hi >>> 0);
}

// ---------------------------------------------------------------------------------------------
// bigint bridge for the public API (not for the hot loop)

/** Writes a bigint (taken modulo 2^64) as halves at w[dst..]. */
export function i64FromBigInt(w: Int32Array, dst: number, value: bigint): void {
  storeBig(w, dst, BigInt.asIntN(64, value));
}

/** Reads the i64 at w[a..] as a signed bigint (the JS API's view of i64). */
export function i64ToBigInt(w: Int32Array, a: number): bigint {
  return loadS(w, a);
}

/** Reads the i64 at w[a..] as an unsigned bigint. */
export function u64ToBigInt(w: Int32Array, a: number): bigint {
  return loadU(w, a);
}
