// The negative codes xq host functions hand back to the contract, and the limits the host enforces.
// Values −100 … −108 are the original engine's (XuHugo/xwasm, `wasm/src/hostfunc.rs`); results are
// compared across nodes, so these numbers are consensus and must never be renumbered. They live in
// host/ (not contract/) because the host functions return them; contract/ re-exports them.

/**
 * Negative codes a host function in module `xq` returns to the contract (never thrown: the
 * contract decides what to do). −109 and −110 are xwasm additions for the capacity-checked
 * storage reads. Where the original reused a code loosely, the note says so.
 */
export const HostCode = {
  /** Success for functions whose success value is not a length (`set_store`, `call`, `transfer`). */
  Ok: 0,
  /** `set_event`: the module exports no linear memory named `memory`. */
  EventNoMemory: -100,
  /** `set_event`: the range `[ptr, ptr+len)` lies outside linear memory. */
  EventOutOfBounds: -101,
  /**
   * The bytes are not acceptable: not valid UTF-8 (`set_event`, `set_return_data`, the function
   * name and parameter of `call`), an event longer than 512 bytes (length read as unsigned, so a
   * negative length too), or (xwasm) a 65th event in one transaction.
   */
  InvalidData: -102,
  /**
   * `get_parameter`: the parameter is longer than 4,096 bytes, there is no memory, or it cannot be
   * written at `ptr` (out of bounds). Original also returns it from `get_block_hash` when the write
   * fails, and so does xwasm.
   */
  ParameterUnavailable: -103,
  /** `set_return_data`: the module exports no memory named `memory`. */
  ReturnNoMemory: -104,
  /** `set_return_data`: the range `[ptr, ptr+len)` lies outside linear memory. */
  ReturnOutOfBounds: -105,
  /**
   * The module exports no memory named `memory`. Returned by `get_block_hash`, `set_store`,
   * `get_store`, the xwasm `get_store_len` / `get_store_cap`, and (xwasm) `call` / `transfer`
   * (the original returned −1 and 3 there).
   */
  StoreNoMemory: -106,
  /**
   * `set_store` / `get_store` (and the xwasm variants): the key or value range lies outside linear
   * memory. xwasm also returns it from `call` / `transfer` for an out-of-bounds address, function
   * name or parameter (original: returned 0 there, which reads as success — a flaw not copied).
   */
  StoreOutOfBounds: -107,
  /**
   * The operation itself failed: `set_store` backend error, `get_store` on a key that does not
   * exist (original behaviour, kept) or whose value cannot be written at `vptr`; `call` when the
   * callee is missing, rejects, the depth limit is reached or the attached amount cannot be paid;
   * `transfer` with insufficient funds or a u64 overflow at the receiver.
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
  /** Events per transaction (MAX_NUM_EVENT). */
  maxEvents: 64,
  /** Bytes of an address as the host writes and reads it. */
  addressBytes: 20,
} as const;
