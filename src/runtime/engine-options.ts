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
import { DEFAULT_GAS_SCHEDULE, checkSchedule, opcodeCosts } from "../gas/index.ts";
import type { GasSchedule } from "../gas/index.ts";
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
  /** Most elements a table defined by a module may have: a larger initial size fails instantiation
   *  with LimitExceeded, table.grow beyond it returns -1. */
  readonly maxTableElements?: number;
  /** Module checks, each a LimitExceeded whose `.limit` is the option's name, made on the bytes or
   *  right after decoding (before validation, lowering or any allocation proportional to them):
   *  module size in bytes, functions (imported + defined), locals per function (parameters
   *  included; checked by the decoder before the locals are allocated), globals, data segments,
   *  element segments, exports. */
  readonly maxModuleBytes?: number;
  readonly maxFunctions?: number;
  readonly maxLocals?: number;
  readonly maxGlobals?: number;
  readonly maxDataSegments?: number;
  readonly maxElemSegments?: number;
  readonly maxExports?: number;
}

/** Options accepted by every entry point. */
export interface EngineOptions {
  /** Wasm 2.0 proposals to accept; omitted flags default to on. */
  readonly features?: Partial<Features>;
  readonly limits?: EngineLimits;
  /** Gas budget of the store (accumulating over all calls of its instances; `addGas` adds more).
   *  Setting it (or `instructionLimit`, or `meter`) makes the instance metered, in a Store of its
   *  own unless `engine` is given. */
  readonly gasLimit?: number;
  /** Most wasm instructions the store may execute (independent of gas). */
  readonly instructionLimit?: number;
  /** "block" (default when metered): charge once per basic block; "reference": charge per
   *  instruction (slower; exists to check block mode, they agree exactly). */
  readonly meter?: "block" | "reference";
  /** Canonical NaNs from float arithmetic (scalar and SIMD). */
  readonly deterministic?: boolean;
  /** Gas prices; default DEFAULT_GAS_SCHEDULE (versioned). */
  readonly gasSchedule?: GasSchedule;
  /** Profiling: a metered store (like `meter`) whose code is lowered per instruction with profiling
   *  charges, so `Engine.beginProfile`/`endProfile` can report instructions and gas by function and
   *  by cost class. Slower than block metering; gas and instructions are exactly the same. */
  readonly profile?: boolean;
  /** Instantiate into this engine's store (shared gas, counters, references): see `Engine`. */
  readonly engine?: MeteredEngineHandle;
  /** When a Module's functions are lowered to internal code. "lazy" (default): each on its first
   *  call, as V8 compiles wasm lazily, so creating a Module costs decoding and validation only;
   *  "eager": all of them when the Module is created. Validation is always complete and up front, and
   *  results, gas and traps are the same either way. Profiled code is always lowered eagerly. */
  readonly lowering?: "lazy" | "eager";
}

/** What `Engine` (runtime/engine.ts) exposes to instantiation: its store and its configuration. */
export interface MeteredEngineHandle {
  readonly store: Store;
  readonly options: EngineOptions;
}

/** How code for a store is lowered: the meter kind and prices, and canonical NaNs. */
export interface CodeFlavor {
  readonly meter: "block" | "reference" | undefined;
  readonly opcodeCosts: Uint32Array | undefined;
  readonly canonicalNaN: boolean;
  /** Cache key of this flavor (schedule version + meter + NaN mode). */
  readonly key: string;
  /** Profiled code (per instruction, CHARGE_PROFILE): see EngineOptions.profile. */
  readonly profile?: boolean;
}

const flavorByStore = new WeakMap<Store, CodeFlavor>();
const costsBySchedule = new WeakMap<GasSchedule, Uint32Array>();

/** True when these options ask for metering. */
export function isMetered(options: EngineOptions | undefined): boolean {
  return options !== undefined && (options.gasLimit !== undefined || options.instructionLimit !== undefined || options.meter !== undefined || options.profile === true);
}

