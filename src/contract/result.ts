// The outcome vocabulary of a contract call: the original engine's `WasmError` codes, the
// negative codes host functions hand back to the contract, the `WasmResult` union and the JSON
// shape the CLI prints.
//
// Numeric values are the original engine's (XuHugo/xwasm, `par-wasm/src/types.rs`: a Rust enum
// `WasmError { CodeNotFound = 1000, InvalidModule, ... HostFuncErr }`, so consecutive from 1000;
// host return codes −100 … −108 from `wasm/src/hostfunc.rs`). Results are compared across
// nodes, so these numbers are part of consensus and must never be renumbered.

/** Why a call was rejected. Values equal the original engine's `WasmError` discriminants. */
export const WasmError = {
  /** No code is stored at the contract address. */
  CodeNotFound: 1000,
  /** The bytes decode but fail validation, or use a feature the contract profile forbids. */
  InvalidModule: 1001,
  /** The bytes are not a WebAssembly binary at all (bad magic/version, malformed sections). */
  CantDeserializeWasm: 1002,
  /**
   * The module's export named `memory` is not a linear memory. (A module with no such export runs;
   * its host calls that need memory get their "no memory" codes, as in the original.)
   */
  InvalidMemory: 1003,
  /** The memory's initial page count exceeds what the engine allows (execute's `maxMemoryPages`). */
  InvalidHeapPages: 1004,
  /** Gas ran out; state writes are discarded, the gas used is still charged. */
  OutOfGas: 1005,
  /** The entry function trapped or returned an i32 other than 1, or the invoker could not pay the attached amount. */
  ExecuteFail: 1006,
  /** The entry function is missing the `(i64) -> i32` shape, or returned no i32. */
  InvalidReturn: 1007,
  /** Linking or instantiation failed (unknown import, start function trapped, ...). */
  Instantiation: 1008,
  /** A required state entry (e.g. the entry function by name) does not exist. */
  KeyNotFound: 1009,
  /** A host function failed in a way the contract cannot handle (state backend error). */
  HostFuncErr: 1010,
} as const;

export type WasmErrorName = keyof typeof WasmError;
export type WasmErrorCode = (typeof WasmError)[WasmErrorName];

/** Names in code order, so that `WASM_ERROR_NAMES[code - 1000]` is the name. */
export const WASM_ERROR_NAMES: readonly WasmErrorName[] = [
  "CodeNotFound",
  "InvalidModule",
  "CantDeserializeWasm",
  "InvalidMemory",
  "InvalidHeapPages",
  "OutOfGas",
  "ExecuteFail",
  "InvalidReturn",
  "Instantiation",
  "KeyNotFound",
  "HostFuncErr",
];

/** The name of a `WasmError` code, or `undefined` for a number that is not one. */
export function wasmErrorName(code: number): WasmErrorName | undefined {
  if (!Number.isInteger(code)) return undefined;
  return WASM_ERROR_NAMES[code - WasmError.CodeNotFound];
}

// The host return codes and limits belong to the xq host functions (host/xq); re-exported here
// because they are part of the contract vocabulary embedders use.
export { HostCode, CONTRACT_LIMITS } from "../host/index.ts";
export type { HostCodeName, HostCodeValue } from "../host/index.ts";

/** One entry of the write set a successful call produced, in the order first written. */
export type StateWrite =
  | { kind: "storage"; address: string; key: string; value: Uint8Array | null }
  | { kind: "balance"; address: string; balance: bigint }
  | { kind: "code"; address: string; code: Uint8Array | null };

export interface WasmSuccess {
  status: "success";
  usedGas: number;
  events: string[];
  /** Bytes passed to `set_return_data` (UTF-8, the host checks it). */
  data: Uint8Array;
  /** What the call changed; addresses and keys are lowercase hex without `0x`. */
  writes: StateWrite[];
}

export interface WasmReject {
  status: "reject";
  code: WasmErrorCode;
  codeName: WasmErrorName;
  reason: string;
  usedGas: number;
}

export type WasmResult = WasmSuccess | WasmReject;

export function success(usedGas: number, events: string[], data: Uint8Array, writes: StateWrite[]): WasmSuccess {
  return { status: "success", usedGas, events, data, writes };
}

export function reject(codeName: WasmErrorName, reason: string, usedGas: number): WasmReject {
  return { status: "reject", code: WasmError[codeName], codeName, reason, usedGas };
}

/** What `xwasm call` prints: a flat object, the same keys whatever the status. */
export interface WasmResultJson {
  status: "success" | "reject";
  code: number | null;
  codeName: string | null;
  reason: string | null;
  usedGas: number;
  events: string[];
  data: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Return data as the CLI shows it: the UTF-8 text (the host only accepts UTF-8), or `0x` + hex
 * if someone built a result from bytes that are not UTF-8, so nothing is silently replaced.
 */
export function returnDataText(data: Uint8Array): string {
  try {
    return strictUtf8.decode(data);
  } catch {
    return "0x" + bytesToHex(data);
  }
}

export function toResultJson(result: WasmResult): WasmResultJson {
  if (result.status === "success") {
    return {
      status: "success",
      code: null,
      codeName: null,
      reason: null,
      usedGas: result.usedGas,
      events: [...result.events],
      data: returnDataText(result.data),
    };
  }
  return {
    status: "reject",
    code: result.code,
    codeName: result.codeName,
    reason: result.reason,
    usedGas: result.usedGas,
    events: [],
    data: "",
  };
}

const HEX_DIGITS = "0123456789abcdef";

/** Lowercase hex, no prefix: the canonical form of addresses and keys everywhere in contract/. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    out += HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 15]!;
  }
  return out;
}

/** Parses hex with or without `0x`; throws on odd length or a non-hex digit. */
export function hexToBytes(hex: string): Uint8Array {
  const digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (digits.length % 2 !== 0) throw new RangeError(`hex string has odd length: ${hex}`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) {
    const high = hexDigitValue(digits.charCodeAt(2 * i));
    const low = hexDigitValue(digits.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) throw new RangeError(`not a hex string: ${hex}`);
    out[i] = (high << 4) | low;
  }
  return out;
}

function hexDigitValue(charCode: number): number {
  if (charCode >= 48 && charCode <= 57) return charCode - 48;
  if (charCode >= 97 && charCode <= 102) return charCode - 87;
  if (charCode >= 65 && charCode <= 70) return charCode - 55;
  return -1;
}
