// Module-level validation (spec §3.4 "Modules"): types, imports, limits, constant expressions,
// segments, start, exports, then every function body through FunctionValidator.

import {
  ALL_FEATURES, CompileError, EXTERN_FUNC, EXTERN_MEMORY, EXTERN_TABLE, EXTERNREF,
  FUNCREF, MAX_MEMORY_PAGES, SEGMENT_ACTIVE, V128, I32, I64, F32, F64, isRefType, isValType,
  type ConstExpr, type Features, type FuncType, type Limits, type ModuleRecord,
} from "../core/index.ts";
import { FunctionValidator, type FunctionValidationContext } from "./function-validator.ts";

/**
 * The spec's C.refs: functions referenced anywhere in the module outside function bodies (element
 * segments, global initialisers, exports). `ref.func` in a body may only name these.
 */
export function declaredFuncRefs(module: ModuleRecord): Uint8Array {
  const refs = new Uint8Array(module.funcTypeIndices.length);
  const mark = (expr: ConstExpr | undefined): void => {
    if (expr === undefined) return;
    for (const instr of expr.instrs) {
      if (instr.op === 0xd2 && typeof instr.imm === "number" && instr.imm < refs.length) refs[instr.imm] = 1;
    }
  };
  for (const global of module.globals) mark(global.init);
  for (const segment of module.elements) for (const init of segment.init) mark(init);
  for (const exp of module.exports) if (exp.kind === EXTERN_FUNC && exp.index < refs.length) refs[exp.index] = 1;
  return refs;
}

/** Builds the per-module context FunctionValidator needs (for callers validating bodies one by one). */
export function createFunctionValidationContext(module: ModuleRecord, features: Features = ALL_FEATURES): FunctionValidationContext {
  return { module, features, declaredFuncRefs: declaredFuncRefs(module) };
}

/** Validates one function body; `funcIndex` is in the function index space (imports first).
 *  Assumes the module-level parts (types, imports, tables, memories, globals, segments) are valid,
 *  as after validateModule; to validate many bodies, reuse one FunctionValidator instead. */
export function validateFunction(module: ModuleRecord, funcIndex: number, features: Features = ALL_FEATURES): void {
  const definedIndex = funcIndex - module.numImportedFuncs;
  if (definedIndex < 0 || definedIndex >= module.functions.length) throw new CompileError(`unknown function ${funcIndex}`);
  new FunctionValidator(createFunctionValidationContext(module, features)).validate(definedIndex);
}

/** Throws CompileError (the spec's wording, with a byte offset where the record has one) unless
 *  the module is valid under the given features. */
export function validateModule(module: ModuleRecord, features: Features = ALL_FEATURES): void {
  const types = module.types;
  for (const type of types) checkFuncType(type, features);

  for (const imp of module.imports) {
    const desc = imp.desc;
    switch (desc.kind) {
      case 0:
        if (desc.typeIndex >= types.length) throw new CompileError(`unknown type ${desc.typeIndex}`);
        break;
      case 1:
        checkRefTypeFeature(desc.type.elemType, features);
        checkTableLimits(desc.type.limits);
        break;
      case 2:
        checkMemoryLimits(desc.type.limits);
        break;
      case 3:
        checkValTypeFeature(desc.type.valType, features, undefined);
        break;
    }
  }
  for (const typeIndex of module.functions) {
    if (typeIndex >= types.length) throw new CompileError(`unknown type ${typeIndex}`);
  }
  if (module.functions.length !== module.codes.length) throw new CompileError("function and code section have inconsistent lengths");
  for (const table of module.tables) {
    checkRefTypeFeature(table.elemType, features);
    checkTableLimits(table.limits);
  }
  for (const memory of module.memories) checkMemoryLimits(memory.limits);
  if (module.allMemories.length > 1) throw new CompileError("multiple memories");
  if (module.allTables.length > 1 && !features.referenceTypes) throw new CompileError("multiple tables");

  for (const global of module.globals) {
    checkValTypeFeature(global.type.valType, features, global.init.offset);
    checkConstExpr(module, global.init, global.type.valType, features);
  }

  for (const segment of module.elements) {
    checkRefTypeFeature(segment.elemType, features);
    if (segment.mode === SEGMENT_ACTIVE) {
      const table = module.allTables[segment.tableIndex];
      if (table === undefined) throw new CompileError(`unknown table ${segment.tableIndex}`, segment.offsetExpr?.offset);
      if (table.elemType !== segment.elemType) throw new CompileError("type mismatch", segment.offsetExpr?.offset);
      if (segment.offsetExpr === undefined) throw new CompileError("active element segment without offset");
      checkConstExpr(module, segment.offsetExpr, I32, features);
    }
    // Plain function indices (the 1.0 encoding) arrive normalised to ref.func, so ref.func in an
    // element list is not a reference-types instruction.
    for (const init of segment.init) checkConstExpr(module, init, segment.elemType, features, true);
  }

  if (module.dataCount !== undefined && module.dataCount !== module.datas.length) {
    throw new CompileError("data count and data section have inconsistent lengths");
  }
  for (const segment of module.datas) {
    if (segment.mode === SEGMENT_ACTIVE) {
      if (segment.memoryIndex >= module.allMemories.length) throw new CompileError(`unknown memory ${segment.memoryIndex}`, segment.offsetExpr?.offset);
      if (segment.offsetExpr === undefined) throw new CompileError("active data segment without offset");
      checkConstExpr(module, segment.offsetExpr, I32, features);
    }
  }

  const validator = new FunctionValidator({ module, features, declaredFuncRefs: declaredFuncRefs(module) });
  for (let i = 0; i < module.functions.length; i++) validator.validate(i);

  if (module.start !== undefined) {
    const typeIndex = module.funcTypeIndices[module.start];
    if (typeIndex === undefined) throw new CompileError(`unknown function ${module.start}`);
    const type = types[typeIndex];
    if (type.params.length !== 0 || type.results.length !== 0) throw new CompileError("start function");
  }

  const exportNames = new Set<string>();
  for (const exp of module.exports) {
    const count = exp.kind === EXTERN_FUNC ? module.funcTypeIndices.length
      : exp.kind === EXTERN_TABLE ? module.allTables.length
      : exp.kind === EXTERN_MEMORY ? module.allMemories.length
      : module.allGlobals.length;
    if (exp.index >= count) {
      const what = exp.kind === EXTERN_FUNC ? "function" : exp.kind === EXTERN_TABLE ? "table" : exp.kind === EXTERN_MEMORY ? "memory" : "global";
      throw new CompileError(`unknown ${what} ${exp.index}`);
    }
    if (exportNames.has(exp.name)) throw new CompileError("duplicate export name");
    exportNames.add(exp.name);
  }
}

