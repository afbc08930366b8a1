// Differential test of the numeric helpers (and of the inline recipes documented beside them)
// against V8's own WebAssembly: every scalar numeric op over the full cross product of boundary
// values and a few thousand seeded random operand tuples, judged by the spec's NaN rules.

import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeError } from "../core/index.ts";
import {
  NUMERIC_OPS, boundaryTuples, makeRng, randomValue, oracleModuleWat, toJsArgument, fromJsResult,
  v8TrapKinds, judgeOutcome, formatBits, isNaNBits, widthOf,
} from "./numeric-cases.ts";
import type { NumericOp, Outcome } from "./numeric-cases.ts";
import * as I64 from "./numeric-i64.ts";
import * as I32 from "./numeric-i32.ts";
import * as F from "./numeric-float.ts";

// A miniature value stack laid out as in the exec contract: slot k = words 2k, 2k+1.
const buffer = new ArrayBuffer(64);
const i32 = new Int32Array(buffer);
const f32 = new Float32Array(buffer);
const f64 = new Float64Array(buffer);

function writeOperand(slot: number, width: 32 | 64, bits: bigint): void {
  i32[2 * slot] = Number(BigInt.asIntN(32, bits));
  i32[2 * slot + 1] = width === 64 ? Number(BigInt.asIntN(32, bits >> 32n)) : 0;
}

function readResult(width: 32 | 64): bigint {
  const lo = BigInt(i32[0] >>> 0);
  return width === 32 ? lo : (BigInt(i32[1] >>> 0) << 32n) | lo;
}

