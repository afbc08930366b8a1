// The `xq` host module (and `gas.gas` for contracts metered elsewhere): every function of the
// original engine's ABI, written against `XqEnvironment`.
//
// Rules every function follows, in this order:
//   1. charge the base cost (`hostCallBase`) — before anything else, so even a refused call pays;
//   2. check every pointer and length against the CURRENT size of the exported memory (re-read on
//      each call: `memory.grow` replaces the buffer). Pointers and lengths are read as u32 and added
//      as JS doubles, exact up to 2^53, so `ptr + len` near 2^32 cannot wrap. A bad pointer gives
//      the function's documented negative code (void functions trap with a RuntimeError instead);
//   3. charge `hostCallPerByte` for the bytes actually moved — after the checks, so a hostile length
//      near 2^32 gets its documented code rather than an out-of-gas;
//   4. act.
// Nothing here throws anything but RuntimeError (a trap) or what the environment throws (its
// out-of-gas error, a state-backend failure): hostile arguments never raise a JS exception.
//
// Why one set of host functions per XqHost and an environment stack: host functions are registered
// in the engine's store for the life of the process, so creating fresh ones per call would grow it
// without bound. The functions stay; `run(env, body)` makes `env` current for the duration of a
// contract call, and a nested contract call pushes its own.

import { EXTERN_FUNC, I32, I64, RuntimeError, Trap, funcTypeEquals } from "../../core/index.ts";
import type { FuncType } from "../../core/index.ts";
import { DEFAULT_GAS_SCHEDULE } from "../../gas/index.ts";
import type { GasSchedule } from "../../gas/index.ts";
import { createHostFunction, moduleRecordOf } from "../../runtime/index.ts";
import type { EngineOptions, Imports, Module } from "../../runtime/index.ts";
import { GAS_FUNCTION_TYPE, gasFunction } from "../gas.ts";
import type { XqEnvironment } from "./environment.ts";
import { CONTRACT_LIMITS, HostCode } from "./host-codes.ts";

export interface XqHostOptions {
  /** Where `hostCallBase` and `hostCallPerByte` come from. */
  readonly schedule?: GasSchedule;
  /** The engine configuration the contracts are instantiated under (selects the Store). */
  readonly engineOptions?: EngineOptions;
}

interface HostFunctionVariant {
  readonly type: FuncType;
  readonly fn: Function;
  /** "xq.<name>" or "gas.<name>": the key of callCounts. */
  readonly name?: string;
}

const ft = (params: readonly number[], results: readonly number[]): FuncType => ({ params, results } as FuncType);
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 text of the bytes, or undefined when they are not valid UTF-8. */
function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Whether `[ptr, ptr+len)` (both u32) lies inside `memory`. */
export function rangeInBounds(memory: Uint8Array, ptr: number, len: number): boolean {
  return (ptr >>> 0) + (len >>> 0) <= memory.length;
}

export class XqHost {
  readonly schedule: GasSchedule;
  readonly #environments: XqEnvironment[] = [];
  readonly #xq = new Map<string, HostFunctionVariant[]>();
  readonly #gas = new Map<string, HostFunctionVariant[]>();
  readonly #linked = new Map<HostFunctionVariant, unknown>();
  readonly #engineOptions: EngineOptions | undefined;
  /** Calls made so far, by qualified name ("xq.storage_read"): monitoring reports the difference
   *  over one contract call. */
  readonly callCounts = new Map<string, number>();

  constructor(options: XqHostOptions = {}) {
    this.schedule = options.schedule ?? DEFAULT_GAS_SCHEDULE;
    this.#engineOptions = options.engineOptions;
    this.#define();
  }

  /** Runs `body` with `environment` as the one the host functions act on (nesting allowed). */
  run<T>(environment: XqEnvironment, body: () => T): T {
    this.#environments.push(environment);
    try {
      return body();
    } finally {
      this.#environments.pop();
    }
  }

  /** The environment of the innermost running contract call. */
  get current(): XqEnvironment {
    const environment = this.#environments[this.#environments.length - 1];
    if (environment === undefined) throw new RuntimeError(Trap.HostError, "xq host function called outside a contract call");
    return environment;
  }

