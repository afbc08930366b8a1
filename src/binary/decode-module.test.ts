// Hand-assembled modules with the outcome the spec prescribes (its assert_malformed wording) and,
// as a second oracle, V8's WebAssembly.validate on the same bytes.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CompileError, EXTERNREF, FUNCREF, I32, I64, LimitExceeded, SEGMENT_ACTIVE, SEGMENT_DECLARATIVE,
  SEGMENT_PASSIVE, BLOCK_EMPTY, MVP_FEATURES,
} from "../core/index.ts";
import type { ConstExpr } from "../core/index.ts";
import { ByteReader, OperatorReader, decodeModule } from "./index.ts";
import { V8 } from "./v8-wasm.test-helper.ts";

// --- a tiny assembler ---------------------------------------------------------------------------

function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...u32(b.length), ...b];
}
function section(id: number, content: number[]): number[] {
  return [id, ...u32(content.length), ...content];
}
function vec(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
function mod(...sections: number[][]): Uint8Array {
  return new Uint8Array([...HEADER, ...sections.flat()]);
}
const TYPE_VOID = section(1, vec([[0x60, 0x00, 0x00]]));
const FUNC_ONE = section(3, vec([[0x00]]));
function code(...bodies: number[][]): number[] {
  return section(10, vec(bodies.map((b) => [...u32(b.length), ...b])));
}
/** A module with one () -> () function whose body (after the local declarations) is `instrs`. */
function withBody(instrs: number[], locals: number[] = [0x00], extra: number[][] = []): Uint8Array {
  return mod(TYPE_VOID, FUNC_ONE, ...extra, code([...locals, ...instrs]));
}

function expectMalformed(bytes: Uint8Array, reason: string | RegExp): void {
  assert.throws(() => decodeModule(bytes), (e: unknown) => {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    if (typeof reason === "string") assert.equal(e.reason, reason);
    else assert.match(e.reason, reason);
    assert.equal(typeof e.offset, "number");
    return true;
  });
  assert.equal(V8.validate(bytes), false, "V8 accepts bytes we call malformed");
}

// --- header and sections ------------------------------------------------------------------------

test("header: magic and version", () => {
  expectMalformed(new Uint8Array([]), "unexpected end");
  expectMalformed(new Uint8Array([0x00, 0x61, 0x73]), "unexpected end");
  expectMalformed(new Uint8Array([0x00, 0x41, 0x53, 0x4d, 1, 0, 0, 0]), "magic header not detected");
  expectMalformed(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0]), "unexpected end");
  expectMalformed(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), "unknown binary version");
  const empty = decodeModule(mod());
  assert.equal(empty.types.length, 0);
  assert.equal(empty.start, undefined);
});

test("section ids, sizes, order and duplicates", () => {
  expectMalformed(mod([0x0d, 0x00]), "malformed section id");
  expectMalformed(mod([0x01, 0x05, 0x00]), "length out of bounds");
  expectMalformed(mod([0x01, 0x02, 0x00, 0x00]), "section size mismatch");
  expectMalformed(mod(TYPE_VOID, TYPE_VOID), "unexpected content after last section");
  expectMalformed(mod(section(3, vec([])), TYPE_VOID), "unexpected content after last section");
  // Data count belongs between element and code.
  expectMalformed(mod(TYPE_VOID, FUNC_ONE, code([0x00, 0x0b]), section(12, [0x00])), "unexpected content after last section");
  const ok = decodeModule(mod(TYPE_VOID, FUNC_ONE, section(12, [0x00]), code([0x00, 0x0b]), section(11, vec([]))));
  assert.equal(ok.dataCount, 0);
});

test("counts that must agree", () => {
  expectMalformed(mod(TYPE_VOID, FUNC_ONE), "function and code section have inconsistent lengths");
  expectMalformed(mod(TYPE_VOID, code([0x00, 0x0b])), "function and code section have inconsistent lengths");
  expectMalformed(mod(section(12, [0x01])), "data count and data section have inconsistent lengths");
  expectMalformed(mod(section(5, vec([[0x00, 0x01]])), section(12, [0x02]), section(11, vec([[0x01, 0x00]]))),
    "data count and data section have inconsistent lengths");
  // memory.init / data.drop need the data count section.
  expectMalformed(withBody([0xfc, 0x09, 0x00, 0x0b], [0x00], [section(5, vec([[0x00, 0x01]]))]), "data count section required");
});

