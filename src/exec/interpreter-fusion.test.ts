// Every fused (superinstruction) shape the lowering produces, for every fusable operator, run
// against V8 on the same bytes: the fusion must be invisible. Each export takes (i32 a, i32 b) or
// (i64 a, i64 b) and exercises one operand pattern; operands cover boundaries and shift counts.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  FAM64_LC, FAM64_LL, FAM64_LL_SET, FAM64_SC, FAM64_SL, FAM_BR_IF_LC, FAM_BR_IF_LL, FAM_BR_IF_SC, FAM_BR_IF_SL, FAM_BR_IF_SS,
  FAM_LC, FAM_LC_SET, FAM_LC_TEE, FAM_LL, FAM_LL_SET, FAM_LL_TEE, FAM_SC, FAM_SC_SET, FAM_SC_TEE, FAM_SL, FAM_SL_SET,
  FAM_SL_TEE, FUSED_ARITH_COUNT, FUSED_SET_TEE_COUNT, FUSED_I32_BINOPS, FUSED_I64_BINOPS, OP_BR_IF_L, OP_BR_UNLESS_L,
  FUSED_LOAD_LS, loadLOpcode, OP_LOCAL_COPY, fusedI64Opcode, fusedOpcode, loadLSetOpcode, storeLLOpcode, storeSLOpcode, storeLSOpcode,
  internalOpcodeName, FUSED_LOAD_SETS, FUSED_STORES, FUSED_LOAD_LCS, FUSED_LOAD_SCS, loadLCOpcode, loadSCOpcode, OP_F64_ADD_SL, OP_F64_ADD_SL_SET, OP_I32_ADD_SC_STORE, OP_BR_IF_ADD_LC_TEE_NE,
  OP_I64_LOAD_L_TEE, OP_I64_XOR_SL_STORE, OP_I64_XOR_LL_STORE, OP_I64_ROTL_STORE, OP_I32_LOAD_SET, OP_I64_LOAD_SET, OP_I64_LOAD_LC_STORE,
  OP_I32_LOAD_SC_STORE, OP_I32_SHL_SC_XOR_SL_TEE, OP_I32_SHR_U_SC_XOR_SL_TEE, OP_I32_SHL_LC_XOR_SL_TEE, OP_I32_MUL_SC_ADD, OP_F64_MUL_ADD_SL,
  OP_F64_ADD_SET, OP_F64_MUL_LOAD_L, OP_F64_MUL_LOAD_LC, OP_LOCAL_COPY_N, OP_I64_ROTL_LS, OP_I64_ROTL_L_STORE, OP_I64_ANDN_LL,
  OP_I32_SHL_SC_ADD_SL_TEE, OP_I32_SHL_SC_ADD_SC_TEE, OP_I32_ROTL_LC_XOR, OP_I64_LOAD_L_TEE_XOR, OP_I32_STORE_C, OP_I32_STORE8_C,
  OP_I32_LOAD_L_ADD_SC_STORE, OP_BR_IF_ADD_LC_TEE_NZ, OP_BR_IF_ADD_LC_TEE_LT_U_C, OP_BR_IF_ADD_LL_TEE_LT_U_C, OP_BR_IF_ADD_LC_TEE_LT_U_L,
  OP_BR_IF_ADD2_LC_TEE_NE, OP_I64_COPY_LC_LC, OP_I32_STORE_C_LC, OP_I32_STORE8_C_LC, OP_I64_ANDN_XOR_STORE,
  CHARGE_FUSED_TARGETS, OP_CHARGE_FUSED_BASE, OP_I64_LOAD32_U_LC_ROTL_L_STORE, OP_F64_ADD_SL_ADD_SET, OP_F64_MUL_LOAD_L_L, OP_I32_ADD_LOAD_LC, OP_I32_LOAD_LC_TEE,
  OP_I32_LOAD_L_TEE, OP_I32_SHR_U_LC_XOR, OP_I64_CMP_LC, OP_F64_MUL_LOAD_SC_LC, OP_I64_LOAD_SET_SHL_SC_ADD_SL_TEE,
  OP_I32_LOAD_ADD_SC_STORE_SHL_SC_ADD_SC_TEE, OP_I32_ROTL_LC_ROTL_LC_XOR, OP_I32_ROTL_SC_ROTL_LC_XOR, OP_I32_MUL_LC_ADD,
  OP_BR_IF_STORE_LL_ADD_LC_TEE_LT_U_L, OP_LOCAL_SET_C, OP_I32_CMP_LC_SET, OP_I64_CMP_LC_SET, DOUBLE_TARGETS, OP_DOUBLE_BASE,
  OP_I64_REM_U_SL, OP_I64_REM_U_SL_SET, OP_I64_CMP_LC_SELECT, OP_BR_IF_I64_EQZ, OP_BR_IF_I64_NEZ, OP_GLOBAL_SUB_SC_TEE, OP_I32_ADD_LC_GLOBAL_SET, OP_I32_ADD_LC_SET2,
} from "../compile/index.ts";
import type { CompileOptions } from "../compile/index.ts";
import { DEFAULT_GAS_SCHEDULE, opcodeCosts } from "../gas/index.ts";
import { opName } from "../core/index.ts";
import { RuntimeError } from "../core/index.ts";
import { readFileSync } from "node:fs";
import { instantiateBytes, watToBytes } from "./minimal-instance.test-helper.ts";
import { spliceFusedCases } from "./fused-cases.ts";

const I32_VALUES = [0n, 1n, 2n, 31n, 32n, 33n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x12345678n, 0xfffffffen];
const I64_VALUES = [0n, 1n, 63n, 64n, 0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn, 0x123456789abcdef0n, 0xffffffffn];

function i32Shapes(op: string, isCompare: boolean): string[] {
  const name = op.replace(".", "_");
  const shapes = [
    `(func (export "${name}_ll") (param i32 i32) (result i32) (local i32) local.get 0 local.get 1 ${op})`,
    `(func (export "${name}_lc") (param i32 i32) (result i32) (local i32) local.get 0 i32.const -7 ${op})`,
    `(func (export "${name}_sl") (param i32 i32) (result i32) (local i32) local.get 0 i32.clz local.get 1 ${op})`,
    `(func (export "${name}_sc") (param i32 i32) (result i32) (local i32) local.get 1 i32.popcnt i32.const 33 ${op})`,
    `(func (export "${name}_ss") (param i32 i32) (result i32) (local i32) local.get 0 i32.ctz local.get 1 i32.clz ${op})`,
    // Stack operands of either sign (the plain compares share one body that orders signed and unsigned).
    `(func (export "${name}_ss2") (param i32 i32) (result i32) (local i32) local.get 0 i32.const 1 i32.rotl local.get 1 i32.const 1 i32.rotl ${op})`,
  ];
  if (!isCompare) {
    shapes.push(
      `(func (export "${name}_ll_set") (param i32 i32) (result i32) (local i32) local.get 0 local.get 1 ${op} local.set 2 local.get 2)`,
      `(func (export "${name}_lc_set") (param i32 i32) (result i32) (local i32) local.get 1 i32.const 5 ${op} local.set 0 local.get 0)`,
      `(func (export "${name}_sl_set") (param i32 i32) (result i32) (local i32) local.get 0 i32.clz local.get 1 ${op} local.set 1 local.get 1)`,
      `(func (export "${name}_sc_set") (param i32 i32) (result i32) (local i32) local.get 0 i32.clz i32.const 3 ${op} local.set 2 local.get 2)`,
      `(func (export "${name}_ll_tee") (param i32 i32) (result i32) (local i32) local.get 0 local.get 1 ${op} local.tee 0 local.get 0 i32.xor local.get 1 i32.add)`,
      `(func (export "${name}_lc_tee") (param i32 i32) (result i32) (local i32) local.get 0 i32.const -1 ${op} local.tee 2 local.get 2 i32.add)`,
      `(func (export "${name}_sl_tee") (param i32 i32) (result i32) (local i32) local.get 0 i32.ctz local.get 1 ${op} local.tee 2 local.get 2 i32.sub)`,
      `(func (export "${name}_sc_tee") (param i32 i32) (result i32) (local i32) local.get 0 i32.ctz i32.const 9 ${op} local.tee 1 local.get 1 i32.mul)`,
    );
  } else {
    for (const [shape, operands] of [["ll", "local.get 0 local.get 1"], ["lc", "local.get 0 i32.const 100"], ["sl", "local.get 0 i32.clz local.get 1"], ["sc", "local.get 0 i32.popcnt i32.const 5"], ["ss", "local.get 0 i32.ctz local.get 1 i32.ctz"]]) {
      shapes.push(
        `(func (export "${name}_br_if_${shape}") (param i32 i32) (result i32) (local i32) (block (result i32) i32.const 11 ${operands} ${op} br_if 0 drop i32.const 22))`,
        `(func (export "${name}_br_if_nodrop_${shape}") (param i32 i32) (result i32) (local i32) (block ${operands} ${op} br_if 0 (local.set 2 (i32.const 5))) local.get 2)`,
        `(func (export "${name}_if_${shape}") (param i32 i32) (result i32) (local i32) ${operands} ${op} (if (result i32) (then i32.const 1) (else i32.const 2)))`,
      );
    }
  }
  return shapes;
}

