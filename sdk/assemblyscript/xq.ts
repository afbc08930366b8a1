// @ts-nocheck — AssemblyScript, not TypeScript: the project's tsc sees this file through the
// examples and would reject AS decorators and types (i32, usize, ...). Compiled by `asc` only.
//
// xq SDK for AssemblyScript contracts: bindings for every host function of import module `xq`,
// plus helpers that make the common paths safe (parameter, return data, events, u64 storage via
// the capacity-checked reads, and an abort handler that reports through `Debug` then traps).
//
// Contract conventions: an entry point is `export function name(amount: i64): i32` and returns
// SUCCESS (1) to commit or anything else (FAILURE) to reject with state rolled back. Compile with
// sdk/assemblyscript/asconfig.json (stub runtime, aborts routed to `xqAbort`, no `env` imports).

// ---- Host functions, exactly as the engine links them -------------------------------------------
// Pointers are addresses in this module's exported memory. Negative returns are the host codes
// in src/contract/result.ts (`HostCode`).

/** Writes the 20-byte owner (deployer) address at `ptr`. */
@external("xq", "get_owner")
export declare function get_owner(ptr: usize): void;
/** Writes the 20-byte address that invoked this call at `ptr`. */
@external("xq", "get_invoker")
export declare function get_invoker(ptr: usize): void;
/** Writes this contract's 20-byte address at `ptr`. */
@external("xq", "get_contract_address")
export declare function get_contract_address(ptr: usize): void;
@external("xq", "get_contract_balance")
export declare function get_contract_balance(): i64;
/** Writes the call parameter at `ptr`; returns its length, or −103 if over 4,096 bytes / unwritable. */
@external("xq", "get_parameter")
export declare function get_parameter(ptr: usize): i32;
@external("xq", "get_block_time")
export declare function get_block_time(): i64;
@external("xq", "get_block_height")
export declare function get_block_height(): i64;
/** Writes the block hash at `ptr` (size decided by the chain); returns its length or a negative code. */
@external("xq", "get_block_hash")
export declare function get_block_hash(ptr: usize): i32;
/** Records a UTF-8 event (≤ 512 bytes, ≤ 64 per call); returns `len` or a negative code. */
@external("xq", "set_event")
export declare function set_event(ptr: usize, len: i32): i32;
/** Sets the call's return data (UTF-8); returns `len` or a negative code. */
@external("xq", "set_return_data")
export declare function set_return_data(ptr: usize, len: i32): i32;
/** Stores `value` under `key` for this contract; returns 0 or a negative code. */
@external("xq", "set_store")
export declare function set_store(kptr: usize, klen: i32, vptr: usize, vlen: i32): i32;
/**
 * The original engine's read: writes the WHOLE value at `vptr` with no bound, returns its length.
 * Kept for compatibility; prefer `get_store_len` + `get_store_cap`, which cannot overrun a buffer.
 */
@external("xq", "get_store")
export declare function get_store(kptr: usize, klen: i32, vptr: usize): i32;
/** Length of the value under `key`, or −109 if there is none (nothing is written). */
@external("xq", "get_store_len")
export declare function get_store_len(kptr: usize, klen: i32): i32;
/** Writes the value at `vptr` if it fits in `vcap` bytes; returns its length, −109 if absent, −110 if too long. */
@external("xq", "get_store_cap")
export declare function get_store_cap(kptr: usize, klen: i32, vptr: usize, vcap: i32): i32;
/** Calls function `fn` of the contract at `addr` with `amount` attached; 0 on success. */
@external("xq", "call")
export declare function call(addr: usize, amount: i64, fnPtr: usize, fnLen: i32, paramPtr: usize, paramLen: i32): i32;
/** Moves `amount` from this contract's balance to `addr`; 0 on success, −108 e.g. on insufficient funds. */
@external("xq", "transfer")
export declare function transfer(addr: usize, amount: i64): i32;
/** Prints a UTF-8 message in the host's debug log; no effect on the result. */
@external("xq", "Debug")
export declare function Debug(ptr: usize, len: i32): void;

