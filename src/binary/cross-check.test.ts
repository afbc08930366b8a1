// Cross-check of decodeModule against two independent decoders on every module the spec suite
// expects to be valid (text modules assembled by wabt, `module binary` forms as given) and the
// real contract binaries: @webassemblyjs/wasm-parser (function signatures, imports, exports, memory
// and table limits) and V8 (WebAssembly.Module.imports/exports).
// Also: every `module binary` the suite expects to be malformed is rejected with a CompileError,
// and every binary module it expects to decode (valid or merely invalid) is accepted.

import { fileURLToPath } from "node:url";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { CompileError, externKindName } from "../core/index.ts";
import type { FuncType, Limits, ModuleRecord } from "../core/index.ts";
import { decodeModule } from "./index.ts";
import { moduleForms } from "./wast-forms.test-helper.ts";
import { V8 } from "./v8-wasm.test-helper.ts";
import type { V8Module } from "./v8-wasm.test-helper.ts";

// webassemblyjs ships no type declarations: load it untyped and narrow what it returns.
const wjDecode = (createRequire(import.meta.url)("@webassemblyjs/wasm-parser") as {
  decode(bytes: Uint8Array, options: Record<string, boolean>): unknown;
}).decode;

const SPEC_DIR = fileURLToPath(new URL("../../../shared/spec/wasm-2.0/", import.meta.url));
const CONTRACTS_DIR = fileURLToPath(new URL("../../../shared/contracts/", import.meta.url));

interface Sample { readonly name: string; readonly bytes: Uint8Array }

const WABT_FEATURES = {
  exceptions: false, mutable_globals: true, sat_float_to_int: true, sign_extension: true, simd: true,
  threads: false, multi_value: true, tail_call: false, bulk_memory: true, reference_types: true,
  annotations: false, gc: false, memory64: false, multi_memory: false, extended_const: false,
};

function wastFiles(): string[] {
  return readdirSync(SPEC_DIR).filter((f) => f.endsWith(".wast")).sort();
}

async function collectValidModules(): Promise<{ samples: Sample[]; wabtRejected: string[] }> {
  const wabt = await (await import("wabt")).default();
  const samples: Sample[] = [];
  const wabtRejected: string[] = [];
  for (const file of wastFiles()) {
    const forms = moduleForms(readFileSync(SPEC_DIR + file, "utf8"));
    for (const form of forms) {
      if (form.context !== "module") continue;
      const name = `${file}:${form.line}`;
      if (form.kind === "binary" && form.bytes !== undefined) {
        samples.push({ name, bytes: form.bytes });
      } else if (form.kind === "text") {
        try {
          const parsed = wabt.parseWat(name, form.text, WABT_FEATURES);
          try {
            samples.push({ name, bytes: new Uint8Array(parsed.toBinary({}).buffer) });
          } finally {
            parsed.destroy();
          }
        } catch {
          wabtRejected.push(name);
        }
      }
    }
  }
  for (const f of readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith(".wasm"))) {
    samples.push({ name: `contracts/${f}`, bytes: new Uint8Array(readFileSync(CONTRACTS_DIR + f)) });
  }
  return { samples, wabtRejected };
}

const VALTYPE_NAME: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };

function sigString(t: FuncType | undefined): string {
  if (t === undefined) return "<no type>";
  return `(${t.params.map((p) => VALTYPE_NAME[p]).join(",")})->(${t.results.map((r) => VALTYPE_NAME[r]).join(",")})`;
}

function limitsString(l: Limits): string {
  return l.max === undefined ? `${l.min}` : `${l.min}..${l.max}`;
}

// --- webassemblyjs AST, narrowed from unknown ---------------------------------------------------

type Node = Record<string, unknown>;
function isNode(v: unknown): v is Node { return typeof v === "object" && v !== null; }
function field(n: unknown, key: string): unknown { return isNode(n) ? n[key] : undefined; }