function i64Shapes(op: string): string[] {
  const name = op.replace(".", "_");
  return [
    `(func (export "${name}_ll") (param i64 i64) (result i64) (local i64) local.get 0 local.get 1 ${op})`,
    `(func (export "${name}_sl") (param i64 i64) (result i64) (local i64) local.get 0 i64.clz local.get 1 ${op})`,
    `(func (export "${name}_ll_set") (param i64 i64) (result i64) (local i64) local.get 0 local.get 1 ${op} local.set 2 local.get 2)`,
    `(func (export "${name}_sl_set") (param i64 i64) (result i64) (local i64) local.get 1 i64.popcnt local.get 0 ${op} local.set 0 local.get 0)`,
    `(func (export "${name}_sc") (param i64 i64) (result i64) (local i64) local.get 1 i64.ctz i64.const 0x8000000180000003 ${op})`,
    `(func (export "${name}_lc") (param i64 i64) (result i64) (local i64) local.get 0 i64.const -41 ${op})`,
  ];
}

/** The superinstructions chosen from bench/op-pairs.ts's counts, each in the shape that produces it;
 *  addresses come from the parameters, so some pairs trap in the load part and some in the store part. */
const SUPERINSTRUCTION_SHAPES = [
  `(func (export "ldtee") (param i32 i32) (result i64) (local i64) local.get 0 i64.load offset=3 local.tee 2 i64.const 5 i64.add local.get 2 i64.mul)`,
  `(func (export "ldteef") (param i32 i32) (result i64) (local f64) local.get 0 f64.load offset=1 local.tee 2 drop local.get 2 i64.reinterpret_f64)`,
  `(func (export "xsls") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_u i64.const 40 i64.shl local.set 2
    local.get 0 local.get 1 i64.extend_i32_s i64.const 77 i64.or local.get 2 i64.xor i64.store offset=2 local.get 0 i64.load offset=2)`,
  `(func (export "xlls") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_u i64.const 40 i64.shl local.set 2 local.get 0 i64.extend_i32_s local.set 3
    local.get 0 local.get 2 local.get 3 i64.xor i64.store offset=1 local.get 0 i64.load offset=1)`,
  `(func (export "rotst") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_s i64.const 0x123456789 i64.mul local.set 2
    local.get 0 local.get 2 i64.const 3 i64.mul local.get 1 i64.extend_i32_u i64.rotl i64.store offset=4 local.get 0 i64.load offset=4)`,
  `(func (export "ldset32") (param i32 i32) (result i64) (local i32) local.get 0 local.get 1 i32.add i32.load offset=1 local.set 2 local.get 2 i64.extend_i32_u)`,
  `(func (export "ldsetf32") (param i32 i32) (result i64) (local f32) local.get 0 local.get 1 i32.xor f32.load local.set 2 local.get 2 i32.reinterpret_f32 i64.extend_i32_u)`,
  `(func (export "ldset64") (param i32 i32) (result i64) (local i64) local.get 0 local.get 1 i32.add i64.load offset=1 local.set 2 local.get 2)`,
  `(func (export "ldsetf64") (param i32 i32) (result i64) (local f64) local.get 0 local.get 1 i32.or f64.load offset=2 local.set 2 local.get 2 i64.reinterpret_f64)`,
  `(func (export "mv64") (param i32 i32) (result i64) local.get 0 i32.const 8 i32.add local.get 1 i32.const -3 i32.add i64.load offset=2 i64.store offset=1 local.get 0 i64.load offset=9)`,
  `(func (export "mvf64") (param i32 i32) (result i64) local.get 0 i32.const 1 i32.add local.get 1 i32.const 5 i32.add f64.load f64.store offset=3 local.get 0 i64.load offset=4)`,
  `(func (export "mv32") (param i32 i32) (result i64) local.get 0 i32.const 4 i32.add local.get 1 local.get 0 i32.add i32.const 3 i32.add i32.load offset=1 i32.store offset=2 local.get 0 i64.load offset=6)`,
  `(func (export "mvf32") (param i32 i32) (result i64) local.get 0 i32.const -4 i32.add local.get 1 i32.popcnt i32.const 7 i32.add f32.load f32.store offset=5 local.get 0 i64.load offset=1)`,
  `(func (export "xorshift") (param i32 i32) (result i32) (local i32) local.get 0 local.set 2 local.get 2 i32.const 13 i32.shl local.get 2 i32.xor local.tee 2
    i32.const 17 i32.shr_u local.get 2 i32.xor local.tee 2 i32.const 5 i32.shl local.get 2 i32.xor local.tee 2 local.get 1 i32.add)`,
  `(func (export "xorshift2") (param i32 i32) (result i32) (local i32) local.get 0 i32.const 7 i32.shl local.get 1 i32.xor local.tee 2
    i32.const 33 i32.shr_u local.get 0 i32.xor local.tee 1 i32.const 31 i32.shl local.get 2 i32.xor local.tee 0 local.get 1 i32.add local.get 2 i32.sub)`,
  `(func (export "mulscadd") (param i32 i32) (result i32) local.get 0 i32.clz local.get 1 i32.ctz i32.const 0x7fffffff i32.mul i32.add
    local.get 1 i32.popcnt i32.const -31 i32.mul i32.add)`,
  `(func (export "f64muladd") (param i32 i32) (result i64) (local f64) local.get 1 f64.convert_i32_u local.set 2
    local.get 0 f64.convert_i32_s local.get 1 f64.convert_i32_u f64.mul local.get 2 f64.add i64.reinterpret_f64)`,
  `(func (export "f64addset2") (param i32 i32) (result i64) (local f64) local.get 0 f64.convert_i32_s local.get 1 f64.convert_i32_u f64.add local.set 2 local.get 2 i64.reinterpret_f64)`,
  `(func (export "f64mulld") (param i32 i32) (result i64) local.get 1 f64.convert_i32_s local.get 0 f64.load offset=1 f64.mul i64.reinterpret_f64)`,
  `(func (export "f64mullc") (param i32 i32) (result i64) local.get 1 f64.convert_i32_s local.get 0 i32.const 3 i32.add f64.load offset=1 f64.mul i64.reinterpret_f64)`,
  `(func (export "rotls") (param i32 i32) (result i64) (local i64) local.get 0 i64.extend_i32_s i64.const 0x123456789 i64.mul local.set 2 local.get 2 local.get 1 i64.extend_i32_u i64.rotl)`,
  `(func (export "rotlst") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_s i64.const 0x987654321 i64.mul local.set 2
    local.get 0 local.get 2 local.get 1 i64.extend_i32_u i64.rotl i64.store offset=4 local.get 0 i64.load offset=4)`,
  `(func (export "andn") (param i32 i32) (result i64) (local i64 i64) local.get 0 i64.extend_i32_s i64.const 0x1234567 i64.mul local.set 2 local.get 1 i64.extend_i32_u local.set 3
    local.get 3 local.get 2 i64.const -1 i64.xor i64.and local.get 2 i64.const -1 i64.xor local.get 3 i64.and i64.add)`,
  `(func (export "shladd") (param i32 i32) (result i32) (local i32) local.get 0 i32.clz i32.const 3 i32.shl local.get 1 i32.add local.tee 2 local.get 2 i32.mul
    local.get 1 local.get 0 i32.ctz i32.const 5 i32.shl i32.add local.tee 0 i32.const 7 i32.add local.get 0 i32.mul i32.add
    local.get 0 i32.popcnt i32.const 2 i32.shl i32.const 17408 i32.add local.tee 2 local.get 2 i32.add i32.add)`,
  `(func (export "rotlxor") (param i32 i32) (result i32) local.get 0 i32.popcnt local.get 1 i32.const 7 i32.rotl i32.xor local.get 0 i32.clz local.get 1 i32.const 33 i32.rotl i32.xor i32.add)`,
  `(func (export "ldteexor") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_u local.get 0 i64.load offset=3 local.tee 2 i64.xor local.get 2 i64.add)`,
  `(func (export "storec") (param i32 i32) (result i64) local.get 0 local.get 1 i32.xor i32.const 0x12345678 i32.store offset=1
    local.get 1 local.get 0 i32.and i32.const 300 i32.store8 offset=2 local.get 0 i64.load offset=2)`,
  `(func (export "ldaddst") (param i32 i32) (result i64) local.get 1 local.get 0 i32.load offset=2 i32.const 5 i32.add i32.store offset=1 local.get 1 i64.load offset=1)`,
  `(func (export "loopnz") (param i32 i32) (result i32) (local i32) local.get 1 i32.const 15 i32.and i32.const 1 i32.add local.set 2
    (loop local.get 0 i32.const 1 i32.add local.set 0 local.get 2 i32.const -1 i32.add local.tee 2 br_if 0) local.get 0 local.get 2 i32.add)`,
  `(func (export "looplt") (param i32 i32) (result i32) (local i32 i32) local.get 1 i32.const 7 i32.and local.set 2 local.get 0 i32.const 63 i32.and local.set 3
    (loop local.get 0 i32.const 3 i32.add local.set 0 local.get 2 i32.const 1 i32.add local.tee 2 i32.const 10 i32.lt_u br_if 0)
    (loop local.get 0 i32.const 5 i32.xor local.set 0 local.get 3 local.get 2 i32.add local.tee 3 i32.const 100 i32.lt_u br_if 0)
    (loop local.get 1 i32.const 1 i32.add local.set 1 local.get 2 i32.const 4 i32.add local.tee 2 local.get 3 i32.lt_u br_if 0)
    local.get 0 local.get 1 i32.add local.get 2 i32.add local.get 3 i32.add)`,
  `(func (export "loopadd2") (param i32 i32) (result i32) (local i32 i32) local.get 1 i32.const 7 i32.and local.set 2 local.get 0 local.set 3
    (loop local.get 3 i32.const 5 i32.add local.set 3 local.get 2 i32.const 1 i32.add local.tee 2 i32.const 10 i32.ne br_if 0) local.get 2 local.get 3 i32.add)`,
  `(func (export "mv64b") (param i32 i32) (result i64) local.get 0 i32.popcnt i32.const 8 i32.add local.get 1 i32.const -3 i32.add i64.load offset=2 i64.store offset=1 local.get 0 i32.popcnt i64.load offset=9)`,
  `(func (export "storeclc") (param i32 i32) (result i64) local.get 0 i32.const 3 i32.add i32.const 0x7654321 i32.store offset=1
    local.get 1 i32.const -2 i32.add i32.const 257 i32.store8 offset=3 local.get 0 i64.load offset=1)`,
  `(func (export "chi") (param i32 i32) (result i64) (local i64 i64 i64) local.get 0 i64.extend_i32_s i64.const 0x1234567 i64.mul local.set 2 local.get 1 i64.extend_i32_u local.set 3
    local.get 0 i64.extend_i32_u i64.const 40 i64.shl local.set 4
    local.get 0 local.get 2 i64.const -1 i64.xor local.get 3 i64.and local.get 4 i64.xor i64.store offset=3
    local.get 1 local.get 4 local.get 3 local.get 2 i64.const -1 i64.xor i64.and i64.xor i64.store offset=1 local.get 0 i64.load offset=3 local.get 1 i64.load offset=1 i64.add)`,
  `(func (export "copy2") (param i32 i32) (result i32) (local i32 i32) local.get 0 local.set 2 local.get 2 local.set 1 local.get 1 local.set 3 local.get 3 local.get 1 i32.sub local.get 2 i32.add)`,
  // Round 3. x + (y + local) rounds differently from (x + y) + local for these operands.
  `(func (export "f64addsladd") (param i32 i32) (result i64) (local f64 f64) f64.const 1e16 local.set 2 local.get 0 f64.convert_i32_s local.set 3
    local.get 1 f64.convert_i32_u f64.neg local.get 0 f64.convert_i32_s local.get 2 f64.add f64.add local.set 2
    f64.const 0.3 local.get 1 f64.convert_i32_s local.get 3 f64.add f64.add local.set 3 local.get 2 local.get 3 f64.sub i64.reinterpret_f64)`,
  `(func (export "f64mulll") (param i32 i32) (result i64) local.get 0 f64.load offset=1 local.get 1 f64.load offset=2 f64.mul i64.reinterpret_f64)`,
  `(func (export "f64mulsclc") (param i32 i32) (result i64) local.get 0 i32.popcnt i32.const -2 i32.add f64.load offset=3 local.get 1 i32.const 7 i32.add f64.load offset=1 f64.mul i64.reinterpret_f64)`,
  `(func (export "addldlc") (param i32 i32) (result i32) local.get 1 i32.popcnt local.get 0 i32.const 3 i32.add i32.load offset=1 i32.add)`,
  `(func (export "ldlctee") (param i32 i32) (result i32) (local i32) local.get 0 i32.const 5 i32.add i32.load offset=2 local.tee 2 local.get 2 i32.mul local.get 2 i32.sub)`,
  `(func (export "ldlcteef") (param i32 i32) (result i32) (local f32) local.get 1 i32.const -1 i32.add f32.load local.tee 2 drop local.get 2 i32.reinterpret_f32)`,
  `(func (export "ldltee") (param i32 i32) (result i32) (local i32) local.get 1 i32.load offset=3 local.tee 2 local.get 0 i32.add local.get 2 i32.xor)`,
  `(func (export "shrxor") (param i32 i32) (result i32) local.get 0 i32.popcnt local.get 1 i32.const 3 i32.shr_u i32.xor local.get 1 i32.const 36 i32.shr_u i32.xor)`,
  `(func (export "rotl2") (param i32 i32) (result i32) local.get 0 i32.const 30 i32.rotl local.get 1 i32.const 19 i32.rotl i32.xor local.get 0 i32.const 32 i32.rotl i32.xor)`,
  `(func (export "rotlsc2") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add i32.const 25 i32.rotl local.get 1 i32.const 51 i32.rotl i32.xor)`,
  `(func (export "mullcadd") (param i32 i32) (result i32) local.get 0 i32.popcnt local.get 1 i32.const -31 i32.mul i32.add local.get 0 i32.const 0x10001 i32.mul i32.add)`,
  `(func (export "fill") (param i32 i32) (result i64) (local i32 i32) local.get 0 local.set 2 local.get 0 i32.const 24 i32.add local.set 3
    (loop local.get 2 local.get 1 i32.store offset=1 local.get 2 i32.const 4 i32.add local.tee 2 local.get 3 i32.lt_u br_if 0)
    local.get 0 i64.load offset=9 local.get 2 i64.extend_i32_u i64.add)`,
  // The bound as given (signed and unsigned orders differ): runs until the bound or a trap at the memory's end.
  `(func (export "fill2") (param i32 i32) (result i64) (local i32) local.get 0 i32.const 65535 i32.and local.set 2
    (loop local.get 2 local.get 0 i32.store offset=1 local.get 2 i32.const 4 i32.add local.tee 2 local.get 1 i32.lt_u br_if 0)
    local.get 2 i64.extend_i32_u)`,
  `(func (export "scaledld64") (param i32 i32) (result i64) (local i32 i64) local.get 0 local.get 1 i32.and i32.const 3 i32.shl local.get 1 i32.add local.tee 2 i64.load offset=1 local.set 3
    local.get 2 local.get 3 i64.const 5 i64.add i64.store offset=1 local.get 2 i64.load offset=1 local.get 3 i64.add)`,
  `(func (export "scaledldf64") (param i32 i32) (result i64) (local i32 f64) local.get 1 local.get 0 i32.xor i32.const 1 i32.shl local.get 0 i32.add local.tee 2 f64.load local.set 3 local.get 3 i64.reinterpret_f64 local.get 2 i64.extend_i32_u i64.add)`,
  `(func (export "scaledinc") (param i32 i32) (result i64) (local i32) local.get 0 local.get 1 i32.and i32.const 2 i32.shl i32.const 17 i32.add local.tee 2 local.get 2 i32.load offset=1 i32.const 3 i32.add i32.store offset=1
    local.get 1 local.get 0 i32.or i32.const 30 i32.shl i32.const -4 i32.add local.tee 2 local.get 2 i32.load i32.const -1 i32.add i32.store offset=2 local.get 0 i32.const 2 i32.shl i64.load offset=16)`,
  // Round 4: compares into a local (all ten, constants at the signed/unsigned boundaries; a block that
  // starts with one), and X×2 pairs (odd runs, traps in either instruction, overlapping moves).
  ...["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"].map((op) => `(func (export "cmpset_${op}") (param i32 i32) (result i32) (local i32 i32)
    local.get 0 i32.const -7 i32.${op} local.set 2
    local.get 0 i32.const 0x80000000 i32.${op} local.set 3 local.get 2 local.get 3 i32.const 1 i32.shl i32.add local.set 2
    local.get 1 i32.const 33 i32.${op} local.set 3 local.get 2 local.get 3 i32.const 2 i32.shl i32.add local.set 2
    local.get 1 i32.const -1 i32.${op} local.set 3 local.get 2 local.get 3 i32.const 3 i32.shl i32.add local.set 2
    local.get 0 i32.const 0 i32.${op} local.set 3 local.get 2 local.get 3 i32.const 4 i32.shl i32.add local.get 1 i32.load offset=1 i32.add)`),
  `(func (export "cmp64set") (param i32 i32) (result i32) (local i64 i32 i32) local.get 0 i32.const 7 i32.and i32.const -2 i32.add i64.extend_i32_s local.set 2
    (loop local.get 2 i64.const 5 i64.lt_s local.set 3 local.get 2 i64.const -1 i64.gt_u local.set 4 local.get 2 i64.eqz local.set 4
      local.get 3 local.get 4 i32.add local.get 1 i32.add local.set 1 local.get 2 i64.const 1 i64.add local.set 2 local.get 3 br_if 0)
    local.get 1 local.get 0 i32.load offset=3 i32.add)`,
  `(func (export "cp2") (param i32 i32) (result i64) local.get 0 i32.const 8 i32.add local.get 1 i32.const 8 i32.add i64.load i64.store
    local.get 0 i32.const 65500 i32.add local.get 1 i32.const 16 i32.add i64.load offset=1 i64.store offset=2
    local.get 0 i32.const 1 i32.add local.get 1 i32.const 65490 i32.add i64.load offset=3 i64.store
    local.get 0 i64.load offset=8 local.get 1 i64.load offset=9 i64.add)`,
  `(func (export "xlls2") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_u i64.const 40 i64.shl local.set 2 local.get 0 i64.extend_i32_s local.set 3
    local.get 0 local.get 2 local.get 3 i64.xor i64.store offset=1 local.get 1 local.get 3 local.get 2 i64.xor i64.store offset=3
    local.get 0 i64.load offset=1 local.get 1 i64.load offset=3 i64.add)`,
  `(func (export "chi2") (param i32 i32) (result i64) (local i64 i64 i64) local.get 0 i64.extend_i32_s i64.const 0x1234567 i64.mul local.set 2 local.get 1 i64.extend_i32_u local.set 3
    local.get 0 i64.extend_i32_u i64.const 40 i64.shl local.set 4
    local.get 0 local.get 2 i64.const -1 i64.xor local.get 3 i64.and local.get 4 i64.xor i64.store offset=3
    local.get 1 local.get 3 i64.const -1 i64.xor local.get 4 i64.and local.get 2 i64.xor i64.store offset=1
    local.get 0 local.get 4 i64.const -1 i64.xor local.get 2 i64.and local.get 3 i64.xor i64.store offset=5
    local.get 0 i64.load offset=3 local.get 1 i64.load offset=1 i64.add local.get 0 i64.load offset=5 i64.add)`,
  `(func (export "ldteexor2") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_u local.get 0 i64.load offset=3 local.tee 2 i64.xor
    local.get 1 i64.load offset=5 local.tee 3 i64.xor local.get 2 i64.add local.get 3 i64.sub)`,
  `(func (export "ldset3") (param i32 i32) (result i64) (local i64 f64 i64) local.get 0 i64.load offset=1 local.set 2 local.get 1 f64.load offset=2 local.set 3
    local.get 0 i64.load offset=4 local.set 4 local.get 2 local.get 3 i64.reinterpret_f64 i64.add local.get 4 i64.xor)`,
  `(func (export "remu") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_u i64.const 0xfffffffff i64.mul local.set 2 local.get 0 i64.extend_i32_s local.set 3
    local.get 2 local.get 3 i64.rem_u local.get 3 i64.const -9 i64.xor local.get 2 i64.rem_u local.set 2 local.get 2 i64.add)`,
  `(func (export "remuset") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_s local.set 2 local.get 0 i64.extend_i32_u local.set 3
    local.get 2 i64.const 0x8000000000000001 i64.xor local.get 3 i64.rem_u local.set 3 local.get 3 local.get 0 i64.load offset=2 i64.add)`,
  `(func (export "cmpsel") (param i32 i32) (result i64) (local i64) local.get 0 i64.extend_i32_s local.set 2
    local.get 2 local.get 1 i64.extend_i32_u local.get 2 i64.const 7 i64.lt_u select local.get 2 i64.const -3 local.get 2 i64.eqz select i64.add)`,
  `(func (export "breqz64") (param i32 i32) (result i32) (local i64) local.get 0 i64.extend_i32_u i64.const 32 i64.shl local.get 1 i64.extend_i32_u i64.or local.set 2
    (block (result i32) i32.const 5 local.get 2 i64.const 0xff00000001 i64.and i64.eqz br_if 0 drop local.get 2 i64.const 0x100000000 i64.mul i64.eqz (if (result i32) (then i32.const 7) (else i32.const 9))))`,
  `(global $sp (mut i32) (i32.const 4096))
   (func (export "frame") (param i32 i32) (result i32) (local i32) global.get $sp local.get 0 i32.sub local.tee 2 global.set $sp
    local.get 2 local.get 1 i32.store offset=3 global.get $sp local.get 2 i32.load offset=3 i32.add local.get 2 local.get 0 i32.add global.set $sp global.get $sp i32.add)`,
  `(func (export "frame2") (param i32 i32) (result i32) (local i32) global.get $sp i32.const 48 i32.sub local.tee 2 global.set $sp
    local.get 2 local.get 0 i32.store offset=1 local.get 2 i32.load offset=1 local.get 2 i32.const 48 i32.add global.set $sp global.get $sp i32.add)`,
  `(func (export "addset2") (param i32 i32) (result i32) (local i32 i32) local.get 0 i32.const 63 i32.and local.set 0 (loop local.get 0 i32.const -2 i32.add local.tee 2 local.set 0 local.get 3 local.get 2 i32.add local.set 3
    local.get 0 i32.const 10 i32.gt_s br_if 0) local.get 1 i32.load offset=2 local.get 3 i32.add local.get 0 i32.add)`,
  `(func $lg2 (param i32 i32 i32) (result i32) local.get 0 local.get 1 i32.sub local.get 2 i32.mul)
   (func (export "lget2") (param i32 i32) (result i32) (local i64) local.get 0 i64.extend_i32_s local.set 2 local.get 0 local.get 1 local.get 0 call $lg2
    local.get 1 local.get 0 i32.xor local.get 2 local.get 2 i64.add i32.wrap_i64 i32.add i32.add)`,
];

