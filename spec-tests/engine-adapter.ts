// The engine adapter: the one interface the script runner drives, so the same runner runs xwasm and V8
// (the spec reference interpreter's script runner is generic over its engine the same way).

/** A value with exact bits: the same shape as the public API's WasmValue (src/index.ts). */
export type WasmValue =
  | { type: "i32"; value: number }
  | { type: "i64"; value: bigint }
  | { type: "f32"; bits: number }
  | { type: "f64"; bits: bigint }
  | { type: "v128"; bytes: Uint8Array }
  | { type: "funcref"; value: unknown }
  | { type: "externref"; value: unknown };

export type Imports = Record<string, Record<string, unknown>>;

/** How a thrown error reads to the runner. `pending` = the engine cannot do this yet (not a failure). */
export type ErrorClass = "compile" | "link" | "trap" | "exhaustion" | "pending" | "other";

/** Thrown by an adapter (or mapped from an engine's "not implemented") when a capability is missing. */
export class PendingError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "PendingError";
  }
}

export interface EngineAdapter {
  readonly name: string;
  /** Decodes and validates; returns a compiled-module handle; throws a compile-class error. */
  compile(bytes: Uint8Array): unknown;
  /** The module names the compiled module imports from (to pass `{}` for unknown ones, so a missing import is a LinkError). */
  importModules(module: unknown): string[];
  /** Instantiates; throws link- or trap-class errors. Returns an instance handle. */
  instantiate(module: unknown, imports: Imports): unknown;
  /** The instance's exports object in JS-API shape (what another module imports after `register`). */
  exportsOf(instance: unknown): Record<string, unknown>;
  invoke(instance: unknown, name: string, args: readonly WasmValue[]): WasmValue[];
  getGlobal(instance: unknown, name: string): WasmValue;
  /** The `spectest` host module, or undefined when the engine has none yet. Called once per script (a fresh one where the engine can). */
  spectest(): Record<string, unknown> | undefined;
  classify(error: unknown): ErrorClass;
  /** Whether a trap error matches the script's expected message (V8's wording differs: its adapter accepts any trap). */
  trapMatches(error: unknown, expected: string): boolean;
  /** Whether a compile error's message matches the script's expected text (only used with --strict-messages). */
  compileMessageMatches(error: unknown, expected: string): boolean;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

const NOT_IMPLEMENTED = /not (yet )?implemented|unimplemented/i;

/**
 * An engine's own "not implemented" error (whatever its class: the interpreter reports a missing
 * opcode as a RuntimeError) is a missing capability, not a wrong answer — and must not pass an
 * assert_trap that expects "unreachable". No spec wording contains these words.
 */
export function looksNotImplemented(error: unknown): boolean {
  return error instanceof PendingError || (error instanceof Error && NOT_IMPLEMENTED.test(error.message));
}
