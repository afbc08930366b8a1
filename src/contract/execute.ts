// Contract execution: context in → WasmResult out.
//
// `execute` runs one exported function of a contract under the entry convention of the original
// engine — `(amount: i64) -> i32`, 1 = success — with the xq host functions acting on a journal
// over the state. The outcome mapping (original engine's `WasmError` codes):
//   no code at the address ............................. CodeNotFound
//   bytes that do not decode (magic, sections, LEB) ... CantDeserializeWasm
//   decodes but fails validation or an engine limit ... InvalidModule
//   an export named `memory` that is not a memory ...... InvalidMemory
//   memory declaring more initial pages than allowed ... InvalidHeapPages
//   an import the host does not provide, a start trap .. Instantiation
//   no exported function of that name .................. KeyNotFound
//   the function's type is not (i64) -> i32 ............ InvalidReturn
//   a trap, a return value other than 1, the instruction
//   limit, an attached amount the invoker cannot pay .. ExecuteFail
//   gas exhausted ...................................... OutOfGas
//   a state-backend failure inside a host function ..... HostFuncErr
// Every reject leaves the state exactly as it was (the journal is rolled back) and reports the gas
// used up to that point (all of it when gas ran out: the engine's rule). Gas is the engine's exact
// count — each instruction at its schedule price, host calls at base + per byte — over one metered
// Engine per transaction (gas-account.ts). A nested `call` instantiates the callee into that same
// engine (shared gas), runs it in a child journal with its own context (invoker = the caller) up to
// a depth limit, and folds the child into the caller's journal only if the callee succeeds.

import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { CompileError, EXTERN_FUNC, EXTERN_MEMORY, I32, I64, InstructionLimitExceeded, LimitExceeded, LinkError, OutOfGas, RuntimeError } from "../core/index.ts";
import { decodeModule } from "../binary/index.ts";
import { ArtifactError, Memory, Module, loadPrecompiled, moduleRecordOf, precompile } from "../runtime/index.ts";
import type { Instance, ModuleCache } from "../runtime/index.ts";
import type { EngineOptions } from "../runtime/index.ts";
import type { GasSchedule } from "../gas/index.ts";
import { XqHost } from "../host/index.ts";
import type { MemoryLike, XqEnvironment, XqOutcome } from "../host/index.ts";
import { DEFAULT_GAS_LIMIT, GasAccount, type GasMetering } from "./gas-account.ts";
import { CallMonitor, type CallReport } from "./monitor.ts";
import { ADDRESS_BYTES, REGISTRY_ADDRESS, ownerOf, parseAddress } from "./registry.ts";
import { bytesToHex, hexToBytes, reject, success, type WasmErrorName, type WasmReject, type WasmResult } from "./result.ts";
import { Journal, MemoryStateStore, canonicalHex, type BytesLike, type StateStore } from "./state.ts";

/** Default depth of nested contract calls (the top-level call is depth 0). */
export const DEFAULT_MAX_CALL_DEPTH = 16;
/** Default cap on a contract memory's initial size, in 64 KiB pages (64 MiB). */
export const DEFAULT_MAX_MEMORY_PAGES = 1024;

/** The chain's context of a call, as given by the caller (every field optional; defaults noted). */
export interface CallContextInput {
  /** The call parameter; a string is sent as UTF-8. Default empty. */
  parameter?: string | Uint8Array;
  /** 20-byte addresses, as hex or bytes. `contractAddress` defaults to zero bytes, `owner` to the
   *  owner recorded at deployment (else zero bytes), `invoker` to the owner. */
  invoker?: BytesLike;
  owner?: BytesLike;
  contractAddress?: BytesLike;
  /** The contract's balance, only used to seed the in-memory state when `state` is not given. */
  balance?: bigint;
  blockTime?: bigint;
  blockHeight?: bigint;
  /** Hex or bytes; default 32 zero bytes. */
  blockHash?: BytesLike;
  /** Gas metering on (default) or off (the original's `gas` flag): off, nothing is counted. */
  gas?: boolean;
}