/** Every word of every compiled body: a superset of the opcodes emitted (immediates here are small). */
const emittedWords = new Set<number>();

/** The fused opcodes in `expected` that the lowering never emitted (by name). */
function missing(expected: number[]): string[] {
  return expected.filter((code) => !emittedWords.has(code)).map(internalOpcodeName);
}

async function compareWithV8(wat: string, width: 32 | 64, compileOptions?: CompileOptions): Promise<string[]> {
  const bytes = await watToBytes(wat);
  const ours = instantiateBytes(bytes, undefined, undefined, compileOptions);
  for (const f of ours.instance.funcs) if (f.kind === 0) for (const word of f.code.code) emittedWords.add(word);
  const v8 = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).exports as Record<string, (a: unknown, b: unknown) => unknown>;
  const values = width === 32 ? I32_VALUES : I64_VALUES;
  const failures: string[] = [];
  for (const exp of ours.module.exports) {
    const resultIsI64 = ours.module.types[ours.module.funcTypeIndices[exp.index]].results[0] === 0x7e;
    for (const a of values) {
      for (const b of values) {
        const jsA = width === 32 ? Number(BigInt.asIntN(32, a)) : BigInt.asIntN(64, a);
        const jsB = width === 32 ? Number(BigInt.asIntN(32, b)) : BigInt.asIntN(64, b);
        let expected: bigint | string;
        try {
          const r = v8[exp.name](jsA, jsB);
          expected = resultIsI64 ? BigInt.asUintN(64, r as bigint) : BigInt.asUintN(32, BigInt(r as number));
        } catch {
          expected = "trap";
        }
        let actual: bigint | string;
        try {
          const [r] = ours.call(exp.name, a, b);
          actual = resultIsI64 ? BigInt.asUintN(64, r) : BigInt.asUintN(32, r);
        } catch (e) {
          if (!(e instanceof RuntimeError)) throw e;
          actual = "trap";
        }
        if (actual !== expected && failures.length < 20) failures.push(`${exp.name}(${a}, ${b}): expected ${expected}, got ${actual}`);
      }
    }
  }
  return failures;
}

