// Precompiled artifacts against the oracle of compiling from bytes, on every module of the Wasm 2.0
// spec suite that validates, the real contract and the bench workloads: precompile → loadPrecompiled
// gives a Module with the same imports, exports and custom sections, and for modules without
// imports every exported nullary function returns the same exact-bit results (or the same trap) as
// on a Module compiled from the wasm bytes, with the same gas and instruction counts: everything
// runs metered, under an instruction limit (some exported nullary functions of the suite loop
// forever), so the artifacts carry and use the metered code flavor. Lives in spec-tests/ because it walks the .wast scripts
// with this folder's parser; it uses only the public API.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CompileError, Instance, Module, loadPrecompiled, precompile } from "../src/index.ts";
import type { WasmValue } from "../src/index.ts";
import { parseWast } from "./wast-parser.ts";
import { createWabtAssembler } from "./runner.ts";

const SPEC_DIR = fileURLToPath(new URL("../../shared/spec/wasm-2.0/", import.meta.url));
const CONTRACT = fileURLToPath(new URL("../../shared/contracts/xwasm-contract.wasm", import.meta.url));
const WORKLOADS = fileURLToPath(new URL("../bench/workloads/", import.meta.url));

const RUN_OPTIONS = { instructionLimit: 200_000 };

interface Sample { readonly name: string; readonly bytes: Uint8Array }

async function specModules(): Promise<Sample[]> {
  const assembler = await createWabtAssembler();
  const samples: Sample[] = [];
  for (const file of readdirSync(SPEC_DIR).filter((f) => f.endsWith(".wast")).sort()) {
    const script = parseWast(readFileSync(SPEC_DIR + file));
    for (const command of script.commands) {
      if (command.kind !== "module") continue;
      const source = command.module.source;
      try {
        const bytes = source.type === "binary" ? source.bytes : assembler.assemble(source.text);
        samples.push({ name: `${file}:${command.line}`, bytes });
      } catch {
        // Text wabt cannot assemble is not a module for this test.
      }
    }
  }
  return samples;
}

function otherSamples(): Sample[] {
  const samples: Sample[] = [];
  if (existsSync(CONTRACT)) samples.push({ name: "contract", bytes: new Uint8Array(readFileSync(CONTRACT)) });
  for (const f of readdirSync(WORKLOADS).filter((f) => f.endsWith(".wasm")).sort()) {
    samples.push({ name: `workloads/${f}`, bytes: new Uint8Array(readFileSync(WORKLOADS + f)) });
  }
  return samples;
}

/** A value as comparable text: exact bits for numbers, null-ness only for references (a reference
 *  from one instance can never be identical to one from another). */
function show(value: WasmValue): string {
  switch (value.type) {
    case "i32": return `i32:${value.value}`;
    case "i64": return `i64:${value.value}`;
    case "f32": return `f32:${value.bits}`;
    case "f64": return `f64:${value.bits}`;
    case "v128": return `v128:${[...value.bytes].join(",")}`;
    default: return `${value.type}:${value.value === null ? "null" : "ref"}`;
  }
}

function outcome(run: () => WasmValue[]): string {
  try {
    return run().map(show).join(" ");
  } catch (error) {
    return `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
}

/** What running a module shows: instantiation outcome, then each exported nullary function's. */
function behaviour(module: Module): string[] {
  const lines: string[] = [];
  let instance: Instance;
  try {
    instance = new Instance(module, {}, RUN_OPTIONS);
  } catch (error) {
    return [`instantiate threw ${error instanceof Error ? error.name : String(error)}`];
  }
  for (const exported of Module.exports(module)) {
    if (exported.kind !== "function") continue;
    const fn = instance.exports[exported.name];
    if (typeof fn !== "function" || fn.length !== 0) continue;
    const result = outcome(() => instance.invoke(exported.name, []));
    const stats = instance.stats;
    lines.push(`${exported.name} -> ${result} [gas ${stats.gasUsed}, instructions ${stats.instructions}]`);
  }
  return lines;
}

test("artifacts of every valid spec module, the contract and the workloads behave like compiling from bytes", async () => {
  const samples = [...(await specModules()), ...otherSamples()];
  let valid = 0;
  let executed = 0;
  let calls = 0;
  for (const sample of samples) {
    let fromBytes: Module;
    try {
      fromBytes = new Module(sample.bytes, RUN_OPTIONS);
    } catch (error) {
      if (error instanceof CompileError) continue;
      throw error;
    }
    valid++;
    const loaded = loadPrecompiled(precompile(sample.bytes, RUN_OPTIONS), RUN_OPTIONS);
    assert.deepEqual(Module.imports(loaded), Module.imports(fromBytes), sample.name);
    assert.deepEqual(Module.exports(loaded), Module.exports(fromBytes), sample.name);
    assert.deepEqual(Module.customSections(loaded, "name"), Module.customSections(fromBytes, "name"), sample.name);
    if (Module.imports(fromBytes).length === 0) {
      const expected = behaviour(fromBytes);
      assert.deepEqual(behaviour(loaded), expected, sample.name);
      executed++;
      calls += expected.length;
    }
  }
  console.log(`artifact round trip: ${valid} valid modules of ${samples.length}, ${executed} executed, ${calls} nullary calls compared`);
  assert.ok(valid > 1000, `expected over 1000 valid modules, got ${valid}`);
});
