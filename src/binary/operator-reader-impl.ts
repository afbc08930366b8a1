// OperatorReader: the implementation of the contract documented in operator-reader.ts. One reader
// walks one function body (or constant expression); next() decodes one operator and leaves its
// immediates in fields, reusing its arrays, so walking a body allocates nothing per operator.

import { CompileError, Imm, OPINFO_DENSE } from "../core/index.ts";
import { ByteReader, MSG_UNEXPECTED_END_SECTION } from "./byte-reader.ts";

// tsx compiles imported bindings to getters; next() runs once per operator, so the type codes it
// compares against are plain local constants (core/types.ts and core/module.ts, fixed by the spec).
const FUNCREF = 0x70;
const EXTERNREF = 0x6f;
/** core/module.ts BLOCK_EMPTY. */
const BLOCK_EMPTY = -0x40;

export const MSG_ILLEGAL_OPCODE = "illegal opcode";
export const MSG_ZERO_BYTE = "zero byte expected";
export const MSG_MALFORMED_REFTYPE = "malformed reference type";
export const MSG_MALFORMED_VALTYPE = "malformed value type";
export const MSG_MALFORMED_MEMOP = "malformed memop flags";

/** Immediate kind per combined opcode, plus one (0 = no such opcode); built once from the opcode
 *  table so decoding and the table cannot disagree. Values are core/opcodes.ts `Imm` + 1. */
const IMM_PLUS_ONE: Uint8Array = (() => {
  const table = new Uint8Array(0xfe00);
  for (let code = 0; code < OPINFO_DENSE.length; code++) {
    const info = OPINFO_DENSE[code];
    if (info !== undefined) table[code] = (info.imm as number) + 1;
  }
  return table;
})();

/** True for the byte of a value type (number, vector or reference). */
export function isValTypeByte(b: number): boolean {
  return (b >= 0x7b && b <= 0x7f) || b === 0x70 || b === 0x6f;
}

/** Immediate shapes of one-byte opcodes, for walkers (the validator, lowering) that read the
 *  commonest operators inline instead of calling next(), leaving the reader's fields as next() would:
 *  SHAPE_NONE no immediate; SHAPE_INDEX one u32 index (label, function, local, global, table);
 *  SHAPE_I32 i32.const; SHAPE_MEMARG alignment + offset; SHAPE_BLOCK a block type; 0 otherwise
 *  (including bytes that are no opcode, which next() reports). Built from the opcode table. */
export const SHAPE_NONE = 1;
export const SHAPE_INDEX = 2;
export const SHAPE_I32 = 3;
export const SHAPE_MEMARG = 4;
export const SHAPE_BLOCK = 5;
export const OPERATOR_SHAPE: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let op = 0; op < 0xfc; op++) {
    const imm = OPINFO_DENSE[op]?.imm;
    if (imm === Imm.None) table[op] = SHAPE_NONE;
    else if (imm === Imm.Label || imm === Imm.Func || imm === Imm.Local || imm === Imm.Global || imm === Imm.Table) table[op] = SHAPE_INDEX;
    else if (imm === Imm.I32) table[op] = SHAPE_I32;
    else if (imm === Imm.MemArg) table[op] = SHAPE_MEMARG;
    else if (imm === Imm.BlockType) table[op] = SHAPE_BLOCK;
  }
  return table;
})();

export class OperatorReader extends ByteReader {
  /** Offset of the operator just read. */
  opOffset = 0;
  blockType = 0;
  index = 0;
  index2 = 0;
  memAlign = 0;
  memOffset = 0;
  lane = 0;
  i32 = 0;
  f32Bits = 0;
  f64Lo = 0;
  f64Hi = 0;
  refType = 0;
  brTargets: number[] = [];
  brTargetCount = 0;
  brDefault = 0;
  selectTypes: number[] = [];
  selectTypeCount = 0;
  readonly v128: Uint8Array = new Uint8Array(16);

  constructor(bytes: Uint8Array, start: number, end: number) {
    super(bytes, start, end);
    // A body always lies inside the code section: running off it is "end of section or function".
    this.eofMessage = MSG_UNEXPECTED_END_SECTION;
  }