function wjSig(sig: unknown): string {
  const params = field(sig, "params");
  const results = field(sig, "results");
  const ps = Array.isArray(params) ? params.map((p) => wjType(field(p, "valtype"))) : [];
  const rs = Array.isArray(results) ? results.map(wjType) : [];
  return `(${ps.join(",")})->(${rs.join(",")})`;
}
function wjType(t: unknown): string {
  return t === "anyfunc" ? "funcref" : String(t);
}
function wjLimits(l: unknown): string {
  const min = field(l, "min");
  const max = field(l, "max");
  return max === undefined ? `${String(min)}` : `${String(min)}..${String(max)}`;
}

interface Summary {
  funcs: string[];
  imports: string[];
  exports: string[];
  memories: string[];
  tables: string[];
}

function ourSummary(m: ModuleRecord): Summary {
  return {
    funcs: m.funcTypeIndices.map((t) => sigString(m.types[t])),
    imports: m.imports.map((i) => `${i.module}/${i.name}/${externKindName(i.desc.kind)}`),
    exports: m.exports.map((e) => `${e.name}/${externKindName(e.kind)}`),
    memories: m.allMemories.map((mem) => limitsString(mem.limits)),
    tables: m.allTables.map((t) => `${VALTYPE_NAME[t.elemType]} ${limitsString(t.limits)}`),
  };
}

const WJ_KIND: Record<string, string> = { Func: "function", Table: "table", Memory: "memory", Global: "global" };

function wjSummary(bytes: Uint8Array): Summary {
  const ast = wjDecode(bytes, { ignoreCodeSection: true, ignoreDataSection: true, ignoreCustomNameSection: true });
  const body = field(ast, "body");
  const mod = Array.isArray(body) ? body[0] : undefined;
  const fields = field(mod, "fields");
  const s: Summary = { funcs: [], imports: [], exports: [], memories: [], tables: [] };
  const defined = { funcs: [] as string[], memories: [] as string[], tables: [] as string[] };
  for (const f of Array.isArray(fields) ? fields : []) {
    const type = field(f, "type");
    if (type === "ModuleImport") {
      const descr = field(f, "descr");
      const dtype = field(descr, "type");
      const kind = dtype === "FuncImportDescr" ? "function" : dtype === "Table" ? "table" : dtype === "Memory" ? "memory" : "global";
      s.imports.push(`${String(field(f, "module"))}/${String(field(f, "name"))}/${kind}`);
      if (kind === "function") s.funcs.push(wjSig(field(descr, "signature")));
      if (kind === "memory") s.memories.push(wjLimits(field(descr, "limits")));
      if (kind === "table") s.tables.push(`${wjType(field(descr, "elementType"))} ${wjLimits(field(descr, "limits"))}`);
    } else if (type === "Func") {
      defined.funcs.push(wjSig(field(f, "signature")));
    } else if (type === "Memory") {
      defined.memories.push(wjLimits(field(f, "limits")));
    } else if (type === "Table") {
      defined.tables.push(`${wjType(field(f, "elementType"))} ${wjLimits(field(f, "limits"))}`);
    } else if (type === "ModuleExport") {
      const exportType = String(field(field(f, "descr"), "exportType"));
      s.exports.push(`${String(field(f, "name"))}/${WJ_KIND[exportType] ?? exportType}`);
    }
  }
  s.funcs.push(...defined.funcs);
  s.memories.push(...defined.memories);
  s.tables.push(...defined.tables);
  return s;
}

