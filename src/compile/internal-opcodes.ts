// Internal opcodes. Plain numeric/memory/variable instructions keep their one-byte wasm opcode
// (so the interpreter's switch is dense over 0..0xff); 0xfc-prefixed ones map to 0xe0 + sub-opcode;
// control flow uses re-purposed or free one-byte codes whose immediates are resolved pcs and slot
// counts. The interpreter's case labels are numeric literals (faster than imported constants); a
// test checks them against this table.
//
// Immediates (all Int32):
//   UNREACHABLE                       —
//   BR_UNLESS   pc                    pop i32; jump if zero (lowered `if`)
//   BR          pc                    jump, no stack change
//   BR_IF       pc                    pop i32; jump if non-zero, no stack change
//   BR_TABLE    n, then n+1 × (pc, drop, keep)   pop i32 index (clamped to n = default)
//   RETURN      —                     results (resultSlots of the function) move to the frame base
//   CALL        funcIndex, paramSlots, resultSlots
//   CALL_INDIRECT typeIndex, tableIndex, paramSlots, resultSlots
//   BR_DROP     pc, drop, keep        move the top `keep` slots down by `drop` slots, then jump
//   BR_IF_DROP  pc, drop, keep        pop i32; if non-zero as BR_DROP
//   DROP        —                     one slot
//   SELECT      —                     one-slot operands (copies both words)
//   SELECT_V128 —                     two-slot operands
//   LOCAL_GET/SET/TEE  word           offset from the frame base in 32-bit words (2 per slot); one slot
//   LOCAL_GET_V128/SET_V128/TEE_V128 word
//   GLOBAL_GET/SET  globalIndex       two words; GLOBAL_GET_V128/SET_V128 four words
//   TABLE_GET/SET   tableIndex
//   loads/stores    offset (u32 stored as i32)
//   MEMORY_SIZE/GROW —
//   I32_CONST v | I64_CONST lo hi | F32_CONST bits | F64_CONST lo hi
//   REF_NULL —  REF_IS_NULL —  REF_FUNC funcIndex
//   0xe0+sub: saturating truncations (—), MEMORY_INIT dataIndex, DATA_DROP dataIndex, MEMORY_COPY —,
//   MEMORY_FILL —, TABLE_INIT elemIndex tableIndex, ELEM_DROP elemIndex, TABLE_COPY dst src,
//   TABLE_GROW/SIZE/FILL tableIndex
//   CHARGE      gas, count            pay for the basic block that follows (metered code)
//   CHARGE_PROFILE gas, count         the same, and count the block's execution (profiled code)

import { OPINFO_DENSE, opName } from "../core/index.ts";

export const OP_UNREACHABLE = 0x00;
export const OP_BR_UNLESS = 0x04;
export const OP_BR_DROP = 0x06;
export const OP_BR_IF_DROP = 0x07;
export const OP_BR = 0x0c;
export const OP_BR_IF = 0x0d;
export const OP_BR_TABLE = 0x0e;
export const OP_RETURN = 0x0f;
export const OP_CALL = 0x10;
export const OP_CALL_INDIRECT = 0x11;
export const OP_LOCAL_GET_V128 = 0x12;
export const OP_LOCAL_SET_V128 = 0x13;
export const OP_LOCAL_TEE_V128 = 0x14;
export const OP_GLOBAL_GET_V128 = 0x15;
export const OP_GLOBAL_SET_V128 = 0x16;
export const OP_SELECT_V128 = 0x17;
export const OP_CHARGE = 0x18;
/** Profiling flavor of CHARGE (same immediates: gas, count): also counts the block's executions.
 *  Not a case of the hot switch (it reaches the interpreter's cold path), so code lowered without
 *  profiling runs exactly as before. */
export const OP_CHARGE_PROFILE = 0x1e;
/** Deterministic mode: replace an f32 / f64 NaN on the stack top by the canonical NaN. */
export const OP_CANON_F32 = 0x19;
export const OP_CANON_F64 = 0x1d;
export const OP_DROP = 0x1a;
export const OP_SELECT = 0x1b;
export const OP_LOCAL_GET = 0x20;
export const OP_LOCAL_SET = 0x21;
export const OP_LOCAL_TEE = 0x22;
export const OP_GLOBAL_GET = 0x23;
export const OP_GLOBAL_SET = 0x24;
export const OP_TABLE_GET = 0x25;
export const OP_TABLE_SET = 0x26;
export const OP_MEMORY_SIZE = 0x3f;
export const OP_MEMORY_GROW = 0x40;
export const OP_I32_CONST = 0x41;
export const OP_I64_CONST = 0x42;
export const OP_F32_CONST = 0x43;
export const OP_F64_CONST = 0x44;
export const OP_REF_NULL = 0xd0;
export const OP_REF_IS_NULL = 0xd1;
export const OP_REF_FUNC = 0xd2;
/** 0xfc-prefixed opcode `sub` lowers to FC_BASE + sub. */
export const OP_FC_BASE = 0xe0;
/** SIMD (0xfd-prefixed) opcode `sub` lowers to FD_BASE + sub; far above the switch's labels (the
 *  interpreter dispatches SIMD in its default case). */
export const OP_FD_BASE = 0x1000;
/** SIMD sub-opcode `sub` in deterministic (canonical-NaN) mode lowers to FD_DET_BASE + sub. */
export const OP_FD_DET_BASE = 0x1100;
/** The whole code of a function not lowered yet (lazy lowering, see compileModule's `lazy`): the
 *  interpreter lowers the function when this runs (its first call), then starts over at pc 0 of the
 *  real code. No immediates; outside the hot switch's labels, so it costs nothing once lowered. */
export const OP_LOWER_PENDING = 0x0fff;

/** Internal opcode for a plain wasm opcode that keeps its immediates' meaning. */
export function internalOpcode(wasmOpcode: number): number {
  if (wasmOpcode < 0x100) return wasmOpcode;
  if (wasmOpcode >= 0xfc00 && wasmOpcode < 0xfd00) return OP_FC_BASE + (wasmOpcode & 0xff);
  return OP_FD_BASE + (wasmOpcode - 0xfd00);
}

/** Internal opcodes whose meaning differs from the wasm opcode with the same number. */
const CONTROL_NAMES: ReadonlyMap<number, string> = new Map([
  [OP_UNREACHABLE, "unreachable"], [OP_BR_UNLESS, "br_unless"], [OP_BR_DROP, "br_drop"], [OP_BR_IF_DROP, "br_if_drop"],
  [OP_BR, "br"], [OP_BR_IF, "br_if"], [OP_BR_TABLE, "br_table"], [OP_RETURN, "return"], [OP_CALL, "call"],
  [OP_CALL_INDIRECT, "call_indirect"], [OP_LOCAL_GET_V128, "local.get (v128)"], [OP_LOCAL_SET_V128, "local.set (v128)"],
  [OP_LOCAL_TEE_V128, "local.tee (v128)"], [OP_GLOBAL_GET_V128, "global.get (v128)"], [OP_GLOBAL_SET_V128, "global.set (v128)"],
  [OP_SELECT_V128, "select (v128)"], [OP_CHARGE, "charge"], [OP_CHARGE_PROFILE, "charge.profile"], [OP_CANON_F32, "canon.f32"], [OP_CANON_F64, "canon.f64"], [OP_DROP, "drop"], [OP_SELECT, "select"],
  [OP_LOWER_PENDING, "lower.pending"],
]);

/** Mnemonic of an internal opcode (the wasm mnemonic where the opcode is a plain wasm one). */
export function internalOpcodeName(code: number): string {
  const control = CONTROL_NAMES.get(code);
  if (control !== undefined) return control;
  if (code >= OP_SIMD_FUSED_BASE && code < OP_SIMD_FUSED_END) return SIMD_FUSED_INFO[code - OP_SIMD_FUSED_BASE][0];
  if (code === OP_CHARGE_SIMD) return "charge.simd";
  if (code >= OP_FD_BASE) return opName(0xfd00 + (code & 0xff));
  if (code >= OP_FUSED_BASE) return fusedName(code) ?? `<internal 0x${code.toString(16)}>`;
  if (code >= OP_FC_BASE) return opName(0xfc00 + (code - OP_FC_BASE));
  return opName(code);
}

