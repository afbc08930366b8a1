// The 2.0 spec suite's SIMD expectations run directly against the SIMD helpers, without the
// interpreter: every exported function of a simd_*.wast module whose body is one folded expression
// of local.get, constants and non-memory SIMD instructions is evaluated with simdExec, and every
// assert_return invoking it is checked (nan:canonical / nan:arithmetic lanes by class). Literal
// constants are turned into bits by wabt + V8 (a module that only stores each constant), so no float
// literal parsing of our own stands between the suite and the helpers.

import { fileURLToPath } from "node:url";
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OPCODE_BY_NAME, OPCODES, Imm } from "../core/index.ts";
import { simdExec, simdExecDeterministic } from "./simd-ops.ts";
import { simdMemoryExec, simdAddressSlot, SIMD_ACCESS_BYTES } from "./simd-memory.ts";

const SPEC_DIR = fileURLToPath(new URL("../../../shared/spec/wasm-2.0", import.meta.url));

// The project's lib setting has no WebAssembly typings; describe the little the test uses.
interface WasmApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type SExpr = string | SExpr[];

function parseSexprs(text: string): SExpr[] {
  const root: SExpr[] = [];
  const stack: SExpr[][] = [root];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === ";" && text[i + 1] === ";") { while (i < text.length && text[i] !== "\n") i++; continue; }
    if (ch === "(" && text[i + 1] === ";") { // nestable block comment
      let depth = 0;
      do {
        if (text[i] === "(" && text[i + 1] === ";") { depth++; i += 2; } else if (text[i] === ";" && text[i + 1] === ")") { depth--; i += 2; } else i++;
      } while (depth > 0 && i < text.length);
      continue;
    }
    if (ch === "(") { const list: SExpr[] = []; stack[stack.length - 1].push(list); stack.push(list); i++; continue; }
    if (ch === ")") { stack.pop(); i++; continue; }
    if (/\s/.test(ch)) { i++; continue; }
    let j = i;
    if (ch === "\"") {
      j++;
      while (j < text.length && text[j] !== "\"") j += text[j] === "\\" ? 2 : 1;
      j++;
    } else {
      while (j < text.length && !/[\s()]/.test(text[j]) && !(text[j] === ";" && text[j + 1] === ";")) j++;
    }
    stack[stack.length - 1].push(text.slice(i, j));
    i = j;
  }
  return root;
}

function show(e: SExpr): string {
  return typeof e === "string" ? e : `(${e.map(show).join(" ")})`;
}

const CONST_OPS = new Set(["v128.const", "i32.const", "i64.const", "f32.const", "f64.const"]);

interface Func { params: string[]; result: string; body: SExpr; memory: Uint8Array }

/** A function we can evaluate: one folded body expression, no locals, inline export. */
function evaluableFunc(form: SExpr[], memory: Uint8Array): { name: string; func: Func } | undefined {
  let name: string | undefined;
  const params: string[] = [];
  const results: string[] = [];
  const body: SExpr[] = [];
  const paramNames = new Map<string, number>();
  for (const part of form.slice(1)) {
    if (typeof part === "string") { if (part.startsWith("$")) continue; return undefined; }
    const head = part[0];
    if (head === "export") name = JSON.parse(part[1] as string) as string;
    else if (head === "param") {
      // (param $x t) names one parameter; (param t t …) declares anonymous ones
      const named = typeof part[1] === "string" && part[1].startsWith("$");
      if (named) { paramNames.set(part[1] as string, params.length); params.push(part[2] as string); }
      else for (const t of part.slice(1)) params.push(t as string);
    }
    else if (head === "result") for (const t of part.slice(1)) results.push(t as string);
    else if (head === "local" || head === "type") return undefined;
    else body.push(part);
  }
  if (name === undefined || body.length !== 1 || results.length !== 1) return undefined;
  const resolved = resolveNames(body[0], paramNames);
  if (!supported(resolved)) return undefined;
  return { name, func: { params, result: results[0], body: resolved, memory } };
}

/** Rewrites `local.get $name` to the parameter's index. */
function resolveNames(e: SExpr, names: ReadonlyMap<string, number>): SExpr {
  if (typeof e === "string") return e;
  if (e[0] === "local.get" && typeof e[1] === "string" && names.has(e[1])) return ["local.get", String(names.get(e[1]))];
  return e.map((x) => resolveNames(x, names));
}

