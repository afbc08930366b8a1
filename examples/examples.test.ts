// The AssemblyScript example contracts, run on V8's own WebAssembly with a small, independent JS
// mock of the xq host functions (it shares no code with src/, so it checks the contracts and the
// SDK, not our engine). Expected balances, counts and storage bytes are computed by hand.
// Builds the examples first when their .wasm files are missing.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The project's tsconfig has no WebAssembly typings (lib ES2022, no DOM), so this file declares
// the small part of V8's API it uses instead of depending on a lib change.
interface V8Module { readonly v8ModuleBrand?: never }
interface V8WebAssembly {
  Module: {
    new (bytes: Uint8Array): V8Module;
    imports(module: V8Module): Array<{ module: string; name: string; kind: string }>;
    exports(module: V8Module): Array<{ name: string; kind: string }>;
  };
  Instance: new (module: V8Module, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  RuntimeError: new (message?: string) => Error;
}
const V8 = (globalThis as unknown as { WebAssembly: V8WebAssembly }).WebAssembly;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const wasmPath = (name: string): string => join(repoRoot, "examples", name, "build", `${name}.wasm`);

const OWNER = new Uint8Array(20).fill(0x11);
const BOB = new Uint8Array(20).fill(0x22);
const CAROL = new Uint8Array(20).fill(0x33);
const CONTRACT = new Uint8Array(20).fill(0xcc);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const u64le = (value: bigint): string => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return hex(bytes);
};

/** A chain of one contract: its storage (hex key → bytes) and what the last call produced. */
class MockChain {
  storage = new Map<string, Uint8Array>();
  events: string[] = [];
  returnData = "";
  debugLog: string[] = [];

  /** Storage as a sorted plain object (hex key → hex value), for exact comparisons. */
  dump(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of [...this.storage.keys()].sort()) out[key] = hex(this.storage.get(key)!);
    return out;
  }

  /**
   * Runs one call the way the engine will: a fresh instance, the entry `(amount: i64) -> i32`,
   * and the storage writes kept only if it returns 1 (a trap or any other value rolls back).
   */
  call(module: V8Module, entry: string, param: string | Uint8Array, invoker: Uint8Array = OWNER): { status: number | "trap"; error?: unknown } {
    const saved = new Map(this.storage);
    this.events = [];
    this.returnData = "";
    const parameter = typeof param === "string" ? utf8(param) : param;
    let memory: { buffer: ArrayBuffer } | undefined;
    const view = (): Uint8Array => new Uint8Array(memory!.buffer);
    const inBounds = (ptr: number, len: number): boolean => ptr >>> 0 === ptr && len >= 0 && ptr + len <= view().length;
    const read = (ptr: number, len: number): Uint8Array => view().slice(ptr, ptr + len);
    const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
    const writeAddress = (ptr: number, address: Uint8Array): void => {
      if (!inBounds(ptr, 20)) throw new V8.RuntimeError("address write out of bounds");
      view().set(address, ptr);
    };
    const xq = {
      get_owner: (ptr: number) => writeAddress(ptr, OWNER),
      get_invoker: (ptr: number) => writeAddress(ptr, invoker),
      get_contract_address: (ptr: number) => writeAddress(ptr, CONTRACT),
      get_contract_balance: () => 0n,
      get_parameter: (ptr: number): number => {
        if (parameter.length > 4096 || !inBounds(ptr, parameter.length)) return -103;
        view().set(parameter, ptr);
        return parameter.length;
      },
      get_block_time: () => 1_700_000_000n,
      get_block_height: () => 42n,
      get_block_hash: (): number => -106,
      set_event: (ptr: number, len: number): number => {
        if (len > 512 || this.events.length >= 64) return -102;
        if (!inBounds(ptr, len)) return -101;
        try {
          this.events.push(strictUtf8.decode(read(ptr, len)));
        } catch {
          return -102;
        }
        return len;
      },
      set_return_data: (ptr: number, len: number): number => {
        if (!inBounds(ptr, len)) return -105;
        try {
          this.returnData = strictUtf8.decode(read(ptr, len));
        } catch {
          return -102;
        }
        return len;
      },
      set_store: (kptr: number, klen: number, vptr: number, vlen: number): number => {
        if (!inBounds(kptr, klen) || !inBounds(vptr, vlen)) return -107;
        this.storage.set(hex(read(kptr, klen)), read(vptr, vlen));
        return 0;
      },
      get_store: (kptr: number, klen: number, vptr: number): number => {
        if (!inBounds(kptr, klen)) return -107;
        const value = this.storage.get(hex(read(kptr, klen)));
        if (value === undefined || !inBounds(vptr, value.length)) return -108;
        view().set(value, vptr);
        return value.length;
      },
      get_store_len: (kptr: number, klen: number): number => {
        if (!inBounds(kptr, klen)) return -107;
        const value = this.storage.get(hex(read(kptr, klen)));
        return value === undefined ? -109 : value.length;
      },
      get_store_cap: (kptr: number, klen: number, vptr: number, vcap: number): number => {
        if (!inBounds(kptr, klen)) return -107;
        const value = this.storage.get(hex(read(kptr, klen)));
        if (value === undefined) return -109;
        if (value.length > vcap) return -110;
        if (!inBounds(vptr, value.length)) return -107;
        view().set(value, vptr);
        return value.length;
      },
      call: (): number => -108,
      transfer: (): number => -108,
      Debug: (ptr: number, len: number): void => {
        this.debugLog.push(new TextDecoder().decode(read(ptr, len)));
      },
    };
    try {
      const instance = new V8.Instance(module, { xq });
      memory = instance.exports.memory as { buffer: ArrayBuffer };
      const entryFunction = instance.exports[entry] as (amount: bigint) => number;
      const status = entryFunction(0n);
      if (status !== 1) this.storage = saved;
      return { status };
    } catch (error) {
      this.storage = saved;
      return { status: "trap", error };
    }
  }
}