// ---- Fused instructions (superinstructions). A "local operand" is a word offset from the frame
// base, a "constant operand" an i32 immediate; fusing removes the dispatch of the local.get /
// i32.const / local.set / local.tee / br_if it replaces. Operand sources: s = stack top, l = local,
// c = constant.
//   _sl b | _sc c        stack top ⊕ b → stack top          _ll a b | _lc a c   push a ⊕ b
//   _ll_set a b k | _lc_set a c k | _sl_set b k | _sc_set c k     local k = result (stack operand popped)
//   _ll_tee a b k | _lc_tee a c k | _sl_tee b k | _sc_tee c k     local k = result, and result on the stack
//   br_if.<cmp>_ss pc | _sl b pc | _sc c pc | _ll a b pc | _lc a c pc    jump when the compare holds
//   (a jump when it does not hold uses the inverse compare, see INVERSE_COMPARE)
//   BR_IF_L a pc / BR_UNLESS_L a pc: jump when local a is non-zero / zero
//   <load>_l a offset: push the load from address local a (+ offset); <load>_l_set a offset k
//   <store>_ll a v offset (address local a, value local v); <store>_sl v offset (address on the stack);
//   <store>_ls a offset (address local a, value on the stack)
//   LOCAL_COPY a b: local b = local a
// Numbering is COMPACT, right after the one-byte opcodes: V8 compiles the interpreter's switch to a
// jump table only while (largest label - smallest label) ≤ 3 × number of labels; beyond that it
// becomes a chain of comparisons. So families hold exactly their members (arithmetic-only families
// 11, compare-only families 10), and SIMD (dispatched in the default case, no labels) lives far above.

/** The fusable i32 binary operators: the first FUSED_ARITH_COUNT are arithmetic, the rest compares. */
export const FUSED_I32_BINOPS: readonly number[] = [
  0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, // add sub mul and or xor shl shr_s shr_u rotl rotr
  0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, // eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u
];
export const FUSED_ARITH_COUNT = 11;
/** The _set / _tee families hold only the first FUSED_SET_TEE_COUNT arithmetic operators (add … shr_u):
 *  rotations written straight to a local fired in no workload (bench/op-pairs.ts), and their 16 cases
 *  were worth more of run's bytecode budget elsewhere. Lowering emits a rotation then a plain
 *  local.set / local.tee. */
export const FUSED_SET_TEE_COUNT = 9;
export const OP_FUSED_BASE = 0x100;
export const FAM_SL = 0;
export const FAM_SC = 1;
export const FAM_LL = 2;
export const FAM_LC = 3;
export const FAM_LL_SET = 4;
export const FAM_LC_SET = 5;
export const FAM_BR_IF_SS = 6;
export const FAM_BR_IF_SL = 7;
export const FAM_BR_IF_SC = 8;
export const FAM_BR_IF_LL = 9;
export const FAM_BR_IF_LC = 10;
export const FAM_SL_SET = 11;
export const FAM_SC_SET = 12;
export const FAM_SL_TEE = 13;
export const FAM_SC_TEE = 14;
export const FAM_LL_TEE = 15;
export const FAM_LC_TEE = 16;
const FAMILY_COUNT = 17;
/** Index (in FUSED_I32_BINOPS) of the compare that is false exactly when compare i is true: a
 *  "jump unless a < b" is lowered as "jump if a >= b" (integers have no unordered case), which
 *  halves the branch families the interpreter needs. -1 for the arithmetic operators. */
export const INVERSE_COMPARE: readonly number[] = [
  -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
  12, 11, 19, 20, 17, 18, 15, 16, 13, 14, // eq↔ne, lt_s↔ge_s, lt_u↔ge_u, gt_s↔le_s, gt_u↔le_u
];
const FAMILY_SUFFIX = ["_sl", "_sc", "_ll", "_lc", "_ll_set", "_lc_set", "ss", "sl", "sc", "ll", "lc",
  "_sl_set", "_sc_set", "_sl_tee", "_sc_tee", "_ll_tee", "_lc_tee"];

/** Which binop indices a family has: all (value-producing), arithmetic only (set/tee), compares only (branches). */
function familyRange(family: number): [number, number] {
  if (family <= FAM_LC) return [0, FUSED_I32_BINOPS.length];
  if (family >= FAM_BR_IF_SS && family <= FAM_BR_IF_LC) return [FUSED_ARITH_COUNT, FUSED_I32_BINOPS.length];
  return [0, FUSED_SET_TEE_COUNT];
}

const FAMILY_BASE: readonly number[] = (() => {
  const bases: number[] = [];
  let next = OP_FUSED_BASE;
  for (let family = 0; family < FAMILY_COUNT; family++) {
    const [first, end] = familyRange(family);
    bases.push(next - first);
    next += end - first;
  }
  return bases;
})();
const FUSED_I32_END = FAMILY_BASE[FAMILY_COUNT - 1] + FUSED_SET_TEE_COUNT;

export function fusedOpcode(family: number, binopIndex: number): number {
  return FAMILY_BASE[family] + binopIndex;
}

/** Fused i64 arithmetic: families _sl b | _ll a b | _ll_set a b k | _sc lo hi | _lc a lo hi (operands as for i32). */
export const FUSED_I64_BINOPS: readonly number[] = [0x7c, 0x7d, 0x7e, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a];
export const FAM64_SL = 0;
export const FAM64_LL = 1;
/** (No _sl_set family: i64.<op>_sl then local.set fired in no workload nor the contract, and its 11
 *  cases were worth more of run's bytecode budget elsewhere; lowering emits the _sl form then local.set.) */
export const FAM64_LL_SET = 2;
/** i64.<op>_sc lo hi: stack top ⊕ constant; i64.<op>_lc a lo hi: push local a ⊕ constant. */
export const FAM64_SC = 3;
export const FAM64_LC = 4;
const FAMILY64_SUFFIX = ["_sl", "_ll", "_ll_set", "_sc", "_lc"];
const FAMILY64_COUNT = 5;
export const OP_I64_FUSED_BASE = FUSED_I32_END;

export function fusedI64Opcode(family: number, binopIndex: number): number {
  return OP_I64_FUSED_BASE + family * FUSED_I64_BINOPS.length + binopIndex;
}

/** Load from a local address: loadLOpcode(load), immediates a, offset. Only the loads that
 *  bench/op-pairs.ts sees in real code have this form (the size of the interpreter's switch is
 *  budgeted); f32/f64 loads use the i32/i64 one (raw bits). */
export const OP_LOAD_L_BASE = OP_I64_FUSED_BASE + FAMILY64_COUNT * FUSED_I64_BINOPS.length;
export const FUSED_LOAD_LS: readonly number[] = [0x28, 0x29, 0x2d];
/** The loads that have a <load>_l_set form (immediates a, offset, k); f32/f64 as i32/i64. (i32.load8_s_l,
 *  i32.load16_u_l and i32.load16_u_l_set fired in no workload nor the contract: their room in run went
 *  to charge+i32.load_l and charge+i32.load8_u_l, which lead many of the contract's blocks.) */
