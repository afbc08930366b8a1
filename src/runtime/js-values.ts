// Conversions between JS values and raw slot bits as the WebAssembly JS API defines them
// (ToJSValue / ToWebAssemblyValue), and the two kinds of function crossing the boundary: exported
// wasm functions seen as JS functions, and JS functions imported as host functions.
//
// A slot or global cell is 32-bit words in an Int32Array (see the exec/ contract): i32 in word 0,
// i64 as low/high words, f32/f64 as raw bits, references as ref ids, v128 as four words.
// Function objects are cached per function instance, so the same wasm function exported twice, or
// re-exported by another instance, is the same JS object (the JS API's "exported function cache").

import { EXTERNREF, F32, F64, FUNCREF, I32, I64, RuntimeError, Trap, V128 } from "../core/index.ts";
import type { FuncType, ValType } from "../core/index.ts";
import { invoke } from "../exec/index.ts";
import type { FuncInstance, HostFuncInstance, Store, ValueStack } from "../exec/index.ts";

const scratchF32 = new Float32Array(1);
const scratchF32Bits = new Int32Array(scratchF32.buffer);
const scratchF64 = new Float64Array(1);
const scratchF64Bits = new Int32Array(scratchF64.buffer);

/** Slots a value of this type takes on the value stack. */
export function slotsOf(type: ValType): number {
  return type === V128 ? 2 : 1;
}

export function slotCount(types: readonly ValType[]): number {
  let slots = 0;
  for (const type of types) slots += slotsOf(type);
  return slots;
}

/** An exported function as JS sees it. */
export type ExportedFunction = (...args: unknown[]) => unknown;

interface FunctionBinding {
  readonly func: FuncInstance;
  readonly store: Store;
}

const functionObjectByInstance = new WeakMap<FuncInstance, ExportedFunction>();
const bindingByFunctionObject = new WeakMap<Function, FunctionBinding>();

/** The function instance behind an exported function object, or undefined for any other value. */
export function funcInstanceOf(value: unknown): FunctionBinding | undefined {
  return typeof value === "function" ? bindingByFunctionObject.get(value) : undefined;
}

/** The one JS function object for `func` (created on first use). */
export function exportedFunction(store: Store, func: FuncInstance): ExportedFunction {
  const known = functionObjectByInstance.get(func);
  if (known !== undefined) return known;
  const fn: ExportedFunction = function (...args: unknown[]): unknown {
    return callFromJs(store, func, args);
  };
  // The JS API names an exported function after its index and gives it the parameter count as length.
  const name = func.kind === 0 ? String(func.funcIndex) : "0";
  Object.defineProperty(fn, "name", { value: name });
  Object.defineProperty(fn, "length", { value: func.type.params.length });
  functionObjectByInstance.set(func, fn);
  bindingByFunctionObject.set(fn, { func, store });
  return fn;
}

/** Calls a function with JS arguments (missing ones are `undefined`, extra ones ignored) and
 *  returns undefined, one JS value, or an array of them. */
function callFromJs(store: Store, func: FuncInstance, args: readonly unknown[]): unknown {
  const type = func.type;
  const stack = store.stack;
  const base = stack.sp;
  const frameSlots = Math.max(slotCount(type.params), slotCount(type.results));
  if (base + frameSlots > stack.capacitySlots) throw new RuntimeError(Trap.CallStackExhausted);
  if (type.params.includes(V128) || type.results.includes(V128)) throw new TypeError("type incompatibility when transforming from/to JS");
  try {
    // Argument conversion may run user code (valueOf) that calls back into wasm: keep sp above our
    // arguments meanwhile so a nested call cannot overwrite them.
    stack.sp = base + frameSlots;
    let slot = base;
    for (let i = 0; i < type.params.length; i++) {
      writeJsValue(store, stack.i32, slot, type.params[i], args[i]);
      slot += 1;
    }
    stack.sp = base;
    invoke(store, func);
    const results = type.results;
    if (results.length === 0) return undefined;
    if (results.length === 1) return readJsValue(store, stack.i32, base, results[0]);
    const values = new Array<unknown>(results.length);
    for (let i = 0; i < results.length; i++) values[i] = readJsValue(store, stack.i32, base + i, results[i]);
    return values;
  } finally {
    stack.sp = base;
  }
}

/** Wraps a JS function as a host function of the given wasm type (the JS API's "create a host
 *  function"): arguments are converted to JS, results back; a thrown exception propagates. */
