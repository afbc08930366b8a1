// core/: the shared vocabulary of every stage: types, the decoded-module record, the opcode table,
// errors with the spec's wording, features and fixed limits. Imports nothing from the project.
export * from "./types.ts";
export * from "./module.ts";
export * from "./errors.ts";
export * from "./opcodes.ts";
export * from "./features.ts";
export * from "./limits.ts";