function supported(e: SExpr): boolean {
  if (typeof e === "string") return false;
  const head = e[0];
  if (typeof head !== "string") return false;
  if (head === "local.get") return typeof e[1] === "string" && /^\d+$/.test(e[1]);
  if (CONST_OPS.has(head)) return true;
  const code = OPCODE_BY_NAME.get(head);
  if (code === undefined || code < 0xfd00) return false;
  const info = OPCODES.get(code);
  // Loads only: the store tests need several instructions per body.
  if (info === undefined || /store/.test(info.name)) return false;
  return e.slice(1).every((x) => typeof x === "string" || supported(x));
}

/** Collects every constant expression text in `e`, with NaN-pattern lanes replaced by 0. */
function constTexts(e: SExpr, out: Set<string>): void {
  if (typeof e === "string") return;
  if (typeof e[0] === "string" && CONST_OPS.has(e[0])) { out.add(show(stripPatterns(e))); return; }
  for (const x of e) constTexts(x, out);
}

function stripPatterns(e: SExpr[]): SExpr[] {
  return e.map((x) => (x === "nan:canonical" || x === "nan:arithmetic" ? "0" : x));
}

// ---------------------------------------------------------------------------------------------

const words = new Int32Array(64);
const bytesView = new Uint8Array(words.buffer);

class Unsupported extends Error {}

function evaluate(e: SExpr, args: Uint8Array[], params: string[], constBits: Map<string, Uint8Array>, sp: number, deterministic: boolean): number {
  if (typeof e === "string") throw new Unsupported(e);
  const head = e[0] as string;
  if (head === "local.get") {
    const index = Number(e[1]);
    const arg = args[index];
    bytesView.set(arg, sp * 8);
    if (arg.length === 4) words[2 * sp + 1] = 0;
    return sp + (params[index] === "v128" ? 2 : 1);
  }
  if (CONST_OPS.has(head)) {
    const bits = constBits.get(show(e));
    if (bits === undefined) throw new Error(`no bits for ${show(e)}`);
    bytesView.set(bits, sp * 8);
    if (bits.length === 4) words[2 * sp + 1] = 0;
    return sp + (head === "v128.const" ? 2 : 1);
  }
  const code = OPCODE_BY_NAME.get(head) ?? -1;
  const info = OPCODES.get(code);
  if (info === undefined) throw new Unsupported(head);
  if (info.imm === Imm.MemArg || info.imm === Imm.MemArgLane) return evaluateLoad(e, info.imm === Imm.MemArgLane, code, args, params, constBits, sp, deterministic);
  const immCount = info.imm === Imm.Lane ? 1 : info.imm === Imm.Shuffle ? 16 : 0;
  const imms = e.slice(1, 1 + immCount).map((x) => Number(x));
  let next = sp;
  for (const arg of e.slice(1 + immCount)) next = evaluate(arg, args, params, constBits, next, deterministic);
  const immWords = immCount === 16
    ? [0, 4, 8, 12].map((i) => imms[i] | (imms[i + 1] << 8) | (imms[i + 2] << 16) | (imms[i + 3] << 24))
    : imms;
  return (deterministic ? simdExecDeterministic : simdExec)(code, words, next, Int32Array.from(immWords), 0);
}

let currentMemory: Uint8Array = new Uint8Array(0);

/** A SIMD load: memarg atoms (offset=, align=), the lane index for lane loads, then the operands. */
function evaluateLoad(e: SExpr[], hasLane: boolean, code: number, args: Uint8Array[], params: string[], constBits: Map<string, Uint8Array>, sp: number, deterministic: boolean): number {
  let i = 1;
  let offset = 0;
  for (; typeof e[i] === "string" && /^(offset|align)=/.test(e[i] as string); i++) {
    if ((e[i] as string).startsWith("offset=")) offset = Number((e[i] as string).slice(7).replace(/_/g, ""));
  }
  const lane = hasLane ? Number(e[i++]) : 0;
  let next = sp;
  for (const arg of e.slice(i)) next = evaluate(arg, args, params, constBits, next, deterministic);
  const ea = (words[2 * simdAddressSlot(code, next)] >>> 0) + offset;
  if (ea + SIMD_ACCESS_BYTES[code & 0xff] > currentMemory.length) throw new Unsupported("trap");
  return simdMemoryExec(code, currentMemory, ea, words, next, lane);
}

