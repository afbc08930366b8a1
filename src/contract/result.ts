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
  /** The module does not export a linear memory named `memory` where one is required. */
  InvalidMemory: 1003,
  /** The memory's initial or maximum page count exceeds what the engine allows. */
  InvalidHeapPages: 1004,
  /** Gas ran out; state writes are discarded, the gas used is still charged. */
  OutOfGas: 1005,
  /** The entry function trapped, or returned an i32 other than 1. */
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

/**
 * Negative codes a host function in module `xq` returns to the contract (never thrown: the
 * contract decides what to do). Values −100 … −108 are the original engine's; the original reuses
 * some of them loosely, and the "original" notes record where, so a port can match it. −109 and
 * −110 are xwasm additions for the capacity-checked storage reads.
 */
export const HostCode = {
  /** Success for functions whose success value is not a length (`set_store`, `call`, `transfer`). */
  Ok: 0,
  /**
   * The module exports no linear memory named `memory`, so the host cannot read the arguments.
   * Returned by `set_event`.
   */
  EventNoMemory: -100,
  /** `set_event`: the range `[ptr, ptr+len)` lies outside linear memory. */
  EventOutOfBounds: -101,
  /**
   * The bytes are not acceptable: not valid UTF-8 (`set_event`, `set_return_data`, and the
   * address / function name / parameter of `call` and `transfer`), or an event longer than 512
   * bytes, or (xwasm) a 65th event in one call.
   */
  InvalidData: -102,
  /**
   * `get_parameter`: the parameter is longer than 4,096 bytes, or cannot be written at `ptr`
   * (out of bounds). Original also returns it from `get_block_hash` when the write fails.
   */
  ParameterUnavailable: -103,
  /** `set_return_data`: the module exports no memory named `memory`. */
  ReturnNoMemory: -104,
  /** `set_return_data`: the range `[ptr, ptr+len)` lies outside linear memory. */
  ReturnOutOfBounds: -105,
  /**
   * The module exports no memory named `memory`. Returned by `get_block_hash`, `set_store`,
   * `get_store` (and the xwasm `get_store_len` / `get_store_cap`).
   */
  StoreNoMemory: -106,
  /**
   * `set_store` / `get_store` (and the xwasm variants): the key or value range lies outside linear
   * memory. xwasm also returns it from `call` / `transfer` for an out-of-bounds address, function
   * name or parameter (original: returned 0 there, which reads as success — a flaw not copied).
   */
  StoreOutOfBounds: -107,
  /**
   * The operation itself failed: `set_store` / `get_store` backend error, `get_store` on a key that
   * does not exist (original behaviour, kept) or whose value cannot be written at `vptr`;
   * `call` when the callee is missing or rejects; `transfer` with insufficient funds.
   */
  OperationFailed: -108,
  /** xwasm: `get_store_len` / `get_store_cap` for a key that has no value. Nothing is written. */
  KeyNotFound: -109,
  /**
   * xwasm: `get_store_cap` when the value is longer than `vcap`. Nothing is written; the caller
   * asks `get_store_len` and retries with a larger buffer.
   */
  BufferTooSmall: -110,
} as const;

export type HostCodeName = keyof typeof HostCode;
export type HostCodeValue = (typeof HostCode)[HostCodeName];

/** Limits the host enforces, as the original engine's constants. */
export const CONTRACT_LIMITS = {
  /** Bytes of a call parameter that `get_parameter` will write (MAX_PREALLOCATED_CAPACITY). */
  maxParameterBytes: 4096,
  /** Bytes of one event (MAX_EVENT_SIZE). */
  maxEventBytes: 512,
  /** Events per call (MAX_NUM_EVENT). */
  maxEvents: 64,
  /** Bytes of an address as the host writes it. */
  addressBytes: 20,
} as const;

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