export const FUSED_LOAD_SETS: readonly number[] = [0x28, 0x29, 0x2d];
const OP_LOAD_L_SET_BASE = OP_LOAD_L_BASE + FUSED_LOAD_LS.length;
/** The stores that have <store>_ll / <store>_sl forms (the interpreter's size budget keeps the rarer ones plain). */
export const FUSED_STORES: readonly number[] = [0x36, 0x37, 0x3a];
/** The raw-bits store a fused form uses for wasm store `store` (f32→i32, f64→i64). */
function rawStore(store: number): number {
  return store === 0x38 ? 0x36 : store === 0x39 ? 0x37 : store;
}
/** Whether wasm store `store` has the <store>_ll / _sl / _ls forms (f32/f64 stores use the i32/i64 ones). */
export function isFusedStore(store: number): boolean {
  return FUSED_STORES.includes(rawStore(store));
}
const OP_STORE_LL_BASE = OP_LOAD_L_SET_BASE + FUSED_LOAD_SETS.length;
const OP_STORE_SL_BASE = OP_STORE_LL_BASE + FUSED_STORES.length;
/** <store>_ls a offset: address in local a, value on the stack. */
const OP_STORE_LS_BASE = OP_STORE_SL_BASE + FUSED_STORES.length;
export const OP_LOCAL_COPY = OP_STORE_LS_BASE + FUSED_STORES.length;
export const OP_BR_IF_L = OP_LOCAL_COPY + 1;
export const OP_BR_UNLESS_L = OP_LOCAL_COPY + 2;
/** <load>_lc a c offset: load from address (local a + c) (+ offset), pushed; <load>_sc c offset: from
 *  (stack top + c), replacing it. The fused `i32.add` wraps like the wasm one before the offset is
 *  added, so bounds checks are exact. f32/f64 loads use the i32/i64 forms (raw bits). */
export const FUSED_LOAD_LCS: readonly number[] = [0x28, 0x29, 0x2d, 0x35];
export const FUSED_LOAD_SCS: readonly number[] = [0x28, 0x29];
const OP_LOAD_LC_BASE = OP_LOCAL_COPY + 3;
const OP_LOAD_SC_BASE = OP_LOAD_LC_BASE + FUSED_LOAD_LCS.length;
/** f64.add_sl b: stack top + local b → stack top; f64.add_sl_set b k: → local k (stack operand
 *  popped). The accumulate step `acc = acc + x` of float loops (not used in deterministic mode,
 *  where the sum must be canonicalized on the stack). */
export const OP_F64_ADD_SL = OP_LOAD_SC_BASE + FUSED_LOAD_SCS.length;
export const OP_F64_ADD_SL_SET = OP_F64_ADD_SL + 1;
/** i32.add_sc_store c offset: i32.add_sc c then i32.store (address below the value on the stack);
 *  the `p[i] += c` / counter-increment step. */
export const OP_I32_ADD_SC_STORE = OP_F64_ADD_SL + 2;
/** br_if.i32.add_lc_tee_ne a c k n pc: local k = local a + c; jump if that value ≠ n (the loop
 *  back-edge `i += c; if (i != n) continue`: i32.add_lc_tee + br_if.i32.ne_sc in one). */
export const OP_BR_IF_ADD_LC_TEE_NE = OP_I32_ADD_SC_STORE + 1;
// Superinstructions chosen from bench/op-pairs.ts's dynamic pair counts (keccak, copy, matmul,
// histogram, sha256). A fused instruction that can trap before its last wasm operator checks while
// its pc still lies inside that operator's part (before the next operator's opPcs), so the meter's
// refund after a trap counts exactly the operators that ran.
/** i64.load_l_tee a offset k: push the i64 at (local a + offset) and set local k to it. */
export const OP_I64_LOAD_L_TEE = OP_BR_IF_ADD_LC_TEE_NE + 1;
/** i64.xor_sl_store b p offset: store (stack top ^ local b) at (local p + offset); i64.xor_ll_store
 *  a b p offset: store (local a ^ local b) there. (i64.xor_sl / _ll then i64.store_ls.) */
export const OP_I64_XOR_SL_STORE = OP_I64_LOAD_L_TEE + 1;
export const OP_I64_XOR_LL_STORE = OP_I64_LOAD_L_TEE + 2;
/** i64.rotl_store p offset: store rotl(x, k) ([x, k] on the stack) at (local p + offset). */
export const OP_I64_ROTL_STORE = OP_I64_LOAD_L_TEE + 3;
/** i32.load_set offset k / i64.load_set offset k: load from the stack address (+ offset) into local k
 *  (f32/f64 use them as raw bits). */
export const OP_I32_LOAD_SET = OP_I64_LOAD_L_TEE + 4;
export const OP_I64_LOAD_SET = OP_I64_LOAD_L_TEE + 5;
/** i64.load_lc_store a c loffset soffset: the i64 at ((local a + c) + loffset) stored at (stack
 *  address + soffset); i32.load_sc_store c loffset soffset: [dst, src] on the stack, the i32 at
 *  ((src + c) + loffset) stored at (dst + soffset). Memory-to-memory moves. */
export const OP_I64_LOAD_LC_STORE = OP_I64_LOAD_L_TEE + 6;
export const OP_I32_LOAD_SC_STORE = OP_I64_LOAD_L_TEE + 7;
/** i32.shl_sc_xor_sl_tee c b k / i32.shr_u_sc_…: v = (stack top << c) ^ local b (>>> for shr_u)
 *  replaces the top and goes to local k; i32.shl_lc_xor_sl_tee a c b k: v = (local a << c) ^ local b
 *  pushed and to local k. The xorshift step `x ^= x << c` (PRNGs, hash mixing). */
export const OP_I32_SHL_SC_XOR_SL_TEE = OP_I64_LOAD_L_TEE + 8;
export const OP_I32_SHR_U_SC_XOR_SL_TEE = OP_I64_LOAD_L_TEE + 9;
export const OP_I32_SHL_LC_XOR_SL_TEE = OP_I64_LOAD_L_TEE + 10;
/** i32.mul_sc_add c: [a, b] → a + b * c (polynomial hashes, scaled indices). */
export const OP_I32_MUL_SC_ADD = OP_I64_LOAD_L_TEE + 11;
/** f64.mul_add_sl b: [x, y] → x * y + local b; f64.add_set k: [x, y] → local k = x + y;
 *  f64.mul_load_l a offset: top * (f64 at local a + offset); f64.mul_load_lc a c offset: top * (f64
 *  at (local a + c) + offset). Not used in deterministic mode (results must be canonicalized). */
export const OP_F64_MUL_ADD_SL = OP_I64_LOAD_L_TEE + 12;
export const OP_F64_ADD_SET = OP_I64_LOAD_L_TEE + 13;
export const OP_F64_MUL_LOAD_L = OP_I64_LOAD_L_TEE + 14;
export const OP_F64_MUL_LOAD_LC = OP_I64_LOAD_L_TEE + 15;
/** local.copy_n n (a b)×n: local b = local a for each pair, in order (register shuffles; variable
 *  length). */
export const OP_LOCAL_COPY_N = OP_I64_LOAD_L_TEE + 16;
/** i64.rotl_ls a: [k] → rotl(local a, k); i64.rotl_l_store a p offset: store rotl(local a, k) ([k] on
 *  the stack) at (local p + offset). */
export const OP_I64_ROTL_LS = OP_I64_LOAD_L_TEE + 17;
export const OP_I64_ROTL_L_STORE = OP_I64_LOAD_L_TEE + 18;
/** i64.andn_ll a b: push ~local a & local b (i64.xor_lc a -1 then i64.and_sl b: keccak's chi step). */
export const OP_I64_ANDN_LL = OP_I64_LOAD_L_TEE + 19;
/** i32.shl_sc_add_sl_tee c b k: v = (stack top << c) + local b; i32.shl_sc_add_sc_tee c d k: v = (stack
 *  top << c) + d; v replaces the top and goes to local k (scaled array addresses). */
export const OP_I32_SHL_SC_ADD_SL_TEE = OP_I64_LOAD_L_TEE + 20;
export const OP_I32_SHL_SC_ADD_SC_TEE = OP_I64_LOAD_L_TEE + 21;
/** i32.rotl_lc_xor a c: stack top ^= rotl(local a, c) (SHA-2's Σ functions). */
export const OP_I32_ROTL_LC_XOR = OP_I64_LOAD_L_TEE + 22;
/** i64.load_l_tee_xor a offset k: v = the i64 at (local a + offset); local k = v; stack top ^= v. */
export const OP_I64_LOAD_L_TEE_XOR = OP_I64_LOAD_L_TEE + 23;
/** i32.store_c v offset / i32.store8_c v offset: store the constant v at (stack address + offset). */
export const OP_I32_STORE_C = OP_I64_LOAD_L_TEE + 24;
export const OP_I32_STORE8_C = OP_I64_LOAD_L_TEE + 25;
/** i32.load_l_add_sc_store a loffset _ c soffset: the i32 at (local a + loffset) plus c, stored at
 *  (stack address + soffset) — `counts[x] += c`. The unused word keeps the add's own pc, so a trap in
 *  the load is told apart from one in the store (metering). */
