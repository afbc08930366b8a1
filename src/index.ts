// xwasm's public entry: the WebAssembly-JS-API-shaped runtime (validate, compile, instantiate,
// Module, Instance, Memory, Table, Global), the embedder's exact-bit API (Instance.invoke /
// getGlobal with WasmValue), the error types, the spec suite's `spectest` host module and the
// contract API. Code written for `WebAssembly.*` runs by changing one import. spec-tests/ and bench/
// import only this file.
export { CompileError, LinkError, RuntimeError, OutOfGas, InstructionLimitExceeded, LimitExceeded, Trap } from "./core/index.ts";
export type { TrapKind, Features } from "./core/index.ts";
export { validate, validateOrThrow, compile, instantiate, Module, Instance, Memory, Table, Global, createHostFunction } from "./runtime/index.ts";
export type {
  EngineOptions, EngineLimits, Imports, WasmValue, BufferSource, ExportValue, ExportedFunction,
  ModuleImportDescriptor, ModuleExportDescriptor, MemoryDescriptor, TableDescriptor, GlobalDescriptor,
} from "./runtime/index.ts";
export { Engine, HostCaller } from "./runtime/index.ts";
export type { ExecutionStats, HostFunctionOptions } from "./runtime/index.ts";
export { formatProfile } from "./runtime/index.ts";
export type { ExecutionProfile, FunctionProfile, ClassProfile } from "./runtime/index.ts";
export { DEFAULT_GAS_SCHEDULE, COST_CLASSES, costClassOf, opcodeCosts } from "./gas/index.ts";
export type { GasSchedule, CostClass } from "./gas/index.ts";
export { precompile, loadPrecompiled, lowerFlavorFor, isArtifact, artifactInfo, ArtifactError, snapshotInstance, restoreInstance, ModuleCache } from "./runtime/index.ts";
export type { ArtifactOptions, ArtifactInfo, InstanceSnapshot, SnapshotOptions, ModuleCacheOptions, ModuleCacheStats } from "./runtime/index.ts";
export { spectest, createSpectest } from "./host/index.ts";
export type { SpectestOptions } from "./host/index.ts";
export * from "./contract/index.ts";
