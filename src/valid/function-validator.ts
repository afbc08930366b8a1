// Validation of one function body: the spec's algorithm (appendix "Validation Algorithm") with an
// operand-type stack and a control stack, both typed arrays reused across every body of a module.
// The operand stack holds ValType codes; 0 stands for the spec's Unknown (the bottom type pushed by
// polymorphic stack states after unreachable/br/return/br_table).

import { OPERATOR_SHAPE, OperatorReader, SHAPE_I32, SHAPE_INDEX, SHAPE_MEMARG, SHAPE_NONE } from "../binary/index.ts";
import { CompileError, opName, type Features, type FuncType, type ModuleRecord } from "../core/index.ts";
import * as signatures from "./op-signatures.ts";

// Imported bindings reach this module through getters under tsx (measured: the getters took more
// time than the validator itself), so the hot tables and constants are bound to module-local
// consts once. Type codes are the binary format's own (core/types.ts); they are fixed by the spec.
const SIG_SIMPLE = signatures.SIG_SIMPLE;
const SIG_PARAM_COUNT = signatures.SIG_PARAM_COUNT;
const SIG_PARAMS = signatures.SIG_PARAMS;
const SIG_RESULT = signatures.SIG_RESULT;
const OP_FEATURE = signatures.OP_FEATURE;
const OP_IMM = signatures.OP_IMM;
const OP_CLASS = signatures.OP_CLASS;
const OP_LANES = signatures.OP_LANES;
const OP_NATURAL_ALIGN = signatures.OP_NATURAL_ALIGN;
const IMM_MEMARG = signatures.IMM_MEMARG;
const IMM_MEMARG_LANE = signatures.IMM_MEMARG_LANE;
const IMM_LANE = signatures.IMM_LANE;
const FEATURE_DESCRIPTIONS = signatures.FEATURE_DESCRIPTIONS;
const HOT_KIND = signatures.HOT_KIND;
const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;
const V128 = 0x7b;
const FUNCREF = 0x70;
const EXTERNREF = 0x6f;
/** core/module.ts BLOCK_EMPTY. */
const BLOCK_EMPTY = -0x40;

/** The spec's Unknown operand type. */
const UNKNOWN = 0;

// Control frame kinds (the opcode that opened the frame; 0 for the function's own frame).
const FRAME_FUNC = 0;
const FRAME_BLOCK = 0x02;
const FRAME_LOOP = 0x03;
const FRAME_IF = 0x04;
const FRAME_ELSE = 0x05;

// Feature numbers as in core's Feature enum, repeated as plain numbers for the per-op check.
const FEATURE_MULTI_VALUE = 3;
const FEATURE_REFERENCE_TYPES = 5;
const FEATURE_SIMD = 6;

function isNumOrVec(t: number): boolean {
  return t === I32 || t === I64 || t === F32 || t === F64 || t === V128;
}

/** Everything about the module a body's validation consults, computed once per module. */
export interface FunctionValidationContext {
  readonly module: ModuleRecord;
  readonly features: Features;
  /** 1 at a function index that is referenced outside function bodies (the spec's C.refs), which
   *  `ref.func` inside a body requires. */
  readonly declaredFuncRefs: Uint8Array;
}

/** Reusable validator for the bodies of one module. Not re-entrant. */
export class FunctionValidator {
  private readonly module: ModuleRecord;
  private readonly types: readonly FuncType[];
  private readonly declaredFuncRefs: Uint8Array;
  /** Indexed by core Feature number: 1 when enabled. */
  private readonly featureEnabled = new Uint8Array(8);
  private readonly allFeaturesEnabled: boolean;

  private operandTypes = new Uint8Array(1024);
  private operandHeight = 0;

  private frameKind = new Uint8Array(64);
  private frameBlockType = new Int32Array(64);
  private frameHeight = new Int32Array(64);
  private frameUnreachable = new Uint8Array(64);
  private frameDepth = 0;

  private localTypes = new Uint8Array(64);
  private localCount = 0;

  /** Scratch for br_table's pop-then-push of each target's label types. */
  private labelScratch = new Uint8Array(16);