export interface ExecuteOptions {
  /** The exported function to run. */
  funcName: string;
  /** The contract's bytes; when absent they come from the state's code registry at `contractAddress`. */
  code?: Uint8Array;
  context?: CallContextInput;
  /** Value attached to the call (u64): moved from the invoker to the contract before the entry runs
   *  and passed to it as its argument. Default 0. */
  amount?: bigint;
  gasLimit?: number;
  /** The state to read and (on success) write; default a fresh in-memory store. */
  state?: StateStore;
  /** Apply the writes of a successful call to `state` (default true). */
  commit?: boolean;
  maxCallDepth?: number;
  maxMemoryPages?: number;
  /** Receives the contract's `Debug` messages (default: dropped). */
  debug?: (message: string) => void;
  /**
   * "engine" (default): every instruction is metered. "host-only": for contracts instrumented
   * elsewhere that charge themselves through `gas.gas` — only that and host calls are counted.
   */
  metering?: GasMetering;
  /** Wasm instructions the whole transaction may execute (independent of gas); default none. */
  instructionLimit?: number;
  /** Prices of instructions and host calls; default DEFAULT_GAS_SCHEDULE. */
  gasSchedule?: GasSchedule;
  /** Further engine configuration (features, stack limits); metering options are set by execute. */
  engineOptions?: EngineOptions;
  /** Receives the call's monitoring report (gas, instructions, wall time, peaks, host calls by
   *  name) once the call is over; see monitor.ts. */
  onReport?: (report: CallReport) => void;
  /** With `onReport` and engine metering: include a profile (instructions and gas by function and
   *  by cost class). The call runs on per-instruction profiled code: slower, same gas. */
  profile?: boolean;
  /** Where compiled modules come from (memory LRU, optionally a directory of artifacts); default
   *  a small per-process cache of modules compiled under the default options. */
  moduleCache?: ModuleCache;
}

/** The context with defaults applied: what a frame runs under. */
interface FrameContext {
  readonly funcName: string;
  readonly parameter: Uint8Array;
  readonly invoker: Uint8Array;
  readonly owner: Uint8Array;
  readonly contract: Uint8Array;
  readonly amount: bigint;
}

/** What every frame of one transaction shares. */
interface Transaction {
  readonly gas: GasAccount;
  readonly host: XqHost;
  readonly maxCallDepth: number;
  readonly maxMemoryPages: number;
  readonly blockTime: bigint;
  readonly blockHeight: bigint;
  readonly blockHash: Uint8Array;
  readonly debug: (message: string) => void;
  /** Options the module is compiled under (features); only the default is cached. */
  readonly compileOptions: EngineOptions | undefined;
  readonly moduleCache: ModuleCache | undefined;
}

const MAX_U64 = (1n << 64n) - 1n;
const ZERO_ADDRESS = new Uint8Array(ADDRESS_BYTES);
const utf8 = new TextEncoder();

// Host functions must live in the Store their contracts run in. A metered transaction has a Store
// of its own (and so its own host functions, collected with it); unmetered ones share the engine's
// Store for their limits, so they share one host module rather than register new functions each time.
const unmeteredHosts = new WeakMap<object, XqHost>();

function hostFor(gas: GasAccount, schedule: GasSchedule | undefined): XqHost {
  if (gas.enabled && gas.metering === "engine") return new XqHost({ engineOptions: gas.engine.with(), schedule });
  if (schedule !== undefined) return new XqHost({ engineOptions: gas.engine.with(), schedule });
  let host = unmeteredHosts.get(gas.engine.store);
  if (host === undefined) {
    host = new XqHost({ engineOptions: gas.engine.with() });
    unmeteredHosts.set(gas.engine.store, host);
  }
  return host;
}

// Compiled modules by code hash: a contract is decoded, validated and lowered once per process, not
// once per call. Bounded, oldest first out.
const MODULE_CACHE_SIZE = 32;
const moduleCache = new Map<string, Module>();

