// Exact i64 semantics on the value stack's Int32Array view: a 64-bit value at words [w, w+1] is
// (low, high), both stored as signed 32-bit ints. Every helper reads all of its operands into locals
// before writing, so `dst` may equal any operand. Nothing here allocates in optimised code: the only
// BigInt use is division/remainder, through a BigInt64Array view of the same words (or of scratch
// words), which V8's optimising tier lowers to a machine divide (bench/i64-repr.ts has the
// measurements). i64Mul's high word is one double multiply rounded to the exact integer (see there).
// Sizes matter: TurboFan inlines a helper into `run` only within a small bytecode budget, so the hot
// helpers keep their common path short and leave traps and rare cases to out-of-line slow paths.
// Measured (Node 20, interleaved bench/run.ts --quick): i64Mul 125 + 102 bytes (with mulHighU32) →
// 145; i64DivU 166 + 187 (viewFits, bigViewOf) → 171; a dividend ≥ 2^63 ~27 → ~17 ns, no allocation.
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

/** 2^-32: scaling by a power of two is exact in doubles. */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * i64.mul: w[dst..] = w[a..] * w[b..] (wrapping). The high word of the u32×u32 low product comes
 * from one double multiply: p = fl(x·y) is within 2^10 of x·y (half an ulp below 2^64), and
 * fl(p − lo) adds at most 2^10 more, so (p − lo)·2^-32 is within 2^-21 of the exact integer high
 * word; + 0.5 and truncation (`| 0`, which also wraps modulo 2^32) round it to that integer. Kept
 * this small (no helper calls) so TurboFan can inline it into the interpreter loop.
 */
