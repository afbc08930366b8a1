// `Instance`: instantiation exactly as the spec orders it — resolve and type-check imports, allocate
// functions, tables, memories and globals, build exports, then run the element segments, the data
// segments (Wasm 2.0: in order, each bounds-checked just before it is written, so a failing segment
// keeps what earlier ones wrote to shared tables and memories) and finally the start function.

import {
  EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, F32, F64, FUNCREF, I32, I64, LimitExceeded, LinkError, RuntimeError,
  SEGMENT_ACTIVE, SEGMENT_PASSIVE, Trap, V128, funcTypeEquals, funcTypeToString, valTypeName,
} from "../core/index.ts";
import type { ConstExpr, Export, FuncType, GlobalType, Import, Limits, ModuleRecord } from "../core/index.ts";
import { GlobalInstance, MemoryInstance, TableInstance, invoke, outOfGas } from "../exec/index.ts";
import type { FuncInstance, ModuleInstance, Store, WasmFuncInstance } from "../exec/index.ts";
import type { CompiledFunction } from "../compile/index.ts";
import { flavorFor, instanceStoreFor, positiveInteger, storeFor } from "./engine-options.ts";
import type { EngineOptions } from "./engine-options.ts";
import { statsOf } from "./engine.ts";
import type { ExecutionStats } from "./engine.ts";
import { Global, globalBindingOf, isGlobal } from "./global.ts";
import { exportedFunction, funcInstanceOf, hostFunctionFromJs, slotCount, writeJsValue } from "./js-values.ts";
import type { ExportedFunction } from "./js-values.ts";
import { Memory, isMemory, memoryInstanceOf } from "./memory.ts";
import { Module, compiledFor, moduleParts } from "./module.ts";
import { MAX_TABLE_INITIAL, Table, isTable, tableBindingOf } from "./table.ts";
import { readWasmValue, writeWasmValue } from "./wasm-value.ts";
import type { WasmValue } from "./wasm-value.ts";

/** Values: JS functions, exported functions, Memory, Table, Global, or plain numbers/bigints (and
 *  reference values) for immutable globals, as the JS API allows. */
export type Imports = Record<string, Record<string, unknown>>;
export type ExportValue = ExportedFunction | Memory | Table | Global;

interface InstanceParts {
  readonly store: Store;
  readonly moduleInstance: ModuleInstance;
  /** Export name -> export, for invoke/getGlobal (spec scripts call these thousands of times). */
  readonly exportsByName: ReadonlyMap<string, Export>;
}

const partsByInstance = new WeakMap<Instance, InstanceParts>();

// Constant-expression opcodes (combined numbering of core/opcodes.ts).
const OP_GLOBAL_GET = 0x23;
const OP_I32_CONST = 0x41;
const OP_I64_CONST = 0x42;
const OP_F32_CONST = 0x43;
const OP_F64_CONST = 0x44;
const OP_REF_NULL = 0xd0;
const OP_REF_FUNC = 0xd2;
const OP_V128_CONST = 0xfd0c;

export class Instance {
  readonly exports: Record<string, ExportValue>;

  constructor(module: Module, imports?: Imports, options?: EngineOptions) {
    const parts = moduleParts(module);
    const given = options ?? parts.options;
    // An instance joining an Engine takes the engine's configuration, overridden by its own options.
    const effectiveOptions = given?.engine !== undefined ? { ...given.engine.options, ...given } : given;
    const store = instanceStoreFor(effectiveOptions);
    const record = parts.record;
    const compiled = compiledFor(parts, flavorFor(store, effectiveOptions));
    const moduleInstance = instantiateModule(store, record, compiled.functions, imports, effectiveOptions);
    for (const memory of moduleInstance.memories) if (memory.pages > store.peakMemoryPages) store.peakMemoryPages = memory.pages;
    this.exports = buildExports(store, record, moduleInstance);
    partsByInstance.set(this, { store, moduleInstance, exportsByName: new Map(record.exports.map((e) => [e.name, e])) });
  }

