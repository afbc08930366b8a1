// Deploy stores the precompiled artifact with the code; calls load it instead of compiling, and a
// damaged or foreign artifact is refused and the code compiled instead, with the same result.
// Oracles: ../shared/contracts/README.md (the Rust contract echoes its parameter) and a
// hand-written WAT contract whose result is fixed by its text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import wabtInit from "wabt";
import { isArtifact } from "../runtime/index.ts";
import { clearContractModuleCache, contractModuleSources, deploy, execute } from "./execute.ts";
import { REGISTRY_ADDRESS } from "./registry.ts";
import { Journal, MemoryStateStore } from "./state.ts";

const rustContract = new Uint8Array(readFileSync(new URL("../../../shared/contracts/xwasm-contract.wasm", import.meta.url)));
const PARAMETER = '{"name":"xq","age":18,"sex":"man"}';
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

test("a deployed contract runs from its stored artifact, with the README's result", async () => {
  const state = new MemoryStateStore();
  const address = "ab".repeat(20);
  const deployed = await deploy({ code: rustContract, address, state });
  assert.equal(deployed.status, "success");
  const artifact = state.getStorage(REGISTRY_ADDRESS, sha256(rustContract));
  assert.ok(artifact !== undefined && isArtifact(artifact), "deploy stored an artifact");

  clearContractModuleCache(); // as in a new process: deploy compiled the code once to check it
  const before = { ...contractModuleSources };
  const result = await execute({ funcName: "xq_abc", state, context: { contractAddress: address, parameter: PARAMETER } });
  assert.equal(result.status, "success");
  assert.equal(new TextDecoder().decode(result.status === "success" ? result.data : new Uint8Array()), PARAMETER);
  assert.equal(contractModuleSources.artifactLoads - before.artifactLoads, 1);
  assert.equal(contractModuleSources.compiles - before.compiles, 0);
});

test("a damaged stored artifact is refused and the code compiled instead", async () => {
  const wabt = await wabtInit();
  // Returns 1 (success) after setting 3 bytes of return data "ok!" from a data segment.
  const wat = `(module
    (import "xq" "set_return_data" (func $ret (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "ok!")
    (func (export "run") (param i64) (result i32)
      (drop (call $ret (i32.const 16) (i32.const 3)))
      (i32.const 1)))`;
  const code = new Uint8Array(wabt.parseWat("ok.wat", wat).toBinary({}).buffer);
  const state = new MemoryStateStore();
  const address = "cd".repeat(20);
  await deploy({ code, address, state });
  const key = sha256(code);
  const artifact = state.getStorage(REGISTRY_ADDRESS, key)!;
  const damaged = artifact.slice();
  damaged[damaged.length >> 1] ^= 0x40;
  const journal = new Journal(state);
  journal.putStorage(REGISTRY_ADDRESS, key, damaged);
  await journal.commitToStore();

  clearContractModuleCache(); // as in a new process: deploy compiled the code once to check it
  const before = { ...contractModuleSources };
  const result = await execute({ funcName: "run", state, context: { contractAddress: address } });
  assert.equal(result.status, "success");
  assert.equal(new TextDecoder().decode(result.status === "success" ? result.data : new Uint8Array()), "ok!");
  assert.equal(contractModuleSources.artifactRefused - before.artifactRefused, 1);
  assert.equal(contractModuleSources.compiles - before.compiles, 1);
});