export function i64Mul(w: Int32Array, dst: number, a: number, b: number): void {
  const alo = w[a], ahi = w[a + 1], blo = w[b], bhi = w[b + 1];
  const lo = Math.imul(alo, blo);
  const hi = (((alo >>> 0) * (blo >>> 0) - (lo >>> 0)) * TWO_POW_MINUS_32 + 0.5) | 0;
  w[dst + 1] = (hi + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
  w[dst] = lo;
}

// ---------------------------------------------------------------------------------------------
// div / rem

// Division goes through a BigInt64Array view of the caller's own words: V8's optimising tier lowers
// signed BigInt64 division/remainder between BigInt64Array elements to a machine 64-bit divide (no
// allocation; measured ~9 ns against ~35 ns for an exact double path using % and ~50–100 ns for
// unsigned BigInt division, see bench/i64-repr.ts). Unsigned division is reduced to signed division.
// The view is bound to one Int32Array at a time (the interpreter always passes its one value-stack
// view), and only to one it covers exactly: 8-byte aligned and on a buffer that cannot be resized (a
// length-tracking Int32Array could outgrow the view, and a write past its end would be dropped).
// Then any valid even word index of `w` is a valid element index of the view, so the fast paths
// test only `w === viewWords` and the parity of the indices. Anything else (odd indices, another
// array, the first call for a new array) takes the slow path, which binds the view for next time.
let viewWords: Int32Array | null = null;
let viewBig: BigInt64Array = new BigInt64Array(0);

function bindView(w: Int32Array): void {
  const buffer = w.buffer as ArrayBufferLike & { readonly resizable?: boolean; readonly growable?: boolean };
  if ((w.byteOffset & 7) !== 0 || buffer.resizable === true || buffer.growable === true) return;
  viewWords = w;
  viewBig = new BigInt64Array(w.buffer, w.byteOffset, w.length >> 1);
}

// Fallback for the bigint bridge below (not the hot loop).
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

// The fast paths below are kept small (bytecode) so TurboFan can inline them into the interpreter:
// `((dst | a | b) << 31)` puts any odd index into the sign bit, folded into the operands' sign test.

/** i64.div_s; traps with "integer divide by zero" and "integer overflow" (min / -1). */
export function i64DivS(w: Int32Array, dst: number, a: number, b: number): void {
  const blo = w[b], bhi = w[b + 1];
  if ((blo | bhi) === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  if ((blo & bhi) === -1 && w[a] === 0 && w[a + 1] === -0x80000000) throw new RuntimeError(Trap.IntegerOverflow);
  if (w === viewWords && ((dst | a | b) & 1) === 0) viewBig[dst >> 1] = viewBig[a >> 1] / viewBig[b >> 1];
  else divRemSSlow(w, dst, a, b, false);
}

/** i64.rem_s; traps with "integer divide by zero"; min rem -1 is 0 (no trap). Sign follows the dividend. */
export function i64RemS(w: Int32Array, dst: number, a: number, b: number): void {
  const blo = w[b], bhi = w[b + 1];
  if ((blo | bhi) === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  // x rem -1 is always 0; answering early also keeps min rem -1 away from the hardware divide.
  if ((blo & bhi) === -1) { w[dst] = 0; w[dst + 1] = 0; return; }
  if (w === viewWords && ((dst | a | b) & 1) === 0) viewBig[dst >> 1] = viewBig[a >> 1] % viewBig[b >> 1];
  else divRemSSlow(w, dst, a, b, true);
}

/** i64.div_u; traps with "integer divide by zero". */
export function i64DivU(w: Int32Array, dst: number, a: number, b: number): void {
  const bhi = w[b + 1];
  if ((w[b] | bhi) === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  // Both below 2^63 (and even indices into the bound view): unsigned and signed division agree.
  if ((w[a + 1] | bhi | ((dst | a | b) << 31)) >= 0 && w === viewWords) viewBig[dst >> 1] = viewBig[a >> 1] / viewBig[b >> 1];
  else divRemULarge(w, dst, a, b, false);
}

/** i64.rem_u; traps with "integer divide by zero". */
export function i64RemU(w: Int32Array, dst: number, a: number, b: number): void {
  const bhi = w[b + 1];
  if ((w[b] | bhi) === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  if ((w[a + 1] | bhi | ((dst | a | b) << 31)) >= 0 && w === viewWords) viewBig[dst >> 1] = viewBig[a >> 1] % viewBig[b >> 1];
  else divRemULarge(w, dst, a, b, true);
}

// Scratch words for the slow paths: [dividend | divisor | result] as three int64 elements, so its one
// machine divide is the typed-array-to-typed-array form V8 lowers (no BigInt values escape).
const divWords = new Int32Array(6);
const divBig = new BigInt64Array(divWords.buffer);

/** Signed division or remainder through the scratch words (traps already checked by the caller). */
function divRemSSlow(w: Int32Array, dst: number, a: number, b: number, wantRemainder: boolean): void {
  if (w !== viewWords) bindView(w);
  divWords[0] = w[a];
  divWords[1] = w[a + 1];
  divWords[2] = w[b];
  divWords[3] = w[b + 1];
  if (wantRemainder) divBig[2] = divBig[0] % divBig[1];
  else divBig[2] = divBig[0] / divBig[1];
  w[dst] = divWords[4];
  w[dst + 1] = divWords[5];
}

/** Whether xHi:xLo ≥ yHi:yLo, unsigned. */
function geU64(xLo: number, xHi: number, yLo: number, yHi: number): boolean {
  return (xHi >>> 0) > (yHi >>> 0) || (xHi === yHi && (xLo >>> 0) >= (yLo >>> 0));
}

/**
 * Unsigned division when an operand is ≥ 2^63 (or the view cannot be used); b is non-zero. Writes
 * the quotient (wantRemainder false) or the remainder at w[dst..]. A divisor ≥ 2^63 gives a
 * quotient of 0 or 1; a dividend ≥ 2^63 uses Hacker's Delight 9-3: q = ((a >>> 1) / b) << 1, then
 * one correction step. Only the divide is a BigInt64 operation; the rest is int32/double arithmetic.
 */
function divRemULarge(w: Int32Array, dst: number, a: number, b: number, wantRemainder: boolean): void {
  if (w !== viewWords) bindView(w);
  const alo = w[a], ahi = w[a + 1], blo = w[b], bhi = w[b + 1];
  if (bhi < 0) {
    // b ≥ 2^63: the quotient is 1 when a ≥ b (unsigned), else 0.
    const ge = geU64(alo, ahi, blo, bhi);
    if (wantRemainder) {
      if (ge) { w[dst] = (alo - blo) | 0; w[dst + 1] = (ahi - bhi - ((alo >>> 0) < (blo >>> 0) ? 1 : 0)) | 0; }
      else { w[dst] = alo; w[dst + 1] = ahi; }
    } else { w[dst] = ge ? 1 : 0; w[dst + 1] = 0; }
    return;
  }
  if (ahi >= 0) {
    // Both below 2^63 but the caller could not use its view: signed division is unsigned division.
    divRemSSlow(w, dst, a, b, wantRemainder);
    return;
  }
  if (bhi < 0x400) {
    // a ≥ 2^63, b < 2^42: two digits in doubles, t = a >>> 11 (< 2^53) then the low 11 bits. Every
    // value stays below 2^53, so products and differences are exact, and floor(fl(x / y)) is the
    // exact floor(x / y) for x < 2^53 (the rounding error is below x·2^-53 / y < 1 / y, smaller than
    // the gap from x / y to the next integer). Measured faster than the BigInt64 divide below, which
    // the scratch round trip and the correction step make the slowest path here.
    const y = bhi * TWO_POW_32 + (blo >>> 0);
    const t = (ahi >>> 0) * 2097152 + (alo >>> 11);
    const qa = Math.floor(t / y);
    const n = (t - qa * y) * 2048 + (alo & 0x7ff);
    const qb = Math.floor(n / y);
    if (wantRemainder) {
      const r = n - qb * y; // < 2^42; the Int32Array stores take it modulo 2^32
      w[dst] = r;
      w[dst + 1] = Math.floor(r * TWO_POW_MINUS_32);
    } else {
      // q = qa·2^11 + qb < 2^64 is not exact in a double: split qa at bit 21 first.
      const qhi = Math.floor(qa * 4.76837158203125e-7);
      w[dst] = (qa - qhi * 2097152) * 2048 + qb;
      w[dst + 1] = qhi;
    }
    return;
  }
  // a ≥ 2^63 > b ≥ 2^42: q = ((a >>> 1) / b) · 2 is the quotient or one below it, so r = a − q·b is in
  // [0, 2b), which fits in 64 bits; if r ≥ b, the quotient is q + 1 and the remainder r − b.
  divWords[0] = (alo >>> 1) | (ahi << 31);
  divWords[1] = ahi >>> 1;
  divWords[2] = blo;
  divWords[3] = bhi;
  divBig[2] = divBig[0] / divBig[1];
  const q0lo = divWords[4], q0hi = divWords[5];
  const qlo = q0lo << 1, qhi = (q0hi << 1) | (q0lo >>> 31);
  // q·b modulo 2^64, exactly as i64Mul computes it.
  const plo = Math.imul(qlo, blo);
  const phi = ((((qlo >>> 0) * (blo >>> 0) - (plo >>> 0)) * TWO_POW_MINUS_32 + 0.5) | 0) + Math.imul(qlo, bhi) + Math.imul(qhi, blo);
  let rlo = (alo - plo) | 0;
  let rhi = (ahi - phi - ((alo >>> 0) < (plo >>> 0) ? 1 : 0)) | 0;
  const geB = geU64(rlo, rhi, blo, bhi);
  if (wantRemainder) {
    if (geB) {
      const lo = (rlo - blo) | 0;
      rhi = (rhi - bhi - ((rlo >>> 0) < (blo >>> 0) ? 1 : 0)) | 0;
      rlo = lo;
    }
    w[dst] = rlo;
    w[dst + 1] = rhi;
  } else {
    // qlo is even, so q + 1 never carries into the high word.
    w[dst] = geB ? qlo | 1 : qlo;
    w[dst + 1] = qhi;
  }
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

/** Every i64 compare (run's plain ones, the fused i64.cmp_lc family of compile/internal-opcodes.ts):
 *  1 if x = xHi:xLo compares to y = yHi:yLo as `mask` says (bit o for ordering o: 0 less, 1 equal,
 *  2 greater; bit 3: unsigned), else 0. One small function for the ten compares of each width keeps
 *  `run`'s bytecode small; TurboFan inlines it. */
export function i64CompareMask(xLo: number, xHi: number, yLo: number, yHi: number, mask: number): number {
  let ordering = 1;
  if (xHi !== yHi) ordering = ((mask & 8) !== 0 ? xHi >>> 0 < yHi >>> 0 : xHi < yHi) ? 0 : 2;
  else if (xLo !== yLo) ordering = xLo >>> 0 < yLo >>> 0 ? 0 : 2;
  return (mask >> ordering) & 1;
}
/** i64.lt_s */
export function i64LtS(w: Int32Array, a: number, b: number): boolean {
  return i64CompareMask(w[a], w[a + 1], w[b], w[b + 1], 0b0001) === 1;
}
/** i64.lt_u */
export function i64LtU(w: Int32Array, a: number, b: number): boolean {
  return i64CompareMask(w[a], w[a + 1], w[b], w[b + 1], 0b1001) === 1;
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
