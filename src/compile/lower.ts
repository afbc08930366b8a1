// Lowering: one pass over a validated function body with an OperatorReader. It tracks operand types
// (v128 = 2 slots) and control frames, resolves every branch to a pc plus a (drop, keep) stack
// adjustment, and skips unreachable code entirely. Validation has already happened, so malformed
// typing is not re-checked here.
//
// Fusion (superinstructions, see internal-opcodes.ts) is a peephole over the last two emitted
// instructions since the last block start: local.get / i32.const / i64.const operands fold into the
// operator that consumes them, a following local.set / local.tee / br_if / if folds into the
// operator that produced the value. In addition a local.get that ended up *below* a computed operand
// is removed and read by the consumer directly when no block start and no write to that local lies
// in between (elideDeepLocal). Fusion never crosses a block start, so a per-block "charge" op
// (metering) can be emitted at block starts without interfering.

import { OperatorReader } from "../binary/index.ts";
import { BLOCK_EMPTY, EXTERNREF, F32, F64, FUNCREF, I32, I64, OPINFO_DENSE, V128, opName } from "../core/index.ts";
import type { FuncType, ModuleRecord, ValType } from "../core/index.ts";
import type { CompiledFunction, CompiledModule, CompileOptions } from "./compiled-function.ts";
import {
  OP_BR, OP_BR_DROP, OP_BR_IF, OP_CHARGE, OP_CHARGE_PROFILE, OP_BR_IF_DROP, OP_BR_TABLE, OP_BR_UNLESS, OP_CALL, OP_CALL_INDIRECT, OP_DROP,
  OP_FC_BASE, OP_GLOBAL_GET, OP_GLOBAL_GET_V128, OP_GLOBAL_SET, OP_GLOBAL_SET_V128, OP_LOCAL_GET,
  OP_LOCAL_GET_V128, OP_LOCAL_SET, OP_LOCAL_SET_V128, OP_LOCAL_TEE, OP_LOCAL_TEE_V128, OP_REF_FUNC, OP_REF_IS_NULL,
  OP_REF_NULL, OP_RETURN, OP_SELECT, OP_SELECT_V128, OP_UNREACHABLE, internalOpcode,
  FAM_BR_IF_SS, FAM_LC, FAM_LC_SET, FAM_LL, FAM_LL_SET, FAM_SC, FAM_SL, INVERSE_COMPARE, FUSED_ARITH_COUNT,
  FUSED_I32_BINOPS, OP_BR_IF_L, OP_BR_UNLESS_L, OP_I32_CONST, fusedOpcode, FAM_LC_TEE, FAM_LL_TEE, FAM_SC_SET,
  FAM_SC_TEE, FAM_SL_SET, FAM_SL_TEE, OP_LOAD_L_BASE, OP_LOCAL_COPY, FUSED_I64_BINOPS, FAM64_LL, FAM64_SL,
  FAM64_LL_SET, FAM64_SL_SET, FAM64_SC, FAM64_LC, fusedI64Opcode, OP_CANON_F32, OP_CANON_F64, OP_FD_DET_BASE, storeLLOpcode, storeSLOpcode,
  loadLSetOpcode, FUSED_STORES, FUSED_LOAD_SETS, storeLSOpcode, loadLCOpcode, loadSCOpcode, OP_F64_ADD_SL, OP_F64_ADD_SL_SET, OP_I32_ADD_SC_STORE, OP_BR_IF_ADD_LC_TEE_NE,
} from "./internal-opcodes.ts";

// Peephole window kinds: what the last emitted instructions were, for fusion into superinstructions.
const W_NONE = 0;
const W_LG = 1;        // local.get (one slot): [op, word]
const W_IC = 2;        // i32.const: [op, value]
const W_EQZ = 3;       // i32.eqz: [op]
// Fused arithmetic, in the order of their _set / _tee families below.
const W_ARITH_LL = 4;  // [op, a, b]
const W_ARITH_LC = 5;  // [op, a, c]
const W_ARITH_SL = 6;  // [op, b]
const W_ARITH_SC = 7;  // [op, c]
// Compares, in the order of the branch families (ss, sl, sc, ll, lc).
const W_CMP_SS = 8;
const W_CMP_SL = 9;
const W_CMP_SC = 10;
const W_CMP_LL = 11;
const W_CMP_LC = 12;
// Fused i64 arithmetic results (for local.set fusion).
const W_I64_SL = 13;
const W_I64_LL = 14;
const W_LOAD_L = 15;
const W_F64_ADD_SL = 17; // f64.add_sl b: [op, b]
const W_I64C = 16;     // i64.const: [op, lo, hi]   // <load>_l a offset (index = the wasm load opcode)
/** Index of i32.ne in FUSED_I32_BINOPS. */
const NE_INDEX = FUSED_I32_BINOPS.indexOf(0x47);
const SET_FAMILY_BY_KIND = [-1, -1, -1, -1, FAM_LL_SET, FAM_LC_SET, FAM_SL_SET, FAM_SC_SET];
const TEE_FAMILY_BY_KIND = [-1, -1, -1, -1, FAM_LL_TEE, FAM_LC_TEE, FAM_SL_TEE, FAM_SC_TEE];

/** 1 / 2: the operator yields an f32 / f64 that may be an arithmetic NaN (canonicalized in
 *  deterministic mode); 0 otherwise. */
const NAN_PRODUCER: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (const op of [0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xb6]) table[op] = 1; // f32 ceil…max, demote
  for (const op of [0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xbb]) table[op] = 2; // f64 ceil…max, promote
  return table;
})();

/** For each FUSED_I32_BINOPS index, the index of the operator with the operands swapped
 *  (a ⊕ b = b ⊕' a): itself for commutative ones, the mirrored compare for orderings, -1 otherwise. */
