// Suite-driven check of the validator against the official Wasm 2.0 spec suite (the oracle):
// every `assert_invalid` module must be rejected with a CompileError, and every module the suite
// expects to be valid (top-level modules, and those of assert_unlinkable / assert_uninstantiable /
// assert_trap-on-instantiation) must be accepted. Text modules are assembled with wabt, which does
// not type-check; binary modules are decoded from their string literals. A minimal S-expression
// splitter lives here so this test does not depend on the spec-tests/ runner.

import { fileURLToPath } from "node:url";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { decodeModule } from "../binary/index.ts";
import { CompileError, OPCODES } from "../core/index.ts";
import { validateModule } from "./index.ts";
import { headWord, moduleKind, splitForms, stringLiterals } from "./wast-script.test-helper.ts";

const SUITE_DIR = fileURLToPath(new URL("../../../shared/spec/wasm-2.0/", import.meta.url));

interface Wabt {
  parseWat(name: string, text: string | Uint8Array, features?: Record<string, boolean>): { toBinary(o: object): { buffer: Uint8Array<ArrayBuffer> }; destroy(): void };
}

async function loadWabt(): Promise<Wabt> {
  const wabtModule = (await import("wabt")) as unknown as { default: () => Promise<Wabt> };
  return wabtModule.default();
}

/** The source bytes of a latin1-read text, in a buffer of their own (wabt reads the whole
 *  underlying ArrayBuffer, so a view into Buffer's shared pool will not do). */
function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "latin1"));
}

/** Assembles a module form to bytes, or undefined when wabt refuses the text. */
function assemble(wabt: Wabt, form: string): Uint8Array | undefined {
  const kind = moduleKind(form);
  if (kind === "quote") return undefined;
  if (kind === "binary") {
    const parts = stringLiterals(form);
    const total = parts.reduce((n, p) => n + p.length, 0);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const p of parts) { bytes.set(p, at); at += p.length; }
    return bytes;
  }
  try {
    const m = wabt.parseWat("spec.wat", latin1Bytes(form));
    try { return m.toBinary({}).buffer.slice(); } finally { m.destroy(); }
  } catch {
    return undefined;
  }
}

/** Rejections that came from the decoder (malformed) rather than the validator. */
let rejectedByDecoder = 0;

function check(bytes: Uint8Array): CompileError | undefined {
  let module;
  try {
    module = decodeModule(bytes);
  } catch (e) {
    if (e instanceof CompileError) { rejectedByDecoder++; return e; }
    throw e;
  }
  try {
    validateModule(module);
    return undefined;
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
}

test("spec suite: assert_invalid rejected, valid modules accepted", async () => {
  const wabt = await loadWabt();
  let invalidTotal = 0, invalidRejected = 0, invalidByDecoder = 0, invalidSkipped = 0, invalidMessageMatch = 0;
  let validTotal = 0, validAccepted = 0, validSkipped = 0;
  const missedInvalid: string[] = [];
  const falseRejections: string[] = [];
  const messageMismatches: string[] = [];

  for (const file of readdirSync(SUITE_DIR).filter((f) => f.endsWith(".wast")).sort()) {
    const text = readFileSync(SUITE_DIR + file, "latin1");
    for (const form of splitForms(text)) {
      const head = headWord(form);
      if (head === "module") {
        if (moduleKind(form) === "quote") continue;
        validTotal++;
        const bytes = assemble(wabt, form);
        if (bytes === undefined) { validSkipped++; continue; }
        const err = check(bytes);
        if (err === undefined) validAccepted++;
        else falseRejections.push(`${file}: ${err.message}: ${form.slice(0, 120)}`);
      } else if (head === "assert_invalid" || head === "assert_unlinkable" || head === "assert_uninstantiable" || head === "assert_trap") {
        const inner = splitForms(form, 1, form.length - 1);
        const moduleForm = inner.find((f) => headWord(f) === "module");
        if (moduleForm === undefined) continue; // assert_trap on an invoke
        if (head === "assert_invalid") {
          invalidTotal++;
          const bytes = assemble(wabt, moduleForm);
          if (bytes === undefined) { invalidSkipped++; continue; }
          const expected = /"([^"]*)"\s*\)$/.exec(form)?.[1] ?? "";
          const decoderRejectionsBefore = rejectedByDecoder;
          const err = check(bytes);
          if (rejectedByDecoder !== decoderRejectionsBefore) invalidByDecoder++;
          if (err !== undefined) {
            invalidRejected++;
            if (err.reason.startsWith(expected)) invalidMessageMatch++;
            else messageMismatches.push(`${file}: expected "${expected}", got "${err.reason}"`);
          } else {
            missedInvalid.push(`${file}: "${expected}": ${moduleForm.replace(/\s+/g, " ").slice(0, 200)}`);
          }
        } else {
          if (moduleKind(moduleForm) === "quote") continue;
          validTotal++;
          const bytes = assemble(wabt, moduleForm);
          if (bytes === undefined) { validSkipped++; continue; }
          const err = check(bytes);
          if (err === undefined) validAccepted++;
          else falseRejections.push(`${file}: ${err.message}: ${moduleForm.slice(0, 120)}`);
        }
      }
    }
  }

  console.log(`assert_invalid: ${invalidTotal} total, ${invalidSkipped} not assembled by wabt, ${invalidRejected} rejected ` +
    `(${invalidByDecoder} already by the decoder; ${invalidMessageMatch} with the spec's message), ${missedInvalid.length} wrongly accepted`);
  console.log(`valid modules: ${validTotal} total, ${validSkipped} not assembled by wabt, ${validAccepted} accepted, ${falseRejections.length} wrongly rejected`);
  if (messageMismatches.length > 0) console.log(`message mismatches:\n  ${messageMismatches.slice(0, 40).join("\n  ")}`);
  assert.deepEqual(falseRejections, [], "valid modules rejected");
  // Guards the harness itself: wabt should assemble nearly everything.
  assert.ok(validSkipped + invalidSkipped <= 5, "wabt refused more modules than expected");
  assert.deepEqual(missedInvalid, [], "invalid modules accepted");
});

