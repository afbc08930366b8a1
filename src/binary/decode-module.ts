// decodeModule: bytes → ModuleRecord. Checks everything the binary format itself requires (magic,
// version, section ids, order and sizes, counts that must agree, well-formed code) and nothing
// that validation checks (types, indices in range, constness).

import { ALL_FEATURES, CompileError, MAX_FUNCTION_LOCALS } from "../core/index.ts";
import type {
  CustomSection, DataSegment, ElementSegment, Export, Features, FuncType, FunctionBody, Global,
  GlobalType, Import, MemoryType, ModuleRecord, NameSection, TableType,
} from "../core/index.ts";
import { ByteReader, MSG_LENGTH_OUT_OF_BOUNDS, MSG_UNEXPECTED_END, MSG_UNEXPECTED_END_SECTION } from "./byte-reader.ts";
import { MSG_SECTION_SIZE_MISMATCH, readCodeSection } from "./decode-code.ts";
import {
  readDataSection, readElementSection, readExportSection, readFunctionSection, readGlobalSection,
  readImportSection, readMemorySection, readTableSection, readTypeSection,
} from "./decode-sections.ts";
import { decodeNameSection } from "./name-section.ts";

export interface DecodeOptions {
  features?: Features;
  /** Most locals (parameters included) one function may declare; larger counts are refused
   *  before anything is allocated. Default MAX_FUNCTION_LOCALS. */
  maxLocals?: number;
  /** Skip the operator-by-operator walk over function bodies that rejects malformed code (locals
   *  and body sizes are still read). ONLY for a caller that validates every body afterwards and,
   *  when validation fails, decodes again without this flag so that a malformed body is reported
   *  as malformed: valid/'s decodeAndValidateModule does exactly that. Saves one of the two walks
   *  over the code on the success path. */
  skipBodyWalk?: boolean;
}

export const MSG_MAGIC = "magic header not detected";
export const MSG_VERSION = "unknown binary version";
export const MSG_SECTION_ID = "malformed section id";
export const MSG_SECTION_ORDER = "unexpected content after last section";
export const MSG_FUNC_CODE_MISMATCH = "function and code section have inconsistent lengths";
export const MSG_DATA_COUNT_MISMATCH = "data count and data section have inconsistent lengths";
export const MSG_DATA_COUNT_REQUIRED = "data count section required";

const SECTION_CUSTOM = 0;
const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_FUNCTION = 3;
const SECTION_TABLE = 4;
const SECTION_MEMORY = 5;
const SECTION_GLOBAL = 6;
const SECTION_EXPORT = 7;
const SECTION_START = 8;
const SECTION_ELEMENT = 9;
const SECTION_CODE = 10;
const SECTION_DATA = 11;
const SECTION_DATA_COUNT = 12;

/** Position of each section id in the required order (data count sits between element and code). */
const SECTION_RANK = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10];