test("fused i32 shapes agree with V8", async () => {
  const funcs = FUSED_I32_BINOPS.flatMap((code, i) => i32Shapes(opName(code), i >= FUSED_ARITH_COUNT));
  assert.deepEqual(await compareWithV8(`(module ${funcs.join("\n")})`, 32), []);
  const arith = [FAM_SL, FAM_SC, FAM_LL, FAM_LC, FAM_LL_SET, FAM_LC_SET, FAM_SL_SET, FAM_SC_SET, FAM_SL_TEE, FAM_SC_TEE, FAM_LL_TEE, FAM_LC_TEE];
  const branch = [FAM_BR_IF_SS, FAM_BR_IF_SL, FAM_BR_IF_SC, FAM_BR_IF_LL, FAM_BR_IF_LC];
  const compare = [FAM_SL, FAM_SC, FAM_LL, FAM_LC, ...branch];
  // Rotations have no _set / _tee forms (FUSED_SET_TEE_COUNT): a plain local.set / local.tee follows them.
  const rotation = [FAM_SL, FAM_SC, FAM_LL, FAM_LC];
  const expected = FUSED_I32_BINOPS.flatMap((_, i) => (i < FUSED_SET_TEE_COUNT ? arith : i < FUSED_ARITH_COUNT ? rotation : compare).map((family) => fusedOpcode(family, i)));
  assert.deepEqual(missing(expected), []);
});