export const OP_I32_LOAD_L_ADD_SC_STORE = OP_I64_LOAD_L_TEE + 26;
/** Loop back-edges on the value just incremented (v = local a + c, or local a + local b; local k = v):
 *  br_if.i32.add_lc_tee_nz a c k pc (jump if v ≠ 0); br_if.i32.add_lc_tee_lt_u_c a c k n pc and
 *  br_if.i32.add_ll_tee_lt_u_c a b k n pc (jump if v <u n); br_if.i32.add_lc_tee_lt_u_l a c k b pc
 *  (jump if v <u local b). */
export const OP_BR_IF_ADD_LC_TEE_NZ = OP_I64_LOAD_L_TEE + 27;
export const OP_BR_IF_ADD_LC_TEE_LT_U_C = OP_I64_LOAD_L_TEE + 28;
export const OP_BR_IF_ADD_LL_TEE_LT_U_C = OP_I64_LOAD_L_TEE + 29;
export const OP_BR_IF_ADD_LC_TEE_LT_U_L = OP_I64_LOAD_L_TEE + 30;
/** br_if.i32.add2_lc_tee_ne a1 c1 k1 a c k n pc: local k1 = local a1 + c1, then as
 *  br_if.i32.add_lc_tee_ne a c k n pc (loops with two induction variables). */
export const OP_BR_IF_ADD2_LC_TEE_NE = OP_I64_LOAD_L_TEE + 31;
/** i64.copy_lc_lc a1 c1 _ a2 c2 loffset soffset: the i64 at ((local a2 + c2) + loffset) stored at
 *  ((local a1 + c1) + soffset) (the unused word keeps the source operators' pc for metering). */
export const OP_I64_COPY_LC_LC = OP_I64_LOAD_L_TEE + 32;
/** i32.store_c_lc a c v offset / i32.store8_c_lc a c v offset: store the constant v at ((local a + c)
 *  + offset) (`flags[i + k] = v`). */
export const OP_I32_STORE_C_LC = OP_I64_LOAD_L_TEE + 33;
export const OP_I32_STORE8_C_LC = OP_I64_LOAD_L_TEE + 34;
/** i64.andn_xor_store b c a p offset: store (~local b & local c) ^ local a at (local p + offset)
 *  (i64.andn_ll, i64.xor_sl, i64.store_ls: keccak's chi step). */
export const OP_I64_ANDN_XOR_STORE = OP_I64_LOAD_L_TEE + 35;
// Round 3 (bench/op-pairs.ts on matmul, sha256, i64-divrem and the contract).
/** f64.add_sl_add_set b k: [x, y] → local k = x + (y + local b) (f64.add_sl b; f64.add; local.set k:
 *  a reduction unrolled by two). Not used in deterministic mode. */
export const OP_F64_ADD_SL_ADD_SET = OP_I64_LOAD_L_TEE + 36;
/** f64.mul_load_l_l a offset1 _ b offset2: push (the f64 at local a + offset1) · (the f64 at local b
 *  + offset2) — f64.load_l then f64.mul_load_l, rewritten in place: the unused word keeps the second
 *  load's pc, so a trap in the first load refunds the second load and the multiply (metering). Not
 *  used in deterministic mode. */
export const OP_F64_MUL_LOAD_L_L = OP_I64_LOAD_L_TEE + 37;
/** i32.add_load_lc a c offset: stack top + the i32 at ((local a + c) + offset) (i32.load_lc; i32.add:
 *  a sum of array elements). */
export const OP_I32_ADD_LOAD_LC = OP_I64_LOAD_L_TEE + 38;
/** i32.load_lc_tee a c offset k / i32.load_l_tee a offset k: the load pushed and written to local k
 *  (f32 as raw bits). */
export const OP_I32_LOAD_LC_TEE = OP_I64_LOAD_L_TEE + 39;
export const OP_I32_LOAD_L_TEE = OP_I64_LOAD_L_TEE + 40;
/** i32.shr_u_lc_xor a c: stack top ^= local a >>> c (i32.shr_u_lc; i32.xor: SHA-2's σ functions,
 *  hash finalizers). */
export const OP_I32_SHR_U_LC_XOR = OP_I64_LOAD_L_TEE + 41;
/** i64.cmp_lc a lo hi mask: push the i64 compare of local a with the constant hi:lo (local.get a;
 *  i64.const; i64.<cmp>, and local.get a; i64.eqz as a compare with 0). One instruction for all ten
 *  compares: `mask` bit o (o = 0 less, 1 equal, 2 greater) says whether the compare holds for that
 *  ordering, bit 3 that the ordering is unsigned (see I64_COMPARE_MASK). (A stack-operand form,
 *  i64.cmp_sc, fired in no workload: left out for run's bytecode budget.) */
export const OP_I64_CMP_LC = OP_I64_LOAD_L_TEE + 42;
/** Mask immediate of i64.cmp_lc for i64.eq … i64.ge_u (wasm opcode 0x51 + index; `run`'s
 *  plain i32 and i64 compares use it too: i32.eq … i32.ge_u, 0x46 + index, come in the same order). */
export const I64_COMPARE_MASK: readonly number[] = [
  0b0010, 0b0101, 0b0001, 0b1001, 0b0100, 0b1100, 0b0011, 0b1011, 0b0110, 0b1110, // eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u
];
/** f64.mul_load_sc_lc c1 offset1 _ a c2 offset2: stack top = (the f64 at (stack top + c1) + offset1) ·
 *  (the f64 at ((local a + c2) + offset2)) — f64.load_sc then f64.mul_load_lc, in place like
 *  f64.mul_load_l_l (the dot product unrolled: a[i + 1] · b[j + n]). Not used in deterministic mode. */
export const OP_F64_MUL_LOAD_SC_LC = OP_I64_LOAD_L_TEE + 43;
/** Read-modify-write at a scaled index, i32.shl_sc_add_sc_tee c d k or i32.shl_sc_add_sl_tee c b k
 *  (v = (stack top << c) + d or local b; local k = v) followed by an access at v, in place (words kept):
 *  i64.load_set_shl_sc_add_sl_tee c b k _ offset k2: local k2 = the i64 at v + offset (then
 *  i64.load_set; `x = a[j]` keeping &a[j] for the store back); i32.load_add_sc_store_shl_sc_add_sc_tee
 *  c d k _ a loffset _ c2 soffset: the i32 at (local a + loffset) plus c2 stored at v + soffset (then
 *  i32.load_l_add_sc_store; `counts[x] += c2`). The kept words hold the later operators' pcs, so a trap
 *  refunds exactly the operators after the trapping one (metering). */
export const OP_I64_LOAD_SET_SHL_SC_ADD_SL_TEE = OP_I64_LOAD_L_TEE + 44;
export const OP_I32_LOAD_ADD_SC_STORE_SHL_SC_ADD_SC_TEE = OP_I64_LOAD_L_TEE + 45;
/** i32.rotl_lc_rotl_lc_xor a c1 b c2: push rotl(local a, c1) ^ rotl(local b, c2); i32.rotl_sc_rotl_lc_xor
 *  c1 b c2: stack top = rotl(stack top, c1) ^ rotl(local b, c2) (i32.rotl_lc / i32.rotl_sc then
 *  i32.rotl_lc_xor: the rotations of SHA-2's Σ/σ, BLAKE-style mixing). */
export const OP_I32_ROTL_LC_ROTL_LC_XOR = OP_I64_LOAD_L_TEE + 46;
export const OP_I32_ROTL_SC_ROTL_LC_XOR = OP_I64_LOAD_L_TEE + 47;
/** i32.mul_lc_add a c: stack top + local a · c (i32.mul_lc; i32.add: the polynomial hash step
 *  h = h·31 + x, scaled indices). */
