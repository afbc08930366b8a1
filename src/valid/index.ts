// valid/: the spec's validation algorithm for Wasm 2.0. Module-level checks (types, limits,
// constant expressions, segments, start, exports) and, per function body, the appendix algorithm
// with typed-array operand and control stacks and unreachable (bottom-type) polymorphism. Errors
// are CompileError with the spec's wording and the offending instruction's byte offset. Validation
// produces no side tables: compile/ does its own type tracking over an already-valid body.
export { validateModule, validateFunction, createFunctionValidationContext, declaredFuncRefs } from "./validate-module.ts";
export { FunctionValidator, type FunctionValidationContext } from "./function-validator.ts";
// decodeModule + validateModule with one walk over the code instead of two (same errors).
export { decodeAndValidateModule } from "./decode-and-validate.ts";
