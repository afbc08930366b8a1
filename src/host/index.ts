// host/: host modules that instances import: `spectest` (the spec suite's), `xq` (the chain's
// functions, over an abstract environment that contract/ implements) and `gas` (for pre-instrumented
// contracts). Built on the public runtime objects.
export { createSpectest, spectest } from "./spectest.ts";
export type { SpectestOptions } from "./spectest.ts";
export * from "./xq/index.ts";
export { GAS_FUNCTION_TYPE, gasFunction } from "./gas.ts";