  /** Gas used, instructions executed, peak call depth and memory pages, host calls — of the
   *  instance's store, accumulated over all its calls (and those of instances sharing the store). */
  get stats(): ExecutionStats {
    return statsOf(instanceParts(this).store);
  }

  /** Adds `gas` to the store's budget (and limit), e.g. between calls. */
  addGas(gas: number): void {
    const store = instanceParts(this).store;
    if (!Number.isSafeInteger(gas) || gas < 0) throw new RangeError(`addGas: expected a non-negative safe integer, got ${gas}`);
    store.gasLeft += gas;
    store.gasLimit += gas;
  }

  /** Calls an exported function with exact-bit values; throws RuntimeError (or OutOfGas, …) on a trap. */
  invoke(exportName: string, args: readonly WasmValue[]): WasmValue[] {
    const { store, moduleInstance, exportsByName } = instanceParts(this);
    const exported = exportsByName.get(exportName);
    if (exported === undefined || exported.kind !== EXTERN_FUNC) throw new TypeError(`no exported function named "${exportName}"`);
    return invokeExact(store, moduleInstance.funcs[exported.index], args);
  }

  /** The current value of an exported global, exact to the bit. */
  getGlobal(exportName: string): WasmValue {
    const { store, moduleInstance, exportsByName } = instanceParts(this);
    const exported = exportsByName.get(exportName);
    if (exported === undefined || exported.kind !== EXTERN_GLOBAL) throw new TypeError(`no exported global named "${exportName}"`);
    const global = moduleInstance.globals[exported.index];
    return readWasmValue(store, global.cell, 0, global.type.valType);
  }
}

function instanceParts(instance: Instance): InstanceParts {
  const parts = partsByInstance.get(instance);
  if (parts === undefined) throw new TypeError("not an Instance object");
  return parts;
}

/** Calls `func` with exact-bit arguments and returns its results the same way. */
export function invokeExact(store: Store, func: FuncInstance, args: readonly WasmValue[]): WasmValue[] {
  const type = func.type;
  if (args.length !== type.params.length) {
    throw new TypeError(`expected ${type.params.length} argument(s) for ${funcTypeToString(type)}, got ${args.length}`);
  }
  const stack = store.stack;
  const base = stack.sp;
  const frameSlots = Math.max(slotCount(type.params), slotCount(type.results));
  if (base + frameSlots > stack.capacitySlots) throw new RuntimeError(Trap.CallStackExhausted);
  try {
    let slot = base;
    for (let i = 0; i < args.length; i++) {
      writeWasmValue(store, stack.i32, slot, type.params[i], args[i]);
      slot += type.params[i] === V128 ? 2 : 1;
    }
    invoke(store, func);
    const results: WasmValue[] = [];
    slot = base;
    for (const resultType of type.results) {
      results.push(readWasmValue(store, stack.i32, slot, resultType));
      slot += resultType === V128 ? 2 : 1;
    }
    return results;
  } finally {
    stack.sp = base;
  }
}

function unknownImport(imp: Import, why: string): LinkError {
  return new LinkError(`unknown import: "${imp.module}" "${imp.name}" ${why}`);
}

function incompatible(imp: Import, why: string): LinkError {
  return new LinkError(`incompatible import type: "${imp.module}" "${imp.name}" ${why}`);
}

/** The spec's limits matching: provided {min n1, max m1} matches declared {min n2, max m2} when
 *  n1 >= n2 and, if m2 is declared, m1 is present and m1 <= m2. */
function limitsMatch(providedMin: number, providedMax: number | undefined, declared: Limits): boolean {
  if (providedMin < declared.min) return false;
  if (declared.max === undefined) return true;
  return providedMax !== undefined && providedMax <= declared.max;
}

