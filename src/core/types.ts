// Value and function types, using the binary format's own type codes so that decoding needs no mapping.

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;

export type NumType = typeof I32 | typeof I64 | typeof F32 | typeof F64;
export type RefType = typeof FUNCREF | typeof EXTERNREF;
export type ValType = NumType | typeof V128 | RefType;

export function isValType(code: number): code is ValType {
  return code === I32 || code === I64 || code === F32 || code === F64 || code === V128 || code === FUNCREF || code === EXTERNREF;
}

export function isRefType(code: number): code is RefType {
  return code === FUNCREF || code === EXTERNREF;
}

export function valTypeName(t: number): string {
  switch (t) {
    case I32: return "i32";
    case I64: return "i64";
    case F32: return "f32";
    case F64: return "f64";
    case V128: return "v128";
    case FUNCREF: return "funcref";
    case EXTERNREF: return "externref";
    default: return `type(0x${t.toString(16)})`;
  }
}

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export function funcTypeEquals(a: FuncType, b: FuncType): boolean {
  if (a.params.length !== b.params.length || a.results.length !== b.results.length) return false;
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return false;
  for (let i = 0; i < a.results.length; i++) if (a.results[i] !== b.results[i]) return false;
  return true;
}

export function funcTypeToString(t: FuncType): string {
  return `[${t.params.map(valTypeName).join(" ")}] -> [${t.results.map(valTypeName).join(" ")}]`;
}

/** Memory and table limits; `max` is undefined when absent. Values are unsigned 32-bit. */
export interface Limits {
  readonly min: number;
  readonly max: number | undefined;
}

export interface TableType {
  readonly elemType: RefType;
  readonly limits: Limits;
}

export interface MemoryType {
  readonly limits: Limits;
}

export interface GlobalType {
  readonly valType: ValType;
  readonly mutable: boolean;
}

export const EXTERN_FUNC = 0;
export const EXTERN_TABLE = 1;
export const EXTERN_MEMORY = 2;
export const EXTERN_GLOBAL = 3;
export type ExternKind = typeof EXTERN_FUNC | typeof EXTERN_TABLE | typeof EXTERN_MEMORY | typeof EXTERN_GLOBAL;

export function externKindName(kind: ExternKind): "function" | "table" | "memory" | "global" {
  return kind === EXTERN_FUNC ? "function" : kind === EXTERN_TABLE ? "table" : kind === EXTERN_MEMORY ? "memory" : "global";
}
