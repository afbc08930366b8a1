// Run-time instances of functions and modules as the interpreter sees them. runtime/ builds these;
// exec/ only reads them (and the mutable parts: tables, memories, globals, dropped segments).

import type { FuncType } from "../core/index.ts";
import type { CompiledFunction } from "../compile/index.ts";
import type { GlobalInstance } from "./global-instance.ts";
import type { MemoryInstance } from "./memory-instance.ts";
import type { Store } from "./store.ts";
import type { TableInstance } from "./table-instance.ts";
import type { ValueStack } from "./value-stack.ts";

export interface WasmFuncInstance {
  readonly kind: 0;
  readonly type: FuncType;
  readonly typeId: number;
  refId: number;
  readonly module: ModuleInstance;
  readonly funcIndex: number;
  readonly code: CompiledFunction;
}

export interface HostFuncInstance {
  readonly kind: 1;
  readonly type: FuncType;
  readonly typeId: number;
  refId: number;
  /** Args are in slots [argSlot, argSlot + n) of `stack` (v128 = 2 slots); write results starting at
   *  argSlot. May re-enter `invoke`. Throw RuntimeError to trap. */
  readonly call: (stack: ValueStack, argSlot: number) => void;
}

export type FuncInstance = WasmFuncInstance | HostFuncInstance;

export interface ModuleInstance {
  readonly store: Store;
  readonly types: readonly FuncType[];
  readonly typeIds: readonly number[];
  readonly funcs: FuncInstance[];
  readonly tables: TableInstance[];
  readonly memories: MemoryInstance[];
  readonly globals: GlobalInstance[];
  /** Ref ids; null once dropped. */
  readonly elemSegments: (number[] | null)[];
  /** null once dropped. */
  readonly dataSegments: (Uint8Array | null)[];
}
