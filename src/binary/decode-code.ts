// The code section: each body's locals (counted before anything is allocated) and one pass of
// OperatorReader over its instructions, so that malformed code is a decode error here and later
// stages may assume well-formed bytes. Nothing is type-checked (that is valid/'s job).

import { CompileError, LimitExceeded, OPINFO_DENSE } from "../core/index.ts";
import type { Features, FuncType, FunctionBody, ValType } from "../core/index.ts";
import { ByteReader, MSG_LENGTH_OUT_OF_BOUNDS } from "./byte-reader.ts";
import { FEATURE_OF as IMPORTED_FEATURE_OF, featureMask, readValType as importedReadValType } from "./decode-types.ts";
import { MSG_ILLEGAL_OPCODE, OperatorReader } from "./operator-reader-impl.ts";

// Imported bindings are getters under tsx; the per-operator walk below reads a local binding.
const FEATURE_OF = IMPORTED_FEATURE_OF;
const readValType = importedReadValType;

/** Bytes after a one-byte MVP opcode that the walk may skip without next(): 1 for opcodes without
 *  immediates, 2 for those whose only immediate is one LEB u32 index or i32 constant (skipped
 *  only when that LEB is a single byte); 0 = let next() read it (and reject non-opcodes). */
const SKIP_BYTES: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let code = 0; code < 0xfc; code++) {
    const info = OPINFO_DENSE[code];
    // Only MVP opcodes: the others need the walk's feature check.
    if (info === undefined || (info.feature as number) !== 0) continue;
    const imm = info.imm as number;
    // core/opcodes.ts Imm: None 0, Label 2, Func 4, Local 6, Global 7, Table 8, I32 11.
    if (imm === 0) table[code] = 1;
    else if (imm === 2 || imm === 4 || imm === 6 || imm === 7 || imm === 8 || imm === 11) table[code] = 2;
  }
  return table;
})();

export const MSG_TOO_MANY_LOCALS = "too many locals";
export const MSG_END_EXPECTED = "END opcode expected";
export const MSG_SECTION_SIZE_MISMATCH = "section size mismatch";

/** Whatever maxLocals says, one function never gets more locals than this: the locals array is
 *  allocated from a count that costs the module six bytes to declare. */
const ABSOLUTE_MAX_LOCALS = 1 << 26;

export interface CodeSectionResult {
  /** True when some body uses memory.init or data.drop (which need the data count section). */
  usesDataIndex: boolean;
}

/**
 * @param funcTypeOf type of the i-th defined function (for its parameter count), or undefined
 *        when the function section names no valid type (the validator reports that).
 * @param walkBodies false to skip the operator walk over each body (locals and body sizes are
 *        still read): only for callers that run the validator over every body next, which walks
 *        them with the same OperatorReader (see DecodeOptions.skipBodyWalk).
 */
export function readCodeSection(
  reader: ByteReader,
  features: Features,
  maxLocals: number,
  funcTypeOf: (definedIndex: number) => FuncType | undefined,
  into: FunctionBody[],
  walkBodies = true,
): CodeSectionResult {
  const count = reader.readCount();
  const mask = featureMask(features);
  const ops = new OperatorReader(reader.bytes, 0, 0);
  let usesDataIndex = false;
  for (let i = 0; i < count; i++) {
    const bodyOffset = reader.pos;
    const size = reader.readU32();
    if (size > reader.end - reader.pos) throw new CompileError(MSG_LENGTH_OUT_OF_BOUNDS, bodyOffset);
    const bodyEnd = reader.pos + size;
    const body = new ByteReader(reader.bytes, reader.pos, bodyEnd);
    body.eofMessage = reader.eofMessage;
    const locals = readLocals(body, features, maxLocals, funcTypeOf(i)?.params.length ?? 0);
    const codeStart = body.pos;
    if (walkBodies) usesDataIndex = walkBody(ops, codeStart, bodyEnd, bodyEnd === reader.end, mask) || usesDataIndex;
    into.push({ locals, codeStart, codeEnd: bodyEnd, bodyOffset });
    reader.pos = bodyEnd;
  }
  return { usesDataIndex };
}

function readLocals(body: ByteReader, features: Features, maxLocals: number, paramCount: number): ValType[] {
  const groupsAt = body.pos;
  // Each group is a count and a type: at least two bytes.
  const groups = body.readCount();
  const groupStart = body.pos;
  // First pass: sum the counts (exact in a double up to 2^53) before allocating anything.
  let total = 0;
  for (let g = 0; g < groups; g++) {
    total += body.readU32();
    body.readByte();
  }
  if (total >= 2 ** 32) throw new CompileError(MSG_TOO_MANY_LOCALS, groupsAt);
  if (total + paramCount > Math.min(maxLocals, ABSOLUTE_MAX_LOCALS)) {
    throw new LimitExceeded("maxLocals", MSG_TOO_MANY_LOCALS, groupsAt);
  }
  const locals: ValType[] = new Array(total);
  body.pos = groupStart;
  let next = 0;
  for (let g = 0; g < groups; g++) {
    const n = body.readU32();
    const type = readValType(body, features);
    for (let k = 0; k < n; k++) locals[next++] = type;
  }
  return locals;
}

/** Walks one body; returns whether it uses a data index (memory.init / data.drop). */
function walkBody(ops: OperatorReader, start: number, end: number, endsSection: boolean, mask: number): boolean {
  ops.pos = start;
  ops.end = end;
  let depth = 1;
  let usesDataIndex = false;
  while (depth > 0) {
    if (ops.pos >= end) {
      // The body ran out between operators with blocks still open.
      throw new CompileError(endsSection ? ops.eofMessage : MSG_END_EXPECTED, ops.pos);
    }
    // Common operators are stepped over inline; all of them are MVP, so no feature check applies.
    const pos = ops.pos;
    const bytes = ops.bytes;
    const skip = SKIP_BYTES[bytes[pos]];
    if (skip === 1 && bytes[pos] !== 0x0b) {
      ops.opOffset = pos;
      ops.pos = pos + 1;
      continue;
    }
    if (skip === 2 && pos + 1 < end && bytes[pos + 1] < 0x80) {
      ops.opOffset = pos;
      ops.pos = pos + 2;
      continue;
    }
    const op = ops.next();
    switch (op) {
      case 0x02: // block
      case 0x03: // loop
      case 0x04: // if
        depth++;
        break;
      case 0x0b: // end
        depth--;
        break;
      case 0xfc08: // memory.init
      case 0xfc09: // data.drop
        usesDataIndex = true;
        break;
      default:
        break;
    }
    // An opcode of a disabled feature does not exist in the enabled language.
    if (mask !== 0x7f && ((mask >> FEATURE_OF[op]) & 1) === 0) throw new CompileError(MSG_ILLEGAL_OPCODE, ops.opOffset);
  }
  if (ops.pos !== end) throw new CompileError(MSG_SECTION_SIZE_MISMATCH, ops.pos);
  return usesDataIndex;
}