  /** One reader for every body: repositioned through its public pos/end fields (as the decoder's
   *  own walk does) instead of allocating one, with its scratch arrays, per function. */
  private readonly reader: OperatorReader;

  constructor(context: FunctionValidationContext) {
    this.module = context.module;
    this.types = context.module.types;
    this.declaredFuncRefs = context.declaredFuncRefs;
    this.reader = new OperatorReader(context.module.bytes, 0, 0);
    const f = context.features;
    const enabled = this.featureEnabled;
    enabled[0] = 1;
    enabled[1] = f.signExt ? 1 : 0;
    enabled[2] = f.satFloatToInt ? 1 : 0;
    enabled[3] = f.multiValue ? 1 : 0;
    enabled[4] = f.bulkMemory ? 1 : 0;
    enabled[5] = f.referenceTypes ? 1 : 0;
    enabled[6] = f.simd ? 1 : 0;
    this.allFeaturesEnabled = enabled.subarray(0, 7).every((e) => e === 1);
  }

  /** Validates the body of the `definedIndex`-th function defined in the module (imports excluded). */
  validate(definedIndex: number): void {
    const module = this.module;
    const body = module.codes[definedIndex];
    const typeIndex = module.functions[definedIndex];
    const funcType = this.types[typeIndex];
    if (body === undefined || funcType === undefined) throw new CompileError("function and code section have inconsistent lengths");

    // Locals: parameters first, then the declared locals.
    const paramCount = funcType.params.length;
    const localCount = paramCount + body.locals.length;
    if (this.localTypes.length < localCount) this.localTypes = new Uint8Array(Math.max(localCount, this.localTypes.length * 2));
    const localTypes = this.localTypes;
    for (let i = 0; i < paramCount; i++) localTypes[i] = funcType.params[i];
    for (let i = 0; i < body.locals.length; i++) {
      const t = body.locals[i];
      this.checkValTypeFeature(t, body.bodyOffset);
      localTypes[paramCount + i] = t;
    }
    this.localCount = localCount;

    this.operandHeight = 0;
    this.frameDepth = 0;
    const reader = this.reader;
    reader.pos = body.codeStart;
    reader.end = body.codeEnd;
    reader.opOffset = body.codeStart;
    // The function's own frame: its label (for br to depth max, and `return`) carries the results.
    this.pushFrame(FRAME_FUNC, typeIndex);
    this.run(reader);
  }

