// Generator of the fused-instruction (superinstruction) cases of `run` in interpreter.ts. The cases
// are plain code in interpreter.ts, between the BEGIN/END markers, because the dispatch must be one
// switch with literal labels; this file is their single source, so the families stay uniform and
// match compile/internal-opcodes.ts. After changing a family or the numbering, regenerate:
//
//   node --import tsx src/exec/fused-cases.ts --write
//
// interpreter-fusion.test.ts checks that interpreter.ts holds exactly what this produces.

import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CHARGE_FUSED_TARGETS, DOUBLE_TARGETS, OP_CHARGE_FUSED_BASE, OP_DOUBLE_BASE, OP_FUSED_BASE, OP_FUSED_END, OP_LOCAL_GET, internalOpcodeName } from "../compile/index.ts";

export const BEGIN_MARKER = "      // BEGIN GENERATED FUSED CASES (src/exec/fused-cases.ts)\n";
export const END_MARKER = "      // END GENERATED FUSED CASES\n";

/** i32 operators as expressions of their operands (compares as booleans). */
const I32_OPS: readonly [string, string][] = [
  ["add", "({a} + {b}) | 0"], ["sub", "({a} - {b}) | 0"], ["mul", "Math.imul({a}, {b})"], ["and", "{a} & {b}"],
  ["or", "{a} | {b}"], ["xor", "{a} ^ {b}"], ["shl", "{a} << {b}"], ["shr_s", "{a} >> {b}"], ["shr_u", "{a} >>> {b}"],
  ["rotl", "ROT"], ["rotr", "ROT"],
  ["eq", "{a} === {b}"], ["ne", "{a} !== {b}"], ["lt_s", "{a} < {b}"], ["lt_u", "{a} >>> 0 < {b} >>> 0"],
  ["gt_s", "{a} > {b}"], ["gt_u", "{a} >>> 0 > {b} >>> 0"], ["le_s", "{a} <= {b}"], ["le_u", "{a} >>> 0 <= {b} >>> 0"],
  ["ge_s", "{a} >= {b}"], ["ge_u", "{a} >>> 0 >= {b} >>> 0"],
];
const ARITH_COUNT = 11;
const VALUE_FAMILIES = ["_sl", "_sc", "_ll", "_lc", "_ll_set", "_lc_set", "_sl_set", "_sc_set", "_sl_tee", "_sc_tee", "_ll_tee", "_lc_tee"];
const BRANCH_SOURCES = ["ss", "sl", "sc", "ll", "lc"];
/** i64 operators: a helper of numeric-i64.ts, or a bitwise operator applied per half. */
const I64_OPS: readonly [string, string][] = [
  ["add", "i64Add"], ["sub", "i64Sub"], ["mul", "i64Mul"], ["and", "&"], ["or", "|"], ["xor", "^"], ["shl", "i64Shl"],
  ["shr_s", "i64ShrS"], ["shr_u", "i64ShrU"], ["rotl", "i64Rotl"], ["rotr", "i64Rotr"],
];
/** Loads: access size and the statements writing the result at word `d` from address `addr`. */
const LOADS: readonly [string, number, readonly string[]][] = [
  ["i32.load", 4, ["i32[D] = view.getInt32(addr, true);"]],
  ["i64.load", 8, ["i32[D] = view.getInt32(addr, true);", "i32[D + 1] = view.getInt32(addr + 4, true);"]],
  ["f32.load", 4, ["i32[D] = view.getInt32(addr, true);"]],
  ["f64.load", 8, ["i32[D] = view.getInt32(addr, true);", "i32[D + 1] = view.getInt32(addr + 4, true);"]],
  ["i32.load8_s", 1, ["i32[D] = (u8[addr] << 24) >> 24;"]],
  ["i32.load8_u", 1, ["i32[D] = u8[addr];"]],
  ["i32.load16_s", 2, ["i32[D] = view.getInt16(addr, true);"]],
  ["i32.load16_u", 2, ["i32[D] = view.getUint16(addr, true);"]],
  ["i64.load8_s", 1, ["const v = (u8[addr] << 24) >> 24;", "i32[D] = v;", "i32[D + 1] = v >> 31;"]],
  ["i64.load8_u", 1, ["i32[D] = u8[addr];", "i32[D + 1] = 0;"]],
  ["i64.load16_s", 2, ["const v = view.getInt16(addr, true);", "i32[D] = v;", "i32[D + 1] = v >> 31;"]],
  ["i64.load16_u", 2, ["i32[D] = view.getUint16(addr, true);", "i32[D + 1] = 0;"]],
  ["i64.load32_s", 4, ["const v = view.getInt32(addr, true);", "i32[D] = v;", "i32[D + 1] = v >> 31;"]],
  ["i64.load32_u", 4, ["i32[D] = view.getInt32(addr, true);", "i32[D + 1] = 0;"]],
];
/** Stores: access size and the statements writing the value at word `v` to address `addr`. */
const STORES: readonly [string, number, readonly string[]][] = [
  ["i32.store", 4, ["view.setInt32(addr, i32[v], true);"]],
  ["i64.store", 8, ["view.setInt32(addr, i32[v], true);", "view.setInt32(addr + 4, i32[v + 1], true);"]],
  ["f32.store", 4, ["view.setInt32(addr, i32[v], true);"]],
  ["f64.store", 8, ["view.setInt32(addr, i32[v], true);", "view.setInt32(addr + 4, i32[v + 1], true);"]],
  ["i32.store8", 1, ["u8[addr] = i32[v];"]],
];