// Differential check against V8 on mutated suite modules: instruction names and value types in the
// text are replaced, dropped or duplicated, wabt assembles the result without type-checking, and
// our verdict must equal WebAssembly.validate's. The seed is fixed so failures reproduce.
test("mutated suite modules: our verdict equals V8's", async () => {
  const wabt = await loadWabt();
  const texts: string[] = [];
  for (const file of readdirSync(SUITE_DIR).filter((f) => f.endsWith(".wast")).sort()) {
    for (const form of splitForms(readFileSync(SUITE_DIR + file, "latin1"))) {
      if (headWord(form) === "module" && moduleKind(form) === "text" && form.length < 4000) texts.push(form.replace(/;;[^\n]*/g, ""));
    }
  }
  const plainOps = [...OPCODES.values()].filter((op) => op.imm === 0).map((op) => op.name);
  const controlSnippets = ["unreachable", "select", "drop", "nop", "return", "br 0", "br 1", "br_if 0", "br_table 0 1", "end", "else"];
  const valTypes = ["i32", "i64", "f32", "f64", "v128", "funcref", "externref"];
  const mutable = /^(?:[a-z0-9]+\.[a-z0-9_]+|select|drop|br|br_if|br_table|block|loop|if|else|end|unreachable|nop|return|call|call_indirect|i32|i64|f32|f64|v128|funcref|externref|\d+)$/;
  let seed = 20240601;
  const random = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return seed / 0x80000000; };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  let assembled = 0, agreedValid = 0;
  const disagreements: string[] = [];
  for (let round = 0; round < 4000; round++) {
    const tokens = pick(texts).split(/(\s+|[()])/);
    const candidates: number[] = [];
    tokens.forEach((t, i) => { if (mutable.test(t)) candidates.push(i); });
    if (candidates.length === 0) continue;
    const mutations = 1 + Math.floor(random() * 2);
    for (let m = 0; m < mutations; m++) {
      const i = pick(candidates);
      const r = random();
      if (/^\d+$/.test(tokens[i])) tokens[i] = String(Math.floor(random() * 4));
      else if (valTypes.includes(tokens[i])) tokens[i] = pick(valTypes);
      else if (r < 0.5) tokens[i] = pick(plainOps);
      else if (r < 0.7) tokens[i] = "";
      else if (r < 0.85) tokens[i] = `${tokens[i]} ${pick(plainOps)}`;
      else tokens[i] = pick(controlSnippets);
    }
    const text = tokens.join("");
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      const m = wabt.parseWat("mutant.wat", latin1Bytes(text));
      try { bytes = m.toBinary({}).buffer.slice(); } finally { m.destroy(); }
    } catch {
      continue;
    }
    assembled++;
    const v8 = WebAssembly.validate(bytes);
    const ours = check(bytes);
    // Known V8 leniency, not ours to follow: an element segment with zero entries whose element
    // type is a non-reference value type (e.g. \`(elem i32)\`) is malformed in Wasm 2.0.
    if (v8 && ours?.reason === "malformed reference type") continue;
    if (v8 === (ours === undefined)) { if (v8) agreedValid++; continue; }
    disagreements.push(`V8 ${v8 ? "accepts" : "rejects"}, we ${ours === undefined ? "accept" : `reject (${ours.message})`}: ${text.replace(/\s+/g, " ").slice(0, 300)}`);
  }
  assert.ok(assembled > 1000, "too few mutants assembled to mean anything");
  console.log(`mutants: ${assembled} assembled, ${agreedValid} valid for both, ${disagreements.length} disagreements`);
  assert.deepEqual(disagreements.slice(0, 10), []);
});
