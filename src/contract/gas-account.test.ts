// The gas account against hand computation: exact sums of host charges, and the engine's rule for a
// charge that cannot be paid (it does not happen, and the budget is spent); gas off counts nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { OutOfGas } from "../core/index.ts";
import { GasAccount } from "./gas-account.ts";

test("charges add up exactly; the one that cannot be paid throws and spends the budget", () => {
  const gas = new GasAccount(1000);
  gas.charge(200);
  gas.charge(34);
  assert.equal(gas.used, 234);
  assert.equal(gas.remaining, 766);
  gas.charge(766);
  assert.equal(gas.remaining, 0);
  gas.charge(0);
  assert.equal(gas.used, 1000);

  const short = new GasAccount(1000);
  short.charge(234);
  assert.throws(() => short.charge(767), (error: unknown) => error instanceof OutOfGas && error.gasLimit === 1000);
  assert.equal(short.used, 1000);
  assert.throws(() => short.charge(1), OutOfGas);
});

test("host-only metering counts the same way without an engine meter", () => {
  const gas = new GasAccount(1000, true, {}, "host-only");
  gas.charge(600);
  assert.equal(gas.used, 600);
  assert.throws(() => gas.charge(401), OutOfGas);
  assert.equal(gas.used, 1000);
});

test("gas off counts nothing; bad limits and charges are refused", () => {
  const off = new GasAccount(0, false);
  off.charge(1e12);
  assert.equal(off.used, 0);
  assert.throws(() => new GasAccount(-1), RangeError);
  assert.throws(() => new GasAccount(1.5), RangeError);
  assert.throws(() => new GasAccount(10).charge(-1), RangeError);
});

test("close() hands a metered account's engine stacks to the next account; a shared unmetered store keeps its own", () => {
  // Unusual limits, so no other test's store shares the pool entry.
  const options = { limits: { valueStackSlots: 3333, maxCallDepth: 333 } };
  const first = new GasAccount(1000, true, options);
  first.charge(10);
  first.close();
  assert.equal(first.used, 10, "the account still reports what it charged");
  const second = new GasAccount(1000, true, options);
  assert.equal(second.engine.store.stack, first.engine.store.stack);
  assert.equal(second.used, 0);

  const off = new GasAccount(0, false, options);
  off.close();
  const alsoOff = new GasAccount(0, false, options);
  assert.equal(alsoOff.engine.store, off.engine.store, "unmetered accounts share one store per limits");
  assert.notEqual(new GasAccount(1000, true, options).engine.store.stack, off.engine.store.stack);
});