test("hostile counts fail before allocating", () => {
  const t0 = performance.now();
  expectMalformed(mod(section(1, [0xff, 0xff, 0xff, 0xff, 0x0f])), /unexpected end/);
  expectMalformed(mod(section(2, [0xff, 0xff, 0xff, 0xff, 0x0f])), /unexpected end/);
  expectMalformed(mod(TYPE_VOID, FUNC_ONE, section(10, [0xff, 0xff, 0xff, 0xff, 0x0f])), /unexpected end/);
  expectMalformed(withBody([0x0e, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0b]), /unexpected end/); // br_table
  assert.ok(performance.now() - t0 < 500);
});

test("too many locals: counted before allocation", () => {
  const t0 = performance.now();
  // 0xffffffff i32 + 2 i64: more than 2^32 - 1 in total (the spec's own test).
  expectMalformed(withBody([0x0b], [0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, I32, 0x02, I64]), "too many locals");
  assert.ok(performance.now() - t0 < 200);
  // Within the format's range but above the engine's limit: a LimitExceeded (a CompileError).
  assert.throws(() => decodeModule(withBody([0x0b], [0x01, ...u32(50001), I32])), (e: unknown) => e instanceof LimitExceeded && e.reason === "too many locals");
  assert.throws(() => decodeModule(withBody([0x0b], [0x01, ...u32(11), I32]), { maxLocals: 10 }), LimitExceeded);
  const m = decodeModule(withBody([0x0b], [0x02, 0x02, I32, 0x01, I64]));
  assert.deepEqual(m.codes[0].locals, [I32, I32, I64]);
});

// --- LEB128 -------------------------------------------------------------------------------------

function memoryMin(lebBytes: number[]): number {
  return decodeModule(mod(section(5, [0x01, 0x00, ...lebBytes]))).memories[0].limits.min;
}

test("u32 LEB128: lengths and unused bits", () => {
  assert.equal(memoryMin([0x00]), 0);
  assert.equal(memoryMin([0x80, 0x00]), 0); // padded encodings are allowed within 5 bytes
  assert.equal(memoryMin([0x80, 0x80, 0x80, 0x80, 0x00]), 0);
  assert.equal(memoryMin([0xff, 0xff, 0xff, 0xff, 0x0f]), 0xffffffff);
  assert.equal(memoryMin([0xe5, 0x8e, 0x26]), 624485);
  expectMalformed(mod(section(5, [0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])), "integer representation too long");
  expectMalformed(mod(section(5, [0x01, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10])), "integer too large");
  expectMalformed(mod(section(5, [0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0x7f])), "integer too large");
});

function globalInit(valType: number, instrs: number[]): ConstExpr {
  return decodeModule(mod(section(6, [0x01, valType, 0x00, ...instrs, 0x0b]))).globals[0].init;
}

test("s32 LEB128 (i32.const)", () => {
  const cases: [number[], number][] = [
    [[0x00], 0], [[0x7f], -1], [[0x3f], 63], [[0x40], -64], [[0xc0, 0x00], 64],
    [[0xff, 0xff, 0xff, 0xff, 0x07], 0x7fffffff], [[0x80, 0x80, 0x80, 0x80, 0x78], -0x80000000],
    [[0xff, 0xff, 0xff, 0xff, 0x7f], -1], [[0x80, 0x80, 0x80, 0x80, 0x00], 0],
  ];
  for (const [leb, value] of cases) assert.equal(globalInit(I32, [0x41, ...leb]).instrs[0].imm, value, `${leb}`);
  expectMalformed(mod(section(6, [0x01, I32, 0x00, 0x41, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0b])), "integer too large");
  expectMalformed(mod(section(6, [0x01, I32, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0b])), "integer too large");
  expectMalformed(mod(section(6, [0x01, I32, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b])), "integer representation too long");
});

test("s64 LEB128 (i64.const)", () => {
  const ff9 = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const x809 = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80];
  const cases: [number[], bigint][] = [
    [[0x00], 0n], [[0x7f], -1n], [[0x80, 0x01], 128n], [[0xff, 0x7e], -129n],
    [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffffn], [[0x80, 0x80, 0x80, 0x80, 0x10], 0x100000000n],
    [[0x80, 0x80, 0x80, 0x80, 0x70], -0x100000000n], [[0x80, 0x80, 0x80, 0x80, 0x80, 0x7f], -(2n ** 35n)],
    [[...ff9, 0x00], 2n ** 63n - 1n], [[...x809, 0x7f], -(2n ** 63n)], [[...ff9, 0x7f], -1n],
  ];
  for (const [leb, value] of cases) assert.equal(globalInit(I64, [0x42, ...leb]).instrs[0].imm, value, `${leb}`);
  expectMalformed(mod(section(6, [0x01, I64, 0x00, 0x42, ...ff9, 0x01, 0x0b])), "integer too large");
  expectMalformed(mod(section(6, [0x01, I64, 0x00, 0x42, ...x809, 0x70, 0x0b])), "integer too large");
  expectMalformed(mod(section(6, [0x01, I64, 0x00, 0x42, ...x809, 0x80, 0x00, 0x0b])), "integer representation too long");
});

