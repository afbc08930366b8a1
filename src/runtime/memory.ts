// `Memory`: the JS-API face of a linear memory instance. One wrapper per MemoryInstance, so a
// memory exported twice, or imported and re-exported, is the same object.

import { MAX_MEMORY_PAGES } from "../core/index.ts";
import { MemoryInstance } from "../exec/index.ts";
import { enforceRangeU32, requireObject } from "./descriptor.ts";

export interface MemoryDescriptor {
  readonly initial: number;
  readonly maximum?: number;
}

const wrapperByInstance = new WeakMap<MemoryInstance, Memory>();
const instanceByWrapper = new WeakMap<Memory, MemoryInstance>();

export class Memory {
  constructor(descriptor: MemoryDescriptor) {
    const context = "Memory()";
    const object = requireObject(descriptor, context);
    const initial = enforceRangeU32(object, "initial", context, true) ?? 0;
    const maximum = enforceRangeU32(object, "maximum", context, false);
    if (initial > MAX_MEMORY_PAGES) throw new RangeError(`${context}: initial ${initial} is above the upper bound ${MAX_MEMORY_PAGES}`);
    if (maximum !== undefined && maximum > MAX_MEMORY_PAGES) throw new RangeError(`${context}: maximum ${maximum} is above the upper bound ${MAX_MEMORY_PAGES}`);
    if (maximum !== undefined && maximum < initial) throw new RangeError(`${context}: maximum ${maximum} is below initial ${initial}`);
    const instance = new MemoryInstance(initial, maximum);
    wrapperByInstance.set(instance, this);
    instanceByWrapper.set(this, instance);
  }

  /** The wrapper of an existing memory instance (created on first use). */
  static wrap(instance: MemoryInstance): Memory {
    let memory = wrapperByInstance.get(instance);
    if (memory === undefined) {
      memory = Object.create(Memory.prototype) as Memory;
      wrapperByInstance.set(instance, memory);
      instanceByWrapper.set(memory, instance);
    }
    return memory;
  }

  get buffer(): ArrayBuffer {
    return memoryInstanceOf(this).buffer;
  }

  /** Grows by `delta` pages; returns the old size in pages. RangeError when it cannot grow. */
  grow(delta: number): number {
    const pages = enforceRangeU32({ delta }, "delta", "Memory.grow()", true) ?? 0;
    const old = memoryInstanceOf(this).grow(pages);
    if (old < 0) throw new RangeError("Memory.grow(): maximum memory size exceeded");
    return old;
  }
}

export function memoryInstanceOf(memory: Memory): MemoryInstance {
  const instance = instanceByWrapper.get(memory);
  if (instance === undefined) throw new TypeError("not a Memory object");
  return instance;
}

export function isMemory(value: unknown): value is Memory {
  return typeof value === "object" && value !== null && instanceByWrapper.has(value as Memory);
}