test("fused i64 shapes agree with V8", async () => {
  const funcs = FUSED_I64_BINOPS.flatMap((code) => i64Shapes(opName(code)));
  assert.deepEqual(await compareWithV8(`(module ${funcs.join("\n")})`, 64), []);
  const expected = FUSED_I64_BINOPS.flatMap((_, i) => [FAM64_SL, FAM64_LL, FAM64_LL_SET, FAM64_SC, FAM64_LC].map((family) => fusedI64Opcode(family, i)));
  assert.deepEqual(missing(expected), []);
});

test("fused loads, stores, local copies and conditional jumps on locals agree with V8", async () => {
  const loads = ["i32.load", "i64.load", "f32.load", "f64.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u",
    "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s", "i64.load32_u"];
  const stores: [string, string][] = [["i32.store", "i32"], ["i64.store", "i64"], ["f32.store", "f32"], ["f64.store", "f64"], ["i32.store8", "i32"],
    ["i32.store16", "i32"], ["i64.store8", "i64"], ["i64.store16", "i64"], ["i64.store32", "i64"]];
  const funcs: string[] = [];
  loads.forEach((load, k) => {
    const t = load.slice(0, 3);
    const toI64 = t === "i32" ? "i64.extend_i32_u" : t === "f32" ? "i32.reinterpret_f32 i64.extend_i32_u" : t === "f64" ? "i64.reinterpret_f64" : "";
    funcs.push(`(func (export "l${k}") (param i32 i32) (result i64) (local ${t}) local.get 0 ${load} offset=3 ${toI64})`);
    funcs.push(`(func (export "ls${k}") (param i32 i32) (result i64) (local ${t}) local.get 0 ${load} offset=5 local.set 2 local.get 2 ${toI64})`);
    // (local + constant) and (stack + constant) addresses: the i32.add wraps before the offset is added.
    funcs.push(`(func (export "lc${k}") (param i32 i32) (result i64) local.get 0 i32.const -2 i32.add ${load} offset=3 ${toI64})`);
    funcs.push(`(func (export "lc2${k}") (param i32 i32) (result i64) local.get 1 i32.const 65530 i32.add ${load} ${toI64})`);
    funcs.push(`(func (export "sc${k}") (param i32 i32) (result i64) local.get 0 local.get 1 i32.add i32.const 3 i32.add ${load} offset=1 ${toI64})`);
  });
  stores.forEach(([store, t], k) => {
    const value = t === "i32" ? "" : t === "i64" ? "(local i64)" : `(local ${t})`;
    const init = t === "i32" ? "local.get 1 local.set 2" : t === "i64" ? "local.get 1 i64.extend_i32_s i64.const 0x0102030400000000 i64.or local.set 2" : t === "f32" ? "local.get 1 f32.reinterpret_i32 local.set 2" : "local.get 1 i64.extend_i32_u i64.const 32 i64.shl local.get 1 i64.extend_i32_u i64.or f64.reinterpret_i64 local.set 2";
    const local2 = t === "i32" ? "(local i32)" : value;
    funcs.push(`(func (export "sll${k}") (param i32 i32) (result i64) ${local2} ${init} local.get 0 local.get 2 ${store} offset=2 local.get 0 i64.load offset=2)`);
    funcs.push(`(func (export "ssl${k}") (param i32 i32) (result i64) ${local2} ${init} local.get 0 i32.const 1 i32.add local.get 2 ${store} offset=1 local.get 0 i64.load offset=2)`);
  });
  funcs.push(`(func (export "addscstore") (param i32 i32) (result i64) local.get 0 local.get 1 i32.popcnt i32.const -7 i32.add i32.store offset=2 local.get 0 i64.load offset=2)`);
  funcs.push(`(func (export "addscstore2") (param i32 i32) (result i64) local.get 1 local.get 0 i32.load8_u offset=1 i32.const 1 i32.add i32.store local.get 1 i64.load)`);
  // Loop back-edge: count local 2 from a up by (b | 1) until it equals a + 5 * (b | 1) (wraps), and an
  // `if` on the equal case; locals changed inside are summed.
  funcs.push(`(func (export "loopne") (param i32 i32) (result i32) (local i32 i32 i32) local.get 1 i32.const 1 i32.or local.set 4 local.get 0 local.get 4 i32.const 5 i32.mul i32.add local.set 3 local.get 0 local.set 2
    (loop local.get 2 i32.const 3 i32.add local.tee 2 i32.const -3 i32.add local.get 4 i32.add local.set 2 local.get 0 i32.const 1 i32.add local.set 0 local.get 2 local.get 3 i32.ne br_if 0)
    local.get 1 i32.const 15 i32.and i32.const 7 i32.mul local.set 1 (block (loop local.get 1 i32.const 7 i32.add local.tee 1 i32.const 140 i32.ne br_if 0 br 1)) local.get 2 local.get 0 i32.add local.get 1 i32.add)`);
  funcs.push(`(func (export "ifeq") (param i32 i32) (result i32) local.get 0 i32.const -1 i32.add local.tee 1 i32.const 41 i32.eq (if (result i32) (then i32.const 5) (else local.get 1)))`);
  funcs.push(`(func (export "f64add") (param i32 i32) (result i64) (local f64 f64) local.get 0 f64.convert_i32_s local.set 2 local.get 1 f64.convert_i32_u local.set 3 local.get 3 f64.const 0.1 f64.div local.get 2 f64.add i64.reinterpret_f64)`);
  funcs.push(`(func (export "f64addset") (param i32 i32) (result i64) (local f64 f64) local.get 0 f64.convert_i32_s local.set 2 local.get 1 f64.convert_i32_u local.set 3 local.get 3 f64.const 1e-300 f64.div local.get 2 f64.add local.set 3 local.get 3 i64.reinterpret_f64)`);
  funcs.push(`(func (export "copy") (param i32 i32) (result i32) (local i32) local.get 1 local.set 2 local.get 0 local.set 1 local.get 2 local.get 1 i32.sub)`);
  stores.forEach(([store, t], k) => {
    const local2 = t === "i32" ? "(local i32)" : `(local ${t})`;
    const init = t === "i32" ? "local.get 1 local.set 2" : t === "i64" ? "local.get 1 i64.extend_i32_s local.set 2" : t === "f32" ? "local.get 1 f32.reinterpret_i32 local.set 2" : "local.get 1 i64.extend_i32_u f64.reinterpret_i64 local.set 2";
    const change = t === "i32" ? "i32.popcnt" : t === "i64" ? "i64.popcnt" : `${t}.neg`;
    funcs.push(`(func (export "sls${k}") (param i32 i32) (result i64) ${local2} ${init} local.get 0 local.get 2 ${change} ${store} offset=1 local.get 0 i64.load offset=1)`);
  });
  // A local.get below a computed value is folded into the consumer unless the local is written,
  // or a block starts, in between.
  funcs.push(`(func $id (param i32) (result i32) local.get 0)`);
  funcs.push(`(func (export "deep_add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.popcnt i32.add)`);
  funcs.push(`(func (export "deep_sub") (param i32 i32) (result i32) local.get 0 local.get 1 i32.popcnt i32.sub)`);
  funcs.push(`(func (export "deep_lt") (param i32 i32) (result i32) local.get 0 local.get 1 i32.ctz i32.lt_u)`);
  funcs.push(`(func (export "deep_ge") (param i32 i32) (result i32) local.get 0 local.get 1 i32.clz i32.ge_s)`);
  funcs.push(`(func (export "deep_write") (param i32 i32) (result i32) local.get 0 i32.const 7 local.set 0 local.get 1 i32.popcnt i32.add local.get 0 i32.mul)`);
  funcs.push(`(func (export "deep_tee") (param i32 i32) (result i32) local.get 0 local.get 1 local.tee 0 i32.popcnt i32.xor local.get 0 i32.add)`);
  funcs.push(`(func (export "deep_block") (param i32 i32) (result i32) local.get 0 (block (result i32) local.get 1 i32.popcnt) i32.and)`);
  funcs.push(`(func (export "deep_call") (param i32 i32) (result i32) local.get 0 local.get 1 call $id i32.or)`);
  funcs.push(`(func (export "deep_nested") (param i32 i32) (result i32) local.get 1 local.get 0 local.get 1 i32.ctz i32.add i32.mul)`);
  funcs.push(`(func (export "deep_i64") (param i32 i32) (result i64) (local i64) local.get 0 i64.extend_i32_s local.set 2 local.get 2 local.get 1 i64.extend_i32_u i64.popcnt i64.xor)`);
  funcs.push(`(func (export "brl") (param i32 i32) (result i32) (block (result i32) i32.const 1 local.get 0 br_if 0 drop i32.const 2))`);
  funcs.push(`(func (export "breqz") (param i32 i32) (result i32) (block (result i32) i32.const 1 local.get 0 i32.eqz br_if 0 drop i32.const 2))`);
  funcs.push(`(func (export "ifl") (param i32 i32) (result i32) local.get 1 (if (result i32) (then i32.const 1) (else i32.const 2)))`);
  funcs.push(`(func (export "ifeqz") (param i32 i32) (result i32) local.get 1 i32.eqz (if (result i32) (then i32.const 1) (else i32.const 2)))`);
  funcs.push(`(func (export "eqzs") (param i32 i32) (result i32) (block (result i32) i32.const 1 local.get 0 local.get 1 i32.add i32.eqz br_if 0 drop i32.const 2))`);
  funcs.push(...SUPERINSTRUCTION_SHAPES);
  const wat = `(module (memory 1) (data (i32.const 0) "\\01\\82\\03\\f4\\05\\06\\87\\08\\09\\0a\\0b\\fc\\0d\\0e\\0f\\10\\11")
    (data (i32.const 65520) "\\aa\\bb\\cc\\dd\\ee\\ff\\11\\22\\33\\44\\55\\66\\77\\88\\99\\00") ${funcs.join("\n")})`;
  // Addresses near 0, inside, and at the end of the page (some trap), as the value pairs supply.
  assert.deepEqual(await compareWithV8(wat, 32), []);
  const expected = [OP_LOCAL_COPY, OP_BR_IF_L, OP_BR_UNLESS_L];
  for (const load of FUSED_LOAD_LS) expected.push(loadLOpcode(load));
  for (const load of FUSED_LOAD_SETS) expected.push(loadLSetOpcode(load));
  for (const load of FUSED_LOAD_LCS) expected.push(loadLCOpcode(load));
  expected.push(OP_F64_ADD_SL, OP_F64_ADD_SL_SET, OP_I32_ADD_SC_STORE, OP_BR_IF_ADD_LC_TEE_NE);
  expected.push(OP_I64_LOAD_L_TEE, OP_I64_XOR_SL_STORE, OP_I64_XOR_LL_STORE, OP_I64_ROTL_STORE, OP_I32_LOAD_SET, OP_I64_LOAD_SET, OP_I64_LOAD_LC_STORE,
    OP_I32_LOAD_SC_STORE, OP_I32_SHL_SC_XOR_SL_TEE, OP_I32_SHR_U_SC_XOR_SL_TEE, OP_I32_SHL_LC_XOR_SL_TEE, OP_I32_MUL_SC_ADD, OP_F64_MUL_ADD_SL,
    OP_F64_ADD_SET, OP_F64_MUL_LOAD_L, OP_F64_MUL_LOAD_LC, OP_LOCAL_COPY_N, OP_I64_ROTL_LS, OP_I64_ROTL_L_STORE, OP_I64_ANDN_LL,
    OP_I32_SHL_SC_ADD_SL_TEE, OP_I32_SHL_SC_ADD_SC_TEE, OP_I32_ROTL_LC_XOR, OP_I64_LOAD_L_TEE_XOR, OP_I32_STORE_C, OP_I32_STORE8_C,
    OP_I32_LOAD_L_ADD_SC_STORE, OP_BR_IF_ADD_LC_TEE_NZ, OP_BR_IF_ADD_LC_TEE_LT_U_C, OP_BR_IF_ADD_LL_TEE_LT_U_C, OP_BR_IF_ADD_LC_TEE_LT_U_L,
    OP_BR_IF_ADD2_LC_TEE_NE, OP_I64_COPY_LC_LC, OP_I32_STORE_C_LC, OP_I32_STORE8_C_LC, OP_I64_ANDN_XOR_STORE,
    OP_F64_ADD_SL_ADD_SET, OP_F64_MUL_LOAD_L_L, OP_I32_ADD_LOAD_LC, OP_I32_LOAD_LC_TEE, OP_I32_LOAD_L_TEE, OP_I32_SHR_U_LC_XOR, OP_F64_MUL_LOAD_SC_LC,
    OP_I64_LOAD_SET_SHL_SC_ADD_SL_TEE, OP_I32_LOAD_ADD_SC_STORE_SHL_SC_ADD_SC_TEE, OP_I32_ROTL_LC_ROTL_LC_XOR, OP_I32_ROTL_SC_ROTL_LC_XOR, OP_I32_MUL_LC_ADD,
    OP_BR_IF_STORE_LL_ADD_LC_TEE_LT_U_L, OP_I32_CMP_LC_SET, OP_I64_CMP_LC_SET, ...DOUBLE_TARGETS.map((_, k) => OP_DOUBLE_BASE + k),
    OP_I64_REM_U_SL, OP_I64_REM_U_SL_SET, OP_I64_CMP_LC_SELECT, OP_BR_IF_I64_EQZ, OP_BR_IF_I64_NEZ, OP_GLOBAL_SUB_SC_TEE, OP_I32_ADD_LC_GLOBAL_SET, OP_I32_ADD_LC_SET2);
  for (const load of FUSED_LOAD_SCS) expected.push(loadSCOpcode(load));
  for (const store of FUSED_STORES) expected.push(storeLLOpcode(store), storeSLOpcode(store), storeLSOpcode(store));
  assert.deepEqual(missing(expected), []);
});