function describeLimits(min: number, max: number | undefined): string {
  return max === undefined ? `${min}..` : `${min}..${max}`;
}

/** The imported value for `imp`, as the JS API reads it from the import object. A missing module
 *  namespace is a LinkError here (the JS API makes it a TypeError) so that every unresolved import
 *  fails the same way for embedders and the spec suite. */
function lookupImport(imports: Imports | undefined, imp: Import): unknown {
  if (imports === undefined || imports === null) throw unknownImport(imp, "(no import object given)");
  if (typeof imports !== "object" && typeof imports !== "function") throw new TypeError("the import object must be an object");
  const namespace: unknown = imports[imp.module];
  if (namespace === undefined || namespace === null || (typeof namespace !== "object" && typeof namespace !== "function")) {
    throw unknownImport(imp, `(no module "${imp.module}" in the import object)`);
  }
  return (namespace as Record<string, unknown>)[imp.name];
}

function instantiateModule(
  store: Store,
  record: ModuleRecord,
  compiledFunctions: readonly CompiledFunction[],
  imports: Imports | undefined,
  options: EngineOptions | undefined,
): ModuleInstance {
  const types = record.types;
  const moduleInstance: ModuleInstance = {
    store,
    types,
    typeIds: types.map((t) => store.typeId(t)),
    funcs: [],
    tables: [],
    memories: [],
    globals: [],
    elemSegments: [],
    dataSegments: [],
  };

  // 1. Imports, in order; each is resolved and checked against its declared type.
  for (const imp of record.imports) {
    const value = lookupImport(imports, imp);
    const desc = imp.desc;
    switch (desc.kind) {
      case EXTERN_FUNC: {
        const expected = types[desc.typeIndex];
        if (typeof value !== "function") throw value === undefined ? unknownImport(imp, "(not provided)") : incompatible(imp, "(expected a function)");
        const binding = funcInstanceOf(value);
        if (binding !== undefined) {
          // A wasm function of this engine: linked directly, called without any conversion.
          if (binding.store !== store) throw incompatible(imp, "(function belongs to another engine store)");
          if (!funcTypeEquals(binding.func.type, expected)) {
            throw incompatible(imp, `(expected ${funcTypeToString(expected)}, got ${funcTypeToString(binding.func.type)})`);
          }
          moduleInstance.funcs.push(binding.func);
        } else {
          moduleInstance.funcs.push(hostFunctionFromJs(store, expected, value));
        }
        break;
      }
      case EXTERN_TABLE: {
        if (!isTable(value)) throw value === undefined ? unknownImport(imp, "(not provided)") : incompatible(imp, "(expected a Table)");
        const binding = tableBindingOf(value);
        if (binding.store !== store) throw incompatible(imp, "(table belongs to another engine store)");
        const table = binding.instance;
        if (table.elemType !== desc.type.elemType) {
          throw incompatible(imp, `(expected ${valTypeName(desc.type.elemType)} table, got ${valTypeName(table.elemType)})`);
        }
        if (!limitsMatch(table.elements.length, table.declaredMax, desc.type.limits)) {
          throw incompatible(imp, `(table limits ${describeLimits(table.elements.length, table.declaredMax)} do not match ${describeLimits(desc.type.limits.min, desc.type.limits.max)})`);
        }
        moduleInstance.tables.push(table);
        break;
      }
      case EXTERN_MEMORY: {
        if (!isMemory(value)) throw value === undefined ? unknownImport(imp, "(not provided)") : incompatible(imp, "(expected a Memory)");
        const memory = memoryInstanceOf(value);
        if (!limitsMatch(memory.pages, memory.declaredMax, desc.type.limits)) {
          throw incompatible(imp, `(memory limits ${describeLimits(memory.pages, memory.declaredMax)} do not match ${describeLimits(desc.type.limits.min, desc.type.limits.max)})`);
        }
        moduleInstance.memories.push(memory);
        break;
      }
      case EXTERN_GLOBAL:
        moduleInstance.globals.push(importGlobal(store, imp, desc.type, value));
        break;
    }
  }

  // 2. Defined functions: one instance each with its compiled code. A function gets a ref id only
  //    when something refers to it (ref.func, an element segment, a funcref crossing to JS): the
  //    Store's registry keeps what it holds alive, and most contract functions are never referenced.
  const numImportedFuncs = record.numImportedFuncs;
  for (let i = 0; i < record.functions.length; i++) {
    const type = types[record.functions[i]];
    const func: WasmFuncInstance = {
      kind: 0,
      type,
      typeId: moduleInstance.typeIds[record.functions[i]],
      refId: 0,
      module: moduleInstance,
      funcIndex: numImportedFuncs + i,
      code: compiledFunctions[i],
    };
    moduleInstance.funcs.push(func);
  }

  // 3. Tables and memories (initial contents null / zero), then globals from their initialisers.
  // Sizes beyond what the host can hold fail with a RangeError naming the limit, as in V8, rather
  // than whatever exception the allocation happens to throw.
  const maxTableElements = positiveInteger(options?.limits?.maxTableElements, "maxTableElements");
  for (const tableType of record.tables) {
    if (maxTableElements !== undefined && tableType.limits.min > maxTableElements) {
      throw new LimitExceeded("maxTableElements", `table of ${tableType.limits.min} elements exceeds the engine limit of ${maxTableElements} elements`);
    }
    if (tableType.limits.min > MAX_TABLE_INITIAL) {
      throw new RangeError(`initial table size (${tableType.limits.min} elements) is larger than the implementation limit (${MAX_TABLE_INITIAL} elements)`);
    }
    moduleInstance.tables.push(new TableInstance(tableType.elemType, tableType.limits.min, tableType.limits.max, 0, maxTableElements));
  }
  const maxMemoryPages = positiveInteger(options?.limits?.maxMemoryPages, "maxMemoryPages");
  for (const memoryType of record.memories) {
    if (maxMemoryPages !== undefined && memoryType.limits.min > maxMemoryPages) {
      throw new LimitExceeded("maxMemoryPages", `memory of ${memoryType.limits.min} pages exceeds the engine limit of ${maxMemoryPages} pages`);
    }
    try {
      moduleInstance.memories.push(new MemoryInstance(memoryType.limits.min, memoryType.limits.max, maxMemoryPages));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new RangeError(`cannot allocate a memory of ${memoryType.limits.min} pages: ${error.message}`);
    }
  }
  for (const global of record.globals) {
    const instance = new GlobalInstance(global.type);
    evaluateConst(moduleInstance, global.init, instance.cell);
    moduleInstance.globals.push(instance);
  }

  // 4. Element segments: every element expression is evaluated now (the spec's allocation step).
  const cell = new Int32Array(4);
  const elemRefs: number[][] = record.elements.map((segment) =>
    segment.init.map((expr) => {
      evaluateConst(moduleInstance, expr, cell);
      return cell[0];
    }),
  );
  for (let i = 0; i < elemRefs.length; i++) moduleInstance.elemSegments.push(record.elements[i].mode === SEGMENT_PASSIVE ? elemRefs[i] : null);
  for (const segment of record.datas) moduleInstance.dataSegments.push(segment.mode === SEGMENT_PASSIVE ? segment.bytes : null);

  // 5. Active element segments in order: table.init then elem.drop; a failing one traps and keeps
  //    the effects of the segments before it.
  for (let i = 0; i < record.elements.length; i++) {
    const segment = record.elements[i];
    if (segment.mode !== SEGMENT_ACTIVE || segment.offsetExpr === undefined) continue;
    evaluateConst(moduleInstance, segment.offsetExpr, cell);
    const offset = cell[0] >>> 0;
    const table = moduleInstance.tables[segment.tableIndex];
    const refs = elemRefs[i];
    if (offset + refs.length > table.elements.length) throw new RuntimeError(Trap.OutOfBoundsTableAccess);
    for (let k = 0; k < refs.length; k++) table.elements[offset + k] = refs[k];
  }

  // 6. Active data segments in order: memory.init then data.drop.
  for (const segment of record.datas) {
    if (segment.mode !== SEGMENT_ACTIVE || segment.offsetExpr === undefined) continue;
    evaluateConst(moduleInstance, segment.offsetExpr, cell);
    const offset = cell[0] >>> 0;
    const memory = moduleInstance.memories[segment.memoryIndex];
    if (offset + segment.bytes.length > memory.u8.length) throw new RuntimeError(Trap.OutOfBoundsMemoryAccess);
    memory.u8.set(segment.bytes, offset);
  }

  // 7. The start function.
  if (record.start !== undefined) {
    const stack = store.stack;
    const base = stack.sp;
    try {
      invoke(store, moduleInstance.funcs[record.start]);
    } finally {
      stack.sp = base;
    }
  }
  return moduleInstance;
}

