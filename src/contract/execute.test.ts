// Contract execution end to end. Oracles: the results ../shared/contracts/README.md gives for the
// real Rust contract (obtained on V8), V8 itself running the example token with a plain JS mock of
// the xq functions (no code shared with src/), and hand computation of gas (each wasm instruction at
// its price in DEFAULT_GAS_SCHEDULE, plus host calls at 200 + 1 per byte moved) and of balances.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MemoryStateStore, deploy, execute, ownerOf, toResultJson } from "./index.ts";
import type { WasmResult } from "./index.ts";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const wabt = await (await import("wabt")).default();
const wat = (text: string): Uint8Array => {
  const parsed = wabt.parseWat("c.wat", text);
  try {
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
};
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
/** A WAT data string of the bytes of a hex address. */
const watBytes = (addressHex: string): string => addressHex.replace(/(..)/g, "\\$1");

const OWNER = "11".repeat(20);
const BOB = "22".repeat(20);
const CAROL = "33".repeat(20);
const TOKEN = "cc".repeat(20);
const PROXY = "dd".repeat(20);
const SELF = "ee".repeat(20);

const rustContract = readFileSync(new URL("../../../shared/contracts/xwasm-contract.wasm", import.meta.url));

function tokenWasm(): Uint8Array {
  const path = join(repoRoot, "examples", "token", "build", "token.wasm");
  if (!existsSync(path)) {
    const build = spawnSync(process.execPath, [join(repoRoot, "scripts", "build-examples.mjs"), "token"], { cwd: repoRoot, encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);
  }
  return readFileSync(path);
}

function assertSuccess(result: WasmResult): asserts result is Extract<WasmResult, { status: "success" }> {
  assert.equal(result.status, "success", result.status === "reject" ? `${result.codeName}: ${result.reason}` : "");
}

test("xwasm-contract.wasm: both entries return 1 and echo the parameter (README results)", async () => {
  const parameter = '{"name":"xq","age":18,"sex":"man"}';
  for (const funcName of ["init_xq", "xq_abc"]) {
    const result = await execute({ code: rustContract, funcName, context: { parameter } });
    assertSuccess(result);
    assert.equal(new TextDecoder().decode(result.data), parameter);
    assert.deepEqual(result.events, []);
    assert.deepEqual(result.writes, []);
    // get_parameter and set_return_data cost 200 + 34 bytes each; the rest is the contract's own
    // instructions (too many to count by hand: checked to be there and to repeat exactly).
    assert.ok(result.usedGas > 2 * (200 + 34), `usedGas ${result.usedGas}`);
    const again = await execute({ code: rustContract, funcName, context: { parameter } });
    assert.equal(again.usedGas, result.usedGas);
  }
  const age10 = await execute({ code: rustContract, funcName: "init_xq", context: { parameter: '{"name":"xq","age":10,"sex":"man"}' } });
  assertSuccess(age10);
  assert.match(new TextDecoder().decode(age10.data), /"age":10/);
});

test("xwasm-contract.wasm: a bad or oversized parameter traps and is a Reject with the gas used", async () => {
  const bad = await execute({ code: rustContract, funcName: "init_xq", context: { parameter: "not json" } });
  assert.deepEqual({ ...toResultJson(bad), usedGas: 0 }, {
    status: "reject", code: 1006, codeName: "ExecuteFail", reason: "trap: unreachable", usedGas: 0, events: [], data: "",
  });
  assert.ok(bad.usedGas > 200 + 8); // get_parameter and the instructions up to the panic
  // 5,000 bytes: get_parameter refuses (−103, base cost only) and the contract panics.
  const huge = await execute({ code: rustContract, funcName: "xq_abc", context: { parameter: "x".repeat(5000) } });
  assert.equal(huge.status, "reject");
  assert.ok(huge.usedGas > 200);
  assert.equal(huge.status === "reject" && huge.codeName, "ExecuteFail");
});

test("outcome codes: each failure maps to the original engine's WasmError", async () => {
  const ok = `(func (export "ok") (param i64) (result i32) i32.const 1)`;
  const cases: Array<[string, Uint8Array | undefined, string, string?]> = [
    ["CodeNotFound", undefined, "ok"],
    ["CantDeserializeWasm", new Uint8Array([1, 2, 3, 4]), "ok"],
    ["CantDeserializeWasm", new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0x0a, 0xff]), "ok"],
    ["InvalidModule", wat(`(module (func (export "f") (param i64) (result i32) i64.const 0))`), "f"],
    ["InvalidMemory", wat(`(module (global (export "memory") i32 (i32.const 0)) ${ok})`), "ok"],
    ["InvalidHeapPages", wat(`(module (memory (export "memory") 2000) ${ok})`), "ok"],
    ["Instantiation", wat(`(module (import "env" "abort" (func)) ${ok})`), "ok"],
    ["Instantiation", wat(`(module (func $s unreachable) (start $s) ${ok})`), "ok"],
    ["KeyNotFound", wat(`(module ${ok})`), "missing"],
    ["KeyNotFound", wat(`(module (memory (export "mem") 1) ${ok})`), "mem"],
    ["InvalidReturn", wat(`(module (func (export "f") (param i32) (result i32) i32.const 1))`), "f"],
    ["InvalidReturn", wat(`(module (func (export "f") (param i64)))`), "f"],
    ["ExecuteFail", wat(`(module (func (export "f") (param i64) (result i32) i32.const 0))`), "f"],
    ["ExecuteFail", wat(`(module (func (export "f") (param i64) (result i32) i32.const 2))`), "f"],
    ["ExecuteFail", wat(`(module (func (export "f") (param i64) (result i32) i32.const 0 i32.const 0 i32.div_u))`), "f", "trap: integer divide by zero"],
  ];
  for (const [codeName, code, funcName, reason] of cases) {
    const state = new MemoryStateStore();
    const result = await execute({ code, funcName, state });
    assert.equal(result.status, "reject", codeName);
    if (result.status !== "reject") continue;
    assert.equal(result.codeName, codeName, `${codeName}: got ${result.codeName} (${result.reason})`);
    assert.equal(result.code, 1000 + ["CodeNotFound", "InvalidModule", "CantDeserializeWasm", "InvalidMemory", "InvalidHeapPages", "OutOfGas", "ExecuteFail", "InvalidReturn", "Instantiation", "KeyNotFound", "HostFuncErr"].indexOf(codeName));
    if (reason !== undefined) assert.equal(result.reason, reason);
    assert.deepEqual(state.dump(), { storage: [], balances: [], code: [] });
  }
});