/** The bytes of a wast string literal. */
function stringBytes(literal: string): number[] {
  const out: number[] = [];
  const body = literal.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\") { out.push(...Buffer.from(ch, "utf8")); continue; }
    const esc = body[++i];
    if (/[0-9a-fA-F]/.test(esc)) { out.push(parseInt(body.slice(i, i + 2), 16)); i++; }
    else out.push(({ n: 10, t: 9, r: 13 } as Record<string, number>)[esc] ?? esc.charCodeAt(0));
  }
  return out;
}

/** Linear memory of a module form: (memory n) and active (data (i32.const x) "…") segments. */
function moduleMemory(form: SExpr[]): Uint8Array {
  let memory: Uint8Array = new Uint8Array(0);
  for (const part of form) {
    if (typeof part === "string") continue;
    if (part[0] === "memory" && typeof part[1] === "string" && /^\d+$/.test(part[1])) memory = new Uint8Array(65536 * Number(part[1]));
    if (part[0] === "data" && typeof part[1] !== "string") {
      // (data (i32.const x) …) or (data (offset (i32.const x)) …)
      const offsetExpr = part[1][0] === "offset" ? part[1][1] : part[1];
      if (typeof offsetExpr === "string" || offsetExpr[0] !== "i32.const") continue;
      let at = Number(offsetExpr[1]);
      for (const lit of part.slice(2)) for (const b of stringBytes(lit as string)) memory[at++] = b;
    }
  }
  return memory;
}

function laneBits(bytes: Uint8Array, at: number, width: number): bigint {
  let bits = 0n;
  for (let i = width - 1; i >= 0; i--) bits = (bits << 8n) | BigInt(bytes[at + i]);
  return bits;
}

/** Checks `actual` against an expected result form (with nan:canonical / nan:arithmetic lanes). */
function matches(expected: SExpr[], expectedBits: Uint8Array, actual: Uint8Array): boolean {
  const head = expected[0];
  const width = head === "f32.const" || (head === "v128.const" && expected[1] === "f32x4") ? 4
    : head === "f64.const" || (head === "v128.const" && expected[1] === "f64x2") ? 8 : 0;
  if (width === 0) return Buffer.compare(Buffer.from(expectedBits), Buffer.from(actual)) === 0;
  const lanes = head === "v128.const" ? expected.slice(2) : expected.slice(1);
  for (let k = 0; k < lanes.length; k++) {
    const got = laneBits(actual, k * width, width);
    const mag = width === 4 ? got & 0x7fffffffn : got & 0x7fffffffffffffffn;
    const inf = width === 4 ? 0x7f800000n : 0x7ff0000000000000n;
    const quiet = width === 4 ? 0x400000n : 0x8000000000000n;
    if (lanes[k] === "nan:canonical") { if (mag !== (inf | quiet)) return false; }
    else if (lanes[k] === "nan:arithmetic") { if (!(mag > inf && (mag & quiet) !== 0n)) return false; }
    else if (got !== laneBits(expectedBits, k * width, width)) return false;
  }
  return true;
}

interface FileResult { file: string; funcs: number; asserts: number; failures: string[] }