const SWAPPED_OPERANDS: readonly number[] = [
  0, -1, 2, 3, 4, 5, -1, -1, -1, -1, -1, // add sub mul and or xor shl shr_s shr_u rotl rotr
  11, 12, 15, 16, 13, 14, 19, 20, 17, 18, // eq ne lt_s↔gt_s lt_u↔gt_u le_s↔ge_s le_u↔ge_u
];
/** FUSED_I64_BINOPS that are commutative: add mul and or xor. */
const I64_COMMUTATIVE: readonly boolean[] = [true, false, true, true, true, true, false, false, false, false, false];

/** Index in FUSED_I64_BINOPS by wasm opcode, -1 when not fusable. */
const FUSED_I64_INDEX: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  FUSED_I64_BINOPS.forEach((op, i) => { table[op] = i; });
  return table;
})();

/** Index in FUSED_I32_BINOPS by wasm opcode, -1 when not fusable. */
const FUSED_INDEX: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  FUSED_I32_BINOPS.forEach((op, i) => { table[op] = i; });
  return table;
})();

/** Opcodes (low byte; 0x40 memory.grow, 0xfc08 memory.init, 0xfc0a/0b memory.copy/fill, 0xfc0c table.init,
 *  0xfc0e table.copy, 0xfc0f table.grow, 0xfc11 table.fill) whose cost has a dynamic part. */
const DYNAMIC_COST: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (const sub of [0x40, 0x08, 0x0a, 0x0b, 0x0c, 0x0e, 0x0f, 0x11]) table[sub] = 1;
  return table;
})();

const KIND_BLOCK = 0;
const KIND_LOOP = 1;
const KIND_IF = 2;
const KIND_ELSE = 3;
const KIND_FUNC = 4;

interface ControlFrame {
  kind: number;
  /** Slot height below the block's parameters. */
  readonly height: number;
  /** Type-stack length below the block's parameters. */
  readonly typeHeight: number;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly paramSlots: number;
  readonly resultSlots: number;
  /** Loop: the pc branches jump to. */
  readonly startPc: number;
  /** Code positions holding a pc to patch with the frame's end pc. */
  readonly fixups: number[];
  /** `if`: position of BR_UNLESS's pc immediate until `else` or `end` patches it. */
  elseFixup: number;
  unreachable: boolean;
}

function slotsOf(t: number): number {
  return t === V128 ? 2 : 1;
}

function slotsOfAll(types: readonly ValType[]): number {
  let n = 0;
  for (const t of types) n += slotsOf(t);
  return n;
}

const EMPTY: readonly ValType[] = [];
const SINGLE: Record<number, readonly ValType[]> = {
  [I32]: [I32], [I64]: [I64], [F32]: [F32], [F64]: [F64], [V128]: [V128], [FUNCREF]: [FUNCREF], [EXTERNREF]: [EXTERNREF],
};

class CodeBuffer {
  buf = new Int32Array(256);
  len = 0;
  push(x: number): void {
    if (this.len === this.buf.length) {
      const bigger = new Int32Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.len++] = x;
  }
  finish(): Int32Array {
    return this.buf.slice(0, this.len);
  }
}

class FunctionLowerer {
  private readonly code = new CodeBuffer();
  private readonly types: number[] = [];
  private height = 0;
  private maxHeight = 0;
  private readonly frames: ControlFrame[] = [];
  private readonly blockPcs: number[] = [];
  private readonly blockFirstOp: number[] = [];
  private readonly blockCounts: number[] = [];
  private readonly opcodes: number[] = [];
  private readonly opPcs: number[] = [];
  // Peephole window: the last (w1) and the one before (w2) emitted instruction, since the last label.
  private w1Kind = W_NONE;
  private w1Pc = 0;
  private w1Index = 0;
  private w2Kind = W_NONE;
  private w2Pc = 0;
  private tracked = false;
  // Deep-operand elision: for each type-stack entry, the pc of the plain LOCAL_GET that pushed it
  // (-1 otherwise), with the serial of that operator; per local word, the serial of its last write;
  // the serial of the last block start (label, branch or call). Serials count operators and never
  // shift when code does.
  private readonly producerPc: number[] = [];
  private readonly producerSerial: number[] = [];
  private lastWriteSerial = new Int32Array(0);
  private lastBarrierSerial = 0;
  private serial = 0;
  /** The last i32.add_lc_tee: its pc, operator serial and operand-stack entry count after it. */
  private addTeePc = -1;
  private addTeeSerial = -10;
  private addTeeHeight = -1;

  private readonly meter: boolean;
  private readonly perInstruction: boolean;
  private readonly chargeOp: number;
  constructor(private readonly module: ModuleRecord, private readonly canonicalNaN: boolean,
    private readonly meterKind: "block" | "reference" | undefined, private readonly costs: Uint32Array | undefined, profile = false) {
    this.meter = meterKind !== undefined;
    this.chargeOp = profile ? OP_CHARGE_PROFILE : OP_CHARGE;
    this.perInstruction = meterKind === "reference";
    if (this.meter && costs === undefined) throw new Error("lowering: metering needs opcodeCosts");
  }

  private push(t: number): void {
    this.types.push(t);
    this.producerPc.push(-1);
    this.producerSerial.push(-1);
    this.height += slotsOf(t);
    if (this.height > this.maxHeight) this.maxHeight = this.height;
  }

  private pop(): number {
    const t = this.types.pop();
    this.producerPc.pop();
    this.producerSerial.pop();
    if (t === undefined) throw new Error("lowering: operand stack underflow (module not validated?)");
    this.height -= slotsOf(t);
    return t;
  }

