// The .wast script parser: S-expressions over the file's bytes, then commands, constants and result patterns.
// Our own parser (no library) so every literal gets exact bits: the suite's float_literals.wast and the
// NaN-payload tests need correctly rounded, bit-exact values that JS's Number parsing cannot give for f32.
// The source is handled as a latin1 string (one char per byte) because wast strings are byte strings and
// text modules are handed to wabt as the exact bytes of their source slice.

import { Buffer } from "node:buffer";
import { parseFloatBits, parseIntLiteral } from "./wast-literals.ts";

export { parseFloatBits, parseFloatBitsExact, parseIntLiteral } from "./wast-literals.ts";

export class WastSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.name = "WastSyntaxError";
    this.line = line;
  }
}

// ---------------------------------------------------------------- S-expressions

export interface SAtom { readonly kind: "atom"; readonly text: string; readonly start: number; readonly line: number }
export interface SString { readonly kind: "string"; readonly bytes: Uint8Array; readonly start: number; readonly line: number }
export interface SList { readonly kind: "list"; readonly items: SExpr[]; readonly start: number; end: number; readonly line: number }
export type SExpr = SAtom | SString | SList;

const CH_LPAREN = 0x28, CH_RPAREN = 0x29, CH_QUOTE = 0x22, CH_SEMI = 0x3b, CH_NL = 0x0a, CH_CR = 0x0d, CH_BACKSLASH = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === CH_NL || c === CH_CR;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
}

/** Reads all top-level S-expressions of `src` (a latin1 string: one char per source byte). */
export function parseSExprs(src: string): SList[] {
  const top: SList[] = [];
  const stack: SList[] = [];
  let pos = 0;
  let line = 1;
  const n = src.length;
  while (pos < n) {
    const c = src.charCodeAt(pos);
    if (c === CH_NL) { line++; pos++; continue; }
    if (isSpace(c)) { pos++; continue; }
    if (c === CH_SEMI && src.charCodeAt(pos + 1) === CH_SEMI) {
      // Line comment: up to the end of the line (a lone CR also ends it, as in the spec's lexer).
      while (pos < n && src.charCodeAt(pos) !== CH_NL && src.charCodeAt(pos) !== CH_CR) pos++;
      continue;
    }
    if (c === CH_LPAREN && src.charCodeAt(pos + 1) === CH_SEMI) {
      const startLine = line;
      let depth = 1;
      pos += 2;
      while (depth > 0) {
        if (pos >= n) throw new WastSyntaxError("unterminated block comment", startLine);
        const d = src.charCodeAt(pos);
        if (d === CH_LPAREN && src.charCodeAt(pos + 1) === CH_SEMI) { depth++; pos += 2; }
        else if (d === CH_SEMI && src.charCodeAt(pos + 1) === CH_RPAREN) { depth--; pos += 2; }
        else { if (d === CH_NL) line++; pos++; }
      }
      continue;
    }
    if (c === CH_LPAREN) {
      const list: SList = { kind: "list", items: [], start: pos, end: -1, line };
      if (stack.length > 0) stack[stack.length - 1]!.items.push(list);
      stack.push(list);
      pos++;
      continue;
    }
    if (c === CH_RPAREN) {
      const list = stack.pop();
      if (list === undefined) throw new WastSyntaxError("unbalanced ')'", line);
      pos++;
      list.end = pos;
      if (stack.length === 0) top.push(list);
      continue;
    }
    if (stack.length === 0) throw new WastSyntaxError(`unexpected token at top level`, line);
    if (c === CH_QUOTE) {
      const startLine = line;
      const start = pos;
      pos++;
      const bytes: number[] = [];
      for (;;) {
        if (pos >= n) throw new WastSyntaxError("unterminated string", startLine);
        const d = src.charCodeAt(pos);
        if (d === CH_QUOTE) { pos++; break; }
        if (d === CH_NL) throw new WastSyntaxError("newline in string", line);
        if (d !== CH_BACKSLASH) { bytes.push(d); pos++; continue; }
        const e = src.charCodeAt(pos + 1);
        pos += 2;
        switch (e) {
          case 0x6e: bytes.push(0x0a); break; // \n
          case 0x74: bytes.push(0x09); break; // \t
          case 0x72: bytes.push(0x0d); break; // \r
          case 0x22: bytes.push(0x22); break; // \"
          case 0x27: bytes.push(0x27); break; // \'
          case 0x5c: bytes.push(0x5c); break; // \\
          case 0x75: { // \u{hex}
            if (src.charCodeAt(pos) !== 0x7b) throw new WastSyntaxError("malformed \\u escape", line);
            const close = src.indexOf("}", pos);
            if (close < 0) throw new WastSyntaxError("malformed \\u escape", line);
            const hex = src.slice(pos + 1, close).replace(/_/g, "");
            if (!/^[0-9a-fA-F]+$/.test(hex)) throw new WastSyntaxError("malformed \\u escape", line);
            const cp = parseInt(hex, 16);
            if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw new WastSyntaxError("invalid code point in \\u escape", line);
            pushUtf8(bytes, cp);
            pos = close + 1;
            break;
          }
          default: {
            const hi = hexDigit(e), lo = hexDigit(src.charCodeAt(pos));
            if (hi < 0 || lo < 0) throw new WastSyntaxError(`invalid escape in string`, line);
            bytes.push(hi * 16 + lo);
            pos++;
          }
        }
      }
      stack[stack.length - 1]!.items.push({ kind: "string", bytes: Uint8Array.from(bytes), start, line: startLine });
      continue;
    }
    // An atom: keyword, number, $id — everything up to a delimiter.
    const start = pos;
    while (pos < n) {
      const d = src.charCodeAt(pos);
      if (isSpace(d) || d === CH_LPAREN || d === CH_RPAREN || d === CH_QUOTE) break;
      if (d === CH_SEMI && src.charCodeAt(pos + 1) === CH_SEMI) break;
      pos++;
    }
    stack[stack.length - 1]!.items.push({ kind: "atom", text: src.slice(start, pos), start, line });
  }
  if (stack.length > 0) throw new WastSyntaxError("unclosed '('", stack[stack.length - 1]!.line);
  return top;
}