/**
 * The token on V8 with a plain mock of xq (storage of one contract, events, return data), keeping
 * writes only when the entry returns 1 — the independent oracle for the engine's results.
 */
class V8Token {
  storage = new Map<string, string>();
  readonly module: WebAssemblyModuleLike;
  constructor(bytes: Uint8Array) {
    this.module = new V8.Module(bytes);
  }
  call(entry: string, parameter: string, invoker: string): { status: number | "trap"; data: string; events: string[] } {
    const saved = new Map(this.storage);
    const events: string[] = [];
    let data = "";
    let memory: { buffer: ArrayBuffer } | undefined;
    const view = (): Uint8Array => new Uint8Array(memory!.buffer);
    const param = utf8(parameter);
    const xq = {
      get_owner: (ptr: number) => view().set(Buffer.from(OWNER, "hex"), ptr),
      get_invoker: (ptr: number) => view().set(Buffer.from(invoker, "hex"), ptr),
      get_parameter: (ptr: number) => (view().set(param, ptr), param.length),
      set_event: (ptr: number, len: number) => (events.push(new TextDecoder().decode(view().slice(ptr, ptr + len))), len),
      set_return_data: (ptr: number, len: number) => ((data = new TextDecoder().decode(view().slice(ptr, ptr + len))), len),
      set_store: (kptr: number, klen: number, vptr: number, vlen: number) => {
        this.storage.set(hex(view().slice(kptr, kptr + klen)), hex(view().slice(vptr, vptr + vlen)));
        return 0;
      },
      get_store_len: (kptr: number, klen: number) => {
        const value = this.storage.get(hex(view().slice(kptr, kptr + klen)));
        return value === undefined ? -109 : value.length / 2;
      },
      get_store_cap: (kptr: number, klen: number, vptr: number, vcap: number) => {
        const value = this.storage.get(hex(view().slice(kptr, kptr + klen)));
        if (value === undefined) return -109;
        if (value.length / 2 > vcap) return -110;
        view().set(Buffer.from(value, "hex"), vptr);
        return value.length / 2;
      },
      Debug: () => {},
    };
    try {
      const instance = new V8.Instance(this.module, { xq });
      memory = instance.exports["memory"] as { buffer: ArrayBuffer };
      const status = (instance.exports[entry] as (amount: bigint) => number)(0n);
      if (status !== 1) this.storage = saved;
      return { status, data: status === 1 ? data : "", events: status === 1 ? events : [] };
    } catch {
      this.storage = saved;
      return { status: "trap", data: "", events: [] };
    }
  }
}
interface WebAssemblyModuleLike { readonly brand?: never }
const V8 = (globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => WebAssemblyModuleLike;
    Instance: new (module: WebAssemblyModuleLike, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  };
}).WebAssembly;

