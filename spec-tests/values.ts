// Script values ↔ engine values, exact comparison against expected patterns, and readable formatting.

import type { WasmValue } from "./engine-adapter.ts";
import type { Expected, LanePattern, NanKind, V128Shape, WastValue } from "./wast-parser.ts";

/** Host references (`ref.extern N`) are one frozen object per N, so identity survives a round trip. */
export class HostRefs {
  private readonly refs = new Map<number, object>();
  get(n: number): object {
    let ref = this.refs.get(n);
    if (ref === undefined) {
      ref = Object.freeze({ hostRef: n });
      this.refs.set(n, ref);
    }
    return ref;
  }
  numberOf(value: unknown): number | undefined {
    for (const [n, ref] of this.refs) if (ref === value) return n;
    return undefined;
  }
}

export function toWasmValue(v: WastValue, hostRefs: HostRefs): WasmValue {
  switch (v.type) {
    case "funcref": return { type: "funcref", value: null };
    case "externref": return { type: "externref", value: v.ref === null ? null : hostRefs.get(v.ref) };
    default: return v;
  }
}

function f32IsNan(bits: number, kind: NanKind): boolean {
  const magnitude = bits & 0x7fffffff;
  if (kind === "canonical") return magnitude === 0x7fc00000;
  return (magnitude & 0x7fc00000) === 0x7fc00000;
}

function f64IsNan(bits: bigint, kind: NanKind): boolean {
  const magnitude = bits & 0x7fffffffffffffffn;
  if (kind === "canonical") return magnitude === 0x7ff8000000000000n;
  return (magnitude & 0x7ff8000000000000n) === 0x7ff8000000000000n;
}

const LANE_BITS: Record<V128Shape, number> = { i8x16: 8, i16x8: 16, i32x4: 32, i64x2: 64, f32x4: 32, f64x2: 64 };

function laneValue(bytes: Uint8Array, laneBytes: number, k: number): bigint {
  let v = 0n;
  for (let b = laneBytes - 1; b >= 0; b--) v = (v << 8n) | BigInt(bytes[k * laneBytes + b]!);
  return v;
}

function laneMatches(actual: bigint, shape: V128Shape, lane: LanePattern): boolean {
  if ("bits" in lane) return actual === lane.bits;
  return shape === "f32x4" ? f32IsNan(Number(actual), lane.nan) : f64IsNan(actual, lane.nan);
}

export function matches(actual: WasmValue, expected: Expected, hostRefs: HostRefs): boolean {
  if (expected.type === "either") return expected.options.some((option) => matches(actual, option, hostRefs));
  if (actual.type !== expected.type) return false;
  switch (expected.type) {
    case "i32": return actual.type === "i32" && (actual.value | 0) === (expected.value | 0);
    case "i64": return actual.type === "i64" && BigInt.asIntN(64, actual.value) === BigInt.asIntN(64, expected.value);
    case "f32":
      if (actual.type !== "f32") return false;
      return "nan" in expected ? f32IsNan(actual.bits >>> 0, expected.nan) : (actual.bits >>> 0) === (expected.bits >>> 0);
    case "f64":
      if (actual.type !== "f64") return false;
      return "nan" in expected ? f64IsNan(BigInt.asUintN(64, actual.bits), expected.nan) : BigInt.asUintN(64, actual.bits) === BigInt.asUintN(64, expected.bits as bigint);
    case "v128": {
      if (actual.type !== "v128" || actual.bytes.length !== 16) return false;
      const laneBytes = LANE_BITS[expected.shape] / 8;
      return expected.lanes.every((lane, k) => laneMatches(laneValue(actual.bytes, laneBytes, k), expected.shape, lane));
    }
    case "funcref":
    case "externref": {
      if (actual.type !== "funcref" && actual.type !== "externref") return false;
      const value = actual.value ?? null;
      if (expected.ref === null) return value === null;
      if (expected.ref === "any") return value !== null;
      return value === hostRefs.get(expected.ref);
    }
  }
}

const hex = (v: bigint | number, digits: number): string => `0x${v.toString(16).padStart(digits, "0")}`;

export function formatValue(v: WasmValue, hostRefs: HostRefs): string {
  switch (v.type) {
    case "i32": return `i32:${v.value}`;
    case "i64": return `i64:${v.value}`;
    case "f32": return `f32:${hex(v.bits >>> 0, 8)}`;
    case "f64": return `f64:${hex(BigInt.asUintN(64, v.bits), 16)}`;
    case "v128": return `v128:${Array.from(v.bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
    case "funcref":
    case "externref": {
      if (v.value === null || v.value === undefined) return `${v.type}:null`;
      const n = hostRefs.numberOf(v.value);
      return n === undefined ? `${v.type}:<ref>` : `${v.type}:extern ${n}`;
    }
  }
}

export function formatExpected(e: Expected): string {
  switch (e.type) {
    case "either": return `either(${e.options.map(formatExpected).join(" | ")})`;
    case "i32": return `i32:${e.value}`;
    case "i64": return `i64:${e.value}`;
    case "f32": return "nan" in e ? `f32:nan:${e.nan}` : `f32:${hex((e.bits as number) >>> 0, 8)}`;
    case "f64": return "nan" in e ? `f64:nan:${e.nan}` : `f64:${hex(e.bits as bigint, 16)}`;
    case "v128": return `v128 ${e.shape}:${e.lanes.map((l) => ("bits" in l ? hex(l.bits, LANE_BITS[e.shape] / 4) : `nan:${l.nan}`)).join(" ")}`;
    case "funcref":
    case "externref": return `${e.type}:${e.ref === null ? "null" : e.ref === "any" ? "non-null" : `extern ${e.ref}`}`;
  }
}