function checkFuncType(type: FuncType, features: Features): void {
  for (const t of type.params) checkValTypeFeature(t, features, undefined);
  for (const t of type.results) checkValTypeFeature(t, features, undefined);
  if (type.results.length > 1 && !features.multiValue) {
    throw new CompileError("invalid result arity: multiple results require the multi-value feature");
  }
}

function checkValTypeFeature(t: number, features: Features, offset: number | undefined): void {
  if (!isValType(t)) throw new CompileError(`malformed value type 0x${t.toString(16)}`, offset);
  if (t === V128 && !features.simd) throw new CompileError("v128 requires the simd feature", offset);
  if ((t === FUNCREF || t === EXTERNREF) && !features.referenceTypes) {
    throw new CompileError("reference-typed values require the reference-types feature", offset);
  }
}

function checkRefTypeFeature(t: number, features: Features): void {
  if (!isRefType(t)) throw new CompileError(`malformed reference type 0x${t.toString(16)}`);
  // funcref tables exist in 1.0; externref anywhere needs reference types.
  if (t === EXTERNREF && !features.referenceTypes) throw new CompileError("externref requires the reference-types feature");
}

function checkTableLimits(limits: Limits): void {
  if (limits.max !== undefined && limits.min > limits.max) throw new CompileError("size minimum must not be greater than maximum");
}

function checkMemoryLimits(limits: Limits): void {
  if (limits.min > MAX_MEMORY_PAGES) throw new CompileError("memory size must be at most 65536 pages (4GiB)");
  if (limits.max !== undefined) {
    if (limits.max > MAX_MEMORY_PAGES) throw new CompileError("memory size must be at most 65536 pages (4GiB)");
    if (limits.min > limits.max) throw new CompileError("size minimum must not be greater than maximum");
  }
}

/**
 * A constant expression must consist of constant instructions only and leave exactly one value of
 * the expected type. `global.get` sees only imported globals (the spec's context C′), and they must
 * be immutable.
 */
function checkConstExpr(module: ModuleRecord, expr: ConstExpr, expected: number, features: Features, inElementList = false): void {
  let depth = 0;
  let top = 0;
  for (const instr of expr.instrs) {
    let t: number;
    switch (instr.op) {
      case 0x41: t = I32; break; // i32.const
      case 0x42: t = I64; break; // i64.const
      case 0x43: t = F32; break; // f32.const
      case 0x44: t = F64; break; // f64.const
      case 0xfd0c: // v128.const
        if (!features.simd) throw new CompileError("v128.const requires the simd feature", instr.offset);
        t = V128;
        break;
      case 0xd0: // ref.null
        if (!features.referenceTypes) throw new CompileError("ref.null requires the reference-types feature", instr.offset);
        t = Number(instr.imm);
        break;
      case 0xd2: { // ref.func
        if (!features.referenceTypes && !inElementList) throw new CompileError("ref.func requires the reference-types feature", instr.offset);
        const funcIndex = Number(instr.imm);
        if (funcIndex >= module.funcTypeIndices.length) throw new CompileError(`unknown function ${funcIndex}`, instr.offset);
        t = FUNCREF;
        break;
      }
      case 0x23: { // global.get
        const globalIndex = Number(instr.imm);
        if (globalIndex >= module.numImportedGlobals) throw new CompileError(`unknown global ${globalIndex}`, instr.offset);
        const global = module.allGlobals[globalIndex];
        if (global.mutable) throw new CompileError("constant expression required", instr.offset);
        t = global.valType;
        break;
      }
      default:
        throw new CompileError("constant expression required", instr.offset);
    }
    depth++;
    top = t;
  }
  if (depth !== 1 || top !== expected) throw new CompileError("type mismatch", expr.offset);
}