  /** Names of the functions of module `xq`. */
  get xqNames(): string[] {
    return [...this.#xq.keys()];
  }

  /**
   * The import object for `module`: for each `xq.*` / `gas.*` function it imports, the host function
   * whose type equals the declared one (so `get_block_hash` links as `-> i32` or `-> i64`). A
   * declared type no variant has gets the canonical variant, and linking then fails with a
   * LinkError naming both types; an unknown name is left out (LinkError "not provided").
   */
  importsFor(module: Module): Imports {
    const record = moduleRecordOf(module);
    const xq: Record<string, unknown> = {};
    const gas: Record<string, unknown> = {};
    for (const imp of record.imports) {
      if (imp.desc.kind !== EXTERN_FUNC) continue;
      const table = imp.module === "xq" ? this.#xq : imp.module === "gas" ? this.#gas : undefined;
      const variants = table?.get(imp.name);
      if (variants === undefined) continue;
      const declared = record.types[imp.desc.typeIndex];
      const chosen = variants.find((variant) => funcTypeEquals(variant.type, declared)) ?? variants[0]!;
      (imp.module === "xq" ? xq : gas)[imp.name] = this.#hostFunction(chosen);
    }
    return { xq, gas };
  }

  #hostFunction(variant: HostFunctionVariant): unknown {
    let linked = this.#linked.get(variant);
    if (linked === undefined) {
      const { fn, name } = variant;
      const counts = this.callCounts;
      // Counted on entry: a call that traps or runs out of gas was still made.
      const counted = name === undefined ? fn : (...args: unknown[]): unknown => {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return Reflect.apply(fn, undefined, args);
      };
      linked = createHostFunction(variant.type, counted, this.#engineOptions);
      this.#linked.set(variant, linked);
    }
    return linked;
  }

  /** Base cost, charged first by every xq function. */
  #chargeBase(env: XqEnvironment): void {
    env.charge(this.schedule.hostCallBase);
  }

