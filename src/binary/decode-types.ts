// The binary format's small syntax types: value and reference types, limits, table, memory and
// global types, and constant expressions. Shared by the section decoders.

import { CompileError, OPINFO_DENSE } from "../core/index.ts";
import type {
  ConstExpr, ConstInstr, Features, GlobalType, Limits, MemoryType, RefType, TableType, ValType,
} from "../core/index.ts";
import { ByteReader, MSG_INTEGER_TOO_LARGE, MSG_INTEGER_TOO_LONG } from "./byte-reader.ts";
import { MSG_ILLEGAL_OPCODE, MSG_MALFORMED_REFTYPE, MSG_MALFORMED_VALTYPE, OperatorReader } from "./operator-reader-impl.ts";

// Type codes as local constants (core/types.ts; fixed by the spec): imported bindings are getters
// under tsx, and readValType runs for every local group of every body.
const V128 = 0x7b;
const FUNCREF = 0x70;
const EXTERNREF = 0x6f;

function isValTypeByte(b: number): boolean {
  return (b >= 0x7b && b <= 0x7f) || b === 0x70 || b === 0x6f;
}

export const MSG_MALFORMED_MUTABILITY = "malformed mutability";

export function readValType(reader: ByteReader, features: Features): ValType {
  const at = reader.pos;
  const b = reader.readByte();
  if (!isValTypeByte(b)) throw new CompileError(MSG_MALFORMED_VALTYPE, at);
  if ((b === V128 && !features.simd) || (b === EXTERNREF && !features.referenceTypes)) {
    throw new CompileError(MSG_MALFORMED_VALTYPE, at);
  }
  return b as ValType;
}

export function readRefType(reader: ByteReader, features: Features): RefType {
  const at = reader.pos;
  const b = reader.readByte();
  if (b !== FUNCREF && (b !== EXTERNREF || !features.referenceTypes)) throw new CompileError(MSG_MALFORMED_REFTYPE, at);
  return b;
}

/** Limits: a flag (a one-bit LEB128, hence the spec's integer-size wording for bad flags), min, max. */
export function readLimits(reader: ByteReader): Limits {
  const at = reader.pos;
  const flag = reader.readByte();
  if (flag & 0x80) throw new CompileError(MSG_INTEGER_TOO_LONG, at);
  if (flag > 1) throw new CompileError(MSG_INTEGER_TOO_LARGE, at);
  const min = reader.readU32();
  const max = flag === 1 ? reader.readU32() : undefined;
  return { min, max };
}

export function readTableType(reader: ByteReader, features: Features): TableType {
  const elemType = readRefType(reader, features);
  const limits = readLimits(reader);
  return { elemType, limits };
}

export function readMemoryType(reader: ByteReader): MemoryType {
  return { limits: readLimits(reader) };
}

export function readGlobalType(reader: ByteReader, features: Features): GlobalType {
  const valType = readValType(reader, features);
  const at = reader.pos;
  const mut = reader.readByte();
  if (mut > 1) throw new CompileError(MSG_MALFORMED_MUTABILITY, at);
  return { valType, mutable: mut === 1 };
}

/**
 * A constant expression up to its `end`. Every instruction is decoded (not only constant ones):
 * whether the expression is constant is the validator's question ("constant expression
 * required"), not a decoding error.
 */
export function readConstExpr(reader: ByteReader, features: Features, scratch?: OperatorReader): ConstExpr {
  const offset = reader.pos;
  // Segments may hold thousands of expressions: callers pass one reader to reuse for all of them.
  const ops = scratch !== undefined && scratch.bytes === reader.bytes ? scratch : new OperatorReader(reader.bytes, 0, 0);
  ops.pos = reader.pos;
  ops.end = reader.end;
  ops.eofMessage = reader.eofMessage;
  const instrs: ConstInstr[] = [];
  let depth = 0;
  for (;;) {
    const op = ops.next();
    checkFeature(op, featureMask(features), ops.opOffset);
    if (op === 0x0b) {
      if (depth === 0) break;
      depth--;
    } else if (op === 0x02 || op === 0x03 || op === 0x04) {
      depth++;
    }
    instrs.push({ op, imm: constImmediate(ops, op), offset: ops.opOffset });
  }
  reader.pos = ops.pos;
  return { instrs, offset };
}

function constImmediate(ops: OperatorReader, op: number): number | bigint | Uint8Array {
  switch (op) {
    case 0x41: return ops.i32; // i32.const
    case 0x42: return ops.i64AsBigInt(); // i64.const
    case 0x43: return ops.f32Bits >>> 0; // f32.const: raw bits, unsigned like the f64 bigint
    case 0x44: return (BigInt(ops.f64Hi >>> 0) << 32n) | BigInt(ops.f64Lo >>> 0); // f64.const
    case 0xd0: return ops.refType; // ref.null
    case 0xfd0c: return ops.v128.slice(); // v128.const
    default: return ops.index; // global.get, ref.func, and (for the validator to reject) anything else
  }
}

/** Feature of each combined opcode (core/opcodes.ts `Feature` as a number), 0 (MVP) for unknown
 *  codes, which the reader rejects anyway. */
export const FEATURE_OF: Uint8Array = (() => {
  const table = new Uint8Array(0xfe00);
  for (let code = 0; code < OPINFO_DENSE.length; code++) {
    const info = OPINFO_DENSE[code];
    if (info !== undefined) table[code] = info.feature as number;
  }
  return table;
})();

/** Bit mask of enabled features, indexed like core `Feature` (bit 0 = MVP, always on). */
export function featureMask(features: Features): number {
  let mask = 1;
  if (features.signExt) mask |= 1 << 1;
  if (features.satFloatToInt) mask |= 1 << 2;
  if (features.multiValue) mask |= 1 << 3;
  if (features.bulkMemory) mask |= 1 << 4;
  if (features.referenceTypes) mask |= 1 << 5;
  if (features.simd) mask |= 1 << 6;
  return mask;
}

/** An opcode of a disabled feature does not exist in the enabled language: "illegal opcode". */
export function checkFeature(op: number, mask: number, offset: number): void {
  if (((mask >> FEATURE_OF[op]) & 1) === 0) throw new CompileError(MSG_ILLEGAL_OPCODE, offset);
}
