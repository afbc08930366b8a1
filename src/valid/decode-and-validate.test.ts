// decodeAndValidateModule must be observably the same as decodeModule followed by validateModule
// (the reference pipeline, itself checked against the spec suite in spec-suite.test.ts): the same
// record on success and, on failure, the same error class, message and offset. Inputs: every binary
// module of the spec suite (most assert_malformed cases are binary), the text modules of the
// scripts richest in malformed/invalid code (assembled by wabt), and seeded fuzz mutations of
// valid modules, each under all features and under feature sets with one proposal disabled.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { decodeModule, caseRng, fuzzCase, FUZZ_SEED_WAT } from "../binary/index.ts";
import type { DecodeOptions } from "../binary/index.ts";
import { ALL_FEATURES, MVP_FEATURES, type Features } from "../core/index.ts";
import { headWord, moduleKind, splitForms, stringLiterals } from "./wast-script.test-helper.ts";
import { decodeAndValidateModule, validateModule } from "./index.ts";

const SUITE_DIR = fileURLToPath(new URL("../../../shared/spec/wasm-2.0/", import.meta.url));
const CONTRACT = new URL("../../../shared/contracts/xwasm-contract.wasm", import.meta.url);

const FEATURE_SETS: readonly Features[] = [
  ALL_FEATURES,
  MVP_FEATURES,
  { ...ALL_FEATURES, simd: false },
  { ...ALL_FEATURES, bulkMemory: false },
  { ...ALL_FEATURES, referenceTypes: false },
  { ...ALL_FEATURES, multiValue: false },
];

function outcome(run: () => unknown): string {
  try {
    run();
    return "ok";
  } catch (error) {
    if (!(error instanceof Error)) return `non-Error ${String(error)}`;
    const offset = (error as { offset?: unknown }).offset;
    return `${error.constructor.name}: ${error.message} @${String(offset)}`;
  }
}

function compare(bytes: Uint8Array, label: string, options: DecodeOptions): void {
  const features = options.features ?? ALL_FEATURES;
  const reference = outcome(() => validateModule(decodeModule(bytes, options), features));
  const combined = outcome(() => decodeAndValidateModule(bytes, options));
  assert.equal(combined, reference, label);
}

interface ScriptModule {
  readonly label: string;
  readonly kind: "text" | "binary" | "quote";
  /** The `(module ...)` form. */
  readonly form: string;
}

/** Every module form of a script: top-level ones and those inside assertions. */
function scriptModules(file: string): ScriptModule[] {
  const out: ScriptModule[] = [];
  for (const form of splitForms(readFileSync(SUITE_DIR + file, "latin1"))) {
    const head = headWord(form);
    const moduleForm = head === "module" ? form : head.startsWith("assert_") ? splitForms(form, 1, form.length - 1).find((f) => headWord(f) === "module") : undefined;
    if (moduleForm !== undefined) out.push({ label: `${file} ${head}: ${moduleForm.slice(0, 60)}`, kind: moduleKind(moduleForm), form: moduleForm });
  }
  return out;
}

function binaryBytes(form: string): Uint8Array {
  const parts = stringLiterals(form);
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return bytes;
}

function specBinaries(): { bytes: Uint8Array; label: string }[] {
  const out: { bytes: Uint8Array; label: string }[] = [];
  for (const file of readdirSync(SUITE_DIR).filter((f) => f.endsWith(".wast")).sort()) {
    for (const m of scriptModules(file)) if (m.kind === "binary") out.push({ bytes: binaryBytes(m.form), label: m.label });
  }
  return out;
}

test("same outcome as decode-then-validate on every binary module of the spec suite", () => {
  const cases = specBinaries();
  assert.ok(cases.length > 500);
  let failures = 0;
  for (const { bytes, label } of cases) {
    for (const features of FEATURE_SETS) compare(bytes, label, { features });
    if (outcome(() => decodeModule(bytes)) !== "ok") failures++;
  }
  assert.ok(failures > 100, "the suite's binary forms include malformed modules");
});

test("same outcome on the text modules of the code-heavy scripts (assembled by wabt)", async () => {
  const wabt = await (await import("wabt")).default();
  let count = 0;
  for (const file of ["unreached-invalid.wast", "binary.wast", "binary-leb128.wast", "block.wast", "br_table.wast", "select.wast", "memory_init.wast", "ref_func.wast", "simd_lane.wast"]) {
    for (const form of scriptModules(file)) {
      if (form.kind !== "text") continue;
      let bytes: Uint8Array;
      try {
        const parsed = wabt.parseWat(file, Uint8Array.from(Buffer.from(form.form, "latin1")), {});
        try { bytes = new Uint8Array(parsed.toBinary({}).buffer); } finally { parsed.destroy(); }
      } catch {
        continue; // wabt refuses some invalid texts; binary forms cover the rest
      }
      for (const features of FEATURE_SETS) compare(bytes, form.label, { features });
      count++;
    }
  }
  assert.ok(count > 200);
});

test("same outcome on 1500 seeded fuzz mutations and on the contract with tight limits", async () => {
  const wabt = await (await import("wabt")).default();
  const seeds = FUZZ_SEED_WAT.map((text, i) => {
    const parsed = wabt.parseWat(`seed${i}.wat`, text, {});
    try { return new Uint8Array(parsed.toBinary({}).buffer); } finally { parsed.destroy(); }
  });
  const contract = new Uint8Array(readFileSync(CONTRACT));
  seeds.push(contract);
  for (let i = 0; i < 1500; i++) {
    const bytes = fuzzCase(caseRng(4242, i), seeds);
    compare(bytes, `fuzz case ${i}`, { features: FEATURE_SETS[i % FEATURE_SETS.length] });
  }
  compare(contract, "contract", {});
  compare(contract, "contract, maxLocals 3", { maxLocals: 3 });
  // Checks between decoding and validation run once, after a complete decode.
  assert.throws(() => decodeAndValidateModule(contract, {}, () => { throw new RangeError("limit"); }), RangeError);
});