  #chargeBytes(env: XqEnvironment, bytes: number): void {
    if (bytes > 0) env.charge(bytes * this.schedule.hostCallPerByte);
  }

  #define(): void {
    const xq = (name: string, type: FuncType, fn: Function): void => {
      const variants = this.#xq.get(name) ?? [];
      variants.push({ type, fn, name: `xq.${name}` });
      this.#xq.set(name, variants);
    };
    const address = CONTRACT_LIMITS.addressBytes;

    // Void functions have no way to report a bad pointer, so it traps (as the original did).
    const writeAddress = (name: string, pick: (env: XqEnvironment) => Uint8Array) => (ptr: number): void => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      if (memory === undefined) throw new RuntimeError(Trap.HostError, `${name}: the module exports no memory named "memory"`);
      if (!rangeInBounds(memory, ptr, address)) throw new RuntimeError(Trap.OutOfBoundsMemoryAccess, `${name}(${ptr >>> 0}) writes ${address} bytes past the memory of ${memory.length} bytes`);
      this.#chargeBytes(env, address);
      memory.set(pick(env).subarray(0, address), ptr >>> 0);
    };
    xq("get_owner", ft([I32], []), writeAddress("get_owner", (env) => env.owner()));
    xq("get_invoker", ft([I32], []), writeAddress("get_invoker", (env) => env.invoker()));
    xq("get_contract_address", ft([I32], []), writeAddress("get_contract_address", (env) => env.contractAddress()));

    xq("get_contract_balance", ft([], [I64]), (): bigint => {
      const env = this.current;
      this.#chargeBase(env);
      return BigInt.asIntN(64, env.contractBalance());
    });

    xq("get_parameter", ft([I32], [I32]), (ptr: number): number => {
      const env = this.current;
      this.#chargeBase(env);
      const parameter = env.parameter();
      if (parameter.length > CONTRACT_LIMITS.maxParameterBytes) return HostCode.ParameterUnavailable;
      const memory = memoryOf(env);
      if (memory === undefined || !rangeInBounds(memory, ptr, parameter.length)) return HostCode.ParameterUnavailable;
      this.#chargeBytes(env, parameter.length);
      memory.set(parameter, ptr >>> 0);
      return parameter.length;
    });

    xq("get_block_time", ft([], [I64]), (): bigint => {
      const env = this.current;
      this.#chargeBase(env);
      return BigInt.asIntN(64, env.blockTime());
    });
    xq("get_block_height", ft([], [I64]), (): bigint => {
      const env = this.current;
      this.#chargeBase(env);
      return BigInt.asIntN(64, env.blockHeight());
    });

    // The host returns i32; the original Rust SDK declared i64. Both link (see importsFor).
    const blockHash = (ptr: number): number => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      if (memory === undefined) return HostCode.StoreNoMemory;
      const hash = env.blockHash();
      if (!rangeInBounds(memory, ptr, hash.length)) return HostCode.ParameterUnavailable;
      this.#chargeBytes(env, hash.length);
      memory.set(hash, ptr >>> 0);
      return hash.length;
    };
    xq("get_block_hash", ft([I32], [I32]), blockHash);
    xq("get_block_hash", ft([I32], [I64]), (ptr: number): bigint => BigInt(blockHash(ptr)));

    xq("set_event", ft([I32, I32], [I32]), (ptr: number, len: number): number => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      if (memory === undefined) return HostCode.EventNoMemory;
      if (len >>> 0 > CONTRACT_LIMITS.maxEventBytes) return HostCode.InvalidData;
      if (env.eventCount() >= CONTRACT_LIMITS.maxEvents) return HostCode.InvalidData;
      if (!rangeInBounds(memory, ptr, len)) return HostCode.EventOutOfBounds;
      this.#chargeBytes(env, len);
      const text = decodeUtf8(memory.subarray(ptr >>> 0, (ptr >>> 0) + len));
      if (text === undefined) return HostCode.InvalidData;
      env.emitEvent(text);
      return len;
    });

    xq("set_return_data", ft([I32, I32], [I32]), (ptr: number, len: number): number => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      if (memory === undefined) return HostCode.ReturnNoMemory;
      if (!rangeInBounds(memory, ptr, len)) return HostCode.ReturnOutOfBounds;
      this.#chargeBytes(env, len >>> 0);
      const data = memory.slice(ptr >>> 0, (ptr >>> 0) + (len >>> 0));
      if (decodeUtf8(data) === undefined) return HostCode.InvalidData;
      env.setReturnData(data);
      return len;
    });

    xq("set_store", ft([I32, I32, I32, I32], [I32]), (kptr: number, klen: number, vptr: number, vlen: number): number => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      if (memory === undefined) return HostCode.StoreNoMemory;
      if (!rangeInBounds(memory, kptr, klen) || !rangeInBounds(memory, vptr, vlen)) return HostCode.StoreOutOfBounds;
      this.#chargeBytes(env, (klen >>> 0) + (vlen >>> 0));
      const key = memory.slice(kptr >>> 0, (kptr >>> 0) + (klen >>> 0));
      const value = memory.slice(vptr >>> 0, (vptr >>> 0) + (vlen >>> 0));
      return env.setStore(key, value) === "ok" ? HostCode.Ok : HostCode.OperationFailed;
    });

    /** The key at [kptr, kptr+klen), or a negative code. */
    const readKey = (env: XqEnvironment, memory: Uint8Array | undefined, kptr: number, klen: number): Uint8Array | number => {
      if (memory === undefined) return HostCode.StoreNoMemory;
      if (!rangeInBounds(memory, kptr, klen)) return HostCode.StoreOutOfBounds;
      this.#chargeBytes(env, klen >>> 0);
      return memory.slice(kptr >>> 0, (kptr >>> 0) + (klen >>> 0));
    };

    // The original read: writes the whole value with no capacity argument. Kept for compatibility;
    // the bounds check at least stops it writing past the memory (it still can overrun the
    // contract's own buffer, which is why the SDK uses get_store_len / get_store_cap).
    xq("get_store", ft([I32, I32, I32], [I32]), (kptr: number, klen: number, vptr: number): number => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      const key = readKey(env, memory, kptr, klen);
      if (typeof key === "number") return key;
      const value = env.getStore(key);
      if (value === undefined || !rangeInBounds(memory!, vptr, value.length)) return HostCode.OperationFailed;
      this.#chargeBytes(env, value.length);
      memory!.set(value, vptr >>> 0);
      return value.length;
    });

    xq("get_store_len", ft([I32, I32], [I32]), (kptr: number, klen: number): number => {
      const env = this.current;
      this.#chargeBase(env);
      const key = readKey(env, memoryOf(env), kptr, klen);
      if (typeof key === "number") return key;
      const value = env.getStore(key);
      return value === undefined ? HostCode.KeyNotFound : value.length;
    });

    xq("get_store_cap", ft([I32, I32, I32, I32], [I32]), (kptr: number, klen: number, vptr: number, vcap: number): number => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      const key = readKey(env, memory, kptr, klen);
      if (typeof key === "number") return key;
      const value = env.getStore(key);
      if (value === undefined) return HostCode.KeyNotFound;
      if (value.length > vcap >>> 0) return HostCode.BufferTooSmall;
      if (!rangeInBounds(memory!, vptr, value.length)) return HostCode.StoreOutOfBounds;
      this.#chargeBytes(env, value.length);
      memory!.set(value, vptr >>> 0);
      return value.length;
    });

    xq("call", ft([I32, I64, I32, I32, I32, I32], [I32]), (addrPtr: number, amount: bigint, fnPtr: number, fnLen: number, paramPtr: number, paramLen: number): number => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      if (memory === undefined) return HostCode.StoreNoMemory;
      if (!rangeInBounds(memory, addrPtr, address) || !rangeInBounds(memory, fnPtr, fnLen) || !rangeInBounds(memory, paramPtr, paramLen)) {
        return HostCode.StoreOutOfBounds;
      }
      this.#chargeBytes(env, address + (fnLen >>> 0) + (paramLen >>> 0));
      const target = memory.slice(addrPtr >>> 0, (addrPtr >>> 0) + address);
      const func = decodeUtf8(memory.subarray(fnPtr >>> 0, (fnPtr >>> 0) + (fnLen >>> 0)));
      const parameter = memory.slice(paramPtr >>> 0, (paramPtr >>> 0) + (paramLen >>> 0));
      if (func === undefined || decodeUtf8(parameter) === undefined) return HostCode.InvalidData;
      // The amount is a u64 on the chain; the wasm signature can only say i64.
      return env.call(target, BigInt.asUintN(64, amount), func, parameter) === "ok" ? HostCode.Ok : HostCode.OperationFailed;
    });

    xq("transfer", ft([I32, I64], [I32]), (addrPtr: number, amount: bigint): number => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      if (memory === undefined) return HostCode.StoreNoMemory;
      if (!rangeInBounds(memory, addrPtr, address)) return HostCode.StoreOutOfBounds;
      this.#chargeBytes(env, address);
      const target = memory.slice(addrPtr >>> 0, (addrPtr >>> 0) + address);
      return env.transfer(target, BigInt.asUintN(64, amount)) === "ok" ? HostCode.Ok : HostCode.OperationFailed;
    });

    // Debug never affects the result (as in the original): a bad range or bad UTF-8 is ignored.
    // Unlike the original it is charged, so a loop of Debug calls is not free.
    xq("Debug", ft([I32, I32], []), (ptr: number, len: number): void => {
      const env = this.current;
      this.#chargeBase(env);
      const memory = memoryOf(env);
      if (memory === undefined || !rangeInBounds(memory, ptr, len)) return;
      this.#chargeBytes(env, len >>> 0);
      const text = decodeUtf8(memory.subarray(ptr >>> 0, (ptr >>> 0) + (len >>> 0)));
      if (text !== undefined) env.debug(text);
    });

    // `gas.gas(amount)` (see ../gas.ts): goes through the same charge as everything else.
    this.#gas.set("gas", [{ type: GAS_FUNCTION_TYPE, fn: gasFunction((amount) => this.current.charge(amount)), name: "gas.gas" }]);
  }
}

function memoryOf(env: XqEnvironment): Uint8Array | undefined {
  const memory = env.memory;
  return memory === undefined ? undefined : new Uint8Array(memory.buffer);
}