async function runFile(file: string, wabt: Awaited<ReturnType<typeof import("wabt")>>): Promise<FileResult> {
  const forms = parseSexprs(readFileSync(join(SPEC_DIR, file), "utf8"));
  let funcs = new Map<string, Func>();
  const checks: { func: Func; args: SExpr[]; expected: SExpr[]; what: string }[] = [];
  let funcCount = 0;
  for (const form of forms) {
    if (typeof form === "string") continue;
    if (form[0] === "module") {
      funcs = new Map();
      if (form[1] === "binary" || form[1] === "quote") continue;
      const memory = moduleMemory(form);
      for (const part of form.slice(1)) {
        if (typeof part !== "string" && part[0] === "func") {
          const f = evaluableFunc(part, memory);
          if (f !== undefined) { funcs.set(f.name, f.func); funcCount++; }
        }
      }
    } else {
      // Any call we do not evaluate may write memory (stores): later loads of this module are
      // then no longer predictable without it, so the module's remaining checks are skipped.
      const invoke = form[0] === "invoke" ? form : form[1];
      if (typeof invoke === "string" || invoke[0] !== "invoke") continue;
      const func = funcs.get(JSON.parse(invoke[1] as string) as string);
      if (func === undefined || form[0] !== "assert_return" || form.length !== 3) { funcs = new Map(); continue; }
      checks.push({ func, args: invoke.slice(2), expected: form[2] as SExpr[], what: show(form) });
    }
  }
  // Constant bits via wabt + V8: one exported function per distinct constant stores it at 0.
  const texts = new Set<string>();
  for (const c of checks) { constTexts(c.func.body, texts); for (const a of c.args) constTexts(a, texts); constTexts(c.expected, texts); }
  const list = [...texts];
  const constBits = new Map<string, Uint8Array>();
  if (list.length > 0) {
    const wat = `(module (memory (export "m") 1)\n${list.map((t, i) => {
      const type = t.slice(1, t.indexOf("."));
      return `(func (export "c${i}") (${type}.store (i32.const 0) ${t}))`;
    }).join("\n")})`;
    const bin = wabt.parseWat(`${file}-consts.wat`, wat, { simd: true }).toBinary({}).buffer;
    const { instance } = await WA.instantiate(bin);
    const mem = new Uint8Array((instance.exports.m as { buffer: ArrayBuffer }).buffer);
    list.forEach((t, i) => {
      (instance.exports[`c${i}`] as () => void)();
      const size = t.startsWith("(v128") ? 16 : t.startsWith("(i64") || t.startsWith("(f64") ? 8 : 4;
      constBits.set(t, mem.slice(0, size));
    });
  }
  const failures: string[] = [];
  let asserts = 0;
  for (const c of checks) {
    const args = c.args.map((a) => constBits.get(show(stripPatterns(a as SExpr[]))) as Uint8Array);
    const expectedBits = constBits.get(show(stripPatterns(c.expected))) as Uint8Array;
    for (const deterministic of [false, true]) {
      words.fill(0x33333333);
      currentMemory = c.func.memory;
      let sp: number;
      try {
        sp = evaluate(c.func.body, args, c.func.params, constBits, 0, deterministic);
      } catch (e) {
        if (e instanceof Unsupported) break;
        throw e;
      }
      const size = c.func.result === "v128" ? 16 : c.func.result === "i64" || c.func.result === "f64" ? 8 : 4;
      const expectedSp = c.func.result === "v128" ? 2 : 1;
      const actual = bytesView.slice(0, size);
      if (sp !== expectedSp || !matches(c.expected, expectedBits, actual)) {
        failures.push(`${file}${deterministic ? " (deterministic)" : ""}: ${c.what} → sp ${sp}, ${[...actual].map((x) => x.toString(16).padStart(2, "0")).join("")}`);
      }
      if (!deterministic) asserts++;
    }
  }
  return { file, funcs: funcCount, asserts, failures };
}

test("SIMD helpers pass the spec suite's assert_return expectations of the simd_*.wast files", { skip: !existsSync(SPEC_DIR) }, async () => {
  const wabt = await (await import("wabt")).default();
  const files = readdirSync(SPEC_DIR).filter((f) => f.startsWith("simd_") && f.endsWith(".wast")).sort();
  let total = 0;
  let funcsTotal = 0;
  const failures: string[] = [];
  const perFile: string[] = [];
  for (const file of files) {
    const r = await runFile(file, wabt);
    total += r.asserts;
    funcsTotal += r.funcs;
    failures.push(...r.failures);
    if (r.asserts > 0) perFile.push(`${file.replace(/^simd_|\.wast$/g, "")}:${r.asserts}`);
  }
  console.log(`# spec SIMD expectations: ${total} assert_return checked in ${perFile.length} files (${funcsTotal} evaluable functions)`);
  console.log(`# ${perFile.join(" ")}`);
  assert.deepEqual(failures.slice(0, 20), []);
  assert.ok(total > 20000, `only ${total} assertions checked`);
});

