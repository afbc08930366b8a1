// The `spectest` host module the official .wast scripts import from (the reference interpreter's
// spectest.ml): typed print functions, four immutable globals worth 666 / 666.6, a funcref table
// 10..20 and a memory 1..2. Functions are typed host functions so that importing one with the wrong
// signature is a LinkError, as the suite expects.

import { F32, F64, I32, I64 } from "../core/index.ts";
import type { ValType } from "../core/index.ts";
import { Global, Memory, Table, createHostFunction } from "../runtime/index.ts";
import type { EngineOptions, Imports } from "../runtime/index.ts";

export interface SpectestOptions extends EngineOptions {
  /** Where print_* output goes; by default nothing is printed (the suite only checks that calls link). */
  readonly print?: (line: string) => void;
}

/** A fresh spectest module: its own table, memory and globals, so one script cannot see another's writes. */
export function createSpectest(options?: SpectestOptions): Imports {
  const print = options?.print;
  const printer = (name: string, params: readonly ValType[]) =>
    createHostFunction({ params, results: [] }, (...args: unknown[]): void => {
      if (print !== undefined) print(`${name}(${args.map((a) => (typeof a === "bigint" ? `${a}n` : String(a))).join(", ")})`);
    }, options);
  return {
    spectest: {
      print: printer("print", []),
      print_i32: printer("print_i32", [I32]),
      print_i64: printer("print_i64", [I64]),
      print_f32: printer("print_f32", [F32]),
      print_f64: printer("print_f64", [F64]),
      print_i32_f32: printer("print_i32_f32", [I32, F32]),
      print_f64_f64: printer("print_f64_f64", [F64, F64]),
      global_i32: new Global({ value: "i32" }, 666, options),
      global_i64: new Global({ value: "i64" }, 666n, options),
      global_f32: new Global({ value: "f32" }, 666.6, options),
      global_f64: new Global({ value: "f64" }, 666.6, options),
      table: new Table({ element: "anyfunc", initial: 10, maximum: 20 }, undefined, options),
      memory: new Memory({ initial: 1, maximum: 2 }),
    },
  };
}

/** One shared spectest module (as the reference interpreter has); prefer createSpectest() for isolation. */
export const spectest: Imports = createSpectest();