test("s33 block types", () => {
  const reader = new OperatorReader(new Uint8Array([0x02, 0x40, 0x02, 0x7f, 0x02, 0x05, 0x02, 0x80, 0x01, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f]), 0, 15);
  const types: number[] = [];
  while (!reader.atEnd()) {
    assert.equal(reader.next(), 0x02);
    types.push(reader.blockType);
  }
  assert.deepEqual(types, [BLOCK_EMPTY, -I32, 5, 128, 0xffffffff]);
  expectMalformed(withBody([0x02, 0x80, 0x80, 0x80, 0x80, 0x10, 0x0b, 0x0b]), "integer too large");
});

// --- names, UTF-8 -------------------------------------------------------------------------------

test("names: UTF-8 validated; custom section name required, contents ignored", () => {
  expectMalformed(mod(section(0, [0x02, 0xc0, 0x80])), "malformed UTF-8 encoding"); // overlong
  expectMalformed(mod(section(0, [0x03, 0xed, 0xa0, 0x80])), "malformed UTF-8 encoding"); // surrogate
  expectMalformed(mod(section(0, [])), /unexpected end/);
  const m = decodeModule(mod(section(0, [...str("héllo ✓"), 1, 2, 3])));
  assert.equal(m.customs[0].name, "héllo ✓");
  assert.deepEqual([...m.customs[0].bytes], [1, 2, 3]);
  expectMalformed(mod(section(2, vec([[...str("a"), 0x02, 0xff, 0xfe, 0x00, 0x00]]))), "malformed UTF-8 encoding");
});

test("name section decoded; a malformed one does not fail the module", () => {
  const nameSection = section(0, [
    ...str("name"),
    ...[0x00, ...u32(str("mod").length), ...str("mod")],
    ...(() => { const c = vec([[0x00, ...str("f0")]]); return [0x01, ...u32(c.length), ...c]; })(),
    ...(() => { const c = vec([[0x00, ...vec([[0x00, ...str("x")], [0x01, ...str("y")]])]]); return [0x02, ...u32(c.length), ...c]; })(),
  ]);
  const m = decodeModule(mod(TYPE_VOID, FUNC_ONE, code([0x00, 0x0b]), nameSection));
  assert.equal(m.names?.moduleName, "mod");
  assert.equal(m.names?.functionNames.get(0), "f0");
  assert.equal(m.names?.localNames.get(0)?.get(1), "y");
  // Truncated function-name map: module still decodes, earlier names kept.
  const broken = section(0, [...str("name"), 0x00, 0x04, ...str("mod"), 0x01, 0x05, 0x02, 0x00, 0x09, 0x41]);
  const m2 = decodeModule(mod(broken));
  assert.equal(m2.names?.moduleName, "mod");
  assert.equal(V8.validate(mod(broken)), true);
});

// --- types, imports, limits ---------------------------------------------------------------------

