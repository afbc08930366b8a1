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

import { isValTypeByte, OPERATOR_SHAPE, OperatorReader, SHAPE_BLOCK, SHAPE_I32, SHAPE_INDEX, SHAPE_MEMARG, SHAPE_NONE } from "../binary/index.ts";
import { BLOCK_EMPTY, CompileError, EXTERNREF, F32, F64, FUNCREF, I32, I64, OPINFO_DENSE, V128, opName } from "../core/index.ts";
import type { FuncType, ModuleRecord, ValType } from "../core/index.ts";
import type { CompiledFunction, CompiledModule, CompileOptions } from "./compiled-function.ts";
import {
  OP_BR, OP_BR_DROP, OP_BR_IF, OP_CHARGE, OP_CHARGE_PROFILE, OP_BR_IF_DROP, OP_BR_TABLE, OP_BR_UNLESS, OP_CALL, OP_CALL_INDIRECT, OP_DROP,
  OP_FC_BASE, OP_GLOBAL_GET, OP_GLOBAL_GET_V128, OP_GLOBAL_SET, OP_GLOBAL_SET_V128, OP_LOCAL_GET,
  OP_LOCAL_GET_V128, OP_LOCAL_SET, OP_LOCAL_SET_V128, OP_LOCAL_TEE, OP_LOCAL_TEE_V128, OP_REF_FUNC, OP_REF_IS_NULL,
  OP_REF_NULL, OP_RETURN, OP_SELECT, OP_SELECT_V128, OP_UNREACHABLE, internalOpcode,
  FAM_BR_IF_SS, FAM_LC, FAM_LC_SET, FAM_LL, FAM_LL_SET, FAM_SC, FAM_SL, INVERSE_COMPARE, FUSED_ARITH_COUNT,
  FUSED_I32_BINOPS, OP_BR_IF_L, OP_BR_UNLESS_L, OP_I32_CONST, fusedOpcode, FAM_LC_TEE, FAM_LL_TEE, FAM_SC_SET,
  FAM_SC_TEE, FAM_SL_SET, FAM_SL_TEE, loadLOpcode, OP_LOCAL_COPY, FUSED_I64_BINOPS, FAM64_LL, FAM64_SL,
  FAM64_LL_SET, FAM64_SC, FAM64_LC, fusedI64Opcode, OP_CANON_F32, OP_CANON_F64, OP_FD_DET_BASE, storeLLOpcode, storeSLOpcode,
  loadLSetOpcode, isFusedStore, storeLSOpcode, loadLCOpcode, loadSCOpcode, OP_F64_ADD_SL, OP_F64_ADD_SL_SET, OP_I32_ADD_SC_STORE, OP_BR_IF_ADD_LC_TEE_NE,
  OP_I64_LOAD_L_TEE, OP_I64_XOR_SL_STORE, OP_I64_XOR_LL_STORE, OP_I64_ROTL_STORE, OP_I32_LOAD_SET, OP_I64_LOAD_SET, OP_I64_LOAD_LC_STORE,
  OP_I32_LOAD_SC_STORE, OP_I32_SHL_SC_XOR_SL_TEE, OP_I32_SHR_U_SC_XOR_SL_TEE, OP_I32_SHL_LC_XOR_SL_TEE, OP_I32_MUL_SC_ADD, OP_F64_MUL_ADD_SL,
  OP_F64_ADD_SET, OP_F64_MUL_LOAD_L, OP_F64_MUL_LOAD_LC, OP_LOCAL_COPY_N, OP_I64_ROTL_LS, OP_I64_ROTL_L_STORE, OP_I64_ANDN_LL,
  OP_I32_SHL_SC_ADD_SL_TEE, OP_I32_SHL_SC_ADD_SC_TEE, OP_I32_ROTL_LC_XOR, OP_I64_LOAD_L_TEE_XOR, OP_I32_STORE_C, OP_I32_STORE8_C,
  OP_I32_LOAD_L_ADD_SC_STORE, OP_BR_IF_ADD_LC_TEE_NZ, OP_BR_IF_ADD_LC_TEE_LT_U_C, OP_BR_IF_ADD_LL_TEE_LT_U_C, OP_BR_IF_ADD_LC_TEE_LT_U_L,
  OP_BR_IF_ADD2_LC_TEE_NE, OP_I64_COPY_LC_LC, OP_I32_STORE_C_LC, OP_I32_STORE8_C_LC, OP_I64_ANDN_XOR_STORE, chargeFusedOpcode, OP_LOCAL_SET_C,
  OP_F64_ADD_SL_ADD_SET, OP_F64_MUL_LOAD_L_L, OP_I32_ADD_LOAD_LC, OP_I32_LOAD_LC_TEE, OP_I32_LOAD_L_TEE, OP_I32_SHR_U_LC_XOR,
  OP_I64_CMP_LC, I64_COMPARE_MASK, OP_F64_MUL_LOAD_SC_LC, OP_I64_LOAD_SET_SHL_SC_ADD_SL_TEE,
  OP_I32_LOAD_ADD_SC_STORE_SHL_SC_ADD_SC_TEE, OP_I32_ROTL_LC_ROTL_LC_XOR, OP_I32_ROTL_SC_ROTL_LC_XOR, OP_I32_MUL_LC_ADD,
  OP_BR_IF_STORE_LL_ADD_LC_TEE_LT_U_L, OP_I32_CMP_LC_SET, OP_I64_CMP_LC_SET, FUSED_SET_TEE_COUNT, OP_I64_REM_U_SL, OP_I64_REM_U_SL_SET, OP_I64_CMP_LC_SELECT, OP_BR_IF_I64_EQZ, OP_BR_IF_I64_NEZ, OP_GLOBAL_SUB_SC_TEE, OP_I32_ADD_LC_GLOBAL_SET, OP_I32_ADD_LC_SET2, doubleOpcode, internalInstructionLength, OP_I64_LOAD32_U_LC_ROTL_L_STORE,
} from "./internal-opcodes.ts";
import {
  OP_F32X4_MUL_ACC_LOCAL, OP_F32X4_MUL_ACC_LOCAL_DET, OP_F32X4_MUL_ADD_SET, OP_F32X4_MUL_ADD_SET_DET, OP_V128_LOAD32_SPLAT_L,
  OP_V128_LOAD32_SPLAT_LL, OP_V128_LOAD_L, OP_V128_LOAD_LL, OP_F32X4_MUL_ACC_LOCAL_SPLAT_LL, OP_F32X4_MUL_ACC_LOCAL_SPLAT_LL_DET,
  chargeSimdOpcode, OP_LOWER_PENDING,
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
// Plain instructions that a following operator can fuse with (see internal-opcodes.ts).
const W_LOAD_S = 18;     // i32/i64/f32/f64.load offset, stack address (index = the wasm load opcode)
const W_LOAD_LC = 19;    // <load>_lc a c offset (index = the wasm load opcode)
const W_LOAD_SC = 20;    // <load>_sc c offset (index = the wasm load opcode)
const W_I64_ROTL = 21;   // i64.rotl, stack operands
const W_F64_ADD = 22;    // f64.add, stack operands (not deterministic mode)
const W_F64_MUL = 23;    // f64.mul, stack operands (not deterministic mode)
const W_COPY = 24;       // local.copy a b, or local.copy_n (index = n)
const W_I64_ROTL_L = 25; // i64.rotl_ls a
const W_I64_NOT_L = 26;  // i64.xor_lc a -1 (bitwise not of local a)
const AND64_INDEX = 3;
const ROTL_INDEX = 9;
const LT_U_INDEX = FUSED_I32_BINOPS.indexOf(0x49);
const W_I64_LOAD_TEE = 27; // i64.load_l_tee a offset k
const W_I64_CMP_LC = 28;   // i64.cmp_lc a lo hi mask
const W_I64_REM_U_SL = 29; // i64.rem_u_sl b
const W_I64_EQZ = 30;      // i64.eqz, stack operand
/** Indices in FUSED_I32_BINOPS / FUSED_I64_BINOPS. */
const ADD_INDEX = 0;
const SUB_INDEX = 1;
const MUL_INDEX = 2;
const XOR_INDEX = 5;
const SHL_INDEX = 6;
const SHR_U_INDEX = 8;
const XOR64_INDEX = 5;
/** Index of i32.ne in FUSED_I32_BINOPS. */
const NE_INDEX = FUSED_I32_BINOPS.indexOf(0x47);
const SET_FAMILY_BY_KIND = [-1, -1, -1, -1, FAM_LL_SET, FAM_LC_SET, FAM_SL_SET, FAM_SC_SET];
/** i64.load32_u_lc, which fuseDoubles pairs with a following i64.rotl_l_store. */
const LOAD32_U_LC = loadLCOpcode(0x35);
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

// Frames are pooled per lowerer (pushFrame reinitialises one): nothing may keep a frame past the
// next pushFrame after popping it.
interface ControlFrame {
  kind: number;
  /** Slot height below the block's parameters. */
  height: number;
  /** Type-stack length below the block's parameters. */
  typeHeight: number;
  params: readonly ValType[];
  results: readonly ValType[];
  paramSlots: number;
  resultSlots: number;
  /** Loop: the pc branches jump to. */
  startPc: number;
  /** Code positions holding a pc to patch with the frame's end pc. */
  readonly fixups: number[];
  /** `if`: position of BR_UNLESS's pc immediate until `else` or `end` patches it. */
  elseFixup: number;
  unreachable: boolean;
}

/** Out of line so that pop() stays small enough to inline. */
function underflow(): never {
  throw new Error("lowering: operand stack underflow (module not validated?)");
}

/** Shrinks `array` to `length` (pop is inlined; assigning `length` is not). */
function popTo(array: unknown[], length: number): void {
  while (array.length > length) array.pop();
}

function slotsOf(t: number): number {
  return t === V128 ? 2 : 1;
}

function slotsOfAll(types: readonly ValType[]): number {
  let n = types.length;
  for (let i = 0; i < types.length; i++) if (types[i] === V128) n++;
  return n;
}

const EMPTY: readonly ValType[] = [];
const EMPTY_SIG = { params: EMPTY, results: EMPTY };
/** Block signature of a single-result block type, by negated type code. */
const SINGLE_SIG: { readonly params: readonly ValType[]; readonly results: readonly ValType[] }[] = [];
for (const t of [I32, I64, F32, F64, V128, FUNCREF, EXTERNREF] as const) SINGLE_SIG[t] = { params: EMPTY, results: [t] };

/** The code of the function being lowered, written in place into the module's CodeArena: `buf` is
 *  a view from the function's first word to the end of the arena's current chunk (index = pc). */
class CodeBuffer {
  buf: Int32Array;
  len = 0;
  constructor(private readonly arena: CodeArena) {
    this.buf = arena.open();
  }
  // No bounds check: lower() reserves room for a whole operator's words first (reserve), which
  // keeps this small enough for V8 to inline at each of the dozens of call sites in lower()
  // (functions under ~27 bytes of bytecode are inlined whatever the caller's inlining budget).
  push(x: number): void {
    this.buf[this.len++] = x;
  }
  /** Makes room for `words` more pushes. */
  reserve(words: number): void {
    if (this.buf.length - this.len < words) this.grow(words);
  }
  grow(words: number): void {
    this.buf = this.arena.reopen(this.buf, this.len, words);
  }
  /** Starts the next function's code at the arena's first free word. */
  begin(): void {
    this.buf = this.arena.open();
    this.len = 0;
  }
  /** The finished code (a view of the arena, no copy); the arena moves past it. */
  finish(): Int32Array {
    // A push past the reserved room would have been dropped silently by the typed array.
    if (this.len > this.buf.length) throw new Error("lowering: code written past the reserved room");
    return this.arena.close(this.len);
  }
}

/** 1 for a block type byte that is not a type index: 0x40 (empty) or a value type. */
const BLOCK_BYTE: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let b = 0; b < 256; b++) if (b === 0x40 || isValTypeByte(b)) table[b] = 1;
  return table;
})();

