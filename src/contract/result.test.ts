// The outcome vocabulary against the original engine's numbers (XuHugo/xwasm: WasmError from
// 1000, host codes -100 .. -108) and the CLI JSON shape, checked by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { WasmError, HostCode, WASM_ERROR_NAMES, bytesToHex, hexToBytes, reject, success, toResultJson, wasmErrorName } from "./result.ts";
import { canonicalHex } from "./state.ts";

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

test("WasmError codes are the original enum: 1000 then consecutive", () => {
  assert.equal(WasmError.CodeNotFound, 1000);
  assert.equal(WasmError.OutOfGas, 1005);
  assert.equal(WasmError.ExecuteFail, 1006);
  assert.equal(WasmError.HostFuncErr, 1010);
  assert.equal(wasmErrorName(1007), "InvalidReturn");
  assert.equal(wasmErrorName(999), undefined);
  assert.equal(wasmErrorName(1011), undefined);
  assert.equal(wasmErrorName(1000.5), undefined);
  // Names in code order: each name maps back to its own code.
  WASM_ERROR_NAMES.forEach((name, index) => assert.equal(WasmError[name], 1000 + index));
  assert.equal(Object.keys(WasmError).length, 11);
  assert.equal(HostCode.ParameterUnavailable, -103);
  assert.equal(HostCode.EventNoMemory, -100);
  assert.equal(HostCode.InvalidData, -102);
  assert.equal(HostCode.ReturnOutOfBounds, -105);
  assert.equal(HostCode.StoreOutOfBounds, -107);
  assert.equal(HostCode.OperationFailed, -108);
  // Every code is distinct.
  assert.equal(new Set(Object.values(HostCode)).size, Object.keys(HostCode).length);
});

test("result JSON has the same keys for success and reject", () => {
  const ok = toResultJson(success(42, ["e1"], text('{"a":1}'), []));
  assert.deepEqual(ok, { status: "success", code: null, codeName: null, reason: null, usedGas: 42, events: ["e1"], data: '{"a":1}' });
  const bad = toResultJson(reject("OutOfGas", "wasm out of gas", 9));
  assert.deepEqual(bad, { status: "reject", code: 1005, codeName: "OutOfGas", reason: "wasm out of gas", usedGas: 9, events: [], data: "" });
  // Bytes that are not UTF-8 are shown as hex rather than silently replaced.
  assert.equal(toResultJson(success(0, [], new Uint8Array([0xff, 0x00]), [])).data, "0xff00");
});

test("hex helpers are canonical and strict", () => {
  assert.equal(canonicalHex("0xABcd"), "abcd");
  assert.equal(canonicalHex(new Uint8Array([1, 254])), "01fe");
  assert.deepEqual(hexToBytes("0a0B"), new Uint8Array([10, 11]));
  assert.equal(bytesToHex(new Uint8Array([0, 15, 16, 255])), "000f10ff");
  assert.throws(() => canonicalHex("abc"), RangeError);
  assert.throws(() => canonicalHex("zz"), RangeError);
});
