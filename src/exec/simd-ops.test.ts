// Differential test of the SIMD helpers (simd-ops.ts, simd-memory.ts) against V8's own WebAssembly:
// every 0xfd opcode of the core table, over boundary lane values (packed so that lane k of a and b
// runs through the cross product of the boundary list) and seeded random vectors, every lane index
// and a set of shuffle patterns. The oracle module reads operands from memory and stores results to
// memory, so exact bytes (NaN payloads included) are compared. NaN lanes of float arithmetic are
// judged by the spec's rule (canonical if every NaN input of the lane is canonical, else arithmetic);
// the deterministic variant must give exactly the positive canonical NaN there and V8's bytes
// elsewhere.

import { test } from "node:test";
import assert from "node:assert/strict";
import { OPCODES, Imm } from "../core/index.ts";
import type { OpInfo } from "../core/index.ts";
import { BOUNDARY_VALUES, makeRng, randomValue } from "./numeric-cases.ts";
import { simdExec, simdExecDeterministic } from "./simd-ops.ts";
import { simdMemoryExec, simdAddressSlot, SIMD_ACCESS_BYTES } from "./simd-memory.ts";
import { simdState, simdStep, SIMD_IMMEDIATE_WORDS } from "./simd-step.ts";
import { MemoryInstance } from "./memory-instance.ts";
import { RuntimeError } from "../core/index.ts";

// The project's lib setting has no WebAssembly typings; describe the little the test uses.
interface WasmApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type Shape = "i8" | "i16" | "i32" | "i64" | "f32" | "f64";
const LANE_BYTES: Record<Shape, number> = { i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 };
const SHAPE_OF_PREFIX: Record<string, Shape> = { i8x16: "i8", i16x8: "i16", i32x4: "i32", i64x2: "i64", f32x4: "f32", f64x2: "f64", v128: "i32" };
const SCALAR_TYPE: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64" };

// ---------------------------------------------------------------------------------------------
// lane values

function uniq(values: bigint[]): bigint[] {
  return [...new Set(values)];
}
const LANE_VALUES: Record<Shape, readonly bigint[]> = {
  i8: [0n, 1n, 2n, 0x10n, 0x3fn, 0x40n, 0x55n, 0x7en, 0x7fn, 0x80n, 0x81n, 0xaan, 0xc0n, 0xfen, 0xffn],
  i16: [0n, 1n, 2n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x3fffn, 0x4000n, 0x5555n, 0x7ffen, 0x7fffn, 0x8000n, 0x8001n,
    0xc000n, 0xc001n, 0xff00n, 0xff7fn, 0xff80n, 0xfffen, 0xffffn],
  i32: uniq([...BOUNDARY_VALUES.i32, ...[0xff, 0x100, -128, -129, 0x7fff, 0x8000, -32768, -32769, 0xffff, 0x10000, 0x8000ffff, 0x7fff8000]
    .map((v) => BigInt.asUintN(32, BigInt(v)))]),
  i64: BOUNDARY_VALUES.i64,
  f32: BOUNDARY_VALUES.f32,
  f64: BOUNDARY_VALUES.f64,
};

function writeLane(bytes: Uint8Array, at: number, width: number, bits: bigint): void {
  for (let i = 0; i < width; i++) bytes[at + i] = Number((bits >> BigInt(8 * i)) & 0xffn);
}
function readLane(bytes: Uint8Array, at: number, width: number): bigint {
  let bits = 0n;
  for (let i = width - 1; i >= 0; i--) bits = (bits << 8n) | BigInt(bytes[at + i]);
  return bits;
}

function vectorOf(shape: Shape, lanes: readonly bigint[]): Uint8Array {
  const width = LANE_BYTES[shape];
  const v = new Uint8Array(16);
  for (let k = 0; k < 16 / width; k++) writeLane(v, k * width, width, lanes[k]);
  return v;
}

function randomLane(shape: Shape, next: () => number): bigint {
  if (shape === "i8") return BigInt(next() & 0xff);
  if (shape === "i16") return next() & 1 ? BigInt(next() & 0xffff) : LANE_VALUES.i16[next() % LANE_VALUES.i16.length];
  return randomValue(shape, next);
}