function storageOf(state: MemoryStateStore, address: string): Map<string, string> {
  return new Map(state.dump().storage.filter((entry) => entry.address === address).map((entry) => [entry.key, entry.value]));
}

test("token: deploy, transfers, balances and an overdraft agree with V8 running the same contract", async () => {
  const code = tokenWasm();
  const state = new MemoryStateStore();
  const deployed = await deploy({ code, address: TOKEN, owner: OWNER, state });
  assert.equal(deployed.status, "success");
  assert.deepEqual(ownerOf(state, TOKEN), new Uint8Array(Buffer.from(OWNER, "hex")));
  const oracle = new V8Token(code);
  const steps: Array<[string, string, string]> = [
    ["transfer", `${BOB},1`, OWNER], // not initialized yet: rejected
    ["init", '{"supply":1000}', OWNER],
    ["init", "5", OWNER], // minting happens once
    ["transfer", JSON.stringify({ to: BOB, amount: 300 }), OWNER],
    ["transfer", `${CAROL},50`, BOB],
    ["transfer", `${OWNER},251`, BOB], // overdraft: BOB holds 250
    ["transfer", `${BOB},-1`, OWNER],
    ["balance_of", OWNER, CAROL],
    ["balance_of", JSON.stringify({ address: BOB }), CAROL],
    ["balance_of", CAROL, CAROL],
    ["total_supply", "", CAROL],
  ];
  for (const [entry, parameter, invoker] of steps) {
    const before = state.dump();
    const expected = oracle.call(entry, parameter, invoker);
    const result = await execute({ funcName: entry, state, context: { contractAddress: TOKEN, invoker, parameter } });
    const label = `${entry}(${parameter}) by ${invoker.slice(0, 2)}`;
    if (expected.status === 1) {
      assertSuccess(result);
      assert.equal(new TextDecoder().decode(result.data), expected.data, label);
      assert.deepEqual(result.events, expected.events, label);
    } else {
      assert.equal(result.status, "reject", label);
      assert.deepEqual(state.dump(), before, `${label}: a reject leaves the state as it was`);
    }
    assert.deepEqual(storageOf(state, TOKEN), oracle.storage, label);
  }
  // By hand: 1000 - 300 = 700, 300 - 50 = 250, 50.
  const balance = async (who: string): Promise<string> => {
    const result = await execute({ funcName: "balance_of", state, context: { contractAddress: TOKEN, parameter: who } });
    assertSuccess(result);
    return new TextDecoder().decode(result.data);
  };
  assert.deepEqual([await balance(OWNER), await balance(BOB), await balance(CAROL)], ["700", "250", "50"]);
});