  private run(reader: OperatorReader): void {
    const module = this.module;
    const featureEnabled = this.featureEnabled;
    const checkFeatures = !this.allFeaturesEnabled;
    // Wasm 2.0: memory 0 is the only memory, so "is there one" is fixed for the whole module.
    const hasMemory = module.allMemories.length !== 0;

    const bytes = reader.bytes;
    while (this.frameDepth > 0) {
      const pos = reader.pos;
      const end = reader.end;
      if (pos >= end) throw new CompileError("unexpected end of section or function", pos);
      // One switch for the commonest operators; each case leaves the reader exactly as next()
      // would have. Mispredicted branches dominate a loop like this, so there is one per operator.
      switch (HOT_KIND[bytes[pos]]) {
        case 1: // HOT_PLAIN
          reader.opOffset = pos;
          reader.pos = pos + 1;
          this.applySimple(bytes[pos]);
          continue;
        case 2: { // HOT_I32_CONST
          if (pos + 1 >= end) break;
          const b = bytes[pos + 1];
          if (b >= 0x80) break;
          reader.opOffset = pos;
          reader.i32 = (b << 25) >> 25;
          reader.pos = pos + 2;
          this.push(I32);
          continue;
        }
        case 3: { // HOT_LOCAL_GET
          if (pos + 1 >= end) break;
          const index = bytes[pos + 1];
          if (index >= 0x80) break;
          reader.opOffset = pos;
          reader.index = index;
          reader.pos = pos + 2;
          if (index >= this.localCount) throw this.error(`unknown local ${index}`);
          this.push(this.localTypes[index]);
          continue;
        }
        case 4: // HOT_LOCAL_SET
        case 5: { // HOT_LOCAL_TEE
          if (pos + 1 >= end) break;
          const index = bytes[pos + 1];
          if (index >= 0x80) break;
          reader.opOffset = pos;
          reader.index = index;
          reader.pos = pos + 2;
          if (index >= this.localCount) throw this.error(`unknown local ${index}`);
          const expected = this.localTypes[index];
          const height = this.operandHeight;
          if (height > this.frameHeight[this.frameDepth - 1]) {
            const actual = this.operandTypes[height - 1];
            if (actual !== expected && actual !== UNKNOWN) throw this.error("type mismatch");
            // local.tee leaves the operand in place, typed as the local.
            if (bytes[pos] === 0x21) this.operandHeight = height - 1;
            else this.operandTypes[height - 1] = expected;
          } else {
            this.popExpect(expected);
            if (bytes[pos] === 0x22) this.push(expected);
          }
          continue;
        }
        case 6: { // HOT_MEMARG
          // Alignment exponents of 32 or more are malformed: next() reports them.
          if (pos + 2 >= end) break;
          const align = bytes[pos + 1];
          const offset = bytes[pos + 2];
          if (align >= 32 || offset >= 0x80) break;
          reader.opOffset = pos;
          reader.memAlign = align;
          reader.memOffset = offset;
          reader.pos = pos + 3;
          const op = bytes[pos];
          if (!hasMemory) throw this.error("unknown memory 0");
          if (align > OP_NATURAL_ALIGN[op]) throw this.error("alignment must not be larger than natural");
          this.applySimple(op);
          continue;
        }
        default:
          break;
      }
      // The commonest operators (no immediate, or one single-byte LEB index or i32 constant) are
      // read here, leaving the reader exactly as next() would; everything else goes through next().
      let op = bytes[pos];
      // binary/'s OPERATOR_SHAPE; the validator takes a shape inline only when its LEB immediate is
      // a single byte, where reading it here is exactly what next() does.
      const fast = OPERATOR_SHAPE[op];
      if (fast === SHAPE_NONE) {
        reader.opOffset = pos;
        reader.pos = pos + 1;
      } else if (fast === SHAPE_MEMARG) {
        // Alignment exponents of 32 or more are malformed: next() reports them.
        if (pos + 2 < end && bytes[pos + 1] < 32 && bytes[pos + 2] < 0x80) {
          reader.opOffset = pos;
          reader.memAlign = bytes[pos + 1];
          reader.memOffset = bytes[pos + 2];
          reader.pos = pos + 3;
        } else {
          op = reader.next();
        }
      } else if ((fast === SHAPE_INDEX || fast === SHAPE_I32) && pos + 1 < end && bytes[pos + 1] < 0x80) {
        const immediate = bytes[pos + 1];
        reader.opOffset = pos;
        reader.pos = pos + 2;
        if (fast === SHAPE_INDEX) reader.index = immediate;
        else reader.i32 = (immediate << 25) >> 25; // i32.const: sign-extend the 7-bit payload
      } else {
        op = reader.next();
      }
      if (checkFeatures) {
        const feature = OP_FEATURE[op];
        if (featureEnabled[feature] === 0) throw this.featureError(op, feature);
      }
      // Most instructions have a fixed signature: type them without going through the switch.
      const opClass = OP_CLASS[op];
      if (opClass === 1) { // OP_CLASS_PLAIN
        this.applySimple(op);
        continue;
      }
      if (opClass === 2) { // OP_CLASS_MEMARG
        if (!hasMemory) throw this.error("unknown memory 0");
        if (reader.memAlign > OP_NATURAL_ALIGN[op]) throw this.error("alignment must not be larger than natural");
        this.applySimple(op);
        continue;
      }
      switch (op) {
        case 0x00: // unreachable
          this.setUnreachable();
          break;
        case 0x01: // nop
          break;
        case 0x02: // block
        case 0x03: { // loop
          const bt = this.checkBlockType(reader.blockType);
          this.popBlockParams(bt);
          this.pushFrame(op === 0x02 ? FRAME_BLOCK : FRAME_LOOP, bt);
          break;
        }
        case 0x04: { // if
          const bt = this.checkBlockType(reader.blockType);
          this.popExpect(I32);
          this.popBlockParams(bt);
          this.pushFrame(FRAME_IF, bt);
          break;
        }
        case 0x05: { // else
          const d = this.frameDepth - 1;
          if (this.frameKind[d] !== FRAME_IF) throw this.error("else without matching if");
          this.popFrameResults();
          this.frameKind[d] = FRAME_ELSE;
          this.frameUnreachable[d] = 0;
          this.pushBlockParams(this.frameBlockType[d]);
          break;
        }
        case 0x0b: { // end
          const d = this.frameDepth - 1;
          const bt = this.frameBlockType[d];
          // An `if` without `else` passes its params through the implicit empty else branch.
          if (this.frameKind[d] === FRAME_IF && !this.blockParamsEqualResults(bt)) throw this.error("type mismatch");
          this.popFrameResults();
          this.frameDepth = d;
          this.pushBlockResults(bt);
          if (d === 0 && !reader.atEnd()) throw new CompileError("operators remaining after end of function", reader.pos);
          break;
        }
        case 0x0c: { // br
          const d = this.checkLabel(reader.index);
          this.popLabelTypes(d);
          this.setUnreachable();
          break;
        }
        case 0x0d: { // br_if
          const d = this.checkLabel(reader.index);
          this.popExpect(I32);
          this.popLabelTypes(d);
          this.pushLabelTypes(d);
          break;
        }
        case 0x0e: // br_table
          this.brTable(reader);
          break;
        case 0x0f: // return
          this.popLabelTypes(0);
          this.setUnreachable();
          break;
        case 0x10: { // call
          const funcIndex = reader.index;
          if (funcIndex >= module.funcTypeIndices.length) throw this.error(`unknown function ${funcIndex}`);
          this.applyFuncType(this.types[module.funcTypeIndices[funcIndex]]);
          break;
        }
        case 0x11: { // call_indirect
          const tableIndex = reader.index2;
          const table = module.allTables[tableIndex];
          if (table === undefined) throw this.error(`unknown table ${tableIndex}`);
          if (table.elemType !== FUNCREF) throw this.error("type mismatch");
          const typeIndex = reader.index;
          if (typeIndex >= this.types.length) throw this.error(`unknown type ${typeIndex}`);
          this.popExpect(I32);
          this.applyFuncType(this.types[typeIndex]);
          break;
        }
        case 0x1a: // drop
          this.popAny();
          break;
        case 0x1b: { // select
          this.popExpect(I32);
          const t1 = this.popAny();
          const t2 = this.popAny();
          if ((t1 !== UNKNOWN && !isNumOrVec(t1)) || (t2 !== UNKNOWN && !isNumOrVec(t2))) throw this.error("type mismatch");
          if (t1 !== t2 && t1 !== UNKNOWN && t2 !== UNKNOWN) throw this.error("type mismatch");
          this.push(t1 === UNKNOWN ? t2 : t1);
          break;
        }
        case 0x1c: { // select_t
          if (reader.selectTypeCount !== 1) throw this.error("invalid result arity");
          const t = reader.selectTypes[0];
          this.checkValTypeFeature(t, reader.opOffset);
          this.popExpect(I32);
          this.popExpect(t);
          this.popExpect(t);
          this.push(t);
          break;
        }
        case 0x20: // local.get
          this.push(this.localType(reader.index));
          break;
        case 0x21: // local.set
          this.popExpect(this.localType(reader.index));
          break;
        case 0x22: { // local.tee
          const t = this.localType(reader.index);
          this.popExpect(t);
          this.push(t);
          break;
        }
        case 0x23: { // global.get
          const global = module.allGlobals[reader.index];
          if (global === undefined) throw this.error(`unknown global ${reader.index}`);
          this.push(global.valType);
          break;
        }
        case 0x24: { // global.set
          const global = module.allGlobals[reader.index];
          if (global === undefined) throw this.error(`unknown global ${reader.index}`);
          if (!global.mutable) throw this.error("global is immutable");
          this.popExpect(global.valType);
          break;
        }
        case 0x25: { // table.get
          const t = this.tableElemType(reader.index);
          this.popExpect(I32);
          this.push(t);
          break;
        }
        case 0x26: { // table.set
          const t = this.tableElemType(reader.index);
          this.popExpect(t);
          this.popExpect(I32);
          break;
        }
        case 0x3f: // memory.size
        case 0x40: // memory.grow
        case 0xfc0b: // memory.fill
          this.checkMemory(reader.index);
          this.applySimple(op);
          break;
        case 0xfc0a: // memory.copy
          this.checkMemory(reader.index);
          this.checkMemory(reader.index2);
          this.applySimple(op);
          break;
        case 0xfc08: // memory.init
          this.checkMemory(reader.index2);
          this.checkDataSegment(reader.index);
          this.applySimple(op);
          break;
        case 0xfc09: // data.drop
          this.checkDataSegment(reader.index);
          break;
        case 0xfc0c: { // table.init
          const tableType = this.tableElemType(reader.index2);
          const segment = module.elements[reader.index];
          if (segment === undefined) throw this.error(`unknown elem segment ${reader.index}`);
          if (segment.elemType !== tableType) throw this.error("type mismatch");
          this.applySimple(op);
          break;
        }
        case 0xfc0d: // elem.drop
          if (reader.index >= module.elements.length) throw this.error(`unknown elem segment ${reader.index}`);
          break;
        case 0xfc0e: { // table.copy
          const dstType = this.tableElemType(reader.index);
          const srcType = this.tableElemType(reader.index2);
          if (dstType !== srcType) throw this.error("type mismatch");
          this.applySimple(op);
          break;
        }
        case 0xfc0f: { // table.grow
          const t = this.tableElemType(reader.index);
          this.popExpect(I32);
          this.popExpect(t);
          this.push(I32);
          break;
        }
        case 0xfc10: // table.size
          this.tableElemType(reader.index);
          this.push(I32);
          break;
        case 0xfc11: { // table.fill
          const t = this.tableElemType(reader.index);
          this.popExpect(I32);
          this.popExpect(t);
          this.popExpect(I32);
          break;
        }
        case 0xd0: // ref.null
          this.push(reader.refType);
          break;
        case 0xd1: { // ref.is_null
          const t = this.popAny();
          if (t !== UNKNOWN && t !== FUNCREF && t !== EXTERNREF) throw this.error("type mismatch");
          this.push(I32);
          break;
        }
        case 0xd2: { // ref.func
          const funcIndex = reader.index;
          if (funcIndex >= module.funcTypeIndices.length) throw this.error(`unknown function ${funcIndex}`);
          if (this.declaredFuncRefs[funcIndex] !== 1) throw this.error("undeclared function reference");
          this.push(FUNCREF);
          break;
        }
        case 0xfd0d: { // i8x16.shuffle
          const lanes = reader.v128;
          for (let i = 0; i < 16; i++) if (lanes[i] >= 32) throw this.error("invalid lane index");
          this.applySimple(op);
          break;
        }
        default: {
          if (SIG_SIMPLE[op] === 0) throw this.error(`illegal opcode ${opName(op)}`);
          const imm = OP_IMM[op];
          if (imm === IMM_MEMARG || imm === IMM_MEMARG_LANE) {
            if (module.allMemories.length === 0) throw this.error("unknown memory 0");
            if (reader.memAlign > OP_NATURAL_ALIGN[op]) throw this.error("alignment must not be larger than natural");
            if (imm === IMM_MEMARG_LANE && reader.lane >= OP_LANES[op]) throw this.error("invalid lane index");
          } else if (imm === IMM_LANE) {
            if (reader.lane >= OP_LANES[op]) throw this.error("invalid lane index");
          }
          this.applySimple(op);
        }
      }
    }
  }