/** The fused load/store opcode functions of internal-opcodes.ts as tables by wasm opcode (-1: no
 *  such form); they search small arrays, once per operator otherwise. */
function opcodeTable(fusedFor: (op: number) => number, applies: (op: number) => boolean = () => true): Int32Array {
  const table = new Int32Array(256).fill(-1);
  for (let op = 0x28; op <= 0x3e; op++) if (applies(op)) table[op] = fusedFor(op);
  return table;
}
const LOAD_L = opcodeTable(loadLOpcode);
const LOAD_L_SET = opcodeTable(loadLSetOpcode);
const LOAD_LC = opcodeTable(loadLCOpcode, (op) => op <= 0x35);
const LOAD_SC = opcodeTable(loadSCOpcode, (op) => op <= 0x35);
const FUSED_STORE = opcodeTable((op) => (isFusedStore(op) ? 1 : 0));
const STORE_LL = opcodeTable(storeLLOpcode, isFusedStore);
const STORE_SL = opcodeTable(storeSLOpcode, isFusedStore);
const STORE_LS = opcodeTable(storeLSOpcode, isFusedStore);

/** Words lower() reserves per operator: more than any one operator emits (br_table excepted, it
 *  reserves its own), plus two CHARGEs (a block start before it and one after a dynamic cost). */
const OPERATOR_ROOM = 64;

/** 1 for the one-byte operators that the fusions in lower()'s default case look at: loads, stores,
 *  i64.rem_u, i64.xor, i64.rotl, f64.add, f64.mul, i64 compares. */
const FUSION_CANDIDATE: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let op = 0x28; op <= 0x3e; op++) table[op] = 1;
  for (const op of [0x82, 0x85, 0x89, 0xa0, 0xa2]) table[op] = 1;
  for (let op = 0x50; op <= 0x5a; op++) table[op] = 1; // i64.eqz, i64 compares
  return table;
})();

/** Shared by every unmetered function: unmetered code has no block table (only meters read it). */
const NO_ENTRIES = new Int32Array(0);

/**
 * Module-wide storage for finished code and side tables: each function's arrays are views into a
 * few large chunks. Allocating typed arrays one by one (code, five side tables, gas per operator for
 * each of 280 functions) dominated lowering of a real contract, in allocation and in GC.
 */
class CodeArena {
  private chunk: Int32Array;
  private used = 0;
  constructor(private chunkWords: number) {
    this.chunk = new Int32Array(chunkWords);
  }

  /** The free rest of the current chunk (a new chunk when little is left), where a CodeBuffer
   *  writes a function's code. Nothing else may take words until close(). */
  open(): Int32Array {
    if (this.chunk.length - this.used < 256) {
      this.chunk = new Int32Array(this.chunkWords);
      this.used = 0;
    }
    return this.chunk.subarray(this.used);
  }

  /** The open code outgrew its chunk: a new chunk with room to spare, holding the first `length`
   *  words written so far. */
  reopen(open: Int32Array, length: number, extra: number): Int32Array {
    this.chunk = new Int32Array(Math.max(this.chunkWords, 2 * length + 256 + extra));
    this.chunk.set(open.subarray(0, length));
    this.used = 0;
    return this.chunk.subarray(0);
  }

  /** Ends the open code at `length` words and returns it. */
  close(length: number): Int32Array {
    const at = this.used;
    this.used = at + length;
    return this.chunk.subarray(at, at + length);
  }

  /** Room for `words` more, in the current chunk or a new one. */
  private reserve(words: number): Int32Array {
    if (this.used + words > this.chunk.length) {
      this.chunk = new Int32Array(Math.max(words, this.chunkWords));
      this.used = 0;
    }
    return this.chunk;
  }

  /** A view holding a copy of `source`. */
  fromInt32s(source: Int32Array): Int32Array {
    const length = source.length;
    const chunk = this.reserve(length);
    const at = this.used;
    chunk.set(source, at);
    this.used = at + length;
    return chunk.subarray(at, at + length);
  }

  /** A view holding a copy of `source`. */
  fromArray(source: readonly number[]): Int32Array {
    const length = source.length;
    const chunk = this.reserve(length);
    const at = this.used;
    for (let i = 0; i < length; i++) chunk[at + i] = source[i];
    this.used = at + length;
    return chunk.subarray(at, at + length);
  }

}

class FunctionLowerer {
  private readonly code: CodeBuffer;
  /** Gas per operator of the function being lowered (metered), copied out at the end. */
  private opGasScratch = new Int32Array(0);
  // Per-function scratch reused across the module's functions (grown, never shrunk).
  private localTypes = new Uint8Array(64);
  private localSlots = new Int32Array(64);
  private reader: OperatorReader | undefined;
  // Operand stack: type codes, with (below) the producer of each entry; `top` entries in use.
  private typeStack = new Uint8Array(256);
  private top = 0;
  private height = 0;
  private maxHeight = 0;
  private readonly frames: ControlFrame[] = [];
  /** The last of `frames` (read for every operator). */
  private innermost: ControlFrame | undefined = undefined;
  /** Frame objects by depth, reused by pushFrame. */
  private readonly framePool: ControlFrame[] = [];
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
  private w2Index = 0;
  private tracked = false;
  // Deep-operand elision: for each type-stack entry, the pc of the plain LOCAL_GET that pushed it
  // (-1 otherwise), with the serial of that operator; per local word, the serial of its last write;
  // the serial of the last block start (label, branch or call). Serials count operators and never
  // shift when code does.
  private producerPc = new Int32Array(256);
  private producerSerial = new Int32Array(256);
  private lastWriteSerial = new Int32Array(0);
  private lastBarrierSerial = 0;
  private serial = 0;
  /** The last i32.add_lc_tee: its pc, operator serial and operand-stack entry count after it. */
  private addTeePc = -1;
  private addTeeSerial = -10;
  private addTeeHeight = -1;
  /** The last i32.add_lc_set (pc, operator serial), for br_if.i32.add2_lc_tee_ne; the last two
   *  i32.add_lc (pc, serial), for i64.copy_lc_lc. Reset at every block start. */
  private addSetPc = -1;
  private addSetSerial = -10;
  /** The last global.get of an i32 (pc, operator serial), for global.sub_sc_tee. */
  private globalGetPc = -1;
  private globalGetSerial = -10;
  private lastAddLcPc = -1;
  private lastAddLcSerial = -10;
  private prevAddLcPc = -1;
  private prevAddLcSerial = -10;
  /** The last i64.andn_ll (pc, operator serial), for i64.andn_xor_store. */
  private andnPc = -1;
  private andnSerial = -10;
  /** The last f64.load_sc (as i64.load_sc: pc, operator serial), for f64.mul_load_sc_lc. */
  private loadScPc = -1;
  private loadScSerial = -10;
  /** The last i32.shl_sc_add_sl_tee / i32.shl_sc_add_sc_tee (pc, operator serial), for the accesses at
   *  the address it computed (i64.load_set_shl_sc_add_sl_tee, i32.load_add_sc_store_shl_sc_add_sc_tee). */
  private shlTeePc = -1;
  private shlTeeSerial = -10;
  /** The last two i32.rotl_lc / i32.rotl_sc (pc, operator serial), for i32.rotl_lc_rotl_lc_xor & co. */
  private rotlPc = -1;
  private rotlSerial = -10;
  private prevRotlPc = -1;
  private prevRotlSerial = -10;
  /** The last i32.store_ll (pc, operator serial), for br_if.i32.store_ll_add_lc_tee_lt_u_l. */
  private storeLLPc = -1;
  private storeLLSerial = -10;
  /** SIMD fusion (fuseSimd): the last f32x4.mul (pc, operator serial) and the local.get (v128) that
   *  pushed its accumulator operand (pc, serial); the f32x4.add right after it (serial), and
   *  whether that accumulator's local.get can be removed. */
  private simdMulPc = -1;
  private simdMulSerial = -10;
  private simdAccPc = -1;
  private simdAccSerial = -10;
  private simdMulAddSerial = -10;
  private simdAccRemovable = false;
  /** The last v128.load32_splat_ll (pc, serial), and whether the last f32x4.mul took it as y. */
  private simdSplatPc = -1;
  private simdSplatSerial = -10;
  private simdMulOfSplat = false;

  private readonly meter: boolean;
  private readonly perInstruction: boolean;
  private readonly chargeOp: number;
  constructor(private readonly module: ModuleRecord, private readonly canonicalNaN: boolean,
    private readonly meterKind: "block" | "reference" | undefined, private readonly costs: Uint32Array | undefined, profile: boolean,
    private readonly arena: CodeArena) {
    this.code = new CodeBuffer(arena);
    this.meter = meterKind !== undefined;
    this.chargeOp = profile ? OP_CHARGE_PROFILE : OP_CHARGE;
    this.perInstruction = meterKind === "reference";
    if (this.meter && costs === undefined) throw new Error("lowering: metering needs opcodeCosts");
  }

  /** Clears the per-function state so one lowerer (and its grown buffers) serves every function. */
  private resetState(): void {
    // Emptied by pop, not `length = 0`: setting an array's length is a runtime call in V8.
    this.code.begin();
    this.top = 0;
    popTo(this.frames, 0);
    popTo(this.blockPcs, 0);
    popTo(this.blockFirstOp, 0);
    popTo(this.blockCounts, 0);
    popTo(this.opcodes, 0);
    popTo(this.opPcs, 0);
    this.w1Kind = W_NONE; this.w1Pc = 0; this.w1Index = 0; this.w2Kind = W_NONE; this.w2Pc = 0;
    this.tracked = false;
    this.lastBarrierSerial = 0;
    this.serial = 0;
    this.addTeePc = -1; this.addTeeSerial = -10; this.addTeeHeight = -1;
    this.globalGetPc = -1; this.globalGetSerial = -10;
    this.simdMulSerial = this.simdMulAddSerial = this.simdAccSerial = this.simdSplatSerial = -10;
    this.loadScSerial = -10;
    this.shlTeeSerial = -10;
    this.rotlSerial = this.prevRotlSerial = this.storeLLSerial = -10;
  }

  // producerSerial[i] is only read when producerPc[i] >= 0, so push leaves it as it is.
  private push(t: number): void {
    const top = this.top;
    if (top === this.typeStack.length) this.growStack();
    this.typeStack[top] = t;
    this.producerPc[top] = -1;
    this.top = top + 1;
    const height = this.height + (t === V128 ? 2 : 1);
    this.height = height;
    if (height > this.maxHeight) this.maxHeight = height;
  }

  private pop(): number {
    const top = this.top - 1;
    if (top < 0) return underflow();
    const t = this.typeStack[top];
    this.top = top;
    this.height -= t === V128 ? 2 : 1;
    return t;
  }

  /** pop(); pop(); push(t) in one call (binary operators). */
  private popTwoPush(t: number): void {
    const top = this.top - 2;
    if (top < 0) underflow();
    const stack = this.typeStack;
    const a = stack[top];
    const b = stack[top + 1];
    stack[top] = t;
    this.producerPc[top] = -1;
    this.top = top + 1;
    const height = this.height - (a === V128 ? 2 : 1) - (b === V128 ? 2 : 1) + (t === V128 ? 2 : 1);
    this.height = height;
    if (height > this.maxHeight) this.maxHeight = height;
  }