test("limits flags, mutability, reference and value types, import/export kinds", () => {
  expectMalformed(mod(section(5, [0x01, 0x02, 0x00])), "integer too large");
  expectMalformed(mod(section(5, [0x01, 0x81, 0x00, 0x00])), "integer representation too long");
  expectMalformed(mod(section(4, [0x01, 0x71, 0x00, 0x00])), "malformed reference type");
  expectMalformed(mod(section(6, [0x01, I32, 0x02, 0x41, 0x00, 0x0b])), "malformed mutability");
  expectMalformed(mod(section(1, vec([[0x60, 0x01, 0x7a, 0x00]]))), "malformed value type");
  expectMalformed(mod(section(2, vec([[...str("a"), ...str("b"), 0x04, 0x00]]))), "malformed import kind");
  expectMalformed(mod(section(7, vec([[...str("a"), 0x04, 0x00]]))), "malformed export kind");
  const m = decodeModule(mod(
    section(1, vec([[0x60, 0x02, I32, I64, 0x01, EXTERNREF]])),
    section(2, vec([
      [...str("m"), ...str("f"), 0x00, 0x00],
      [...str("m"), ...str("t"), 0x01, FUNCREF, 0x01, 0x01, 0x02],
      [...str("m"), ...str("mem"), 0x02, 0x00, 0x01],
      [...str("m"), ...str("g"), 0x03, I64, 0x01],
    ])),
    section(3, vec([[0x00]])),
    section(4, vec([[EXTERNREF, 0x00, 0x03]])),
    section(6, vec([[I32, 0x00, 0x41, 0x05, 0x0b]])),
    section(7, vec([[...str("f"), 0x00, 0x01], [...str("g"), 0x03, 0x01]])),
    section(8, [0x01]),
    code([0x00, 0x0b]),
  ));
  assert.deepEqual(m.types[0], { params: [I32, I64], results: [EXTERNREF] });
  assert.equal(m.numImportedFuncs, 1);
  assert.equal(m.numImportedTables, 1);
  assert.equal(m.numImportedMemories, 1);
  assert.equal(m.numImportedGlobals, 1);
  assert.deepEqual(m.funcTypeIndices, [0, 0]);
  assert.deepEqual(m.allTables, [{ elemType: FUNCREF, limits: { min: 1, max: 2 } }, { elemType: EXTERNREF, limits: { min: 3, max: undefined } }]);
  assert.deepEqual(m.allGlobals, [{ valType: I64, mutable: true }, { valType: I32, mutable: false }]);
  assert.equal(m.start, 1);
  assert.deepEqual(m.exports, [{ name: "f", kind: 0, index: 1 }, { name: "g", kind: 3, index: 1 }]);
});

// --- element and data segments ------------------------------------------------------------------

const I32_CONST_0 = [0x41, 0x00, 0x0b];

test("element segments: all eight encodings", () => {
  const segs = [
    [0x00, ...I32_CONST_0, ...vec([[0x00], [0x01]])],                                  // 0 active, table 0, func indices
    [0x01, 0x00, ...vec([[0x01]])],                                                      // 1 passive, elemkind, indices
    [0x02, 0x01, ...I32_CONST_0, 0x00, ...vec([[0x00]])],                                // 2 active, table 1, elemkind, indices
    [0x03, 0x00, ...vec([[0x01]])],                                                      // 3 declarative, elemkind, indices
    [0x04, ...I32_CONST_0, ...vec([[0xd2, 0x00, 0x0b], [0xd0, FUNCREF, 0x0b]])],          // 4 active, table 0, exprs
    [0x05, EXTERNREF, ...vec([[0xd0, EXTERNREF, 0x0b]])],                                // 5 passive, reftype, exprs
    [0x06, 0x01, ...I32_CONST_0, FUNCREF, ...vec([[0x23, 0x00, 0x0b]])],                 // 6 active, table 1, reftype, exprs
    [0x07, FUNCREF, ...vec([[0xd2, 0x01, 0x0b]])],                                       // 7 declarative, reftype, exprs
  ];
  const bytes = mod(
    section(1, vec([[0x60, 0x00, 0x00]])),
    // Wasm 2.0 constant expressions may read imported globals only.
    section(2, vec([[...str("m"), ...str("g"), 0x03, FUNCREF, 0x00]])),
    section(3, vec([[0x00], [0x00]])),
    section(4, vec([[FUNCREF, 0x00, 0x05], [FUNCREF, 0x00, 0x05]])),
    section(9, vec(segs)),
    code([0x00, 0x0b], [0x00, 0x0b]),
  );
  assert.equal(V8.validate(bytes), true);
  const m = decodeModule(bytes);
  const summary = m.elements.map((e) => ({
    mode: e.mode, table: e.tableIndex, type: e.elemType, hasOffset: e.offsetExpr !== undefined,
    init: e.init.map((x) => x.instrs.map((i) => `${i.op.toString(16)}:${String(i.imm)}`).join(" ")),
  }));
  assert.deepEqual(summary, [
    { mode: SEGMENT_ACTIVE, table: 0, type: FUNCREF, hasOffset: true, init: ["d2:0", "d2:1"] },
    { mode: SEGMENT_PASSIVE, table: 0, type: FUNCREF, hasOffset: false, init: ["d2:1"] },
    { mode: SEGMENT_ACTIVE, table: 1, type: FUNCREF, hasOffset: true, init: ["d2:0"] },
    { mode: SEGMENT_DECLARATIVE, table: 0, type: FUNCREF, hasOffset: false, init: ["d2:1"] },
    { mode: SEGMENT_ACTIVE, table: 0, type: FUNCREF, hasOffset: true, init: ["d2:0", `d0:${FUNCREF}`] },
    { mode: SEGMENT_PASSIVE, table: 0, type: EXTERNREF, hasOffset: false, init: [`d0:${EXTERNREF}`] },
    { mode: SEGMENT_ACTIVE, table: 1, type: FUNCREF, hasOffset: true, init: ["23:0"] },
    { mode: SEGMENT_DECLARATIVE, table: 0, type: FUNCREF, hasOffset: false, init: ["d2:1"] },
  ]);
  assert.deepEqual(m.elements[0].offsetExpr?.instrs.map((i) => [i.op, i.imm]), [[0x41, 0]]);
  expectMalformed(mod(section(9, vec([[0x08]]))), /malformed/);
  expectMalformed(mod(section(9, vec([[0x01, 0x01, 0x00]]))), "malformed element kind");
});

