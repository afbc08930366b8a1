// The xq host functions against hand-computed expectations: every function's bounds checks and
// codes (the original engine's −100 … −108 and the xwasm −109/−110), hostile pointers and lengths
// (past memory, near 2^32 where 32-bit arithmetic would wrap, after memory.grow), 65 events, a
// 5,000-byte parameter, gas charged before acting, and linking by the declared type.

import { test } from "node:test";
import assert from "node:assert/strict";
import { LinkError, OutOfGas, RuntimeError } from "../../core/index.ts";
import { Instance, Memory, Module } from "../../runtime/index.ts";
import { CONTRACT_LIMITS, HostCode, XqHost } from "./index.ts";
import type { XqEnvironment, XqOutcome } from "./index.ts";

const wabt = await (await import("wabt")).default();

function compile(text: string): Module {
  const parsed = wabt.parseWat("xq.wat", text);
  try {
    return new Module(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const address = (byte: number): Uint8Array => new Uint8Array(20).fill(byte);
const PAGE = 65536;

/** A plain environment: what the host did is recorded, gas counted against a limit. */
class MockEnvironment implements XqEnvironment {
  memory: Memory | undefined;
  gasUsed = 0;
  gasLimit = Number.MAX_SAFE_INTEGER;
  parameterBytes = utf8('{"a":1}');
  hash = new Uint8Array(32).fill(0xab);
  storage = new Map<string, Uint8Array>();
  events: string[] = [];
  returnData: Uint8Array | undefined;
  debugLog: string[] = [];
  calls: Array<{ address: Uint8Array; amount: bigint; func: string; parameter: Uint8Array }> = [];
  transfers: Array<{ address: Uint8Array; amount: bigint }> = [];
  outcome: XqOutcome = "ok";

  charge(gas: number): void {
    if (gas > this.gasLimit - this.gasUsed) throw new OutOfGas(this.gasUsed, this.gasLimit);
    this.gasUsed += gas;
  }
  owner(): Uint8Array { return address(0x11); }
  invoker(): Uint8Array { return address(0x22); }
  contractAddress(): Uint8Array { return address(0xcc); }
  contractBalance(): bigint { return (1n << 64n) - 1n; }
  parameter(): Uint8Array { return this.parameterBytes; }
  blockTime(): bigint { return 1_700_000_000n; }
  blockHeight(): bigint { return 42n; }
  blockHash(): Uint8Array { return this.hash; }
  getStore(key: Uint8Array): Uint8Array | undefined { return this.storage.get(Buffer.from(key).toString("hex"))?.slice(); }
  setStore(key: Uint8Array, value: Uint8Array): XqOutcome {
    this.storage.set(Buffer.from(key).toString("hex"), value.slice());
    return "ok";
  }
  eventCount(): number { return this.events.length; }
  emitEvent(text: string): void { this.events.push(text); }
  setReturnData(data: Uint8Array): void { this.returnData = data.slice(); }
  call(address: Uint8Array, amount: bigint, func: string, parameter: Uint8Array): XqOutcome {
    this.calls.push({ address, amount, func, parameter });
    return this.outcome;
  }
  transfer(address: Uint8Array, amount: bigint): XqOutcome {
    this.transfers.push({ address, amount });
    return this.outcome;
  }
  debug(message: string): void { this.debugLog.push(message); }
}

// Every xq function re-exported under its own name, plus memory helpers.
const ALL_IMPORTS = `
  (import "xq" "get_owner" (func $get_owner (param i32)))
  (import "xq" "get_invoker" (func $get_invoker (param i32)))
  (import "xq" "get_contract_address" (func $get_contract_address (param i32)))
  (import "xq" "get_contract_balance" (func $get_contract_balance (result i64)))
  (import "xq" "get_parameter" (func $get_parameter (param i32) (result i32)))
  (import "xq" "get_block_time" (func $get_block_time (result i64)))
  (import "xq" "get_block_height" (func $get_block_height (result i64)))
  (import "xq" "get_block_hash" (func $get_block_hash (param i32) (result i32)))
  (import "xq" "set_event" (func $set_event (param i32 i32) (result i32)))
  (import "xq" "set_return_data" (func $set_return_data (param i32 i32) (result i32)))
  (import "xq" "set_store" (func $set_store (param i32 i32 i32 i32) (result i32)))
  (import "xq" "get_store" (func $get_store (param i32 i32 i32) (result i32)))
  (import "xq" "get_store_len" (func $get_store_len (param i32 i32) (result i32)))
  (import "xq" "get_store_cap" (func $get_store_cap (param i32 i32 i32 i32) (result i32)))
  (import "xq" "call" (func $call (param i32 i64 i32 i32 i32 i32) (result i32)))
  (import "xq" "transfer" (func $transfer (param i32 i64) (result i32)))
  (import "xq" "Debug" (func $Debug (param i32 i32)))
  (import "gas" "gas" (func $gas (param i32)))`;

const FORWARDERS = `
  (func (export "get_owner") (param i32) local.get 0 call $get_owner)
  (func (export "get_invoker") (param i32) local.get 0 call $get_invoker)
  (func (export "get_contract_address") (param i32) local.get 0 call $get_contract_address)
  (func (export "get_contract_balance") (result i64) call $get_contract_balance)
  (func (export "get_parameter") (param i32) (result i32) local.get 0 call $get_parameter)
  (func (export "get_block_time") (result i64) call $get_block_time)
  (func (export "get_block_height") (result i64) call $get_block_height)
  (func (export "get_block_hash") (param i32) (result i32) local.get 0 call $get_block_hash)
  (func (export "set_event") (param i32 i32) (result i32) local.get 0 local.get 1 call $set_event)
  (func (export "set_return_data") (param i32 i32) (result i32) local.get 0 local.get 1 call $set_return_data)
  (func (export "set_store") (param i32 i32 i32 i32) (result i32) local.get 0 local.get 1 local.get 2 local.get 3 call $set_store)
  (func (export "get_store") (param i32 i32 i32) (result i32) local.get 0 local.get 1 local.get 2 call $get_store)
  (func (export "get_store_len") (param i32 i32) (result i32) local.get 0 local.get 1 call $get_store_len)
  (func (export "get_store_cap") (param i32 i32 i32 i32) (result i32) local.get 0 local.get 1 local.get 2 local.get 3 call $get_store_cap)
  (func (export "call") (param i32 i64 i32 i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 local.get 3 local.get 4 local.get 5 call $call)
  (func (export "transfer") (param i32 i64) (result i32) local.get 0 local.get 1 call $transfer)
  (func (export "Debug") (param i32 i32) local.get 0 local.get 1 call $Debug)
  (func (export "gas") (param i32) local.get 0 call $gas)`;

const withMemory = compile(`(module ${ALL_IMPORTS}
  (memory (export "memory") 1 4)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  ${FORWARDERS})`);
const withoutMemory = compile(`(module ${ALL_IMPORTS} ${FORWARDERS})`);

type Fn = (...args: unknown[]) => unknown;

interface Harness {
  env: MockEnvironment;
  host: XqHost;
  bytes: () => Uint8Array;
  /** Calls an export with `env` current. */
  run: (name: string, ...args: unknown[]) => unknown;
}

function harness(module: Module = withMemory): Harness {
  const host = new XqHost();
  const env = new MockEnvironment();
  const instance = new Instance(module, host.importsFor(module));
  const memory = instance.exports["memory"];
  env.memory = memory instanceof Memory ? memory : undefined;
  return {
    env,
    host,
    bytes: () => new Uint8Array(env.memory!.buffer),
    run: (name, ...args) => host.run(env, () => (instance.exports[name] as Fn)(...args)),
  };
}

test("address writers write 20 bytes and trap on a pointer past memory or without memory", () => {
  const { env, run, bytes } = harness();
  run("get_owner", 100);
  run("get_invoker", 200);
  run("get_contract_address", PAGE - 20); // the last 20 bytes: exactly fits
  assert.deepEqual(bytes().slice(100, 120), address(0x11));
  assert.deepEqual(bytes().slice(200, 220), address(0x22));
  assert.deepEqual(bytes().slice(PAGE - 20), address(0xcc));
  assert.equal(env.gasUsed, 3 * (200 + 20));
  for (const ptr of [PAGE - 19, PAGE, -1, -20, 0x7fffffff]) {
    assert.throws(() => run("get_owner", ptr), (error: unknown) => error instanceof RuntimeError && error.trap === "out of bounds memory access", `ptr ${ptr}`);
  }
  const bare = harness(withoutMemory);
  assert.throws(() => bare.run("get_invoker", 0), RuntimeError);
});

test("balance, block time and height are plain values (u64 balance reads back as i64 -1)", () => {
  const { env, run } = harness();
  assert.equal(run("get_contract_balance"), -1n);
  assert.equal(run("get_block_time"), 1_700_000_000n);
  assert.equal(run("get_block_height"), 42n);
  assert.equal(env.gasUsed, 600);
});

test("get_parameter: writes and returns the length; -103 when too long, unwritable or no memory", () => {
  const { env, run, bytes } = harness();
  assert.equal(run("get_parameter", 8), 7);
  assert.deepEqual(bytes().slice(8, 15), utf8('{"a":1}'));
  assert.equal(env.gasUsed, 200 + 7);
  assert.equal(run("get_parameter", PAGE - 7), 7); // exactly fits
  assert.equal(run("get_parameter", PAGE - 6), HostCode.ParameterUnavailable);
  assert.equal(run("get_parameter", -1), HostCode.ParameterUnavailable);
  env.parameterBytes = new Uint8Array(CONTRACT_LIMITS.maxParameterBytes).fill(0x61);
  assert.equal(run("get_parameter", 0), 4096);
  env.parameterBytes = new Uint8Array(5000).fill(0x61); // the hostile 5,000-byte parameter
  const before = bytes().slice(0, 5000);
  const gasBefore = env.gasUsed;
  assert.equal(run("get_parameter", 0), HostCode.ParameterUnavailable);
  assert.deepEqual(bytes().slice(0, 5000), before); // nothing written
  assert.equal(env.gasUsed - gasBefore, 200); // only the base: no bytes moved
  assert.equal(harness(withoutMemory).run("get_parameter", 0), HostCode.ParameterUnavailable);
});

test("get_block_hash: length, -103 past memory, -106 without memory; links as -> i32 and -> i64", () => {
  const { run, bytes } = harness();
  assert.equal(run("get_block_hash", 64), 32);
  assert.deepEqual(bytes().slice(64, 96), new Uint8Array(32).fill(0xab));
  assert.equal(run("get_block_hash", PAGE - 31), HostCode.ParameterUnavailable);
  assert.equal(harness(withoutMemory).run("get_block_hash", 0), HostCode.StoreNoMemory);

  // The original Rust SDK's declaration: (i32) -> i64.
  const asI64 = compile(`(module (import "xq" "get_block_hash" (func $h (param i32) (result i64)))
    (memory (export "memory") 1)
    (func (export "h") (param i32) (result i64) local.get 0 call $h))`);
  const host = new XqHost();
  const env = new MockEnvironment();
  const instance = new Instance(asI64, host.importsFor(asI64));
  env.memory = instance.exports["memory"] as Memory;
  assert.equal(host.run(env, () => (instance.exports["h"] as Fn)(0)), 32n);
  assert.equal(host.run(env, () => (instance.exports["h"] as Fn)(PAGE)), BigInt(HostCode.ParameterUnavailable));
});

test("linking: a wrong declared type or an unknown xq name is a LinkError", () => {
  const host = new XqHost();
  for (const text of [
    `(module (import "xq" "get_parameter" (func (param i64) (result i32))))`,
    `(module (import "xq" "get_block_hash" (func (param i32) (result f32))))`,
    `(module (import "xq" "no_such_function" (func)))`,
    `(module (import "gas" "gas" (func (param i64))))`,
  ]) {
    const module = compile(text);
    assert.throws(() => new Instance(module, host.importsFor(module)), LinkError, text);
  }
});

test("set_event: 512 bytes ok, 513 or a negative length -102, past memory -101, bad UTF-8 -102, 65th event -102", () => {
  const { env, run, bytes } = harness();
  bytes().set(utf8("hello"), 0);
  assert.equal(run("set_event", 0, 5), 5);
  assert.deepEqual(env.events, ["hello"]);
  assert.equal(env.gasUsed, 205);
  bytes().fill(0x41, 1000, 1000 + 513);
  assert.equal(run("set_event", 1000, 512), 512);
  assert.equal(run("set_event", 1000, 513), HostCode.InvalidData);
  assert.equal(run("set_event", 0, -1), HostCode.InvalidData);
  assert.equal(run("set_event", PAGE - 4, 5), HostCode.EventOutOfBounds);
  // ptr + len = 2^32 + 4: wraps to 4 in 32-bit arithmetic, which must not pass the check.
  assert.equal(run("set_event", 0xffffff00 | 0, 0x104), HostCode.EventOutOfBounds);
  bytes().set([0xc3, 0x28], 2000); // invalid 2-byte sequence
  assert.equal(run("set_event", 2000, 2), HostCode.InvalidData);
  assert.equal(env.events.length, 2);
  // Up to 64 events in all; the 65th is refused and not recorded.
  for (let i = env.events.length; i < 64; i++) assert.equal(run("set_event", 0, 5), 5);
  assert.equal(run("set_event", 0, 5), HostCode.InvalidData);
  assert.equal(env.events.length, 64);
  assert.equal(harness(withoutMemory).run("set_event", 0, 0), HostCode.EventNoMemory);
});

test("set_return_data: copies the bytes; -105 past memory (also near 2^32), -102 not UTF-8, -104 without memory", () => {
  const { env, run, bytes } = harness();
  bytes().set(utf8("ok!"), 10);
  assert.equal(run("set_return_data", 10, 3), 3);
  assert.deepEqual(env.returnData, utf8("ok!"));
  bytes()[10] = 0x58; // later changes to memory do not reach the recorded data
  assert.deepEqual(env.returnData, utf8("ok!"));
  assert.equal(run("set_return_data", 16, 0xfffffff0 | 0), HostCode.ReturnOutOfBounds); // 16 + len = 2^32
  assert.equal(run("set_return_data", -1, 1), HostCode.ReturnOutOfBounds);
  assert.equal(run("set_return_data", PAGE, 0), 0); // empty range at the very end is in bounds
  bytes()[20] = 0xff;
  assert.equal(run("set_return_data", 20, 1), HostCode.InvalidData);
  assert.equal(harness(withoutMemory).run("set_return_data", 0, 0), HostCode.ReturnNoMemory);
});

test("storage: set/get and the capacity-checked variants with their codes", () => {
  const { env, run, bytes } = harness();
  bytes().set(utf8("key"), 0);
  bytes().set(utf8("value-123"), 16);
  assert.equal(run("set_store", 0, 3, 16, 9), HostCode.Ok);
  assert.deepEqual(env.storage.get(Buffer.from("key").toString("hex")), utf8("value-123"));
  assert.equal(env.gasUsed, 200 + 12);
  assert.equal(run("set_store", 0, 3, PAGE - 8, 9), HostCode.StoreOutOfBounds);
  assert.equal(run("set_store", 0x80000000 | 0, 0x80000000 | 0, 0, 0), HostCode.StoreOutOfBounds); // sum = 2^32
  assert.equal(run("set_store", 0, -1, 0, 0), HostCode.StoreOutOfBounds);

  assert.equal(run("get_store_len", 0, 3), 9);
  assert.equal(run("get_store_len", 100, 3), HostCode.KeyNotFound); // key "\0\0\0"
  assert.equal(run("get_store_len", PAGE - 2, 3), HostCode.StoreOutOfBounds);

  bytes().fill(0xee, 200, 220);
  assert.equal(run("get_store_cap", 0, 3, 200, 8), HostCode.BufferTooSmall);
  assert.deepEqual(bytes().slice(200, 220), new Uint8Array(20).fill(0xee)); // nothing written
  assert.equal(run("get_store_cap", 0, 3, 200, 9), 9);
  assert.deepEqual(bytes().slice(200, 209), utf8("value-123"));
  assert.equal(bytes()[209], 0xee);
  assert.equal(run("get_store_cap", 0, 3, PAGE - 8, 9), HostCode.StoreOutOfBounds);
  assert.equal(run("get_store_cap", 0, 3, 400, -1), 9); // vcap read as u32: 2^32-1 is plenty
  assert.equal(run("get_store_cap", 100, 3, 200, 64), HostCode.KeyNotFound);

  // The original's get_store: no capacity, −108 for a missing key or an unwritable value.
  assert.equal(run("get_store", 0, 3, 300), 9);
  assert.deepEqual(bytes().slice(300, 309), utf8("value-123"));
  assert.equal(run("get_store", 100, 3, 300), HostCode.OperationFailed);
  assert.equal(run("get_store", 0, 3, PAGE - 8), HostCode.OperationFailed);
  assert.equal(run("get_store", -4, 8, 0), HostCode.StoreOutOfBounds);

  const bare = harness(withoutMemory);
  for (const [name, args] of [["set_store", [0, 0, 0, 0]], ["get_store", [0, 0, 0]], ["get_store_len", [0, 0]], ["get_store_cap", [0, 0, 0, 0]]] as const) {
    assert.equal(bare.run(name, ...args), HostCode.StoreNoMemory, name);
  }
});

test("call and transfer: arguments reach the environment; -107 past memory, -102 not UTF-8, -108 on failure", () => {
  const { env, run, bytes } = harness();
  bytes().set(address(0xdd), 0);
  bytes().set(utf8("transfer"), 32);
  bytes().set(utf8('{"x":1}'), 64);
  assert.equal(run("call", 0, -1n, 32, 8, 64, 7), HostCode.Ok);
  assert.equal(env.calls.length, 1);
  assert.deepEqual(env.calls[0], { address: address(0xdd), amount: (1n << 64n) - 1n, func: "transfer", parameter: utf8('{"x":1}') });
  assert.equal(env.gasUsed, 200 + 20 + 8 + 7);
  assert.equal(run("call", PAGE - 19, 0n, 32, 8, 64, 7), HostCode.StoreOutOfBounds);
  assert.equal(run("call", 0, 0n, 32, 0xffffffff | 0, 64, 7), HostCode.StoreOutOfBounds);
  assert.equal(run("call", 0, 0n, 32, 8, 64, 0xffffffc0 | 0), HostCode.StoreOutOfBounds); // 64 + len = 2^32
  bytes()[40] = 0xff;
  assert.equal(run("call", 0, 0n, 32, 9, 64, 7), HostCode.InvalidData);
  assert.equal(env.calls.length, 1);

  assert.equal(run("transfer", 0, 5n), HostCode.Ok);
  assert.deepEqual(env.transfers, [{ address: address(0xdd), amount: 5n }]);
  assert.equal(run("transfer", PAGE - 10, 5n), HostCode.StoreOutOfBounds);
  env.outcome = "failed";
  assert.equal(run("transfer", 0, 5n), HostCode.OperationFailed);
  assert.equal(run("call", 0, 0n, 32, 8, 64, 7), HostCode.OperationFailed);
  const bare = harness(withoutMemory);
  assert.equal(bare.run("call", 0, 0n, 0, 0, 0, 0), HostCode.StoreNoMemory);
  assert.equal(bare.run("transfer", 0, 0n), HostCode.StoreNoMemory);
});

test("Debug logs valid UTF-8 and ignores a bad range", () => {
  const { env, run, bytes } = harness();
  bytes().set(utf8("abort: x"), 0);
  run("Debug", 0, 8);
  run("Debug", PAGE - 1, 8);
  run("Debug", 0, -1);
  assert.deepEqual(env.debugLog, ["abort: x"]);
});

test("pointers are checked against the memory's current size, after memory.grow", () => {
  const { run, bytes } = harness();
  assert.equal(run("get_parameter", PAGE + 10), HostCode.ParameterUnavailable);
  assert.equal(run("grow", 1), 1);
  assert.equal(run("get_parameter", PAGE + 10), 7);
  assert.deepEqual(bytes().slice(PAGE + 10, PAGE + 17), utf8('{"a":1}'));
});

test("gas: base charged before acting; an unpayable charge throws OutOfGas and the host does nothing", () => {
  const { env, run, bytes } = harness();
  bytes().set(utf8("key"), 0);
  env.gasLimit = 200 + 11; // base + 11 bytes, but key + value are 12
  assert.throws(() => run("set_store", 0, 3, 16, 9), OutOfGas);
  assert.equal(env.storage.size, 0);
  assert.equal(env.gasUsed, 200); // the base was paid, the bytes were not

  const second = harness();
  second.env.gasLimit = 199; // not even the base
  assert.throws(() => second.run("set_event", 0, 0), OutOfGas);
  assert.equal(second.env.events.length, 0);
  assert.equal(second.env.gasUsed, 0);

  // gas.gas charges exactly its argument, read as u32.
  const third = harness();
  third.run("gas", 1234);
  assert.equal(third.env.gasUsed, 1234);
  third.run("gas", -1);
  assert.equal(third.env.gasUsed, 1234 + 0xffffffff);
});

test("a host function called outside any contract call traps cleanly", () => {
  const host = new XqHost();
  const instance = new Instance(withMemory, host.importsFor(withMemory));
  assert.throws(() => (instance.exports["get_block_time"] as Fn)(), RuntimeError);
});

test("hostile pointers and lengths never raise anything but a documented code or a trap", () => {
  const edges = [0, 1, 19, 20, 512, 513, 4096, PAGE - 20, PAGE - 1, PAGE, PAGE + 1, 0x7fffffff, -0x80000000, -1, -16, 0xfffffff0 | 0];
  const { env, run } = harness();
  env.storage.set(Buffer.from(new Uint8Array(3)).toString("hex"), new Uint8Array(100));
  const allowed = new Set<number>([...Object.values(HostCode)]);
  const signatures: Array<[string, number]> = [
    ["get_parameter", 1], ["get_block_hash", 1], ["set_event", 2], ["set_return_data", 2], ["set_store", 4],
    ["get_store", 3], ["get_store_len", 2], ["get_store_cap", 4], ["transfer", 1], ["call", 5], ["Debug", 2], ["get_owner", 1],
  ];
  let seed = 12345;
  const pick = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) | 0;
    return edges[(seed >>> 8) % edges.length]!;
  };
  for (let round = 0; round < 300; round++) {
    for (const [name, arity] of signatures) {
      const args: unknown[] = Array.from({ length: arity }, pick);
      if (name === "transfer") args.push(5n);
      if (name === "call") args.splice(1, 0, 1n);
      env.events.length = 0; // keep set_event reachable past the 64-event limit
      try {
        const result = run(name, ...args);
        if (typeof result === "number") assert.ok(result >= 0 || allowed.has(result), `${name}(${args.join(", ")}) = ${result}`);
      } catch (error) {
        assert.ok(error instanceof RuntimeError, `${name}(${args.join(", ")}) threw ${String(error)}`);
      }
    }
  }
});
