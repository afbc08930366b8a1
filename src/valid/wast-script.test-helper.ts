// Test support only: a minimal splitter for .wast scripts (top-level forms, string literals, module
// kinds), shared by the suite-driven tests of this folder so that they do not depend on the
// spec-tests/ runner (src/ must not import it).

/** Top-level parenthesised forms of a .wast script (read as latin1, so that every character is
 *  one source byte and names.wast's raw UTF-8 reaches wabt unchanged), as source substrings. Skips comments and
 *  strings while matching parentheses. */
export function splitForms(text: string, from = 0, to = text.length): string[] {
  const forms: string[] = [];
  let depth = 0;
  let formStart = -1;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < to && text[i] !== '"') { if (text[i] === "\\") i++; i++; }
    } else if (c === ";" && text[i + 1] === ";") {
      while (i < to && text[i] !== "\n") i++;
    } else if (c === "(" && text[i + 1] === ";") {
      let nest = 1;
      i += 2;
      while (i < to && nest > 0) {
        if (text[i] === "(" && text[i + 1] === ";") { nest++; i += 2; }
        else if (text[i] === ";" && text[i + 1] === ")") { nest--; i += 2; }
        else i++;
      }
      i--;
    } else if (c === "(") {
      if (depth === 0) formStart = i;
      depth++;
    } else if (c === ")") {
      depth--;
      if (depth === 0) forms.push(text.slice(formStart, i + 1));
    }
  }
  return forms;
}

/** The string literals directly inside a form (not inside nested forms), decoded to bytes. */
export function stringLiterals(form: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  let depth = 0;
  for (let i = 0; i < form.length; i++) {
    const c = form[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === '"') {
      const bytes: number[] = [];
      i++;
      while (form[i] !== '"') {
        if (form[i] === "\\") {
          const e = form[i + 1];
          if (/[0-9a-fA-F]/.test(e)) { bytes.push(parseInt(form.slice(i + 1, i + 3), 16)); i += 3; continue; }
          if (e === "u") {
            const close = form.indexOf("}", i);
            bytes.push(...Buffer.from(String.fromCodePoint(parseInt(form.slice(i + 3, close), 16)), "utf8"));
            i = close + 1;
            continue;
          }
          const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "'": 39, "\\": 92 };
          bytes.push(simple[e]);
          i += 2;
          continue;
        }
        // The script is read as latin1: one character per source byte.
        bytes.push(form.charCodeAt(i));
        i++;
      }
      if (depth === 1) out.push(Uint8Array.from(bytes));
    }
  }
  return out;
}

export function headWord(form: string): string {
  const m = /^\(\s*([^\s()]+)/.exec(form);
  return m === null ? "" : m[1];
}

/** A module form's kind and, for binary modules, its bytes. */
export function moduleKind(form: string): "text" | "binary" | "quote" {
  const m = /^\(\s*module(\s+\$[^\s()]+)?\s+(binary|quote)\b/.exec(form);
  return m === null ? "text" : m[2] === "binary" ? "binary" : "quote";
}