  /** Pops `count` operands. */
  private popN(count: number): void {
    const top = this.top - count;
    if (top < 0) underflow();
    const stack = this.typeStack;
    let slots = 0;
    for (let i = top; i < this.top; i++) slots += stack[i] === V128 ? 2 : 1;
    this.top = top;
    this.height -= slots;
  }

  private growStack(): void {
    const size = this.typeStack.length * 2;
    const types = new Uint8Array(size);
    types.set(this.typeStack);
    this.typeStack = types;
    const pcs = new Int32Array(size);
    pcs.set(this.producerPc);
    this.producerPc = pcs;
    const serials = new Int32Array(size);
    serials.set(this.producerSerial);
    this.producerSerial = serials;
  }

  /** The block's signature; shared objects (a type index's FuncType itself), never allocated. */
  private blockSig(blockType: number): { readonly params: readonly ValType[]; readonly results: readonly ValType[] } {
    if (blockType >= 0) return this.module.types[blockType];
    if (blockType === BLOCK_EMPTY) return EMPTY_SIG;
    return SINGLE_SIG[-blockType];
  }

  private pushFrame(kind: number, params: readonly ValType[], results: readonly ValType[]): ControlFrame {
    const paramSlots = params.length === 0 ? 0 : slotsOfAll(params);
    const depth = this.frames.length;
    let frame = this.framePool[depth];
    if (frame === undefined) {
      frame = {
        kind, height: 0, typeHeight: 0, params, results, paramSlots: 0, resultSlots: 0, startPc: 0, fixups: [], elseFixup: -1, unreachable: false,
      };
      this.framePool.push(frame);
    }
    frame.kind = kind;
    frame.height = this.height - paramSlots;
    frame.typeHeight = this.top - params.length;
    frame.params = params;
    frame.results = results;
    frame.paramSlots = paramSlots;
    frame.resultSlots = results.length === 0 ? 0 : slotsOfAll(results);
    frame.startPc = this.code.len;
    popTo(frame.fixups, 0);
    frame.elseFixup = -1;
    frame.unreachable = false;
    this.frames.push(frame);
    this.innermost = frame;
    return frame;
  }

  /** Resets the operand stack to the frame's base plus `types`. */
  private resetTo(frame: ControlFrame, types: readonly ValType[]): void {
    this.top = frame.typeHeight;
    this.height = frame.height;
    for (const t of types) this.push(t);
  }

  private resetWindow(): void {
    this.w1Kind = W_NONE;
    this.w2Kind = W_NONE;
  }

  /** Records a plainly emitted instruction at `pc` in the window. */
  private track(kind: number, pc: number, index = 0): void {
    this.w2Kind = this.w1Kind;
    this.w2Pc = this.w1Pc;
    this.w2Index = this.w1Index;
    this.w1Kind = kind;
    this.w1Pc = pc;
    this.w1Index = index;
    this.tracked = true;
  }