function randomVector(shape: Shape, next: () => number): Uint8Array {
  const v = new Uint8Array(16);
  const mode = next() % 3;
  if (mode === 0) { for (let i = 0; i < 16; i++) v[i] = next() & 0xff; return v; }
  const width = LANE_BYTES[shape];
  const list = LANE_VALUES[shape];
  for (let k = 0; k < 16 / width; k++) {
    writeLane(v, k * width, width, mode === 1 ? list[next() % list.length] : randomLane(shape, next));
  }
  return v;
}

/** Single-operand vectors: the boundary list packed into lanes, lane-position probes (one zero or
 *  one sign bit among ones/zeros, for all_true/any_true/bitmask), and random vectors. */
function unaryVectors(shape: Shape, next: () => number, randomCount: number): Uint8Array[] {
  const lanes = 16 / LANE_BYTES[shape];
  const list = LANE_VALUES[shape];
  const out: Uint8Array[] = [];
  for (let j = 0; j * lanes < list.length; j++) {
    out.push(vectorOf(shape, Array.from({ length: lanes }, (_, k) => list[(j * lanes + k) % list.length])));
  }
  const width = LANE_BYTES[shape];
  const signBit = 1n << BigInt(8 * width - 1);
  for (let k = 0; k < lanes; k++) {
    out.push(vectorOf(shape, Array.from({ length: lanes }, (_, i) => (i === k ? 0n : 1n))));
    out.push(vectorOf(shape, Array.from({ length: lanes }, (_, i) => (i === k ? signBit : 0n))));
    out.push(vectorOf(shape, Array.from({ length: lanes }, (_, i) => (i === k ? 1n : 0n))));
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
      aLanes.push(list[Math.floor(q / n)]);
      bLanes.push(list[q % n]);
    }
    out.push([vectorOf(shape, aLanes), vectorOf(shape, bLanes)]);
  }
  for (let i = 0; i < randomCount; i++) {
    const a = randomVector(shape, next);
    // Sometimes b equals a or shares lanes with it, so equality paths are exercised.
    const b = next() % 4 === 0 ? a.slice() : randomVector(shape, next);
    out.push([a, b]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// op classification (from the core opcode table)

type Kind = "const" | "shuffle" | "extract" | "replace" | "splat" | "test" | "shift" | "unary" | "binary" | "ternary" | "memory";

function kindOf(op: OpInfo): Kind {
  if (op.imm === Imm.MemArg || op.imm === Imm.MemArgLane) return "memory";
  if (op.imm === Imm.V128) return "const";
  if (op.imm === Imm.Shuffle) return "shuffle";
  const sig = `${(op.params ?? []).map((t) => SCALAR_TYPE[t] ?? "v").join("")}:${(op.results ?? []).map((t) => SCALAR_TYPE[t] ?? "v").join("")}`;
  if (op.imm === Imm.Lane) return sig.startsWith("v:") ? "extract" : "replace";
  if (sig === "v:v") return "unary";
  if (sig === "vv:v") return "binary";
  if (sig === "vvv:v") return "ternary";
  if (sig === "vi32:v") return "shift";
  if (sig === "v:i32") return "test";
  if (sig.endsWith(":v") && !sig.startsWith("v")) return "splat";
  throw new Error(`unclassified SIMD op ${op.name} ${sig}`);
}

/** Shape of the input lanes: the source shape named in the mnemonic (narrow_i32x4, trunc_sat_f64x2…) or the prefix. */
function inputShape(name: string): Shape {
  const source = /_(i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)/.exec(name);
  return SHAPE_OF_PREFIX[source !== null ? source[1] : name.split(".")[0]];
}
function laneCount(name: string): number {
  return 16 / LANE_BYTES[SHAPE_OF_PREFIX[name.split(".")[0]]];
}

/** The spec's float arithmetic: NaN results follow the canonical/arithmetic rule. */
const FLOAT_ARITH = /^(f32x4|f64x2)\.(add|sub|mul|div|sqrt|min|max|ceil|floor|trunc|nearest|demote_f64x2_zero|promote_low_f32x4)$/;

const SIMD_OPS = [...OPCODES.values()].filter((op) => op.code >= 0xfd00);

// ---------------------------------------------------------------------------------------------
// the oracle module

const A_AT = 0, B_AT = 16, C_AT = 32, SCALAR_AT = 48, RESULT_AT = 64, DATA_AT = 256, DATA_LEN = 256;
const ld = (at: number): string => `(v128.load (i32.const ${at}))`;

const rngShuffle = makeRng(0x5f1ff1e);
const SHUFFLES: number[][] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31],
  // slides (16 consecutive bytes of a ‖ b, wrapping at 32), simdStep's word-wise fast path
  ...[1, 4, 5, 11, 13, 17, 20, 27, 31].map((start) => Array.from({ length: 16 }, (_, k) => (start + k) & 31)),
  // rotations of a or of b
  ...[1, 4, 5, 14, 16, 19, 24, 30].map((start) => Array.from({ length: 16 }, (_, k) => (start & 16) | ((start + k) & 15))),
  [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
  [0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23],
  [31, 0, 31, 0, 15, 16, 15, 16, 3, 3, 3, 3, 28, 29, 30, 31],
  ...Array.from({ length: 24 }, () => Array.from({ length: 16 }, () => rngShuffle() % 32)),
];
const CONSTS: number[][] = [
  [0, 0, 0, 0], [-1, -1, -1, -1], [0x7fc00000, 0x7f800001, -0x400000, 1], [0, 0x7ff80000, 1, -0x80000],
  ...Array.from({ length: 8 }, () => Array.from({ length: 4 }, () => rngShuffle() | 0)),
];

interface Variant { readonly op: OpInfo; readonly kind: Kind; readonly exportName: string; readonly lane: number; readonly imm: readonly number[] }

function scalarLoad(t: number): string {
  return `(${SCALAR_TYPE[t]}.load (i32.const ${SCALAR_AT}))`;
}

function variantsAndWat(): { variants: Variant[]; wat: string } {
  const variants: Variant[] = [];
  const funcs: string[] = [];
  const add = (op: OpInfo, kind: Kind, lane: number, imm: readonly number[], body: string, param = ""): void => {
    const exportName = `${op.name}#${variants.length}`;
    variants.push({ op, kind, exportName, lane, imm });
    funcs.push(`(func (export "${exportName}") ${param} ${body})`);
  };
  const store = (expr: string): string => `(v128.store (i32.const ${RESULT_AT}) ${expr})`;
  for (const op of SIMD_OPS) {
    const kind = kindOf(op);
    const n = op.name;
    switch (kind) {
      case "unary": add(op, kind, 0, [], store(`(${n} ${ld(A_AT)})`)); break;
      case "binary": add(op, kind, 0, [], store(`(${n} ${ld(A_AT)} ${ld(B_AT)})`)); break;
      case "ternary": add(op, kind, 0, [], store(`(${n} ${ld(A_AT)} ${ld(B_AT)} ${ld(C_AT)})`)); break;
      case "shift": add(op, kind, 0, [], store(`(${n} ${ld(A_AT)} (i32.load (i32.const ${SCALAR_AT})))`)); break;
      case "test": add(op, kind, 0, [], `(i32.store (i32.const ${RESULT_AT}) (${n} ${ld(A_AT)}))`); break;
      case "splat": add(op, kind, 0, [], store(`(${n} ${scalarLoad((op.params ?? [])[0])})`)); break;
      case "extract": {
        const t = SCALAR_TYPE[(op.results ?? [])[0]];
        for (let lane = 0; lane < laneCount(n); lane++) add(op, kind, lane, [lane], `(${t}.store (i32.const ${RESULT_AT}) (${n} ${lane} ${ld(A_AT)}))`);
        break;
      }
      case "replace":
        for (let lane = 0; lane < laneCount(n); lane++) add(op, kind, lane, [lane], store(`(${n} ${lane} ${ld(A_AT)} ${scalarLoad((op.params ?? [])[1])})`));
        break;
      case "shuffle":
        for (const s of SHUFFLES) add(op, kind, 0, packBytes(s), store(`(${n} ${s.join(" ")} ${ld(A_AT)} ${ld(B_AT)})`));
        break;
      case "const":
        for (const c of CONSTS) add(op, kind, 0, c, store(`(v128.const i32x4 ${c.map((w) => w >>> 0).join(" ")})`));
        break;
      case "memory": {
        const isStore = /store/.test(n);
        const lanes = op.imm === Imm.MemArgLane ? 16 >> op.naturalAlign : 1;
        for (const offset of [0, 5]) {
          for (let lane = 0; lane < lanes; lane++) {
            const laneImm = op.imm === Imm.MemArgLane ? ` ${lane}` : "";
            const memarg = offset === 0 ? "" : ` offset=${offset}`;
            const body = isStore
              ? `(${n}${memarg}${laneImm} (local.get 0) ${ld(A_AT)})`
              : store(op.imm === Imm.MemArgLane ? `(${n}${memarg}${laneImm} (local.get 0) ${ld(A_AT)})` : `(${n}${memarg} (local.get 0))`);
            add(op, kind, lane, [offset], body, "(param i32)");
          }
        }
        break;
      }
    }
  }
  return { variants, wat: `(module (memory (export "memory") 1)\n${funcs.join("\n")}\n)` };
}

function packBytes(bytes: readonly number[]): number[] {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 4) words.push(bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
  return words;
}

// ---------------------------------------------------------------------------------------------
// running one case on both sides

const STACK_WORDS = 32;
const BASE = 3; // operands start at slot 3 so that stack arithmetic errors show up
const SENTINEL = 0x5a5a5a5a;
const stackWords = new Int32Array(STACK_WORDS);
const stackBytes = new Uint8Array(stackWords.buffer);

interface Operands { a: Uint8Array; b: Uint8Array; c: Uint8Array; scalar: bigint }

function putVector(slot: number, v: Uint8Array): void {
  stackBytes.set(v, slot * 8);
}
function putScalar(slot: number, bits: bigint, width: number): void {
  writeLane(stackBytes, slot * 8, width, bits);
  if (width === 4) stackWords[2 * slot + 1] = 0;
}

const stackF32 = new Float32Array(stackWords.buffer);
const stackF64 = new Float64Array(stackWords.buffer);
const NO_MEMORY = new MemoryInstance(0, 0);

/** Runs the variant through simdExec (or the deterministic variant), or through simdStep (the
 *  interpreter's entry, fed the code words as lowering lays them out); returns the result bytes. */
function runOurs(variant: Variant, ops: Operands, deterministic: boolean, engine: "helpers" | "step"): Uint8Array {
  stackWords.fill(SENTINEL);
  const { op, kind } = variant;
  let sp = BASE;
  let expectedSp = 0;
  let resultBytes = 16;
  const scalarWidth = (t: number): number => (t === 0x7e || t === 0x7c ? 8 : 4);
  switch (kind) {
    case "const": expectedSp = BASE + 2; break;
    case "unary": putVector(BASE, ops.a); sp += 2; expectedSp = BASE + 2; break;
    case "binary": case "shuffle": putVector(BASE, ops.a); putVector(BASE + 2, ops.b); sp += 4; expectedSp = BASE + 2; break;
    case "ternary": putVector(BASE, ops.a); putVector(BASE + 2, ops.b); putVector(BASE + 4, ops.c); sp += 6; expectedSp = BASE + 2; break;
    case "shift": putVector(BASE, ops.a); putScalar(BASE + 2, ops.scalar, 4); sp += 3; expectedSp = BASE + 2; break;
    case "test": putVector(BASE, ops.a); sp += 2; expectedSp = BASE + 1; resultBytes = 4; break;
    case "splat": { const w = scalarWidth((op.params ?? [])[0]); putScalar(BASE, ops.scalar, w); sp += 1; expectedSp = BASE + 2; break; }
    case "extract": putVector(BASE, ops.a); sp += 2; expectedSp = BASE + 1; resultBytes = scalarWidth((op.results ?? [])[0]); break;
    case "replace": { const w = scalarWidth((op.params ?? [])[1]); putVector(BASE, ops.a); putScalar(BASE + 2, ops.scalar, w); sp += 3; expectedSp = BASE + 2; break; }
    default: throw new Error(`runOurs: ${kind}`);
  }
  const code = new Int32Array([0x77, ...variant.imm, 0x77]);
  let next: number;
  if (engine === "step") {
    // Lowered layout: the op, its immediate words (one lane word for ops without immediates), then
    // a non-SIMD instruction (i32.rotl) where simdStep must stop and return.
    const sub = op.code & 0xff;
    const immediateWords = Math.max(1, variant.imm.length);
    assert.equal(SIMD_IMMEDIATE_WORDS[sub], immediateWords, `${op.name}: immediate words`);
    const stepCode = new Int32Array([(deterministic ? 0x1100 : 0x1000) + sub, ...variant.imm, ...(variant.imm.length === 0 ? [0] : []), 0x77]);
    const nextPc = simdStep(stepCode[0], stackWords, stackF32, stackF64, NO_MEMORY, stepCode, 1, 2 * sp, 0);
    assert.equal(nextPc, 1 + immediateWords, `${op.name}: next pc`);
    assert.equal(simdState.sp & 1, 0, `${op.name}: odd word stack pointer`);
    next = simdState.sp >> 1;
  } else {
    next = (deterministic ? simdExecDeterministic : simdExec)(op.code, stackWords, sp, code, 1);
  }
  assert.equal(next, expectedSp, `${op.name}: stack pointer`);
  for (let w = 0; w < 2 * BASE; w++) assert.equal(stackWords[w], SENTINEL, `${op.name}: wrote below its operands`);
  if (resultBytes === 4 && (kind === "test" || kind === "extract")) {
    assert.equal(stackWords[2 * BASE + 1], 0, `${op.name}: high word of an i32/f32 result slot`);
  }
  return stackBytes.slice(BASE * 8, BASE * 8 + resultBytes);
}

let wasmMemory: Uint8Array;
let exportsByName: Record<string, (...args: number[]) => void>;

function runV8(variant: Variant, ops: Operands): Uint8Array {
  wasmMemory.set(ops.a, A_AT);
  wasmMemory.set(ops.b, B_AT);
  wasmMemory.set(ops.c, C_AT);
  writeLane(wasmMemory, SCALAR_AT, 8, ops.scalar);
  wasmMemory.fill(0, RESULT_AT, RESULT_AT + 16);
  exportsByName[variant.exportName]();
  const n = variant.kind === "test" ? 4 : variant.kind === "extract" ? scalarBytesOf(variant.op) : 16;
  return wasmMemory.slice(RESULT_AT, RESULT_AT + n);
}
function scalarBytesOf(op: OpInfo): number {
  const t = (op.results ?? [])[0];
  return t === 0x7e || t === 0x7c ? 8 : 4;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((x) => x.toString(16).padStart(2, "0")).join("");
}

// NaN classes on lane bits
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
  const name = variant.op.name;
  if (name === "f32x4.demote_f64x2_zero") return k < 2 ? [{ width: 8, bits: readLane(ops.a, 8 * k, 8) }] : [];
  if (name === "f64x2.promote_low_f32x4") return [{ width: 4, bits: readLane(ops.a, 4 * k, 4) }];
  const width = name.startsWith("f32x4") ? 4 : 8;
  const lanes = [{ width, bits: readLane(ops.a, width * k, width) }];
  if (variant.kind === "binary") lanes.push({ width, bits: readLane(ops.b, width * k, width) });
  return lanes;
}

