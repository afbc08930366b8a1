// The Store owns what every instance in it shares at run time: the value stack, the frame stack,
// the registry of references (ref ids) and canonical function-type ids.

import type { FuncType } from "../core/index.ts";
import type { FuncInstance, ModuleInstance, WasmFuncInstance } from "./instances.ts";
import type { ProfileRecorder } from "./profile-recorder.ts";
import { ValueStack } from "./value-stack.ts";

export const DEFAULT_VALUE_STACK_SLOTS = 1 << 20;
export const DEFAULT_MAX_CALL_DEPTH = 100_000;
/** What a Store allocates in proportion to its limits: the value stack (8 MB by default) and the
 *  frame arrays (1 MB at the default depth). Stores released by their owner (Store.release) leave
 *  theirs here for the next Store with the same limits: allocating and zeroing them cost more than a
 *  typical contract call, and the contract layer makes one Store per transaction. */
interface StoreStacks {
  readonly stack: ValueStack;
  readonly frameReturnPc: Int32Array;
  readonly frameBase: Int32Array;
  readonly frameFunc: (WasmFuncInstance | undefined)[];
}
const spareStacks = new Map<string, StoreStacks[]>();
/** The pool's key for stores with these limits. */
function stacksKey(valueStackSlots: number, maxCallDepth: number): string {
  return `${valueStackSlots}/${maxCallDepth}`;
}
const MAX_SPARE_STACKS_PER_SIZE = 2;

export class Store {
  readonly stack: ValueStack;
  readonly maxCallDepth: number;

  /** Frame stack (one entry per active wasm frame, across nested `invoke`s): the caller's resume pc,
   *  frame base slot and function. Index = depth. */
  readonly frameReturnPc: Int32Array;
  readonly frameBase: Int32Array;
  readonly frameFunc: (WasmFuncInstance | undefined)[];
  /** Number of active frames (wasm and host calls made through invoke). */
  depth: number;
  /** Set by release(): the stacks may belong to another Store now. */
  private released = false;

  /** Ref id -> referenced value (FuncInstance or host value); index 0 is null. */
  readonly refs: unknown[];
  /** Ref id -> function, for call_indirect (undefined for non-function ids). */
  readonly funcById: (FuncInstance | undefined)[];
  private readonly idByValue: Map<unknown, number>;
  private readonly typeIdByKey: Map<string, number>;

  // ---- Metering (see gas/ and runtime/engine-options.ts). Budgets are plain numbers counted down by
  // the CHARGE instructions; they stay exact integers below 2^53. An unmetered store has no CHARGE
  // instructions in its code and leaves these untouched (dynamic charges are skipped: `metered`).
  // While wasm code runs, the interpreter holds chunks of gasLeft and instructionsLeft in locals
  // (exec/interpreter-cold.ts, chargeSlow); it puts them back before a host function, a metered cold
  // instruction or the caller can look, so outside `run`'s hot loop these fields are always exact.
  /** True when code in this store is lowered with CHARGE instructions. */
  metered = false;
  /** Gas still available, and the total ever granted (gasUsed = gasLimit - gasLeft). */
  gasLeft = Number.MAX_SAFE_INTEGER;
  gasLimit = Number.MAX_SAFE_INTEGER;
  /** Instructions still allowed, and the limit (instructions = instructionLimit - instructionsLeft). */
  instructionsLeft = Number.MAX_SAFE_INTEGER;
  instructionLimit = Number.MAX_SAFE_INTEGER;
  /** Statistics: deepest frame depth reached, host functions called, largest memory in pages. */
  peakDepth = 0;
  hostCalls = 0;
  peakMemoryPages = 0;
  /** Per-byte / per-page / per-element prices of the dynamic costs (from the gas schedule). */
  memoryGrowPerPage = 0;
  bulkMemoryPerByte = 0;
  bulkTablePerElement = 0;
  hostCallBase = 0;
  hostCallPerByte = 0;
  /** Set by runtime/ for the duration of a profiled call: where profiled code records its work. */
  profile: ProfileRecorder | undefined = undefined;
  /** The instance whose wasm code made the host call now running (for the host's caller handle). */
  callerModule: ModuleInstance | undefined = undefined;