  /** When the code ends with the window's instruction `op` (`length` words), rewrites it in place into
   *  its "then local.set" form `to` with the local's slot appended (the set rides in its dispatch). */
  private rewriteThenSet(op: number, length: number, to: number, slot: number): boolean {
    const code = this.code;
    if (code.len !== this.w1Pc + length || code.buf[this.w1Pc] !== op) return false;
    code.buf[this.w1Pc] = to;
    code.push(slot);
    return true;
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
  /**
   * SIMD superinstructions (internal-opcodes.ts, 0x12xx) for the SIMD operator `op` whose operand
   * types are already updated: true when it was emitted fused. Records the f32x4.mul / f32x4.add
   * that a following local.set (v128) may fuse with (fuseSimdLocalSet).
   */
  private fuseSimd(op: number, memOffset: number): boolean {
    const code = this.code;
    const buf = code.buf;
    if (op === 0xfd00 || op === 0xfd09) { // v128.load, v128.load32_splat
      const splat = op === 0xfd09;
      const at = this.w1Pc;
      if (this.w1Kind === W_LG && code.len === at + 2 && buf[at] === OP_LOCAL_GET) {
        // local.get a; <load> offset  →  <load>_l a offset
        const a = buf[at + 1];
        this.truncate(at);
        code.push(splat ? OP_V128_LOAD32_SPLAT_L : OP_V128_LOAD_L); code.push(a); code.push(memOffset | 0);
        return true;
      }
      if (this.w1Kind === W_ARITH_LL && this.w1Index === ADD_INDEX && code.len === at + 3 && buf[at] === fusedOpcode(FAM_LL, ADD_INDEX)) {
        // i32.add_ll a b; <load> offset  →  <load>_ll a b offset
        const a = buf[at + 1], b = buf[at + 2];
        this.truncate(at);
        code.push(splat ? OP_V128_LOAD32_SPLAT_LL : OP_V128_LOAD_LL); code.push(a); code.push(b); code.push(memOffset | 0);
        if (splat) { this.simdSplatPc = at; this.simdSplatSerial = this.serial; }
        return true;
      }
      return false;
    }
    if (op === 0xfde6) { // f32x4.mul: [acc, product] now; remember who pushed acc
      const entry = this.top - 2;
      this.simdMulPc = code.len;
      this.simdMulSerial = this.serial;
      this.simdMulOfSplat = this.simdSplatSerial === this.serial - 1 && this.simdSplatPc + 4 === code.len && buf[this.simdSplatPc] === OP_V128_LOAD32_SPLAT_LL;
      this.simdAccPc = entry >= 0 ? this.producerPc[entry] : -1;
      this.simdAccSerial = entry >= 0 ? this.producerSerial[entry] : -10;
      return false;
    }
    if (op === 0xfde4 && this.simdMulSerial === this.serial - 1 && code.len === this.simdMulPc + 2 && this.lastBarrierSerial < this.simdMulSerial) {
      this.simdMulAddSerial = this.serial;
      // The accumulator's local.get can go if it is in this block, its local was not written since,
      // and only pure pushes lie between it and the mul (no control, no local writes).
      const accPc = this.simdAccPc;
      this.simdAccRemovable = accPc >= 0 && this.simdAccSerial > this.lastBarrierSerial && buf[accPc] === OP_LOCAL_GET_V128 &&
        this.lastWriteSerial[buf[accPc + 1]] < this.simdAccSerial && this.lastWriteSerial[buf[accPc + 1] + 2] < this.simdAccSerial &&
        onlyPushesBetween(buf, accPc + 2, this.simdMulPc);
    }
    return false;
  }

  /** f32x4.mul; f32x4.add; local.set (v128) k  →  f32x4.mul_add_set k, or f32x4.mul_acc_local k when
   *  the accumulator was local.get k (removed). True when fused. */
  private fuseSimdLocalSet(word: number): boolean {
    const code = this.code;
    const buf = code.buf;
    const mulPc = this.simdMulPc;
    const det = this.canonicalNaN;
    if (this.simdMulAddSerial !== this.serial - 1 || code.len !== mulPc + 4 || buf[mulPc] !== (det ? 0x11e6 : 0x10e6) || buf[mulPc + 2] !== (det ? 0x11e4 : 0x10e4)) return false;
    this.truncate(mulPc);
    const accPc = this.simdAccPc;
    if (this.simdAccRemovable && buf[accPc] === OP_LOCAL_GET_V128 && buf[accPc + 1] === word) {
      // Sound as elideDeepLocal: what ran between only pushed above the accumulator and addressed
      // the stack relative to sp, so it runs the same 4 words lower.
      buf.copyWithin(accPc, accPc + 2, code.len);
      code.len -= 2;
      const opPcs = this.opPcs;
      for (let k = opPcs.length - 1; k >= 0 && opPcs[k] > accPc; k--) opPcs[k] -= 2;
      for (let k = this.top - 1; k >= 0; k--) if (this.producerPc[k] > accPc) this.producerPc[k] -= 2;
      // Code moved: forget every pc the other fusions remember from this block.
      this.lastBarrierSerial = this.serial;
      const splatPc = mulPc - 2 - 4;
      if (this.simdMulOfSplat && code.len === splatPc + 4 && buf[splatPc] === OP_V128_LOAD32_SPLAT_LL) {
        // …with y a v128.load32_splat_ll b c offset: f32x4.mul_acc_local_splat_ll b c offset k. Its
        // mul, add and set (the last three operators) get the pc of the k immediate: a trap in the
        // load (reported at the instruction's first immediate) refunds them.
        buf[splatPc] = det ? OP_F32X4_MUL_ACC_LOCAL_SPLAT_LL_DET : OP_F32X4_MUL_ACC_LOCAL_SPLAT_LL;
        code.push(word);
        const opPcs = this.opPcs;
        if (opPcs.length >= 3) for (let k = opPcs.length - 3; k < opPcs.length; k++) opPcs[k] = splatPc + 4;
        this.simdMulAddSerial = -10;
        return true;
      }
      code.push(det ? OP_F32X4_MUL_ACC_LOCAL_DET : OP_F32X4_MUL_ACC_LOCAL);
    } else {
      code.push(det ? OP_F32X4_MUL_ADD_SET_DET : OP_F32X4_MUL_ADD_SET);
    }
    code.push(word);
    this.simdMulAddSerial = -10;
    return true;
  }

  private elideDeepLocal(depth: number): number {
    const entry = this.top - 1 - depth;
    const pc = this.producerPc[entry];
    if (pc < 0 || this.producerSerial[entry] < this.lastBarrierSerial) return -1;
    const code = this.code;
    const word = code.buf[pc + 1];
    if (code.buf[pc] !== OP_LOCAL_GET || this.lastWriteSerial[word] > this.producerSerial[entry]) return -1;
    code.buf.copyWithin(pc, pc + 2, code.len);
    code.len -= 2;
    const opPcs = this.opPcs;
    for (let k = opPcs.length - 1; k >= 0 && opPcs[k] > pc; k--) opPcs[k] -= 2;
    for (let k = this.top - 1; k > entry; k--) if (this.producerPc[k] > pc) this.producerPc[k] -= 2;
    this.producerPc[entry] = -1;
    if (this.w1Pc > pc) this.w1Pc -= 2;
    if (this.w2Pc > pc) this.w2Pc -= 2;
    if (this.andnPc > pc) this.andnPc -= 2;
    if (this.addSetPc > pc) this.addSetPc -= 2;
    if (this.addTeePc > pc) this.addTeePc -= 2;
    if (this.lastAddLcPc > pc) this.lastAddLcPc -= 2;
    if (this.prevAddLcPc > pc) this.prevAddLcPc -= 2;
    return word;
  }

  /** Remembers an i32.rotl_lc / i32.rotl_sc just emitted at `pc` (and the one before it). */
  private trackRotl(pc: number): void {
    this.prevRotlPc = this.rotlPc;
    this.prevRotlSerial = this.rotlSerial;
    this.rotlPc = pc;
    this.rotlSerial = this.serial;
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
      if (index === ROTL_INDEX) this.trackRotl(at);
      if (index === ADD_INDEX) {
        this.prevAddLcPc = this.lastAddLcPc;
        this.prevAddLcSerial = this.lastAddLcSerial;
        this.lastAddLcPc = at;
        this.lastAddLcSerial = this.serial;
      }
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
      const beforeKind = this.w2Kind, beforePc = this.w2Pc, beforeIndex = this.w2Index;
      this.truncate(at);
      code.push(fusedOpcode(FAM_SL, index)); code.push(b);
      this.setWindow(isCompare ? W_CMP_SL : W_ARITH_SL, at, index);
      // What the stack operand came from, for i32.<shift>_xor_sl_tee (see the local.tee case).
      this.w2Kind = beforeKind;
      this.w2Pc = beforePc;
      this.w2Index = beforeIndex;
    } else if (this.w1Kind === W_IC) {
      const c = code.buf[this.w1Pc + 1];
      const at = this.w1Pc;
      const beforeKind = this.w2Kind, beforePc = this.w2Pc, beforeIndex = this.w2Index;
      this.truncate(at);
      code.push(fusedOpcode(FAM_SC, index)); code.push(c);
      this.setWindow(isCompare ? W_CMP_SC : W_ARITH_SC, at, index);
      if (index === ROTL_INDEX) this.trackRotl(at);
      // What the stack operand came from, for i32.shl_sc_add_sc_tee (see the local.tee case).
      this.w2Kind = beforeKind;
      this.w2Pc = beforePc;
      this.w2Index = beforeIndex;
    } else if (deepLocal >= 0) {
      // local.get x; <one value>; op  →  <one value>; op_sl x (op commutative, or a compare swapped).
      const at = code.len;
      const swapped = SWAPPED_OPERANDS[index];
      const beforeKind = this.w1Kind, beforePc = this.w1Pc, beforeIndex = this.w1Index;
      code.push(fusedOpcode(FAM_SL, swapped)); code.push(deepLocal);
      this.setWindow(isCompare ? W_CMP_SL : W_ARITH_SL, at, swapped);
      // The instruction that produced the stack operand, for the shift fusions of local.tee.
      this.w2Kind = beforeKind;
      this.w2Pc = beforePc;
      this.w2Index = beforeIndex;
    } else if (index === XOR_INDEX && this.w1Kind === W_ARITH_LC && this.w1Index === ROTL_INDEX && this.rotlPc === this.w1Pc &&
        this.prevRotlSerial === this.serial - 4 && this.lastBarrierSerial < this.prevRotlSerial &&
        ((this.prevRotlPc + 3 === this.w1Pc && code.buf[this.prevRotlPc] === fusedOpcode(FAM_LC, ROTL_INDEX)) ||
         (this.prevRotlPc + 2 === this.w1Pc && code.buf[this.prevRotlPc] === fusedOpcode(FAM_SC, ROTL_INDEX)))) {
      // i32.rotl_lc a c1 / i32.rotl_sc c1; i32.rotl_lc b c2; i32.xor  →  i32.rotl_lc_rotl_lc_xor a c1 b c2 /
      // i32.rotl_sc_rotl_lc_xor c1 b c2 (the serials leave room for nothing else in between)
      const at = this.prevRotlPc;
      const b = code.buf[this.w1Pc + 1];
      const c = code.buf[this.w1Pc + 2];
      this.truncate(this.w1Pc);
      code.buf[at] = code.buf[at] === fusedOpcode(FAM_LC, ROTL_INDEX) ? OP_I32_ROTL_LC_ROTL_LC_XOR : OP_I32_ROTL_SC_ROTL_LC_XOR;
      code.push(b); code.push(c);
      this.setWindow(W_NONE, at);
    } else if (index === XOR_INDEX && this.w1Kind === W_ARITH_LC && (this.w1Index === ROTL_INDEX || this.w1Index === SHR_U_INDEX)) {
      // i32.rotl_lc / i32.shr_u_lc a c; i32.xor  →  i32.rotl_lc_xor / i32.shr_u_lc_xor a c
      code.buf[this.w1Pc] = this.w1Index === ROTL_INDEX ? OP_I32_ROTL_LC_XOR : OP_I32_SHR_U_LC_XOR;
      this.setWindow(W_NONE, this.w1Pc);
    } else if (index === ADD_INDEX && this.w1Kind === W_LOAD_LC && this.w1Index === 0x28 && code.len === this.w1Pc + 4) {
      // i32.load_lc a c offset; i32.add  →  i32.add_load_lc a c offset (in place: the add's pc is the
      // load's end, so a trap in the load refunds the add)
      code.buf[this.w1Pc] = OP_I32_ADD_LOAD_LC;
      this.setWindow(W_NONE, this.w1Pc);
    } else if (index === ADD_INDEX && (this.w1Kind === W_ARITH_SC || this.w1Kind === W_ARITH_LC) && this.w1Index === MUL_INDEX) {
      // i32.mul_sc c / i32.mul_lc a c; i32.add  →  i32.mul_sc_add c / i32.mul_lc_add a c
      code.buf[this.w1Pc] = this.w1Kind === W_ARITH_SC ? OP_I32_MUL_SC_ADD : OP_I32_MUL_LC_ADD;
      this.setWindow(W_NONE, this.w1Pc);
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
    if (kind === W_I64_EQZ && code.len === this.w1Pc + 1 && code.buf[this.w1Pc] === 0x50) {
      // i64.eqz; br_if / if  →  br_if.i64.eqz / br_if.i64.nez
      this.truncate(this.w1Pc);
      code.push(jumpIfTrue ? OP_BR_IF_I64_EQZ : OP_BR_IF_I64_NEZ);
      return true;
    }
    if (kind === W_CMP_SC && (jumpIfTrue ? this.w1Index : INVERSE_COMPARE[this.w1Index]) === NE_INDEX &&
        this.serial === this.addTeeSerial + 3 && this.lastBarrierSerial < this.addTeeSerial &&
        this.w1Pc === this.addTeePc + 4 && this.top === this.addTeeHeight - 1 &&
        code.buf[this.addTeePc] === fusedOpcode(FAM_LC_TEE, 0)) {
      // local.get a; i32.const c; i32.add; local.tee k; i32.const n; i32.ne; br_if — exactly these
      // operators in a row, in one block: the compared value is the one just teed.
      const n = code.buf[this.w1Pc + 1];
      if (this.addSetPc === this.addTeePc - 4 && this.addSetSerial === this.addTeeSerial - 4 && this.lastBarrierSerial < this.addSetSerial &&
          code.buf[this.addSetPc] === fusedOpcode(FAM_LC_SET, 0)) {
        // …and an i32.add_lc_set right before: a second induction variable.
        const tee = this.addTeePc;
        const [a, c, k] = [code.buf[tee + 1], code.buf[tee + 2], code.buf[tee + 3]];
        code.buf[this.addSetPc] = OP_BR_IF_ADD2_LC_TEE_NE;
        this.truncate(tee);
        code.push(a); code.push(c); code.push(k); code.push(n);
        return true;
      }
      code.buf[this.addTeePc] = OP_BR_IF_ADD_LC_TEE_NE;
      this.truncate(this.w1Pc);
      code.push(n);
      return true;
    }
    const teeAdd = this.lastBarrierSerial < this.addTeeSerial && this.top === this.addTeeHeight - 1 ? code.buf[this.addTeePc] : -1;
    if (jumpIfTrue && teeAdd === fusedOpcode(FAM_LC_TEE, 0) && this.serial === this.addTeeSerial + 1 && code.len === this.addTeePc + 4) {
      // local.get a; i32.const c; i32.add; local.tee k; br_if — the teed value is the condition.
      code.buf[this.addTeePc] = OP_BR_IF_ADD_LC_TEE_NZ;
      return true;
    }
    if (jumpIfTrue && (kind === W_CMP_SC || kind === W_CMP_SL) && this.w1Index === LT_U_INDEX && this.serial === this.addTeeSerial + 3 &&
        this.w1Pc === this.addTeePc + 4 && (teeAdd === fusedOpcode(FAM_LC_TEE, 0) || (teeAdd === fusedOpcode(FAM_LL_TEE, 0) && kind === W_CMP_SC))) {
      // …; local.tee k; (i32.const n | local.get b); i32.lt_u; br_if — compares the value just teed.
      const bound = code.buf[this.w1Pc + 1];
      code.buf[this.addTeePc] = kind === W_CMP_SL ? OP_BR_IF_ADD_LC_TEE_LT_U_L : teeAdd === fusedOpcode(FAM_LC_TEE, 0) ? OP_BR_IF_ADD_LC_TEE_LT_U_C : OP_BR_IF_ADD_LL_TEE_LT_U_C;
      this.truncate(this.w1Pc);
      code.push(bound);
      if (kind === W_CMP_SL && teeAdd === fusedOpcode(FAM_LC_TEE, 0) && this.storeLLSerial === this.addTeeSerial - 4 &&
          this.lastBarrierSerial < this.storeLLSerial && this.storeLLPc + 4 === this.addTeePc && code.buf[this.storeLLPc] === STORE_LL[0x36]) {
        // …right after an i32.store_ll: the whole fill-loop body, br_if.i32.store_ll_add_lc_tee_lt_u_l (in place)
        code.buf[this.storeLLPc] = OP_BR_IF_STORE_LL_ADD_LC_TEE_LT_U_L;
      }
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
    this.addSetSerial = this.lastAddLcSerial = this.prevAddLcSerial = this.andnSerial = -10;
    this.lastBarrierSerial = this.serial;
    // Unmetered code keeps no block table: only meters read it.
    if (!this.meter) return;
    const n = this.blockPcs.length;
    // No operator since the last block start, hence no code either: the block keeps its charge
    // instruction where it is (the branch targets patched meanwhile point at it).
    if (n > 0 && this.blockCounts[n - 1] === 0) return;
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
    // Block metering only: the reference meter's CHARGEs stay plain (chargeExactly continues in them).
    const fuseCharge = this.chargeOp === OP_CHARGE && !this.perInstruction;
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
      // Fuse the CHARGE with the block's first instruction where the interpreter has that form (the
      // instruction's words stay where they are: nothing moves).
      if (fuseCharge && at + 3 < this.code.len) {
        const fused = chargeFusedOpcode(buf[at + 3]);
        const simd = chargeSimdOpcode(buf[at + 3]);
        if (fused >= 0) buf[at] = fused;
        else if (simd >= 0) buf[at] = simd;
      }
    }
  }

  /** Rewrites the first of each two adjacent instructions with the same opcode X that has an X×2
   *  form (internal-opcodes.ts, DOUBLE_TARGETS) to it, in place; a third X pairs with a fourth. */
  private fuseDoubles(): void {
    const buf = this.code.buf;
    const end = this.code.len;
    let prevPc = -1;
    let prevOp = -1;
    for (let pc = 0; pc < end; pc += internalInstructionLength(buf, pc)) {
      const op = buf[pc];
      if (op === prevOp && doubleOpcode(op) >= 0) {
        buf[prevPc] = doubleOpcode(op);
        prevOp = -1;
      } else if (op === OP_I64_ROTL_L_STORE && prevOp === LOAD32_U_LC) {
        // i64.load32_u_lc then i64.rotl_l_store: the same in-place rewrite, for a pair of two different ops.
        buf[prevPc] = OP_I64_LOAD32_U_LC_ROTL_L_STORE;
        prevOp = -1;
      } else {
        prevOp = op;
        prevPc = pc;
      }
    }
  }

  /** Replaces the code from `at` (an `i64.xor_lc a -1`, then anything up to the i64.and) with
   *  `i64.andn_ll a b`, and remembers it for the chi-step fusion that may follow. */
  private emitAndn(at: number, b: number): void {
    const code = this.code;
    const a = code.buf[at + 1];
    this.truncate(at);
    code.push(OP_I64_ANDN_LL); code.push(a); code.push(b);
    this.setWindow(W_NONE, at);
    this.andnPc = at;
    this.andnSerial = this.serial;
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
    const params = type.params;
    const localCount = params.length + localTypes.length;
    if (this.localTypes.length < localCount) {
      const size = Math.max(localCount, this.localTypes.length * 2);
      this.localTypes = new Uint8Array(size);
      this.localSlots = new Int32Array(size);
    }
    const allLocals = this.localTypes;
    const localSlot = this.localSlots;
    for (let i = 0; i < params.length; i++) allLocals[i] = params[i];
    for (let i = 0; i < localTypes.length; i++) allLocals[params.length + i] = localTypes[i];
    let slot = 0;
    for (let i = 0; i < localCount; i++) {
      localSlot[i] = slot * 2;
      slot += slotsOf(allLocals[i]);
    }
    const paramSlots = slotsOfAll(type.params);
    const localSlots = slot - paramSlots;
    this.resetState();
    if (this.lastWriteSerial.length < slot * 2 + 2) this.lastWriteSerial = new Int32Array(Math.max(slot * 2 + 2, this.lastWriteSerial.length * 2));
    this.lastWriteSerial.fill(-1, 0, slot * 2 + 2);
    this.height = slot;
    this.maxHeight = slot;
    const funcFrame = this.pushFrame(KIND_FUNC, EMPTY, type.results);
    this.startBlock();

    let reader = this.reader;
    if (reader === undefined) this.reader = reader = new OperatorReader(bytes, start, end);
    else reader.reset(start, end);
    let skipDepth = 0;
    // Fixed for the lowerer; read once per operator below.
    const meter = this.meter;
    const perInstruction = this.perInstruction;
    // The body is valid (validated before lowering), so the commonest operators are decoded here,
    // without the reader's checks and without a call, when their immediates are single bytes (see
    // binary/'s OPERATOR_SHAPE); everything else goes through reader.next(). Fields are set as next() sets them.
    while (reader.pos < end) {
      // Room for any one operator's words (br_table reserves its own), with the charges that
      // startBlock may add before and after it.
      if (code.buf.length - code.len < OPERATOR_ROOM) code.grow(OPERATOR_ROOM);
      const at = reader.pos;
      const first = bytes[at];
      let op = first;
      const shape = OPERATOR_SHAPE[first];
      if (shape === SHAPE_NONE) {
        reader.pos = at + 1;
      } else if (shape === SHAPE_INDEX) {
        // Any LEB length: linkers pad relocated indices (calls, __stack_pointer) to five bytes.
        let p = at + 1;
        let b = bytes[p++];
        let value = b & 0x7f;
        for (let shift = 7; b >= 0x80; shift += 7) {
          b = bytes[p++];
          value |= (b & 0x7f) << shift;
        }
        reader.index = value >>> 0;
        reader.pos = p;
      } else if (shape === SHAPE_I32) {
        let p = at + 1;
        let b = bytes[p++];
        let value = b & 0x7f;
        let shift = 7;
        for (; b >= 0x80; shift += 7) {
          b = bytes[p++];
          value |= (b & 0x7f) << shift;
        }
        // Sign-extend from the last byte's bit 6 (five-byte encodings already fill all 32 bits).
        if (shift < 32 && (b & 0x40) !== 0) value |= -1 << shift;
        reader.i32 = value | 0;
        reader.pos = p;
      } else if (shape === SHAPE_MEMARG && bytes[at + 1] < 0x80 && bytes[at + 2] < 0x80) {
        reader.memAlign = bytes[at + 1];
        reader.memOffset = bytes[at + 2];
        reader.pos = at + 3;
      } else if (shape === SHAPE_BLOCK && BLOCK_BYTE[bytes[at + 1]] !== 0) {
        // 0x40 (empty) or a value type: blockType is the negated byte (core/module.ts BLOCK_EMPTY).
        reader.blockType = -bytes[at + 1];
        reader.pos = at + 2;
      } else {
        op = reader.next();
      }
      const frame = this.innermost!;
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
      if (perInstruction) this.startBlock();
      this.serial++;
      if (meter) {
        this.opcodes.push(op);
        this.opPcs.push(code.len);
        this.blockCounts[this.blockCounts.length - 1]++;
      }
      this.tracked = false;
      const fusedIndex = op < 0x100 ? FUSED_INDEX[op] : -1;
      if (fusedIndex >= 0) {
        const deepLocal = this.w1Kind !== W_LG && this.w1Kind !== W_IC && SWAPPED_OPERANDS[fusedIndex] >= 0 ? this.elideDeepLocal(1) : -1;
        // popTwoPush(I32) written out (i32 operands, validated): the stack shrinks by one slot.
        const top = this.top - 1;
        if (top < 1) underflow();
        this.typeStack[top - 1] = I32;
        this.producerPc[top - 1] = -1;
        this.top = top;
        this.height -= 1;
        this.emitI32Binop(op, fusedIndex, deepLocal);
        continue;
      }
      const fused64 = op < 0x100 ? FUSED_I64_INDEX[op] : -1;
      if (fused64 >= 0 && this.w1Kind === W_I64C) {
        this.popTwoPush(I64);
        const lo = code.buf[this.w1Pc + 1];
        const hi = code.buf[this.w1Pc + 2];
        if (this.w2Kind === W_LG) {
          const a = code.buf[this.w2Pc + 1];
          const at = this.w2Pc;
          this.truncate(at);
          code.push(fusedI64Opcode(FAM64_LC, fused64)); code.push(a); code.push(lo); code.push(hi);
          this.setWindow(fused64 === XOR64_INDEX && lo === -1 && hi === -1 ? W_I64_NOT_L : W_NONE, at);
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
          this.popTwoPush(I64);
          if (fused64 === AND64_INDEX && this.w1Kind === W_I64_NOT_L && this.w1Pc + 4 === code.len) {
            // local.get b; i64.xor_lc a -1; i64.and  →  i64.andn_ll a b
            this.emitAndn(this.w1Pc, deepLocal);
            continue;
          }
          const at = code.len;
          code.push(fusedI64Opcode(FAM64_SL, fused64)); code.push(deepLocal);
          this.setWindow(W_I64_SL, at, fused64);
          continue;
        }
      }
      if (fused64 >= 0 && this.w1Kind === W_LG) {
        this.popTwoPush(I64);
        const b = code.buf[this.w1Pc + 1];
        if (this.w2Kind === W_LG) {
          const a = code.buf[this.w2Pc + 1];
          const at = this.w2Pc;
          this.truncate(at);
          code.push(fusedI64Opcode(FAM64_LL, fused64)); code.push(a); code.push(b);
          this.setWindow(W_I64_LL, at, fused64);
        } else if (fused64 === AND64_INDEX && this.w2Kind === W_I64_NOT_L && this.w2Pc + 4 === this.w1Pc) {
          // i64.xor_lc a -1; local.get b; i64.and  →  i64.andn_ll a b
          this.emitAndn(this.w2Pc, b);
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
            this.innermost = this.frames[this.frames.length - 1];
            break;
          }
          const endPc = code.len;
          for (const pos of frame.fixups) code.buf[pos] = endPc;
          if (frame.elseFixup >= 0) code.buf[frame.elseFixup] = endPc;
          this.frames.pop();
          this.innermost = this.frames[this.frames.length - 1];
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
          code.reserve(3 * n + 8);
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
          if (t !== V128 && this.w1Kind === W_I64_CMP_LC && code.len === this.w1Pc + 5 && code.buf[this.w1Pc] === OP_I64_CMP_LC) {
            // i64.cmp_lc a lo hi mask; select  →  i64.cmp_lc_select a lo hi mask (in place)
            code.buf[this.w1Pc] = OP_I64_CMP_LC_SELECT;
            break;
          }
          code.push(t === V128 ? OP_SELECT_V128 : OP_SELECT);
          break;
        }
        case 0x20: { // local.get
          // push(t) and track(W_LG, pc) written out: the commonest operator, and lower() is far too
          // big for V8 to inline them.
          const t = allLocals[reader.index];
          const top = this.top;
          if (top === this.typeStack.length) this.growStack();
          this.typeStack[top] = t;
          this.top = top + 1;
          const height = this.height + (t === V128 ? 2 : 1);
          this.height = height;
          if (height > this.maxHeight) this.maxHeight = height;
          const pc = code.len;
          // A v128 one too, for f32x4.mul_acc_local (fuseSimd); elideDeepLocal takes only a plain OP_LOCAL_GET.
          this.producerPc[top] = pc;
          this.producerSerial[top] = this.serial;
          if (t !== V128) {
            this.w2Kind = this.w1Kind;
            this.w2Pc = this.w1Pc;
            this.w2Index = this.w1Index;
            this.w1Kind = W_LG;
            this.w1Pc = pc;
            this.w1Index = 0;
            this.tracked = true;
          }
          code.push(t === V128 ? OP_LOCAL_GET_V128 : OP_LOCAL_GET);
          code.push(localSlot[reader.index]);
          break;
        }
        case 0x21: { // local.set
          // pop() and the write's serial written out (common operator, lower() too big to inline calls).
          const top = this.top - 1;
          if (top < 0) underflow();
          const t = this.typeStack[top];
          this.top = top;
          this.height -= t === V128 ? 2 : 1;
          const written = localSlot[reader.index];
          this.lastWriteSerial[written] = this.serial;
          if (t === V128) this.lastWriteSerial[written + 2] = this.serial;
          if (this.w1Kind >= W_ARITH_LL && this.w1Kind <= W_ARITH_SC && this.w1Index < FUSED_SET_TEE_COUNT) {
            // The value is the fused instruction's result: write it to the local directly.
            if (this.w1Kind === W_ARITH_LC && this.w1Index === ADD_INDEX) {
              this.addSetPc = this.w1Pc;
              this.addSetSerial = this.serial;
            }
            code.buf[this.w1Pc] = fusedOpcode(SET_FAMILY_BY_KIND[this.w1Kind], this.w1Index);
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.serial === this.addTeeSerial + 1 && code.len === this.addTeePc + 4 && code.buf[this.addTeePc] === fusedOpcode(FAM_LC_TEE, ADD_INDEX)) {
            // i32.add_lc_tee a c k; local.set j  →  i32.add_lc_set2 a c k j (in place)
            code.buf[this.addTeePc] = OP_I32_ADD_LC_SET2;
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_CMP_LC && code.len === this.w1Pc + 3 && code.buf[this.w1Pc] === fusedOpcode(FAM_LC, this.w1Index)) {
            // i32.<cmp>_lc a c; local.set k  →  i32.cmp_lc_set a c mask k (in place)
            code.buf[this.w1Pc] = OP_I32_CMP_LC_SET;
            code.push(I64_COMPARE_MASK[this.w1Index - FUSED_ARITH_COUNT]);
            code.push(localSlot[reader.index]);
            break;
          }
          // i64.cmp_lc a lo hi mask; local.set k  →  i64.cmp_lc_set a lo hi mask k
          if (this.w1Kind === W_I64_CMP_LC && this.rewriteThenSet(OP_I64_CMP_LC, 5, OP_I64_CMP_LC_SET, localSlot[reader.index])) break;
          // i64.rem_u_sl b; local.set k  →  i64.rem_u_sl_set b k (the set's pc is past the trap's)
          if (this.w1Kind === W_I64_REM_U_SL && this.rewriteThenSet(OP_I64_REM_U_SL, 2, OP_I64_REM_U_SL_SET, localSlot[reader.index])) break;
          // i32.const c; local.set k  →  local.set_c c k
          if (this.w1Kind === W_IC && this.rewriteThenSet(OP_I32_CONST, 2, OP_LOCAL_SET_C, localSlot[reader.index])) break;
          if (this.w1Kind === W_LOAD_L && LOAD_L_SET[this.w1Index] >= 0) {
            code.buf[this.w1Pc] = LOAD_L_SET[this.w1Index];
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_F64_ADD_SL) {
            code.buf[this.w1Pc] = OP_F64_ADD_SL_SET;
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_F64_ADD && this.w2Kind === W_F64_ADD_SL && this.w2Pc + 2 === this.w1Pc && code.len === this.w1Pc + 1 &&
              code.buf[this.w2Pc] === OP_F64_ADD_SL) {
            // f64.add_sl b; f64.add; local.set k  →  f64.add_sl_add_set b k
            const at = this.w2Pc;
            this.truncate(this.w1Pc);
            code.buf[at] = OP_F64_ADD_SL_ADD_SET;
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_LOAD_S && (this.w1Index === 0x29 || this.w1Index === 0x2b) && this.shlTeeSerial === this.serial - 2 &&
              this.lastBarrierSerial < this.shlTeeSerial && this.shlTeePc + 4 === this.w1Pc && code.len === this.w1Pc + 2 &&
              code.buf[this.shlTeePc] === OP_I32_SHL_SC_ADD_SL_TEE) {
            // i32.shl_sc_add_sl_tee c b k; i64.load offset; local.set k2  →  i64.load_set_shl_sc_add_sl_tee c b k _ offset k2
            code.buf[this.shlTeePc] = OP_I64_LOAD_SET_SHL_SC_ADD_SL_TEE;
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_LOAD_S || this.w1Kind === W_F64_ADD) {
            // <load> offset; local.set k  →  i32/i64.load_set offset k (f32/f64 as raw bits);
            // f64.add; local.set k  →  f64.add_set k
            const index = this.w1Index;
            code.buf[this.w1Pc] = this.w1Kind === W_F64_ADD ? OP_F64_ADD_SET : index === 0x28 || index === 0x2a ? OP_I32_LOAD_SET : OP_I64_LOAD_SET;
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_I64_LL) {
            // (i64.<op>_sl has no _set form: it fired in no workload; a plain local.set follows it.)
            code.buf[this.w1Pc] = fusedI64Opcode(FAM64_LL_SET, this.w1Index);
            code.push(localSlot[reader.index]);
            break;
          }
          if (this.w1Kind === W_LG) {
            // local.get a; local.set b  →  local.copy a b (and copies in a row → local.copy_n)
            const from = code.buf[this.w1Pc + 1];
            const at = this.w1Pc;
            this.truncate(at);
            const copyAt = this.w2Pc;
            if (this.w2Kind === W_COPY && copyAt + 3 === at && code.buf[copyAt] === OP_LOCAL_COPY) {
              const [a, b] = [code.buf[copyAt + 1], code.buf[copyAt + 2]];
              this.truncate(copyAt);
              code.push(OP_LOCAL_COPY_N); code.push(2); code.push(a); code.push(b); code.push(from); code.push(localSlot[reader.index]);
              this.setWindow(W_COPY, copyAt);
              break;
            }
            if (this.w2Kind === W_COPY && code.buf[copyAt] === OP_LOCAL_COPY_N && copyAt + 2 + 2 * code.buf[copyAt + 1] === at) {
              code.buf[copyAt + 1]++;
              code.push(from); code.push(localSlot[reader.index]);
              this.setWindow(W_COPY, copyAt);
              break;
            }
            code.push(OP_LOCAL_COPY);
            code.push(from);
            code.push(localSlot[reader.index]);
            this.setWindow(W_COPY, at);
            break;
          }
          if (t === V128 && this.fuseSimdLocalSet(localSlot[reader.index])) break;
          code.push(t === V128 ? OP_LOCAL_SET_V128 : OP_LOCAL_SET);
          code.push(localSlot[reader.index]);
          break;
        }
        case 0x22: { // local.tee
          const t = allLocals[reader.index];
          const written = localSlot[reader.index];
          this.lastWriteSerial[written] = this.serial;
          if (t === V128) this.lastWriteSerial[written + 2] = this.serial;
          if ((this.w1Kind === W_ARITH_SL || this.w1Kind === W_ARITH_SC) && (this.w1Index === XOR_INDEX || this.w1Index === ADD_INDEX) && code.len === this.w1Pc + 2) {
            // x <</>>> c; (local.get b | i32.const d); i32.xor/add; local.tee k  →  one instruction
            // (xorshift steps, scaled array addresses)
            const b = code.buf[this.w1Pc + 1];
            const at = this.w2Pc;
            const sl = this.w1Kind === W_ARITH_SL;
            const xor = this.w1Index === XOR_INDEX;
            const shiftSc = this.w2Kind === W_ARITH_SC && at + 2 === this.w1Pc &&
              (xor ? sl && (this.w2Index === SHL_INDEX || this.w2Index === SHR_U_INDEX) : this.w2Index === SHL_INDEX);
            const shiftLc = xor && sl && this.w2Kind === W_ARITH_LC && this.w2Index === SHL_INDEX && at + 3 === this.w1Pc;
            if ((shiftSc || shiftLc) && code.buf[at] === fusedOpcode(shiftSc ? FAM_SC : FAM_LC, this.w2Index)) {
              const first = code.buf[at + 1];
              const second = code.buf[at + 2];
              this.truncate(at);
              if (shiftSc) {
                code.push(!xor ? (sl ? OP_I32_SHL_SC_ADD_SL_TEE : OP_I32_SHL_SC_ADD_SC_TEE) : this.w2Index === SHL_INDEX ? OP_I32_SHL_SC_XOR_SL_TEE : OP_I32_SHR_U_SC_XOR_SL_TEE);
                code.push(first);
                if (!xor) {
                  this.shlTeePc = at;
                  this.shlTeeSerial = this.serial;
                }
              } else {
                code.push(OP_I32_SHL_LC_XOR_SL_TEE);
                code.push(first);
                code.push(second);
              }
              code.push(b);
              code.push(localSlot[reader.index]);
              break;
            }
          }
          if ((this.w1Kind === W_LOAD_L || this.w1Kind === W_LOAD_LC) && (this.w1Index === 0x28 || this.w1Index === 0x2a) &&
              code.len === this.w1Pc + (this.w1Kind === W_LOAD_L ? 3 : 4)) {
            // i32.load_l / i32.load_lc; local.tee k  →  i32.load_l_tee / i32.load_lc_tee (f32 as raw bits;
            // the tee's pc is the load's end, so a trap in the load refunds it)
            code.buf[this.w1Pc] = this.w1Kind === W_LOAD_L ? OP_I32_LOAD_L_TEE : OP_I32_LOAD_LC_TEE;
            code.push(localSlot[reader.index]);
            this.setWindow(W_NONE, this.w1Pc);
            break;
          }
          if (this.w1Kind === W_LOAD_L && (this.w1Index === 0x29 || this.w1Index === 0x2b)) {
            // i64.load_l a offset; local.tee k  →  i64.load_l_tee a offset k (f64 as raw bits)
            code.buf[this.w1Pc] = OP_I64_LOAD_L_TEE;
            code.push(localSlot[reader.index]);
            this.setWindow(W_I64_LOAD_TEE, this.w1Pc);
            break;
          }
          if (this.w1Kind >= W_ARITH_LL && this.w1Kind <= W_ARITH_SC && this.w1Index < FUSED_SET_TEE_COUNT) {
            code.buf[this.w1Pc] = fusedOpcode(TEE_FAMILY_BY_KIND[this.w1Kind], this.w1Index);
            code.push(localSlot[reader.index]);
            if ((this.w1Kind === W_ARITH_LC || this.w1Kind === W_ARITH_LL) && this.w1Index === 0) {
              // Candidate for br_if.i32.add_lc_tee_ne & co. (see emitFusedCondJump).
              this.addTeePc = this.w1Pc;
              this.addTeeSerial = this.serial;
              this.addTeeHeight = this.top;
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
          if (t === I32) {
            this.globalGetPc = code.len;
            this.globalGetSerial = this.serial;
          }
          code.push(t === V128 ? OP_GLOBAL_GET_V128 : OP_GLOBAL_GET);
          code.push(reader.index);
          break;
        }
        case 0x24: { // global.set
          const t = this.pop();
          const at = this.globalGetPc;
          if (t === I32 && this.serial === this.globalGetSerial + 4 && this.lastBarrierSerial < this.globalGetSerial && code.len === at + 5 &&
              code.buf[at] === OP_GLOBAL_GET && code.buf[at + 1] === reader.index && code.buf[at + 2] === fusedOpcode(FAM_SC_TEE, SUB_INDEX)) {
            // global.get g; i32.const c; i32.sub; local.tee k; global.set g — exactly these operators in a row,
            // in one block  →  global.sub_sc_tee g _ c k (in place)
            code.buf[at] = OP_GLOBAL_SUB_SC_TEE;
            break;
          }
          if (t === I32 && this.w1Kind === W_ARITH_LC && this.w1Index === ADD_INDEX && code.len === this.w1Pc + 3 && code.buf[this.w1Pc] === fusedOpcode(FAM_LC, ADD_INDEX)) {
            // i32.add_lc a c; global.set g  →  i32.add_lc_global_set a c g (in place)
            code.buf[this.w1Pc] = OP_I32_ADD_LC_GLOBAL_SET;
            code.push(reader.index);
            break;
          }
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
        case 0x41: { // i32.const
          // push(I32) and track(W_IC, pc) written out, as for local.get.
          const top = this.top;
          if (top === this.typeStack.length) this.growStack();
          this.typeStack[top] = I32;
          this.producerPc[top] = -1;
          this.top = top + 1;
          const height = this.height + 1;
          this.height = height;
          if (height > this.maxHeight) this.maxHeight = height;
          this.w2Kind = this.w1Kind;
          this.w2Pc = this.w1Pc;
          this.w2Index = this.w1Index;
          this.w1Kind = W_IC;
          this.w1Pc = code.len;
          this.w1Index = 0;
          this.tracked = true;
          code.push(OP_I32_CONST);
          code.push(reader.i32);
          break;
        }
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
          // Only these operators take part in the fusions below; the rest go straight to the plain form.
          if (op < 0x100 && FUSION_CANDIDATE[op] !== 0) {
            if (op === 0x36 && this.w1Kind === W_ARITH_SC && this.w1Index === 0 && this.w2Kind === W_LOAD_L && this.w2Index === 0x28 && this.w2Pc + 3 === this.w1Pc) {
              // i32.load_l a loffset; i32.add_sc c; i32.store soffset  →  i32.load_l_add_sc_store a loffset _ c soffset
              // (rewritten in place: the add keeps its pc, see internal-opcodes.ts)
              this.pop();
              this.pop();
              code.buf[this.w2Pc] = OP_I32_LOAD_L_ADD_SC_STORE;
              code.push(reader.memOffset | 0);
              if (this.shlTeeSerial === this.serial - 5 && this.lastBarrierSerial < this.shlTeeSerial && this.shlTeePc + 4 === this.w2Pc &&
                  code.buf[this.shlTeePc] === OP_I32_SHL_SC_ADD_SC_TEE) {
                // …whose address is an i32.shl_sc_add_sc_tee right before: one instruction (in place)
                code.buf[this.shlTeePc] = OP_I32_LOAD_ADD_SC_STORE_SHL_SC_ADD_SC_TEE;
              }
              this.resetWindow();
              break;
            }
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
              this.popTwoPush(F64);
              if (this.w2Kind === W_F64_MUL && this.w2Pc + 1 === at) {
                // f64.mul; local.get b; f64.add  →  f64.mul_add_sl b
                this.truncate(this.w2Pc);
                code.push(OP_F64_MUL_ADD_SL);
                code.push(b);
                this.setWindow(W_NONE, this.w2Pc);
                break;
              }
              this.truncate(at);
              code.push(OP_F64_ADD_SL);
              code.push(b);
              this.setWindow(W_F64_ADD_SL, at);
              break;
            }
            if (op >= 0x28 && op <= 0x35 && (this.w1Kind === W_ARITH_LC || this.w1Kind === W_ARITH_SC) && this.w1Index === 0) {
              // i32.add_lc a c; <load> offset  →  <load>_lc a c offset (and _sc for a stack address)
              const fusedOp = this.w1Kind === W_ARITH_LC ? LOAD_LC[op] : LOAD_SC[op];
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
                this.setWindow(lc ? W_LOAD_LC : W_LOAD_SC, at, op);
                if (!lc && op === 0x2b) {
                  this.loadScPc = at;
                  this.loadScSerial = this.serial;
                }
                break;
              }
            }
            if (op >= 0x28 && op <= 0x35 && this.w1Kind === W_LG && LOAD_L[op] >= 0) {
              // local.get a; <load> offset  →  <load>_l a offset
              const a = code.buf[this.w1Pc + 1];
              const beforeKind = this.w2Kind, beforePc = this.w2Pc, beforeIndex = this.w2Index;
              this.truncate(this.w1Pc);
              this.pop();
              this.push(op === 0x28 || (op >= 0x2c && op <= 0x2f) ? I32 : op === 0x2a ? F32 : op === 0x2b ? F64 : I64);
              const at = code.len;
              code.push(LOAD_L[op]);
              code.push(a);
              code.push(reader.memOffset | 0);
              this.setWindow(W_LOAD_L, at, op);
              // The instruction right before the load, for f64.mul_load_l_l.
              this.w2Kind = beforeKind;
              this.w2Pc = beforePc;
              this.w2Index = beforeIndex;
              break;
            }
            if (this.w1Kind !== W_LG && FUSED_STORE[op] === 1) {
              // local.get a; <value>; <store>  →  <value>; <store>_ls a
              const a = this.elideDeepLocal(1);
              if (a >= 0) {
                this.pop();
                this.pop();
                const xorResult = (this.w1Kind === W_I64_SL || this.w1Kind === W_I64_LL) && this.w1Index === XOR64_INDEX;
                const andn = this.w1Pc - 3;
                if (op === 0x37 && xorResult && this.w1Kind === W_I64_SL && this.andnPc === andn && this.lastBarrierSerial < this.andnSerial &&
                    code.buf[andn] === OP_I64_ANDN_LL && code.len === this.w1Pc + 2) {
                  // i64.andn_ll b c; i64.xor_sl a; i64.store_ls p offset  →  i64.andn_xor_store b c a p offset
                  const xorLocal = code.buf[this.w1Pc + 1];
                  this.truncate(this.w1Pc);
                  code.buf[andn] = OP_I64_ANDN_XOR_STORE;
                  code.push(xorLocal);
                  code.push(a);
                  code.push(reader.memOffset | 0);
                  break;
                }
                if (op === 0x37 && (xorResult || this.w1Kind === W_I64_ROTL || this.w1Kind === W_I64_ROTL_L)) {
                  // i64.xor_sl / i64.xor_ll / i64.rotl / i64.rotl_ls; i64.store_ls a offset  →  one store of the result
                  code.buf[this.w1Pc] = this.w1Kind === W_I64_ROTL ? OP_I64_ROTL_STORE : this.w1Kind === W_I64_ROTL_L ? OP_I64_ROTL_L_STORE :
                    this.w1Kind === W_I64_SL ? OP_I64_XOR_SL_STORE : OP_I64_XOR_LL_STORE;
                  code.push(a);
                  code.push(reader.memOffset | 0);
                  break;
                }
                code.push(STORE_LS[op]);
                code.push(a);
                code.push(reader.memOffset | 0);
                break;
              }
            }
            if (((op === 0x37 || op === 0x39) && this.w1Kind === W_LOAD_LC && (this.w1Index === 0x29 || this.w1Index === 0x2b)) ||
                ((op === 0x36 || op === 0x38) && this.w1Kind === W_LOAD_SC && (this.w1Index === 0x28 || this.w1Index === 0x2a))) {
              // <load>_lc / _sc; <store> offset  →  a memory-to-memory move (same width, raw bits)
              this.pop();
              this.pop();
              const dst = this.prevAddLcPc;
              if (this.w1Kind === W_LOAD_LC && dst === this.w1Pc - 3 && this.prevAddLcSerial === this.serial - 5 &&
                  this.lastBarrierSerial < this.prevAddLcSerial && code.buf[dst] === fusedOpcode(FAM_LC, ADD_INDEX)) {
                // …with the destination address an i32.add_lc right before: i64.copy_lc_lc (in place)
                code.buf[dst] = OP_I64_COPY_LC_LC;
                code.push(reader.memOffset | 0);
                break;
              }
              code.buf[this.w1Pc] = this.w1Kind === W_LOAD_LC ? OP_I64_LOAD_LC_STORE : OP_I32_LOAD_SC_STORE;
              code.push(reader.memOffset | 0);
              break;
            }
            if ((op === 0x36 || op === 0x3a) && this.w1Kind === W_IC) {
              // i32.const v; i32.store / i32.store8 offset  →  i32.store_c / i32.store8_c v offset
              const v = code.buf[this.w1Pc + 1];
              this.truncate(this.w1Pc);
              this.pop();
              this.pop();
              const at = this.w2Pc;
              if (this.w2Kind === W_ARITH_LC && this.w2Index === ADD_INDEX && at + 3 === this.w1Pc && code.buf[at] === fusedOpcode(FAM_LC, ADD_INDEX)) {
                // …with the address an i32.add_lc: i32.store_c_lc / i32.store8_c_lc a c v offset
                code.buf[at] = op === 0x36 ? OP_I32_STORE_C_LC : OP_I32_STORE8_C_LC;
                code.push(v);
                code.push(reader.memOffset | 0);
                break;
              }
              code.push(op === 0x36 ? OP_I32_STORE_C : OP_I32_STORE8_C);
              code.push(v);
              code.push(reader.memOffset | 0);
              break;
            }
            if (op === 0x82 && this.w1Kind === W_LG && code.len === this.w1Pc + 2 && code.buf[this.w1Pc] === OP_LOCAL_GET) {
              // local.get b; i64.rem_u  →  i64.rem_u_sl b (both operators at one pc: a trap there counts both)
              const at = this.w1Pc;
              const b = code.buf[at + 1];
              this.popTwoPush(I64);
              this.truncate(at);
              code.push(OP_I64_REM_U_SL); code.push(b);
              this.setWindow(W_I64_REM_U_SL, at);
              break;
            }
            if (op >= 0x51 && op <= 0x5a && this.w1Kind === W_I64C && code.len === this.w1Pc + 3 && this.w2Kind === W_LG && this.w2Pc + 2 === this.w1Pc) {
              // local.get a; i64.const c; i64.<cmp>  →  i64.cmp_lc a c mask
              const lo = code.buf[this.w1Pc + 1];
              const hi = code.buf[this.w1Pc + 2];
              this.popTwoPush(I32);
              const at = this.w2Pc;
              const a = code.buf[at + 1];
              this.truncate(at);
              code.push(OP_I64_CMP_LC); code.push(a); code.push(lo); code.push(hi); code.push(I64_COMPARE_MASK[op - 0x51]);
              this.setWindow(W_I64_CMP_LC, at);
              break;
            }
            if (op === 0x50 && this.w1Kind === W_LG && code.len === this.w1Pc + 2) {
              // local.get a; i64.eqz  →  i64.cmp_lc a 0 (eq)
              const at = this.w1Pc;
              const a = code.buf[at + 1];
              this.pop();
              this.push(I32);
              this.truncate(at);
              code.push(OP_I64_CMP_LC); code.push(a); code.push(0); code.push(0); code.push(I64_COMPARE_MASK[0]);
              this.setWindow(W_I64_CMP_LC, at);
              break;
            }
            if (op === 0x85 && this.w1Kind === W_I64_LOAD_TEE) {
              // i64.load_l_tee a offset k; i64.xor  →  i64.load_l_tee_xor a offset k
              this.popTwoPush(I64);
              code.buf[this.w1Pc] = OP_I64_LOAD_L_TEE_XOR;
              this.setWindow(W_NONE, this.w1Pc);
              break;
            }
            if (op === 0x89 && this.w1Kind !== W_LG) {
              // local.get a; <amount>; i64.rotl  →  <amount>; i64.rotl_ls a
              const a = this.elideDeepLocal(1);
              if (a >= 0) {
                this.popTwoPush(I64);
                const at = code.len;
                code.push(OP_I64_ROTL_LS);
                code.push(a);
                this.setWindow(W_I64_ROTL_L, at);
                break;
              }
            }
            if (op === 0xa2 && !this.canonicalNaN && ((this.w1Kind === W_LOAD_L && this.w1Index === 0x2b) || (this.w1Kind === W_LOAD_LC && this.w1Index === 0x2b))) {
              // f64.load_l / f64.load_lc; f64.mul  →  the multiply reads its second operand from memory
              this.popTwoPush(F64);
              if (this.w1Kind === W_LOAD_L && this.w2Kind === W_LOAD_L && this.w2Index === 0x2b && this.w2Pc + 3 === this.w1Pc &&
                  code.len === this.w1Pc + 3 && code.buf[this.w2Pc] === LOAD_L[0x2b]) {
                // …and its first operand too: f64.mul_load_l_l a offset1 _ b offset2 (in place: the second
                // load keeps its pc, so a trap in the first load refunds it and the multiply)
                code.buf[this.w2Pc] = OP_F64_MUL_LOAD_L_L;
                this.setWindow(W_NONE, this.w2Pc);
                break;
              }
              const first = this.loadScPc;
              if (this.w1Kind === W_LOAD_LC && this.loadScSerial === this.serial - 5 && this.lastBarrierSerial < this.loadScSerial &&
                  first + 3 === this.w1Pc && code.len === this.w1Pc + 4 && code.buf[first] === LOAD_SC[0x2b]) {
                // f64.load_sc c1 offset1; (local.get a; i32.const c2; i32.add; f64.load offset2); f64.mul  →
                // f64.mul_load_sc_lc (the four operators in between can only be those: serials count operators)
                code.buf[first] = OP_F64_MUL_LOAD_SC_LC;
                this.setWindow(W_NONE, first);
                break;
              }
              code.buf[this.w1Pc] = this.w1Kind === W_LOAD_L ? OP_F64_MUL_LOAD_L : OP_F64_MUL_LOAD_LC;
              this.setWindow(W_NONE, this.w1Pc);
              break;
            }
            if (this.w1Kind === W_LG && FUSED_STORE[op] === 1) {
              // The stored value is a local: store_ll (address also a local) or store_sl.
              const v = code.buf[this.w1Pc + 1];
              this.pop();
              this.pop();
              if (this.w2Kind === W_LG) {
                const a = code.buf[this.w2Pc + 1];
                this.truncate(this.w2Pc);
                if (op === 0x36) {
                  this.storeLLPc = code.len;
                  this.storeLLSerial = this.serial;
                }
                code.push(STORE_LL[op]);
                code.push(a);
                code.push(v);
              } else {
                this.truncate(this.w1Pc);
                code.push(STORE_SL[op]);
                code.push(v);
              }
              code.push(reader.memOffset | 0);
              break;
            }
          }
          const info = OPINFO_DENSE[op];
          if (info === undefined || info.params === undefined || info.results === undefined) {
            throw new Error(`lowering: unexpected operator ${opName(op)}`);
          }
          const results = info.results;
          if (info.params.length === 2 && results.length === 1) this.popTwoPush(results[0]);
          else {
            this.popN(info.params.length);
            for (let i = 0; i < results.length; i++) this.push(results[i]);
          }
          // Plain instructions a following operator may fuse with.
          if (op >= 0x28 && op <= 0x2b) this.track(W_LOAD_S, code.len, op);
          else if (op === 0x89) this.track(W_I64_ROTL, code.len);
          else if (op === 0x50) this.track(W_I64_EQZ, code.len);
          else if ((op === 0xa0 || op === 0xa2) && !this.canonicalNaN) this.track(op === 0xa0 ? W_F64_ADD : W_F64_MUL, code.len);
          // Deterministic SIMD: the same sub-opcode in the OP_FD_DET_BASE range (NaN lanes canonical).
          if (op >= 0xfd00 && this.fuseSimd(op, reader.memOffset)) break;
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
      if (meter && DYNAMIC_COST[op & 0xff] !== 0 && (op === 0x40 || (op >= 0xfc00 && op < 0xfd00))) this.startBlock();
    }
    if (this.frames.length !== 0) throw new Error("lowering: body ended inside a block (module not validated?)");
    void funcFrame;
    return this.finishFunction(type, paramSlots, localSlots);
  }

  /**
   * The CompiledFunction of the function just lowered. Kept out of lower(): the objects made here
   * all outlive the scavenges, and when V8 changes its pretenuring decision for an allocation site
   * it deoptimizes the code that allocates there — cheap to redo for this method, hundreds of
   * milliseconds of TurboFan for lower().
   */
  private finishFunction(type: FuncType, paramSlots: number, localSlots: number): CompiledFunction {
    const code = this.code;
    const arena = this.arena;
    const resultSlots = slotsOfAll(type.results);
    if (!this.perInstruction) this.fuseDoubles();
    if (!this.meter) {
      return {
        code: code.finish(), paramSlots, localSlots, resultSlots, maxStackSlots: this.maxHeight,
        blockPcs: NO_ENTRIES, blockFirstOp: NO_ENTRIES, blockCounts: NO_ENTRIES, opcodes: NO_ENTRIES, opPcs: NO_ENTRIES, opGas: NO_ENTRIES,
        meter: undefined, reference: undefined,
      };
    }
    const opCount = this.opcodes.length;
    if (this.opGasScratch.length < opCount) this.opGasScratch = new Int32Array(Math.max(opCount, 2 * this.opGasScratch.length));
    const opGas = this.opGasScratch.subarray(0, opCount);
    const costs = this.costs!;
    for (let k = 0; k < opGas.length; k++) opGas[k] = costs[this.opcodes[k]];
    this.finishCharges(opGas);
    // The code first: it is open in the arena until finished, and the tables follow it.
    const finishedCode = code.finish();
    return {
      code: finishedCode,
      paramSlots,
      localSlots,
      resultSlots,
      maxStackSlots: this.maxHeight,
      blockPcs: arena.fromArray(this.blockPcs),
      blockFirstOp: arena.fromArray(this.blockFirstOp),
      blockCounts: arena.fromArray(this.blockCounts),
      opcodes: arena.fromArray(this.opcodes),
      opPcs: arena.fromArray(this.opPcs),
      opGas: arena.fromInt32s(opGas),
      meter: this.meterKind,
      reference: undefined,
    };
  }
}

/** Lowers defined function `definedIndex` (0-based among the module's own functions). */
export function compileFunction(module: ModuleRecord, definedIndex: number, options?: CompileOptions): CompiledFunction {
  const body = module.codes[definedIndex];
  return new ModuleLowerer(module, options, body.codeEnd - body.codeStart).lowerFunction(definedIndex);
}

/** The lowerers of one module: one per meter kind needed, each reused for every function so its
 *  buffers grow once per module instead of being allocated per function. */
class ModuleLowerer {
  private readonly main: FunctionLowerer;
  private readonly reference: FunctionLowerer | undefined;
  /** `bodyBytes`: the size of the bodies to be lowered, to size the code arena. */
  constructor(private readonly module: ModuleRecord, options: CompileOptions | undefined, bodyBytes: number) {
    // Profiled code is always per instruction: every block is one operator, so block executions are
    // exactly operator executions, and a trap or an unpayable charge never leaves a partly run block.
    const meter = options?.profile === true && options.meter !== undefined ? "reference" : options?.meter;
    const canonicalNaN = options?.canonicalNaN === true;
    // Unmetered code takes about 0.6 words per body byte (a real contract; fusion shrinks it);
    // metered code adds charges and side tables, and block mode a second, per-instruction copy.
    // Sized so that most modules fit in one chunk and small ones do not pay for a big one.
    const wordsPerByte = meter === undefined ? 0.7 : meter === "block" ? 8 : 4;
    const arena = new CodeArena(Math.min(1 << 20, Math.ceil(wordsPerByte * bodyBytes) + 256));
    this.main = new FunctionLowerer(module, canonicalNaN, meter, options?.opcodeCosts, options?.profile === true && meter !== undefined, arena);
    // Block mode needs the per-instruction form for a block that cannot be paid in full.
    this.reference = meter === "block" ? new FunctionLowerer(module, canonicalNaN, "reference", options?.opcodeCosts, options?.profile === true, arena) : undefined;
  }

  lowerFunction(definedIndex: number): CompiledFunction {
    const module = this.module;
    const type = module.types[module.functions[definedIndex]];
    const body = module.codes[definedIndex];
    const compiled = this.main.lower(type, body.locals, module.bytes, body.codeStart, body.codeEnd);
    if (this.reference !== undefined) compiled.reference = this.reference.lower(type, body.locals, module.bytes, body.codeStart, body.codeEnd);
    return compiled;
  }
}

export function compileModule(module: ModuleRecord, options?: CompileOptions): CompiledModule {
  let bodyBytes = 0;
  for (const body of module.codes) bodyBytes += body.codeEnd - body.codeStart;
  const count = module.functions.length;
  const functions: CompiledFunction[] = new Array<CompiledFunction>(count);
  if (options?.lazy === true && options.profile !== true) {
    const pending = new PendingLowering(module, options, Math.min(bodyBytes, LAZY_ARENA_BYTES));
    for (let i = 0; i < count; i++) functions[i] = pending.stub(i);
    return { functions };
  }
  const lowerer = new ModuleLowerer(module, options, bodyBytes);
  for (let i = 0; i < count; i++) functions[i] = lowerer.lowerFunction(i);
  return { functions };
}

/** Code arena chunk of lazily lowered modules, in body bytes: functions arrive one at a time and most
 *  of a big module's are never called, so its chunks are sized for a few functions, not for all. */
const LAZY_ARENA_BYTES = 8192;

/** The code of every stub: LOWER_PENDING, which makes the interpreter call lowerPending. */
const PENDING_CODE = new Int32Array([OP_LOWER_PENDING]);

/** Stubs not lowered yet, with what lowers them. */
const pendingStubs = new WeakMap<CompiledFunction, { readonly owner: PendingLowering; readonly definedIndex: number }>();

/** The functions of one lazily compiled module: stubs now, lowering (with one ModuleLowerer, made at
 *  the first call) later. */
class PendingLowering {
  private lowerer: ModuleLowerer | undefined;
  constructor(private readonly module: ModuleRecord, private readonly options: CompileOptions, private readonly arenaBytes: number) {}

  /** A stub with the frame facts the interpreter needs at a call (the locals are zeroed before the
   *  code runs) and the fields of a lowered function in the same order, so stubs and lowered
   *  functions share one object shape and run's property loads stay monomorphic. */
  stub(definedIndex: number): CompiledFunction {
    const module = this.module;
    const type = module.types[module.functions[definedIndex]];
    const paramSlots = slotsOfAll(type.params);
    const localSlots = slotsOfAll(module.codes[definedIndex].locals);
    const stub: CompiledFunction = {
      code: PENDING_CODE, paramSlots, localSlots, resultSlots: slotsOfAll(type.results),
      // A lower bound until lowered (params and locals): the interpreter checks the real height after lowering.
      maxStackSlots: paramSlots + localSlots,
      blockPcs: NO_ENTRIES, blockFirstOp: NO_ENTRIES, blockCounts: NO_ENTRIES, opcodes: NO_ENTRIES, opPcs: NO_ENTRIES, opGas: NO_ENTRIES,
      meter: this.options.meter, reference: undefined,
    };
    pendingStubs.set(stub, { owner: this, definedIndex });
    return stub;
  }

  /** The function index (imports first) of defined function `definedIndex`. */
  funcIndex(definedIndex: number): number {
    return this.module.numImportedFuncs + definedIndex;
  }

  lower(definedIndex: number): CompiledFunction {
    this.lowerer ??= new ModuleLowerer(this.module, this.options, this.arenaBytes);
    return this.lowerer.lowerFunction(definedIndex);
  }
}

/** Lowers the function of stub `cf` (compileModule with `lazy`) and fills `cf` in place with the
 *  result, so every instance sharing the module's code sees it. Does nothing for a lowered function. */
export function lowerPending(cf: CompiledFunction): void {
  const pending = pendingStubs.get(cf);
  if (pending === undefined) return;
  let lowered: CompiledFunction;
  try {
    lowered = pending.owner.lower(pending.definedIndex);
  } catch (error) {
    // Lowering a validated function must not fail; if it does, name the function (the stub stays a
    // stub, so nothing half-lowered is ever run) rather than let an internal exception escape bare.
    throw new CompileError(`internal error while lowering function ${pending.owner.funcIndex(pending.definedIndex)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The same keys in the same order (see stub()): no new properties, no shape change.
  Object.assign(cf, lowered);
  pendingStubs.delete(cf);
}

/** Lowers now every function of `compiled` still pending (for artifacts, which store lowered code). */
export function lowerAllPending(compiled: CompiledModule): void {
  for (const cf of compiled.functions) lowerPending(cf);
}

/** True when the internal code in [from, to) is only instructions that push values without
 *  control flow or local writes (what may lie between an accumulator's local.get (v128) and the
 *  f32x4.mul that consumes it for f32x4.mul_acc_local), exactly covering the range. */
function onlyPushesBetween(buf: Int32Array, from: number, to: number): boolean {
  let pc = from;
  const addLL = fusedOpcode(FAM_LL, ADD_INDEX), addLC = fusedOpcode(FAM_LC, ADD_INDEX);
  while (pc < to) {
    const op = buf[pc];
    if (op === OP_LOCAL_GET || op === OP_LOCAL_GET_V128 || op === OP_I32_CONST) pc += 2;
    else if (op === addLL || op === addLC || op === OP_V128_LOAD_L || op === OP_V128_LOAD32_SPLAT_L) pc += 3;
    else if (op === OP_V128_LOAD_LL || op === OP_V128_LOAD32_SPLAT_LL) pc += 4;
    else if (op === 0x1000 || op === 0x1100 || op === 0x1009 || op === 0x1109) pc += 3; // v128.load, v128.load32_splat
    else if (op === 0x100c || op === 0x110c) pc += 5; // v128.const
    else return false;
  }
  return pc === to;
}