test("decodeModule agrees with webassemblyjs and V8 on the spec suite's valid modules", async (t) => {
  const started = performance.now();
  const { samples, wabtRejected } = await collectValidModules();
  assert.ok(samples.length > 500, `expected many modules, got ${samples.length}`);
  t.diagnostic(`modules: ${samples.length} (wabt could not assemble ${wabtRejected.length}: ${wabtRejected.slice(0, 5).join(", ")})`);

  const wjUnreadable: string[] = [];
  const v8Unreadable: string[] = [];
  let wjCompared = 0;
  let v8Compared = 0;
  for (const sample of samples) {
    let ours: ModuleRecord;
    try {
      ours = decodeModule(sample.bytes);
    } catch (e) {
      assert.fail(`${sample.name}: our decoder rejected a valid module: ${(e as Error).message}`);
    }
    const mine = ourSummary(ours);

    let theirs: Summary | undefined;
    try {
      theirs = wjSummary(sample.bytes);
    } catch {
      wjUnreadable.push(sample.name);
    }
    if (theirs !== undefined) {
      assert.deepEqual(mine, theirs, `${sample.name}: differs from webassemblyjs`);
      wjCompared++;
    }

    let v8: V8Module | undefined;
    try {
      v8 = new V8.Module(sample.bytes);
    } catch {
      v8Unreadable.push(sample.name);
    }
    if (v8 !== undefined) {
      const v8Imports = V8.Module.imports(v8).map((i) => `${i.module}/${i.name}/${i.kind}`);
      const v8Exports = V8.Module.exports(v8).map((e) => `${e.name}/${e.kind}`);
      assert.deepEqual(mine.imports, v8Imports, `${sample.name}: imports differ from V8`);
      assert.deepEqual(mine.exports, v8Exports, `${sample.name}: exports differ from V8`);
      v8Compared++;
    }
  }
  t.diagnostic(`compared with webassemblyjs: ${wjCompared}; webassemblyjs could not read ${wjUnreadable.length}: ${wjUnreadable.slice(0, 8).join(", ")}`);
  t.diagnostic(`compared with V8: ${v8Compared}; V8 could not read ${v8Unreadable.length}: ${v8Unreadable.slice(0, 8).join(", ")}`);
  t.diagnostic(`time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.ok(v8Compared > samples.length * 0.9, "V8 should read nearly all valid modules");
});

test("every `module binary` of the suite: malformed ones rejected with CompileError, others decoded", () => {
  let malformed = 0;
  let sameWording = 0;
  let decoded = 0;
  const differentWording: string[] = [];
  for (const file of wastFiles()) {
    for (const form of moduleForms(readFileSync(SPEC_DIR + file, "utf8"))) {
      if (form.kind !== "binary" || form.bytes === undefined) continue;
      const where = `${file}:${form.line}`;
      if (form.context === "assert_malformed") {
        assert.throws(() => decodeModule(form.bytes as Uint8Array), (e: unknown) => {
          assert.ok(e instanceof CompileError, `${where}: ${String(e)} is not a CompileError`);
          if (e.reason === form.message) sameWording++;
          else differentWording.push(`${where} "${form.message}" vs "${e.reason}"`);
          return true;
        }, `${where}: expected "${form.message}"`);
        malformed++;
      } else {
        // Valid modules and those only invalid (validation's business) must decode.
        assert.doesNotThrow(() => decodeModule(form.bytes as Uint8Array), where);
        decoded++;
      }
    }
  }
  // The spec interpreter's wording for end-of-input depends on how it happens to read; we match it
  // nearly everywhere and require that we keep doing so.
  assert.ok(sameWording >= malformed - 12, `wording differs in ${differentWording.length}: ${differentWording.join("; ")}`);
  assert.ok(malformed > 700 && decoded > 50);
});

test("modules the suite expects to be invalid, unlinkable or trapping are well-formed: they decode", async (t) => {
  const wabt = await (await import("wabt")).default();
  let decoded = 0;
  let dataCountMissing = 0;
  for (const file of wastFiles()) {
    for (const form of moduleForms(readFileSync(SPEC_DIR + file, "utf8"))) {
      if (form.kind !== "text" || form.context === "module" || form.context === "assert_malformed") continue;
      let bytes: Uint8Array;
      try {
        const parsed = wabt.parseWat(file, form.text, WABT_FEATURES);
        bytes = new Uint8Array(parsed.toBinary({}).buffer);
        parsed.destroy();
      } catch {
        continue;
      }
      try {
        decodeModule(bytes);
        decoded++;
      } catch (e) {
        // wabt emits no data count section for a module without data segments, so memory.init /
        // data.drop there (invalid anyway: "unknown data segment") is malformed in binary form.
        assert.ok(e instanceof CompileError && e.reason === "data count section required", `${file}:${form.line}: ${String(e)}`);
        dataCountMissing++;
      }
    }
  }
  t.diagnostic(`decoded ${decoded}; ${dataCountMissing} lack the data count section wabt did not emit`);
  assert.ok(decoded > 2000);
});
