// Modules for the decode benchmark taken from the official spec suite: the top-level text
// `(module …)` forms of the .wast scripts (those that must be valid), assembled with wabt. Binary
// and quoted modules and modules nested in assertions are left out — the point is large, valid
// input, and the biggest modules of the suite are text modules.

import { fileURLToPath } from "node:url";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const SPEC_SUITE_DIRECTORY = fileURLToPath(new URL("../../shared/spec/wasm-2.0", import.meta.url));

/** The source text of each top-level `(module …)` form of a .wast script that is written as text
 *  (not `(module binary …)`, `(module quote …)` or `(module definition …)`). */
export function topLevelTextModules(script: string): string[] {
  const modules: string[] = [];
  let depth = 0;
  let formStart = -1;
  let index = 0;
  while (index < script.length) {
    const char = script[index]!;
    if (char === ";" && script[index + 1] === ";") {
      const end = script.indexOf("\n", index);
      index = end < 0 ? script.length : end + 1;
    } else if (char === "(" && script[index + 1] === ";") {
      index = skipBlockComment(script, index);
    } else if (char === '"') {
      index = skipString(script, index);
    } else if (char === "(") {
      if (depth === 0) formStart = index;
      depth++;
      index++;
    } else if (char === ")") {
      depth--;
      index++;
      if (depth === 0 && formStart >= 0) {
        const form = script.slice(formStart, index);
        if (isTextModule(form)) modules.push(form);
        formStart = -1;
      }
    } else {
      index++;
    }
  }
  return modules;
}

function skipBlockComment(text: string, start: number): number {
  // Block comments nest in the text format.
  let depth = 0;
  let index = start;
  while (index < text.length) {
    if (text.startsWith("(;", index)) {
      depth++;
      index += 2;
    } else if (text.startsWith(";)", index)) {
      depth--;
      index += 2;
      if (depth === 0) return index;
    } else {
      index++;
    }
  }
  return text.length;
}

function skipString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index]!;
    if (char === "\\") index += 2;
    else if (char === '"') return index + 1;
    else index++;
  }
  return text.length;
}

function isTextModule(form: string): boolean {
  const tokens = form.slice(1, 200).split(/[\s()]+/).filter((token) => token.length > 0);
  if (tokens[0] !== "module") return false;
  const next = tokens[1]?.startsWith("$") ? tokens[2] : tokens[1];
  return next !== "binary" && next !== "quote" && next !== "definition" && next !== "instance";
}

export interface NamedModule {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The `count` largest text modules of the spec suite, assembled by wabt. Only the largest texts
 *  are assembled (text size tracks binary size closely enough to preselect). Empty when the suite
 *  is not present. */
export async function largestSpecModules(count: number, directory = SPEC_SUITE_DIRECTORY): Promise<NamedModule[]> {
  if (!existsSync(directory)) return [];
  const candidates: { name: string; text: string }[] = [];
  for (const file of readdirSync(directory).filter((name) => name.endsWith(".wast")).sort()) {
    topLevelTextModules(readFileSync(join(directory, file), "utf8")).forEach((text, position) => {
      candidates.push({ name: `${file.replace(/\.wast$/, "")}#${position}`, text });
    });
  }
  candidates.sort((a, b) => b.text.length - a.text.length);
  const wabt = await (await import("wabt")).default();
  const assembled: NamedModule[] = [];
  for (const candidate of candidates.slice(0, count * 3)) {
    let module: ReturnType<typeof wabt.parseWat> | undefined;
    try {
      module = wabt.parseWat(`${candidate.name}.wat`, candidate.text, {});
      assembled.push({ name: `spec:${candidate.name}`, bytes: new Uint8Array(module.toBinary({}).buffer) });
    } catch {
      // wabt rejects a few texts the spec accepts (or needs features off by default); skip them.
    } finally {
      module?.destroy();
    }
  }
  assembled.sort((a, b) => b.bytes.length - a.bytes.length);
  return assembled.slice(0, count);
}
