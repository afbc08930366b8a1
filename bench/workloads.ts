// The benchmark workloads: which .wasm, what one "unit" of work is, and how many units to run.
// Every workload's work is linear in n (n units), so time per unit is comparable across engines
// even though each engine runs a different n (the interpreter is far slower than V8, so the harness
// gives it fewer units). Each run returns a checksum; V8 and xwasm must return the same one.
//
// Sources are in bench/workloads/*.c (rebuild with bench/workloads/build.sh); the .wasm files are
// committed so no compiler is needed to run the benchmarks.

import { fileURLToPath } from "node:url";
import { existsSync, readFileSync } from "node:fs";
import type { EngineAdapter, Exports } from "./engines.ts";

/** The real contract binary; it lives outside the repository (XWASM_CONTRACT overrides the path).
 *  When the file is absent the contract workload is skipped, not failed. */
export const CONTRACT_PATH = process.env["XWASM_CONTRACT"] ?? fileURLToPath(new URL("../../shared/contracts/xwasm-contract.wasm", import.meta.url));
/** The contract's call parameter; its `xq_abc` echoes it back as return data. */
export const CONTRACT_PARAMETER = '{"name":"xq","age":18,"sex":"man"}';

/** A checksum as returned by a run: number (i32/f64), bigint (i64) or a string (the contract). */
export type Checksum = number | bigint | string;

/** Runs n units of the workload on an already instantiated module. */
export type Runner = (n: number) => Checksum;

export interface Workload {
  readonly name: string;
  /** What one unit is, for the table ("one fib(15)", "16 KiB copied", …). */
  readonly unit: string;
  /** What the workload stresses (issue 3 categories). */
  readonly kind: string;
  /** Units for V8 so that one run takes ~5–50 ms on a typical machine. */
  readonly v8Units: number;
  /** A small n for correctness tests and the first calibration run of the interpreter. */
  readonly testUnits: number;
  /** Loads the bytes (throws if the file is missing). */
  bytes(): Uint8Array;
  /** Why the workload cannot run on this machine (its module is not at hand), or undefined. */
  unavailable?(): string | undefined;
  /** Instantiates on `engine` and returns a runner (instantiation is not part of the timing). */
  prepare(engine: EngineAdapter, bytes: Uint8Array): Runner;
}

function workloadFile(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`./workloads/${name}.wasm`, import.meta.url)));
}

function exportedFunction(exports: Exports, name: string): (...args: unknown[]) => unknown {
  const value = exports[name];
  if (typeof value !== "function") throw new Error(`export "${name}" is not a function`);
  return value as (...args: unknown[]) => unknown;
}

export function asChecksum(value: unknown): Checksum {
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "string") return value;
  throw new Error(`run returned ${typeof value}, expected a number or bigint`);
}

/** A plain `run(n)` workload compiled from bench/workloads/<file>.c. */
function compiled(name: string, kind: string, unit: string, v8Units: number, testUnits: number): Workload {
  return {
    name,
    kind,
    unit,
    v8Units,
    testUnits,
    bytes: () => workloadFile(name),
    prepare(engine, bytes) {
      const run = exportedFunction(engine.instantiate(bytes), "run");
      return (n) => asChecksum(run(n));
    },
  };
}

/** Host functions for the contract: the `xq` module subset it imports. */
export interface ContractHost {
  readonly imports: { xq: Record<string, unknown> };
  /** Set after instantiation: the instance's exports (the host reads/writes its memory). */
  bind(exports: Exports): void;
  /** Return data of the last call (UTF-8 decoded). */
  returnData(): string | undefined;
}

function memoryBytes(exports: Exports | undefined): Uint8Array {
  const memory = exports?.["memory"];
  if (typeof memory !== "object" || memory === null || !("buffer" in memory)) throw new Error("contract exports no memory");
  const buffer: unknown = memory.buffer;
  if (!(buffer instanceof ArrayBuffer)) throw new Error("memory.buffer is not an ArrayBuffer");
  return new Uint8Array(buffer);
}