function importGlobal(store: Store, imp: Import, declared: GlobalType, value: unknown): GlobalInstance {
  if (isGlobal(value)) {
    const binding = globalBindingOf(value);
    if (binding.store !== store) throw incompatible(imp, "(global belongs to another engine store)");
    const actual = binding.instance.type;
    if (actual.valType !== declared.valType || actual.mutable !== declared.mutable) {
      throw incompatible(imp, `(expected ${describeGlobalType(declared)}, got ${describeGlobalType(actual)})`);
    }
    return binding.instance;
  }
  if (value === undefined) throw unknownImport(imp, "(not provided)");
  // A plain JS value makes a new immutable global, as the JS API allows for numbers and bigints.
  const valType = declared.valType;
  if (valType === I64 && typeof value !== "bigint") throw incompatible(imp, "(an i64 global needs a BigInt or a Global)");
  if ((valType === I32 || valType === F32 || valType === F64) && typeof value !== "number") {
    throw incompatible(imp, `(a ${valTypeName(valType)} global needs a Number or a Global)`);
  }
  if (valType === V128) throw incompatible(imp, "(a v128 global cannot be given from JS)");
  if (declared.mutable) throw incompatible(imp, "(a mutable global must be given as a Global object)");
  if (valType === FUNCREF && value !== null && funcInstanceOf(value) === undefined) throw incompatible(imp, "(expected a function reference)");
  const instance = new GlobalInstance(declared);
  writeJsValue(store, instance.cell, 0, valType, value);
  return instance;
}