  private blockSig(blockType: number): { params: readonly ValType[]; results: readonly ValType[] } {
    if (blockType >= 0) {
      const ft = this.module.types[blockType];
      return { params: ft.params, results: ft.results };
    }
    if (blockType === BLOCK_EMPTY) return { params: EMPTY, results: EMPTY };
    return { params: EMPTY, results: SINGLE[-blockType] };
  }

  private pushFrame(kind: number, params: readonly ValType[], results: readonly ValType[]): ControlFrame {
    const paramSlots = slotsOfAll(params);
    const frame: ControlFrame = {
      kind, height: this.height - paramSlots, typeHeight: this.types.length - params.length, params, results,
      paramSlots, resultSlots: slotsOfAll(results), startPc: this.code.len, fixups: [], elseFixup: -1, unreachable: false,
    };
    this.frames.push(frame);
    return frame;
  }

  /** Resets the operand stack to the frame's base plus `types`. */
  private resetTo(frame: ControlFrame, types: readonly ValType[]): void {
    this.types.length = frame.typeHeight;
    this.producerPc.length = frame.typeHeight;
    this.producerSerial.length = frame.typeHeight;
    this.height = frame.height;
    for (const t of types) this.push(t);
  }

  private noteLocalWrite(word: number, type: number): void {
    this.lastWriteSerial[word] = this.serial;
    if (type === V128) this.lastWriteSerial[word + 2] = this.serial;
  }

  private resetWindow(): void {
    this.w1Kind = W_NONE;
    this.w2Kind = W_NONE;
  }

  /** Records a plainly emitted instruction at `pc` in the window. */
  private track(kind: number, pc: number, index = 0): void {
    this.w2Kind = this.w1Kind;
    this.w2Pc = this.w1Pc;
    this.w1Kind = kind;
    this.w1Pc = pc;
    this.w1Index = index;
    this.tracked = true;
  }

  /** Records a fused instruction at `pc` (what preceded its inputs is not known to be fusable). */
  private setWindow(kind: number, pc: number, index = 0): void {
    this.w2Kind = W_NONE;
    this.w1Kind = kind;
    this.w1Pc = pc;
    this.w1Index = index;
    this.tracked = true;
  }

  /** Drops emitted code back to `pc` (the start of instructions being fused away). */
  private truncate(pc: number): void {
    this.code.len = pc;
    const opPcs = this.opPcs;
    for (let k = opPcs.length - 1; k >= 0 && opPcs[k] > pc; k--) opPcs[k] = pc;
  }

  /**
   * If the operand `depth` entries below the top (0 = top) was pushed by a plain local.get whose
   * instruction can still be removed — no block start since, and no write to that local since —
   * removes it and returns the local's word offset; else returns -1. Removing it is sound because
   * everything emitted after it only addresses the stack relative to sp and never reached below
   * its own pushes (the local's value is still on the stack), so it runs the same one slot lower.
   */
  private elideDeepLocal(depth: number): number {
    const entry = this.types.length - 1 - depth;
    const pc = this.producerPc[entry];
    if (pc < 0 || this.producerSerial[entry] < this.lastBarrierSerial) return -1;
    const code = this.code;
    const word = code.buf[pc + 1];
    if (code.buf[pc] !== OP_LOCAL_GET || this.lastWriteSerial[word] > this.producerSerial[entry]) return -1;
    code.buf.copyWithin(pc, pc + 2, code.len);
    code.len -= 2;
    const opPcs = this.opPcs;
    for (let k = opPcs.length - 1; k >= 0 && opPcs[k] > pc; k--) opPcs[k] -= 2;
    for (let k = this.producerPc.length - 1; k > entry; k--) if (this.producerPc[k] > pc) this.producerPc[k] -= 2;
    this.producerPc[entry] = -1;
    if (this.w1Pc > pc) this.w1Pc -= 2;
    if (this.w2Pc > pc) this.w2Pc -= 2;
    return word;
  }

  /** Emits a fused i32 binary operator if the window allows, else the plain one. */
  private emitI32Binop(op: number, index: number, deepLocal: number): void {
    const code = this.code;
    const isCompare = index >= FUSED_ARITH_COUNT;
    if (this.w1Kind === W_IC && this.w2Kind === W_LG) {
      const a = code.buf[this.w2Pc + 1];
      const c = code.buf[this.w1Pc + 1];
      const at = this.w2Pc;
      this.truncate(at);
      code.push(fusedOpcode(FAM_LC, index)); code.push(a); code.push(c);
      this.setWindow(isCompare ? W_CMP_LC : W_ARITH_LC, at, index);
    } else if (this.w1Kind === W_LG && this.w2Kind === W_LG) {
      const a = code.buf[this.w2Pc + 1];
      const b = code.buf[this.w1Pc + 1];
      const at = this.w2Pc;
      this.truncate(at);
      code.push(fusedOpcode(FAM_LL, index)); code.push(a); code.push(b);
      this.setWindow(isCompare ? W_CMP_LL : W_ARITH_LL, at, index);
    } else if (this.w1Kind === W_LG) {
      const b = code.buf[this.w1Pc + 1];
      const at = this.w1Pc;
      this.truncate(at);
      code.push(fusedOpcode(FAM_SL, index)); code.push(b);
      this.setWindow(isCompare ? W_CMP_SL : W_ARITH_SL, at, index);
    } else if (this.w1Kind === W_IC) {
      const c = code.buf[this.w1Pc + 1];
      const at = this.w1Pc;
      this.truncate(at);
      code.push(fusedOpcode(FAM_SC, index)); code.push(c);
      this.setWindow(isCompare ? W_CMP_SC : W_ARITH_SC, at, index);
    } else if (deepLocal >= 0) {
      // local.get x; <one value>; op  →  <one value>; op_sl x (op commutative, or a compare swapped).
      const at = code.len;
      const swapped = SWAPPED_OPERANDS[index];
      code.push(fusedOpcode(FAM_SL, swapped)); code.push(deepLocal);
      this.setWindow(isCompare ? W_CMP_SL : W_ARITH_SL, at, swapped);
    } else {
      const at = code.len;
      code.push(op);
      this.track(isCompare ? W_CMP_SS : W_NONE, at, index);
    }
  }

