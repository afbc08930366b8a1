// runtime/: the engine as embedders see it, shaped like the WebAssembly JS API. Module (decode,
// validate eagerly, lower once), Instance (spec-exact instantiation and linking), Memory/Table/Global
// wrappers shared by reference and identity, JS <-> wasm value conversion, exact-bit invoke for
// embedders, and the engine options. Every object lives in one Store per engine configuration (see
// engine-options.ts for why).
//
// Metering (issue 4; README "Gas"): `instantiate(bytes, imports, { gasLimit, instructionLimit, meter,
// deterministic, gasSchedule, limits })`. For host code that must charge gas and share a budget:
//
//   const engine = new Engine({ gasLimit: 1_000_000, deterministic: true });   // one Store, one budget
//   const log = createHostFunction({ params: [I32, I32], results: [] }, (caller: HostCaller, ptr: number, len: number) => {
//     caller.chargeHostCall(len);            // hostCallBase + hostCallPerByte × len; throws OutOfGas — charge BEFORE acting
//     const bytes = new Uint8Array(caller.memory!.buffer, ptr, len);   // memory 0 of the calling instance
//   }, engine.with({ withCaller: true }));
//   const { instance } = await instantiate(bytes, { env: { log } }, engine.with());
//   // a cross-contract call: instantiate the callee into the same store (shared gas and counters)
//   const callee = new Instance(calleeModule, imports, engine.with());
//   engine.stats / instance.stats → { gasUsed, instructions, maxCallDepth, maxMemoryPages, hostCalls };
//   engine.addGas(n) / instance.addGas(n) between calls; engine.setGasLeft(n).
// OutOfGas / InstructionLimitExceeded propagate out of the wasm call like traps; the store's budget is
// then spent (gasUsed == gasLimit) until gas is added.
export { resolveFeatures, storeFor } from "./engine-options.ts";
export type { EngineOptions, EngineLimits, MeteredEngineHandle } from "./engine-options.ts";
export { Module, moduleRecordOf } from "./module.ts";
export type { BufferSource, ModuleImportDescriptor, ModuleExportDescriptor, ExternKindName } from "./module.ts";
export { Instance, createHostFunction, invokeExact, HostCaller } from "./instance.ts";
export type { HostFunctionOptions } from "./instance.ts";
export { Engine, statsOf } from "./engine.ts";
export type { ExecutionStats } from "./engine.ts";
export { formatProfile } from "./profile.ts";
export type { ExecutionProfile, FunctionProfile, ClassProfile } from "./profile.ts";
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
export { precompile, loadPrecompiled, lowerFlavorFor, serializeModule, isArtifact, artifactInfo, artifactWasmBytes, artifactIdentity, ArtifactError } from "./artifact.ts";
export type { ArtifactOptions, ArtifactIdentity, ArtifactInfo } from "./artifact.ts";
export { snapshotInstance, restoreInstance } from "./snapshot.ts";
export type { InstanceSnapshot, SnapshotOptions } from "./snapshot.ts";
export { ModuleCache } from "./module-cache.ts";
export type { ModuleCacheOptions, ModuleCacheStats } from "./module-cache.ts";