test("token: out of gas in the middle of a transfer is rejected and leaves the state unchanged", async () => {
  const state = new MemoryStateStore();
  await deploy({ code: tokenWasm(), address: TOKEN, owner: OWNER, state });
  assertSuccess(await execute({ funcName: "init", state, context: { contractAddress: TOKEN, parameter: "1000" } }));
  const transfer = { funcName: "transfer", state, context: { contractAddress: TOKEN, parameter: `${BOB},10` } };
  const dryRun = await execute({ ...transfer, commit: false });
  assertSuccess(dryRun);
  assert.equal(dryRun.writes.length, 2); // both balances written
  const before = state.dump();
  // 250 short: it runs dry after both balances are written (in the journal), while building the
  // event and return data that follow them.
  const limit = dryRun.usedGas - 250;
  const result = await execute({ ...transfer, gasLimit: limit });
  assert.equal(result.status, "reject");
  assert.equal(result.status === "reject" && result.codeName, "OutOfGas");
  assert.equal(result.usedGas, limit); // out of gas spends the budget (the engine's rule)
  assert.deepEqual(state.dump(), before);
  // With the full amount it goes through.
  assertSuccess(await execute({ ...transfer, gasLimit: dryRun.usedGas }));
});

const proxyWat = (target: string): string => `(module
  (import "xq" "get_parameter" (func $get_parameter (param i32) (result i32)))
  (import "xq" "call" (func $call (param i32 i64 i32 i32 i32 i32) (result i32)))
  (import "xq" "set_store" (func $set_store (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "${watBytes(target)}")
  (data (i32.const 32) "transfer")
  (data (i32.const 48) "rc")
  ;; Forwards its parameter to target.transfer and records the host's return code under "rc".
  (func (export "forward") (param i64) (result i32) (local $len i32)
    (local.set $len (call $get_parameter (i32.const 256)))
    (i32.store (i32.const 64) (call $call (i32.const 0) (i64.const 0) (i32.const 32) (i32.const 8) (i32.const 256) (local.get $len)))
    (drop (call $set_store (i32.const 48) (i32.const 2) (i32.const 64) (i32.const 4)))
    (i32.const 1)))`;

test("cross-contract call: the proxy moves its own tokens; a rejected callee changes nothing of its own", async () => {
  const state = new MemoryStateStore();
  await deploy({ code: tokenWasm(), address: TOKEN, owner: OWNER, state });
  await deploy({ code: wat(proxyWat(TOKEN)), address: PROXY, owner: OWNER, state });
  assertSuccess(await execute({ funcName: "init", state, context: { contractAddress: TOKEN, parameter: "1000" } }));
  assertSuccess(await execute({ funcName: "transfer", state, context: { contractAddress: TOKEN, parameter: `${PROXY},100` } }));

  const forwarded = await execute({ funcName: "forward", state, context: { contractAddress: PROXY, invoker: CAROL, parameter: `${BOB},30` } });
  assertSuccess(forwarded);
  // The token saw the proxy as its invoker: the event and the writes say so.
  assert.deepEqual(forwarded.events, [`{"event":"transfer","from":"${PROXY}","to":"${BOB}","amount":30}`]);
  assert.deepEqual(forwarded.writes.map((w) => w.address).sort(), [TOKEN, TOKEN, PROXY]); // two balances, "rc"
  const rcKey = hex(utf8("rc"));
  assert.equal(state.getStorage(PROXY, rcKey) && hex(state.getStorage(PROXY, rcKey)!), "00000000");
  const read = async (who: string): Promise<string> => {
    const result = await execute({ funcName: "balance_of", state, context: { contractAddress: TOKEN, parameter: who } });
    assertSuccess(result);
    return new TextDecoder().decode(result.data);
  };
  assert.deepEqual([await read(PROXY), await read(BOB)], ["70", "30"]);

  // The proxy holds 70: forwarding 71 makes the callee reject; the call returns −108 to the proxy,
  // the token's state is untouched, and the proxy's own write still commits.
  const tokenBefore = storageOf(state, TOKEN);
  const overdraft = await execute({ funcName: "forward", state, context: { contractAddress: PROXY, parameter: `${BOB},71` } });
  assertSuccess(overdraft);
  assert.deepEqual(overdraft.events, []);
  assert.deepEqual(storageOf(state, TOKEN), tokenBefore);
  assert.equal(hex(state.getStorage(PROXY, rcKey)!), "94ffffff"); // −108 little-endian

  // A call to an address with no code fails the same way.
  await deploy({ code: wat(proxyWat(CAROL)), address: "de".repeat(20), state });
  assertSuccess(await execute({ funcName: "forward", state, context: { contractAddress: "de".repeat(20), parameter: "x" } }));
  assert.equal(hex(state.getStorage("de".repeat(20), rcKey)!), "94ffffff");
});

