// Numeric literals of the text format, to exact bits. Floats are rounded from the exact rational value
// (BigInt arithmetic, round-to-nearest-even) — parsing f32 through f64 would round twice, which
// float_literals.wast catches.

const DEC_DIGITS = /^[0-9]+(?:_[0-9]+)*$/;
const HEX_DIGITS = /^[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*$/;

function digitsValue(text: string, radix: 10 | 16): bigint {
  const clean = text.replace(/_/g, "");
  return radix === 16 ? BigInt(`0x${clean}`) : BigInt(clean);
}

/** An integer literal (decimal or hex, optional sign, underscores) wrapped to `bits` as a signed value; undefined if malformed or out of range. */
export function parseIntLiteral(text: string, bits: 8 | 16 | 32 | 64): bigint | undefined {
  let body = text;
  let negative = false;
  if (body.startsWith("+") || body.startsWith("-")) { negative = body[0] === "-"; body = body.slice(1); }
  let magnitude: bigint;
  if (body.startsWith("0x")) {
    if (!HEX_DIGITS.test(body.slice(2))) return undefined;
    magnitude = digitsValue(body.slice(2), 16);
  } else {
    if (!DEC_DIGITS.test(body)) return undefined;
    magnitude = digitsValue(body, 10);
  }
  const limit = negative ? 1n << BigInt(bits - 1) : 1n << BigInt(bits);
  if (negative ? magnitude > limit : magnitude >= limit) return undefined;
  return BigInt.asIntN(bits, negative ? -magnitude : magnitude);
}

interface FloatFormat { readonly precision: number; readonly emin: number; readonly emax: number; readonly totalBits: number }
const F32: FloatFormat = { precision: 24, emin: -126, emax: 127, totalBits: 32 };
const F64: FloatFormat = { precision: 53, emin: -1022, emax: 1023, totalBits: 64 };

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Bits (without sign) of the float nearest to num/den (both > 0), ties to even; infinity on overflow. */
function roundRational(num: bigint, den: bigint, f: FloatFormat): bigint {
  const p = f.precision;
  const mantBits = BigInt(p - 1);
  const infinity = BigInt((1 << (f.totalBits - p)) - 1) << mantBits;
  // e = floor(log2(num/den)).
  let e = bitLength(num) - bitLength(den);
  const below = e >= 0 ? num < den << BigInt(e) : num << BigInt(-e) < den;
  if (below) e--;
  if (e < f.emin) e = f.emin; // subnormal range: fixed exponent, fewer significant bits
  const shift = p - 1 - e;
  const scaledNum = shift >= 0 ? num << BigInt(shift) : num;
  const scaledDen = shift >= 0 ? den : den << BigInt(-shift);
  let q = scaledNum / scaledDen;
  const twiceRem = (scaledNum - q * scaledDen) * 2n;
  if (twiceRem > scaledDen || (twiceRem === scaledDen && (q & 1n) === 1n)) q++;
  if (q === 1n << BigInt(p)) { q >>= 1n; e++; }
  if (e > f.emax) return infinity;
  if (q < 1n << mantBits) return q; // subnormal (or zero): biased exponent 0
  return (BigInt(e + (1 << (f.totalBits - p - 1)) - 1) << mantBits) | (q - (1n << mantBits));
}

const HEX_FLOAT = /^0x([0-9a-fA-F_]+)(?:\.([0-9a-fA-F_]*))?(?:[pP]([+-]?[0-9_]+))?$/;
const DEC_FLOAT = /^([0-9_]+)(?:\.([0-9_]*))?(?:[eE]([+-]?[0-9_]+))?$/;

function validGroup(digits: string | undefined, re: RegExp, allowEmpty: boolean): boolean {
  if (digits === undefined || digits === "") return allowEmpty;
  return re.test(digits);
}

function validExponent(text: string | undefined): boolean {
  if (text === undefined) return true;
  const body = text.startsWith("+") || text.startsWith("-") ? text.slice(1) : text;
  return DEC_DIGITS.test(body);
}

const PLAIN_DECIMAL = /^[+-]?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?$/;
const fastF64 = new Float64Array(1);
const fastF64Bits = new BigUint64Array(fastF64.buffer);
const fastF32 = new Float32Array(1);
const fastF32Bits = new Uint32Array(fastF32.buffer);

/** A float literal (decimal, hex, inf, nan, nan:0x…) as its IEEE bit pattern; undefined if malformed. */
export function parseFloatBits(text: string, bits: 32 | 64): bigint | undefined {
  // Fast path (most of the suite's literals): JS's Number() rounds a decimal string correctly to f64.
  // For f32, rounding that f64 again is still correct unless it landed exactly on an f32 midpoint (a
  // midpoint is an f64, so nothing else can lie between the true value and the f64) or near the
  // subnormal/overflow edges; those go the exact way.
  if (PLAIN_DECIMAL.test(text)) {
    const d = Number(text);
    fastF64[0] = d;
    const d64 = fastF64Bits[0]!;
    if (bits === 64) return d64;
    const magnitude = Math.abs(d);
    if (magnitude === 0 || (magnitude >= 2 ** -125 && magnitude < 2 ** 127 && (d64 & 0x1fffffffn) !== 0x10000000n)) {
      fastF32[0] = d;
      return BigInt(fastF32Bits[0]!);
    }
  }
  const hex = SIMPLE_HEX.exec(text);
  if (hex !== null) {
    // A hex literal with at most 13 significant digits is an exact f64 when the product stays normal.
    const [, signText, intPart, fracPart, expPart] = hex;
    const frac = fracPart ?? "";
    if (intPart!.length + frac.length <= 13) {
      const exp2 = (expPart === undefined ? 0 : Number(expPart)) - 4 * frac.length;
      if (exp2 >= -1022 && exp2 <= 1023) {
        const magnitude = parseInt(intPart! + frac, 16) * 2 ** exp2;
        if (magnitude === 0 || (magnitude >= 2 ** -1022 && magnitude < Infinity)) {
          const d = signText === "-" ? -magnitude : magnitude;
          fastF64[0] = d;
          if (bits === 64) return fastF64Bits[0]!;
          fastF32[0] = d;
          return BigInt(fastF32Bits[0]!);
        }
      }
    }
  }
  return parseFloatBitsExact(text, bits);
}

const SIMPLE_HEX = /^([+-]?)0x([0-9a-fA-F]+)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;

/** The exact (BigInt) path of parseFloatBits, exported so tests can check the fast path against it. */
export function parseFloatBitsExact(text: string, bits: 32 | 64): bigint | undefined {
  const f = bits === 32 ? F32 : F64;
  let body = text;
  let negative = false;
  if (body.startsWith("+") || body.startsWith("-")) { negative = body[0] === "-"; body = body.slice(1); }
  const sign = negative ? 1n << BigInt(bits - 1) : 0n;
  const mantBits = BigInt(f.precision - 1);
  const expAllOnes = BigInt((1 << (bits - f.precision)) - 1) << mantBits;
  if (body === "inf") return sign | expAllOnes;
  if (body === "nan") return sign | expAllOnes | (1n << (mantBits - 1n));
  if (body.startsWith("nan:0x")) {
    const hex = body.slice(6);
    if (!HEX_DIGITS.test(hex)) return undefined;
    const payload = digitsValue(hex, 16);
    if (payload === 0n || payload >= 1n << mantBits) return undefined;
    return sign | expAllOnes | payload;
  }
  let mantissa: bigint;
  let exp2 = 0;
  let exp10 = 0;
  const hex = HEX_FLOAT.exec(body);
  if (hex !== null) {
    const [, intPart, fracPart, expPart] = hex;
    if (!validGroup(intPart, HEX_DIGITS, false) || !validGroup(fracPart, HEX_DIGITS, true) || !validExponent(expPart)) return undefined;
    const frac = (fracPart ?? "").replace(/_/g, "");
    mantissa = digitsValue(`${intPart!.replace(/_/g, "")}${frac}`, 16);
    exp2 = (expPart === undefined ? 0 : Number(expPart.replace(/_/g, ""))) - 4 * frac.length;
  } else {
    const dec = DEC_FLOAT.exec(body);
    if (dec === null) return undefined;
    const [, intPart, fracPart, expPart] = dec;
    if (!validGroup(intPart, DEC_DIGITS, false) || !validGroup(fracPart, DEC_DIGITS, true) || !validExponent(expPart)) return undefined;
    const frac = (fracPart ?? "").replace(/_/g, "");
    mantissa = digitsValue(`${intPart!.replace(/_/g, "")}${frac}`, 10);
    exp10 = (expPart === undefined ? 0 : Number(expPart.replace(/_/g, ""))) - frac.length;
  }
  if (mantissa === 0n) return sign;
  // Magnitudes far outside the format round to infinity or zero; clamping keeps the BigInts small.
  if (exp2 !== 0) {
    const magnitude = bitLength(mantissa) + exp2;
    if (magnitude > 2000) return sign | expAllOnes;
    if (magnitude < -2000) return sign;
  }
  if (exp10 !== 0) {
    const magnitude = mantissa.toString().length + exp10;
    if (magnitude > 400) return sign | expAllOnes;
    if (magnitude < -400) return sign;
  }
  let num = mantissa;
  let den = 1n;
  if (exp2 > 0) num <<= BigInt(exp2); else if (exp2 < 0) den <<= BigInt(-exp2);
  if (exp10 > 0) num *= 10n ** BigInt(exp10); else if (exp10 < 0) den *= 10n ** BigInt(-exp10);
  return sign | roundRational(num, den, f);
}
