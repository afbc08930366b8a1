// One error hierarchy for every phase, mirroring the WebAssembly JS API, with trap wording from the spec.

export class CompileError extends Error {
  /** Byte offset in the module where the problem was found, when known. */
  readonly offset: number | undefined;
  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte 0x${offset.toString(16)})`);
    this.name = "CompileError";
    this.offset = offset;
    /** The spec's wording alone, without the position. */
    this.reason = message;
  }
  readonly reason: string;
}

export class LinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LinkError";
  }
}

/** Trap kinds, worded as the spec's reference interpreter words them (the .wast suite matches on these). */
export const Trap = {
  Unreachable: "unreachable",
  IntegerDivideByZero: "integer divide by zero",
  IntegerOverflow: "integer overflow",
  InvalidConversionToInteger: "invalid conversion to integer",
  OutOfBoundsMemoryAccess: "out of bounds memory access",
  OutOfBoundsTableAccess: "out of bounds table access",
  IndirectCallTypeMismatch: "indirect call type mismatch",
  UndefinedElement: "undefined element",
  UninitializedElement: "uninitialized element",
  CallStackExhausted: "call stack exhausted",
  ValueStackExhausted: "call stack exhausted",
  HostError: "host function error",
} as const;
export type TrapKind = (typeof Trap)[keyof typeof Trap];

export class RuntimeError extends Error {
  readonly trap: TrapKind;
  constructor(trap: TrapKind, detail?: string) {
    super(detail === undefined ? trap : `${trap}: ${detail}`);
    this.name = "RuntimeError";
    this.trap = trap;
  }
}

export class OutOfGas extends Error {
  readonly gasUsed: number;
  readonly gasLimit: number;
  constructor(gasUsed: number, gasLimit: number) {
    super(`out of gas: used ${gasUsed} of limit ${gasLimit}`);
    this.name = "OutOfGas";
    this.gasUsed = gasUsed;
    this.gasLimit = gasLimit;
  }
}

export class InstructionLimitExceeded extends Error {
  readonly instructions: number;
  constructor(instructions: number) {
    super(`instruction limit exceeded after ${instructions} instructions`);
    this.name = "InstructionLimitExceeded";
    this.instructions = instructions;
  }
}

/** An engine resource limit (module size, function count, locals, …) was exceeded. */
export class LimitExceeded extends CompileError {
  readonly limit: string;
  constructor(limit: string, message: string, offset?: number) {
    super(message, offset);
    this.name = "LimitExceeded";
    this.limit = limit;
  }
}