function expr(template: string, a: string, b: string): string {
  return template.replaceAll("{a}", a).replaceAll("{b}", b);
}

/** The fused cases' source text (without markers), in opcode order. */
export function generateFusedCases(): string {
  const codeByName = new Map<string, number>();
  for (let code = OP_FUSED_BASE; code < OP_FUSED_END; code++) codeByName.set(internalOpcodeName(code), code);
  const cases = new Map<number, string[]>();
  const emit = (name: string, body: readonly string[]): void => {
    const code = codeByName.get(name);
    if (code === undefined) return; // not a member of compile/'s numbering: no such instruction
    const block = body.some((line) => line.startsWith("const ") || line.startsWith("let "));
    const lines = [`      case 0x${code.toString(16)}: ${block ? "{ " : ""}// ${name}`, ...body.map((line) => `        ${line}`), "        break;"];
    if (block) lines.push("      }");
    cases.set(code, lines);
  };
  const L = "i32[fp + code[pc]]";
  const L2 = "i32[fp + code[pc + 1]]";

  I32_OPS.forEach(([name, template], i) => {
    const compare = i >= ARITH_COUNT;
    for (const family of VALUE_FAMILIES) {
      const source = family.slice(1, 3);
      const mode = family.slice(3);
      const stackFirst = source === "sl" || source === "sc";
      const a = stackFirst ? "i32[sp - 2]" : L;
      const b = source === "sl" ? L : source === "sc" ? "code[pc]" : source === "ll" ? L2 : "code[pc + 1]";
      const operandWords = stackFirst ? 1 : 2;
      const lines: string[] = [];
      let value: string;
      if (template === "ROT") {
        lines.push(`const x = ${a};`, `const k = ${b} & 31;`);
        value = name === "rotl" ? "(x << k) | (x >>> ((32 - k) & 31))" : "(x >>> k) | (x << ((32 - k) & 31))";
      } else {
        value = expr(template, a, b) + (compare ? " ? 1 : 0" : "");
      }
      if (mode === "") {
        if (stackFirst) lines.push(`i32[sp - 2] = ${value};`, "pc++;");
        else lines.push(`i32[sp] = ${value};`, "pc += 2;", "sp += 2;");
      } else if (mode === "_set") {
        lines.push(`i32[fp + code[pc + ${operandWords}]] = ${value};`, `pc += ${operandWords + 1};`);
        if (stackFirst) lines.push("sp -= 2;");
      } else {
        lines.push(`const v = ${value};`);
        if (stackFirst) lines.push("i32[sp - 2] = v;");
        else lines.push("i32[sp] = v;", "sp += 2;");
        lines.push(`i32[fp + code[pc + ${operandWords}]] = v;`, `pc += ${operandWords + 1};`);
      }
      emit(`i32.${name}${family}`, lines);
    }
    if (!compare) return;
    for (const source of BRANCH_SOURCES) {
      let pre: string[];
      let condition: string;
      let operandWords: number;
      if (source === "ss") [pre, condition, operandWords] = [["sp -= 4;"], expr(template, "i32[sp]", "i32[sp + 2]"), 0];
      else if (source === "sl") [pre, condition, operandWords] = [["sp -= 2;"], expr(template, "i32[sp]", L), 1];
      else if (source === "sc") [pre, condition, operandWords] = [["sp -= 2;"], expr(template, "i32[sp]", "code[pc]"), 1];
      else if (source === "ll") [pre, condition, operandWords] = [[], expr(template, L, L2), 2];
      else [pre, condition, operandWords] = [[], expr(template, L, "code[pc + 1]"), 2];
      const target = operandWords === 0 ? "code[pc]" : `code[pc + ${operandWords}]`;
      emit(`br_if.i32.${name}_${source}`, [...pre, `if (${condition}) pc = ${target};`, `else pc += ${operandWords + 1};`]);
    }
  });

  for (const family of ["_sl", "_ll", "_sl_set", "_ll_set"]) {
    for (const [name, impl] of I64_OPS) {
      const stackFirst = family.startsWith("_sl");
      const set = family.endsWith("_set");
      const lines = stackFirst ? ["const a = sp - 2;", "const b = fp + code[pc];"] : ["const a = fp + code[pc];", "const b = fp + code[pc + 1];"];
      let immediates = stackFirst ? 1 : 2;
      const dst = set ? `fp + code[pc + ${immediates}]` : stackFirst ? "a" : "sp";
      if (set) immediates++;
      if (impl.length === 1) {
        if (set) lines.push(`const d = ${dst};`);
        const d = set ? "d" : dst;
        lines.push(`const lo = i32[a] ${impl} i32[b];`, `i32[${d} + 1] = i32[a + 1] ${impl} i32[b + 1];`, `i32[${d}] = lo;`);
      } else {
        lines.push(`${impl}(i32, ${dst}, a, b);`);
      }
      lines.push(`pc += ${immediates};`);
      if (stackFirst && set) lines.push("sp -= 2;");
      if (!stackFirst && !set) lines.push("sp += 2;");
      emit(`i64.${name}${family}`, lines);
    }
  }
  for (const [name, impl] of I64_OPS) {
    // Constant operand: bitwise ops read it from the code; helpers need it in stack words, so it is
    // copied into the free slot above the operands (lowering counted that slot in maxStackSlots).
    emit(`i64.${name}_sc`, impl.length === 1
      ? [`i32[sp - 2] = i32[sp - 2] ${impl} code[pc];`, `i32[sp - 1] = i32[sp - 1] ${impl} code[pc + 1];`, "pc += 2;"]
      : ["i32[sp] = code[pc];", "i32[sp + 1] = code[pc + 1];", `${impl}(i32, sp - 2, sp - 2, sp);`, "pc += 2;"]);
    emit(`i64.${name}_lc`, impl.length === 1
      ? ["const a = fp + code[pc];", `i32[sp] = i32[a] ${impl} code[pc + 1];`, `i32[sp + 1] = i32[a + 1] ${impl} code[pc + 2];`, "pc += 3;", "sp += 2;"]
      : ["const a = fp + code[pc];", "i32[sp + 2] = code[pc + 1];", "i32[sp + 3] = code[pc + 2];", `${impl}(i32, sp, a, sp + 2);`, "pc += 3;", "sp += 2;"]);
  }

  for (const [name, size, body] of LOADS) {
    const check = `if (addr + ${size} > memSize) trapOutOfBounds();`;
    emit(`${name}_l`, ["const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", check,
      ...body.map((line) => line.replaceAll("[D", "[sp")), "sp += 2;"]);
    // The check runs with pc at the local.set's part, so a trap refunds the local.set (metering).
    emit(`${name}_l_set`, ["const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", check, "const d = fp + code[pc];", "pc++;",
      ...body.map((line) => line.replaceAll("[D", "[d"))]);
  }
  for (const [name, size, body] of LOADS) {
    // Address = (local a + c) wrapped to u32 like the i32.add it replaces, then + offset.
    const check = `if (addr + ${size} > memSize) trapOutOfBounds();`;
    emit(`${name}_lc`, ["const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", check,
      ...body.map((line) => line.replaceAll("[D", "[sp")), "sp += 2;"]);
    emit(`${name}_sc`, ["const addr = ((i32[sp - 2] + code[pc]) >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", check,
      ...body.map((line) => line.replaceAll("[D + 1]", "[sp - 1]").replaceAll("[D]", "[sp - 2]"))]);
  }
  for (const [name, size, body] of STORES) {
    const check = `if (addr + ${size} > memSize) trapOutOfBounds();`;
    emit(`${name}_ll`, ["const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 2] >>> 0);", "const v = fp + code[pc + 1];", "pc += 3;", check, ...body]);
    emit(`${name}_sl`, ["sp -= 2;", "const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);", "const v = fp + code[pc];", "pc += 2;", check, ...body]);
    emit(`${name}_ls`, ["sp -= 2;", "const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "const v = sp;", "pc += 2;", check, ...body]);
  }
  emit("f64.add_sl", ["f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] + f64[(fp + code[pc]) >> 1];", "pc++;"]);
  emit("f64.add_sl_set", ["sp -= 2;", "f64[(fp + code[pc + 1]) >> 1] = f64[sp >> 1] + f64[(fp + code[pc]) >> 1];", "pc += 2;"]);
  emit("i32.add_sc_store", ["sp -= 4;", "const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);", "const v = (i32[sp + 2] + code[pc]) | 0;", "pc += 2;",
    "if (addr + 4 > memSize) trapOutOfBounds();", "view.setInt32(addr, v, true);"]);
  emit("br_if.i32.add_lc_tee_ne", ["const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;", "i32[fp + code[pc + 2]] = v;",
    "if (v !== code[pc + 3]) pc = code[pc + 4];", "else pc += 5;"]);
  // Superinstructions from bench/op-pairs.ts. A part that can trap before the last operator checks
  // with pc at the next operator's opPcs (see compile/internal-opcodes.ts).
  const oob = (size: number, at = "addr"): string => `if (${at} + ${size} > memSize) trapOutOfBounds();`;
  emit("i64.load_l_tee", ["const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(8), "const d = fp + code[pc];",
    "const lo = view.getInt32(addr, true);", "const hi = view.getInt32(addr + 4, true);", "i32[sp] = lo;", "i32[sp + 1] = hi;", "i32[d] = lo;", "i32[d + 1] = hi;", "pc++;", "sp += 2;"]);
  emit("i64.xor_sl_store", ["sp -= 2;", "const b = fp + code[pc];", "const addr = (i32[fp + code[pc + 1]] >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(8),
    "view.setInt32(addr, i32[sp] ^ i32[b], true);", "view.setInt32(addr + 4, i32[sp + 1] ^ i32[b + 1], true);"]);
  emit("i64.xor_ll_store", ["const a = fp + code[pc];", "const b = fp + code[pc + 1];", "const addr = (i32[fp + code[pc + 2]] >>> 0) + (code[pc + 3] >>> 0);", "pc += 4;", oob(8),
    "view.setInt32(addr, i32[a] ^ i32[b], true);", "view.setInt32(addr + 4, i32[a + 1] ^ i32[b + 1], true);"]);
  emit("i64.rotl_store", ["sp -= 4;", "i64Rotl(i32, sp, sp, sp + 2);", "const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(8),
    "view.setInt32(addr, i32[sp], true);", "view.setInt32(addr + 4, i32[sp + 1], true);"]);
  emit("i32.load_set", ["sp -= 2;", "const addr = (i32[sp] >>> 0) + (code[pc] >>> 0);", "pc++;", oob(4), "i32[fp + code[pc]] = view.getInt32(addr, true);", "pc++;"]);
  emit("i64.load_set", ["sp -= 2;", "const addr = (i32[sp] >>> 0) + (code[pc] >>> 0);", "pc++;", oob(8), "const d = fp + code[pc];",
    "i32[d] = view.getInt32(addr, true);", "i32[d + 1] = view.getInt32(addr + 4, true);", "pc++;"]);
  emit("i64.load_lc_store", ["const src = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(8, "src"),
    "sp -= 2;", "const dst = (i32[sp] >>> 0) + (code[pc] >>> 0);", "pc++;", oob(8, "dst"),
    // Both halves are read before either is written: source and destination may overlap.
    "const lo = view.getInt32(src, true);", "const hi = view.getInt32(src + 4, true);", "view.setInt32(dst, lo, true);", "view.setInt32(dst + 4, hi, true);"]);
  emit("i32.load_sc_store", ["const src = ((i32[sp - 2] + code[pc]) >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(4, "src"),
    "sp -= 4;", "const dst = (i32[sp] >>> 0) + (code[pc] >>> 0);", "pc++;", oob(4, "dst"), "view.setInt32(dst, view.getInt32(src, true), true);"]);
  emit("i32.shl_sc_xor_sl_tee", ["const v = (i32[sp - 2] << code[pc]) ^ i32[fp + code[pc + 1]];", "i32[sp - 2] = v;", "i32[fp + code[pc + 2]] = v;", "pc += 3;"]);
  emit("i32.shr_u_sc_xor_sl_tee", ["const v = (i32[sp - 2] >>> code[pc]) ^ i32[fp + code[pc + 1]];", "i32[sp - 2] = v;", "i32[fp + code[pc + 2]] = v;", "pc += 3;"]);
  emit("i32.shl_lc_xor_sl_tee", ["const v = (i32[fp + code[pc]] << code[pc + 1]) ^ i32[fp + code[pc + 2]];", "i32[sp] = v;", "i32[fp + code[pc + 3]] = v;", "pc += 4;", "sp += 2;"]);
  emit("i32.mul_sc_add", ["sp -= 2;", "i32[sp - 2] = (i32[sp - 2] + Math.imul(i32[sp], code[pc])) | 0;", "pc++;"]);
  emit("f64.mul_add_sl", ["sp -= 2;", "f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] * f64[sp >> 1] + f64[(fp + code[pc]) >> 1];", "pc++;"]);
  emit("f64.add_set", ["sp -= 4;", "f64[(fp + code[pc]) >> 1] = f64[sp >> 1] + f64[(sp + 2) >> 1];", "pc++;"]);
  emit("f64.mul_load_l", ["const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(8),
    "f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] * view.getFloat64(addr, true);"]);
  emit("f64.mul_load_lc", ["const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(8),
    "f64[(sp - 2) >> 1] = f64[(sp - 2) >> 1] * view.getFloat64(addr, true);"]);
  emit("local.copy_n", ["const end = pc + 1 + 2 * code[pc];", "for (pc++; pc < end; pc += 2) {", "  const from = fp + code[pc];", "  const to = fp + code[pc + 1];",
    "  i32[to] = i32[from];", "  i32[to + 1] = i32[from + 1];", "}"]);
  emit("br_if.i32.add2_lc_tee_ne", ["i32[fp + code[pc + 2]] = (i32[fp + code[pc]] + code[pc + 1]) | 0;", "const v = (i32[fp + code[pc + 3]] + code[pc + 4]) | 0;",
    "i32[fp + code[pc + 5]] = v;", "if (v !== code[pc + 6]) pc = code[pc + 7];", "else pc += 8;"]);
  emit("i64.copy_lc_lc", ["const src = ((i32[fp + code[pc + 3]] + code[pc + 4]) >>> 0) + (code[pc + 5] >>> 0);", "const dst = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 6] >>> 0);",
    "pc += 6;", oob(8, "src"), "const lo = view.getInt32(src, true);", "const hi = view.getInt32(src + 4, true);", "pc++;", oob(8, "dst"),
    "view.setInt32(dst, lo, true);", "view.setInt32(dst + 4, hi, true);"]);
  emit("i64.rotl_ls", ["i64Rotl(i32, sp - 2, fp + code[pc], sp - 2);", "pc++;"]);
  emit("i64.rotl_l_store", ["sp -= 2;", "i64Rotl(i32, sp, fp + code[pc], sp);", "const addr = (i32[fp + code[pc + 1]] >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(8),
    "view.setInt32(addr, i32[sp], true);", "view.setInt32(addr + 4, i32[sp + 1], true);"]);
  // The load32_u_lc's body (the count is an i64 whose high word is 0), its rotl_l_store's opcode word
  // stepped over, then rotl_l_store's body (pc at each point as in the plain pair).
  emit("i64.load32_u_lc_rotl_l_store", ["const src = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(4, "src"),
    "i32[sp] = view.getInt32(src, true);", "i32[sp + 1] = 0;", "pc++;",
    "i64Rotl(i32, sp, fp + code[pc], sp);", "const addr = (i32[fp + code[pc + 1]] >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(8),
    "view.setInt32(addr, i32[sp], true);", "view.setInt32(addr + 4, i32[sp + 1], true);"]);
  emit("i64.andn_ll", ["const a = fp + code[pc];", "const b = fp + code[pc + 1];", "i32[sp] = ~i32[a] & i32[b];", "i32[sp + 1] = ~i32[a + 1] & i32[b + 1];", "pc += 2;", "sp += 2;"]);
  emit("i32.shl_sc_add_sl_tee", ["const v = ((i32[sp - 2] << code[pc]) + i32[fp + code[pc + 1]]) | 0;", "i32[sp - 2] = v;", "i32[fp + code[pc + 2]] = v;", "pc += 3;"]);
  emit("i32.shl_sc_add_sc_tee", ["const v = ((i32[sp - 2] << code[pc]) + code[pc + 1]) | 0;", "i32[sp - 2] = v;", "i32[fp + code[pc + 2]] = v;", "pc += 3;"]);
  emit("i32.rotl_lc_xor", ["const x = i32[fp + code[pc]];", "const k = code[pc + 1] & 31;", "i32[sp - 2] ^= (x << k) | (x >>> ((32 - k) & 31));", "pc += 2;"]);
  emit("i64.load_l_tee_xor", ["const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(8), "const d = fp + code[pc];",
    "const lo = view.getInt32(addr, true);", "const hi = view.getInt32(addr + 4, true);", "i32[d] = lo;", "i32[d + 1] = hi;", "i32[sp - 2] ^= lo;", "i32[sp - 1] ^= hi;", "pc++;"]);
  emit("i32.store_c", ["sp -= 2;", "const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(4), "view.setInt32(addr, code[pc - 2], true);"]);
  emit("i32.store8_c", ["sp -= 2;", "const addr = (i32[sp] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(1), "u8[addr] = code[pc - 2];"]);
  emit("i32.load_l_add_sc_store", ["const src = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(4, "src"),
    "const v = (view.getInt32(src, true) + code[pc + 1]) | 0;", "sp -= 2;", "const addr = (i32[sp] >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(4),
    "view.setInt32(addr, v, true);"]);
  emit("br_if.i32.add_lc_tee_nz", ["const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;", "i32[fp + code[pc + 2]] = v;",
    "if (v !== 0) pc = code[pc + 3];", "else pc += 4;"]);
  emit("br_if.i32.add_lc_tee_lt_u_c", ["const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;", "i32[fp + code[pc + 2]] = v;",
    "if (v >>> 0 < code[pc + 3] >>> 0) pc = code[pc + 4];", "else pc += 5;"]);
  emit("br_if.i32.add_ll_tee_lt_u_c", ["const v = (i32[fp + code[pc]] + i32[fp + code[pc + 1]]) | 0;", "i32[fp + code[pc + 2]] = v;",
    "if (v >>> 0 < code[pc + 3] >>> 0) pc = code[pc + 4];", "else pc += 5;"]);
  emit("br_if.i32.add_lc_tee_lt_u_l", ["const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;", "i32[fp + code[pc + 2]] = v;",
    "if (v >>> 0 < i32[fp + code[pc + 3]] >>> 0) pc = code[pc + 4];", "else pc += 5;"]);
  emit("i32.store_c_lc", ["const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 3] >>> 0);", "pc += 4;", oob(4), "view.setInt32(addr, code[pc - 2], true);"]);
  emit("i32.store8_c_lc", ["const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 3] >>> 0);", "pc += 4;", oob(1), "u8[addr] = code[pc - 2];"]);
  emit("i64.andn_xor_store", ["const b = fp + code[pc];", "const c = fp + code[pc + 1];", "const a = fp + code[pc + 2];",
    "const addr = (i32[fp + code[pc + 3]] >>> 0) + (code[pc + 4] >>> 0);", "pc += 5;", oob(8),
    "view.setInt32(addr, (~i32[b] & i32[c]) ^ i32[a], true);", "view.setInt32(addr + 4, (~i32[b + 1] & i32[c + 1]) ^ i32[a + 1], true);"]);
  emit("f64.add_sl_add_set", ["sp -= 4;", "f64[(fp + code[pc + 1]) >> 1] = f64[sp >> 1] + (f64[(sp + 2) >> 1] + f64[(fp + code[pc]) >> 1]);", "pc += 2;"]);
  emit("f64.mul_load_l_l", ["const src = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(8, "src"),
    "const addr = (i32[fp + code[pc + 1]] >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(8),
    "f64[sp >> 1] = view.getFloat64(src, true) * view.getFloat64(addr, true);", "sp += 2;"]);
  emit("f64.mul_load_sc_lc", ["const src = ((i32[sp - 2] + code[pc]) >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(8, "src"),
    "const addr = ((i32[fp + code[pc + 1]] + code[pc + 2]) >>> 0) + (code[pc + 3] >>> 0);", "pc += 4;", oob(8),
    "f64[(sp - 2) >> 1] = view.getFloat64(src, true) * view.getFloat64(addr, true);"]);
  emit("i64.load_set_shl_sc_add_sl_tee", ["const v = ((i32[sp - 2] << code[pc]) + i32[fp + code[pc + 1]]) | 0;", "i32[fp + code[pc + 2]] = v;",
    "const addr = (v >>> 0) + (code[pc + 4] >>> 0);", "pc += 5;", oob(8), "const d = fp + code[pc];",
    "i32[d] = view.getInt32(addr, true);", "i32[d + 1] = view.getInt32(addr + 4, true);", "pc++;", "sp -= 2;"]);
  emit("i32.load_add_sc_store_shl_sc_add_sc_tee", ["const v = ((i32[sp - 2] << code[pc]) + code[pc + 1]) | 0;", "i32[fp + code[pc + 2]] = v;",
    "const src = (i32[fp + code[pc + 4]] >>> 0) + (code[pc + 5] >>> 0);", "pc += 6;", oob(4, "src"),
    "const addr = (v >>> 0) + (code[pc + 2] >>> 0);", "const w = (view.getInt32(src, true) + code[pc + 1]) | 0;", "pc += 3;", oob(4),
    "view.setInt32(addr, w, true);", "sp -= 2;"]);
  const rotl = (x: string, k: string): string => `((${x} << ${k}) | (${x} >>> ((32 - ${k}) & 31)))`;
  emit("i32.rotl_lc_rotl_lc_xor", ["const x = i32[fp + code[pc]];", "const k = code[pc + 1] & 31;", "const y = i32[fp + code[pc + 2]];", "const j = code[pc + 3] & 31;",
    `i32[sp] = ${rotl("x", "k")} ^ ${rotl("y", "j")};`, "pc += 4;", "sp += 2;"]);
  emit("i32.rotl_sc_rotl_lc_xor", ["const x = i32[sp - 2];", "const k = code[pc] & 31;", "const y = i32[fp + code[pc + 1]];", "const j = code[pc + 2] & 31;",
    `i32[sp - 2] = ${rotl("x", "k")} ^ ${rotl("y", "j")};`, "pc += 3;"]);
  emit("i32.mul_lc_add", ["i32[sp - 2] = (i32[sp - 2] + Math.imul(i32[fp + code[pc]], code[pc + 1])) | 0;", "pc += 2;"]);
  emit("br_if.i32.store_ll_add_lc_tee_lt_u_l", ["const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(4),
    "view.setInt32(addr, i32[fp + code[pc - 2]], true);", "const v = (i32[fp + code[pc + 1]] + code[pc + 2]) | 0;", "i32[fp + code[pc + 3]] = v;",
    "if (v >>> 0 < i32[fp + code[pc + 4]] >>> 0) pc = code[pc + 5];", "else pc += 6;"]);
  emit("i32.add_load_lc", ["const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(4),
    "i32[sp - 2] = (i32[sp - 2] + view.getInt32(addr, true)) | 0;"]);
  emit("i32.load_lc_tee", ["const addr = ((i32[fp + code[pc]] + code[pc + 1]) >>> 0) + (code[pc + 2] >>> 0);", "pc += 3;", oob(4),
    "const v = view.getInt32(addr, true);", "i32[sp] = v;", "i32[fp + code[pc]] = v;", "pc++;", "sp += 2;"]);
  emit("i32.load_l_tee", ["const addr = (i32[fp + code[pc]] >>> 0) + (code[pc + 1] >>> 0);", "pc += 2;", oob(4),
    "const v = view.getInt32(addr, true);", "i32[sp] = v;", "i32[fp + code[pc]] = v;", "pc++;", "sp += 2;"]);
  emit("i32.shr_u_lc_xor", ["i32[sp - 2] ^= i32[fp + code[pc]] >>> code[pc + 1];", "pc += 2;"]);
  emit("i64.cmp_lc", ["const a = fp + code[pc];", "i32[sp] = i64CompareMask(i32[a], i32[a + 1], code[pc + 1], code[pc + 2], code[pc + 3]);", "pc += 4;", "sp += 2;"]);
  emit("local.copy", ["const from = fp + code[pc];", "const to = fp + code[pc + 1];", "i32[to] = i32[from];", "i32[to + 1] = i32[from + 1];", "pc += 2;"]);
  emit("br_if_l", ["if (i32[fp + code[pc]] !== 0) pc = code[pc + 1];", "else pc += 2;"]);
  emit("br_unless_l", ["if (i32[fp + code[pc]] === 0) pc = code[pc + 1];", "else pc += 2;"]);
  emit("local.set_c", ["i32[fp + code[pc + 1]] = code[pc];", "pc += 2;"]);
  // Mask bit 3 (unsigned) flips both sign bits, so one signed comparison orders either way.
  emit("i32.cmp_lc_set", ["const m = code[pc + 2];", "const flip = (m & 8) << 28;", "const x = i32[fp + code[pc]] ^ flip;", "const y = code[pc + 1] ^ flip;",
    "i32[fp + code[pc + 3]] = (m >> (x < y ? 0 : x === y ? 1 : 2)) & 1;", "pc += 4;"]);
  emit("i64.rem_u_sl", ["i64RemU(i32, sp - 2, sp - 2, fp + code[pc]);", "pc++;"]);
  emit("i64.rem_u_sl_set", ["i64RemU(i32, sp - 2, sp - 2, fp + code[pc]);", "const d = fp + code[pc + 1];", "i32[d] = i32[sp - 2];", "i32[d + 1] = i32[sp - 1];",
    "pc += 2;", "sp -= 2;"]);
  emit("i64.cmp_lc_select", ["const a = fp + code[pc];", "sp -= 2;", "if (i64CompareMask(i32[a], i32[a + 1], code[pc + 1], code[pc + 2], code[pc + 3]) === 0) {",
    "  i32[sp - 2] = i32[sp];", "  i32[sp - 1] = i32[sp + 1];", "}", "pc += 4;"]);
  emit("br_if.i64.eqz", ["sp -= 2;", "if ((i32[sp] | i32[sp + 1]) === 0) pc = code[pc];", "else pc++;"]);
  emit("br_if.i64.nez", ["sp -= 2;", "if ((i32[sp] | i32[sp + 1]) !== 0) pc = code[pc];", "else pc++;"]);
  emit("global.sub_sc_tee", ["const cell = globals[code[pc]].cell;", "const v = (cell[0] - code[pc + 2]) | 0;", "cell[0] = v;", "i32[fp + code[pc + 3]] = v;", "pc += 4;"]);
  emit("i32.add_lc_global_set", ["globals[code[pc + 2]].cell[0] = (i32[fp + code[pc]] + code[pc + 1]) | 0;", "pc += 3;"]);
  emit("i32.add_lc_set2", ["const v = (i32[fp + code[pc]] + code[pc + 1]) | 0;", "i32[fp + code[pc + 2]] = v;", "i32[fp + code[pc + 3]] = v;", "pc += 4;"]);
  emit("i64.cmp_lc_set", ["const a = fp + code[pc];", "i32[fp + code[pc + 4]] = i64CompareMask(i32[a], i32[a + 1], code[pc + 1], code[pc + 2], code[pc + 3]);", "pc += 5;"]);

  // charge+X: the CHARGE case's fast path, then falls through into X's case (placed right before it)
  // with pc at X's immediates. On the slow path it continues as CHARGE does: at X's own opcode word,
  // which is still there, or in the reference code when the budget runs out within the block.
  const chargePrologues = new Map<number, string[]>();
  // local.get leads many blocks but is a plain instruction: its case is generated here (and not
  // written in interpreter.ts) so that charge+local.get can fall through into it like the others.
  cases.set(OP_LOCAL_GET, ["      case 0x20: { // local.get", "        const at = fp + code[pc++];", "        i32[sp] = i32[at];",
    "        i32[sp + 1] = i32[at + 1];", "        sp += 2;", "        break;", "      }"]);
  CHARGE_FUSED_TARGETS.forEach((x, k) => {
    const code = OP_CHARGE_FUSED_BASE + k;
    chargePrologues.set(x, [
      `      case 0x${code.toString(16)}: { // ${internalOpcodeName(code)}`,
      "        const gasAfter = gasLeft - code[pc];",
      "        const instructionsAfter = instructionsLeft - code[pc + 1];",
      "        if ((gasAfter | instructionsAfter) < 0) {",
      "          code = chargeSlow(store, cf, code, pc, gasLeft, instructionsLeft);",
      "          gasLeft = coldState.gasChunk;",
      "          instructionsLeft = coldState.instructionChunk;",
      "          pc = coldState.pc;",
      "          break;",
      "        }",
      "        gasLeft = gasAfter;",
      "        instructionsLeft = instructionsAfter;",
      "        pc += 3;",
      "      }",
      "      // falls through",
    ]);
    cases.set(code, []);
  });

  // X×2: X's body (its own block), then over the second X's opcode word into X's case (placed right before it).
  const doublePrologues = new Map<number, string[]>();
  DOUBLE_TARGETS.forEach((x, k) => {
    const code = OP_DOUBLE_BASE + k;
    const lines = cases.get(x);
    if (lines === undefined) throw new Error(`fused-cases: ${internalOpcodeName(x)} cannot have an _x2 form`);
    const body = lines.slice(1).filter((line) => line !== "        break;" && line !== "      }");
    const header = `      case 0x${code.toString(16)}: { // ${internalOpcodeName(code)}`;
    if (chargePrologues.has(x)) {
      // charge+X already falls into X's case: X×2 runs X twice itself, each in a block of its own.
      const inner = body.map((line) => `  ${line}`);
      cases.set(code, [header, "        {", ...inner, "        }", "        pc++;", "        {", ...inner, "        }", "        break;", "      }"]);
      return;
    }
    doublePrologues.set(x, [header, ...body, "        pc++;", "      }", "      // falls through"]);
    cases.set(code, []);
  });

  const missing = [...codeByName].filter(([, code]) => !cases.has(code)).map(([name]) => name);
  if (missing.length > 0) throw new Error(`fused-cases: no case generated for ${missing.join(", ")}`);
  return [...cases.keys()].sort((x, y) => x - y).flatMap((code) => [...(chargePrologues.get(code) ?? []), ...(doublePrologues.get(code) ?? []), ...(cases.get(code) ?? [])]).join("\n") + "\n";
}

/** interpreter.ts's source with the generated section replaced by `generateFusedCases()`. */
export function spliceFusedCases(source: string): string {
  const begin = source.indexOf(BEGIN_MARKER);
  const end = source.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error("fused-cases: markers not found in interpreter.ts");
  return source.slice(0, begin + BEGIN_MARKER.length) + generateFusedCases() + source.slice(end);
}

if (process.argv.includes("--write") && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = fileURLToPath(new URL("./interpreter.ts", import.meta.url));
  writeFileSync(path, spliceFusedCases(readFileSync(path, "utf8")));
}