  // ---- operand stack ----

  private push(t: number): void {
    if (this.operandHeight === this.operandTypes.length) {
      const grown = new Uint8Array(this.operandTypes.length * 2);
      grown.set(this.operandTypes);
      this.operandTypes = grown;
    }
    this.operandTypes[this.operandHeight++] = t;
  }

  private popAny(): number {
    const d = this.frameDepth - 1;
    if (this.operandHeight === this.frameHeight[d]) {
      if (this.frameUnreachable[d] !== 0) return UNKNOWN;
      throw this.error("type mismatch");
    }
    return this.operandTypes[--this.operandHeight];
  }

  /** Pops one operand that must have type `expected` (UNKNOWN accepts anything). */
  private popExpect(expected: number): number {
    const actual = this.popAny();
    if (actual !== expected && actual !== UNKNOWN && expected !== UNKNOWN) throw this.error("type mismatch");
    return actual;
  }

  /** Instructions whose signature the opcode table fully describes. */
  private applySimple(op: number): void {
    const count = SIG_PARAM_COUNT[op];
    const base = op * 3;
    const height = this.operandHeight;
    const floor = this.frameHeight[this.frameDepth - 1];
    if (height - count >= floor) {
      // Fast path: every operand is on the stack above the current frame.
      const types = this.operandTypes;
      for (let i = 0; i < count; i++) {
        const actual = types[height - count + i];
        if (actual !== SIG_PARAMS[base + i] && actual !== UNKNOWN) throw this.error("type mismatch");
      }
      this.operandHeight = height - count;
    } else {
      for (let i = count - 1; i >= 0; i--) this.popExpect(SIG_PARAMS[base + i]);
    }
    const result = SIG_RESULT[op];
    if (result !== 0) this.push(result);
  }