/** Runs one call and, if it succeeds (and `commit` is not false), applies its writes to the state. */
export async function execute(options: ExecuteOptions): Promise<WasmResult> {
  const context = options.context ?? {};
  let state = options.state;
  if (state === undefined) {
    const memoryState = new MemoryStateStore();
    if (context.balance !== undefined && context.balance > 0n) {
      memoryState.commitSync([{ kind: "balance", address: canonicalHex(context.contractAddress ?? ZERO_ADDRESS), balance: context.balance }]);
    }
    state = memoryState;
  }
  const journal = new Journal(state);
  const result = executeInJournal(journal, options);
  if (result.status !== "success" || options.commit === false) {
    journal.rollback();
    return result;
  }
  try {
    await journal.commitToStore();
  } catch (error) {
    return reject("HostFuncErr", `the state store refused the writes: ${describe(error)}`, result.usedGas);
  }
  return result;
}

/**
 * Runs one call against `journal` without committing: on success the writes are left in the journal
 * (and listed in the result), on a reject the journal holds nothing from this call. For embedders
 * that batch several calls, and for `execute` itself.
 */
export function executeInJournal(journal: Journal, options: ExecuteOptions): WasmResult {
  const onReport = options.onReport;
  if (onReport === undefined) return runTransaction(journal, options, undefined);
  const monitor = new CallMonitor(options.profile === true);
  let result: WasmResult | undefined;
  try {
    result = runTransaction(journal, options, monitor);
    return result;
  } finally {
    onReport(monitor.finish(result));
  }
}

function runTransaction(journal: Journal, options: ExecuteOptions, monitor: CallMonitor | undefined): WasmResult {
  const context = options.context ?? {};
  const profile = monitor?.wantsProfile === true && (context.gas ?? true) && (options.metering ?? "engine") === "engine";
  // One metered engine per transaction (see gas-account.ts): the memory cap bounds memory.grow too.
  const engineOptions: EngineOptions = {
    ...options.engineOptions,
    ...(profile ? { profile: true } : {}),
    limits: { maxMemoryPages: options.maxMemoryPages ?? DEFAULT_MAX_MEMORY_PAGES, ...options.engineOptions?.limits },
    ...(options.gasSchedule !== undefined ? { gasSchedule: options.gasSchedule } : {}),
    ...(options.instructionLimit !== undefined ? { instructionLimit: options.instructionLimit } : {}),
  };
  const gas = new GasAccount(options.gasLimit ?? DEFAULT_GAS_LIMIT, context.gas ?? true, engineOptions, options.metering ?? "engine");
  try {
    return runTransactionWith(gas, journal, options, monitor);
  } finally {
    // Nothing runs in the transaction's engine after this: its stacks can serve the next transaction.
    gas.close();
  }
}

