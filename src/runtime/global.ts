// `Global`: the JS-API face of a global instance. Mutable globals are shared by reference between
// instances (and with JS); one wrapper per GlobalInstance keeps identity across exports.

import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128 } from "../core/index.ts";
import type { ValType } from "../core/index.ts";
import { GlobalInstance } from "../exec/index.ts";
import type { Store } from "../exec/index.ts";
import { requireObject } from "./descriptor.ts";
import { storeFor } from "./engine-options.ts";
import type { EngineOptions } from "./engine-options.ts";
import { readJsValue, writeJsValue } from "./js-values.ts";

export interface GlobalDescriptor {
  readonly value: "i32" | "i64" | "f32" | "f64" | "anyfunc" | "funcref" | "externref" | "v128";
  readonly mutable?: boolean;
}

interface GlobalBinding {
  readonly instance: GlobalInstance;
  readonly store: Store;
}

const wrapperByInstance = new WeakMap<GlobalInstance, Global>();
const bindingByWrapper = new WeakMap<Global, GlobalBinding>();

function valTypeFromName(name: unknown): ValType {
  switch (name) {
    case "i32": return I32;
    case "i64": return I64;
    case "f32": return F32;
    case "f64": return F64;
    case "anyfunc":
    case "funcref": return FUNCREF;
    case "externref": return EXTERNREF;
    default: throw new TypeError("Global(): descriptor property 'value' must be a WebAssembly type");
  }
}

/** What V8 stores when no initial value is given: zero of the type, null for references. */
function defaultValue(type: ValType): unknown {
  return type === I64 ? 0n : type === FUNCREF || type === EXTERNREF ? null : 0;
}

export class Global {
  constructor(descriptor: GlobalDescriptor, value?: unknown, options?: EngineOptions) {
    const object = requireObject(descriptor, "Global()") as Record<string, unknown>;
    const mutable = Boolean(object.mutable);
    // v128 globals cannot be created from JS (the JS API has no v128 value).
    const valType = valTypeFromName(object.value);
    const store = storeFor(options);
    const instance = new GlobalInstance({ valType, mutable });
    // As V8: for number types undefined means "no value" (zero); for references only a missing
    // argument does (null), while an explicit undefined is converted (a real externref value).
    const isRef = valType === FUNCREF || valType === EXTERNREF;
    const missing = isRef ? arguments.length < 2 : value === undefined;
    writeJsValue(store, instance.cell, 0, valType, missing ? defaultValue(valType) : value);
    wrapperByInstance.set(instance, this);
    bindingByWrapper.set(this, { instance, store });
  }

  static wrap(instance: GlobalInstance, store: Store): Global {
    let global = wrapperByInstance.get(instance);
    if (global === undefined) {
      global = Object.create(Global.prototype) as Global;
      wrapperByInstance.set(instance, global);
      bindingByWrapper.set(global, { instance, store });
    }
    return global;
  }

  get value(): unknown {
    const { instance, store } = globalBindingOf(this);
    if (instance.type.valType === V128) throw new TypeError("Global.value: a v128 global has no JS value");
    return readJsValue(store, instance.cell, 0, instance.type.valType);
  }

  set value(value: unknown) {
    const { instance, store } = globalBindingOf(this);
    if (!instance.type.mutable) throw new TypeError("Global.value: can't set the value of an immutable global");
    if (instance.type.valType === V128) throw new TypeError("Global.value: a v128 global has no JS value");
    writeJsValue(store, instance.cell, 0, instance.type.valType, value);
  }

  valueOf(): unknown {
    return this.value;
  }
}

export function globalBindingOf(global: Global): GlobalBinding {
  const binding = bindingByWrapper.get(global);
  if (binding === undefined) throw new TypeError("not a Global object");
  return binding;
}

export function isGlobal(value: unknown): value is Global {
  return typeof value === "object" && value !== null && bindingByWrapper.has(value as Global);
}
