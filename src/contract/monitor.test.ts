// Per-call monitoring of contract calls on the real Rust contract (../shared/contracts): the report
// agrees with the result (gas) and with the README's host calls, a profile's totals are exactly the
// call's gas and instructions — on success, on a trap and when the gas runs out mid-call — and
// profiling changes neither the result nor the gas.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { execute } from "./index.ts";
import type { CallReport, ExecuteOptions, WasmResult } from "./index.ts";

const rustContract = readFileSync(new URL("../../../shared/contracts/xwasm-contract.wasm", import.meta.url));
const PARAMETER = '{"name":"xq","age":18,"sex":"man"}';

async function call(options: Omit<ExecuteOptions, "code">, profile: boolean): Promise<{ result: WasmResult; report: CallReport }> {
  let report: CallReport | undefined;
  const result = await execute({ code: rustContract, ...options, profile, onReport: (r) => (report = r) });
  assert.ok(report !== undefined, "onReport was called");
  return { result, report };
}

test("report and profile of successful, trapping and out-of-gas calls", async () => {
  const cases: [string, Omit<ExecuteOptions, "code">, string][] = [
    ["success", { funcName: "xq_abc", context: { parameter: PARAMETER } }, "success"],
    ["trap", { funcName: "xq_abc", context: { parameter: "{" } }, "ExecuteFail"],
    ["out of gas", { funcName: "init_xq", context: { parameter: PARAMETER }, gasLimit: 3000 }, "OutOfGas"],
    ["out of gas in a host call", { funcName: "init_xq", context: { parameter: PARAMETER }, gasLimit: 600 }, "OutOfGas"],
  ];
  for (const [what, options, outcome] of cases) {
    const plain = await call(options, false);
    assert.equal(plain.result.status === "success" ? "success" : plain.result.codeName, outcome, what);
    const profiled = await call(options, true);
    assert.deepEqual(profiled.result, plain.result, `${what}: profiling changes nothing`);
    assert.equal(plain.report.gasUsed, plain.result.usedGas, what);
    assert.equal(profiled.report.instructions, plain.report.instructions, what);
    assert.equal(plain.report.profile, undefined);
    const profile = profiled.report.profile!;
    assert.equal(profile.gasUsed, profiled.result.usedGas, `${what}: profile gas = used gas`);
    assert.equal(profile.instructions, profiled.report.instructions, `${what}: profile instructions`);
    assert.equal(profile.byClass.reduce((s, c) => s + c.gas, 0), profile.gasUsed);
    assert.equal(profile.byFunction.reduce((s, f) => s + f.instructions, 0), profile.instructions);
    assert.ok(plain.report.wallTimeMs >= 0 && plain.report.peakCallDepth > 0, what);
    assert.deepEqual(profiled.report.hostCallsByName, plain.report.hostCallsByName);
  }
  const ok = await call(cases[0][1], false);
  assert.equal(ok.result.status, "success");
  // The README: the entry reads its parameter and returns it (one get_parameter, one set_return_data).
  assert.equal(ok.report.hostCallsByName["xq.get_parameter"], 1);
  assert.equal(ok.report.hostCallsByName["xq.set_return_data"], 1);
  assert.equal(ok.report.hostCalls, Object.values(ok.report.hostCallsByName).reduce((s, n) => s + n, 0));
  const outOfGas = await call(cases[2][1], true);
  assert.equal(outOfGas.result.status === "reject" && outOfGas.result.codeName, "OutOfGas");
  assert.equal(outOfGas.report.profile!.gasUsed, 3000);
});

test("host-only metering reports host calls and no profile", async () => {
  const { result, report } = await call({ funcName: "init_xq", context: { parameter: PARAMETER }, metering: "host-only" }, true);
  assert.equal(result.usedGas, 468); // 2 × (200 + 34), as in the CLI test
  assert.equal(report.gasUsed, 468);
  assert.equal(report.profile, undefined);
  assert.equal(report.hostCallsByName["xq.get_parameter"], 1);
});
