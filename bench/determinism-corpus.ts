// The determinism corpus: runs every bench workload (one unit, block meter, deterministic mode) and a
// few NaN-producing float/SIMD programs, and prints one line per run — outcome, gas, instruction
// count and SHA-256 of the memory. scripts/determinism-check.mjs runs this under `node --jitless` and
// under normal Node and requires byte-identical output.
//
//   node --import tsx bench/determinism-corpus.ts [--sample]

import { createHash } from "node:crypto";
import { Instance, Module } from "../src/index.ts";
import type { Imports } from "../src/index.ts";
import { WORKLOADS } from "./workloads.ts";
import type { EngineAdapter, Exports } from "./engines.ts";

const sample = process.argv.includes("--sample");
/** In --sample mode the workloads that are quick without a JIT. */
const SAMPLE = new Set(["fib", "i64-math", "i64-divrem", "copy", "sha256", "keccak", "contract", "simd-checksum"]);
const options = { gasLimit: Number.MAX_SAFE_INTEGER, deterministic: true, limits: { valueStackSlots: 1 << 16, maxCallDepth: 10_000 } };

function memoryHash(exports: Exports): string {
  const memory = exports["memory"] as { buffer?: ArrayBuffer } | undefined;
  return memory?.buffer === undefined ? "-" : createHash("sha256").update(new Uint8Array(memory.buffer)).digest("hex").slice(0, 32);
}

function line(name: string, outcome: string, instance: Instance): string {
  const s = instance.stats;
  return `${name}\t${outcome}\tgas=${s.gasUsed}\tinstructions=${s.instructions}\tdepth=${s.maxCallDepth}\tpages=${s.maxMemoryPages}\thost=${s.hostCalls}\tmemory=${memoryHash(instance.exports as Exports)}`;
}

function describe(value: unknown): string {
  return typeof value === "bigint" ? `${value}n` : JSON.stringify(value);
}

for (const workload of WORKLOADS) {
  if (workload.unavailable?.() !== undefined || (sample && !SAMPLE.has(workload.name))) continue;
  let instance: Instance | undefined;
  const adapter: EngineAdapter = {
    name: "xwasm",
    instantiate(bytes: Uint8Array, imports?: Imports) {
      instance = new Instance(new Module(bytes), imports, options);
      return instance.exports as Exports;
    },
  };
  let outcome: string;
  try {
    outcome = `ok ${describe(workload.prepare(adapter, workload.bytes())(1))}`;
  } catch (error) {
    outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  console.log(line(workload.name, outcome, instance!));
}

// NaN producers: results are raw bits (i32/i64 reinterpretations), canonical in deterministic mode.
// (Assembled once with wabt from the text below: wabt itself needs WebAssembly, absent under --jitless.)
//   (memory (export "memory") 1)
//   (func (export "f32") (param f32 f32) (result i32) (i32.reinterpret_f32 (f32.div (local.get 0) (local.get 1))))
//   (func (export "f64") (param f64) (result i64) (i64.reinterpret_f64 (f64.sqrt (local.get 0))))
//   (func (export "simd") (param f32)
//     (v128.store (i32.const 0) (f32x4.mul (f32x4.splat (local.get 0)) (f32x4.splat (f32.const inf))))
//     (v128.store (i32.const 16) (f64x2.add (f64x2.splat (f64.const nan:0x4)) (f64x2.splat (f64.const -nan:0x8)))))
const NAN_MODULE_HEX = "0061736d0100000001100360027d7d017f60017c017e60017d000304030001020503010001071d04066d656d6f727902000366333200000366363400010473696d6400020a470308002000200195bc0b060020009fbd0b350041002000fd13430000807ffd13fde601fd0b0400411044040000000000f07ffd1444080000000000f0fffd14fdf001fd0b04000b";
const nanModule = new Module(Buffer.from(NAN_MODULE_HEX, "hex"));
const nan = new Instance(nanModule, {}, options);
const call = (name: string, ...args: unknown[]): unknown => (nan.exports[name] as (...a: unknown[]) => unknown)(...args);
console.log(line("nan", [call("f32", 0, 0), call("f32", NaN, 1), call("f64", -1), call("simd", 0)].map(describe).join(","), nan));