export const OP_I32_MUL_LC_ADD = OP_I64_LOAD_L_TEE + 48;
/** br_if.i32.store_ll_add_lc_tee_lt_u_l a v offset _ i c k b pc: i32.store_ll a v offset, then as
 *  br_if.i32.add_lc_tee_lt_u_l i c k b pc (in place: the unused word keeps the loop control's pc, so a
 *  trap in the store refunds it) — a whole fill loop `do { *p = v; p += c } while (p < end)` in one
 *  instruction (memset-like loops of compiled Rust and C). */
export const OP_BR_IF_STORE_LL_ADD_LC_TEE_LT_U_L = OP_I64_LOAD_L_TEE + 49;
/** local.set_c c k: local k = i32 constant c (i32.const c; local.set k: a block that starts by
 *  (re)setting a counter or flag, e.g. fib's loop initialisation). Writes the low word only, like
 *  the i32 families' _set forms. */
export const OP_LOCAL_SET_C = OP_I64_LOAD_L_TEE + 50;
// Round 4 (bench/op-pairs.ts on fib, i64-math, i64-divrem, sha256 and the contract).
/** i32.cmp_lc_set a c mask k: local k = the i32 compare of local a with the constant c (an
 *  i32.<cmp>_lc then local.set k: a flag kept for a later branch, e.g. fib's `n > 3`). One
 *  instruction for all ten compares, `mask` as for i64.cmp_lc (I64_COMPARE_MASK). */
export const OP_I32_CMP_LC_SET = OP_I64_LOAD_L_TEE + 51;
/** i64.cmp_lc_set a lo hi mask k: local k = i64.cmp_lc a lo hi mask (then local.set k). */
export const OP_I64_CMP_LC_SET = OP_I64_LOAD_L_TEE + 52;
/** i64.rem_u_sl b: stack top = stack top rem_u local b; i64.rem_u_sl_set b k: local k = that (stack
 *  operand popped) — local.get b; i64.rem_u (; local.set k): modular arithmetic (modmul / modexp
 *  loops). Both trap before their pc moves, inside the i64.rem_u's part (metering). */
export const OP_I64_REM_U_SL = OP_I64_LOAD_L_TEE + 53;
export const OP_I64_REM_U_SL_SET = OP_I64_LOAD_L_TEE + 54;
/** i64.cmp_lc_select a lo hi mask: i64.cmp_lc a lo hi mask then select ([x, y] → the compare holds ?
 *  x : y): branch-free min / max / clamp against a constant. */
export const OP_I64_CMP_LC_SELECT = OP_I64_LOAD_L_TEE + 55;
/** br_if.i64.eqz pc / br_if.i64.nez pc: pop an i64; jump if it is zero / not zero (i64.eqz then br_if,
 *  or then a lowered `if`: the bit test `if ((x & m) == 0)`, loop exits on a 64-bit counter). */
export const OP_BR_IF_I64_EQZ = OP_I64_LOAD_L_TEE + 56;
export const OP_BR_IF_I64_NEZ = OP_I64_LOAD_L_TEE + 57;
/** global.sub_sc_tee g _ c k: global.get g; i32.sub_sc_tee c k; global.set g in place (the middle word
 *  keeps the i32.sub_sc_tee opcode): v = global g - c, local k = v, global g = v — the shadow-stack
 *  frame allocation `sp = __stack_pointer - size` that starts most functions compiled by clang / rustc.
 *  i32.add_lc_global_set a c g: global g = local a + c (i32.add_lc then global.set: the matching
 *  frame release). Both write the global's low word only (its high word is unused for an i32). */
export const OP_GLOBAL_SUB_SC_TEE = OP_I64_LOAD_L_TEE + 58;
export const OP_I32_ADD_LC_GLOBAL_SET = OP_I64_LOAD_L_TEE + 59;
/** i32.add_lc_set2 a c k j: local k = local j = local a + c (i32.add_lc_tee a c k then local.set j: a
 *  value kept in two locals, e.g. a loop variable and its copy across a back-edge, as in fib's loop). */
export const OP_I32_ADD_LC_SET2 = OP_I64_LOAD_L_TEE + 60;
/** i64.load32_u_lc_rotl_l_store a c offset | _ x p offset2: i64.load32_u_lc a c offset (the rotation
 *  count, read from a table) then i64.rotl_l_store x p offset2, in one dispatch (keccak's rho-pi
 *  step). Like X_x2, lowering (fuseDoubles) rewrites the load's opcode word only: the rotl_l_store
 *  keeps its own opcode word (stepped over) and immediates, so every pc, trap point and branch target
 *  stays as in the plain pair. Its length is the load's; the rotl_l_store that follows rides along. */
export const OP_I64_LOAD32_U_LC_ROTL_L_STORE = OP_I64_LOAD_L_TEE + 61;
/** <X>_x2: two adjacent instructions with the same opcode X (immediates may differ; runs of memory
 *  moves, loads into locals and stores are common compiler output: unrolled memcpy, keccak's state
 *  loads/stores) in one dispatch. Lowering (fuseDoubles) rewrites the first X's opcode word only, so
 *  the code keeps X's layout and every pc, opPcs entry and branch target stays valid (a jump to the
 *  second X runs it alone); `run`'s case runs the first X, steps over the second's opcode word and
 *  falls through into X's case, with pc at each point where the plain pair would have it (traps and
 *  meter refunds are the same). Only the X that bench/op-pairs.ts sees repeated often. */
export const OP_DOUBLE_BASE = OP_I64_LOAD_L_TEE + 62;
export const DOUBLE_TARGETS: readonly number[] = [
  OP_I64_COPY_LC_LC,
  OP_I64_XOR_LL_STORE,
  OP_I64_ANDN_XOR_STORE,
  OP_I64_LOAD_L_TEE_XOR,
  loadLSetOpcode(0x29), // i64.load_l_set
  OP_LOCAL_GET, // (it has a charge+ form: its _x2 is a case of its own, not a fall-through)
];
/** For a family of opcodes base + k, one per target instruction targets[k]: the opcode by target
 *  (0: none), for opcodeOf. */
function opcodeByTarget(targets: readonly number[], base: number): Int16Array {
  const table = new Int16Array(Math.max(...targets) + 1);
  targets.forEach((x, k) => { table[x] = base + k; });
  return table;
}
/** The family's opcode for instruction `x` (see opcodeByTarget), or -1 if it has none. */
function opcodeOf(table: Int16Array, x: number): number {
  const op = x >= 0 && x < table.length ? table[x] : 0;
  return op === 0 ? -1 : op;
}
const DOUBLE_BY_TARGET = opcodeByTarget(DOUBLE_TARGETS, OP_DOUBLE_BASE);
/** The X×2 opcode for instruction `x`, or -1 if it has none. */
export function doubleOpcode(x: number): number {
  return opcodeOf(DOUBLE_BY_TARGET, x);
}
/** charge+<X> gas count X <X's immediates>: a block's CHARGE fused with the block's first instruction
 *  X, whose opcode word stays in place (unread on the fast path), so no code moves and every pc,
 *  opPcs entry and branch target stays valid; when the budget chunk runs out the charge takes the
 *  slow path and dispatches X plainly at its own pc. Only the X that bench/op-pairs.ts sees leading
 *  blocks most often (CHARGE → X is the most frequent pair of metered code) have this form. */
export const OP_CHARGE_FUSED_BASE = OP_DOUBLE_BASE + DOUBLE_TARGETS.length;
/** The X of each charge+X, in opcode order. local.get is a plain instruction: exec/fused-cases.ts
 *  generates its case too, so that charge+local.get falls through into it. (No
 *  charge+i32.const: most block-leading constants are now local.set_c, and run's bytecode budget
 *  has no room for a form that rare.) */
