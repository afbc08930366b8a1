// exec/: the interpreter. One hot dispatch loop over compile/'s internal code, the value stack and
// frame stack in typed arrays, linear memories, tables, globals and the Store that ties them
// together. Wasm→wasm calls never recurse in JS; traps throw RuntimeError and reset the stacks.
export { ValueStack } from "./value-stack.ts";
export { MemoryInstance } from "./memory-instance.ts";
export { TableInstance } from "./table-instance.ts";
export { GlobalInstance } from "./global-instance.ts";
export { Store, DEFAULT_MAX_CALL_DEPTH, DEFAULT_VALUE_STACK_SLOTS } from "./store.ts";
export type { FuncInstance, WasmFuncInstance, HostFuncInstance, ModuleInstance } from "./instances.ts";
export { invoke } from "./invoke.ts";
export { chargeDynamic as chargeGas, outOfGas } from "./interpreter-cold.ts";
export { ProfileRecorder } from "./profile-recorder.ts";