/** Evaluates `op` the way the interpreter will: operands in slots 0 and 1, result into slot 0. */
function evaluateInPlace(name: string): void {
  const a = i32[0], b = i32[2];
  const b2 = (x: boolean): number => (x ? 1 : 0);
  switch (name) {
    // i32 comparisons and arithmetic (inline recipes)
    case "i32.eqz": i32[0] = b2(a === 0); break;
    case "i32.eq": i32[0] = b2(a === b); break;
    case "i32.ne": i32[0] = b2(a !== b); break;
    case "i32.lt_s": i32[0] = b2(a < b); break;
    case "i32.lt_u": i32[0] = b2((a >>> 0) < (b >>> 0)); break;
    case "i32.gt_s": i32[0] = b2(a > b); break;
    case "i32.gt_u": i32[0] = b2((a >>> 0) > (b >>> 0)); break;
    case "i32.le_s": i32[0] = b2(a <= b); break;
    case "i32.le_u": i32[0] = b2((a >>> 0) <= (b >>> 0)); break;
    case "i32.ge_s": i32[0] = b2(a >= b); break;
    case "i32.ge_u": i32[0] = b2((a >>> 0) >= (b >>> 0)); break;
    case "i32.clz": i32[0] = Math.clz32(a); break;
    case "i32.ctz": i32[0] = I64.i32Ctz(a); break;
    case "i32.popcnt": i32[0] = I64.i32Popcnt(a); break;
    case "i32.add": i32[0] = (a + b) | 0; break;
    case "i32.sub": i32[0] = (a - b) | 0; break;
    case "i32.mul": i32[0] = Math.imul(a, b); break;
    case "i32.div_s": i32[0] = I32.i32DivS(a, b); break;
    case "i32.div_u": i32[0] = I32.i32DivU(a, b); break;
    case "i32.rem_s": i32[0] = I32.i32RemS(a, b); break;
    case "i32.rem_u": i32[0] = I32.i32RemU(a, b); break;
    case "i32.and": i32[0] = a & b; break;
    case "i32.or": i32[0] = a | b; break;
    case "i32.xor": i32[0] = a ^ b; break;
    case "i32.shl": i32[0] = a << b; break;
    case "i32.shr_s": i32[0] = a >> b; break;
    case "i32.shr_u": i32[0] = (a >>> b) | 0; break;
    case "i32.rotl": i32[0] = I32.i32Rotl(a, b); break;
    case "i32.rotr": i32[0] = I32.i32Rotr(a, b); break;
    case "i32.extend8_s": i32[0] = (a << 24) >> 24; break;
    case "i32.extend16_s": i32[0] = (a << 16) >> 16; break;
    case "i32.wrap_i64": break; // the low word already is the result
    // i64 (helpers; and/or/xor/eq/ne/eqz/extends inline)
    case "i64.eqz": i32[0] = b2((i32[0] | i32[1]) === 0); break;
    case "i64.eq": i32[0] = b2(i32[0] === i32[2] && i32[1] === i32[3]); break;
    case "i64.ne": i32[0] = b2(i32[0] !== i32[2] || i32[1] !== i32[3]); break;
    case "i64.lt_s": i32[0] = b2(I64.i64LtS(i32, 0, 2)); break;
    case "i64.lt_u": i32[0] = b2(I64.i64LtU(i32, 0, 2)); break;
    case "i64.gt_s": i32[0] = b2(I64.i64GtS(i32, 0, 2)); break;
    case "i64.gt_u": i32[0] = b2(I64.i64GtU(i32, 0, 2)); break;
    case "i64.le_s": i32[0] = b2(I64.i64LeS(i32, 0, 2)); break;
    case "i64.le_u": i32[0] = b2(I64.i64LeU(i32, 0, 2)); break;
    case "i64.ge_s": i32[0] = b2(I64.i64GeS(i32, 0, 2)); break;
    case "i64.ge_u": i32[0] = b2(I64.i64GeU(i32, 0, 2)); break;
    case "i64.clz": I64.i64Clz(i32, 0, 0); break;
    case "i64.ctz": I64.i64Ctz(i32, 0, 0); break;
    case "i64.popcnt": I64.i64Popcnt(i32, 0, 0); break;
    case "i64.add": I64.i64Add(i32, 0, 0, 2); break;
    case "i64.sub": I64.i64Sub(i32, 0, 0, 2); break;
    case "i64.mul": I64.i64Mul(i32, 0, 0, 2); break;
    case "i64.div_s": I64.i64DivS(i32, 0, 0, 2); break;
    case "i64.div_u": I64.i64DivU(i32, 0, 0, 2); break;
    case "i64.rem_s": I64.i64RemS(i32, 0, 0, 2); break;
    case "i64.rem_u": I64.i64RemU(i32, 0, 0, 2); break;
    case "i64.and": i32[0] &= i32[2]; i32[1] &= i32[3]; break;
    case "i64.or": i32[0] |= i32[2]; i32[1] |= i32[3]; break;
    case "i64.xor": i32[0] ^= i32[2]; i32[1] ^= i32[3]; break;
    case "i64.shl": I64.i64Shl(i32, 0, 0, 2); break;
    case "i64.shr_s": I64.i64ShrS(i32, 0, 0, 2); break;
    case "i64.shr_u": I64.i64ShrU(i32, 0, 0, 2); break;
    case "i64.rotl": I64.i64Rotl(i32, 0, 0, 2); break;
    case "i64.rotr": I64.i64Rotr(i32, 0, 0, 2); break;
    case "i64.extend_i32_s": i32[1] = a >> 31; break;
    case "i64.extend_i32_u": i32[1] = 0; break;
    case "i64.extend8_s": I64.i64Extend8S(i32, 0, 0); break;
    case "i64.extend16_s": I64.i64Extend16S(i32, 0, 0); break;
    case "i64.extend32_s": I64.i64Extend32S(i32, 0, 0); break;
    // f32 / f64 comparisons
    case "f32.eq": i32[0] = b2(f32[0] === f32[2]); break;
    case "f32.ne": i32[0] = b2(f32[0] !== f32[2]); break;
    case "f32.lt": i32[0] = b2(f32[0] < f32[2]); break;
    case "f32.gt": i32[0] = b2(f32[0] > f32[2]); break;
    case "f32.le": i32[0] = b2(f32[0] <= f32[2]); break;
    case "f32.ge": i32[0] = b2(f32[0] >= f32[2]); break;
    case "f64.eq": i32[0] = b2(f64[0] === f64[1]); break;
    case "f64.ne": i32[0] = b2(f64[0] !== f64[1]); break;
    case "f64.lt": i32[0] = b2(f64[0] < f64[1]); break;
    case "f64.gt": i32[0] = b2(f64[0] > f64[1]); break;
    case "f64.le": i32[0] = b2(f64[0] <= f64[1]); break;
    case "f64.ge": i32[0] = b2(f64[0] >= f64[1]); break;
    // f32 arithmetic
    case "f32.abs": i32[0] = a & 0x7fffffff; break;
    case "f32.neg": i32[0] = a ^ -0x80000000; break;
    case "f32.copysign": i32[0] = (a & 0x7fffffff) | (b & -0x80000000); break;
    case "f32.ceil": f32[0] = Math.ceil(f32[0]); break;
    case "f32.floor": f32[0] = Math.floor(f32[0]); break;
    case "f32.trunc": f32[0] = Math.trunc(f32[0]); break;
    case "f32.nearest": f32[0] = F.f32Nearest(f32[0]); break;
    case "f32.sqrt": f32[0] = Math.fround(Math.sqrt(f32[0])); break;
    case "f32.add": f32[0] = Math.fround(f32[0] + f32[2]); break;
    case "f32.sub": f32[0] = Math.fround(f32[0] - f32[2]); break;
    case "f32.mul": f32[0] = Math.fround(f32[0] * f32[2]); break;
    case "f32.div": f32[0] = Math.fround(f32[0] / f32[2]); break;
    case "f32.min": f32[0] = F.f32Min(f32[0], f32[2]); break;
    case "f32.max": f32[0] = F.f32Max(f32[0], f32[2]); break;
    // f64 arithmetic
    case "f64.abs": i32[1] = i32[1] & 0x7fffffff; break;
    case "f64.neg": i32[1] = i32[1] ^ -0x80000000; break;
    case "f64.copysign": i32[1] = (i32[1] & 0x7fffffff) | (i32[3] & -0x80000000); break;
    case "f64.ceil": f64[0] = F.f64Ceil(f64[0]); break;
    case "f64.floor": f64[0] = F.f64Floor(f64[0]); break;
    case "f64.trunc": f64[0] = F.f64Trunc(f64[0]); break;
    case "f64.nearest": f64[0] = F.f64Nearest(f64[0]); break;
    case "f64.sqrt": f64[0] = Math.sqrt(f64[0]); break;
    case "f64.add": f64[0] = f64[0] + f64[1]; break;
    case "f64.sub": f64[0] = f64[0] - f64[1]; break;
    case "f64.mul": f64[0] = f64[0] * f64[1]; break;
    case "f64.div": f64[0] = f64[0] / f64[1]; break;
    case "f64.min": f64[0] = F.f64Min(f64[0], f64[1]); break;
    case "f64.max": f64[0] = F.f64Max(f64[0], f64[1]); break;
    // conversions
    case "i32.trunc_f32_s": i32[0] = F.i32TruncF32S(f32[0]); break;
    case "i32.trunc_f32_u": i32[0] = F.i32TruncF32U(f32[0]); break;
    case "i32.trunc_f64_s": i32[0] = F.i32TruncF64S(f64[0]); break;
    case "i32.trunc_f64_u": i32[0] = F.i32TruncF64U(f64[0]); break;
    case "i64.trunc_f32_s": I64Trunc(F.i64TruncF32S, f32[0]); break;
    case "i64.trunc_f32_u": I64Trunc(F.i64TruncF32U, f32[0]); break;
    case "i64.trunc_f64_s": I64Trunc(F.i64TruncF64S, f64[0]); break;
    case "i64.trunc_f64_u": I64Trunc(F.i64TruncF64U, f64[0]); break;
    case "i32.trunc_sat_f32_s": i32[0] = F.i32TruncSatF32S(f32[0]); break;
    case "i32.trunc_sat_f32_u": i32[0] = F.i32TruncSatF32U(f32[0]); break;
    case "i32.trunc_sat_f64_s": i32[0] = F.i32TruncSatF64S(f64[0]); break;
    case "i32.trunc_sat_f64_u": i32[0] = F.i32TruncSatF64U(f64[0]); break;
    case "i64.trunc_sat_f32_s": I64Trunc(F.i64TruncSatF32S, f32[0]); break;
    case "i64.trunc_sat_f32_u": I64Trunc(F.i64TruncSatF32U, f32[0]); break;
    case "i64.trunc_sat_f64_s": I64Trunc(F.i64TruncSatF64S, f64[0]); break;
    case "i64.trunc_sat_f64_u": I64Trunc(F.i64TruncSatF64U, f64[0]); break;
    case "f32.convert_i32_s": f32[0] = Math.fround(a); break;
    case "f32.convert_i32_u": f32[0] = F.f32ConvertI32U(a); break;
    case "f32.convert_i64_s": f32[0] = I64.f32ConvertI64S(i32[0], i32[1]); break;
    case "f32.convert_i64_u": f32[0] = I64.f32ConvertI64U(i32[0], i32[1]); break;
    case "f32.demote_f64": f32[0] = F.f32DemoteF64(f64[0]); break;
    case "f64.convert_i32_s": f64[0] = a; break;
    case "f64.convert_i32_u": f64[0] = a >>> 0; break;
    case "f64.convert_i64_s": f64[0] = I64.f64ConvertI64S(i32[0], i32[1]); break;
    case "f64.convert_i64_u": f64[0] = I64.f64ConvertI64U(i32[0], i32[1]); break;
    case "f64.promote_f32": f64[0] = f32[0]; break;
    case "i32.reinterpret_f32": case "f32.reinterpret_i32": case "i64.reinterpret_f64": case "f64.reinterpret_i64": break;
    default: throw new Error(`no evaluator for ${name}`);
  }
}