function runTransactionWith(gas: GasAccount, journal: Journal, options: ExecuteOptions, monitor: CallMonitor | undefined): WasmResult {
  const context = options.context ?? {};
  // Bad input from the embedder (an address of the wrong length, a negative amount) throws: it is a
  // programming error, not something the contract did.
  const contract = parseAddress(context.contractAddress ?? ZERO_ADDRESS, "contract address");
  const owner = context.owner !== undefined ? parseAddress(context.owner, "owner") : (ownerOf(journal, contract) ?? ZERO_ADDRESS);
  const invoker = context.invoker !== undefined ? parseAddress(context.invoker, "invoker") : owner;
  const amount = options.amount ?? 0n;
  if (amount < 0n || amount > MAX_U64) throw new RangeError(`amount must be a u64, got ${amount}`);
  const parameter = typeof context.parameter === "string" ? utf8.encode(context.parameter) : (context.parameter?.slice() ?? new Uint8Array(0));
  const frame: FrameContext = { funcName: options.funcName, parameter, invoker, owner, contract, amount };
  const transaction: Transaction = {
    gas,
    host: hostFor(gas, options.gasSchedule),
    maxCallDepth: options.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH,
    maxMemoryPages: options.maxMemoryPages ?? DEFAULT_MAX_MEMORY_PAGES,
    blockTime: context.blockTime ?? 0n,
    blockHeight: context.blockHeight ?? 0n,
    blockHash: context.blockHash === undefined ? new Uint8Array(32) : typeof context.blockHash === "string" ? hexToBytes(canonicalHex(context.blockHash)) : context.blockHash.slice(),
    debug: options.debug ?? (() => {}),
    compileOptions: featureOptions(options.engineOptions),
    moduleCache: options.moduleCache,
  };
  monitor?.start(gas, transaction.host);

  const callJournal = journal.child();
  let code: Uint8Array | undefined;
  try {
    code = options.code ?? callJournal.getCode(frame.contract);
  } catch (error) {
    callJournal.rollback();
    return reject("HostFuncErr", `cannot read the contract code: ${describe(error)}`, 0);
  }
  const outcome = runFrame(transaction, callJournal, frame, code, 0);
  if (outcome.result.status === "success") {
    const writes = callJournal.writes();
    const events = callJournal.events();
    callJournal.commit();
    return success(gas.used, events, outcome.result.data, writes);
  }
  callJournal.rollback();
  return outcome.result;
}

/** What a frame produced: the result, with usedGas = the transaction's gas so far. */
interface FrameOutcome {
  result: WasmResult;
}

/**
 * Runs one contract function in `journal` (which the caller commits or rolls back). Never throws:
 * whatever goes wrong becomes a reject with the gas used so far.
 */
function runFrame(tx: Transaction, journal: Journal, frame: FrameContext, code: Uint8Array | undefined, depth: number): FrameOutcome {
  const fail = (codeName: WasmErrorName, reason: string): FrameOutcome => ({ result: reject(codeName, reason, tx.gas.used) });
  if (code === undefined) return fail("CodeNotFound", `no contract code at address ${bytesToHex(frame.contract)}`);

  const compiled = compileContract(code, tx.compileOptions, tx.maxMemoryPages, tx.moduleCache, (key) => journal.getStorage(REGISTRY_ADDRESS, key));
  if ("status" in compiled) return { result: { ...compiled, usedGas: tx.gas.used } };
  const { module } = compiled;

  const record = moduleRecordOf(module);
  const entry = record.exports.find((e) => e.name === frame.funcName);
  if (entry === undefined || entry.kind !== EXTERN_FUNC) return fail("KeyNotFound", `the contract exports no function named "${frame.funcName}"`);
  const entryType = record.types[record.funcTypeIndices[entry.index]!]!;
  if (entryType.params.length !== 1 || entryType.params[0] !== I64 || entryType.results.length !== 1 || entryType.results[0] !== I32) {
    return fail("InvalidReturn", `"${frame.funcName}" must have type (i64) -> i32`);
  }

  // The attached amount moves before the entry runs, inside this frame's journal.
  if (frame.amount > 0n) {
    const moved = journal.transfer(frame.invoker, frame.contract, frame.amount);
    if (moved !== "ok") return fail("ExecuteFail", `the invoker cannot attach ${frame.amount} to the call (${moved})`);
  }

  const environment = new ContractEnvironment(tx, journal, frame, depth);
  return tx.host.run(environment, (): FrameOutcome => {
    let instance: Instance;
    try {
      instance = tx.gas.instantiate(module, tx.host.importsFor(module));
    } catch (error) {
      if (error instanceof OutOfGas) return fail("OutOfGas", error.message);
      if (error instanceof LimitExceeded) return fail(error.limit === "maxMemoryPages" ? "InvalidHeapPages" : "Instantiation", describe(error));
      if (error instanceof LinkError || error instanceof RuntimeError) return fail("Instantiation", describe(error));
      return fail("HostFuncErr", describe(error));
    }
    const exportedMemory = instance.exports["memory"];
    environment.memory = exportedMemory instanceof Memory ? exportedMemory : undefined;
    let returned: number;
    try {
      const results = tx.gas.invoke(instance, frame.funcName, [{ type: "i64", value: BigInt.asIntN(64, frame.amount) }]);
      const first = results[0];
      if (first === undefined || first.type !== "i32") return fail("InvalidReturn", `"${frame.funcName}" returned no i32`);
      returned = first.value;
    } catch (error) {
      if (error instanceof OutOfGas) return fail("OutOfGas", `out of gas: ${error.gasUsed} used, limit ${error.gasLimit}`);
      if (error instanceof RuntimeError) return fail("ExecuteFail", `trap: ${error.message}`);
      if (error instanceof InstructionLimitExceeded) return fail("ExecuteFail", error.message);
      return fail("HostFuncErr", describe(error));
    }
    if (returned !== 1) return fail("ExecuteFail", `"${frame.funcName}" returned ${returned} (1 means success)`);
    return { result: success(tx.gas.used, [], environment.returnData, []) };
  });
}

