// contract/: running a contract call and what surrounds it: the outcome vocabulary (`WasmError`
// codes, host return codes, `WasmResult` and its CLI JSON), journaled state over a `StateStore`
// (in memory or on LevelDB). Execution itself (context in → WasmResult out) joins once the
// runtime is in place; nothing here imports runtime/ yet.
export * from "./result.ts";
export * from "./state.ts";
export * from "./level-state.ts";