  /** Points the reader at another range of the same bytes (the next function body), so one reader
   *  serves a whole module. */
  reset(start: number, end: number): void {
    this.pos = start;
    this.end = end;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Reads one operator and its immediates; returns the combined opcode. */
  next(): number {
    const start = this.pos;
    this.opOffset = start;
    if (start >= this.end) this.eof();
    let code = this.bytes[start];
    this.pos = start + 1;
    if (code >= 0xfc) {
      if (code > 0xfd) throw new CompileError(MSG_ILLEGAL_OPCODE, start);
      const sub = this.readU32();
      if (sub > 0xff) throw new CompileError(MSG_ILLEGAL_OPCODE, start);
      code = (code << 8) | sub;
    }
    const kind = IMM_PLUS_ONE[code];
    switch (kind) {
      case 1: // Imm.None
        return code;
      case 0:
        throw new CompileError(MSG_ILLEGAL_OPCODE, start);
      case 2: // Imm.BlockType
        this.readBlockType();
        return code;
      case 3: // Imm.Label
      case 5: // Imm.Func
      case 7: // Imm.Local
      case 8: // Imm.Global
      case 9: // Imm.Table
      case 18: // Imm.Data
      case 19: // Imm.Elem
        this.index = this.readU32();
        return code;
      case 4: // Imm.BrTable
        this.readBrTable();
        return code;
      case 6: // Imm.CallIndirect
        this.index = this.readU32();
        this.index2 = this.readU32();
        return code;
      case 10: // Imm.MemArg
        this.readMemArg();
        return code;
      case 11: // Imm.MemIndex
        this.index = this.readZeroByte();
        return code;
      case 12: // Imm.I32
        this.i32 = this.readS32();
        return code;
      case 13: // Imm.I64
        this.readS64();
        return code;
      case 14: // Imm.F32
        this.f32Bits = this.readFixed32();
        return code;
      case 15: // Imm.F64
        this.f64Lo = this.readFixed32();
        this.f64Hi = this.readFixed32();
        return code;
      case 16: { // Imm.RefType
        const t = this.readByte();
        if (t !== FUNCREF && t !== EXTERNREF) throw new CompileError(MSG_MALFORMED_REFTYPE, this.pos - 1);
        this.refType = t;
        return code;
      }
      case 17: // Imm.SelectT
        this.readSelectTypes();
        return code;
      case 20: // Imm.MemoryInit
        this.index = this.readU32();
        this.index2 = this.readZeroByte();
        return code;
      case 21: // Imm.MemoryCopy
        this.index = this.readZeroByte();
        this.index2 = this.readZeroByte();
        return code;
      case 22: // Imm.TableInit
      case 23: // Imm.TableCopy
        this.index = this.readU32();
        this.index2 = this.readU32();
        return code;
      case 24: // Imm.V128
      case 25: // Imm.Shuffle
        this.readV128();
        return code;
      case 26: // Imm.Lane
        this.lane = this.readByte();
        return code;
      case 27: // Imm.MemArgLane
        this.readMemArg();
        this.lane = this.readByte();
        return code;
      default:
        throw new CompileError(MSG_ILLEGAL_OPCODE, start);
    }
  }

  private readBlockType(): void {
    const pos = this.pos;
    if (pos >= this.end) this.eof();
    const b = this.bytes[pos];
    if (b === 0x40) {
      this.pos = pos + 1;
      this.blockType = BLOCK_EMPTY;
      return;
    }
    if (isValTypeByte(b)) {
      this.pos = pos + 1;
      this.blockType = -b;
      return;
    }
    const value = this.readS33();
    // A negative s33 that is not a value type code names nothing.
    if (value < 0) throw new CompileError(MSG_MALFORMED_VALTYPE, pos);
    this.blockType = value;
  }

  private readBrTable(): void {
    const count = this.readCount();
    const targets = this.brTargets;
    for (let i = 0; i < count; i++) {
      const depth = this.readU32();
      if (i < targets.length) targets[i] = depth;
      else targets.push(depth);
    }
    this.brTargetCount = count;
    this.brDefault = this.readU32();
  }

  private readSelectTypes(): void {
    const count = this.readCount();
    const types = this.selectTypes;
    for (let i = 0; i < count; i++) {
      const t = this.readByte();
      if (!isValTypeByte(t)) throw new CompileError(MSG_MALFORMED_VALTYPE, this.pos - 1);
      if (i < types.length) types[i] = t;
      else types.push(t);
    }
    this.selectTypeCount = count;
  }

  private readMemArg(): void {
    const at = this.pos;
    const align = this.readU32();
    // Wasm 2.0 has one memory: an alignment exponent of 32 or more cannot be a memarg flag field.
    if (align >= 32) throw new CompileError(MSG_MALFORMED_MEMOP, at);
    this.memAlign = align;
    this.memOffset = this.readU32();
  }

  /** The reserved memory index of Wasm 2.0: exactly one 0x00 byte (not a LEB128 zero). */
  private readZeroByte(): number {
    const at = this.pos;
    const b = this.readByte();
    if (b !== 0) throw new CompileError(MSG_ZERO_BYTE, at);
    return 0;
  }

  private readV128(): void {
    const pos = this.pos;
    if (pos + 16 > this.end) {
      this.pos = this.end;
      this.eof();
    }
    this.v128.set(this.bytes.subarray(pos, pos + 16));
    this.pos = pos + 16;
  }
}