test("data segments: active, passive, explicit memory", () => {
  const bytes = mod(
    section(5, vec([[0x00, 0x01]])),
    section(12, [0x03]),
    section(11, vec([
      [0x00, ...I32_CONST_0, ...vec([[0x61], [0x62]])],
      [0x01, ...vec([[0x63]])],
      [0x02, 0x00, 0x41, 0x08, 0x0b, ...vec([])],
    ])),
  );
  assert.equal(V8.validate(bytes), true);
  const m = decodeModule(bytes);
  assert.deepEqual(m.datas.map((d) => [d.mode, d.memoryIndex, d.offsetExpr?.instrs[0].imm, [...d.bytes]]), [
    [SEGMENT_ACTIVE, 0, 0, [0x61, 0x62]],
    [SEGMENT_PASSIVE, 0, undefined, [0x63]],
    [SEGMENT_ACTIVE, 0, 8, []],
  ]);
  // Memory index 1 is a validation error (unknown memory), not a decoding one.
  assert.equal(decodeModule(mod(section(11, vec([[0x02, 0x01, ...I32_CONST_0, 0x00]])))).datas[0].memoryIndex, 1);
  expectMalformed(mod(section(11, vec([[0x03]]))), /malformed/);
});

// --- code ---------------------------------------------------------------------------------------

test("function bodies: end and size rules, opcodes, reserved bytes", () => {
  expectMalformed(withBody([0x41, 0x01, 0x1a]), /unexpected end|END opcode expected/);
  expectMalformed(withBody([0x0b, 0x01]), "section size mismatch"); // junk after the final end
  expectMalformed(withBody([0x02, 0x40, 0x0b]), /unexpected end|END opcode expected/);
  expectMalformed(withBody([0x06, 0x0b]), "illegal opcode");
  expectMalformed(withBody([0xfc, 0x12, 0x0b]), "illegal opcode");
  expectMalformed(withBody([0xfd, 0x80, 0x02, 0x0b]), "illegal opcode");
  expectMalformed(withBody([0x3f, 0x01, 0x1a, 0x0b], [0x00], [section(5, vec([[0x00, 0x01]]))]), "zero byte expected");
  expectMalformed(withBody([0x3f, 0x80, 0x00, 0x1a, 0x0b], [0x00], [section(5, vec([[0x00, 0x01]]))]), "zero byte expected");
  expectMalformed(withBody([0xd0, 0x7f, 0x1a, 0x0b]), "malformed reference type");
  expectMalformed(withBody([0x41, 0x00, 0x28, 0x20, 0x00, 0x1a, 0x0b], [0x00], [section(5, vec([[0x00, 0x01]]))]), "malformed memop flags");
  // A function body holding `if … else … end` and nested blocks decodes (type errors are not ours).
  const m = decodeModule(withBody([0x41, 0x01, 0x04, 0x40, 0x02, 0x40, 0x0b, 0x05, 0x01, 0x0b, 0x0b]));
  assert.equal(m.codes[0].codeEnd, m.bytes.length);
  // Disabled features make their opcodes illegal.
  assert.throws(() => decodeModule(withBody([0x41, 0x00, 0xc0, 0x1a, 0x0b]), { features: MVP_FEATURES }), CompileError);
});