let counter: V8Module;
let token: V8Module;

before(() => {
  if (!existsSync(wasmPath("counter")) || !existsSync(wasmPath("token"))) {
    const build = spawnSync(process.execPath, [join(repoRoot, "scripts", "build-examples.mjs"), "counter", "token"], { cwd: repoRoot, encoding: "utf8" });
    assert.equal(build.status, 0, `build-examples failed:\n${build.stdout}${build.stderr}`);
  }
  counter = new V8.Module(readFileSync(wasmPath("counter")));
  token = new V8.Module(readFileSync(wasmPath("token")));
});

test("the examples import only from xq (no env.abort) and export memory and their entries", () => {
  for (const [module, entries] of [[counter, ["init", "increment", "get"]], [token, ["init", "transfer", "balance_of", "total_supply"]]] as const) {
    const imports = V8.Module.imports(module);
    assert.ok(imports.length > 0);
    for (const entry of imports) {
      assert.equal(entry.module, "xq", `unexpected import ${entry.module}.${entry.name}`);
      assert.equal(entry.kind, "function");
    }
    // The SDK reads storage only through the capacity-checked calls.
    assert.ok(!imports.some((entry) => entry.name === "get_store"));
    assert.ok(imports.some((entry) => entry.name === "get_store_cap"));
    const exports = V8.Module.exports(module).map((entry) => `${entry.name}:${entry.kind}`).sort();
    assert.deepEqual(exports, ["memory:memory", ...entries.map((name) => `${name}:function`)].sort());
  }
});

test("counter: init, increment by 1 and by a parameter, get; u64 stored little-endian", () => {
  const chain = new MockChain();
  const countKey = hex(utf8("count"));
  assert.deepEqual(chain.call(counter, "init", ""), { status: 1 });
  assert.equal(chain.returnData, "0");
  assert.deepEqual(chain.dump(), { [countKey]: u64le(0n) });
  assert.deepEqual(chain.call(counter, "increment", ""), { status: 1 });
  assert.equal(chain.returnData, "1");
  assert.deepEqual(chain.events, ["increment:1"]);
  assert.deepEqual(chain.call(counter, "increment", "41"), { status: 1 });
  assert.equal(chain.returnData, "42");
  assert.deepEqual(chain.events, ["increment:42"]);
  assert.deepEqual(chain.dump(), { [countKey]: "2a00000000000000" });
  assert.deepEqual(chain.call(counter, "get", ""), { status: 1 });
  assert.equal(chain.returnData, "42");
  assert.deepEqual(chain.events, []);
});

test("counter: rejects leave storage as it was", () => {
  const chain = new MockChain();
  assert.equal(chain.call(counter, "init", "18446744073709551614").status, 0); // > i64 max: refused
  assert.deepEqual(chain.dump(), {});
  assert.equal(chain.call(counter, "init", "9223372036854775807").status, 1);
  const before = chain.dump();
  assert.equal(chain.call(counter, "init", "5").status, 0); // already initialized
  assert.equal(chain.call(counter, "increment", "x1").status, 0); // not a number
  assert.deepEqual(chain.dump(), before);
  // 2^63-1 + 2^63-1 = 2^64-2 fits a u64; one more step of 2 would wrap.
  assert.equal(chain.call(counter, "increment", "9223372036854775807").status, 1);
  assert.equal(chain.returnData, "18446744073709551614");
  const full = chain.dump();
  assert.equal(chain.call(counter, "increment", "2").status, 0);
  assert.deepEqual(chain.dump(), full);
});

