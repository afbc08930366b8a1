// `Engine`: an explicit handle on one Store and its configuration (gas budget and prices, meter kind,
// instruction limit, deterministic NaNs, stack limits). Instances created through it — or with
// `{ engine }` in their options — share the store: one gas budget and one set of counters, and they
// may link tables, globals and functions with each other. The contract layer uses it to run a
// cross-contract call on the caller's store with shared gas.

import type { Store } from "../exec/index.ts";
import { createMeteredStore, isMetered, storeFor } from "./engine-options.ts";
import type { EngineOptions, MeteredEngineHandle } from "./engine-options.ts";
import { beginProfile, endProfile } from "./profile.ts";
import type { ExecutionProfile } from "./profile.ts";

export interface ExecutionStats {
  /** Gas used (0 in an unmetered store: nothing is counted there). */
  readonly gasUsed: number;
  /** Wasm instructions executed (0 in an unmetered store). */
  readonly instructions: number;
  /** Deepest nesting of wasm/host frames reached. */
  readonly maxCallDepth: number;
  /** Largest size in pages a memory of the store reached through memory.grow or instantiation. */
  readonly maxMemoryPages: number;
  /** Host functions called from wasm. */
  readonly hostCalls: number;
}

export function statsOf(store: Store): ExecutionStats {
  const metered = store.metered;
  return {
    gasUsed: metered ? store.gasUsed : 0,
    instructions: metered ? store.instructions : 0,
    maxCallDepth: store.peakDepth,
    maxMemoryPages: store.peakMemoryPages,
    hostCalls: store.hostCalls,
  };
}

export class Engine implements MeteredEngineHandle {
  readonly store: Store;
  readonly options: EngineOptions;

  /** Metered when `gasLimit`, `instructionLimit` or `meter` is given (a store of its own), else the
   *  shared store of its stack limits. */
  constructor(options: EngineOptions = {}) {
    const { engine: _ignored, ...own } = options;
    void _ignored;
    this.options = Object.freeze(own);
    this.store = isMetered(own) ? createMeteredStore(own) : storeFor(own);
  }

  get stats(): ExecutionStats {
    return statsOf(this.store);
  }

  get gasLeft(): number {
    return this.store.gasLeft;
  }

  /** Adds gas to the budget (between calls). */
  addGas(gas: number): void {
    if (!Number.isSafeInteger(gas) || gas < 0) throw new RangeError(`addGas: expected a non-negative safe integer, got ${gas}`);
    this.store.gasLeft += gas;
    this.store.gasLimit += gas;
  }

  /** Sets the remaining gas to `gasLeft` (gasUsed so far is kept; the limit becomes used + left). */
  setGasLeft(gasLeft: number): void {
    if (!Number.isSafeInteger(gasLeft) || gasLeft < 0) throw new RangeError(`setGasLeft: expected a non-negative safe integer, got ${gasLeft}`);
    const used = this.store.gasUsed;
    this.store.gasLeft = gasLeft;
    this.store.gasLimit = used + gasLeft;
  }

  /** Starts a profile of what runs next in this engine (it must be created with `profile: true`). */
  beginProfile(): void {
    if (this.options.profile !== true) throw new Error("beginProfile: create the Engine with { profile: true }");
    beginProfile(this.store);
  }

  /** Ends the profile begun by beginProfile: instructions and gas by function and by cost class,
   *  whose totals equal the change of stats.gasUsed / stats.instructions since then. */
  endProfile(): ExecutionProfile {
    return endProfile(this.store);
  }

  /** Options for instantiating into this engine's store: `instantiate(bytes, imports, engine.with())`. */
  with(extra: EngineOptions = {}): EngineOptions {
    return { ...this.options, ...extra, engine: this };
  }
}