  private applyFuncType(type: FuncType): void {
    const params = type.params;
    for (let i = params.length - 1; i >= 0; i--) this.popExpect(params[i]);
    const results = type.results;
    for (let i = 0; i < results.length; i++) this.push(results[i]);
  }

  // ---- control stack ----

  private pushFrame(kind: number, blockType: number): void {
    const d = this.frameDepth;
    if (d === this.frameKind.length) this.growFrames();
    this.frameKind[d] = kind;
    this.frameBlockType[d] = blockType;
    this.frameHeight[d] = this.operandHeight;
    this.frameUnreachable[d] = 0;
    this.frameDepth = d + 1;
    if (kind !== FRAME_FUNC) this.pushBlockParams(blockType);
  }

  private growFrames(): void {
    const size = this.frameKind.length * 2;
    const kind = new Uint8Array(size); kind.set(this.frameKind); this.frameKind = kind;
    const blockType = new Int32Array(size); blockType.set(this.frameBlockType); this.frameBlockType = blockType;
    const height = new Int32Array(size); height.set(this.frameHeight); this.frameHeight = height;
    const unreachable = new Uint8Array(size); unreachable.set(this.frameUnreachable); this.frameUnreachable = unreachable;
  }

  /** The spec's pop_ctrl minus the pop itself: the frame's results must be exactly what is left. */
  private popFrameResults(): void {
    const d = this.frameDepth - 1;
    const bt = this.frameBlockType[d];
    for (let i = this.resultCount(bt) - 1; i >= 0; i--) this.popExpect(this.resultType(bt, i));
    if (this.operandHeight !== this.frameHeight[d]) throw this.error("type mismatch");
  }

