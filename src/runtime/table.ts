// `Table`: the JS-API face of a table instance. Elements are ref ids of the engine Store, so a
// table belongs to one Store; one wrapper per TableInstance keeps identity across exports.

import { EXTERNREF, FUNCREF } from "../core/index.ts";
import type { RefType } from "../core/index.ts";
import { TableInstance } from "../exec/index.ts";
import type { Store } from "../exec/index.ts";
import { enforceRangeU32, requireObject } from "./descriptor.ts";
import { storeFor } from "./engine-options.ts";
import type { EngineOptions } from "./engine-options.ts";
import { readJsValue, writeJsValue } from "./js-values.ts";

export interface TableDescriptor {
  readonly element: "anyfunc" | "funcref" | "externref";
  readonly initial: number;
  readonly maximum?: number;
}

/** The largest table the JS API lets V8 create; the same bound keeps our element arrays sane. */
export const MAX_TABLE_INITIAL = 10_000_000;

interface TableBinding {
  readonly instance: TableInstance;
  readonly store: Store;
}

const wrapperByInstance = new WeakMap<TableInstance, Table>();
const bindingByWrapper = new WeakMap<Table, TableBinding>();
const words = new Int32Array(2);

export function refTypeFromName(name: unknown, context: string): RefType {
  if (name === "anyfunc" || name === "funcref") return FUNCREF;
  if (name === "externref") return EXTERNREF;
  throw new TypeError(`${context}: element must be a WebAssembly reference type`);
}

/** The JS API's DefaultValue for a table element: null for funcref, undefined for externref. */
function defaultElement(elemType: RefType): unknown {
  return elemType === FUNCREF ? null : undefined;
}

export class Table {
  constructor(descriptor: TableDescriptor, value?: unknown, options?: EngineOptions) {
    const context = "Table()";
    const object = requireObject(descriptor, context);
    const elemType = refTypeFromName((object as Record<string, unknown>).element, context);
    const initial = enforceRangeU32(object, "initial", context, true) ?? 0;
    const maximum = enforceRangeU32(object, "maximum", context, false);
    if (initial > MAX_TABLE_INITIAL) throw new RangeError(`${context}: initial ${initial} is above the upper bound ${MAX_TABLE_INITIAL}`);
    if (maximum !== undefined && maximum < initial) throw new RangeError(`${context}: maximum ${maximum} is below initial ${initial}`);
    const store = storeFor(options);
    const initRef = toRefId(store, elemType, value === undefined ? defaultElement(elemType) : value);
    const instance = new TableInstance(elemType, initial, maximum, initRef);
    wrapperByInstance.set(instance, this);
    bindingByWrapper.set(this, { instance, store });
  }

  static wrap(instance: TableInstance, store: Store): Table {
    let table = wrapperByInstance.get(instance);
    if (table === undefined) {
      table = Object.create(Table.prototype) as Table;
      wrapperByInstance.set(instance, table);
      bindingByWrapper.set(table, { instance, store });
    }
    return table;
  }

  get length(): number {
    return tableBindingOf(this).instance.elements.length;
  }

  get(index: number): unknown {
    const { instance, store } = tableBindingOf(this);
    const i = enforceRangeU32({ index }, "index", "Table.get()", true) ?? 0;
    if (i >= instance.elements.length) throw new RangeError(`Table.get(): invalid index ${i}`);
    words[0] = instance.elements[i];
    return readJsValue(store, words, 0, instance.elemType);
  }

  set(index: number, value?: unknown): void {
    const { instance, store } = tableBindingOf(this);
    const i = enforceRangeU32({ index }, "index", "Table.set()", true) ?? 0;
    if (i >= instance.elements.length) throw new RangeError(`Table.set(): invalid index ${i}`);
    instance.elements[i] = toRefId(store, instance.elemType, value === undefined ? defaultElement(instance.elemType) : value);
  }

  /** Grows by `delta` elements filled with `value`; returns the old length. RangeError on failure. */
  grow(delta: number, value?: unknown): number {
    const { instance, store } = tableBindingOf(this);
    const count = enforceRangeU32({ delta }, "delta", "Table.grow()", true) ?? 0;
    const initRef = toRefId(store, instance.elemType, value === undefined ? defaultElement(instance.elemType) : value);
    const old = instance.grow(count, initRef);
    if (old < 0) throw new RangeError(`Table.grow(): failed to grow table by ${count}`);
    return old;
  }
}

function toRefId(store: Store, elemType: RefType, value: unknown): number {
  writeJsValue(store, words, 0, elemType, value);
  return words[0];
}

export function tableBindingOf(table: Table): TableBinding {
  const binding = bindingByWrapper.get(table);
  if (binding === undefined) throw new TypeError("not a Table object");
  return binding;
}

export function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && bindingByWrapper.has(value as Table);
}