function I64Trunc(helper: (w: Int32Array, dst: number, x: number) => void, x: number): void {
  helper(i32, 0, x);
}

function evaluate(op: NumericOp, args: readonly bigint[]): Outcome {
  i32.fill(0);
  args.forEach((bits, k) => writeOperand(k, widthOf(op.params[k]), bits));
  try {
    evaluateInPlace(op.name);
  } catch (error) {
    if (error instanceof RuntimeError) return { trap: error.trap };
    throw error;
  }
  return { bits: readResult(widthOf(op.result)) };
}

// The project's lib setting has no WebAssembly typings; describe the little the test uses.
interface WasmApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
  RuntimeError: new (...args: never[]) => Error;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const wabt = await (await import("wabt")).default();
const oracleBytes = wabt.parseWat("numeric-oracle.wat", oracleModuleWat(), {}).toBinary({}).buffer;
const oracle = (await WA.instantiate(oracleBytes)).instance.exports;

function runOracle(op: NumericOp, args: readonly bigint[]): { outcome: Outcome; trapKinds: readonly ReturnType<typeof v8TrapKinds>[number][] | undefined } {
  const fn = oracle[op.name];
  if (typeof fn !== "function") throw new Error(`oracle has no export ${op.name}`);
  try {
    const value: unknown = fn(...args.map((bits, k) => toJsArgument(op.params[k], bits)));
    return { outcome: { bits: fromJsResult(op.result, value) }, trapKinds: undefined };
  } catch (error) {
    if (!(error instanceof WA.RuntimeError)) throw error;
    const kinds = v8TrapKinds(error.message);
    return { outcome: { trap: kinds[0] }, trapKinds: kinds };
  }
}

