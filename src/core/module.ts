// The decoded-module record: what binary/ produces and what valid/, compile/ and runtime/ consume.
// Function bodies stay as byte ranges of the original module; OperatorReader (binary/) walks them.

import type { ExternKind, FuncType, GlobalType, MemoryType, RefType, TableType, ValType } from "./types.ts";

export type ImportDesc =
  | { readonly kind: 0; readonly typeIndex: number }          // function
  | { readonly kind: 1; readonly type: TableType }            // table
  | { readonly kind: 2; readonly type: MemoryType }           // memory
  | { readonly kind: 3; readonly type: GlobalType };          // global

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
}

/**
 * A constant expression: the decoded instructions before its `end`.
 * Opcodes use the same numbering as the opcode table (see opcodes.ts).
 */
export interface ConstInstr {
  readonly op: number;
  /** i32.const: number; i64.const: bigint; f32.const/f64.const: raw bits (number for f32, bigint for f64);
   *  global.get / ref.func: index; ref.null: the ref type; v128.const: 16 bytes. */
  readonly imm: number | bigint | Uint8Array;
  readonly offset: number;
}
export interface ConstExpr {
  readonly instrs: readonly ConstInstr[];
  readonly offset: number;
}

export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

export const SEGMENT_ACTIVE = 0;
export const SEGMENT_PASSIVE = 1;
export const SEGMENT_DECLARATIVE = 2;
export type SegmentMode = typeof SEGMENT_ACTIVE | typeof SEGMENT_PASSIVE | typeof SEGMENT_DECLARATIVE;

export interface ElementSegment {
  readonly mode: SegmentMode;
  readonly elemType: RefType;
  /** Active only. */
  readonly tableIndex: number;
  readonly offsetExpr: ConstExpr | undefined;
  /** Each element as a constant expression (`ref.func i` / `ref.null t` / `global.get g`). Encodings
   *  with plain function indices are normalised to `ref.func i`. */
  readonly init: readonly ConstExpr[];
}

export interface DataSegment {
  readonly mode: typeof SEGMENT_ACTIVE | typeof SEGMENT_PASSIVE;
  readonly memoryIndex: number;
  readonly offsetExpr: ConstExpr | undefined;
  readonly bytes: Uint8Array;
}

export interface FunctionBody {
  /** Declared locals (parameters excluded), expanded: one entry per local. Total count is capped
   *  by the decoder before expansion. */
  readonly locals: readonly ValType[];
  /** Byte offsets in ModuleRecord.bytes of the first instruction and one past the final `end`. */
  readonly codeStart: number;
  readonly codeEnd: number;
  /** Offset of the body (its size field) for error messages. */
  readonly bodyOffset: number;
}

export interface CustomSection {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly offset: number;
}

export interface NameSection {
  readonly moduleName?: string;
  readonly functionNames: ReadonlyMap<number, string>;
  readonly localNames: ReadonlyMap<number, ReadonlyMap<number, string>>;
}

export interface ModuleRecord {
  /** The module's original bytes; function bodies index into it. */
  readonly bytes: Uint8Array;
  readonly types: readonly FuncType[];
  readonly imports: readonly Import[];
  /** Type index of each function defined in the module (not imported), in order. */
  readonly functions: readonly number[];
  readonly tables: readonly TableType[];
  readonly memories: readonly MemoryType[];
  readonly globals: readonly Global[];
  readonly exports: readonly Export[];
  readonly start: number | undefined;
  readonly elements: readonly ElementSegment[];
  readonly datas: readonly DataSegment[];
  /** From the data count section, when present. */
  readonly dataCount: number | undefined;
  readonly codes: readonly FunctionBody[];
  readonly customs: readonly CustomSection[];
  readonly names: NameSection | undefined;

  // Index spaces (imports first), filled by the decoder for convenience.
  readonly numImportedFuncs: number;
  readonly numImportedTables: number;
  readonly numImportedMemories: number;
  readonly numImportedGlobals: number;
  /** Type index of every function in the function index space (imports first). */
  readonly funcTypeIndices: readonly number[];
  readonly allTables: readonly TableType[];
  readonly allMemories: readonly MemoryType[];
  readonly allGlobals: readonly GlobalType[];
}

/** Block types as OperatorReader reports them: >= 0 is a type index, BLOCK_EMPTY is the empty
 *  type (0x40), and any other negative value is minus a ValType code (-0x7f = one i32 result). */
export const BLOCK_EMPTY = -0x40;
export type BlockType = number;

export type { ValType };
