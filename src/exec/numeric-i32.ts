// i32 operations that need more than one JS operator: the trapping divisions (kept out of the hot
// loop so its switch carries no throw sites) and rotations. Everything else on i32 is one JS
// operator plus `| 0` and is done inline by the interpreter:
// add (a + b) | 0, sub (a - b) | 0, mul Math.imul(a, b), and/or/xor, shl a << b, shr_s a >> b,
// shr_u (a >>> b) | 0 (JS masks the count to 5 bits, as Wasm does), clz Math.clz32(a),
// comparisons (unsigned ones on a >>> 0), extend8_s (a << 24) >> 24, extend16_s (a << 16) >> 16.
// ctz and popcnt are in numeric-i64.ts (i32Ctz, i32Popcnt).

import { RuntimeError, Trap } from "../core/index.ts";

/** i32.div_s; traps on a zero divisor and on -2^31 / -1. */
export function i32DivS(a: number, b: number): number {
  if (b === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  if (a === -0x80000000 && b === -1) throw new RuntimeError(Trap.IntegerOverflow);
  return (a / b) | 0; // the quotient is exact enough: |0 truncates it toward zero
}

/** i32.div_u (operands and result as signed i32 carrying u32 bits); traps on a zero divisor. */
export function i32DivU(a: number, b: number): number {
  if (b === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  return ((a >>> 0) / (b >>> 0)) | 0;
}

/** i32.rem_s; traps on a zero divisor; -2^31 rem -1 is 0. The sign follows the dividend, as JS % does. */
export function i32RemS(a: number, b: number): number {
  if (b === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  return (a % b) | 0;
}

/** i32.rem_u; traps on a zero divisor. */
export function i32RemU(a: number, b: number): number {
  if (b === 0) throw new RuntimeError(Trap.IntegerDivideByZero);
  return ((a >>> 0) % (b >>> 0)) | 0;
}

/** i32.rotl */
export function i32Rotl(a: number, b: number): number {
  return (a << b) | (a >>> (32 - (b & 31))); // for a count of 0, >>> 32 is >>> 0 and the OR gives a back
}

/** i32.rotr */
export function i32Rotr(a: number, b: number): number {
  return (a >>> b) | (a << (32 - (b & 31)));
}
