// Command-line text <-> wasm values, exact to the bit (floats are printed with their bits when NaN).

import { F32, F64, I32, I64, valTypeName } from "../core/index.ts";
import type { ValType } from "../core/index.ts";
import type { WasmValue } from "../runtime/index.ts";

const scratch = new DataView(new ArrayBuffer(8));

export function parseArg(text: string, type: ValType): WasmValue {
  const trimmed = text.trim().replace(/_/g, "");
  switch (type) {
    case I32: {
      const value = parseBigInt(trimmed, 32);
      return { type: "i32", value: Number(BigInt.asIntN(32, value)) };
    }
    case I64:
      return { type: "i64", value: BigInt.asIntN(64, parseBigInt(trimmed, 64)) };
    case F32: {
      scratch.setFloat32(0, parseFloatText(trimmed), true);
      return { type: "f32", bits: scratch.getUint32(0, true) };
    }
    case F64: {
      scratch.setFloat64(0, parseFloatText(trimmed), true);
      return { type: "f64", bits: scratch.getBigUint64(0, true) };
    }
    default:
      throw new Error(`arguments of type ${valTypeName(type)} cannot be given on the command line`);
  }
}

function parseBigInt(text: string, width: number): bigint {
  const negative = text.startsWith("-");
  const digits = negative || text.startsWith("+") ? text.slice(1) : text;
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(digits)) throw new Error(`not an integer: ${text}`);
  const magnitude = BigInt(digits);
  const limit = 1n << BigInt(width);
  if (magnitude >= limit || (negative && magnitude > limit / 2n)) throw new Error(`integer out of range for i${width}: ${text}`);
  return negative ? -magnitude : magnitude;
}

function parseFloatText(text: string): number {
  const lower = text.toLowerCase();
  if (lower === "nan" || lower === "+nan") return NaN;
  if (lower === "inf" || lower === "+inf" || lower === "infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a number: ${text}`);
  return value;
}

export function formatValue(value: WasmValue): string {
  switch (value.type) {
    case "i32":
    case "i64":
      return `${value.type}:${value.value}`;
    case "f32": {
      scratch.setUint32(0, value.bits, true);
      const number = scratch.getFloat32(0, true);
      return Number.isNaN(number) ? `f32:nan(0x${value.bits.toString(16)})` : `f32:${Object.is(number, -0) ? "-0" : number}`;
    }
    case "f64": {
      scratch.setBigUint64(0, value.bits, true);
      const number = scratch.getFloat64(0, true);
      return Number.isNaN(number) ? `f64:nan(0x${value.bits.toString(16)})` : `f64:${Object.is(number, -0) ? "-0" : number}`;
    }
    case "v128":
      return `v128:${[...value.bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
    case "funcref":
    case "externref":
      return `${value.type}:${value.value === null ? "null" : "<ref>"}`;
  }
}

/** A JSON-safe rendering (bigints as decimal strings). */
export function valueToJson(value: WasmValue): Record<string, string | number | null> {
  switch (value.type) {
    case "i32":
      return { type: "i32", value: value.value };
    case "i64":
      return { type: "i64", value: value.value.toString() };
    case "f32":
    case "f64":
      return { type: value.type, bits: value.bits.toString(), text: formatValue(value).slice(4) };
    case "v128":
      return { type: "v128", hex: formatValue(value).slice(5) };
    default:
      return { type: value.type, value: value.value === null ? null : "<ref>" };
  }
}