// ---------------------------------------------------------------- script data

export type NanKind = "canonical" | "arithmetic";
export type V128Shape = "i8x16" | "i16x8" | "i32x4" | "i64x2" | "f32x4" | "f64x2";

/** An argument value, exact bits; the same shape as the engine's WasmValue except host references (by number). */
export type WastValue =
  | { type: "i32"; value: number }
  | { type: "i64"; value: bigint }
  | { type: "f32"; bits: number }
  | { type: "f64"; bits: bigint }
  | { type: "v128"; bytes: Uint8Array }
  | { type: "funcref"; ref: null }
  | { type: "externref"; ref: number | null };

/** One lane of an expected v128: exact (unsigned) bits or a NaN class. */
export type LanePattern = { bits: bigint } | { nan: NanKind };

export type Expected =
  | { type: "i32"; value: number }
  | { type: "i64"; value: bigint }
  | { type: "f32"; bits: number }
  | { type: "f64"; bits: bigint }
  | { type: "f32" | "f64"; nan: NanKind }
  | { type: "v128"; shape: V128Shape; lanes: LanePattern[] }
  /** ref: null = the null reference; a number = that host reference; "any" = any non-null reference. */
  | { type: "funcref"; ref: null | "any" }
  | { type: "externref"; ref: null | number | "any" }
  | { type: "either"; options: Expected[] };

export type ModuleSource =
  /** `text` is the exact latin1 source of a `(module …)` form (or a synthesized one for the implicit module). */
  | { type: "text"; text: string }
  | { type: "binary"; bytes: Uint8Array }
  /** The concatenated strings of `module quote`, wrapped in `(module …)` when they are only fields. */
  | { type: "quote"; text: string };

export interface WastModule { readonly name: string | undefined; readonly source: ModuleSource; readonly line: number }

export type Action =
  | { type: "invoke"; module: string | undefined; name: string; args: WastValue[] }
  | { type: "get"; module: string | undefined; name: string };