export const CHARGE_FUSED_TARGETS: readonly number[] = [
  OP_LOCAL_GET,
  fusedOpcode(FAM_LL, 0), // i32.add_ll
  fusedOpcode(FAM_LL, 5), // i32.xor_ll
  fusedOpcode(FAM_LC, 0), // i32.add_lc
  fusedOpcode(FAM_LL_TEE, 0), // i32.add_ll_tee
  fusedOpcode(FAM_SL_SET, 0), // i32.add_sl_set
  fusedOpcode(FAM_BR_IF_LC, 19), // br_if.i32.ge_s_lc
  OP_I32_STORE8_C_LC,
  storeLLOpcode(0x36), // i32.store_ll
  loadLCOpcode(0x28), // i32.load_lc
  loadLCOpcode(0x2d), // i32.load8_u_lc
  OP_BR_IF_ADD_LC_TEE_NE,
  OP_BR_IF_STORE_LL_ADD_LC_TEE_LT_U_L,
  OP_LOCAL_SET_C,
  OP_I64_CMP_LC_SET,
  loadLOpcode(0x28), // i32.load_l
  loadLOpcode(0x2d), // i32.load8_u_l
  // Round 5 (bench/op-pairs.ts, "charge → X" pairs): i64-math's mulmod block, sieve's and the
  // contract's counter steps, the contract's shadow-stack prologue / epilogue. (Each charge+X costs
  // about 200 bytes of run's bytecode: charge+br_unless_l, 0.8% of the contract's dispatches, did not fit.)
  fusedI64Opcode(FAM64_LL, 2), // i64.mul_ll
  fusedOpcode(FAM_LC_SET, 0), // i32.add_lc_set
  OP_GLOBAL_SUB_SC_TEE,
  OP_I32_ADD_LC_GLOBAL_SET,
];
const CHARGE_FUSED_BY_TARGET = opcodeByTarget(CHARGE_FUSED_TARGETS, OP_CHARGE_FUSED_BASE);
/** The charge+X opcode for block-leading instruction `x`, or -1 if it has none (called per block). */
export function chargeFusedOpcode(x: number): number {
  return opcodeOf(CHARGE_FUSED_BY_TARGET, x);
}
/** One past the last fused opcode. */
export const OP_FUSED_END = OP_CHARGE_FUSED_BASE + CHARGE_FUSED_TARGETS.length;

/** The raw-bits load a fused address form uses for wasm load `load` (f32→i32, f64→i64). */
function rawLoad(load: number): number {
  return load === 0x2a ? 0x28 : load === 0x2b ? 0x29 : load;
}
/** Fused (local + constant)-address load for wasm load `load`, or -1 if it has none. */
export function loadLCOpcode(load: number): number {
  const k = FUSED_LOAD_LCS.indexOf(rawLoad(load));
  return k < 0 ? -1 : OP_LOAD_LC_BASE + k;
}
/** Fused (stack top + constant)-address load for wasm load `load`, or -1 if it has none. */
export function loadSCOpcode(load: number): number {
  const k = FUSED_LOAD_SCS.indexOf(rawLoad(load));
  return k < 0 ? -1 : OP_LOAD_SC_BASE + k;
}

/** Fused local-address load for wasm load `load`, or -1 if it has none. */
export function loadLOpcode(load: number): number {
  const k = FUSED_LOAD_LS.indexOf(rawLoad(load));
  return k < 0 ? -1 : OP_LOAD_L_BASE + k;
}
/** Fused local-address load into a local for wasm load `load`, or -1 if it has none. */
export function loadLSetOpcode(load: number): number {
  const k = FUSED_LOAD_SETS.indexOf(rawLoad(load));
  return k < 0 ? -1 : OP_LOAD_L_SET_BASE + k;
}
export function storeLLOpcode(store: number): number {
  return OP_STORE_LL_BASE + FUSED_STORES.indexOf(rawStore(store));
}
export function storeSLOpcode(store: number): number {
  return OP_STORE_SL_BASE + FUSED_STORES.indexOf(rawStore(store));
}
export function storeLSOpcode(store: number): number {
  return OP_STORE_LS_BASE + FUSED_STORES.indexOf(rawStore(store));
}

/** The single superinstructions after OP_BR_IF_ADD_LC_TEE_NE: code, name, immediates. */
const SUPERINSTRUCTIONS: readonly [number, string, number][] = [
  [OP_I64_LOAD_L_TEE, "i64.load_l_tee", 3], [OP_I64_XOR_SL_STORE, "i64.xor_sl_store", 3], [OP_I64_XOR_LL_STORE, "i64.xor_ll_store", 4],
  [OP_I64_ROTL_STORE, "i64.rotl_store", 2], [OP_I32_LOAD_SET, "i32.load_set", 2], [OP_I64_LOAD_SET, "i64.load_set", 2],
  [OP_I64_LOAD_LC_STORE, "i64.load_lc_store", 4], [OP_I32_LOAD_SC_STORE, "i32.load_sc_store", 3],
  [OP_I32_SHL_SC_XOR_SL_TEE, "i32.shl_sc_xor_sl_tee", 3], [OP_I32_SHR_U_SC_XOR_SL_TEE, "i32.shr_u_sc_xor_sl_tee", 3],
  [OP_I32_SHL_LC_XOR_SL_TEE, "i32.shl_lc_xor_sl_tee", 4], [OP_I32_MUL_SC_ADD, "i32.mul_sc_add", 1],
  [OP_F64_MUL_ADD_SL, "f64.mul_add_sl", 1], [OP_F64_ADD_SET, "f64.add_set", 1], [OP_F64_MUL_LOAD_L, "f64.mul_load_l", 2],
  [OP_F64_MUL_LOAD_LC, "f64.mul_load_lc", 3], [OP_LOCAL_COPY_N, "local.copy_n", 0],
  [OP_I64_ROTL_LS, "i64.rotl_ls", 1], [OP_I64_ROTL_L_STORE, "i64.rotl_l_store", 3], [OP_I64_ANDN_LL, "i64.andn_ll", 2],
  [OP_I32_SHL_SC_ADD_SL_TEE, "i32.shl_sc_add_sl_tee", 3], [OP_I32_SHL_SC_ADD_SC_TEE, "i32.shl_sc_add_sc_tee", 3],
  [OP_I32_ROTL_LC_XOR, "i32.rotl_lc_xor", 2], [OP_I64_LOAD_L_TEE_XOR, "i64.load_l_tee_xor", 3], [OP_I32_STORE_C, "i32.store_c", 2],
  [OP_I32_STORE8_C, "i32.store8_c", 2], [OP_I32_LOAD_L_ADD_SC_STORE, "i32.load_l_add_sc_store", 5],
  [OP_BR_IF_ADD_LC_TEE_NZ, "br_if.i32.add_lc_tee_nz", 4], [OP_BR_IF_ADD_LC_TEE_LT_U_C, "br_if.i32.add_lc_tee_lt_u_c", 5],
  [OP_BR_IF_ADD_LL_TEE_LT_U_C, "br_if.i32.add_ll_tee_lt_u_c", 5], [OP_BR_IF_ADD_LC_TEE_LT_U_L, "br_if.i32.add_lc_tee_lt_u_l", 5],
  [OP_BR_IF_ADD2_LC_TEE_NE, "br_if.i32.add2_lc_tee_ne", 8], [OP_I64_COPY_LC_LC, "i64.copy_lc_lc", 7],
  [OP_I32_STORE_C_LC, "i32.store_c_lc", 4], [OP_I32_STORE8_C_LC, "i32.store8_c_lc", 4], [OP_I64_ANDN_XOR_STORE, "i64.andn_xor_store", 5],
  [OP_F64_ADD_SL_ADD_SET, "f64.add_sl_add_set", 2], [OP_F64_MUL_LOAD_L_L, "f64.mul_load_l_l", 5], [OP_I32_ADD_LOAD_LC, "i32.add_load_lc", 3],
  [OP_I32_LOAD_LC_TEE, "i32.load_lc_tee", 4], [OP_I32_LOAD_L_TEE, "i32.load_l_tee", 3], [OP_I32_SHR_U_LC_XOR, "i32.shr_u_lc_xor", 2],
  [OP_I64_CMP_LC, "i64.cmp_lc", 4], [OP_F64_MUL_LOAD_SC_LC, "f64.mul_load_sc_lc", 6],
  [OP_I64_LOAD_SET_SHL_SC_ADD_SL_TEE, "i64.load_set_shl_sc_add_sl_tee", 6],
  [OP_I32_LOAD_ADD_SC_STORE_SHL_SC_ADD_SC_TEE, "i32.load_add_sc_store_shl_sc_add_sc_tee", 9],
  [OP_I32_ROTL_LC_ROTL_LC_XOR, "i32.rotl_lc_rotl_lc_xor", 4], [OP_I32_ROTL_SC_ROTL_LC_XOR, "i32.rotl_sc_rotl_lc_xor", 3],
  [OP_I32_MUL_LC_ADD, "i32.mul_lc_add", 2], [OP_BR_IF_STORE_LL_ADD_LC_TEE_LT_U_L, "br_if.i32.store_ll_add_lc_tee_lt_u_l", 9],
  [OP_LOCAL_SET_C, "local.set_c", 2], [OP_I32_CMP_LC_SET, "i32.cmp_lc_set", 4], [OP_I64_CMP_LC_SET, "i64.cmp_lc_set", 5],
  [OP_I64_REM_U_SL, "i64.rem_u_sl", 1], [OP_I64_REM_U_SL_SET, "i64.rem_u_sl_set", 2], [OP_I64_CMP_LC_SELECT, "i64.cmp_lc_select", 4],
  [OP_BR_IF_I64_EQZ, "br_if.i64.eqz", 1], [OP_BR_IF_I64_NEZ, "br_if.i64.nez", 1],
  [OP_GLOBAL_SUB_SC_TEE, "global.sub_sc_tee", 4], [OP_I32_ADD_LC_GLOBAL_SET, "i32.add_lc_global_set", 3],
  [OP_I32_ADD_LC_SET2, "i32.add_lc_set2", 4], [OP_I64_LOAD32_U_LC_ROTL_L_STORE, "i64.load32_u_lc_rotl_l_store", 3],
];

