// Monitoring of one contract call: what it cost and what it touched, for operators and for tools
// (`xwasm call --json`). Wall time is measured here and only reported: nothing in the engine or the
// contract layer decides anything by it (gas is the only budget that affects results).
//
// The figures come from the transaction's engine (one Store per metered transaction, so its
// counters and peaks are this call's, nested contract calls included) and from the xq host's call
// counts by name (the difference over the call). Unmetered calls (context gas off, host-only
// metering) run in the shared unmetered Store: gas and instructions are not counted there, and the
// peaks are those of that Store.

import { performance } from "node:perf_hooks";
import type { ExecutionProfile } from "../runtime/index.ts";
import type { XqHost } from "../host/index.ts";
import type { GasAccount } from "./gas-account.ts";
import type { WasmResult } from "./result.ts";

export interface CallReport {
  /** Gas the call used (the result's usedGas). */
  readonly gasUsed: number;
  /** Wasm instructions executed (0 when the engine does not meter). */
  readonly instructions: number;
  /** Milliseconds from the start of the call to its end, compile and instantiate included. */
  readonly wallTimeMs: number;
  /** Largest memory, in 64 KiB pages, of any instance of the call. */
  readonly peakMemoryPages: number;
  /** Deepest nesting of wasm and host frames. */
  readonly peakCallDepth: number;
  /** Host functions called, in total and by qualified name ("xq.storage_read", "gas.gas"). */
  readonly hostCalls: number;
  readonly hostCallsByName: Readonly<Record<string, number>>;
  /** With `profile: true` (engine metering only). Its totals equal gasUsed and instructions. */
  readonly profile?: ExecutionProfile;
}

export class CallMonitor {
  readonly wantsProfile: boolean;
  readonly #started = performance.now();
  #gas: GasAccount | undefined = undefined;
  #host: XqHost | undefined = undefined;
  #hostBefore = new Map<string, number>();
  #profiling = false;

  constructor(profile: boolean) {
    this.wantsProfile = profile;
  }

  /** The transaction's gas account and host exist: from here on their counters are this call's. */
  start(gas: GasAccount, host: XqHost): void {
    this.#gas = gas;
    this.#host = host;
    this.#hostBefore = new Map(host.callCounts);
    if (this.wantsProfile && gas.engine.options.profile === true) {
      gas.engine.beginProfile();
      this.#profiling = true;
    }
  }

  /** The report of the finished call (`result` undefined if it threw). */
  finish(result: WasmResult | undefined): CallReport {
    const wallTimeMs = performance.now() - this.#started;
    const gas = this.#gas;
    const profile = this.#profiling && gas !== undefined ? gas.engine.endProfile() : undefined;
    const stats = gas?.engine.stats;
    const hostCallsByName: Record<string, number> = {};
    let hostCalls = 0;
    if (this.#host !== undefined) {
      for (const [name, count] of [...this.#host.callCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const calls = count - (this.#hostBefore.get(name) ?? 0);
        if (calls === 0) continue;
        hostCallsByName[name] = calls;
        hostCalls += calls;
      }
    }
    return {
      gasUsed: result?.usedGas ?? gas?.used ?? 0,
      instructions: stats?.instructions ?? 0,
      wallTimeMs,
      peakMemoryPages: stats?.maxMemoryPages ?? 0,
      peakCallDepth: stats?.maxCallDepth ?? 0,
      hostCalls,
      hostCallsByName,
      ...(profile !== undefined ? { profile } : {}),
    };
  }
}
