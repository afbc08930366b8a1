// Journal semantics against hand-computed expectations: reads through layers, nested commit and
// rollback, balances with insufficient funds and u64 overflow, and the rule that a rejected call
// leaves the store byte-for-byte as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Journal,
  JournalStateError,
  MAX_BALANCE,
  MemoryStateStore,
} from "./state.ts";
import { bytesToHex } from "./result.ts";

const ALICE = "aa".repeat(20);
const BOB = "bb".repeat(20);
const CONTRACT = "cc".repeat(20);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

async function seededStore(): Promise<MemoryStateStore> {
  const store = new MemoryStateStore();
  await store.commit([
    { kind: "balance", address: ALICE, balance: 100n },
    { kind: "balance", address: CONTRACT, balance: 7n },
    { kind: "storage", address: CONTRACT, key: "6b31", value: text("v1") }, // key "k1"
    { kind: "code", address: CONTRACT, code: new Uint8Array([0, 0x61, 0x73, 0x6d]) },
  ]);
  return store;
}

test("journal reads see pending writes first, then the store", async () => {
  const store = await seededStore();
  const journal = new Journal(store);
  assert.deepEqual(journal.getStorage(CONTRACT, text("k1")), text("v1"));
  journal.putStorage(CONTRACT, text("k1"), text("v2"));
  journal.putStorage(CONTRACT, text("k2"), text("x"));
  assert.deepEqual(journal.getStorage(CONTRACT, "6b31"), text("v2"));
  assert.deepEqual(journal.getStorage(CONTRACT, "0x6B32"), text("x"));
  journal.deleteStorage(CONTRACT, text("k1"));
  assert.equal(journal.getStorage(CONTRACT, text("k1")), undefined);
  assert.equal(journal.hasStorage(CONTRACT, text("k1")), false);
  // The store itself has not moved.
  assert.deepEqual(store.getStorage(CONTRACT, text("k1")), text("v1"));
  assert.equal(store.getStorage(CONTRACT, text("k2")), undefined);
});

test("values are copied in and out: later mutation of a buffer changes nothing", async () => {
  const store = await seededStore();
  const journal = new Journal(store);
  const value = text("abc");
  journal.putStorage(CONTRACT, "01", value);
  value[0] = 0x7a;
  const read = journal.getStorage(CONTRACT, "01")!;
  read[1] = 0x7a;
  assert.deepEqual(journal.getStorage(CONTRACT, "01"), text("abc"));
});

test("root commit writes one sorted batch; the store then holds exactly the expected state", async () => {
  const store = await seededStore();
  const journal = new Journal(store);
  journal.putStorage(CONTRACT, text("k2"), text("x"));
  journal.deleteStorage(CONTRACT, text("k1"));
  assert.equal(journal.transfer(ALICE, BOB, 30n), "ok");
  assert.deepEqual(journal.writes(), [
    { kind: "balance", address: ALICE, balance: 70n },
    { kind: "balance", address: BOB, balance: 30n },
    { kind: "storage", address: CONTRACT, key: "6b31", value: null },
    { kind: "storage", address: CONTRACT, key: "6b32", value: text("x") },
  ]);
  await journal.commitToStore();
  assert.deepEqual(store.dump(), {
    storage: [{ address: CONTRACT, key: "6b32", value: "78" }],
    balances: [
      { address: ALICE, balance: "70" },
      { address: BOB, balance: "30" },
      { address: CONTRACT, balance: "7" },
    ],
    code: [{ address: CONTRACT, code: "0061736d" }],
  });
  assert.throws(() => journal.getBalance(ALICE), JournalStateError);
});

test("nested journals: the child sees the parent, commit folds in, rollback discards", async () => {
  const store = await seededStore();
  const root = new Journal(store);
  root.putStorage(CONTRACT, text("k1"), text("root"));

  const committed = root.child();
  assert.equal(committed.depth, 1);
  assert.deepEqual(committed.getStorage(CONTRACT, text("k1")), text("root"));
  committed.putStorage(CONTRACT, text("k1"), text("child"));
  assert.equal(committed.transfer(ALICE, CONTRACT, 10n), "ok");
  // While the child is open the parent refuses writes (its view must not change under the child).
  assert.throws(() => root.putStorage(CONTRACT, "00", text("no")), JournalStateError);
  // Reading the parent is fine and does not see the child's writes.
  assert.deepEqual(root.getStorage(CONTRACT, text("k1")), text("root"));
  committed.commit();
  assert.deepEqual(root.getStorage(CONTRACT, text("k1")), text("child"));
  assert.equal(root.getBalance(ALICE), 90n);
  assert.equal(root.getBalance(CONTRACT), 17n);

  const rolledBack = root.child();
  const grandchild = rolledBack.child();
  assert.equal(grandchild.depth, 2);
  grandchild.putStorage(CONTRACT, text("k3"), text("deep"));
  grandchild.commit();
  assert.deepEqual(rolledBack.getStorage(CONTRACT, text("k3")), text("deep"));
  assert.equal(rolledBack.transfer(CONTRACT, BOB, 17n), "ok");
  rolledBack.rollback();
  assert.equal(root.getStorage(CONTRACT, text("k3")), undefined);
  assert.equal(root.getBalance(CONTRACT), 17n);
  assert.equal(root.getBalance(BOB), 0n);

  root.putStorage(CONTRACT, text("k4"), text("after")); // writable again once the child closed
  await root.commitToStore();
  assert.deepEqual(store.dump(), {
    storage: [
      { address: CONTRACT, key: "6b31", value: bytesToHex(text("child")) },
      { address: CONTRACT, key: "6b34", value: bytesToHex(text("after")) },
    ],
    balances: [
      { address: ALICE, balance: "90" },
      { address: CONTRACT, balance: "17" },
    ],
    code: [{ address: CONTRACT, code: "0061736d" }],
  });
});