  /**
   * Fuses the condition producer just before a conditional jump (br_if with no stack adjustment, or
   * the lowered `if`) into the jump. Emits the opcode and operands, not the target; returns false
   * when nothing fuses.
   */
  private emitFusedCondJump(jumpIfTrue: boolean): boolean {
    const code = this.code;
    const kind = this.w1Kind;
    if (kind === W_CMP_SC && (jumpIfTrue ? this.w1Index : INVERSE_COMPARE[this.w1Index]) === NE_INDEX &&
        this.serial === this.addTeeSerial + 3 && this.lastBarrierSerial < this.addTeeSerial &&
        this.w1Pc === this.addTeePc + 4 && this.types.length === this.addTeeHeight - 1 &&
        code.buf[this.addTeePc] === fusedOpcode(FAM_LC_TEE, 0)) {
      // local.get a; i32.const c; i32.add; local.tee k; i32.const n; i32.ne; br_if — exactly these
      // operators in a row, in one block: the compared value is the one just teed.
      const n = code.buf[this.w1Pc + 1];
      code.buf[this.addTeePc] = OP_BR_IF_ADD_LC_TEE_NE;
      this.truncate(this.w1Pc);
      code.push(n);
      return true;
    }
    if (kind >= W_CMP_SS && kind <= W_CMP_LC) {
      const family = FAM_BR_IF_SS + (kind - W_CMP_SS);
      code.buf[this.w1Pc] = fusedOpcode(family, jumpIfTrue ? this.w1Index : INVERSE_COMPARE[this.w1Index]);
      return true;
    }
    if (kind === W_EQZ) {
      if (this.w2Kind === W_LG) {
        const a = code.buf[this.w2Pc + 1];
        this.truncate(this.w2Pc);
        code.push(jumpIfTrue ? OP_BR_UNLESS_L : OP_BR_IF_L);
        code.push(a);
      } else {
        this.truncate(this.w1Pc);
        code.push(jumpIfTrue ? OP_BR_UNLESS : OP_BR_IF);
      }
      return true;
    }
    if (kind === W_LG) {
      const a = code.buf[this.w1Pc + 1];
      this.truncate(this.w1Pc);
      code.push(jumpIfTrue ? OP_BR_IF_L : OP_BR_UNLESS_L);
      code.push(a);
      return true;
    }
    return false;
  }

  private startBlock(): void {
    this.resetWindow();
    this.lastBarrierSerial = this.serial;
    const n = this.blockPcs.length;
    if (n > 0 && this.blockCounts[n - 1] === 0) {
      // No operator since the last block start, hence no code either: a metered block keeps its
      // charge instruction where it is (the branch targets patched meanwhile point at it).
      if (!this.meter) this.blockPcs[n - 1] = this.code.len;
      return;
    }
    this.blockPcs.push(this.code.len);
    this.blockFirstOp.push(this.opcodes.length);
    this.blockCounts.push(0);
    if (this.meter) {
      // CHARGE gas count, patched once the block is complete (see finishCharges).
      this.code.push(this.chargeOp);
      this.code.push(0);
      this.code.push(0);
    }
  }

  /** Fills each block's CHARGE with the sum of its operators' gas and their number. */
  private finishCharges(opGas: Int32Array): void {
    const buf = this.code.buf;
    for (let b = 0; b < this.blockPcs.length; b++) {
      const first = this.blockFirstOp[b];
      const count = this.blockCounts[b];
      let gas = 0;
      for (let k = first; k < first + count; k++) gas += opGas[k];
      if (gas > 0x7fffffff) throw new Error("lowering: a basic block costs more than 2^31-1 gas under this schedule");
      const at = this.blockPcs[b];
      if (buf[at] !== this.chargeOp) throw new Error("lowering: lost a charge instruction");
      buf[at + 1] = gas;
      buf[at + 2] = count;
    }
  }

  private markUnreachable(): void {
    const frame = this.frames[this.frames.length - 1];
    frame.unreachable = true;
    this.resetTo(frame, EMPTY);
  }

  /** Emits a (conditional) branch to `target` from the current height (condition already popped). */
  private emitBranch(target: ControlFrame, conditional: boolean): void {
    const code = this.code;
    const keep = target.kind === KIND_LOOP ? target.paramSlots : target.resultSlots;
    const drop = this.height - target.height - keep;
    if (drop === 0) {
      code.push(conditional ? OP_BR_IF : OP_BR);
    } else {
      code.push(conditional ? OP_BR_IF_DROP : OP_BR_DROP);
    }
    this.emitTarget(target);
    if (drop !== 0) {
      code.push(drop);
      code.push(keep);
    }
  }

  private emitTarget(target: ControlFrame): void {
    if (target.kind === KIND_LOOP) {
      this.code.push(target.startPc);
    } else {
      target.fixups.push(this.code.len);
      this.code.push(-1);
    }
  }