const FUSED_NAMES: ReadonlyMap<number, string> = (() => {
  const names = new Map<number, string>();
  for (let family = 0; family < FAMILY_COUNT; family++) {
    const [first, end] = familyRange(family);
    for (let i = first; i < end; i++) {
      const base = opName(FUSED_I32_BINOPS[i]);
      names.set(fusedOpcode(family, i), family >= FAM_BR_IF_SS && family <= FAM_BR_IF_LC ? `br_if.${base}_${FAMILY_SUFFIX[family]}` : base + FAMILY_SUFFIX[family]);
    }
  }
  for (let family = 0; family < FAMILY64_COUNT; family++) {
    FUSED_I64_BINOPS.forEach((op, i) => names.set(fusedI64Opcode(family, i), opName(op) + FAMILY64_SUFFIX[family]));
  }
  for (const load of FUSED_LOAD_LS) names.set(loadLOpcode(load), opName(load) + "_l");
  for (const load of FUSED_LOAD_SETS) names.set(loadLSetOpcode(load), opName(load) + "_l_set");
  for (const store of FUSED_STORES) {
    names.set(storeLLOpcode(store), opName(store) + "_ll");
    names.set(storeSLOpcode(store), opName(store) + "_sl");
    names.set(storeLSOpcode(store), opName(store) + "_ls");
  }
  names.set(OP_LOCAL_COPY, "local.copy");
  names.set(OP_BR_IF_L, "br_if_l");
  names.set(OP_BR_UNLESS_L, "br_unless_l");
  for (const load of FUSED_LOAD_LCS) names.set(loadLCOpcode(load), opName(load) + "_lc");
  for (const load of FUSED_LOAD_SCS) names.set(loadSCOpcode(load), opName(load) + "_sc");
  names.set(OP_F64_ADD_SL, "f64.add_sl");
  names.set(OP_F64_ADD_SL_SET, "f64.add_sl_set");
  names.set(OP_I32_ADD_SC_STORE, "i32.add_sc_store");
  names.set(OP_BR_IF_ADD_LC_TEE_NE, "br_if.i32.add_lc_tee_ne");
  for (const [code, name] of SUPERINSTRUCTIONS) names.set(code, name);
  DOUBLE_TARGETS.forEach((x, k) => names.set(OP_DOUBLE_BASE + k, `${names.get(x) ?? opName(x)}_x2`));
  CHARGE_FUSED_TARGETS.forEach((x, k) => names.set(OP_CHARGE_FUSED_BASE + k, `charge+${names.get(x) ?? opName(x)}`));
  return names;
})();

function fusedName(code: number): string | undefined {
  return FUSED_NAMES.get(code);
}

/** Immediates of each i32 family (FAM_* order). */
const FAMILY_IMMEDIATES: readonly number[] = [1, 1, 2, 2, 3, 3, 1, 2, 2, 3, 3, 2, 2, 2, 2, 3, 3];
/** Immediates of each i64 family (FAM64_* order). */
const FAMILY64_IMMEDIATES: readonly number[] = [1, 2, 3, 2, 3];
/** Immediates of the one-byte and 0xfc-range internal opcodes (-1: no such opcode). */
const SMALL_IMMEDIATES: Int8Array = (() => {
  const table = new Int8Array(OP_FUSED_BASE).fill(-1);
  for (let op = 0x45; op <= 0xc4; op++) table[op] = 0; // numeric operators
  for (let op = 0x28; op <= 0x3e; op++) table[op] = 1; // loads and stores: offset
  const fixed: readonly [number, number][] = [
    [OP_UNREACHABLE, 0], [OP_BR_UNLESS, 1], [OP_BR_DROP, 3], [OP_BR_IF_DROP, 3], [OP_BR, 1], [OP_BR_IF, 1], [OP_RETURN, 0],
    [OP_CALL, 3], [OP_CALL_INDIRECT, 4], [OP_LOCAL_GET_V128, 1], [OP_LOCAL_SET_V128, 1], [OP_LOCAL_TEE_V128, 1],
    [OP_GLOBAL_GET_V128, 1], [OP_GLOBAL_SET_V128, 1], [OP_SELECT_V128, 0], [OP_CHARGE, 2], [OP_CHARGE_PROFILE, 2],
    [OP_CANON_F32, 0], [OP_CANON_F64, 0], [OP_DROP, 0], [OP_SELECT, 0], [OP_LOCAL_GET, 1], [OP_LOCAL_SET, 1],
    [OP_LOCAL_TEE, 1], [OP_GLOBAL_GET, 1], [OP_GLOBAL_SET, 1], [OP_TABLE_GET, 1], [OP_TABLE_SET, 1],
    [OP_MEMORY_SIZE, 0], [OP_MEMORY_GROW, 0], [OP_I32_CONST, 1], [OP_I64_CONST, 2], [OP_F32_CONST, 1], [OP_F64_CONST, 2],
    [OP_REF_NULL, 0], [OP_REF_IS_NULL, 0], [OP_REF_FUNC, 1],
  ];
  for (const [op, n] of fixed) table[op] = n;
  for (let sub = 0; sub <= 7; sub++) table[OP_FC_BASE + sub] = 0; // saturating truncations
  const fc: readonly [number, number][] = [[8, 1], [9, 1], [0xa, 0], [0xb, 0], [0xc, 2], [0xd, 1], [0xe, 2], [0xf, 1], [0x10, 1], [0x11, 1]];
  for (const [sub, n] of fc) table[OP_FC_BASE + sub] = n;
  return table;
})();
const FUSED_IMMEDIATES: Int8Array = (() => {
  const table = new Int8Array(OP_FUSED_END - OP_FUSED_BASE).fill(-1);
  const set = (code: number, n: number): void => { table[code - OP_FUSED_BASE] = n; };
  for (let family = 0; family < FAMILY_COUNT; family++) {
    const [first, end] = familyRange(family);
    for (let i = first; i < end; i++) set(fusedOpcode(family, i), FAMILY_IMMEDIATES[family]);
  }
  for (let family = 0; family < FAMILY64_COUNT; family++) {
    for (let i = 0; i < FUSED_I64_BINOPS.length; i++) set(fusedI64Opcode(family, i), FAMILY64_IMMEDIATES[family]);
  }
  for (const load of FUSED_LOAD_LS) set(loadLOpcode(load), 2);
  for (const load of FUSED_LOAD_SETS) set(loadLSetOpcode(load), 3);
  for (const store of FUSED_STORES) {
    set(storeLLOpcode(store), 3);
    set(storeSLOpcode(store), 2);
    set(storeLSOpcode(store), 2);
  }
  set(OP_LOCAL_COPY, 2);
  set(OP_BR_IF_L, 2);
  set(OP_BR_UNLESS_L, 2);
  for (const load of FUSED_LOAD_LCS) set(loadLCOpcode(load), 3);
  for (const load of FUSED_LOAD_SCS) set(loadSCOpcode(load), 2);
  set(OP_F64_ADD_SL, 1);
  set(OP_F64_ADD_SL_SET, 2);
  set(OP_I32_ADD_SC_STORE, 2);
  set(OP_BR_IF_ADD_LC_TEE_NE, 5);
  for (const [code, , immediates] of SUPERINSTRUCTIONS) set(code, immediates);
  DOUBLE_TARGETS.forEach((x, k) => set(OP_DOUBLE_BASE + k, x < OP_FUSED_BASE ? SMALL_IMMEDIATES[x] : table[x - OP_FUSED_BASE]));
  return table;
})();