function describeGlobalType(type: GlobalType): string {
  return type.mutable ? `(mut ${valTypeName(type.valType)})` : valTypeName(type.valType);
}

/** Evaluates a constant expression into the four words of `out` (a slot pair / global cell). */
function evaluateConst(moduleInstance: ModuleInstance, expr: ConstExpr, out: Int32Array): void {
  out.fill(0);
  for (const instr of expr.instrs) {
    const imm = instr.imm;
    switch (instr.op) {
      case OP_I32_CONST:
        out[0] = Number(imm) | 0;
        break;
      case OP_I64_CONST:
      case OP_F64_CONST: {
        const bits = BigInt.asUintN(64, BigInt(imm as bigint));
        out[0] = Number(BigInt.asIntN(32, bits));
        out[1] = Number(BigInt.asIntN(32, bits >> 32n));
        break;
      }
      case OP_F32_CONST:
        out[0] = Number(imm) | 0;
        break;
      case OP_V128_CONST: {
        const bytes = new Uint8Array(16);
        bytes.set(imm as Uint8Array);
        out.set(new Int32Array(bytes.buffer));
        break;
      }
      case OP_REF_NULL:
        out[0] = 0;
        break;
      case OP_REF_FUNC:
        out[0] = moduleInstance.store.registerFunc(moduleInstance.funcs[Number(imm)]);
        break;
      case OP_GLOBAL_GET:
        out.set(moduleInstance.globals[Number(imm)].cell);
        break;
      default:
        // The validator admits only the instructions above in constant expressions.
        throw new LinkError(`unsupported instruction 0x${instr.op.toString(16)} in a constant expression`);
    }
  }
}