const recursiveWat = `(module
  (import "xq" "get_contract_address" (func $self (param i32)))
  (import "xq" "call" (func $call (param i32 i64 i32 i32 i32 i32) (result i32)))
  (import "xq" "set_event" (func $set_event (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "recurse")
  (data (i32.const 48) "ok")
  (data (i32.const 56) "fail")
  ;; Calls itself; after the call returns, emits "ok" if it succeeded and "fail" otherwise.
  (func (export "recurse") (param i64) (result i32)
    (call $self (i32.const 0))
    (if (i32.eqz (call $call (i32.const 0) (i64.const 0) (i32.const 32) (i32.const 7) (i32.const 0) (i32.const 0)))
      (then (drop (call $set_event (i32.const 48) (i32.const 2))))
      (else (drop (call $set_event (i32.const 56) (i32.const 4)))))
    (i32.const 1)))`;

test("a contract calling itself recursively stops cleanly at the depth limit", async () => {
  const state = new MemoryStateStore();
  await deploy({ code: wat(recursiveWat), address: SELF, state });
  // Frames at depth 0..16; the one at depth 16 may not call further and gets −108.
  const result = await execute({ funcName: "recurse", state, context: { contractAddress: SELF } });
  assertSuccess(result);
  assert.deepEqual(result.events, ["fail", ...Array<string>(16).fill("ok")]);
  // Gas by hand per frame: host calls get_contract_address 220, call 200 + 20 + 7, event 202 ("ok")
  // or 204 ("fail"); instructions 44: i32.const + call (11), six constants + call (16), i32.eqz + if
  // (3), two constants + call + drop (13), i32.const (1).
  assert.equal(result.usedGas, 17 * (220 + 227 + 44) + 202 * 16 + 204);
  const shallow = await execute({ funcName: "recurse", state, context: { contractAddress: SELF }, maxCallDepth: 2 });
  assertSuccess(shallow);
  assert.deepEqual(shallow.events, ["fail", "ok", "ok"]);
  // Out of gas deep in the recursion (each level costs 447 before recursing, so the 7th runs dry):
  // the innermost callee rejects, each caller gets −108 and cannot pay for its event either, and
  // the whole call is a Reject OutOfGas.
  const starved = await execute({ funcName: "recurse", state, context: { contractAddress: SELF }, gasLimit: 3000 });
  assert.equal(starved.status, "reject");
  assert.equal(starved.status === "reject" && starved.codeName, "OutOfGas");
  assert.equal(starved.usedGas, 3000); // out of gas spends the budget (the engine's rule)
});

