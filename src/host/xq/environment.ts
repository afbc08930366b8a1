// What the xq host functions need from whoever runs the contract. host/ sits below contract/ in the
// layering, so the host functions are written against this interface and contract/ implements it
// over its journaled state; an embedder can implement it over anything else.

/** The contract's exported memory as the host sees it: `buffer` is re-read on every access because
 *  `memory.grow` replaces it. The runtime's `Memory` satisfies this. */
export interface MemoryLike {
  readonly buffer: ArrayBuffer;
}

/** Outcome of a state-changing request (`call`, `transfer`, `set_store`): anything but "ok" makes
 *  the host function return `OperationFailed` (−108) and leaves the state as it was. */
export type XqOutcome = "ok" | "failed";

export interface XqEnvironment {
  /** The running contract's export named `memory`, if it is a memory; `undefined` otherwise. */
  readonly memory: MemoryLike | undefined;
  /**
   * Charges `gas` before the host acts. Throws (an `OutOfGas`) when the limit would be passed, in
   * which case nothing has been charged and the host function has no effect.
   */
  charge(gas: number): void;

  /** 20-byte addresses. */
  owner(): Uint8Array;
  invoker(): Uint8Array;
  contractAddress(): Uint8Array;
  /** The contract's balance now (u64). */
  contractBalance(): bigint;
  /** The call parameter (UTF-8 JSON by convention). */
  parameter(): Uint8Array;
  blockTime(): bigint;
  blockHeight(): bigint;
  blockHash(): Uint8Array;

  /** The running contract's storage. */
  getStore(key: Uint8Array): Uint8Array | undefined;
  setStore(key: Uint8Array, value: Uint8Array): XqOutcome;

  /** Events alive in this transaction so far (the host refuses the one past the limit). */
  eventCount(): number;
  emitEvent(text: string): void;
  setReturnData(data: Uint8Array): void;

  /** Runs function `func` of the contract at `address` with `amount` attached; "ok" if it succeeded. */
  call(address: Uint8Array, amount: bigint, func: string, parameter: Uint8Array): XqOutcome;
  /** Moves `amount` from the running contract to `address`. */
  transfer(address: Uint8Array, amount: bigint): XqOutcome;
  /** A message for the host's debug log; it never affects the result. */
  debug(message: string): void;
}