export function contractHost(parameter: string): ContractHost {
  const parameterBytes = new TextEncoder().encode(parameter);
  let exports: Exports | undefined;
  let lastReturnData: string | undefined;
  return {
    imports: {
      xq: {
        // get_parameter(ptr) -> len: writes the parameter at ptr.
        get_parameter(ptr: number): number {
          memoryBytes(exports).set(parameterBytes, ptr >>> 0);
          return parameterBytes.length;
        },
        // set_return_data(ptr, len) -> i32: records the call's output.
        set_return_data(ptr: number, length: number): number {
          const start = ptr >>> 0;
          lastReturnData = new TextDecoder().decode(memoryBytes(exports).subarray(start, start + (length >>> 0)));
          return 0;
        },
      },
    },
    bind(instanceExports) {
      exports = instanceExports;
    },
    returnData: () => lastReturnData,
  };
}

/** The real contract: unit = one `xq_abc(0n)` call on one instance (JSON parse + serialize in Rust). */
const contractWorkload: Workload = {
  name: "contract",
  kind: "real contract (Rust)",
  unit: "one xq_abc call",
  v8Units: 10000,
  testUnits: 3,
  bytes: () => new Uint8Array(readFileSync(CONTRACT_PATH)),
  unavailable: () => (existsSync(CONTRACT_PATH) ? undefined : `${CONTRACT_PATH} not found (set XWASM_CONTRACT)`),
  prepare(engine, bytes) {
    const host = contractHost(CONTRACT_PARAMETER);
    const exports = engine.instantiate(bytes, host.imports);
    host.bind(exports);
    const call = exportedFunction(exports, "xq_abc");
    return (n) => {
      let statusSum = 0;
      for (let i = 0; i < n; i++) statusSum += Number(call(0n));
      // The checksum carries every call's status and the last return data, which must echo the parameter.
      return `${statusSum}/${n} ${host.returnData() ?? "<no return data>"}`;
    };
  },
};

/** Issue 3 workloads first, then issue 8 (hashes, bulk memory, i64 division), then issue 6 (SIMD). */
export const WORKLOADS: readonly Workload[] = [
  compiled("fib", "calls (recursion)", "one fib(15)", 5000, 3),
  compiled("sieve", "integer loops", "sieve to 16384", 400, 1),
  compiled("copy", "memory (word copy)", "16 KiB copied", 30000, 3),
  compiled("histogram", "memory (byte histogram)", "16 KiB counted", 3000, 2),
  compiled("matmul", "f64 math", "32x32 multiply", 1500, 2),
  compiled("i64-math", "i64 mul/div/rem", "modexp round", 100000, 20),
  compiled("i64-divrem", "i64 div/rem", "256 div+rem x2", 15000, 4),
  compiled("sha256", "hash (i32)", "1 KiB hashed", 2500, 2),
  compiled("keccak", "hash (i64)", "1 KiB hashed", 3000, 2),
  compiled("bulk-memory", "memory.copy/fill", "96 KiB copy+4 KiB fill", 10000, 3),
  // Issue 6 (SIMD): an integer checksum (i8x16/i16x8/i32x4) and an f32x4 matrix kernel.
  compiled("simd-checksum", "SIMD i8x16/i16x8/i32x4", "16 KiB checksummed", 3000, 1),
  compiled("simd-matmul", "SIMD f32x4", "32x32 f32 multiply", 600, 1),
  contractWorkload,
];

export function sameChecksum(a: Checksum, b: Checksum): boolean {
  return Object.is(a, b);
}

export function formatChecksum(value: Checksum): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

/** Hashes `message` (≤ 1 KiB) with the sha256 or keccak workload's exported `hash`, for the tests
 *  that check the workloads against node:crypto and published vectors on both engines. */
export function hashWithWorkload(engine: EngineAdapter, algorithm: "sha256" | "keccak", message: Uint8Array): Uint8Array {
  const exports = engine.instantiate(workloadFile(algorithm));
  const messagePointer = Number(exportedFunction(exports, "message_ptr")());
  memoryBytes(exports).set(message, messagePointer);
  const digestPointer = Number(exportedFunction(exports, "hash")(message.length));
  const memory = memoryBytes(exports);
  if (algorithm === "keccak") return memory.slice(digestPointer, digestPointer + 32);
  // The sha256 workload keeps its digest as eight native (little-endian) u32 words; the standard
  // digest is those words big-endian.
  const view = new DataView(memory.buffer, digestPointer, 32);
  const digest = new Uint8Array(32);
  const out = new DataView(digest.buffer);
  for (let word = 0; word < 8; word++) out.setUint32(word * 4, view.getUint32(word * 4, true), false);
  return digest;
}
