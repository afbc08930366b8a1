// The ONE place contract execution reads and charges gas. A transaction owns one `Engine` (one
// Store: one gas budget and one instruction count) and every contract it reaches — the entry
// contract and each callee of a nested `call` — is instantiated into it, so wasm instructions, host
// calls (base + per byte, charged by the xq functions through `charge`), `gas.gas` and nested calls
// all draw on the same limit. `used` is the engine's count, exactly the sum of what was charged.
//
// Two ways to count:
//   - "engine" (default): the engine meters every instruction (per basic block, at the schedule's
//     prices) and host charges go into the same store budget;
//   - "host-only": for contracts instrumented elsewhere, which pay for themselves through
//     `gas.gas` (as in the original engine): the engine runs unmetered and only host calls and
//     `gas.gas` are counted here — metering them twice would charge the contract twice.
// Out of gas follows the engine's rule in both: the operation that cannot be paid does not happen,
// and the budget is spent (gas used = the limit).

import { OutOfGas } from "../core/index.ts";
import { Engine, HostCaller, Instance } from "../runtime/index.ts";
import type { EngineOptions, Imports, Module, WasmValue } from "../runtime/index.ts";

/** Gas limit when the caller gives none. */
export const DEFAULT_GAS_LIMIT = 10_000_000;

export type GasMetering = "engine" | "host-only";

export class GasAccount {
  readonly limit: number;
  /** When false (the context's "gas off"), nothing is counted and nothing runs out. */
  readonly enabled: boolean;
  readonly metering: GasMetering;
  /** The transaction's engine: contracts are instantiated into it. */
  readonly engine: Engine;
  readonly #caller: HostCaller | undefined;
  /** Host-only metering: what has been charged. */
  #hostUsed = 0;

  /** `options`: the rest of the engine configuration (limits, features, instruction limit). */
  constructor(limit: number = DEFAULT_GAS_LIMIT, enabled = true, options: EngineOptions = {}, metering: GasMetering = "engine") {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`gas limit must be a non-negative safe integer, got ${String(limit)}`);
    this.limit = limit;
    this.enabled = enabled;
    this.metering = metering;
    const engineMeters = enabled && metering === "engine";
    this.engine = new Engine(engineMeters ? { ...options, gasLimit: limit, meter: "block", deterministic: true } : { ...options, deterministic: true });
    this.#caller = engineMeters ? new HostCaller(this.engine.store) : undefined;
  }

  get used(): number {
    if (!this.enabled) return 0;
    return this.#caller !== undefined ? this.engine.stats.gasUsed : this.#hostUsed;
  }

  get remaining(): number {
    return this.limit - this.used;
  }

  /** Charges `amount` or throws OutOfGas: the charge that cannot be paid has no effect. */
  charge(amount: number): void {
    if (!this.enabled) return;
    if (this.#caller !== undefined) {
      this.#caller.chargeGas(amount);
      return;
    }
    if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`gas charge must be a non-negative safe integer, got ${String(amount)}`);
    if (amount > this.limit - this.#hostUsed) {
      this.#hostUsed = this.limit;
      throw new OutOfGas(this.limit, this.limit);
    }
    this.#hostUsed += amount;
  }

  /** Ends the account: the transaction is over and nothing runs in its engine again, so the engine's
   *  value stack and frame arrays go to the next transaction's engine (Store.release). Only the metered
   *  engine is made for this account alone; an unmetered one may be a shared store, left alone. */
  close(): void {
    if (this.#caller !== undefined) this.engine.store.release();
  }

  /** Instantiates a contract (start function included) into the transaction's engine. */
  instantiate(module: Module, imports: Imports): Instance {
    return new Instance(module, imports, this.engine.with());
  }

  /** Calls a contract's exported function under this account. */
  invoke(instance: Instance, funcName: string, args: readonly WasmValue[]): WasmValue[] {
    return instance.invoke(funcName, args);
  }
}
