// compile/: lowers each validated function body to compact internal code (an Int32Array of opcode
// then immediates) with branch targets resolved to pcs and stack adjustments computed, so the
// interpreter never scans, re-decodes or searches at run time. Common operand patterns are fused into
// superinstructions; a basic-block side table (blockPcs/blockCounts/opcodes/opPcs) serves metering.
export type { CompiledFunction, CompiledModule, CompileOptions } from "./compiled-function.ts";
export { compileModule, compileFunction, lowerAllPending, lowerPending } from "./lower.ts";
export * from "./internal-opcodes.ts";