type Compiled = { module: Module } | WasmReject;

/** The compiled module for `code` (cached by hash), or the reject that explains why there is none. */
function featureOptions(options: EngineOptions | undefined): EngineOptions | undefined {
  return options?.features === undefined ? undefined : { features: options.features };
}

/** Options an artifact is built and loaded with: the code flavor every contract call runs. */
function artifactOptions(compileOptions: EngineOptions | undefined): EngineOptions {
  return { ...compileOptions, meter: "block", deterministic: true };
}

// The sha256 of the last few contract codes, each with a private copy of the bytes it hashes: a
// transaction looks its module up by the code's hash, and comparing 100 KB of code with a copy is
// an order of magnitude cheaper than hashing it again (the same contract is called over and over).
const RECENT_HASHES = 4;
const recentCodeHashes: { readonly bytes: Uint8Array; readonly hash: string }[] = [];

/** sha256 of `code`, hex. */
function codeHash(code: Uint8Array): string {
  for (let k = 0; k < recentCodeHashes.length; k++) {
    const recent = recentCodeHashes[k];
    if (recent.bytes.length === code.length && Buffer.compare(recent.bytes, code) === 0) return recent.hash;
  }
  const hash = createHash("sha256").update(code).digest("hex");
  if (recentCodeHashes.length >= RECENT_HASHES) recentCodeHashes.pop();
  recentCodeHashes.unshift({ bytes: code.slice(), hash });
  return hash;
}

/** Empties the in-process module cache (embedders bounding memory; tests of the artifact path). */
export function clearContractModuleCache(): void {
  moduleCache.clear();
}

/** How the modules of contract calls were obtained, for tests and monitoring. */
export const contractModuleSources = { artifactLoads: 0, artifactRefused: 0, compiles: 0 };

/** The module from the artifact stored at deploy time, or undefined when there is none or it is
 *  refused (another engine version, features or schedule; damaged) — then the caller compiles. */
function moduleFromArtifact(artifact: Uint8Array | undefined, compileOptions: EngineOptions | undefined): Module | undefined {
  if (artifact === undefined) return undefined;
  try {
    const module = loadPrecompiled(artifact, artifactOptions(compileOptions));
    contractModuleSources.artifactLoads++;
    return module;
  } catch (error) {
    if (!(error instanceof ArtifactError)) throw error;
    contractModuleSources.artifactRefused++;
    return undefined;
  }
}