function checkOp(op: NumericOp, tuples: readonly bigint[][]): string[] {
  const failures: string[] = [];
  for (const args of tuples) {
    const expected = runOracle(op, args);
    const actual = evaluate(op, args);
    const problem = judgeOutcome(op, args, expected.outcome, expected.trapKinds, actual);
    if (problem !== undefined && failures.length < 5) {
      failures.push(`${op.name}(${args.map((a, k) => formatBits(op.params[k], a)).join(", ")}): ${problem}`);
    }
    // Deterministic mode: canonicalising the helper's NaN result must give exactly the positive canonical NaN.
    if (op.arithmeticNaN && "bits" in actual && isNaNBits(op.result, actual.bits)) {
      writeOperand(0, widthOf(op.result), actual.bits);
      if (op.result === "f32") i32[0] = F.canonicalizeF32Bits(i32[0]);
      else F.canonicalizeF64At(i32, 0);
      const canonical = op.result === "f32" ? 0x7fc00000n : 0x7ff8000000000000n;
      if (readResult(widthOf(op.result)) !== canonical && failures.length < 5) failures.push(`${op.name}: canonicalisation failed`);
    }
  }
  return failures;
}

const RANDOM_CASES_PER_OP = 3000;

test("the table covers every scalar numeric opcode", () => {
  assert.equal(NUMERIC_OPS.length, 0xc4 - 0x45 + 1 + 8);
});

for (const op of NUMERIC_OPS) {
  test(`${op.name} agrees with V8 on boundary values and random operands`, () => {
    const rng = makeRng(0x5eed ^ op.code);
    const randomTuples: bigint[][] = [];
    for (let i = 0; i < RANDOM_CASES_PER_OP; i++) randomTuples.push(op.params.map((t) => randomValue(t, rng)));
    const failures = [...checkOp(op, boundaryTuples(op)), ...checkOp(op, randomTuples)];
    assert.deepEqual(failures, []);
  });
}