test("OperatorReader reads the immediates wabt assembled", async () => {
  const wabt = await (await import("wabt")).default();
  const text = `(module (memory 1) (table 2 funcref) (type $t (func (param i32) (result i32)))
    (data "x") (elem func 0)
    (func (param i32) (result i32) (local f64)
      (block $b (result i32)
        (br_table 0 1 0 (i32.const -123456) (local.get 0)))
      i64.const -81985529216486896 drop
      f32.const -1.5 drop
      f64.const 1.2345678901234567e300 drop
      (i32.load16_u offset=70000 align=1 (i32.const 4)) drop
      (call_indirect 0 (type $t) (i32.const 1) (i32.const 0)) drop
      (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) (i8x16.extract_lane_u 9) drop
      (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0))
      (table.copy (i32.const 0) (i32.const 0) (i32.const 0))
      (select (result i32) (i32.const 1) (i32.const 2) (i32.const 3)) drop
      ref.null extern drop))`;
  const parsed = wabt.parseWat("t.wat", text, {});
  const bytes = new Uint8Array(parsed.toBinary({}).buffer);
  parsed.destroy();
  const m = decodeModule(bytes);
  const body = m.codes[0];
  assert.deepEqual(body.locals, [0x7c]);
  const r = new OperatorReader(m.bytes, body.codeStart, body.codeEnd);
  const seen: string[] = [];
  while (!r.atEnd()) {
    const op = r.next();
    switch (op) {
      case 0x02: seen.push(`block ${r.blockType}`); break;
      case 0x0e: seen.push(`br_table ${r.brTargets.slice(0, r.brTargetCount).join(",")} ${r.brDefault}`); break;
      case 0x41: seen.push(`i32 ${r.i32}`); break;
      case 0x42: seen.push(`i64 ${(BigInt(r.i64Hi) << 32n) | BigInt(r.i64Lo >>> 0)}`); break;
      case 0x43: seen.push(`f32 ${new Float32Array(new Int32Array([r.f32Bits]).buffer)[0]}`); break;
      case 0x44: seen.push(`f64 ${new Float64Array(new Int32Array([r.f64Lo, r.f64Hi]).buffer)[0] === 1.2345678901234567e300}`); break;
      case 0x2f: seen.push(`load16_u ${r.memAlign} ${r.memOffset}`); break;
      case 0x11: seen.push(`call_indirect ${r.index} ${r.index2}`); break;
      case 0xfd0c: seen.push(`v128 ${[...r.v128].join(",")}`); break;
      case 0xfd16: seen.push(`lane ${r.lane}`); break;
      case 0xfc08: seen.push(`memory.init ${r.index} ${r.index2}`); break;
      case 0xfc0e: seen.push(`table.copy ${r.index} ${r.index2}`); break;
      case 0x1c: seen.push(`select ${r.selectTypes.slice(0, r.selectTypeCount).join(",")}`); break;
      case 0xd0: seen.push(`ref.null ${r.refType}`); break;
      default: break;
    }
  }
  assert.deepEqual(seen, [
    `block ${-I32}`, "i32 -123456", "br_table 0,1 0", "i64 -81985529216486896", "f32 -1.5", "f64 true",
    "i32 4", "load16_u 0 70000", "i32 1", "i32 0", "call_indirect 0 0",
    "v128 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", "lane 9", "i32 0", "i32 0", "i32 0", "memory.init 0 0",
    "i32 0", "i32 0", "i32 0", "table.copy 0 0", "i32 1", "i32 2", "i32 3", `select ${I32}`, `ref.null ${EXTERNREF}`,
  ]);
});

test("ByteReader: LEB helpers report the offset of the bad integer", () => {
  const r = new ByteReader(new Uint8Array([0x05, 0x80, 0x80, 0x80, 0x80, 0x80]), 0, 6);
  assert.equal(r.readU32(), 5);
  assert.throws(() => r.readU32(), (e: unknown) => e instanceof CompileError && e.offset === 1 && e.reason === "integer representation too long");
});

test("constant expressions keep raw float bits (NaN payloads intact)", () => {
  // f32.const with bits 0xffc00001 (a negative NaN with payload), f64.const with bits 0xfff8000000000001.
  const f32 = globalInit(0x7d, [0x43, 0x01, 0x00, 0xc0, 0xff]);
  assert.equal(f32.instrs[0].imm, 0xffc00001);
  const f64 = globalInit(0x7c, [0x44, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0xff]);
  assert.equal(f64.instrs[0].imm, 0xfff8000000000001n);
  const v = globalInit(0x7b, [0xfd, 0x0c, ...Array.from({ length: 16 }, (_, i) => i * 3)]);
  assert.deepEqual([...(v.instrs[0].imm as Uint8Array)], Array.from({ length: 16 }, (_, i) => i * 3));
});