test("hostile contracts: 65 events, a bad pointer, a refused parameter, gas.gas", async () => {
  const events65 = wat(`(module
    (import "xq" "set_event" (func $set_event (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 0) "e")
    (func (export "spam") (param i64) (result i32) (local $i i32) (local $rc i32)
      (loop $again
        (local.set $rc (call $set_event (i32.const 0) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $again (i32.lt_u (local.get $i) (i32.const 65))))
      (i32.eq (local.get $rc) (i32.const -102))))`);
  const spam = await execute({ code: events65, funcName: "spam" });
  assertSuccess(spam);
  assert.equal(spam.events.length, 64);
  // Host: 64 events at 201, the refused one at 200. Instructions: 22 per iteration (two constants,
  // call, local.set; local.get, i32.const, i32.add, local.set; local.get, i32.const, i32.lt_u, br_if
  // at 2), then local.get, i32.const, i32.eq.
  assert.equal(spam.usedGas, 64 * 201 + 200 + 65 * 22 + 3);

  const badPointer = wat(`(module
    (import "xq" "get_owner" (func $owner (param i32)))
    (memory (export "memory") 1)
    (func (export "f") (param i64) (result i32) (call $owner (i32.const 65530)) (i32.const 1)))`);
  const trapped = await execute({ code: badPointer, funcName: "f" });
  assert.deepEqual(toResultJson(trapped), {
    status: "reject", code: 1006, codeName: "ExecuteFail", reason: "trap: out of bounds memory access: get_owner(65530) writes 20 bytes past the memory of 65536 bytes",
    usedGas: 1 + 10 + 200, events: [], data: "", // i32.const, call, the host's base
  });

  const parameterCode = wat(`(module
    (import "xq" "get_parameter" (func $p (param i32) (result i32)))
    (memory (export "memory") 1)
    (func (export "f") (param i64) (result i32) (i32.eq (call $p (i32.const 0)) (i32.const -103))))`);
  assertSuccess(await execute({ code: parameterCode, funcName: "f", context: { parameter: "p".repeat(5000) } }));

  const metered = wat(`(module
    (import "gas" "gas" (func $gas (param i32)))
    (func (export "f") (param i64) (result i32) (call $gas (i32.const 1000)) (call $gas (i32.const 500)) (i32.const 1)))`);
  const paid = await execute({ code: metered, funcName: "f" });
  assertSuccess(paid);
  assert.equal(paid.usedGas, 1000 + 500 + 3 * 1 + 2 * 10); // three i32.const, two calls
  const short = await execute({ code: metered, funcName: "f", gasLimit: 1500 });
  assert.deepEqual(toResultJson(short), { status: "reject", code: 1005, codeName: "OutOfGas", reason: "out of gas: 1500 used, limit 1500", usedGas: 1500, events: [], data: "" });
  // Instrumented elsewhere: with host-only metering it pays exactly what it asks for, as in the original.
  const selfMetered = await execute({ code: metered, funcName: "f", metering: "host-only" });
  assertSuccess(selfMetered);
  assert.equal(selfMetered.usedGas, 1500);
  const free = await execute({ code: metered, funcName: "f", gasLimit: 0, context: { gas: false } });
  assertSuccess(free);
  assert.equal(free.usedGas, 0);
});

test("transfer and attached amounts move balances and fail cleanly", async () => {
  const payer = wat(`(module
    (import "xq" "transfer" (func $transfer (param i32 i64) (result i32)))
    (import "xq" "get_contract_balance" (func $balance (result i64)))
    (memory (export "memory") 1)
    (data (i32.const 0) "${watBytes(BOB)}")
    ;; Pays 50 to BOB; succeeds only if the host says 0.
    (func (export "pay") (param i64) (result i32) (i32.eqz (call $transfer (i32.const 0) (i64.const 50))))
    ;; Succeeds if its balance equals the attached amount plus 7.
    (func (export "check") (param i64) (result i32) (i64.eq (call $balance) (i64.add (local.get 0) (i64.const 7)))))`);
  const state = new MemoryStateStore();
  await deploy({ code: payer, address: PROXY, balance: 60n, state });
  assertSuccess(await execute({ funcName: "pay", state, context: { contractAddress: PROXY } }));
  assert.deepEqual([state.getBalance(PROXY), state.getBalance(BOB)], [10n, 50n]);
  const before = state.dump();
  const broke = await execute({ funcName: "pay", state, context: { contractAddress: PROXY } });
  assert.equal(broke.status === "reject" && broke.codeName, "ExecuteFail");
  assert.deepEqual(state.dump(), before);

  // An attached amount moves from the invoker before the entry runs. `check` wants its balance to be
  // amount + 7: holding 10, amount 3 makes 13 ≠ 10, so it rejects and the 3 go back to CAROL.
  await state.setBalance(CAROL, 5n);
  const attached = await execute({ funcName: "check", state, context: { contractAddress: PROXY, invoker: CAROL }, amount: 3n });
  assert.equal(attached.status, "reject");
  assert.deepEqual([state.getBalance(PROXY), state.getBalance(CAROL)], [10n, 5n]);
  await state.setBalance(PROXY, 7n); // 7 + 3 = 10 = 3 + 7
  assertSuccess(await execute({ funcName: "check", state, context: { contractAddress: PROXY, invoker: CAROL }, amount: 3n }));
  assert.deepEqual([state.getBalance(PROXY), state.getBalance(CAROL)], [10n, 2n]);
  const unpaid = await execute({ funcName: "check", state, context: { contractAddress: PROXY, invoker: CAROL }, amount: 3n });
  assert.equal(unpaid.status === "reject" && unpaid.codeName, "ExecuteFail");
  assert.match(unpaid.status === "reject" ? unpaid.reason : "", /insufficient-funds/);
});

