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

import { opName } from "../core/index.ts";

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
]);

/** Mnemonic of an internal opcode (the wasm mnemonic where the opcode is a plain wasm one). */
export function internalOpcodeName(code: number): string {
  const control = CONTROL_NAMES.get(code);
  if (control !== undefined) return control;
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
  return [0, FUSED_ARITH_COUNT];
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
const FUSED_I32_END = FAMILY_BASE[FAMILY_COUNT - 1] + FUSED_ARITH_COUNT;

export function fusedOpcode(family: number, binopIndex: number): number {
  return FAMILY_BASE[family] + binopIndex;
}

/** Fused i64 arithmetic: families _sl b | _ll a b | _sl_set b k | _ll_set a b k (operands as for i32). */
export const FUSED_I64_BINOPS: readonly number[] = [0x7c, 0x7d, 0x7e, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a];
export const FAM64_SL = 0;
export const FAM64_LL = 1;
export const FAM64_SL_SET = 2;
export const FAM64_LL_SET = 3;
/** i64.<op>_sc lo hi: stack top ⊕ constant; i64.<op>_lc a lo hi: push local a ⊕ constant. */
export const FAM64_SC = 4;
export const FAM64_LC = 5;
const FAMILY64_SUFFIX = ["_sl", "_ll", "_sl_set", "_ll_set", "_sc", "_lc"];
const FAMILY64_COUNT = 6;
export const OP_I64_FUSED_BASE = FUSED_I32_END;

export function fusedI64Opcode(family: number, binopIndex: number): number {
  return OP_I64_FUSED_BASE + family * FUSED_I64_BINOPS.length + binopIndex;
}

/** Load from a local address: OP_LOAD_L_BASE + (wasm load opcode - 0x28), immediates a, offset. */
export const OP_LOAD_L_BASE = OP_I64_FUSED_BASE + FAMILY64_COUNT * FUSED_I64_BINOPS.length;
/** The loads that have a <load>_l_set form (immediates a, offset, k). */
export const FUSED_LOAD_SETS: readonly number[] = [0x28, 0x29, 0x2a, 0x2b, 0x2d, 0x2f];
const OP_LOAD_L_SET_BASE = OP_LOAD_L_BASE + 14;
/** The stores that have <store>_ll / <store>_sl forms (the interpreter's size budget keeps the rarer ones plain). */
export const FUSED_STORES: readonly number[] = [0x36, 0x37, 0x38, 0x39, 0x3a];
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
/** One past the last fused opcode. */
export const OP_FUSED_END = OP_BR_IF_ADD_LC_TEE_NE + 1;

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

export function loadLSetOpcode(load: number): number {
  return OP_LOAD_L_SET_BASE + FUSED_LOAD_SETS.indexOf(load);
}
export function storeLLOpcode(store: number): number {
  return OP_STORE_LL_BASE + FUSED_STORES.indexOf(store);
}
export function storeSLOpcode(store: number): number {
  return OP_STORE_SL_BASE + FUSED_STORES.indexOf(store);
}
export function storeLSOpcode(store: number): number {
  return OP_STORE_LS_BASE + FUSED_STORES.indexOf(store);
}

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
  for (let k = 0; k < 14; k++) names.set(OP_LOAD_L_BASE + k, opName(0x28 + k) + "_l");
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
  return names;
})();

function fusedName(code: number): string | undefined {
  return FUSED_NAMES.get(code);
}
