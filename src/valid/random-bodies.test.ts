// Differential check against V8: random function bodies built from the whole opcode table (random
// small immediates, random nesting, often an `unreachable` before an `end` so that a fair share is
// valid) inside a module with two tables, a memory, globals and segments. Our decode+validate
// verdict must equal WebAssembly.validate's on every one. The seed is fixed so failures reproduce.

import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeModule } from "../binary/index.ts";
import { CompileError, Imm, OPCODES, type OpInfo } from "../core/index.ts";
import { validateModule } from "./index.ts";

let seed = 0x5eed;
const random = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return seed / 0x80000000; };
const below = (n: number): number => Math.floor(random() * n);
const pick = <T>(items: readonly T[]): T => items[below(items.length)];

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do { const b = n & 0x7f; n >>>= 7; out.push(n === 0 ? b : b | 0x80); } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
};

const VALUE_TYPES = [0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f];
const OPS = [...OPCODES.values()].filter((op) => op.name !== "else" && op.name !== "end");
const COMMON = ["i32.const", "i64.const", "f32.const", "f64.const", "v128.const", "local.get", "local.set", "drop",
  "unreachable", "block", "loop", "if", "br", "br_if", "select", "ref.null", "ref.func", "table.get", "global.get", "call"]
  .map((name) => OPS.find((op) => op.name === name) as OpInfo);

/** One instruction with random (mostly in-range) immediates. */
function instruction(op: OpInfo): number[] {
  const code = op.code > 0xff ? [op.code >> 8, ...uleb(op.code & 0xff)] : [op.code];
  const small = (): number[] => uleb(below(4));
  switch (op.imm) {
    case Imm.None: return code;
    case Imm.BlockType: {
      const r = random();
      return [...code, ...(r < 0.3 ? [0x40] : r < 0.7 ? [pick(VALUE_TYPES)] : sleb(below(4)))];
    }
    case Imm.Label: case Imm.Func: case Imm.Local: case Imm.Global: case Imm.Table: case Imm.Data: case Imm.Elem:
      return [...code, ...small()];
    case Imm.BrTable: {
      const count = below(3);
      const targets: number[] = [];
      for (let i = 0; i < count; i++) targets.push(...small());
      return [...code, ...uleb(count), ...targets, ...small()];
    }
    case Imm.CallIndirect: return [...code, ...small(), ...uleb(below(2))];
    case Imm.MemArg: return [...code, ...uleb(below(5)), ...uleb(below(100))];
    case Imm.MemIndex: return [...code, 0];
    case Imm.I32: case Imm.I64: return [...code, ...sleb(below(100) - 50)];
    case Imm.F32: return [...code, 0, 0, 0, 0];
    case Imm.F64: return [...code, 0, 0, 0, 0, 0, 0, 0, 0];
    case Imm.RefType: return [...code, pick([0x70, 0x6f])];
    case Imm.SelectT: {
      const count = random() < 0.9 ? 1 : below(3);
      const types: number[] = [];
      for (let i = 0; i < count; i++) types.push(pick(VALUE_TYPES));
      return [...code, count, ...types];
    }
    case Imm.MemoryInit: return [...code, ...uleb(below(2)), 0];
    case Imm.MemoryCopy: return [...code, 0, 0];
    case Imm.TableInit: case Imm.TableCopy: return [...code, ...uleb(below(3)), ...uleb(below(3))];
    case Imm.V128: return [...code, ...new Array<number>(16).fill(0)];
    case Imm.Shuffle: return [...code, ...Array.from({ length: 16 }, () => (random() < 0.95 ? below(32) : 32 + below(3)))];
    case Imm.Lane: return [...code, random() < 0.9 ? below(16) : 16 + below(3)];
    case Imm.MemArgLane: return [...code, ...uleb(below(5)), ...uleb(below(10)), random() < 0.9 ? below(2) : below(17)];
  }
  throw new Error(`no generator for immediate kind ${op.imm}`);
}

function body(): number[] {
  const out: number[] = [];
  let depth = 0;
  const count = 1 + below(8);
  for (let i = 0; i < count; i++) {
    const r = random();
    if (depth > 0 && r < 0.1) {
      if (random() < 0.5) out.push(0x00);
      out.push(0x0b);
      depth--;
      continue;
    }
    if (depth > 0 && r < 0.13) { out.push(0x05); continue; }
    const op = random() < 0.5 ? pick(COMMON) : pick(OPS);
    out.push(...instruction(op));
    if (op.imm === Imm.BlockType) depth++;
  }
  for (; depth > 0; depth--) {
    if (random() < 0.5) out.push(0x00);
    out.push(0x0b);
  }
  if (random() < 0.5) out.push(0x00);
  out.push(0x0b);
  return out;
}

const section = (id: number, payload: number[]): number[] => [id, ...uleb(payload.length), ...payload];

function randomModule(): Uint8Array<ArrayBuffer> {
  // Types: [] -> [], [i32] -> [i32], [i32 i64] -> [f32], [] -> [i32 i32], [v128] -> [externref].
  const types = [[0x60, 0, 0], [0x60, 1, 0x7f, 1, 0x7f], [0x60, 2, 0x7f, 0x7e, 1, 0x7d], [0x60, 0, 2, 0x7f, 0x7f], [0x60, 1, 0x7b, 1, 0x6f]];
  const locals = random() < 0.5 ? [1, 1, pick(VALUE_TYPES)] : [0];
  const code = [...locals, ...body()];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [types.length, ...types.flat()]),
    ...section(2, [1, 1, 0x6d, 1, 0x67, 0x03, 0x7f, 0x00]), // import "m" "g" (global i32)
    ...section(3, [1, below(types.length)]),
    ...section(4, [2, 0x70, 0x00, 0x01, 0x6f, 0x00, 0x01]), // funcref and externref tables
    ...(random() < 0.8 ? section(5, [1, 0x00, 0x01]) : []),
    ...section(6, [2, 0x7e, 0x01, 0x42, 0x00, 0x0b, 0x70, 0x00, 0xd2, 0x00, 0x0b]), // (mut i64), funcref = ref.func 0
    ...section(9, [1, 0x01, 0x00, 0x01, 0x00]), // passive elem [func 0]
    ...section(12, [1]),
    ...section(10, [1, ...uleb(code.length), ...code]),
    ...section(11, [1, 0x01, 0x01, 0x61]), // passive data "a"
  ]);
}

test("random bodies: our verdict equals V8's", () => {
  let bothValid = 0;
  const disagreements: string[] = [];
  for (let i = 0; i < 6000; i++) {
    const bytes = randomModule();
    const v8 = WebAssembly.validate(bytes);
    let ours = "valid";
    try {
      validateModule(decodeModule(bytes));
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      ours = e.message;
    }
    if (v8 && ours === "valid") bothValid++;
    if (v8 !== (ours === "valid")) disagreements.push(`V8 ${v8 ? "accepts" : "rejects"}, we say ${ours}: ${Buffer.from(bytes).toString("hex")}`);
  }
  console.log(`random modules: 6000, valid for both: ${bothValid}, disagreements: ${disagreements.length}`);
  assert.ok(bothValid > 50, "the generator should produce some valid bodies");
  assert.deepEqual(disagreements.slice(0, 5), []);
});
