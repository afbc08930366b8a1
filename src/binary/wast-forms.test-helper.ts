// Test support only: a tiny splitter for .wast scripts, enough to pull out module forms (text and
// `binary`) and the assertion around them. The real .wast parser lives in spec-tests/, which
// src/ must not import; this one only needs top-level forms and string literals.

export interface WastModuleForm {
  /** "module" for a top-level module, else the assertion around it (e.g. "assert_malformed"). */
  readonly context: string;
  readonly kind: "text" | "binary" | "quote";
  /** Text form: the full `(module ...)` text. Binary/quote: the concatenated string bytes. */
  readonly text: string;
  readonly bytes: Uint8Array | undefined;
  /** The expected message of an assertion, when it has one. */
  readonly message: string | undefined;
  /** 1-based line of the form in the script. */
  readonly line: number;
}

/** Top-level S-expressions of a script, skipping comments. */
export function topLevelForms(text: string): { text: string; line: number }[] {
  const forms: { text: string; line: number }[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === "\n") { line++; i++; continue; }
    if (ch === ";" && text[i + 1] === ";") { while (i < n && text[i] !== "\n") i++; continue; }
    if (ch === "(" && text[i + 1] === ";") { const [j, lines] = skipBlockComment(text, i); i = j; line += lines; continue; }
    if (ch === "(") {
      const start = i;
      const startLine = line;
      const end = matchParen(text, i);
      for (let k = start; k < end; k++) if (text[k] === "\n") line++;
      forms.push({ text: text.slice(start, end), line: startLine });
      i = end;
      continue;
    }
    i++;
  }
  return forms;
}

function skipBlockComment(text: string, i: number): [number, number] {
  let depth = 0;
  let lines = 0;
  while (i < text.length) {
    if (text[i] === "(" && text[i + 1] === ";") { depth++; i += 2; continue; }
    if (text[i] === ";" && text[i + 1] === ")") { depth--; i += 2; if (depth === 0) return [i, lines]; continue; }
    if (text[i] === "\n") lines++;
    i++;
  }
  return [i, lines];
}

/** Index one past the parenthesis matching the one at `i`. */
function matchParen(text: string, i: number): number {
  let depth = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < n && text[i] !== '"') { if (text[i] === "\\") i++; i++; }
      i++;
      continue;
    }
    if (ch === ";" && text[i + 1] === ";") { while (i < n && text[i] !== "\n") i++; continue; }
    if (ch === "(" && text[i + 1] === ";") { i = skipBlockComment(text, i)[0]; continue; }
    if (ch === "(") depth++;
    else if (ch === ")") { depth--; if (depth === 0) return i + 1; }
    i++;
  }
  return n;
}

/** Child forms (parenthesised) and atoms of one S-expression, shallowly. */
function children(form: string): string[] {
  const out: string[] = [];
  let i = 1;
  const n = form.length - 1;
  while (i < n) {
    const ch = form[i];
    if (ch === " " || ch === "\n" || ch === "\t" || ch === "\r") { i++; continue; }
    if (ch === ";" && form[i + 1] === ";") { while (i < n && form[i] !== "\n") i++; continue; }
    if (ch === "(" && form[i + 1] === ";") { i = skipBlockComment(form, i)[0]; continue; }
    if (ch === "(") { const end = matchParen(form, i); out.push(form.slice(i, end)); i = end; continue; }
    if (ch === '"') {
      const start = i;
      i++;
      while (i < n && form[i] !== '"') { if (form[i] === "\\") i++; i++; }
      i++;
      out.push(form.slice(start, i));
      continue;
    }
    const start = i;
    while (i < n && !/[\s()]/.test(form[i])) i++;
    out.push(form.slice(start, i));
  }
  return out;
}

/** The bytes of a wast string literal (without its quotes' meaning lost: escapes decoded, text as UTF-8). */
export function stringBytes(literal: string): number[] {
  const body = literal.slice(1, -1);
  const out: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== "\\") {
      const cp = body.codePointAt(i) ?? 0;
      if (cp < 0x80) out.push(cp);
      else {
        const s = String.fromCodePoint(cp);
        for (const b of encoder.encode(s)) out.push(b);
        if (cp > 0xffff) i++;
      }
      continue;
    }
    const e = body[++i];
    switch (e) {
      case "n": out.push(10); break;
      case "t": out.push(9); break;
      case "r": out.push(13); break;
      case "\\": out.push(92); break;
      case "'": out.push(39); break;
      case '"': out.push(34); break;
      case "u": {
        const close = body.indexOf("}", i);
        const cp = parseInt(body.slice(i + 2, close), 16);
        for (const b of encoder.encode(String.fromCodePoint(cp))) out.push(b);
        i = close;
        break;
      }
      default:
        out.push(parseInt(body.slice(i, i + 2), 16));
        i++;
    }
  }
  return out;
}

const MODULE_ASSERTIONS = new Set(["assert_malformed", "assert_invalid", "assert_unlinkable", "assert_uninstantiable", "assert_trap"]);

/** Every module form of a script: top-level ones and those inside module assertions. */
export function moduleForms(script: string): WastModuleForm[] {
  const out: WastModuleForm[] = [];
  for (const { text, line } of topLevelForms(script)) {
    const head = /^\(\s*([a-z_]+)/.exec(text)?.[1] ?? "";
    if (head === "module") {
      out.push(parseModule(text, "module", undefined, line));
    } else if (MODULE_ASSERTIONS.has(head)) {
      const parts = children(text);
      const inner = parts[1];
      if (inner === undefined || !/^\(\s*module\b/.test(inner)) continue;
      const last = parts[parts.length - 1];
      const message = last.startsWith('"') ? new TextDecoder().decode(new Uint8Array(stringBytes(last))) : undefined;
      out.push(parseModule(inner, head, message, line));
    }
  }
  return out;
}

function parseModule(text: string, context: string, message: string | undefined, line: number): WastModuleForm {
  const parts = children(text);
  let k = 1;
  if (parts[k]?.startsWith("$")) k++;
  if (parts[k] === "binary" || parts[k] === "quote") {
    const kind = parts[k] as "binary" | "quote";
    const bytes: number[] = [];
    for (const p of parts.slice(k + 1)) if (p.startsWith('"')) for (const b of stringBytes(p)) bytes.push(b);
    const arr = new Uint8Array(bytes);
    return { context, kind, text: kind === "quote" ? new TextDecoder().decode(arr) : text, bytes: kind === "binary" ? arr : undefined, message, line };
  }
  return { context, kind: "text", text, bytes: undefined, message, line };
}