/** A fresh metered Store configured from `options` (budgets, prices, stack limits). */
export function createMeteredStore(options: EngineOptions): Store {
  const valueStackSlots = positiveInteger(options.limits?.valueStackSlots, "valueStackSlots") ?? DEFAULT_VALUE_STACK_SLOTS;
  const maxCallDepth = positiveInteger(options.limits?.maxCallDepth, "maxCallDepth") ?? DEFAULT_MAX_CALL_DEPTH;
  const schedule = options.gasSchedule ?? DEFAULT_GAS_SCHEDULE;
  checkSchedule(schedule);
  const meter = options.meter ?? "block";
  if (meter !== "block" && meter !== "reference") throw new RangeError(`meter must be "block" or "reference", got ${String(meter)}`);
  const store = new Store({ valueStackSlots, maxCallDepth });
  store.metered = true;
  if (options.gasLimit !== undefined) {
    const gasLimit = budget(options.gasLimit, "gasLimit");
    store.gasLimit = gasLimit;
    store.gasLeft = gasLimit;
  }
  if (options.instructionLimit !== undefined) {
    const instructionLimit = budget(options.instructionLimit, "instructionLimit");
    store.instructionLimit = instructionLimit;
    store.instructionsLeft = instructionLimit;
  }
  store.memoryGrowPerPage = schedule.memoryGrowPerPage;
  store.bulkMemoryPerByte = schedule.bulkMemoryPerByte;
  store.bulkTablePerElement = schedule.bulkTablePerElement;
  store.hostCallBase = schedule.hostCallBase;
  store.hostCallPerByte = schedule.hostCallPerByte;
  flavorByStore.set(store, flavorForOptions(options));
  return store;
}

/** The code flavor instances created under `options` need, without creating a Store (for tools
 *  such as precompiled artifacts that lower ahead of time). An `engine` in the options decides. */
export function flavorForOptions(options: EngineOptions | undefined): CodeFlavor {
  if (options?.engine !== undefined) return flavorFor(options.engine.store, { ...options.engine.options, ...options });
  if (!isMetered(options)) return options?.deterministic === true ? UNMETERED_DETERMINISTIC : UNMETERED;
  const schedule = options!.gasSchedule ?? DEFAULT_GAS_SCHEDULE;
  const profile = options!.profile === true;
  const meter = profile ? "reference" : (options!.meter ?? "block");
  let costs = costsBySchedule.get(schedule);
  if (costs === undefined) {
    checkSchedule(schedule);
    costs = opcodeCosts(schedule);
    costsBySchedule.set(schedule, costs);
  }
  const canonicalNaN = options!.deterministic === true;
  if (profile) return { meter, opcodeCosts: costs, canonicalNaN, key: `${schedule.version}/${meter}/${canonicalNaN}/profile`, profile };
  return { meter, opcodeCosts: costs, canonicalNaN, key: `${schedule.version}/${meter}/${canonicalNaN}` };
}

const UNMETERED: CodeFlavor = { meter: undefined, opcodeCosts: undefined, canonicalNaN: false, key: "plain" };
const UNMETERED_DETERMINISTIC: CodeFlavor = { meter: undefined, opcodeCosts: undefined, canonicalNaN: true, key: "plain/det" };

/** The code flavor instances in `store` need (unmetered stores: by the options' `deterministic`). */
export function flavorFor(store: Store, options: EngineOptions | undefined): CodeFlavor {
  return flavorByStore.get(store) ?? (options?.deterministic === true ? UNMETERED_DETERMINISTIC : UNMETERED);
}

/** The Store an instance created under `options` runs in. */
export function instanceStoreFor(options: EngineOptions | undefined): Store {
  if (options?.engine !== undefined) return options.engine.store;
  if (isMetered(options)) return createMeteredStore(options!);
  return storeFor(options);
}

function budget(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  return value;
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
  if (options?.engine !== undefined) return options.engine.store;
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