  lower(type: FuncType, localTypes: readonly ValType[], bytes: Uint8Array, start: number, end: number): CompiledFunction {
    const module = this.module;
    const code = this.code;
    // Offset of each local from the frame base in 32-bit WORDS (two per slot): the interpreter
    // addresses the stack's Int32Array directly, so no scaling at run time.
    const allLocals: ValType[] = [...type.params, ...localTypes];
    const localSlot = new Int32Array(allLocals.length);
    let slot = 0;
    for (let i = 0; i < allLocals.length; i++) {
      localSlot[i] = slot * 2;
      slot += slotsOf(allLocals[i]);
    }
    const paramSlots = slotsOfAll(type.params);
    const localSlots = slot - paramSlots;
    this.lastWriteSerial = new Int32Array(slot * 2 + 2).fill(-1);
    this.height = slot;
    this.maxHeight = slot;
    const funcFrame = this.pushFrame(KIND_FUNC, EMPTY, type.results);
    this.startBlock();

    const reader = new OperatorReader(bytes, start, end);
    let skipDepth = 0;
    while (!reader.atEnd()) {
      const op = reader.next();
      const frame = this.frames[this.frames.length - 1];
      if (frame.unreachable) {
        // Dead code after br/return/unreachable: emit nothing until the frame's own else/end.
        if (op === 0x02 || op === 0x03 || op === 0x04) {
          skipDepth++;
          continue;
        }
        if (op === 0x0b) {
          if (skipDepth > 0) {
            skipDepth--;
            continue;
          }
        } else if (op === 0x05) {
          if (skipDepth > 0) continue;
        } else {
          continue;
        }
      }
      // Reference meter: every operator is a block of its own (its own CHARGE, no fusion across it).
      if (this.perInstruction) this.startBlock();
      this.serial++;
      this.opcodes.push(op);
      this.opPcs.push(code.len);
      this.blockCounts[this.blockCounts.length - 1]++;
      this.tracked = false;
      const fusedIndex = op < 0x100 ? FUSED_INDEX[op] : -1;
      if (fusedIndex >= 0) {
        const deepLocal = this.w1Kind !== W_LG && this.w1Kind !== W_IC && SWAPPED_OPERANDS[fusedIndex] >= 0 ? this.elideDeepLocal(1) : -1;
        this.pop();
        this.pop();
        this.push(I32);
        this.emitI32Binop(op, fusedIndex, deepLocal);
        continue;
      }
      const fused64 = op < 0x100 ? FUSED_I64_INDEX[op] : -1;
      if (fused64 >= 0 && this.w1Kind === W_I64C) {
        this.pop();
        this.pop();
        this.push(I64);
        const lo = code.buf[this.w1Pc + 1];
        const hi = code.buf[this.w1Pc + 2];
        if (this.w2Kind === W_LG) {
          const a = code.buf[this.w2Pc + 1];
          const at = this.w2Pc;
          this.truncate(at);
          code.push(fusedI64Opcode(FAM64_LC, fused64)); code.push(a); code.push(lo); code.push(hi);
          this.setWindow(W_NONE, at);
        } else {
          const at = this.w1Pc;
          this.truncate(at);
          code.push(fusedI64Opcode(FAM64_SC, fused64)); code.push(lo); code.push(hi);
          this.setWindow(W_NONE, at);
        }
        continue;
      }
      if (fused64 >= 0 && this.w1Kind !== W_LG && I64_COMMUTATIVE[fused64]) {
        const deepLocal = this.elideDeepLocal(1);
        if (deepLocal >= 0) {
          this.pop();
          this.pop();
          this.push(I64);
          const at = code.len;
          code.push(fusedI64Opcode(FAM64_SL, fused64)); code.push(deepLocal);
          this.setWindow(W_I64_SL, at, fused64);
          continue;
        }
      }
      if (fused64 >= 0 && this.w1Kind === W_LG) {
        this.pop();
        this.pop();
        this.push(I64);
        const b = code.buf[this.w1Pc + 1];
        if (this.w2Kind === W_LG) {
          const a = code.buf[this.w2Pc + 1];
          const at = this.w2Pc;
          this.truncate(at);
          code.push(fusedI64Opcode(FAM64_LL, fused64)); code.push(a); code.push(b);
          this.setWindow(W_I64_LL, at, fused64);
        } else {
          const at = this.w1Pc;
          this.truncate(at);
          code.push(fusedI64Opcode(FAM64_SL, fused64)); code.push(b);
          this.setWindow(W_I64_SL, at, fused64);
        }
        continue;
      }

      switch (op) {
        case 0x00: // unreachable
          code.push(OP_UNREACHABLE);
          this.markUnreachable();
          this.startBlock();
          break;
        case 0x01: // nop
          break;
        case 0x02: { // block
          const sig = this.blockSig(reader.blockType);
          this.pushFrame(KIND_BLOCK, sig.params, sig.results);
          break;
        }
        case 0x03: { // loop
          const sig = this.blockSig(reader.blockType);
          this.pushFrame(KIND_LOOP, sig.params, sig.results);
          this.startBlock();
          break;
        }
        case 0x04: { // if
          this.pop();
          const sig = this.blockSig(reader.blockType);
          const f = this.pushFrame(KIND_IF, sig.params, sig.results);
          if (!this.emitFusedCondJump(false)) code.push(OP_BR_UNLESS);
          f.elseFixup = code.len;
          code.push(-1);
          this.startBlock();
          break;
        }
        case 0x05: { // else
          if (!frame.unreachable) {
            code.push(OP_BR);
            frame.fixups.push(code.len);
            code.push(-1);
          }
          code.buf[frame.elseFixup] = code.len;
          frame.elseFixup = -1;
          frame.kind = KIND_ELSE;
          frame.unreachable = false;
          this.resetTo(frame, frame.params);
          this.startBlock();
          break;
        }
        case 0x0b: { // end
          if (frame.kind === KIND_FUNC) {
            for (const pos of frame.fixups) code.buf[pos] = code.len;
            code.push(OP_RETURN);
            this.frames.pop();
            break;
          }
          const endPc = code.len;
          for (const pos of frame.fixups) code.buf[pos] = endPc;
          if (frame.elseFixup >= 0) code.buf[frame.elseFixup] = endPc;
          this.frames.pop();
          this.resetTo(frame, frame.results);
          this.startBlock();
          break;
        }
        case 0x0c: { // br
          const target = this.frames[this.frames.length - 1 - reader.index];
          if (target.kind === KIND_FUNC) code.push(OP_RETURN);
          else this.emitBranch(target, false);
          this.markUnreachable();
          this.startBlock();
          break;
        }
        case 0x0d: { // br_if
          this.pop();
          const target = this.frames[this.frames.length - 1 - reader.index];
          const keep = target.kind === KIND_LOOP ? target.paramSlots : target.resultSlots;
          if (this.height - target.height - keep === 0 && this.emitFusedCondJump(true)) this.emitTarget(target);
          else this.emitBranch(target, true);
          this.startBlock();
          break;
        }
        case 0x0e: { // br_table
          this.pop();
          const n = reader.brTargetCount;
          code.push(OP_BR_TABLE);
          code.push(n);
          for (let i = 0; i <= n; i++) {
            const depth = i < n ? reader.brTargets[i] : reader.brDefault;
            const target = this.frames[this.frames.length - 1 - depth];
            const keep = target.kind === KIND_LOOP ? target.paramSlots : target.resultSlots;
            this.emitTarget(target);
            code.push(this.height - target.height - keep);
            code.push(keep);
          }
          this.markUnreachable();
          this.startBlock();
          break;
        }
        case 0x0f: // return
          code.push(OP_RETURN);
          this.markUnreachable();
          this.startBlock();
          break;
        case 0x10: { // call
          const ft = module.types[module.funcTypeIndices[reader.index]];
          for (let i = ft.params.length - 1; i >= 0; i--) this.pop();
          for (const t of ft.results) this.push(t);
          code.push(OP_CALL);
          code.push(reader.index);
          code.push(slotsOfAll(ft.params));
          code.push(slotsOfAll(ft.results));
          this.startBlock();
          break;
        }
        case 0x11: { // call_indirect
          const ft = module.types[reader.index];
          this.pop();
          for (let i = ft.params.length - 1; i >= 0; i--) this.pop();
          for (const t of ft.results) this.push(t);
          code.push(OP_CALL_INDIRECT);
          code.push(reader.index);
          code.push(reader.index2);
          code.push(slotsOfAll(ft.params));
          code.push(slotsOfAll(ft.results));
          this.startBlock();
          break;
        }
        case 0x1a: { // drop
          const t = this.pop();
          code.push(OP_DROP);
          if (t === V128) code.push(OP_DROP);
          break;
        }
        case 0x1b: // select
        case 0x1c: { // select t
          this.pop();
          const t = this.pop();
          this.pop();
          this.push(t);
          code.push(t === V128 ? OP_SELECT_V128 : OP_SELECT);
          break;
        }
        case 0x20: { // local.get
          const t = allLocals[reader.index];
          this.push(t);
          if (t !== V128) {
            this.track(W_LG, code.len);
            this.producerPc[this.producerPc.length - 1] = code.len;
            this.producerSerial[this.producerSerial.length - 1] = this.serial;
          }
          code.push(t === V128 ? OP_LOCAL_GET_V128 : OP_LOCAL_GET);
          code.push(localSlot[reader.index]);
          break;
        }
        case 0x21: { // local.set
          const t = this.pop();
          this.noteLocalWrite(localSlot[reader.index], t);
          if (this.w1Kind >= W_ARITH_LL && this.w1Kind <= W_ARITH_SC) {
            // The value is the fused instruction's result: write it to the local directly.
            code.buf[this.w1Pc] = fusedOpcode(SET_FAMILY_BY_KIND[this.w1Kind], this.w1Index);
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_LOAD_L && FUSED_LOAD_SETS.includes(this.w1Index)) {
            code.buf[this.w1Pc] = loadLSetOpcode(this.w1Index);
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_F64_ADD_SL) {
            code.buf[this.w1Pc] = OP_F64_ADD_SL_SET;
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_I64_LL || this.w1Kind === W_I64_SL) {
            code.buf[this.w1Pc] = fusedI64Opcode(this.w1Kind === W_I64_LL ? FAM64_LL_SET : FAM64_SL_SET, this.w1Index);
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_LG) {
            // local.get a; local.set b  →  local.copy a b
            const from = code.buf[this.w1Pc + 1];
            this.truncate(this.w1Pc);
            code.push(OP_LOCAL_COPY);
            code.push(from);
            code.push(localSlot[reader.index]);
            break;
          }
          code.push(t === V128 ? OP_LOCAL_SET_V128 : OP_LOCAL_SET);
          code.push(localSlot[reader.index]);
          break;
        }
        case 0x22: { // local.tee
          const t = allLocals[reader.index];
          this.noteLocalWrite(localSlot[reader.index], t);
          if (this.w1Kind >= W_ARITH_LL && this.w1Kind <= W_ARITH_SC) {
            code.buf[this.w1Pc] = fusedOpcode(TEE_FAMILY_BY_KIND[this.w1Kind], this.w1Index);
            code.push(localSlot[reader.index]);
            if (this.w1Kind === W_ARITH_LC && this.w1Index === 0) {
              // Candidate for br_if.i32.add_lc_tee_ne (see emitFusedCondJump).
              this.addTeePc = this.w1Pc;
              this.addTeeSerial = this.serial;
              this.addTeeHeight = this.types.length;
            }
            break;
          }
          code.push(t === V128 ? OP_LOCAL_TEE_V128 : OP_LOCAL_TEE);
          code.push(localSlot[reader.index]);
          break;
        }
        case 0x23: { // global.get
          const t = module.allGlobals[reader.index].valType;
          this.push(t);
          code.push(t === V128 ? OP_GLOBAL_GET_V128 : OP_GLOBAL_GET);
          code.push(reader.index);
          break;
        }
        case 0x24: { // global.set
          const t = this.pop();
          code.push(t === V128 ? OP_GLOBAL_SET_V128 : OP_GLOBAL_SET);
          code.push(reader.index);
          break;
        }
        case 0x25: // table.get
          this.pop();
          this.push(module.allTables[reader.index].elemType);
          code.push(op);
          code.push(reader.index);
          break;
        case 0x26: // table.set
          this.pop();
          this.pop();
          code.push(op);
          code.push(reader.index);
          break;
        case 0x41: // i32.const
          this.push(I32);
          this.track(W_IC, code.len);
          code.push(OP_I32_CONST);
          code.push(reader.i32);
          break;
        case 0x45: // i32.eqz
          this.pop();
          this.push(I32);
          this.track(W_EQZ, code.len);
          code.push(op);
          break;
        case 0x42: // i64.const
          this.push(I64);
          this.track(W_I64C, code.len);
          code.push(op);
          code.push(reader.i64Lo);
          code.push(reader.i64Hi);
          break;
        case 0x43: // f32.const
          this.push(F32);
          code.push(op);
          code.push(reader.f32Bits);
          break;
        case 0x44: // f64.const
          this.push(F64);
          code.push(op);
          code.push(reader.f64Lo);
          code.push(reader.f64Hi);
          break;
        case 0xd0: // ref.null
          this.push(reader.refType);
          code.push(OP_REF_NULL);
          break;
        case 0xd1: // ref.is_null
          this.pop();
          this.push(I32);
          code.push(OP_REF_IS_NULL);
          break;
        case 0xd2: // ref.func
          this.push(FUNCREF);
          code.push(OP_REF_FUNC);
          code.push(reader.index);
          break;
        case 0xfc08: // memory.init
          this.pop(); this.pop(); this.pop();
          code.push(OP_FC_BASE + 0x08);
          code.push(reader.index);
          break;
        case 0xfc09: // data.drop
          code.push(OP_FC_BASE + 0x09);
          code.push(reader.index);
          break;
        case 0xfc0a: // memory.copy
        case 0xfc0b: // memory.fill
          this.pop(); this.pop(); this.pop();
          code.push(internalOpcode(op));
          break;
        case 0xfc0c: // table.init elem table
          this.pop(); this.pop(); this.pop();
          code.push(OP_FC_BASE + 0x0c);
          code.push(reader.index);
          code.push(reader.index2);
          break;
        case 0xfc0d: // elem.drop
          code.push(OP_FC_BASE + 0x0d);
          code.push(reader.index);
          break;
        case 0xfc0e: // table.copy dst src
          this.pop(); this.pop(); this.pop();
          code.push(OP_FC_BASE + 0x0e);
          code.push(reader.index);
          code.push(reader.index2);
          break;
        case 0xfc0f: // table.grow
          this.pop(); this.pop();
          this.push(I32);
          code.push(OP_FC_BASE + 0x0f);
          code.push(reader.index);
          break;
        case 0xfc10: // table.size
          this.push(I32);
          code.push(OP_FC_BASE + 0x10);
          code.push(reader.index);
          break;
        case 0xfc11: // table.fill
          this.pop(); this.pop(); this.pop();
          code.push(OP_FC_BASE + 0x11);
          code.push(reader.index);
          break;
        default: {
          if (op === 0x36 && this.w1Kind === W_ARITH_SC && this.w1Index === 0) {
            // i32.add_sc c; i32.store offset  →  i32.add_sc_store c offset
            const at = this.w1Pc;
            const c = code.buf[at + 1];
            this.truncate(at);
            this.pop();
            this.pop();
            code.push(OP_I32_ADD_SC_STORE);
            code.push(c);
            code.push(reader.memOffset | 0);
            this.resetWindow();
            break;
          }
          if (op === 0xa0 && this.w1Kind === W_LG && !this.canonicalNaN) {
            // local.get b; f64.add  →  f64.add_sl b (the stack operand stays the first addend)
            const at = this.w1Pc;
            const b = code.buf[at + 1];
            this.truncate(at);
            this.pop();
            this.pop();
            this.push(F64);
            code.push(OP_F64_ADD_SL);
            code.push(b);
            this.setWindow(W_F64_ADD_SL, at);
            break;
          }
          if (op >= 0x28 && op <= 0x35 && (this.w1Kind === W_ARITH_LC || this.w1Kind === W_ARITH_SC) && this.w1Index === 0) {
            // i32.add_lc a c; <load> offset  →  <load>_lc a c offset (and _sc for a stack address)
            const fusedOp = this.w1Kind === W_ARITH_LC ? loadLCOpcode(op) : loadSCOpcode(op);
            if (fusedOp >= 0) {
              const at = this.w1Pc;
              const a = code.buf[at + 1];
              const c = code.buf[at + 2];
              const lc = this.w1Kind === W_ARITH_LC;
              this.truncate(at);
              this.pop();
              this.push(op === 0x28 || (op >= 0x2c && op <= 0x2f) ? I32 : op === 0x2a ? F32 : op === 0x2b ? F64 : I64);
              code.push(fusedOp);
              code.push(a);
              if (lc) code.push(c);
              code.push(reader.memOffset | 0);
              this.setWindow(W_NONE, at);
              break;
            }
          }
          if (op >= 0x28 && op <= 0x35 && this.w1Kind === W_LG) {
            // local.get a; <load> offset  →  <load>_l a offset
            const a = code.buf[this.w1Pc + 1];
            this.truncate(this.w1Pc);
            this.pop();
            this.push(op === 0x28 || (op >= 0x2c && op <= 0x2f) ? I32 : op === 0x2a ? F32 : op === 0x2b ? F64 : I64);
            const at = code.len;
            code.push(OP_LOAD_L_BASE + op - 0x28);
            code.push(a);
            code.push(reader.memOffset | 0);
            this.setWindow(W_LOAD_L, at, op);
            break;
          }
          if (this.w1Kind !== W_LG && FUSED_STORES.includes(op)) {
            // local.get a; <value>; <store>  →  <value>; <store>_ls a
            const a = this.elideDeepLocal(1);
            if (a >= 0) {
              this.pop();
              this.pop();
              code.push(storeLSOpcode(op));
              code.push(a);
              code.push(reader.memOffset | 0);
              break;
            }
          }
          if (this.w1Kind === W_LG && FUSED_STORES.includes(op)) {
            // The stored value is a local: store_ll (address also a local) or store_sl.
            const v = code.buf[this.w1Pc + 1];
            this.pop();
            this.pop();
            if (this.w2Kind === W_LG) {
              const a = code.buf[this.w2Pc + 1];
              this.truncate(this.w2Pc);
              code.push(storeLLOpcode(op));
              code.push(a);
              code.push(v);
            } else {
              this.truncate(this.w1Pc);
              code.push(storeSLOpcode(op));
              code.push(v);
            }
            code.push(reader.memOffset | 0);
            break;
          }
          const info = OPINFO_DENSE[op];
          if (info === undefined || info.params === undefined || info.results === undefined) {
            throw new Error(`lowering: unexpected operator ${opName(op)}`);
          }
          for (let i = info.params.length - 1; i >= 0; i--) this.pop();
          for (const t of info.results) this.push(t);
          // Deterministic SIMD: the same sub-opcode in the OP_FD_DET_BASE range (NaN lanes canonical).
          code.push(op >= 0xfd00 && this.canonicalNaN ? OP_FD_DET_BASE + (op & 0xff) : internalOpcode(op));
          if (this.canonicalNaN && op < 0x100 && NAN_PRODUCER[op] !== 0) code.push(NAN_PRODUCER[op] === 1 ? OP_CANON_F32 : OP_CANON_F64);
          // Memory access: the static offset (u32, kept as its i32 bit pattern).
          if (info.naturalAlign >= 0) code.push(reader.memOffset | 0);
          // SIMD lane immediates are kept so the ops can be implemented without relowering.
          if (op >= 0xfd00) {
            if (op === 0xfd0c || op === 0xfd0d) for (let i = 0; i < 16; i += 4) {
              code.push(reader.v128[i] | (reader.v128[i + 1] << 8) | (reader.v128[i + 2] << 16) | (reader.v128[i + 3] << 24));
            }
            else code.push(reader.lane);
          }
          break;
        }
      }
      if (!this.tracked) this.resetWindow();
      // Dynamic costs (per page / byte / element) are charged when the instruction runs: it ends its
      // block, so nothing after it is prepaid when that charge runs out of gas.
      if (this.meter && DYNAMIC_COST[op & 0xff] !== 0 && (op === 0x40 || (op >= 0xfc00 && op < 0xfd00))) this.startBlock();
    }
    if (this.frames.length !== 0) throw new Error("lowering: body ended inside a block (module not validated?)");
    void funcFrame;
    const opGas = new Int32Array(this.opcodes.length);
    if (this.meter) {
      const costs = this.costs!;
      for (let k = 0; k < opGas.length; k++) opGas[k] = costs[this.opcodes[k]];
      this.finishCharges(opGas);
    }
    return {
      code: code.finish(),
      paramSlots,
      localSlots,
      resultSlots: slotsOfAll(type.results),
      maxStackSlots: this.maxHeight,
      blockPcs: Int32Array.from(this.blockPcs),
      blockFirstOp: Int32Array.from(this.blockFirstOp),
      blockCounts: Int32Array.from(this.blockCounts),
      opcodes: Int32Array.from(this.opcodes),
      opPcs: Int32Array.from(this.opPcs),
      opGas,
      meter: this.meterKind,
      reference: undefined,
    };
  }
}