  get gasUsed(): number {
    return this.gasLimit - this.gasLeft;
  }

  get instructions(): number {
    return this.instructionLimit - this.instructionsLeft;
  }

  constructor(options?: { valueStackSlots?: number; maxCallDepth?: number }) {
    const stackSlots = options?.valueStackSlots ?? DEFAULT_VALUE_STACK_SLOTS;
    this.maxCallDepth = options?.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH;
    // Reused stacks hold stale words, which nothing reads: locals are zeroed at function entry, every
    // other slot and frame entry is written before it is read.
    const spare = spareStacks.get(stacksKey(stackSlots, this.maxCallDepth))?.pop();
    this.stack = spare?.stack ?? new ValueStack(stackSlots);
    this.frameReturnPc = spare?.frameReturnPc ?? new Int32Array(this.maxCallDepth + 2);
    this.frameBase = spare?.frameBase ?? new Int32Array(this.maxCallDepth + 2);
    this.frameFunc = spare?.frameFunc ?? new Array<WasmFuncInstance | undefined>(this.maxCallDepth + 2).fill(undefined);
    this.depth = 0;
    this.refs = [null];
    this.funcById = [undefined];
    this.idByValue = new Map();
    this.typeIdByKey = new Map();
  }

  /**
   * Gives the value stack and the frame arrays to the next Store created with the same limits. For
   * the owner of a store private to one job (the contract layer's per-transaction store), once that
   * job is over; does nothing while code runs in the store, or the second time. Afterwards the store
   * refuses to run code (every call traps "call stack exhausted", as if no frame were left): its
   * stacks belong to another Store.
   */
  release(): void {
    if (this.released || this.depth !== 0 || this.stack.sp !== 0) return;
    this.released = true;
    this.depth = this.maxCallDepth;
    // Drop the references to this store's functions (the arrays outlive the store in the pool).
    this.frameFunc.fill(undefined, 0, Math.min(this.peakDepth + 1, this.frameFunc.length));
    const key = stacksKey(this.stack.capacitySlots, this.maxCallDepth);
    let spares = spareStacks.get(key);
    if (spares === undefined) {
      spares = [];
      spareStacks.set(key, spares);
    }
    if (spares.length < MAX_SPARE_STACKS_PER_SIZE) {
      spares.push({ stack: this.stack, frameReturnPc: this.frameReturnPc, frameBase: this.frameBase, frameFunc: this.frameFunc });
    }
  }

  /** Canonical id: structurally equal types get the same id. */
  typeId(type: FuncType): number {
    const key = `${type.params.join(",")}:${type.results.join(",")}`;
    let id = this.typeIdByKey.get(key);
    if (id === undefined) {
      id = this.typeIdByKey.size;
      this.typeIdByKey.set(key, id);
    }
    return id;
  }

  /** Assigns and returns f.refId (> 0); idempotent. */
  registerFunc(f: FuncInstance): number {
    if (f.refId > 0 && this.refs[f.refId] === f) return f.refId;
    const id = this.refs.length;
    this.refs.push(f);
    this.funcById.push(f);
    this.idByValue.set(f, id);
    f.refId = id;
    return id;
  }

  /** Host value -> id (0 for null), identity-preserving. */
  refToId(value: unknown): number {
    if (value === null || value === undefined) return value === null ? 0 : this.undefinedId();
    const known = this.idByValue.get(value);
    if (known !== undefined) return known;
    const id = this.refs.length;
    this.refs.push(value);
    this.funcById.push(undefined);
    this.idByValue.set(value, id);
    return id;
  }

  /** `undefined` is a legitimate externref value distinct from null. */
  private undefinedId(): number {
    const known = this.idByValue.get(undefined);
    if (known !== undefined) return known;
    const id = this.refs.length;
    this.refs.push(undefined);
    this.funcById.push(undefined);
    this.idByValue.set(undefined, id);
    return id;
  }

  idToRef(id: number): unknown {
    return id === 0 ? null : this.refs[id];
  }
}
