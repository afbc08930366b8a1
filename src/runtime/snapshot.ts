// Snapshots of an instance's mutable state, restored exactly: to retry a call from a known state
// or to fork execution. Captured: every memory the instance reaches (bytes and page count), every
// global (raw bits), every table (size and elements), which element and data segments are dropped,
// and — unless `meter: false` — the meter counters of the instance's store (gas and instruction
// budgets, peaks, host-call count), so a restored run reports the same gas as an uninterrupted one.
//
// Imported memories, tables and globals are part of the instance's state and are captured too
// (they are shared: restoring rewinds them for every instance that uses them). Table elements are
// ref ids of the instance's Store, so a snapshot restores into the instance it was taken from.
// Restoring in the middle of a call (from a host function) is refused: frames would point into
// state that no longer exists.

import type { Store, ModuleInstance } from "../exec/index.ts";
import type { Instance } from "./instance.ts";
import { instanceStateOf } from "./instance.ts";

interface MemoryState { readonly pages: number; readonly bytes: Uint8Array }
interface TableState { readonly elements: readonly number[] }

export interface InstanceSnapshot {
  readonly memories: readonly MemoryState[];
  readonly globals: readonly Int32Array[];
  readonly tables: readonly TableState[];
  readonly elemSegments: readonly (number[] | null)[];
  readonly dataSegments: readonly (Uint8Array | null)[];
  /** Numeric meter fields of the store (gasLeft, gasLimit, instructionsLeft, …), or undefined. */
  readonly meter: Readonly<Record<string, number>> | undefined;
}

export interface SnapshotOptions {
  /** Capture (and later restore) the store's gas and instruction counters; default true. */
  readonly meter?: boolean;
}

/** Store fields that are configuration or call state, not meter counters. */
const NOT_METER = new Set(["depth", "maxCallDepth"]);

const ownerBySnapshot = new WeakMap<InstanceSnapshot, Instance>();

function meterFields(store: Store): Record<string, number> {
  // Read by name from the store's own fields so counters the metering work adds are covered too.
  const fields: Record<string, number> = {};
  for (const [key, value] of Object.entries(store)) {
    if (typeof value === "number" && !NOT_METER.has(key)) fields[key] = value;
  }
  return fields;
}

/** Captures the instance's mutable state (copies: later execution does not change the snapshot). */
export function snapshotInstance(instance: Instance, options?: SnapshotOptions): InstanceSnapshot {
  const { store, moduleInstance } = instanceStateOf(instance);
  const snapshot: InstanceSnapshot = {
    memories: moduleInstance.memories.map((memory) => ({ pages: memory.pages, bytes: memory.u8.slice() })),
    globals: moduleInstance.globals.map((global) => global.cell.slice()),
    tables: moduleInstance.tables.map((table) => ({ elements: table.elements.slice() })),
    // Segments are never mutated, only dropped (set to null): sharing the arrays is enough.
    elemSegments: moduleInstance.elemSegments.slice(),
    dataSegments: moduleInstance.dataSegments.slice(),
    meter: options?.meter === false ? undefined : meterFields(store),
  };
  ownerBySnapshot.set(snapshot, instance);
  return snapshot;
}

/** Puts the instance back in the state of `snapshot` (taken from this same instance). */
export function restoreInstance(instance: Instance, snapshot: InstanceSnapshot): void {
  if (ownerBySnapshot.get(snapshot) !== instance) throw new TypeError("restoreInstance: the snapshot was taken from another instance");
  const { store, moduleInstance } = instanceStateOf(instance);
  if (store.depth !== 0) throw new TypeError("restoreInstance: cannot restore while a call is running");
  restoreModuleState(moduleInstance, snapshot);
  if (snapshot.meter !== undefined) {
    const target = store as unknown as Record<string, number>;
    for (const [key, value] of Object.entries(snapshot.meter)) target[key] = value;
  }
}

function restoreModuleState(moduleInstance: ModuleInstance, snapshot: InstanceSnapshot): void {
  snapshot.memories.forEach((state, i) => {
    const memory = moduleInstance.memories[i];
    if (memory.pages === state.pages) {
      memory.u8.set(state.bytes);
    } else {
      // The size changed since the snapshot (memory.grow): a fresh buffer of the old size, as grow
      // itself replaces buffers, so views cached by wrappers are refreshed the same way.
      const buffer = state.bytes.slice().buffer;
      memory.buffer = buffer;
      memory.u8 = new Uint8Array(buffer);
      memory.view = new DataView(buffer);
      memory.pages = state.pages;
    }
  });
  snapshot.globals.forEach((cell, i) => moduleInstance.globals[i].cell.set(cell));
  snapshot.tables.forEach((state, i) => {
    moduleInstance.tables[i].elements = state.elements.slice();
  });
  snapshot.elemSegments.forEach((segment, i) => {
    moduleInstance.elemSegments[i] = segment;
  });
  snapshot.dataSegments.forEach((segment, i) => {
    moduleInstance.dataSegments[i] = segment;
  });
}