function buildExports(store: Store, record: ModuleRecord, moduleInstance: ModuleInstance): Record<string, ExportValue> {
  // Like the JS API: a frozen object without prototype, one property per export in order.
  const exports = Object.create(null) as Record<string, ExportValue>;
  for (const exported of record.exports) {
    switch (exported.kind) {
      case EXTERN_FUNC:
        exports[exported.name] = exportedFunction(store, moduleInstance.funcs[exported.index]);
        break;
      case EXTERN_TABLE:
        exports[exported.name] = Table.wrap(moduleInstance.tables[exported.index], store);
        break;
      case EXTERN_MEMORY:
        exports[exported.name] = Memory.wrap(moduleInstance.memories[exported.index]);
        break;
      case EXTERN_GLOBAL:
        exports[exported.name] = Global.wrap(moduleInstance.globals[exported.index], store);
        break;
    }
  }
  return Object.freeze(exports);
}

/** A host function of a given wasm type, as an exported function object: imports of it are checked
 *  against `type` like those of a wasm function (the spec suite's `spectest` functions need this). */
export function createHostFunction(type: FuncType, callable: Function, options?: HostFunctionOptions): ExportedFunction {
  const store = storeFor(options);
  if (options?.withCaller !== true) return exportedFunction(store, hostFunctionFromJs(store, type, callable));
  const caller = new HostCaller(store);
  const withCaller = (...args: unknown[]): unknown => Reflect.apply(callable, undefined, [caller, ...args]);
  return exportedFunction(store, hostFunctionFromJs(store, type, withCaller));
}

export interface HostFunctionOptions extends EngineOptions {
  /** Pass a HostCaller as the callable's first argument (gas charging, the caller's memory). */
  readonly withCaller?: boolean;
}

/**
 * What a host function created `withCaller` receives first: charges gas to the calling store (an
 * OutOfGas thrown here stops the wasm caller like any other; the host must charge before acting),
 * the calling instance's memory and the store's counters.
 */
export class HostCaller {
  readonly #store: Store;
  constructor(store: Store) {
    this.#store = store;
  }
  /** Charges `gas` (no-op in an unmetered store); throws OutOfGas when the budget cannot pay. */
  chargeGas(gas: number): void {
    if (!Number.isSafeInteger(gas) || gas < 0) throw new RangeError(`chargeGas: expected a non-negative safe integer, got ${gas}`);
    const store = this.#store;
    if (!store.metered) return;
    if (gas > store.gasLeft) throw outOfGas(store);
    store.gasLeft -= gas;
    store.profile?.extra(gas);
  }
  /** Charges the schedule's host-call price: hostCallBase + hostCallPerByte × bytes. */
  chargeHostCall(bytes = 0): void {
    this.chargeGas(this.#store.hostCallBase + this.#store.hostCallPerByte * bytes);
  }
  get gasLeft(): number {
    return this.#store.gasLeft;
  }
  /** Memory 0 of the wasm instance that made this call (undefined if it has none). */
  get memory(): Memory | undefined {
    const module = this.#store.callerModule;
    return module !== undefined && module.memories.length > 0 ? Memory.wrap(module.memories[0]) : undefined;
  }
  get stats(): ExecutionStats {
    return statsOf(this.#store);
  }
}


/** The run-time state behind an Instance and the Store it runs in (snapshots: snapshot.ts). */
export function instanceStateOf(instance: Instance): { readonly store: Store; readonly moduleInstance: ModuleInstance } {
  const parts = instanceParts(instance);
  return { store: parts.store, moduleInstance: parts.moduleInstance };
}
