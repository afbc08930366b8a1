// Engine configuration and the choice of Store.
//
// Why one Store per configuration and not one per Instance: instances that import each other's
// functions, tables and globals must agree on reference ids (a table holds ref ids, and a funcref
// written by one instance is called through call_indirect by another) and must run on one value
// stack and one frame stack (a wasm function of instance A that calls an imported wasm function of
// instance B does so without leaving the interpreter). Standalone `new Table(...)`/`new Global(...)`
// objects also hold ref ids before any instance exists. So every object created under the same
// store-level configuration shares one Store: the process-wide default Store when no stack limits
// are given, otherwise one Store per distinct (valueStackSlots, maxCallDepth). Linking tables,
// globals or functions across Stores is refused with a LinkError (memories hold no references and
// may be shared freely).

import { ALL_FEATURES } from "../core/index.ts";
import type { Features } from "../core/index.ts";
import { DEFAULT_MAX_CALL_DEPTH, DEFAULT_VALUE_STACK_SLOTS, Store } from "../exec/index.ts";

/** Engine resource limits. Exceeding one is a specific error, never a host crash. */
export interface EngineLimits {
  /** Size of the value stack in 8-byte slots (default DEFAULT_VALUE_STACK_SLOTS). Running out is
   *  the trap "call stack exhausted". */
  readonly valueStackSlots?: number;
  /** Deepest nesting of calls (default DEFAULT_MAX_CALL_DEPTH); deeper is "call stack exhausted". */
  readonly maxCallDepth?: number;
  /** Most pages a memory defined by a module instantiated under these options may have: a larger
   *  initial size fails instantiation with LimitExceeded, memory.grow beyond it returns -1. */
  readonly maxMemoryPages?: number;
}

/** Options accepted by every entry point. Metering options (`gasLimit`, `instructionLimit`, `meter`,
 *  `deterministic`, `gasSchedule`) will be added here as the stages supporting them land. */
export interface EngineOptions {
  /** Wasm 2.0 proposals to accept; omitted flags default to on. */
  readonly features?: Partial<Features>;
  readonly limits?: EngineLimits;
}

export function resolveFeatures(options: EngineOptions | undefined): Features {
  const requested = options?.features;
  if (requested === undefined) return ALL_FEATURES;
  return Object.freeze({ ...ALL_FEATURES, ...requested });
}

const storesByLimits = new Map<string, Store>();

/** The Store for objects created under `options` (see the header comment for why it is shared).
 *  Created lazily: the value stack is a multi-megabyte buffer, not worth allocating at import time. */
export function storeFor(options: EngineOptions | undefined): Store {
  const valueStackSlots = positiveInteger(options?.limits?.valueStackSlots, "valueStackSlots") ?? DEFAULT_VALUE_STACK_SLOTS;
  const maxCallDepth = positiveInteger(options?.limits?.maxCallDepth, "maxCallDepth") ?? DEFAULT_MAX_CALL_DEPTH;
  const key = `${valueStackSlots}/${maxCallDepth}`;
  let store = storesByLimits.get(key);
  if (store === undefined) {
    store = new Store({ valueStackSlots, maxCallDepth });
    storesByLimits.set(key, store);
  }
  return store;
}

export function positiveInteger(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`limits.${name} must be a positive integer, got ${value}`);
  return value;
}