/** Lowers defined function `definedIndex` (0-based among the module's own functions). */
export function compileFunction(module: ModuleRecord, definedIndex: number, options?: CompileOptions): CompiledFunction {
  const type = module.types[module.functions[definedIndex]];
  const body = module.codes[definedIndex];
  const lowerWith = (meter: "block" | "reference" | undefined): CompiledFunction =>
    new FunctionLowerer(module, options?.canonicalNaN === true, meter, options?.opcodeCosts, options?.profile === true && meter !== undefined).lower(type, body.locals, module.bytes, body.codeStart, body.codeEnd);
  // Profiled code is always per instruction: every block is one operator, so block executions are
  // exactly operator executions, and a trap or an unpayable charge never leaves a partly run block.
  const meter = options?.profile === true && options.meter !== undefined ? "reference" : options?.meter;
  const compiled = lowerWith(meter);
  // Block mode needs the per-instruction form for a block that cannot be paid in full.
  if (meter === "block") compiled.reference = lowerWith("reference");
  return compiled;
}

export function compileModule(module: ModuleRecord, options?: CompileOptions): CompiledModule {
  const functions: CompiledFunction[] = [];
  for (let i = 0; i < module.functions.length; i++) functions.push(compileFunction(module, i, options));
  return { functions };
}