// ---- Constants ---------------------------------------------------------------------------------

export const SUCCESS: i32 = 1;
export const FAILURE: i32 = 0;
export const ADDRESS_LENGTH: i32 = 20;
export const MAX_PARAMETER_BYTES: i32 = 4096;
export const HOST_KEY_NOT_FOUND: i32 = -109;
export const HOST_BUFFER_TOO_SMALL: i32 = -110;

// ---- Abort: `--use abort=...` routes every AssemblyScript abort (failed assert, bounds check, ----
// ---- explicit abort()) here, so the module needs no `env.abort` import.

export function xqAbort(message: string | null = null, fileName: string | null = null, lineNumber: u32 = 0, columnNumber: u32 = 0): void {
  let text = "abort: " + (message !== null ? message : "(no message)");
  if (fileName !== null) {
    text += " at " + fileName + ":" + lineNumber.toString() + ":" + columnNumber.toString();
  }
  debug(text);
  unreachable();
}

// ---- Strings and bytes -------------------------------------------------------------------------

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(text));
}

/** The string of UTF-8 bytes. */
export function fromUtf8(bytes: Uint8Array): string {
  return String.UTF8.decodeUnsafe(bytes.dataStart, bytes.length);
}

export function debug(text: string): void {
  const bytes = utf8(text);
  Debug(bytes.dataStart, bytes.length);
}

// ---- Call context ------------------------------------------------------------------------------

/** The call parameter as bytes; aborts if the host cannot provide it. */
export function parameterBytes(): Uint8Array {
  const buffer = new Uint8Array(MAX_PARAMETER_BYTES);
  const length = get_parameter(buffer.dataStart);
  if (length < 0) abort("get_parameter failed");
  return buffer.slice(0, length);
}

/** The call parameter as a string (UTF-8). */
export function parameterString(): string {
  return fromUtf8(parameterBytes());
}

export function setReturnBytes(bytes: Uint8Array): void {
  if (set_return_data(bytes.dataStart, bytes.length) < 0) abort("set_return_data failed");
}

export function setReturnString(text: string): void {
  setReturnBytes(utf8(text));
}

/** Records an event; returns false if the host refused it (too long, too many). */
export function emitEvent(text: string): bool {
  const bytes = utf8(text);
  return set_event(bytes.dataStart, bytes.length) >= 0;
}

export function owner(): Uint8Array {
  const out = new Uint8Array(ADDRESS_LENGTH);
  get_owner(out.dataStart);
  return out;
}

export function invoker(): Uint8Array {
  const out = new Uint8Array(ADDRESS_LENGTH);
  get_invoker(out.dataStart);
  return out;
}

export function contractAddress(): Uint8Array {
  const out = new Uint8Array(ADDRESS_LENGTH);
  get_contract_address(out.dataStart);
  return out;
}

// ---- Storage -----------------------------------------------------------------------------------

/** The value under `key`, or null if there is none; never writes past its own buffer. */
export function storageGet(key: Uint8Array): Uint8Array | null {
  const length = get_store_len(key.dataStart, key.length);
  if (length == HOST_KEY_NOT_FOUND) return null;
  if (length < 0) abort("get_store_len failed");
  const value = new Uint8Array(length);
  const written = get_store_cap(key.dataStart, key.length, value.dataStart, length);
  if (written != length) abort("get_store_cap failed");
  return value;
}

export function storageSet(key: Uint8Array, value: Uint8Array): void {
  if (set_store(key.dataStart, key.length, value.dataStart, value.length) < 0) abort("set_store failed");
}

/** A u64 stored as 8 little-endian bytes; `fallback` when the key has no value. */
export function storageGetU64(key: string, fallback: u64 = 0): u64 {
  const keyBytes = utf8(key);
  const value = new Uint8Array(8);
  const length = get_store_cap(keyBytes.dataStart, keyBytes.length, value.dataStart, 8);
  if (length == HOST_KEY_NOT_FOUND) return fallback;
  if (length != 8) abort("storage value is not a u64");
  return load<u64>(value.dataStart);
}