export type Command =
  | { kind: "module"; line: number; module: WastModule }
  | { kind: "register"; line: number; as: string; module: string | undefined }
  | { kind: "action"; line: number; action: Action }
  | { kind: "assert_return"; line: number; action: Action; expected: Expected[] }
  | { kind: "assert_trap"; line: number; action: Action; message: string }
  | { kind: "assert_trap_module"; line: number; module: WastModule; message: string }
  | { kind: "assert_exhaustion"; line: number; action: Action; message: string }
  | { kind: "assert_invalid" | "assert_malformed"; line: number; module: WastModule; message: string }
  | { kind: "assert_unlinkable" | "assert_uninstantiable"; line: number; module: WastModule; message: string };

export interface WastScript { readonly commands: Command[] }

// ---------------------------------------------------------------- commands

const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
// ignoreBOM: a name may start with U+FEFF (names.wast), which the default decoder would drop.
const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true });

function atomText(e: SExpr | undefined): string | undefined {
  return e !== undefined && e.kind === "atom" ? e.text : undefined;
}

function headOf(list: SList): string | undefined {
  return atomText(list.items[0]);
}

function expectString(e: SExpr | undefined, line: number, what: string): Uint8Array {
  if (e === undefined || e.kind !== "string") throw new WastSyntaxError(`expected ${what} string`, line);
  return e.bytes;
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** True when `text` (after whitespace and comments) starts with `(module`. */
function startsWithModuleForm(text: string): boolean {
  try {
    const forms = parseSExprs(text);
    return forms.length === 1 && headOf(forms[0]!) === "module";
  } catch {
    return /^\s*\(\s*module\b/.test(text);
  }
}

function parseModule(list: SList, src: string): WastModule {
  const items = list.items;
  let i = 1;
  let name: string | undefined;
  const second = atomText(items[1]);
  if (second !== undefined && second.startsWith("$")) { name = second; i = 2; }
  const mode = atomText(items[i]);
  if (mode === "binary" || mode === "quote") {
    const parts: Uint8Array[] = [];
    for (let j = i + 1; j < items.length; j++) parts.push(expectString(items[j], list.line, `module ${mode}`));
    const bytes = concatBytes(parts);
    if (mode === "binary") return { name, source: { type: "binary", bytes }, line: list.line };
    const text = latin1(bytes);
    return { name, source: { type: "quote", text: startsWithModuleForm(text) ? text : `(module ${text})` }, line: list.line };
  }
  return { name, source: { type: "text", text: src.slice(list.start, list.end) }, line: list.line };
}

function parseAction(e: SExpr | undefined, line: number): Action {
  if (e === undefined || e.kind !== "list") throw new WastSyntaxError("expected an action", line);
  const head = headOf(e);
  let i = 1;
  let module: string | undefined;
  const maybeId = atomText(e.items[1]);
  if (maybeId !== undefined && maybeId.startsWith("$")) { module = maybeId; i = 2; }
  const name = utf8Decoder.decode(expectString(e.items[i], e.line, "export name"));
  if (head === "invoke") {
    const args: WastValue[] = [];
    for (let j = i + 1; j < e.items.length; j++) args.push(parseValue(e.items[j]!, e.line));
    return { type: "invoke", module, name, args };
  }
  if (head === "get") return { type: "get", module, name };
  throw new WastSyntaxError(`unknown action '${head ?? "?"}'`, e.line);
}

function listArgs(e: SExpr, line: number): { head: string; args: SExpr[]; line: number } {
  if (e.kind !== "list") throw new WastSyntaxError("expected a constant", line);
  const head = headOf(e);
  if (head === undefined) throw new WastSyntaxError("expected a constant", e.line);
  return { head, args: e.items.slice(1), line: e.line };
}

function numAtom(args: SExpr[], index: number, line: number): string {
  const t = atomText(args[index]);
  if (t === undefined) throw new WastSyntaxError("expected a number", line);
  return t;
}

const LANES: Record<V128Shape, { count: number; bits: 8 | 16 | 32 | 64; float: boolean }> = {
  i8x16: { count: 16, bits: 8, float: false },
  i16x8: { count: 8, bits: 16, float: false },
  i32x4: { count: 4, bits: 32, float: false },
  i64x2: { count: 2, bits: 64, float: false },
  f32x4: { count: 4, bits: 32, float: true },
  f64x2: { count: 2, bits: 64, float: true },
};

function isShape(s: string | undefined): s is V128Shape {
  return s !== undefined && Object.prototype.hasOwnProperty.call(LANES, s);
}

function nanPattern(text: string): NanKind | undefined {
  if (text === "nan:canonical") return "canonical";
  if (text === "nan:arithmetic") return "arithmetic";
  return undefined;
}

/** Lane bit patterns (unsigned) of a v128.const, or NaN classes where `allowNan`. */
function parseLanes(args: SExpr[], line: number, allowNan: boolean): { shape: V128Shape; lanes: LanePattern[] } {
  const shape = atomText(args[0]);
  if (!isShape(shape)) throw new WastSyntaxError(`bad v128 shape '${shape ?? "?"}'`, line);
  const { count, bits, float } = LANES[shape];
  if (args.length !== count + 1) throw new WastSyntaxError(`v128.const ${shape} needs ${count} lanes`, line);
  const lanes: LanePattern[] = [];
  for (let k = 0; k < count; k++) {
    const text = numAtom(args, k + 1, line);
    const nan = allowNan && float ? nanPattern(text) : undefined;
    if (nan !== undefined) { lanes.push({ nan }); continue; }
    const intBits = float ? undefined : parseIntLiteral(text, bits);
    const laneBits = float ? parseFloatBits(text, bits as 32 | 64) : intBits === undefined ? undefined : BigInt.asUintN(bits, intBits);
    if (laneBits === undefined) throw new WastSyntaxError(`bad ${shape} lane '${text}'`, line);
    lanes.push({ bits: laneBits });
  }
  return { shape, lanes };
}

function lanesToBytes(shape: V128Shape, lanes: LanePattern[]): Uint8Array {
  const { bits } = LANES[shape];
  const bytes = new Uint8Array(16);
  const laneBytes = bits / 8;
  lanes.forEach((lane, k) => {
    if (!("bits" in lane)) throw new Error("NaN pattern in a v128 argument");
    let v = lane.bits;
    for (let b = 0; b < laneBytes; b++) { bytes[k * laneBytes + b] = Number(v & 0xffn); v >>= 8n; }
  });
  return bytes;
}

function intOrThrow(text: string, bits: 32 | 64, line: number): bigint {
  const v = parseIntLiteral(text, bits);
  if (v === undefined) throw new WastSyntaxError(`bad i${bits} literal '${text}'`, line);
  return v;
}

function floatOrThrow(text: string, bits: 32 | 64, line: number): bigint {
  const v = parseFloatBits(text, bits);
  if (v === undefined) throw new WastSyntaxError(`bad f${bits} literal '${text}'`, line);
  return v;
}

export function parseValue(e: SExpr, line: number): WastValue {
  const { head, args, line: l } = listArgs(e, line);
  switch (head) {
    case "i32.const": return { type: "i32", value: Number(intOrThrow(numAtom(args, 0, l), 32, l)) };
    case "i64.const": return { type: "i64", value: intOrThrow(numAtom(args, 0, l), 64, l) };
    case "f32.const": return { type: "f32", bits: Number(floatOrThrow(numAtom(args, 0, l), 32, l)) };
    case "f64.const": return { type: "f64", bits: floatOrThrow(numAtom(args, 0, l), 64, l) };
    case "v128.const": {
      const { shape, lanes } = parseLanes(args, l, false);
      return { type: "v128", bytes: lanesToBytes(shape, lanes) };
    }
    case "ref.null": {
      const t = atomText(args[0]);
      if (t === "func" || t === "funcref") return { type: "funcref", ref: null };
      if (t === "extern" || t === "externref") return { type: "externref", ref: null };
      throw new WastSyntaxError(`unsupported ref.null ${t ?? ""}`, l);
    }
    case "ref.extern": return { type: "externref", ref: Number(intOrThrow(numAtom(args, 0, l), 32, l)) >>> 0 };
    default: throw new WastSyntaxError(`unsupported constant '${head}'`, l);
  }
}

export function parseExpected(e: SExpr, line: number): Expected {
  const { head, args, line: l } = listArgs(e, line);
  switch (head) {
    case "f32.const":
    case "f64.const": {
      const type = head === "f32.const" ? "f32" : "f64";
      const text = numAtom(args, 0, l);
      const nan = nanPattern(text);
      if (nan !== undefined) return { type, nan };
      const bits = floatOrThrow(text, type === "f32" ? 32 : 64, l);
      return type === "f32" ? { type, bits: Number(bits) } : { type, bits };
    }
    case "v128.const": {
      const { shape, lanes } = parseLanes(args, l, true);
      return { type: "v128", shape, lanes };
    }
    case "ref.func": return { type: "funcref", ref: "any" };
    case "ref.extern":
      if (args.length === 0) return { type: "externref", ref: "any" };
      return { type: "externref", ref: Number(intOrThrow(numAtom(args, 0, l), 32, l)) >>> 0 };
    case "either": return { type: "either", options: args.map((a) => parseExpected(a, l)) };
    default: {
      const v = parseValue(e, l);
      if (v.type === "v128") throw new Error("unreachable: v128 handled above");
      return v;
    }
  }
}

const MODULE_FIELDS = new Set(["type", "import", "func", "table", "memory", "global", "export", "start", "elem", "data"]);

function messageOf(e: SExpr | undefined, line: number): string {
  return utf8Decoder.decode(expectString(e, line, "message"));
}

function moduleArg(e: SExpr | undefined, line: number, src: string): WastModule {
  if (e === undefined || e.kind !== "list" || headOf(e) !== "module") throw new WastSyntaxError("expected a module", line);
  return parseModule(e, src);
}

/** Parses a whole .wast script; `source` is the file's bytes (or a latin1 string of them). */
export function parseWast(source: Uint8Array | string): WastScript {
  const src = typeof source === "string" ? source : latin1(source);
  const forms = parseSExprs(src);
  const commands: Command[] = [];
  // Bare module fields at top level form the implicit module (inline-module.wast).
  let implicitFields: SList[] = [];
  const flushImplicit = (): void => {
    if (implicitFields.length === 0) return;
    const text = `(module ${implicitFields.map((f) => src.slice(f.start, f.end)).join(" ")})`;
    commands.push({ kind: "module", line: implicitFields[0]!.line, module: { name: undefined, source: { type: "text", text }, line: implicitFields[0]!.line } });
    implicitFields = [];
  };
  for (const form of forms) {
    const head = headOf(form);
    const line = form.line;
    const items = form.items;
    if (head !== undefined && MODULE_FIELDS.has(head)) { implicitFields.push(form); continue; }
    flushImplicit();
    switch (head) {
      case "module":
        commands.push({ kind: "module", line, module: parseModule(form, src) });
        break;
      case "register": {
        const as = utf8Decoder.decode(expectString(items[1], line, "register name"));
        const id = atomText(items[2]);
        commands.push({ kind: "register", line, as, module: id });
        break;
      }
      case "invoke":
      case "get":
        commands.push({ kind: "action", line, action: parseAction(form, line) });
        break;
      case "assert_return":
        commands.push({ kind: "assert_return", line, action: parseAction(items[1], line), expected: items.slice(2).map((e) => parseExpected(e, line)) });
        break;
      case "assert_trap": {
        const target = items[1];
        if (target !== undefined && target.kind === "list" && headOf(target) === "module") {
          commands.push({ kind: "assert_trap_module", line, module: parseModule(target, src), message: messageOf(items[2], line) });
        } else {
          commands.push({ kind: "assert_trap", line, action: parseAction(target, line), message: messageOf(items[2], line) });
        }
        break;
      }
      case "assert_exhaustion":
        commands.push({ kind: "assert_exhaustion", line, action: parseAction(items[1], line), message: messageOf(items[2], line) });
        break;
      case "assert_invalid":
      case "assert_malformed":
      case "assert_unlinkable":
      case "assert_uninstantiable":
        commands.push({ kind: head, line, module: moduleArg(items[1], line, src), message: messageOf(items[2], line) });
        break;
      default:
        throw new WastSyntaxError(`unknown command '${head ?? "?"}'`, line);
    }
  }
  flushImplicit();
  return { commands };
}
