// The embedder's exact-bit value: floats travel as their raw IEEE bits so NaN payloads survive a
// round trip through the engine (the spec suite checks them), which JS numbers cannot promise.

import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, valTypeName } from "../core/index.ts";
import type { ValType } from "../core/index.ts";
import type { Store } from "../exec/index.ts";
import { funcRefFromJs, funcRefToJs } from "./js-values.ts";

export type WasmValue =
  | { type: "i32"; value: number }          // signed 32-bit integer
  | { type: "i64"; value: bigint }          // signed 64-bit
  | { type: "f32"; bits: number }           // raw IEEE bits as unsigned 32-bit integer
  | { type: "f64"; bits: bigint }           // raw IEEE bits as unsigned 64-bit bigint
  | { type: "v128"; bytes: Uint8Array }     // 16 bytes, little-endian lanes
  | { type: "funcref"; value: unknown }     // null = ref.null func; otherwise an exported function object
  | { type: "externref"; value: unknown };  // null = ref.null extern; otherwise any host value (identity preserved)

/** Reads the value of type `type` at `slot` (v128: slots slot, slot+1) of a word array. */
export function readWasmValue(store: Store, words: Int32Array, slot: number, type: ValType): WasmValue {
  const w = slot * 2;
  switch (type) {
    case I32:
      return { type: "i32", value: words[w] };
    case I64:
      return { type: "i64", value: (BigInt(words[w + 1]) << 32n) | BigInt(words[w] >>> 0) };
    case F32:
      return { type: "f32", bits: words[w] >>> 0 };
    case F64:
      return { type: "f64", bits: (BigInt(words[w + 1] >>> 0) << 32n) | BigInt(words[w] >>> 0) };
    case V128: {
      const bytes = new Uint8Array(16);
      new Int32Array(bytes.buffer).set(words.subarray(w, w + 4));
      return { type: "v128", bytes };
    }
    case FUNCREF:
      return { type: "funcref", value: funcRefToJs(store, words[w]) };
    case EXTERNREF:
      return { type: "externref", value: store.idToRef(words[w]) };
    default:
      throw new TypeError(`unknown value type ${valTypeName(type)}`);
  }
}

/** Writes `value` at `slot` of a word array, checking that it has type `type`. */
export function writeWasmValue(store: Store, words: Int32Array, slot: number, type: ValType, value: WasmValue): void {
  const w = slot * 2;
  if (value.type !== valTypeName(type)) throw new TypeError(`expected a ${valTypeName(type)} value, got ${value.type}`);
  switch (value.type) {
    case "i32":
      words[w] = value.value | 0;
      words[w + 1] = 0;
      return;
    case "i64": {
      const big = BigInt.asIntN(64, value.value);
      words[w] = Number(BigInt.asIntN(32, big));
      words[w + 1] = Number(big >> 32n);
      return;
    }
    case "f32":
      words[w] = value.bits | 0;
      words[w + 1] = 0;
      return;
    case "f64": {
      const bits = BigInt.asUintN(64, value.bits);
      words[w] = Number(BigInt.asIntN(32, bits));
      words[w + 1] = Number(BigInt.asIntN(32, bits >> 32n));
      return;
    }
    case "v128": {
      if (value.bytes.length !== 16) throw new TypeError("a v128 value has exactly 16 bytes");
      const copy = new Uint8Array(16);
      copy.set(value.bytes);
      words.set(new Int32Array(copy.buffer), w);
      return;
    }
    case "funcref":
      words[w] = funcRefFromJs(store, value.value);
      words[w + 1] = 0;
      return;
    case "externref":
      words[w] = store.refToId(value.value);
      words[w + 1] = 0;
      return;
  }
}