export function storageSetU64(key: string, value: u64): void {
  const bytes = new Uint8Array(8);
  store<u64>(bytes.dataStart, value);
  storageSet(utf8(key), bytes);
}

export function storageGetString(key: string): string | null {
  const value = storageGet(utf8(key));
  return value === null ? null : fromUtf8(value);
}

export function storageSetString(key: string, value: string): void {
  storageSet(utf8(key), utf8(value));
}

// ---- Parsing -----------------------------------------------------------------------------------

/** Lowercase hex of bytes (how addresses appear in parameters, keys and events). */
export function toHex(bytes: Uint8Array): string {
  const digits = "0123456789abcdef";
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    out += digits.charAt(byte >> 4) + digits.charAt(byte & 15);
  }
  return out;
}

function hexValue(code: i32): i32 {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Bytes of a hex string (optional `0x`), or null if it is not exactly `expectedLength` bytes of hex. */
export function fromHex(text: string, expectedLength: i32): Uint8Array | null {
  let start = 0;
  if (text.length >= 2 && text.charCodeAt(0) == 48 && (text.charCodeAt(1) == 120 || text.charCodeAt(1) == 88)) start = 2;
  if (text.length - start != expectedLength * 2) return null;
  const out = new Uint8Array(expectedLength);
  for (let i = 0; i < expectedLength; i++) {
    const high = hexValue(text.charCodeAt(start + 2 * i));
    const low = hexValue(text.charCodeAt(start + 2 * i + 1));
    if (high < 0 || low < 0) return null;
    out[i] = <u8>((high << 4) | low);
  }
  return out;
}

/** A decimal amount in [0, 2^63); −1 for anything else (empty, sign, non-digit, overflow). */
export function parseAmount(text: string): i64 {
  if (text.length == 0 || text.length > 19) return -1;
  let value: i64 = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    const next = value * 10 + <i64>(code - 48);
    if (next < value) return -1; // wrapped past i64::MAX (only possible with 19 digits)
    value = next;
  }
  return value;
}

function isJsonSpace(code: i32): bool {
  return code == 32 || code == 9 || code == 10 || code == 13;
}

/**
 * A flat JSON object of string and non-negative integer values, e.g. `{"to":"ab..","amount":5}`,
 * as a map of raw value texts; null if the text is anything else. Strings with escapes are
 * refused rather than half-decoded: contract parameters are addresses and numbers.
 */
export function parseFlatObject(text: string): Map<string, string> | null {
  const out = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
  if (i >= n || text.charCodeAt(i) != 123) return null; // {
  i++;
  let first = true;
  while (true) {
    while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
    if (i >= n) return null;
    if (text.charCodeAt(i) == 125) { // }
      i++;
      break;
    }
    if (!first) {
      if (text.charCodeAt(i) != 44) return null; // ,
      i++;
      while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
    }
    first = false;
    // key
    if (i >= n || text.charCodeAt(i) != 34) return null;
    const keyStart = i + 1;
    i = keyStart;
    while (i < n && text.charCodeAt(i) != 34) {
      if (text.charCodeAt(i) == 92) return null;
      i++;
    }
    if (i >= n) return null;
    const key = text.substring(keyStart, i);
    i++;
    while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
    if (i >= n || text.charCodeAt(i) != 58) return null; // :
    i++;
    while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
    if (i >= n) return null;
    let value: string;
    if (text.charCodeAt(i) == 34) {
      const valueStart = i + 1;
      i = valueStart;
      while (i < n && text.charCodeAt(i) != 34) {
        if (text.charCodeAt(i) == 92) return null;
        i++;
      }
      if (i >= n) return null;
      value = text.substring(valueStart, i);
      i++;
    } else {
      const valueStart = i;
      while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      if (i == valueStart) return null;
      value = text.substring(valueStart, i);
    }
    if (out.has(key)) return null; // duplicate keys are ambiguous
    out.set(key, value);
  }
  while (i < n && isJsonSpace(text.charCodeAt(i))) i++;
  if (i != n) return null;
  return out;
}