test("i64 compares against a constant (i64.cmp_lc, and i64.eqz of a local; the stack forms plain) agree with V8", async () => {
  const compares = ["i64.eq", "i64.ne", "i64.lt_s", "i64.lt_u", "i64.gt_s", "i64.gt_u", "i64.le_s", "i64.le_u", "i64.ge_s", "i64.ge_u"];
  // Constants whose high or low word equals one of the operands' (the low-word compare decides then).
  const constants = ["0", "1", "-1", "64", "0xffffffff", "0x100000000", "0x7fffffffffffffff", "0x8000000000000000", "0x123456789abcdef0", "0xffffffff00000000"];
  const funcs = compares.flatMap((op) => constants.flatMap((c, k) => [
    `(func (export "${op}_lc${k}") (param i64 i64) (result i32) local.get 0 i64.const ${c} ${op})`,
    `(func (export "${op}_sc${k}") (param i64 i64) (result i32) local.get 0 local.get 1 i64.xor i64.const ${c} ${op})`,
  ]));
  funcs.push(`(func (export "eqz_l") (param i64 i64) (result i32) local.get 1 i64.eqz)`);
  // The plain (stack-stack) compares, which share one body.
  for (const op of compares) funcs.push(`(func (export "${op}_ss") (param i64 i64) (result i32) local.get 0 i64.const 1 i64.rotl local.get 1 i64.const 1 i64.rotl ${op})`);
  funcs.push(`(func (export "cmp_if") (param i64 i64) (result i32) local.get 0 i64.const 63 i64.gt_u (if (result i32) (then i32.const 1) (else i32.const 2)))`);
  emittedWords.clear();
  assert.deepEqual(await compareWithV8(`(module ${funcs.join("\n")})`, 64), []);
  assert.deepEqual(missing([OP_I64_CMP_LC]), []);
});

