// Decoders for the contents of each non-custom, non-code section. Each reads from a ByteReader
// bounded by the section's size and appends to the module under construction.

import {
  CompileError, FUNCREF, SEGMENT_ACTIVE, SEGMENT_DECLARATIVE, SEGMENT_PASSIVE,
} from "../core/index.ts";
import type {
  ConstExpr, DataSegment, ElementSegment, Export, ExternKind, Features, FuncType, Global, Import,
  ImportDesc, MemoryType, RefType, TableType, ValType,
} from "../core/index.ts";
import { MSG_INTEGER_TOO_LONG } from "./byte-reader.ts";
import type { ByteReader } from "./byte-reader.ts";
import {
  readConstExpr, readGlobalType, readMemoryType, readRefType, readTableType, readValType,
} from "./decode-types.ts";
import { OperatorReader } from "./operator-reader-impl.ts";

export const MSG_MALFORMED_IMPORT_KIND = "malformed import kind";
export const MSG_MALFORMED_EXPORT_KIND = "malformed export kind";
export const MSG_MALFORMED_FUNCTYPE = "malformed function type";
export const MSG_MALFORMED_ELEM_KIND = "malformed element kind";
export const MSG_MALFORMED_ELEM_SEGMENT = "malformed elements segment kind";
export const MSG_MALFORMED_DATA_SEGMENT = "malformed data segment kind";

export function readTypeSection(reader: ByteReader, features: Features, into: FuncType[]): void {
  const count = reader.readCount();
  for (let i = 0; i < count; i++) {
    const at = reader.pos;
    const form = reader.readByte();
    if (form !== 0x60) {
      // The form is a signed LEB128 type code in the spec's grammar: a continuation bit makes it
      // a multi-byte encoding of a one-byte value.
      throw new CompileError(form & 0x80 ? MSG_INTEGER_TOO_LONG : MSG_MALFORMED_FUNCTYPE, at);
    }
    const params = readValTypes(reader, features);
    const results = readValTypes(reader, features);
    into.push({ params, results });
  }
}

function readValTypes(reader: ByteReader, features: Features): ValType[] {
  const count = reader.readCount();
  const types: ValType[] = new Array(count);
  for (let i = 0; i < count; i++) types[i] = readValType(reader, features);
  return types;
}

export function readImportSection(reader: ByteReader, features: Features, into: Import[]): void {
  // module name, field name, kind, at least one byte of descriptor
  const count = reader.readCount();
  for (let i = 0; i < count; i++) {
    const module = reader.readName();
    const name = reader.readName();
    const at = reader.pos;
    const kind = reader.readByte();
    let desc: ImportDesc;
    switch (kind) {
      case 0: desc = { kind: 0, typeIndex: reader.readU32() }; break;
      case 1: desc = { kind: 1, type: readTableType(reader, features) }; break;
      case 2: desc = { kind: 2, type: readMemoryType(reader) }; break;
      case 3: desc = { kind: 3, type: readGlobalType(reader, features) }; break;
      default: throw new CompileError(MSG_MALFORMED_IMPORT_KIND, at);
    }
    into.push({ module, name, desc });
  }
}

export function readFunctionSection(reader: ByteReader, into: number[]): void {
  const count = reader.readCount();
  for (let i = 0; i < count; i++) into.push(reader.readU32());
}

export function readTableSection(reader: ByteReader, features: Features, into: TableType[]): void {
  const count = reader.readCount();
  for (let i = 0; i < count; i++) into.push(readTableType(reader, features));
}

export function readMemorySection(reader: ByteReader, into: MemoryType[]): void {
  const count = reader.readCount();
  for (let i = 0; i < count; i++) into.push(readMemoryType(reader));
}

export function readGlobalSection(reader: ByteReader, features: Features, into: Global[]): void {
  const count = reader.readCount();
  const scratch = new OperatorReader(reader.bytes, 0, 0);
  for (let i = 0; i < count; i++) {
    const type = readGlobalType(reader, features);
    const init = readConstExpr(reader, features, scratch);
    into.push({ type, init });
  }
}