function compileContract(
  code: Uint8Array,
  compileOptions: EngineOptions | undefined,
  maxMemoryPages: number,
  cache?: ModuleCache,
  storedArtifact?: (key: string) => Uint8Array | undefined,
): Compiled {
  // Only the default configuration is cached: a module compiled under other engine options (features)
  // must not be handed to a call that asked for the default, or the other way round. (A ModuleCache
  // keys by the options itself.)
  const cacheable = compileOptions === undefined && cache === undefined;
  const key = codeHash(code);
  let module = cacheable ? moduleCache.get(key) : undefined;
  if (module === undefined) {
    try {
      module = cache !== undefined ? cache.get(code, compileOptions) : moduleFromArtifact(storedArtifact?.(key), compileOptions);
      if (module === undefined) {
        module = new Module(code, compileOptions);
        contractModuleSources.compiles++;
      }
    } catch (error) {
      if (!(error instanceof CompileError)) return reject("InvalidModule", describe(error), 0);
      // Tell "not wasm at all" from "wasm, but invalid": only the former fails to decode.
      try {
        decodeModule(code);
      } catch (decodeError) {
        return reject("CantDeserializeWasm", describe(decodeError), 0);
      }
      return reject("InvalidModule", describe(error), 0);
    }
    if (cacheable) {
      if (moduleCache.size >= MODULE_CACHE_SIZE) moduleCache.delete(moduleCache.keys().next().value!);
      moduleCache.set(key, module);
    }
  }
  const record = moduleRecordOf(module);
  const memoryExport = record.exports.find((e) => e.name === "memory");
  if (memoryExport !== undefined && memoryExport.kind !== EXTERN_MEMORY) return reject("InvalidMemory", `the export named "memory" is not a memory`, 0);
  for (const memory of record.allMemories) {
    if (memory.limits.min > maxMemoryPages) {
      return reject("InvalidHeapPages", `memory of ${memory.limits.min} initial pages exceeds the limit of ${maxMemoryPages}`, 0);
    }
  }
  return { module };
}

/** Checks code the way `execute` will before storing it (deploy). */
export function checkContractCode(code: Uint8Array, options: { maxMemoryPages?: number; engineOptions?: EngineOptions } = {}): WasmReject | undefined {
  const compiled = compileContract(code, options.engineOptions, options.maxMemoryPages ?? DEFAULT_MAX_MEMORY_PAGES);
  return "status" in compiled ? compiled : undefined;
}

/** The xq environment of one frame, over its journal. */
class ContractEnvironment implements XqEnvironment {
  memory: MemoryLike | undefined = undefined;
  returnData: Uint8Array = new Uint8Array(0);
  readonly #tx: Transaction;
  readonly #journal: Journal;
  readonly #frame: FrameContext;
  readonly #depth: number;

  constructor(tx: Transaction, journal: Journal, frame: FrameContext, depth: number) {
    this.#tx = tx;
    this.#journal = journal;
    this.#frame = frame;
    this.#depth = depth;
  }

  charge(gas: number): void {
    this.#tx.gas.charge(gas);
  }
  owner(): Uint8Array {
    return this.#frame.owner;
  }
  invoker(): Uint8Array {
    return this.#frame.invoker;
  }
  contractAddress(): Uint8Array {
    return this.#frame.contract;
  }
  contractBalance(): bigint {
    return this.#journal.getBalance(this.#frame.contract);
  }
  parameter(): Uint8Array {
    return this.#frame.parameter;
  }
  blockTime(): bigint {
    return this.#tx.blockTime;
  }
  blockHeight(): bigint {
    return this.#tx.blockHeight;
  }
  blockHash(): Uint8Array {
    return this.#tx.blockHash;
  }
  getStore(key: Uint8Array): Uint8Array | undefined {
    return this.#journal.getStorage(this.#frame.contract, key);
  }
  setStore(key: Uint8Array, value: Uint8Array): XqOutcome {
    this.#journal.putStorage(this.#frame.contract, key, value);
    return "ok";
  }
  eventCount(): number {
    // Events alive in the transaction: this frame's journal and every caller's, not yet rolled back.
    let count = 0;
    for (let journal: Journal | null = this.#journal; journal !== null; journal = journal.parent instanceof Journal ? journal.parent : null) {
      count += journal.events().length;
    }
    return count;
  }
  emitEvent(text: string): void {
    this.#journal.emitEvent(text);
  }
  setReturnData(data: Uint8Array): void {
    this.returnData = data.slice();
  }
  debug(message: string): void {
    this.#tx.debug(message);
  }

