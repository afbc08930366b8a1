// contract/: running a contract call and what surrounds it: the outcome vocabulary (`WasmError`
// codes, host return codes, `WasmResult` and its CLI JSON), journaled state over a `StateStore`
// (in memory or on LevelDB), the gas account every charge goes through, the owner registry,
// `execute` (context in → WasmResult out, nested calls, journaled writes) and `deploy`.
export * from "./result.ts";
export * from "./state.ts";
export * from "./level-state.ts";
export * from "./gas-account.ts";
export * from "./registry.ts";
export * from "./execute.ts";
export * from "./snapshot.ts";
// The xq host module, for embedders that run contracts over their own environment.
export { XqHost } from "../host/index.ts";
export type { XqEnvironment, XqOutcome, MemoryLike, XqHostOptions } from "../host/index.ts";
export type { CallReport } from "./monitor.ts";