const v8SpecDisagreements = new Set<string>();

/** Returns a mismatch description or undefined. */
function judge(variant: Variant, ops: Operands, oracle: Uint8Array, ours: Uint8Array, deterministic: boolean): string | undefined {
  const name = variant.op.name;
  if (!FLOAT_ARITH.test(name)) {
    return hex(oracle) === hex(ours) ? undefined : `expected ${hex(oracle)}, got ${hex(ours)}`;
  }
  const width = name.startsWith("f32x4") ? 4 : 8;
  for (let k = 0; k < 16 / width; k++) {
    const o = readLane(oracle, width * k, width), r = readLane(ours, width * k, width);
    const inputs = inputLanes(variant, ops, k);
    const allCanonical = inputs.every((x) => !isNaNLane(x.width, x.bits) || isCanonicalLane(x.width, x.bits));
    if (isNaNLane(width, o)) {
      if (!(allCanonical ? isCanonicalLane(width, o) : isArithmeticLane(width, o))) {
        v8SpecDisagreements.add(`${name}: V8 gives NaN 0x${o.toString(16)} for inputs ${inputs.map((x) => "0x" + x.bits.toString(16)).join(", ")}`);
      }
      if (!isNaNLane(width, r)) return `lane ${k}: expected a NaN, got 0x${r.toString(16)}`;
      if (deterministic) {
        const canonical = width === 4 ? 0x7fc00000n : 0x7ff8000000000000n;
        if (r !== canonical) return `lane ${k}: deterministic mode gave NaN 0x${r.toString(16)}`;
      } else if (allCanonical ? !isCanonicalLane(width, r) : !isArithmeticLane(width, r)) {
        return `lane ${k}: NaN 0x${r.toString(16)} breaks the ${allCanonical ? "canonical" : "arithmetic"} NaN rule`;
      }
    } else if (o !== r) {
      return `lane ${k}: expected 0x${o.toString(16)}, got 0x${r.toString(16)}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

const SHIFT_COUNTS = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 255, -1, -2, -8, 0x7fffffff, -0x80000000];

function operandSets(variant: Variant, next: () => number): Operands[] {
  const { op, kind } = variant;
  const shape = inputShape(op.name);
  const zero = new Uint8Array(16);
  const out: Operands[] = [];
  const scalarList = (t: number): readonly bigint[] => LANE_VALUES[SCALAR_TYPE[t] as Shape];
  switch (kind) {
    case "unary": case "test":
      for (const a of unaryVectors(shape, next, 300)) out.push({ a, b: zero, c: zero, scalar: 0n });
      if (op.name === "v128.any_true" || op.name === "v128.not") for (const a of unaryVectors("i8", next, 50)) out.push({ a, b: zero, c: zero, scalar: 0n });
      break;
    case "binary": case "shuffle":
      for (const [a, b] of binaryVectors(shape, next, kind === "shuffle" ? 8 : 300)) out.push({ a, b, c: zero, scalar: 0n });
      if (op.name === "i8x16.swizzle") {
        for (let i = 0; i < 100; i++) {
          const idx = new Uint8Array(16).map(() => (next() % 3 === 0 ? next() & 0xff : next() % 20));
          out.push({ a: randomVector("i8", next), b: idx, c: zero, scalar: 0n });
        }
      }
      break;
    case "ternary":
      for (let i = 0; i < 200; i++) out.push({ a: randomVector("i32", next), b: randomVector("i32", next), c: randomVector("i8", next), scalar: 0n });
      break;
    case "shift":
      for (const a of unaryVectors(shape, next, 20)) for (const count of SHIFT_COUNTS) out.push({ a, b: zero, c: zero, scalar: BigInt.asUintN(64, BigInt(count)) });
      for (let i = 0; i < 200; i++) out.push({ a: randomVector(shape, next), b: zero, c: zero, scalar: BigInt(next()) });
      break;
    case "splat": {
      const t = (op.params ?? [])[0];
      for (const s of scalarList(t)) out.push({ a: zero, b: zero, c: zero, scalar: s });
      for (let i = 0; i < 50; i++) out.push({ a: zero, b: zero, c: zero, scalar: randomValue(SCALAR_TYPE[t] as "i32", next) });
      break;
    }
    case "extract":
      for (const a of unaryVectors(shape, next, 30)) out.push({ a, b: zero, c: zero, scalar: 0n });
      break;
    case "replace": {
      const list = scalarList((op.params ?? [])[1]);
      const vectors = unaryVectors(shape, next, 10);
      for (let i = 0; i < list.length; i++) out.push({ a: vectors[i % vectors.length], b: zero, c: zero, scalar: list[i] });
      break;
    }
    case "const":
      out.push({ a: zero, b: zero, c: zero, scalar: 0n });
      break;
    default: throw new Error(`operandSets: ${kind}`);
  }
  return out;
}

test("SIMD ops: every non-memory 0xfd opcode matches V8 on boundary and random lanes (both NaN modes)", async () => {
  const wabt = await (await import("wabt")).default();
  const { variants, wat } = variantsAndWat();
  const bytes = wabt.parseWat("simd-oracle.wat", wat, { simd: true }).toBinary({}).buffer;
  const { instance } = await WA.instantiate(bytes);
  wasmMemory = new Uint8Array((instance.exports.memory as { buffer: ArrayBuffer }).buffer);
  exportsByName = instance.exports as unknown as Record<string, (...args: number[]) => void>;

  const next = makeRng(0x51d0);
  const covered = new Set<string>();
  let cases = 0;
  const failures: string[] = [];
  for (const variant of variants) {
    if (variant.kind === "memory") continue;
    covered.add(variant.op.name);
    for (const ops of operandSets(variant, next)) {
      const oracle = runV8(variant, ops);
      for (const [deterministic, engine] of [[false, "helpers"], [true, "helpers"], [false, "step"], [true, "step"]] as const) {
        const ours = runOurs(variant, ops, deterministic, engine);
        const problem = judge(variant, ops, oracle, ours, deterministic);
        if (problem !== undefined && failures.length < 30) {
          failures.push(`${engine}: ${variant.op.name}${variant.kind === "extract" || variant.kind === "replace" ? ` lane ${variant.lane}` : ""}${deterministic ? " (deterministic)" : ""} a=${hex(ops.a)} b=${hex(ops.b)} c=${hex(ops.c)} x=0x${ops.scalar.toString(16)} imm=${variant.imm.join(",")}: ${problem}`);
        }
      }
      cases++;
    }
  }
  const expected = SIMD_OPS.filter((op) => kindOf(op) !== "memory").map((op) => op.name);
  assert.deepEqual([...covered].sort(), expected.sort());
  assert.deepEqual(failures, []);
  assert.ok(cases > 50000, `only ${cases} cases`);
  console.log(`# SIMD non-memory: ${covered.size} opcodes, ${cases} operand sets (each run in both NaN modes, through the helpers and through simdStep)`);
  console.log(`# V8 NaN lanes breaking the spec's canonical/arithmetic rule: ${v8SpecDisagreements.size}`);
  for (const d of [...v8SpecDisagreements].slice(0, 10)) console.log(`# V8 vs spec: ${d}`);
});

test("SIMD memory ops: every load/store shape matches V8 at several addresses, offsets and lanes", async () => {
  const wabt = await (await import("wabt")).default();
  const { variants, wat } = variantsAndWat();
  const bytes = wabt.parseWat("simd-oracle.wat", wat, { simd: true }).toBinary({}).buffer;
  const { instance } = await WA.instantiate(bytes);
  const memory = new Uint8Array((instance.exports.memory as { buffer: ArrayBuffer }).buffer);
  const exported = instance.exports as unknown as Record<string, (addr: number) => void>;
  const next = makeRng(0x10ad);
  const ours = new Uint8Array(memory.length);
  const stepMemory = new MemoryInstance(memory.length / 65536, undefined);
  const covered = new Set<string>();
  let cases = 0;
  for (const variant of variants) {
    if (variant.kind !== "memory") continue;
    const { op } = variant;
    const sub = op.code & 0xff;
    covered.add(op.name);
    assert.equal(SIMD_ACCESS_BYTES[sub], 1 << op.naturalAlign, `${op.name}: access size`);
    const isStore = /store/.test(op.name);
    const offset = variant.imm[0];
    for (const rel of [0, 1, 3, 7, 8, 100, 233]) {
      const addr = DATA_AT + rel;
      // fresh random data and operand vector on both sides
      for (let i = DATA_AT; i < DATA_AT + DATA_LEN; i++) memory[i] = next() & 0xff;
      const a = randomVector("i8", next);
      memory.set(a, A_AT);
      memory.fill(0, RESULT_AT, RESULT_AT + 16);
      ours.set(memory);
      stepMemory.u8.set(memory);
      exported[variant.exportName](addr);

      stackWords.fill(SENTINEL);
      let sp = BASE;
      if (isStore || op.imm === Imm.MemArgLane) {
        stackWords[2 * BASE] = addr; putVector(BASE + 1, a); sp += 3;
      } else {
        stackWords[2 * BASE] = addr; sp += 1;
      }
      const addrSlot = simdAddressSlot(op.code, sp);
      assert.equal(addrSlot, BASE, `${op.name}: address slot`);
      const ea = (stackWords[2 * addrSlot] >>> 0) + offset;
      const nextSp = simdMemoryExec(op.code, ours, ea, stackWords, sp, variant.lane);
      assert.equal(nextSp, isStore ? BASE : BASE + 2, `${op.name}: stack pointer`);
      for (let w = 0; w < 2 * BASE; w++) assert.equal(stackWords[w], SENTINEL, `${op.name}: wrote below its operands`);
      const what = `${op.name} lane ${variant.lane} offset ${offset} addr ${addr}`;
      if (isStore) {
        assert.equal(hex(ours.subarray(DATA_AT, DATA_AT + DATA_LEN)), hex(memory.subarray(DATA_AT, DATA_AT + DATA_LEN)), what);
      } else {
        assert.equal(hex(stackBytes.subarray(BASE * 8, BASE * 8 + 16)), hex(memory.subarray(RESULT_AT, RESULT_AT + 16)), what);
      }

      // The same through simdStep, with the code words as lowering lays them out: [op, offset, lane].
      stackWords.fill(SENTINEL);
      stackWords[2 * BASE] = addr;
      if (isStore || op.imm === Imm.MemArgLane) putVector(BASE + 1, a);
      assert.equal(SIMD_IMMEDIATE_WORDS[sub], 2, `${op.name}: immediate words`);
      const stepCode = new Int32Array([0x1000 + sub, offset, variant.lane, 0x77]);
      assert.equal(simdStep(stepCode[0], stackWords, stackF32, stackF64, stepMemory, stepCode, 1, 2 * sp, 0), 3, `${op.name} (simdStep): next pc`);
      assert.equal(simdState.sp, 2 * (isStore ? BASE : BASE + 2), `${op.name} (simdStep): stack pointer`);
      for (let w = 0; w < 2 * BASE; w++) assert.equal(stackWords[w], SENTINEL, `${op.name} (simdStep): wrote below its operands`);
      if (isStore) {
        assert.equal(hex(stepMemory.u8.subarray(DATA_AT, DATA_AT + DATA_LEN)), hex(memory.subarray(DATA_AT, DATA_AT + DATA_LEN)), `${what} (simdStep)`);
      } else {
        assert.equal(hex(stackBytes.subarray(BASE * 8, BASE * 8 + 16)), hex(memory.subarray(RESULT_AT, RESULT_AT + 16)), `${what} (simdStep)`);
      }
      // Out of bounds: the access ending one byte past memory traps and writes nothing.
      stackWords[2 * BASE] = stepMemory.u8.length - SIMD_ACCESS_BYTES[sub] + 1 - offset;
      assert.throws(() => simdStep(stepCode[0], stackWords, stackF32, stackF64, stepMemory, stepCode, 1, 2 * sp, 0),
        (error: unknown) => error instanceof RuntimeError && /out of bounds memory access/.test(error.message), `${op.name}: bounds`);
      cases++;
    }
  }
  const expected = SIMD_OPS.filter((op) => kindOf(op) === "memory").map((op) => op.name);
  assert.deepEqual([...covered].sort(), expected.sort());
  console.log(`# SIMD memory: ${covered.size} opcodes, ${cases} cases`);
});