export function readExportSection(reader: ByteReader, into: Export[]): void {
  const count = reader.readCount();
  for (let i = 0; i < count; i++) {
    const name = reader.readName();
    const at = reader.pos;
    const kind = reader.readByte();
    if (kind > 3) throw new CompileError(MSG_MALFORMED_EXPORT_KIND, at);
    into.push({ name, kind: kind as ExternKind, index: reader.readU32() });
  }
}

/** A plain function index as the constant expression `ref.func i`. */
function refFuncExpr(funcIndex: number, offset: number): ConstExpr {
  return { instrs: [{ op: 0xd2, imm: funcIndex, offset }], offset };
}

/**
 * Element segments in all eight encodings. The flag's bits: 0 = passive-or-declarative (else
 * active), 1 = explicit table index (active) or declarative (not active), 2 = elements are
 * expressions (else function indices).
 */
export function readElementSection(reader: ByteReader, features: Features, into: ElementSegment[]): void {
  const count = reader.readCount();
  const scratch = new OperatorReader(reader.bytes, 0, 0);
  for (let i = 0; i < count; i++) {
    const at = reader.pos;
    const flag = reader.readU32();
    if (flag > 7) throw new CompileError(MSG_MALFORMED_ELEM_SEGMENT, at);
    if (flag !== 0 && !features.bulkMemory && !features.referenceTypes) throw new CompileError(MSG_MALFORMED_ELEM_SEGMENT, at);
    const notActive = (flag & 1) !== 0;
    const explicitOrDeclarative = (flag & 2) !== 0;
    const usesExprs = (flag & 4) !== 0;
    const mode = !notActive ? SEGMENT_ACTIVE : explicitOrDeclarative ? SEGMENT_DECLARATIVE : SEGMENT_PASSIVE;
    let tableIndex = 0;
    let offsetExpr: ConstExpr | undefined;
    if (mode === SEGMENT_ACTIVE) {
      if (explicitOrDeclarative) tableIndex = reader.readU32();
      offsetExpr = readConstExpr(reader, features, scratch);
    }
    // Encodings 0 and 4 imply funcref; the others name the element kind or type explicitly.
    let elemType: RefType = FUNCREF;
    const typed = notActive || explicitOrDeclarative;
    if (typed) {
      if (usesExprs) {
        elemType = readRefType(reader, features);
      } else {
        const kindAt = reader.pos;
        if (reader.readByte() !== 0x00) throw new CompileError(MSG_MALFORMED_ELEM_KIND, kindAt);
      }
    }
    const n = reader.readCount();
    const init: ConstExpr[] = new Array(n);
    for (let j = 0; j < n; j++) {
      if (usesExprs) {
        init[j] = readConstExpr(reader, features, scratch);
      } else {
        const off = reader.pos;
        init[j] = refFuncExpr(reader.readU32(), off);
      }
    }
    into.push({ mode, elemType, tableIndex, offsetExpr, init });
  }
}

/** Data segments: 0 = active in memory 0, 1 = passive, 2 = active with an explicit memory index. */
export function readDataSection(reader: ByteReader, features: Features, into: DataSegment[]): void {
  const count = reader.readCount();
  const scratch = new OperatorReader(reader.bytes, 0, 0);
  for (let i = 0; i < count; i++) {
    const at = reader.pos;
    const flag = reader.readU32();
    if (flag > 2 || (flag !== 0 && !features.bulkMemory)) throw new CompileError(MSG_MALFORMED_DATA_SEGMENT, at);
    let memoryIndex = 0;
    let offsetExpr: ConstExpr | undefined;
    if (flag !== 1) {
      if (flag === 2) memoryIndex = reader.readU32();
      offsetExpr = readConstExpr(reader, features, scratch);
    }
    const length = reader.readU32();
    const bytes = reader.readBytes(length);
    into.push(flag === 1
      ? { mode: SEGMENT_PASSIVE, memoryIndex, offsetExpr: undefined, bytes }
      : { mode: SEGMENT_ACTIVE, memoryIndex, offsetExpr, bytes });
  }
}