  transfer(address: Uint8Array, amount: bigint): XqOutcome {
    return this.#journal.transfer(this.#frame.contract, address, amount) === "ok" ? "ok" : "failed";
  }

  call(address: Uint8Array, amount: bigint, func: string, parameter: Uint8Array): XqOutcome {
    if (this.#depth + 1 > this.#tx.maxCallDepth) {
      this.#tx.debug(`call depth limit ${this.#tx.maxCallDepth} reached: ${bytesToHex(address)}.${func} not called`);
      return "failed";
    }
    const child = this.#journal.child();
    // A state-backend failure while reading the callee propagates: it rejects the whole transaction
    // as HostFuncErr (runFrame of the caller catches it), as any backend failure does.
    let owner: Uint8Array | undefined;
    let code: Uint8Array | undefined;
    try {
      owner = ownerOf(child, address);
      code = child.getCode(address);
    } catch (error) {
      child.rollback();
      throw error;
    }
    const callee: FrameContext = { funcName: func, parameter, invoker: this.#frame.contract, owner: owner ?? ZERO_ADDRESS, contract: address, amount };
    const outcome = runFrame(this.#tx, child, callee, code, this.#depth + 1);
    if (outcome.result.status === "success") {
      child.commit();
      return "ok";
    }
    child.rollback();
    this.#tx.debug(`call ${bytesToHex(address)}.${func} rejected: ${outcome.result.codeName}: ${outcome.result.reason}`);
    return "failed";
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface DeployOptions {
  code: Uint8Array;
  /** 20-byte address the contract is stored at. */
  address: BytesLike;
  /** Recorded as the contract's owner (what `get_owner` returns); default zero bytes. */
  owner?: BytesLike;
  /** Balance credited to the contract address (u64); default none. */
  balance?: bigint;
  state: StateStore;
  maxMemoryPages?: number;
  engineOptions?: EngineOptions;
}

export interface DeploySuccess {
  status: "success";
  address: string;
  owner: string;
  /** sha256 of the code, hex. */
  codeHash: string;
  codeSize: number;
}

/** Thrown when deploying over an address that already holds code. */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeployError";
  }
}

/**
 * Stores a contract: checks the code as `execute` will (a reject says why it would never run),
 * then writes code, owner and balance in one atomic batch. Deploying over existing code throws.
 */
export async function deploy(options: DeployOptions): Promise<DeploySuccess | WasmReject> {
  const address = parseAddress(options.address, "contract address");
  const owner = options.owner === undefined ? ZERO_ADDRESS : parseAddress(options.owner, "owner");
  const addressHex = bytesToHex(address);
  if (options.state.getCode(addressHex) !== undefined) throw new DeployError(`address ${addressHex} already holds a contract`);
  const problem = checkContractCode(options.code, options);
  if (problem !== undefined) return problem;
  const journal = new Journal(options.state);
  journal.putCode(addressHex, options.code);
  journal.putStorage(REGISTRY_ADDRESS, addressHex, owner);
  // The precompiled artifact goes with the code, so calls load it instead of decoding, validating
  // and lowering again. Keyed by the code's sha256 (32 bytes: cannot collide with the 20-byte
  // owner keys); a call whose engine identity differs falls back to compiling the code.
  journal.putStorage(REGISTRY_ADDRESS, codeHash(options.code), precompile(options.code, artifactOptions(featureOptions(options.engineOptions))));
  if (options.balance !== undefined && options.balance > 0n) {
    if (journal.credit(addressHex, options.balance) !== "ok") {
      journal.rollback();
      throw new RangeError(`balance ${options.balance} does not fit a u64 on top of ${options.state.getBalance(addressHex)}`);
    }
  }
  await journal.commitToStore();
  return {
    status: "success",
    address: addressHex,
    owner: bytesToHex(owner),
    codeHash: codeHash(options.code),
    codeSize: options.code.length,
  };
}
