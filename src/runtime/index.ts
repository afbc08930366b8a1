// runtime/: the engine as embedders see it, shaped like the WebAssembly JS API. Module (decode,
// validate eagerly, lower once), Instance (spec-exact instantiation and linking), Memory/Table/Global
// wrappers shared by reference and identity, JS <-> wasm value conversion, exact-bit invoke for
// embedders, and the engine options. Every object lives in one Store per engine configuration (see
// engine-options.ts for why).
export { resolveFeatures, storeFor } from "./engine-options.ts";
export type { EngineOptions, EngineLimits } from "./engine-options.ts";
export { Module, moduleRecordOf } from "./module.ts";
export type { BufferSource, ModuleImportDescriptor, ModuleExportDescriptor, ExternKindName } from "./module.ts";
export { Instance, createHostFunction, invokeExact } from "./instance.ts";
export type { Imports, ExportValue } from "./instance.ts";
export { Memory } from "./memory.ts";
export type { MemoryDescriptor } from "./memory.ts";
export { Table } from "./table.ts";
export type { TableDescriptor } from "./table.ts";
export { Global } from "./global.ts";
export type { GlobalDescriptor } from "./global.ts";
export type { WasmValue } from "./wasm-value.ts";
export type { ExportedFunction } from "./js-values.ts";
export { validate, validateOrThrow, compile, instantiate } from "./api.ts";