test("events follow their journal: kept on commit (in order), dropped on rollback", async () => {
  const store = await seededStore();
  const root = new Journal(store);
  root.emitEvent("a");
  const kept = root.child();
  kept.emitEvent("b");
  kept.emitEvent("c");
  kept.commit();
  const dropped = root.child();
  dropped.emitEvent("lost");
  dropped.rollback();
  root.emitEvent("d");
  assert.deepEqual(root.events(), ["a", "b", "c", "d"]);
});

test("rolling back a parent also closes its open child", async () => {
  const store = await seededStore();
  const root = new Journal(store);
  const child = root.child();
  child.putStorage(CONTRACT, "01", text("x"));
  root.rollback();
  assert.equal(child.isFinished, true);
  assert.throws(() => child.commit(), JournalStateError);
});

test("commit kinds are not interchangeable", async () => {
  const store = await seededStore();
  const root = new Journal(store);
  assert.throws(() => root.commit(), JournalStateError);
  const child = root.child();
  await assert.rejects(() => child.commitToStore(), JournalStateError);
  assert.throws(() => root.commit(), JournalStateError);
});

test("balances: insufficient funds, exact drain, self-transfer, u64 overflow, bad amounts", async () => {
  const store = await seededStore();
  const journal = new Journal(store);
  assert.equal(journal.transfer(ALICE, BOB, 101n), "insufficient-funds");
  assert.equal(journal.getBalance(ALICE), 100n);
  assert.equal(journal.getBalance(BOB), 0n);
  assert.deepEqual(journal.writes(), []);
  assert.equal(journal.transfer(BOB, ALICE, 1n), "insufficient-funds"); // never credited → 0
  assert.equal(journal.transfer(ALICE, ALICE, 100n), "ok");
  assert.equal(journal.transfer(ALICE, ALICE, 101n), "insufficient-funds");
  assert.equal(journal.transfer(ALICE, BOB, -1n), "invalid-amount");
  assert.equal(journal.transfer(ALICE, BOB, 100n), "ok");
  assert.equal(journal.getBalance(ALICE), 0n);
  assert.equal(journal.getBalance(BOB), 100n);
  journal.setBalance(ALICE, MAX_BALANCE);
  assert.equal(journal.transfer(ALICE, BOB, MAX_BALANCE), "overflow"); // 2^64-1 + 100 > u64
  assert.equal(journal.getBalance(BOB), 100n);
  assert.equal(journal.credit(BOB, MAX_BALANCE - 100n), "ok");
  assert.equal(journal.getBalance(BOB), MAX_BALANCE);
  assert.equal(journal.credit(BOB, 1n), "overflow");
  assert.throws(() => journal.setBalance(ALICE, MAX_BALANCE + 1n), RangeError);
  assert.throws(() => journal.setBalance(ALICE, -1n), RangeError);
});

test("a rejected call leaves state exactly as it was", async () => {
  const store = await seededStore();
  const before = store.dump();
  // The shape of a call that writes, makes a nested call that commits into it, then traps.
  const call = new Journal(store);
  call.putStorage(CONTRACT, text("k1"), text("overwritten"));
  call.deleteStorage(CONTRACT, text("k1"));
  call.putStorage(CONTRACT, text("new"), text("x"));
  assert.equal(call.transfer(ALICE, CONTRACT, 50n), "ok");
  call.putCode(BOB, new Uint8Array([1, 2, 3]));
  const nested = call.child();
  assert.equal(nested.transfer(CONTRACT, BOB, 57n), "ok");
  nested.putStorage(BOB, "00", text("y"));
  nested.commit();
  assert.equal(call.getBalance(BOB), 57n);
  call.rollback(); // the trap
  assert.deepEqual(store.dump(), before);
  assert.deepEqual(store.dump(), {
    storage: [{ address: CONTRACT, key: "6b31", value: "7631" }],
    balances: [
      { address: ALICE, balance: "100" },
      { address: CONTRACT, balance: "7" },
    ],
    code: [{ address: CONTRACT, code: "0061736d" }],
  });
});

test("a malformed op rejects the whole batch and changes nothing", async () => {
  const store = await seededStore();
  const before = store.dump();
  await assert.rejects(
    store.commit([
      { kind: "storage", address: CONTRACT, key: "00", value: text("ok") },
      { kind: "balance", address: BOB, balance: -5n },
    ]),
    RangeError,
  );
  await assert.rejects(store.commit([{ kind: "storage", address: "xyz", key: "00", value: null }]), RangeError);
  assert.deepEqual(store.dump(), before);
});

test("write list order does not depend on the order of writes", async () => {
  const store = await seededStore();
  const first = new Journal(store);
  first.putStorage(CONTRACT, "02", text("b"));
  first.putStorage(BOB, "01", text("a"));
  first.setBalance(BOB, 5n);
  const second = new Journal(store);
  second.setBalance(BOB, 5n);
  second.putStorage(BOB, "01", text("a"));
  second.putStorage(CONTRACT, "02", text("b"));
  assert.deepEqual(first.writes(), second.writes());
  assert.deepEqual(
    first.writes().map((w) => w.kind + ":" + w.address.slice(0, 2)),
    ["balance:bb", "storage:bb", "storage:cc"],
  );
});
