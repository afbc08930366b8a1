// What lowering produces for one function: the internal code plus the frame facts the interpreter
// needs and a basic-block side table for metering.

export interface CompiledFunction {
  /** Internal code: an opcode followed by its immediates (see internal-opcodes.ts). */
  readonly code: Int32Array;
  /** Slots taken by the parameters (v128 = 2), at the frame base. */
  readonly paramSlots: number;
  /** Slots of the declared locals after the parameters; zeroed at entry. */
  readonly localSlots: number;
  /** Slots of the results, written at the frame base on return. */
  readonly resultSlots: number;
  /** Highest stack height reached in the frame, in slots, counting params and locals. */
  readonly maxStackSlots: number;
  /** Basic blocks: start pc in `code`, index of the block's first wasm operator in `opcodes`, and
   *  the number of wasm operators in the block. A metering pass charges per block from these. */
  readonly blockPcs: Int32Array;
  readonly blockFirstOp: Int32Array;
  readonly blockCounts: Int32Array;
  /** Every reachable wasm operator (combined opcode) in code order, and the pc of the internal
   *  instruction it lowered to (operators that emit nothing share the next one's pc), so a meter can
   *  tell exactly which operators of a block ran before a trap. */
  readonly opcodes: Int32Array;
  readonly opPcs: Int32Array;
  /** Metered code only: the gas of every operator in `opcodes` (for refunds after a trap), the meter
   *  kind it was lowered for, and (block mode) the same function lowered for the reference meter,
   *  which runs the last, partly payable block one operator at a time. */
  readonly opGas: Int32Array;
  readonly meter: "block" | "reference" | undefined;
  reference: CompiledFunction | undefined;
}

export interface CompiledModule {
  /** One per defined function, in order. */
  readonly functions: CompiledFunction[];
}

export interface CompileOptions {
  /** Metering: "block" emits one CHARGE (gas, instruction count) at each basic-block start;
   *  "reference" makes every wasm operator its own block (no fusion), i.e. charges per instruction.
   *  Omitted: no charge instructions at all (unmetered). */
  readonly meter?: "block" | "reference";
  /** Gas per combined opcode (gas/opcodeCosts of the schedule); required when `meter` is set. */
  readonly opcodeCosts?: Uint32Array;
  /** Deterministic NaNs: every float instruction that may produce a NaN by arithmetic is followed
   *  by a canonicalizing instruction, so results never depend on the host's NaN propagation. Bit
   *  operations (abs, neg, copysign, reinterpret, loads, stores, consts) are untouched, as the spec
   *  requires. */
  readonly canonicalNaN?: boolean;
  /** Profiling (with `meter` only): every CHARGE becomes a CHARGE_PROFILE, which also records the
   *  block's execution in the store's profile recorder (see exec/profile-recorder.ts). */
  readonly profile?: boolean;
  /** Lazy lowering: each function starts as a stub whose code is the single instruction
   *  LOWER_PENDING (with its real paramSlots/localSlots/resultSlots); the interpreter calls
   *  `lowerPending` when that runs, which lowers the function and fills the same object in place.
   *  A module's functions are then lowered on their first call, as V8 compiles wasm lazily; a module
   *  must be validated first (lowering a valid function cannot fail). Not with `profile`. */
  readonly lazy?: boolean;
}