test("an abort reports through Debug and traps with unreachable; a long parameter aborts too", () => {
  const chain = new MockChain();
  chain.storage.set(hex(utf8("count")), new Uint8Array([1, 2, 3])); // not 8 bytes
  const result = chain.call(counter, "increment", "");
  assert.equal(result.status, "trap");
  assert.ok(result.error instanceof V8.RuntimeError);
  assert.match(String(result.error), /unreachable/);
  assert.equal(chain.debugLog.length, 1);
  // An explicit abort("...") carries no file/line; compiler-inserted aborts (assert, bounds) do.
  assert.match(chain.debugLog[0]!, /^abort: storage value is not a u64( at \S+:\d+:\d+)?$/);
  assert.deepEqual(chain.dump(), { [hex(utf8("count"))]: "010203" });

  const longParameter = chain.call(counter, "increment", "1".repeat(4097)); // host returns -103
  assert.equal(longParameter.status, "trap");
  assert.match(chain.debugLog[1]!, /^abort: get_parameter failed/);
});

test("token: init mints to the owner, transfer moves balances, balance_of reads them", () => {
  const chain = new MockChain();
  const balanceKey = (address: Uint8Array): string => hex(utf8("bal:" + hex(address)));
  assert.equal(chain.call(token, "transfer", `${hex(BOB)},1`).status, 0); // not initialized yet
  assert.equal(chain.call(token, "init", '{"supply":1000}').status, 1);
  assert.equal(chain.returnData, "1000");
  assert.deepEqual(chain.events, [`{"event":"mint","to":"${hex(OWNER)}","amount":1000}`]);
  assert.deepEqual(chain.dump(), {
    [balanceKey(OWNER)]: u64le(1000n),
    [hex(utf8("supply"))]: u64le(1000n),
  });
  assert.equal(chain.call(token, "init", "5").status, 0); // minting happens once

  assert.equal(chain.call(token, "transfer", JSON.stringify({ to: hex(BOB), amount: 300 })).status, 1);
  assert.equal(chain.returnData, "700");
  assert.deepEqual(chain.events, [`{"event":"transfer","from":"${hex(OWNER)}","to":"${hex(BOB)}","amount":300}`]);
  assert.equal(chain.call(token, "transfer", ` ${hex(BOB)} , 50 `).status, 1); // simple form
  assert.equal(chain.returnData, "650");
  assert.equal(chain.call(token, "transfer", `{ "amount": 25, "to": "0x${hex(CAROL).toUpperCase()}" }`, BOB).status, 1);
  assert.equal(chain.returnData, "325");

  // 1000 - 300 - 50 = 650; 300 + 50 - 25 = 325; 25.
  assert.deepEqual(chain.dump(), {
    [balanceKey(OWNER)]: u64le(650n),
    [balanceKey(BOB)]: u64le(325n),
    [balanceKey(CAROL)]: u64le(25n),
    [hex(utf8("supply"))]: u64le(1000n),
  });
  for (const [who, expected] of [[OWNER, "650"], [BOB, "325"], [CAROL, "25"], [CONTRACT, "0"]] as const) {
    assert.equal(chain.call(token, "balance_of", hex(who)).status, 1);
    assert.equal(chain.returnData, expected);
  }
  assert.equal(chain.call(token, "balance_of", JSON.stringify({ address: hex(BOB) })).status, 1);
  assert.equal(chain.returnData, "325");
  assert.equal(chain.call(token, "total_supply", "").status, 1);
  assert.equal(chain.returnData, "1000");
});

test("token: an overdraft or a malformed parameter is rejected and changes nothing", () => {
  const chain = new MockChain();
  assert.equal(chain.call(token, "init", "100").status, 1);
  assert.equal(chain.call(token, "transfer", `${hex(BOB)},40`).status, 1);
  const before = chain.dump();
  const rejected = [
    [`${hex(CAROL)},41`, BOB], // BOB holds 40
    [`${hex(BOB)},61`, OWNER], // OWNER holds 60
    [`${hex(OWNER)},1`, CAROL], // CAROL holds nothing
    [`${hex(BOB)},-1`, OWNER],
    [`${hex(BOB).slice(2)},1`, OWNER], // 19-byte address
    [`zz${hex(BOB).slice(2)},1`, OWNER],
    [`{"to":"${hex(BOB)}"}`, OWNER], // no amount
    [`{"to":"${hex(BOB)}","amount":1,"amount":2}`, OWNER], // duplicate key
    [`{"to":"${hex(BOB)}","amount":1} trailing`, OWNER],
    [`{"to":"${hex(BOB)}","amount":99999999999999999999}`, OWNER], // over i64
  ] as const;
  for (const [param, invoker] of rejected) {
    assert.equal(chain.call(token, "transfer", param, invoker).status, 0, param);
    assert.deepEqual(chain.dump(), before, param);
  }
  // Exactly the whole balance is allowed.
  assert.equal(chain.call(token, "transfer", `${hex(CAROL)},40`, BOB).status, 1);
  assert.equal(chain.returnData, "0");
});
