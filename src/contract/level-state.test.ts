// The LevelDB store: state survives close and reopen, a batch is all-or-nothing, and it dumps the
// same state as the in-memory store given the same batches (the in-memory store is the oracle).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LevelStateStore } from "./level-state.ts";
import { Journal, MemoryStateStore, type StateBatch } from "./state.ts";

const ALICE = "aa".repeat(20);
const BOB = "bb".repeat(20);
const CONTRACT = "cc".repeat(20);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function withTempDir(body: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "xwasm-level-"));
    try {
      await body(join(dir, "state"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const genesis: StateBatch = [
  { kind: "balance", address: ALICE, balance: 1000n },
  { kind: "balance", address: BOB, balance: 18446744073709551615n },
  { kind: "storage", address: CONTRACT, key: "6b31", value: text("v1") },
  { kind: "storage", address: CONTRACT, key: "", value: text("empty key") },
  // A shorter address whose bytes are a prefix of CONTRACT ‖ key must not collide with it.
  { kind: "storage", address: "cc", key: "cc".repeat(19) + "6b31", value: text("other") },
  { kind: "code", address: CONTRACT, code: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) },
];

test("state persists across close and reopen", withTempDir(async (dir) => {
  const first = await LevelStateStore.open(dir);
  await first.commit(genesis);
  const journal = new Journal(first);
  assert.deepEqual(journal.getStorage(CONTRACT, text("k1")), text("v1"));
  journal.putStorage(CONTRACT, text("k1"), text("v2"));
  journal.deleteStorage(CONTRACT, "");
  assert.equal(journal.transfer(ALICE, CONTRACT, 250n), "ok");
  await journal.commitToStore();
  await first.close();
  assert.equal(first.isOpen, false);

  const reopened = await LevelStateStore.open(dir);
  try {
    assert.deepEqual(reopened.getStorage(CONTRACT, text("k1")), text("v2"));
    assert.equal(reopened.getStorage(CONTRACT, ""), undefined);
    assert.deepEqual(reopened.getStorage("cc", "cc".repeat(19) + "6b31"), text("other"));
    assert.equal(reopened.getBalance(ALICE), 750n);
    assert.equal(reopened.getBalance(CONTRACT), 250n);
    assert.equal(reopened.getBalance(BOB), 18446744073709551615n);
    assert.equal(reopened.getBalance("dd".repeat(20)), 0n);
    assert.deepEqual(reopened.getCode(CONTRACT), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));

    // Oracle: the in-memory store after the same batches.
    const memory = new MemoryStateStore();
    await memory.commit(genesis);
    const memoryJournal = new Journal(memory);
    memoryJournal.putStorage(CONTRACT, text("k1"), text("v2"));
    memoryJournal.deleteStorage(CONTRACT, "");
    assert.equal(memoryJournal.transfer(ALICE, CONTRACT, 250n), "ok");
    await memoryJournal.commitToStore();
    assert.deepEqual(await reopened.dump(), memory.dump());
  } finally {
    await reopened.close();
  }
}));

test("a batch with a bad op writes nothing, even after close and reopen", withTempDir(async (dir) => {
  const store = await LevelStateStore.open(dir, { sync: true });
  await store.commit(genesis);
  const before = await store.dump();
  await assert.rejects(
    store.commit([
      { kind: "storage", address: CONTRACT, key: "01", value: text("first op is fine") },
      { kind: "balance", address: ALICE, balance: 1n << 64n },
    ]),
    RangeError,
  );
  assert.equal(store.getStorage(CONTRACT, "01"), undefined);
  await store.close();
  const reopened = await LevelStateStore.open(dir);
  try {
    assert.deepEqual(await reopened.dump(), before);
  } finally {
    await reopened.close();
  }
}));

test("a rolled-back journal leaves the database untouched", withTempDir(async (dir) => {
  const store = await LevelStateStore.open(dir);
  try {
    await store.commit(genesis);
    const before = await store.dump();
    const call = new Journal(store);
    call.putStorage(CONTRACT, text("k1"), text("changed"));
    assert.equal(call.transfer(ALICE, BOB, 1n), "overflow"); // BOB is at u64 max
    assert.equal(call.transfer(ALICE, CONTRACT, 1000n), "ok");
    const nested = call.child();
    nested.putCode(ALICE, new Uint8Array([9]));
    nested.commit();
    call.rollback();
    assert.deepEqual(await store.dump(), before);
    // Zero balances are stored as absence, like MemoryStateStore.
    await store.setBalance(ALICE, 0n);
    assert.deepEqual((await store.dump()).balances.map((b) => b.address), [BOB]);
  } finally {
    await store.close();
  }
}));
