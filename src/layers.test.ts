// Enforces DESIGN.md's layering: a file in src/<folder>/ imports only from its own folder or from a
// folder above it in the table (core, binary, gas, valid, compile, exec, runtime, host, contract,
// cli), and another folder only through its index.ts; spec-tests/ and bench/ import only
// src/index.ts (plus an explicit allow-list). Every `import`/`export … from`/`import()` of every
// .ts file is checked, test files included, and each violation is reported with file and import.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const FOLDER_ORDER = ["core", "binary", "gas", "valid", "compile", "exec", "runtime", "host", "contract", "cli"] as const;

/** Files outside src/ allowed to reach past the public API, with the only targets they may use. */
const ALLOWED_EXCEPTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  // The decoder fuzzer drives binary/ directly: going through instantiate would hide what it measures.
  ["bench/fuzz-decoder.ts", ["src/binary/index.ts"]],
  // DESIGN.md asks bench/ to choose the i64 representation by measuring the candidates, one of
  // which is exec/'s own helper file: this micro-benchmark measures that file, not the engine.
  ["bench/i64-repr.ts", ["src/exec/numeric-i64.ts"]],
  // The dispatch counter walks lowered code: it decodes and lowers the workloads itself.
  ["bench/op-pairs.ts", ["src/binary/index.ts", "src/compile/index.ts"]],
]);

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function listTsFiles(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listTsFiles(path, out);
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** Module specifiers of every static import/export-from, side-effect import and dynamic import()
 *  with a literal specifier. Comments are removed first so prose mentioning imports is ignored. */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) specifiers.push(match[1]);
  }
  return specifiers;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** Returns why `specifier` imported from `file` (both repo-relative, posix) breaks the rule, or undefined. */
export function layeringViolation(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".") && !specifier.startsWith("/")) return undefined; // packages and node: builtins
  const target = toPosix(relative(repoRoot, resolve(repoRoot, dirname(file), specifier)));
  const [fileTop, fileFolder] = file.split("/");
  const [targetTop, targetFolder] = target.split("/");

  if (fileTop === "spec-tests" || fileTop === "bench") {
    if (targetTop === fileTop) return undefined;
    if (target === "src/index.ts") return undefined;
    if (ALLOWED_EXCEPTIONS.get(file)?.includes(target)) return undefined;
    return `${fileTop}/ may import only src/index.ts (the public API), not ${target}`;
  }
  if (fileTop !== "src") return undefined;
  if (targetTop !== "src") return `src/ must not import outside src/ (${target})`;

  const fileIsInFolder = file.split("/").length > 2;
  const targetIsInFolder = target.split("/").length > 2;
  if (!fileIsInFolder) {
    // src/index.ts and other top-level files sit above every folder but still use only index.ts files.
    if (!targetIsInFolder) return undefined;
    return target === `src/${targetFolder}/index.ts` ? undefined : `imports ${target}: other folders are reached only through their index.ts`;
  }
  const fileRank = FOLDER_ORDER.indexOf(fileFolder as (typeof FOLDER_ORDER)[number]);
  if (fileRank < 0) return `src/${fileFolder}/ is not a folder of DESIGN.md's table`;
  if (!targetIsInFolder) return `imports ${target}: a folder must not import the top-level public entry`;
  if (targetFolder === fileFolder) return undefined;
  const targetRank = FOLDER_ORDER.indexOf(targetFolder as (typeof FOLDER_ORDER)[number]);
  if (targetRank < 0) return `imports ${target}: src/${targetFolder}/ is not a folder of DESIGN.md's table`;
  if (targetRank > fileRank) return `imports upward: ${fileFolder}/ may not import ${targetFolder}/ (${target})`;
  if (target !== `src/${targetFolder}/index.ts`) return `imports ${target}: other folders are reached only through their index.ts`;
  return undefined;
}

test("the layering checker itself accepts and rejects the right imports", () => {
  assert.equal(layeringViolation("src/runtime/instance.ts", "../exec/index.ts"), undefined);
  assert.equal(layeringViolation("src/runtime/instance.ts", "./module.ts"), undefined);
  assert.equal(layeringViolation("src/runtime/instance.ts", "node:fs"), undefined);
  assert.equal(layeringViolation("src/index.ts", "./runtime/index.ts"), undefined);
  assert.equal(layeringViolation("spec-tests/cli.ts", "../src/index.ts"), undefined);
  assert.equal(layeringViolation("spec-tests/cli.ts", "./wast-parser.ts"), undefined);
  assert.equal(layeringViolation("bench/fuzz-decoder.ts", "../src/binary/index.ts"), undefined);
  assert.match(layeringViolation("src/exec/store.ts", "../runtime/index.ts") ?? "", /upward/);
  assert.match(layeringViolation("src/runtime/instance.ts", "../exec/store.ts") ?? "", /index\.ts/);
  assert.match(layeringViolation("src/runtime/instance.ts", "../index.ts") ?? "", /public entry/);
  assert.match(layeringViolation("spec-tests/cli.ts", "../src/runtime/index.ts") ?? "", /only src\/index\.ts/);
  assert.match(layeringViolation("bench/run.ts", "../src/binary/index.ts") ?? "", /only src\/index\.ts/);
  assert.deepEqual(
    importSpecifiers(`// import { x } from "./nope.ts";\nimport type { A,\n B } from "../core/index.ts";\nexport * from "./a.ts";\nimport "./side.ts";\nconst m = await import("./dyn.ts");`),
    ["../core/index.ts", "./a.ts", "./side.ts", "./dyn.ts"],
  );
});

test("every import in src/, spec-tests/ and bench/ follows the layering rule", () => {
  const files = ["src", "spec-tests", "bench"].flatMap((dir) => listTsFiles(join(repoRoot, dir)));
  assert.ok(files.length > 0);
  const violations: string[] = [];
  for (const path of files) {
    const file = toPosix(relative(repoRoot, path));
    for (const specifier of importSpecifiers(readFileSync(path, "utf8"))) {
      const why = layeringViolation(file, specifier);
      if (why !== undefined) violations.push(`${file}: import "${specifier}" — ${why}`);
    }
  }
  assert.deepEqual(violations, [], `layering violations:\n${violations.join("\n")}`);
});