export function decodeModule(bytes: Uint8Array, options?: DecodeOptions): ModuleRecord {
  const features = options?.features ?? ALL_FEATURES;
  const maxLocals = options?.maxLocals ?? MAX_FUNCTION_LOCALS;
  const reader = new ByteReader(bytes, 0, bytes.length);

  readHeader(reader);

  const types: FuncType[] = [];
  const imports: Import[] = [];
  const functions: number[] = [];
  const tables: TableType[] = [];
  const memories: MemoryType[] = [];
  const globals: Global[] = [];
  const exports: Export[] = [];
  let start: number | undefined;
  const elements: ElementSegment[] = [];
  const datas: DataSegment[] = [];
  let dataCount: number | undefined;
  const codes: FunctionBody[] = [];
  const customs: CustomSection[] = [];
  let names: NameSection | undefined;

  let lastRank = 0;
  let codeSectionAt = -1;
  let dataSectionAt = -1;
  let usesDataIndex = false;

  while (reader.pos < reader.end) {
    const idAt = reader.pos;
    const id = reader.readByte();
    if (id > SECTION_DATA_COUNT) throw new CompileError(MSG_SECTION_ID, idAt);
    const size = reader.readU32();
    if (size > reader.remaining()) throw new CompileError(MSG_LENGTH_OUT_OF_BOUNDS, reader.pos);
    const sectionStart = reader.pos;
    const sectionEnd = sectionStart + size;
    const section = new ByteReader(bytes, sectionStart, sectionEnd);
    section.eofMessage = MSG_UNEXPECTED_END_SECTION;

    if (id !== SECTION_CUSTOM) {
      const rank = SECTION_RANK[id];
      // A repeated or out-of-order section reads as content after the section that ends the order.
      if (rank <= lastRank) throw new CompileError(MSG_SECTION_ORDER, idAt);
      lastRank = rank;
    }

    switch (id) {
      case SECTION_CUSTOM: {
        // The custom section's name belongs to the binary format; its contents do not.
        const name = section.readName();
        const contents = bytes.subarray(section.pos, sectionEnd);
        customs.push({ name, bytes: contents, offset: idAt });
        if (name === "name") names = decodeNameSection(bytes, section.pos, sectionEnd);
        section.pos = sectionEnd;
        break;
      }
      case SECTION_TYPE: readTypeSection(section, features, types); break;
      case SECTION_IMPORT: readImportSection(section, features, imports); break;
      case SECTION_FUNCTION: readFunctionSection(section, functions); break;
      case SECTION_TABLE: readTableSection(section, features, tables); break;
      case SECTION_MEMORY: readMemorySection(section, memories); break;
      case SECTION_GLOBAL: readGlobalSection(section, features, globals); break;
      case SECTION_EXPORT: readExportSection(section, exports); break;
      case SECTION_START: start = section.readU32(); break;
      case SECTION_ELEMENT: readElementSection(section, features, elements); break;
      case SECTION_DATA_COUNT: dataCount = section.readU32(); break;
      case SECTION_CODE: {
        const funcTypeOf = (i: number): FuncType | undefined => (i < functions.length ? types[functions[i]] : undefined);
        const result = readCodeSection(section, features, maxLocals, funcTypeOf, codes, options?.skipBodyWalk !== true);
        usesDataIndex = result.usesDataIndex;
        codeSectionAt = idAt;
        break;
      }
      case SECTION_DATA:
        readDataSection(section, features, datas);
        dataSectionAt = idAt;
        break;
      default:
        throw new CompileError(MSG_SECTION_ID, idAt);
    }
    if (section.pos !== sectionEnd) throw new CompileError(MSG_SECTION_SIZE_MISMATCH, section.pos);
    reader.pos = sectionEnd;
  }

  // Counts that must agree are checked once every section is read, so that a misplaced section
  // is reported as such rather than as a count mismatch.
  if (codes.length !== functions.length) {
    throw new CompileError(MSG_FUNC_CODE_MISMATCH, codeSectionAt >= 0 ? codeSectionAt : bytes.length);
  }
  if (dataCount !== undefined && dataCount !== datas.length) {
    throw new CompileError(MSG_DATA_COUNT_MISMATCH, dataSectionAt >= 0 ? dataSectionAt : bytes.length);
  }
  if (usesDataIndex && dataCount === undefined) throw new CompileError(MSG_DATA_COUNT_REQUIRED, bytes.length);

  // Index spaces: imports first, then the module's own definitions.
  const funcTypeIndices: number[] = [];
  const allTables: TableType[] = [];
  const allMemories: MemoryType[] = [];
  const allGlobals: GlobalType[] = [];
  for (const imp of imports) {
    const desc = imp.desc;
    switch (desc.kind) {
      case 0: funcTypeIndices.push(desc.typeIndex); break;
      case 1: allTables.push(desc.type); break;
      case 2: allMemories.push(desc.type); break;
      case 3: allGlobals.push(desc.type); break;
    }
  }
  const numImportedFuncs = funcTypeIndices.length;
  const numImportedTables = allTables.length;
  const numImportedMemories = allMemories.length;
  const numImportedGlobals = allGlobals.length;
  for (const t of functions) funcTypeIndices.push(t);
  for (const t of tables) allTables.push(t);
  for (const m of memories) allMemories.push(m);
  for (const g of globals) allGlobals.push(g.type);

  return {
    bytes, types, imports, functions, tables, memories, globals, exports, start, elements, datas,
    dataCount, codes, customs, names,
    numImportedFuncs, numImportedTables, numImportedMemories, numImportedGlobals,
    funcTypeIndices, allTables, allMemories, allGlobals,
  };
}

function readHeader(reader: ByteReader): void {
  const bytes = reader.bytes;
  if (bytes.length < 4) throw new CompileError(MSG_UNEXPECTED_END, bytes.length);
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new CompileError(MSG_MAGIC, 0);
  }
  if (bytes.length < 8) throw new CompileError(MSG_UNEXPECTED_END, bytes.length);
  if (bytes[4] !== 0x01 || bytes[5] !== 0x00 || bytes[6] !== 0x00 || bytes[7] !== 0x00) {
    throw new CompileError(MSG_VERSION, 4);
  }
  reader.pos = 8;
}