  private setUnreachable(): void {
    const d = this.frameDepth - 1;
    this.operandHeight = this.frameHeight[d];
    this.frameUnreachable[d] = 1;
  }

  /** Converts a relative label depth to a frame index, or throws "unknown label". */
  private checkLabel(depth: number): number {
    if (depth >= this.frameDepth) throw this.error("unknown label");
    return this.frameDepth - 1 - depth;
  }

  private labelCount(frame: number): number {
    const bt = this.frameBlockType[frame];
    return this.frameKind[frame] === FRAME_LOOP ? this.paramCount(bt) : this.resultCount(bt);
  }

  private labelType(frame: number, i: number): number {
    const bt = this.frameBlockType[frame];
    return this.frameKind[frame] === FRAME_LOOP ? this.types[bt].params[i] : this.resultType(bt, i);
  }

  private popLabelTypes(frame: number): void {
    for (let i = this.labelCount(frame) - 1; i >= 0; i--) this.popExpect(this.labelType(frame, i));
  }

  private pushLabelTypes(frame: number): void {
    const count = this.labelCount(frame);
    for (let i = 0; i < count; i++) this.push(this.labelType(frame, i));
  }

  private brTable(reader: OperatorReader): void {
    this.popExpect(I32);
    const defaultFrame = this.checkLabel(reader.brDefault);
    const arity = this.labelCount(defaultFrame);
    const targets = reader.brTargets;
    const targetCount = reader.brTargetCount;
    if (this.labelScratch.length < arity) this.labelScratch = new Uint8Array(arity * 2);
    const scratch = this.labelScratch;
    for (let n = 0; n < targetCount; n++) {
      const frame = this.checkLabel(targets[n]);
      if (this.labelCount(frame) !== arity) throw this.error("type mismatch");
      // push_vals(pop_vals(label_types)): keeps what was actually popped (possibly Unknown), so
      // each target is checked against the same operands.
      for (let i = arity - 1; i >= 0; i--) scratch[i] = this.popExpect(this.labelType(frame, i));
      for (let i = 0; i < arity; i++) this.push(scratch[i]);
    }
    this.popLabelTypes(defaultFrame);
    this.setUnreachable();
  }

