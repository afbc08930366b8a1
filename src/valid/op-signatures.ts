// Dense per-opcode tables derived once from the core opcode table, so the validator's hot loop
// reads typed arrays indexed by the combined opcode instead of Map lookups or OpInfo objects.

import { Feature, Imm, OPCODES } from "../core/index.ts";

/** Combined opcodes run from 0 to 0xfdff (0xfd prefix, sub-opcode < 0x100). */
export const OPCODE_SPACE = 0xfe00;

/** 1 when the opcode's signature is fully described by SIG_PARAMS/SIG_RESULT. */
export const SIG_SIMPLE = new Uint8Array(OPCODE_SPACE);
/** Number of operands a simple-signature opcode pops (0..3). */
export const SIG_PARAM_COUNT = new Uint8Array(OPCODE_SPACE);
/** Operand types, three slots per opcode, in push order (the last one is popped first). */
export const SIG_PARAMS = new Uint8Array(OPCODE_SPACE * 3);
/** Result type of a simple-signature opcode, 0 when it produces nothing. */
export const SIG_RESULT = new Uint8Array(OPCODE_SPACE);
/** The Feature an opcode belongs to (0 = MVP). */
export const OP_FEATURE = new Uint8Array(OPCODE_SPACE);
/** The immediate kind (Imm) of each opcode. */
export const OP_IMM = new Uint8Array(OPCODE_SPACE);
/** Natural alignment exponent of memory instructions. */
export const OP_NATURAL_ALIGN = new Int8Array(OPCODE_SPACE).fill(-1);
/** Lane count for instructions carrying a lane index (extract/replace_lane, load/store*_lane). */
export const OP_LANES = new Uint8Array(OPCODE_SPACE);

/** How the validator dispatches an opcode: OP_CLASS_PLAIN for simple-signature opcodes whose
 *  immediates need no check (none, or a constant), OP_CLASS_MEMARG for simple-signature loads and
 *  stores (memory and alignment checks), OP_CLASS_SPECIAL for everything else. The first two skip
 *  the validator's switch. */
export const OP_CLASS = new Uint8Array(OPCODE_SPACE);
export const OP_CLASS_SPECIAL = 0;
export const OP_CLASS_PLAIN = 1;
export const OP_CLASS_MEMARG = 2;

/** Immediate kinds the generic path has to check, as plain numbers: tsx does not inline const
 *  enums across files, and these are read per instruction. */
export const IMM_MEMARG = Imm.MemArg as number;
export const IMM_MEMARG_LANE = Imm.MemArgLane as number;
export const IMM_LANE = Imm.Lane as number;

export const FEATURE_DESCRIPTIONS: readonly string[] = (() => {
  const names: string[] = [];
  names[Feature.Mvp] = "mvp";
  names[Feature.SignExt] = "sign-ext";
  names[Feature.SatFloatToInt] = "sat-float-to-int";
  names[Feature.MultiValue] = "multi-value";
  names[Feature.BulkMemory] = "bulk-memory";
  names[Feature.ReferenceTypes] = "reference-types";
  names[Feature.Simd] = "simd";
  return names;
})();

/** The validator's first dispatch, one switch per operator for the commonest one-byte MVP opcodes
 *  (MVP: always enabled, so no feature check): each case reads its immediate inline when it is a
 *  single byte and types the operator; anything else (0) takes the general path through next(). */
export const HOT_KIND = new Uint8Array(256);
export const HOT_PLAIN = 1; // no immediate, fixed signature (i32.add, i32.eqz, …)
export const HOT_I32_CONST = 2;
export const HOT_LOCAL_GET = 3;
export const HOT_LOCAL_SET = 4;
export const HOT_LOCAL_TEE = 5;
export const HOT_MEMARG = 6; // fixed-signature loads and stores

function laneCountFromShape(name: string): number {
  if (name.startsWith("i8x16")) return 16;
  if (name.startsWith("i16x8")) return 8;
  if (name.startsWith("i32x4") || name.startsWith("f32x4")) return 4;
  if (name.startsWith("i64x2") || name.startsWith("f64x2")) return 2;
  throw new Error(`opcode table: no lane shape in ${name}`);
}

for (const op of OPCODES.values()) {
  const code = op.code;
  OP_FEATURE[code] = op.feature;
  OP_IMM[code] = op.imm;
  OP_NATURAL_ALIGN[code] = op.naturalAlign;
  if (op.params !== undefined && op.results !== undefined) {
    if (op.params.length > 3 || op.results.length > 1) throw new Error(`opcode table: ${op.name} is not a simple signature`);
    SIG_SIMPLE[code] = 1;
    SIG_PARAM_COUNT[code] = op.params.length;
    for (let i = 0; i < op.params.length; i++) SIG_PARAMS[code * 3 + i] = op.params[i];
    SIG_RESULT[code] = op.results.length === 1 ? op.results[0] : 0;
    const imm = op.imm;
    if (imm === Imm.None || imm === Imm.I32 || imm === Imm.I64 || imm === Imm.F32 || imm === Imm.F64 || imm === Imm.V128) {
      OP_CLASS[code] = OP_CLASS_PLAIN;
    } else if (imm === Imm.MemArg) {
      OP_CLASS[code] = OP_CLASS_MEMARG;
    }
  }
  if (code < 0xfc && op.feature === Feature.Mvp) {
    if (OP_CLASS[code] === OP_CLASS_PLAIN && op.imm === Imm.None) HOT_KIND[code] = HOT_PLAIN;
    else if (OP_CLASS[code] === OP_CLASS_MEMARG) HOT_KIND[code] = HOT_MEMARG;
  }
  if (op.imm === Imm.Lane) OP_LANES[code] = laneCountFromShape(op.name);
  // A lane load/store of an N-byte lane addresses 16/N lanes; naturalAlign is log2(N).
  else if (op.imm === Imm.MemArgLane) OP_LANES[code] = 16 >> op.naturalAlign;
}
HOT_KIND[0x41] = HOT_I32_CONST;
HOT_KIND[0x20] = HOT_LOCAL_GET;
HOT_KIND[0x21] = HOT_LOCAL_SET;
HOT_KIND[0x22] = HOT_LOCAL_TEE;
