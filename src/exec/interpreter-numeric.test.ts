// Every numeric instruction run through the whole pipeline (decode → validate → lower → interpret)
// against V8's WebAssembly on the same bytes, on boundary operands and seeded random ones.

import { test } from "node:test";
import assert from "node:assert/strict";
import { RuntimeError } from "../core/index.ts";
import type { TrapKind } from "../core/index.ts";
import { NUMERIC_OPS, boundaryTuples, fromJsResult, judgeOutcome, makeRng, oracleModuleWat, randomValue, toJsArgument, v8TrapKinds } from "./numeric-cases.ts";
import type { Outcome } from "./numeric-cases.ts";
import { instantiateBytes, watToBytes } from "./minimal-instance.test-helper.ts";

test("numeric instructions agree with V8 on boundary and random operands", async () => {
  const bytes = await watToBytes(oracleModuleWat());
  const ours = instantiateBytes(bytes);
  const v8 = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).exports as Record<string, (...a: unknown[]) => unknown>;
  const next = makeRng(12345);
  const failures: string[] = [];
  for (const op of NUMERIC_OPS) {
    const tuples = boundaryTuples(op);
    for (let r = 0; r < 200; r++) tuples.push(op.params.map((t) => randomValue(t, next)));
    for (const args of tuples) {
      let oracle: Outcome;
      let oracleKinds: readonly TrapKind[] | undefined;
      try {
        oracle = { bits: fromJsResult(op.result, v8[op.name](...args.map((a, i) => toJsArgument(op.params[i], a)))) };
      } catch (e) {
        if (!(e instanceof WebAssembly.RuntimeError)) throw e;
        oracleKinds = v8TrapKinds(e.message);
        oracle = { trap: oracleKinds[0] };
      }
      let actual: Outcome;
      try {
        const [bits] = ours.call(op.name, ...args);
        actual = { bits: op.result === "i32" || op.result === "f32" ? BigInt.asUintN(32, bits) : bits };
      } catch (e) {
        if (!(e instanceof RuntimeError)) throw e;
        actual = { trap: e.trap };
      }
      const problem = judgeOutcome(op, args, oracle, oracleKinds, actual);
      if (problem !== undefined && !failures.some((f) => f.startsWith(op.name + "("))) failures.push(`${op.name}(${args.map((a) => "0x" + a.toString(16)).join(", ")}): ${problem}`);
    }
  }
  assert.deepEqual(failures, []);
});