export function hostFunctionFromJs(store: Store, type: FuncType, callable: Function): HostFuncInstance {
  const params = type.params;
  const results = type.results;
  const frameSlots = Math.max(slotCount(params), slotCount(results));
  const hasV128 = params.includes(V128) || results.includes(V128);
  const call = (stack: ValueStack, argSlot: number): void => {
    if (hasV128) throw new TypeError("type incompatibility when transforming from/to JS");
    const args = new Array<unknown>(params.length);
    for (let i = 0; i < params.length; i++) args[i] = readJsValue(store, stack.i32, argSlot + i, params[i]);
    // The callee may re-enter wasm: make sure a nested call starts above this call's slots.
    const savedSp = stack.sp;
    if (stack.sp < argSlot + frameSlots) stack.sp = argSlot + frameSlots;
    try {
      const returned: unknown = Reflect.apply(callable, undefined, args);
      if (results.length === 1) {
        writeJsValue(store, stack.i32, argSlot, results[0], returned);
      } else if (results.length > 1) {
        if (returned === null || typeof returned !== "object" || !(Symbol.iterator in returned)) {
          throw new TypeError("multi-value host function must return an iterable");
        }
        const values = [...(returned as Iterable<unknown>)];
        if (values.length !== results.length) throw new TypeError(`expected ${results.length} results, got ${values.length}`);
        for (let i = 0; i < results.length; i++) writeJsValue(store, stack.i32, argSlot + i, results[i], values[i]);
      }
    } finally {
      stack.sp = savedSp;
    }
  };
  // Registered for a ref id only when referenced (see instance.ts).
  return { kind: 1, type, typeId: store.typeId(type), refId: 0, call };
}

/** ToJSValue for the value of type `type` in words [2*slot, 2*slot+1] of `words`. */
export function readJsValue(store: Store, words: Int32Array, slot: number, type: ValType): unknown {
  const w = slot * 2;
  switch (type) {
    case I32:
      return words[w];
    case I64:
      return (BigInt(words[w + 1]) << 32n) | BigInt(words[w] >>> 0);
    case F32:
      scratchF32Bits[0] = words[w];
      return scratchF32[0];
    case F64:
      scratchF64Bits[0] = words[w];
      scratchF64Bits[1] = words[w + 1];
      return scratchF64[0];
    case FUNCREF:
      return funcRefToJs(store, words[w]);
    case EXTERNREF:
      return store.idToRef(words[w]);
    default:
      throw new TypeError("type incompatibility when transforming from/to JS");
  }
}

/** ToWebAssemblyValue: writes `value` as type `type` into words [2*slot, 2*slot+1] of `words`.
 *  Throws TypeError where the JS API does (a BigInt for a number type, a number for i64, a
 *  non-function for funcref, anything for v128). */
export function writeJsValue(store: Store, words: Int32Array, slot: number, type: ValType, value: unknown): void {
  const w = slot * 2;
  switch (type) {
    case I32:
      words[w] = toNumber(value) | 0;
      words[w + 1] = 0;
      return;
    case I64: {
      const big = BigInt.asIntN(64, toBigInt(value));
      words[w] = Number(BigInt.asIntN(32, big));
      words[w + 1] = Number(big >> 32n);
      return;
    }
    case F32:
      scratchF32[0] = toNumber(value);
      words[w] = scratchF32Bits[0];
      words[w + 1] = 0;
      return;
    case F64:
      scratchF64[0] = toNumber(value);
      words[w] = scratchF64Bits[0];
      words[w + 1] = scratchF64Bits[1];
      return;
    case FUNCREF:
      words[w] = funcRefFromJs(store, value);
      words[w + 1] = 0;
      return;
    case EXTERNREF:
      words[w] = store.refToId(value);
      words[w + 1] = 0;
      return;
    default:
      throw new TypeError("type incompatibility when transforming from/to JS");
  }
}

export function funcRefToJs(store: Store, id: number): unknown {
  if (id === 0) return null;
  const target = store.idToRef(id);
  if (target === null || typeof target !== "object") throw new TypeError(`ref id ${id} is not a function reference`);
  return exportedFunction(store, target as FuncInstance);
}

/** A funcref from JS: null, or an exported function of this store. */
export function funcRefFromJs(store: Store, value: unknown): number {
  if (value === null) return 0;
  const binding = funcInstanceOf(value);
  if (binding === undefined) throw new TypeError("funcref value must be null or an exported WebAssembly function");
  if (binding.store !== store) throw new TypeError("funcref value belongs to another engine store");
  return store.registerFunc(binding.func);
}

/** ECMAScript ToNumber: throws TypeError for BigInt and Symbol (unary plus does exactly that). */
function toNumber(value: unknown): number {
  return +(value as number);
}

/** ECMAScript ToBigInt: numbers, undefined, null and symbols are a TypeError; strings parse. */
function toBigInt(value: unknown): bigint {
  let primitive = value;
  if (primitive !== null && (typeof primitive === "object" || typeof primitive === "function")) {
    primitive = toPrimitiveNumberHint(primitive);
  }
  switch (typeof primitive) {
    case "bigint":
      return primitive;
    case "boolean":
      return primitive ? 1n : 0n;
    case "string":
      return BigInt(primitive);
    default:
      throw new TypeError(`Cannot convert ${String(primitive)} to a BigInt`);
  }
}

function toPrimitiveNumberHint(value: object): unknown {
  const exotic = (value as { [Symbol.toPrimitive]?: unknown })[Symbol.toPrimitive];
  if (typeof exotic === "function") return Reflect.apply(exotic, value, ["number"]);
  for (const method of ["valueOf", "toString"] as const) {
    const fn = (value as Record<string, unknown>)[method];
    if (typeof fn === "function") {
      const result: unknown = Reflect.apply(fn, value, []);
      if (result === null || (typeof result !== "object" && typeof result !== "function")) return result;
    }
  }
  throw new TypeError("Cannot convert object to primitive value");
}