/**
 * Length in words (opcode + immediates) of the internal instruction at `pc` of `code`: for tools
 * that walk lowered code (bench/op-pairs.ts, disassemblers). Throws on an unknown opcode.
 */
export function internalInstructionLength(code: Int32Array, pc: number): number {
  const op = code[pc];
  let immediates = -1;
  if (op === OP_BR_TABLE) immediates = 1 + 3 * (code[pc + 1] + 1);
  else if (op === OP_LOWER_PENDING) immediates = 0;
  else if (op === OP_LOCAL_COPY_N) immediates = 1 + 2 * code[pc + 1];
  else if (op >= OP_CHARGE_FUSED_BASE && op < OP_FUSED_END) immediates = 2 + internalInstructionLength(code, pc + 3);
  else if (op === OP_CHARGE_SIMD) immediates = 2 + internalInstructionLength(code, pc + 3);
  else if (op >= 0 && op < OP_FUSED_BASE) immediates = SMALL_IMMEDIATES[op];
  else if (op >= OP_FUSED_BASE && op < OP_FUSED_END) immediates = FUSED_IMMEDIATES[op - OP_FUSED_BASE];
  else if (op >= OP_SIMD_FUSED_BASE && op < OP_SIMD_FUSED_END) immediates = SIMD_FUSED_INFO[op - OP_SIMD_FUSED_BASE][1];
  else if (op >= OP_FD_BASE && op < OP_FD_DET_BASE + 0x100) {
    const sub = op & 0xff;
    const info = OPINFO_DENSE[0xfd00 + sub];
    if (info !== undefined) immediates = info.naturalAlign >= 0 ? 2 : sub === 0x0c || sub === 0x0d ? 4 : 1;
  }
  if (immediates < 0) throw new Error(`internalInstructionLength: unknown internal opcode 0x${op.toString(16)} at ${pc}`);
  return 1 + immediates;
}

// ==== Fused SIMD instructions (0x1200–0x12ff) ====================================================
// Their own range, apart from the scalar superinstructions above, dispatched like the plain SIMD
// ones (0x10xx/0x11xx) through `run`'s default case into exec/simd-step.ts. Chosen from
// bench/op-pairs.ts on simd-matmul (the dot-product inner loop). A local operand is a word offset
// from the frame base. Each one covers wasm operators of one basic block only; the ones that can
// trap (the loads) trap in their last operator, so the meter's refund after a trap (every operator
// of a fused instruction shares its pc in opPcs) counts exactly the operators the reference meter
// would have run.
export const OP_SIMD_FUSED_BASE = 0x1200;
/** v128.load_l a offset: local.get a; v128.load offset (push the v128 at local a + offset). */
export const OP_V128_LOAD_L = 0x1200;
/** v128.load32_splat_l a offset: local.get a; v128.load32_splat offset. */
export const OP_V128_LOAD32_SPLAT_L = 0x1201;
/** v128.load_ll a b offset: i32.add_ll a b; v128.load offset (address = (local a + local b) mod 2^32). */
export const OP_V128_LOAD_LL = 0x1202;
/** v128.load32_splat_ll a b offset: i32.add_ll a b; v128.load32_splat offset. */
export const OP_V128_LOAD32_SPLAT_LL = 0x1203;
/** f32x4.mul_add_set k: [acc, x, y] on the stack; local k = acc + x·y (f32x4.mul; f32x4.add;
 *  local.set k). Two roundings per lane, as the two wasm operators: never a fused multiply-add. */
export const OP_F32X4_MUL_ADD_SET = 0x1204;
/** The same in deterministic mode (NaN lanes of the result canonical; a NaN product makes the sum
 *  NaN, so canonicalizing the sum alone equals canonicalizing after each operator). */
export const OP_F32X4_MUL_ADD_SET_DET = 0x1205;
/** f32x4.mul_acc_local k: [x, y] on the stack; local k = local k + x·y (local.get k; …pushes of x
 *  and y…; f32x4.mul; f32x4.add; local.set k, with the local.get removed: nothing between writes k). */
export const OP_F32X4_MUL_ACC_LOCAL = 0x1206;
export const OP_F32X4_MUL_ACC_LOCAL_DET = 0x1207;
/** f32x4.mul_acc_local_splat_ll b c offset k: [x] on the stack; local k = local k + x·splat(the f32
 *  at (local b + local c) + offset) — f32x4.mul_acc_local with its second operand a
 *  v128.load32_splat_ll (the dot-product step of a matrix multiply). Its f32x4.mul, f32x4.add and
 *  local.set have their opPcs at the k immediate, so a trap in the load refunds them. simd-step.ts
 *  runs a v128.load_l right before it together with it (one step, no v128 on the stack) unless one
 *  of the two loads would trap. */
export const OP_F32X4_MUL_ACC_LOCAL_SPLAT_LL = 0x1208;
export const OP_F32X4_MUL_ACC_LOCAL_SPLAT_LL_DET = 0x1209;
export const OP_SIMD_FUSED_END = 0x120a;

/** [mnemonic, immediate words] of each fused SIMD instruction, by opcode - OP_SIMD_FUSED_BASE. */
export const SIMD_FUSED_INFO: readonly (readonly [string, number])[] = [
  ["v128.load_l", 2], ["v128.load32_splat_l", 2], ["v128.load_ll", 3], ["v128.load32_splat_ll", 3],
  ["f32x4.mul_add_set", 1], ["f32x4.mul_add_set (det)", 1], ["f32x4.mul_acc_local", 1], ["f32x4.mul_acc_local (det)", 1],
  ["f32x4.mul_acc_local_splat_ll", 4], ["f32x4.mul_acc_local_splat_ll (det)", 4],
];
/** charge.simd gas count <a SIMD instruction>: a block's CHARGE (block metering) when the block starts
 *  with a SIMD instruction (0x1000 ≤ op < OP_SIMD_END): pays the block like CHARGE, then runs the SIMD
 *  instruction, whose words stay in place, through simdStep without a second dispatch in `run` (the
 *  dot-product loop of a matrix multiply: two dispatches per iteration become one). The slow path is
 *  CHARGE's, which then dispatches the SIMD instruction plainly at its own pc. A fixed label just past
 *  the scalar fused range (which grows) keeps `run`'s switch dense without taking one of its numbers. */
export const OP_CHARGE_SIMD = 0x2ff;
/** One past the last SIMD internal opcode (plain, deterministic, fused). */
export const OP_SIMD_END = 0x1300;
/** The CHARGE form for a block whose first instruction is `first`: charge.simd for a SIMD one, else -1. */
export function chargeSimdOpcode(first: number): number {
  return first >= OP_FD_BASE && first < OP_SIMD_END ? OP_CHARGE_SIMD : -1;
}