/** Each charge+X form: X leads a basic block (function entry, loop header, after a call or br_if). */
const CHARGE_FUSED_SHAPES = [
  `(func (export "c_addlc") (param i32 i32) (result i32) local.get 0 i32.const 7 i32.add local.get 1 i32.mul)`,
  `(func (export "c_fill") (param i32 i32) (result i64) (local i32 i32) local.get 0 local.set 2 local.get 0 i32.const 24 i32.add local.set 3
    (loop local.get 2 local.get 1 i32.store offset=1 local.get 2 i32.const 4 i32.add local.tee 2 local.get 3 i32.lt_u br_if 0)
    local.get 0 i64.load offset=9 local.get 2 i64.extend_i32_u i64.add)`,
  `(func (export "c_addll") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add i32.popcnt)`,
  `(func (export "c_xorll") (param i32 i32) (result i32) local.get 1 local.get 0 i32.xor i32.clz)`,
  `(func (export "c_ldl") (param i32 i32) (result i32) local.get 0 i32.load offset=3 local.get 1 i32.xor)`,
  `(func (export "c_addlltee") (param i32 i32) (result i32) (local i32) local.get 0 local.get 1 i32.add local.tee 2 local.get 2 i32.mul)`,
  `(func $c_id (param i32) (result i32) local.get 0)
   (func (export "c_addslset") (param i32 i32) (result i32) (local i32) local.get 0 i32.popcnt call $c_id local.get 1 i32.add local.set 2 local.get 2 local.get 0 i32.sub)`,
  `(func (export "c_brgeslc") (param i32 i32) (result i32) (local i32) local.get 1 i32.const 15 i32.and local.set 2
    (block (loop local.get 2 i32.const 20 i32.ge_s br_if 1 local.get 2 i32.const 3 i32.add local.set 2 local.get 0 i32.const 1 i32.add local.set 0 br 0)) local.get 0 local.get 2 i32.add)`,
  `(func (export "c_st8clc") (param i32 i32) (result i64) local.get 0 i32.const 3 i32.add i32.const 0x1ff i32.store8 offset=1 local.get 0 i64.load offset=1)`,
  `(func (export "c_stll") (param i32 i32) (result i64) local.get 0 local.get 1 i32.store offset=2 local.get 0 i64.load offset=2)`,
  `(func (export "c_ldlc") (param i32 i32) (result i32) local.get 0 i32.const -3 i32.add i32.load offset=4 local.get 1 i32.xor)`,
  `(func (export "c_ld8ulc") (param i32 i32) (result i32) local.get 1 i32.const 2 i32.add i32.load8_u offset=1 local.get 0 i32.add)`,
  `(func (export "c_loopne") (param i32 i32) (result i32) (local i32) local.get 1 i32.const 7 i32.and local.set 2
    (loop local.get 2 i32.const 1 i32.add local.tee 2 i32.const 12 i32.ne br_if 0)
    (block local.get 0 i32.const 1 i32.and br_if 0 local.get 0 i32.const 5 i32.add local.set 0) local.get 2 local.get 0 i32.add)`,
  // charge+local.get (entry; after a call, of an i64 local: both words), charge+local.set_c (entry,
  // loop header), and local.set_c inside a block.
  `(func (export "c_lg") (param i32 i32) (result i32) local.get 1 i32.popcnt local.get 0 i32.sub)`,
  `(func (export "c_lg64") (param i32 i32) (result i32) (local i64) local.get 0 i64.extend_i32_s i64.const 0x100000001 i64.mul local.set 2
    local.get 1 call $c_id drop local.get 2 i64.popcnt i32.wrap_i64 local.get 2 i64.const 32 i64.shr_u i32.wrap_i64 i32.add)`,
  `(func (export "c_setc") (param i32 i32) (result i32) (local i32) i32.const -5 local.set 2 local.get 2 local.get 0 i32.add)`,
  `(func (export "c_setcloop") (param i32 i32) (result i32) (local i32 i32) local.get 1 i32.const 7 i32.and i32.const 1 i32.add local.set 3
    (loop i32.const 0x12345 local.set 2 local.get 0 local.get 2 i32.xor local.set 0 local.get 3 i32.const -1 i32.add local.tee 3 br_if 0) local.get 0 local.get 2 i32.add)`,
  `(func (export "setc") (param i32 i32) (result i32) (local i32) local.get 0 i32.popcnt local.set 1 i32.const 0x7fffffff local.set 2 local.get 1 local.get 2 i32.sub)`,
  `(func (export "c_ld8ul") (param i32 i32) (result i32) local.get 1 i32.load8_u offset=2 local.get 0 i32.add)`,
  `(func (export "c_cmp64set") (param i32 i32) (result i32) (local i64 i32 i32) local.get 0 i32.const 7 i32.and i32.const -2 i32.add i64.extend_i32_s local.set 2
    (loop local.get 2 i64.const 5 i64.lt_s local.set 3 local.get 2 i64.const 1 i64.add local.set 2 local.get 1 local.get 3 i32.add local.set 1 local.get 3 br_if 0) local.get 1)`,
  // Round 5: charge+i64.mul_ll (after a call), charge+i32.add_lc_set (loop header), charge+global.sub_sc_tee
  // (function entry), charge+i32.add_lc_global_set (after a call); a br_unless_l after a call (no charge+ form).
  `(func $c_nop (param i32))
   (func (export "c_mul64") (param i32 i32) (result i32) (local i64 i64) local.get 0 i64.extend_i32_s local.set 2
    local.get 1 i64.extend_i32_u i64.const 0x100000003 i64.mul local.set 3
    local.get 1 call $c_id local.get 2 local.get 3 i64.mul i64.popcnt i32.wrap_i64 i32.add)`,
  `(func (export "c_addlcset") (param i32 i32) (result i32) (local i32) local.get 1 i32.const 255 i32.and local.set 1
    (loop local.get 2 i32.const 3 i32.add local.set 2 local.get 0 i32.const 1 i32.add local.set 0 local.get 2 local.get 1 i32.lt_u br_if 0) local.get 0 local.get 2 i32.xor)`,
  `(global $csp (mut i32) (i32.const 4096))
   (func (export "c_frame") (param i32 i32) (result i32) (local i32) global.get $csp i32.const 32 i32.sub local.tee 2 global.set $csp
    local.get 2 local.get 0 i32.store offset=4 local.get 1 call $c_nop local.get 2 i32.const 32 i32.add global.set $csp
    local.get 2 i32.load offset=4 global.get $csp i32.add)`,
  `(func (export "c_ifl") (param i32 i32) (result i32) local.get 1 call $c_nop local.get 0 (if (then local.get 1 i32.const 5 i32.add local.set 1)) local.get 1)`,
];