test("results are deterministic: the same call on the same state gives the same result", async () => {
  const runOnce = async (): Promise<unknown> => {
    const state = new MemoryStateStore();
    await deploy({ code: tokenWasm(), address: TOKEN, owner: OWNER, state });
    const results = [];
    results.push(await execute({ funcName: "init", state, context: { contractAddress: TOKEN, parameter: "77", blockHeight: 5n, blockTime: 9n } }));
    results.push(await execute({ funcName: "transfer", state, context: { contractAddress: TOKEN, parameter: `${BOB},7` } }));
    return { results, dump: state.dump() };
  };
  assert.deepEqual(await runOnce(), await runOnce());
});

test("block context reaches the contract; get_block_hash links with the Rust SDK's i64 result", async () => {
  const code = wat(`(module
    (import "xq" "get_block_hash" (func $hash (param i32) (result i64)))
    (import "xq" "get_block_height" (func $height (result i64)))
    (import "xq" "get_block_time" (func $time (result i64)))
    (import "xq" "set_return_data" (func $ret (param i32 i32) (result i32)))
    (memory (export "memory") 1)
    ;; Returns the hash as return data; succeeds if its length is 4, height 7 and time 9.
    (func (export "f") (param i64) (result i32) (local $len i64)
      (local.set $len (call $hash (i32.const 0)))
      (drop (call $ret (i32.const 0) (i32.wrap_i64 (local.get $len))))
      (i32.and (i32.and (i64.eq (local.get $len) (i64.const 4)) (i64.eq (call $height) (i64.const 7)))
        (i64.eq (call $time) (i64.const 9)))))`);
  const result = await execute({ code, funcName: "f", context: { blockHash: "41424344", blockHeight: 7n, blockTime: 9n } });
  assertSuccess(result);
  assert.equal(new TextDecoder().decode(result.data), "ABCD");
  // Host: 204 + 204 + 200 + 200. Instructions: i32.const, call, local.set (12); i32.const,
  // local.get, i32.wrap_i64, call, drop (14); three i64.eq with their operands, two calls, two i32.and (29).
  assert.equal(result.usedGas, 808 + 12 + 14 + 29);
});

test("memory.grow past the contract memory cap returns -1 instead of allocating", async () => {
  const code = wat(`(module (memory (export "memory") 1)
    (func (export "grow") (param i64) (result i32)
      (i32.and (i32.eq (memory.grow (i32.const 2000)) (i32.const -1))
               (i32.eq (memory.grow (i32.const 3)) (i32.const 1)))))`);
  assertSuccess(await execute({ code, funcName: "grow" }));
  const tight = await execute({ code, funcName: "grow", maxMemoryPages: 3 }); // 1 + 3 > 3: the second grow fails too
  assert.equal(tight.status === "reject" && tight.codeName, "ExecuteFail");
});

test("an endless loop runs out of gas, or hits the instruction limit when gas is off", async () => {
  const code = wat(`(module (func (export "spin") (param i64) (result i32) (loop $l (br $l)) (i32.const 1)))`);
  const metered = await execute({ code, funcName: "spin", gasLimit: 100_000 });
  assert.deepEqual({ codeName: metered.status === "reject" && metered.codeName, usedGas: metered.usedGas }, { codeName: "OutOfGas", usedGas: 100_000 });
  const unmetered = await execute({ code, funcName: "spin", context: { gas: false }, instructionLimit: 10_000 });
  assert.equal(unmetered.status === "reject" && unmetered.codeName, "ExecuteFail");
  assert.match(unmetered.status === "reject" ? unmetered.reason : "", /instruction limit/);
});