  // ---- block types ----

  /** Checks a block type immediate against the type section and the enabled features. */
  private checkBlockType(bt: number): number {
    if (bt >= 0) {
      if (bt >= this.types.length) throw this.error(`unknown type ${bt}`);
      if (this.featureEnabled[FEATURE_MULTI_VALUE] === 0) throw this.error("invalid block type: type-index block types require the multi-value feature");
    } else if (bt !== BLOCK_EMPTY) {
      this.checkValTypeFeature(-bt, this.reader.opOffset);
    }
    return bt;
  }

  private paramCount(bt: number): number {
    return bt >= 0 ? this.types[bt].params.length : 0;
  }

  private resultCount(bt: number): number {
    return bt >= 0 ? this.types[bt].results.length : bt === BLOCK_EMPTY ? 0 : 1;
  }

  private resultType(bt: number, i: number): number {
    return bt >= 0 ? this.types[bt].results[i] : -bt;
  }

  private popBlockParams(bt: number): void {
    if (bt < 0) return;
    const params = this.types[bt].params;
    for (let i = params.length - 1; i >= 0; i--) this.popExpect(params[i]);
  }

  private pushBlockParams(bt: number): void {
    if (bt < 0) return;
    const params = this.types[bt].params;
    for (let i = 0; i < params.length; i++) this.push(params[i]);
  }

  private pushBlockResults(bt: number): void {
    if (bt === BLOCK_EMPTY) return;
    if (bt < 0) { this.push(-bt); return; }
    const results = this.types[bt].results;
    for (let i = 0; i < results.length; i++) this.push(results[i]);
  }

  private blockParamsEqualResults(bt: number): boolean {
    if (bt < 0) return bt === BLOCK_EMPTY;
    const type = this.types[bt];
    if (type.params.length !== type.results.length) return false;
    for (let i = 0; i < type.params.length; i++) if (type.params[i] !== type.results[i]) return false;
    return true;
  }

  // ---- index spaces ----

  private localType(index: number): number {
    if (index >= this.localCount) throw this.error(`unknown local ${index}`);
    return this.localTypes[index];
  }

  private tableElemType(index: number): number {
    const table = this.module.allTables[index];
    if (table === undefined) throw this.error(`unknown table ${index}`);
    return table.elemType;
  }

  private checkMemory(index: number): void {
    if (index >= this.module.allMemories.length) throw this.error(`unknown memory ${index}`);
  }

  private checkDataSegment(index: number): void {
    const dataCount = this.module.dataCount;
    if (dataCount === undefined) throw this.error("data count section required");
    if (index >= dataCount) throw this.error(`unknown data segment ${index}`);
  }

  private checkValTypeFeature(t: number, offset: number | undefined): void {
    if (t === V128 && this.featureEnabled[FEATURE_SIMD] === 0) throw new CompileError("v128 requires the simd feature", offset);
    if ((t === FUNCREF || t === EXTERNREF) && this.featureEnabled[FEATURE_REFERENCE_TYPES] === 0) {
      throw new CompileError("reference-typed values require the reference-types feature", offset);
    }
  }

  // ---- errors ----

  private error(message: string): CompileError {
    return new CompileError(message, this.reader.opOffset);
  }

  private featureError(op: number, feature: number): CompileError {
    return this.error(`${opName(op)} requires the ${FEATURE_DESCRIPTIONS[feature]} feature, which is disabled`);
  }
}