test("charge+X (a block's CHARGE fused with its first instruction) agrees with V8 and is emitted for every X", async () => {
  emittedWords.clear();
  const wat = `(module (memory 1) (data (i32.const 0) "\\01\\82\\03\\f4\\05\\06\\87\\08\\09\\0a\\0b\\fc\\0d\\0e\\0f\\10\\11")
    (data (i32.const 65520) "\\aa\\bb\\cc\\dd\\ee\\ff\\11\\22\\33\\44\\55\\66\\77\\88\\99\\00") ${CHARGE_FUSED_SHAPES.join("\n")})`;
  assert.deepEqual(await compareWithV8(wat, 32, { meter: "block", opcodeCosts: opcodeCosts(DEFAULT_GAS_SCHEDULE) }), []);
  assert.deepEqual(missing(CHARGE_FUSED_TARGETS.map((_, k) => OP_CHARGE_FUSED_BASE + k)), []);
  assert.deepEqual(missing([OP_LOCAL_SET_C]), []);
});

test("i64.load32_u_lc_rotl_l_store (keccak's rho-pi step) agrees with V8, alone and twice in a row", async () => {
  emittedWords.clear();
  const wat = `(module (memory 1) (data (i32.const 0) "\\01\\82\\03\\f4\\05\\06\\87\\08\\09\\0a\\0b\\fc\\0d\\0e\\0f\\10\\11\\3f\\41\\7f")
    (func (export "rhopi") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_s i64.const 0x987654321 i64.mul local.set 2
      local.get 0 i32.const 15 i32.and local.set 0
      local.get 1 i32.const 1023 i32.and local.tee 1 local.get 2 local.get 0 i32.const 2 i32.add i64.load32_u offset=1 i64.rotl i64.store offset=4
      local.get 1 i32.const 8 i32.add local.get 2 local.get 0 i32.const 1 i32.add i64.load32_u offset=2 i64.rotl i64.store offset=4
      local.get 1 i64.load offset=4 local.get 1 i64.load offset=12 i64.xor)
    (func (export "rhopi_oob") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_u local.set 2
      local.get 1 local.get 2 local.get 0 i32.const -3 i32.add i64.load32_u offset=1 i64.rotl i64.store offset=4 local.get 1 i64.load offset=4))`;
  assert.deepEqual(await compareWithV8(wat, 32), []);
  assert.deepEqual(await compareWithV8(wat, 32, { meter: "block", opcodeCosts: opcodeCosts(DEFAULT_GAS_SCHEDULE) }), []);
  assert.deepEqual(missing([OP_I64_LOAD32_U_LC_ROTL_L_STORE]), []);
});

test("local.set_c (i32.const; local.set) agrees with V8 unmetered", async () => {
  emittedWords.clear();
  const wat = `(module (memory 1) ${CHARGE_FUSED_SHAPES.join("\n")})`;
  assert.deepEqual(await compareWithV8(wat, 32), []);
  assert.deepEqual(missing([OP_LOCAL_SET_C]), []);
});

test("interpreter.ts holds exactly the fused cases that fused-cases.ts generates", () => {
  const source = readFileSync(new URL("./interpreter.ts", import.meta.url), "utf8");
  assert.ok(source === spliceFusedCases(source), "regenerate with: node --import tsx src/exec/fused-cases.ts --write");
});
