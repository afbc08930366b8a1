// Contract state: the `StateStore` a chain provides (storage by (address, key), balances, code),
// an in-memory store, and the `Journal` that a call writes into.
//
// Why a journal: a call's writes must become visible all at once or not at all (a trap, an
// out-of-gas or a return value other than 1 leaves the state exactly as it was), and a
// cross-contract `call` nests a second journal whose writes fold into the caller's only if the
// callee succeeds. Reads are synchronous because host functions run in the middle of wasm
// execution and cannot await; only the final write to a persistent store is asynchronous.
//
// Determinism: every key is canonical lowercase hex (an address, a storage key), maps are keyed
// by strings, and anything handed out (write lists, batches, dumps) is sorted, so nothing depends
// on insertion or object-identity order.

import { bytesToHex, type StateWrite } from "./result.ts";

/** Bytes, or the same bytes as hex (with or without `0x`, any case). */
export type BytesLike = Uint8Array | string;

/** One write in a batch; `null` value/code means delete. Same shape as a result's write list. */
export type StateOp = StateWrite;
export type StateBatch = readonly StateOp[];

/** Balances are u64 on the chain, as in the original engine. */
export const MAX_BALANCE = (1n << 64n) - 1n;

/** The persistent state a contract call reads from and finally commits to. */
export interface StateStore {
  getStorage(address: BytesLike, key: BytesLike): Uint8Array | undefined;
  /** Zero for an address never credited. */
  getBalance(address: BytesLike): bigint;
  getCode(address: BytesLike): Uint8Array | undefined;
  putStorage(address: BytesLike, key: BytesLike, value: Uint8Array): Promise<void>;
  deleteStorage(address: BytesLike, key: BytesLike): Promise<void>;
  setBalance(address: BytesLike, balance: bigint): Promise<void>;
  putCode(address: BytesLike, code: Uint8Array): Promise<void>;
  /** Applies every op or none (a bad op rejects the whole batch before anything changes). */
  commit(batch: StateBatch): Promise<void>;
}

/** Canonical form of an address or key: lowercase hex without prefix. */
export function canonicalHex(value: BytesLike): string {
  if (typeof value !== "string") return bytesToHex(value);
  const digits = value.startsWith("0x") || value.startsWith("0X") ? value.slice(2) : value;
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) {
    throw new RangeError(`not a hex byte string: ${JSON.stringify(value)}`);
  }
  return digits.toLowerCase();
}

export function checkBalance(balance: bigint): void {
  if (typeof balance !== "bigint" || balance < 0n || balance > MAX_BALANCE) {
    throw new RangeError(`balance out of the u64 range: ${String(balance)}`);
  }
}

/** Checks one op's shape and returns it with canonical hex; throws on anything malformed. */
export function normalizeOp(op: StateOp): StateOp {
  const address = canonicalHex(op.address);
  switch (op.kind) {
    case "storage":
      if (op.value !== null && !(op.value instanceof Uint8Array)) throw new TypeError("storage value must be bytes or null");
      return { kind: "storage", address, key: canonicalHex(op.key), value: op.value === null ? null : op.value.slice() };
    case "balance":
      checkBalance(op.balance);
      return { kind: "balance", address, balance: op.balance };
    case "code":
      if (op.code !== null && !(op.code instanceof Uint8Array)) throw new TypeError("code must be bytes or null");
      return { kind: "code", address, code: op.code === null ? null : op.code.slice() };
    default:
      throw new TypeError(`unknown state op kind: ${String((op as { kind: unknown }).kind)}`);
  }
}

// The one string a write is filed under. The kind prefix keeps the three spaces apart and gives
// the sort order (balance, code, storage); `:` cannot occur in hex, so no two pairs collide.
const storageSlot = (addressHex: string, keyHex: string): string => `s:${addressHex}:${keyHex}`;
const balanceSlot = (addressHex: string): string => `b:${addressHex}`;
const codeSlot = (addressHex: string): string => `c:${addressHex}`;

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted plain view of a whole state, for exact comparisons (tests, `inspect`). */
export interface StateDump {
  storage: Array<{ address: string; key: string; value: string }>;
  balances: Array<{ address: string; balance: string }>;
  code: Array<{ address: string; code: string }>;
}

/** The single-op writes of a `StateStore`, each a one-op batch through `commit`, so the atomicity
 *  and checks of `commit` are the only ones. */
export abstract class BatchStateStore implements StateStore {
  abstract getStorage(address: BytesLike, key: BytesLike): Uint8Array | undefined;
  abstract getBalance(address: BytesLike): bigint;
  abstract getCode(address: BytesLike): Uint8Array | undefined;
  abstract commit(batch: StateBatch): Promise<void>;

  putStorage(address: BytesLike, key: BytesLike, value: Uint8Array): Promise<void> {
    return this.commit([{ kind: "storage", address: canonicalHex(address), key: canonicalHex(key), value }]);
  }
  deleteStorage(address: BytesLike, key: BytesLike): Promise<void> {
    return this.commit([{ kind: "storage", address: canonicalHex(address), key: canonicalHex(key), value: null }]);
  }
  setBalance(address: BytesLike, balance: bigint): Promise<void> {
    return this.commit([{ kind: "balance", address: canonicalHex(address), balance }]);
  }
  putCode(address: BytesLike, code: Uint8Array): Promise<void> {
    return this.commit([{ kind: "code", address: canonicalHex(address), code }]);
  }
}

/** A `StateStore` held in memory; what tests and the one-shot CLI use. */
export class MemoryStateStore extends BatchStateStore {
  readonly #storage = new Map<string, Uint8Array>();
  readonly #balances = new Map<string, bigint>();
  readonly #code = new Map<string, Uint8Array>();

  getStorage(address: BytesLike, key: BytesLike): Uint8Array | undefined {
    return this.#storage.get(storageSlot(canonicalHex(address), canonicalHex(key)))?.slice();
  }
  getBalance(address: BytesLike): bigint {
    return this.#balances.get(canonicalHex(address)) ?? 0n;
  }
  getCode(address: BytesLike): Uint8Array | undefined {
    return this.#code.get(canonicalHex(address))?.slice();
  }
  commit(batch: StateBatch): Promise<void> {
    try {
      this.commitSync(batch);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Same as `commit`, for callers that have no event loop turn to spare (tests, the CLI). */
  commitSync(batch: StateBatch): void {
    // Normalize everything first: a malformed op must leave the store untouched.
    const ops = batch.map(normalizeOp);
    for (const op of ops) {
      switch (op.kind) {
        case "storage": {
          const slot = storageSlot(op.address, op.key);
          if (op.value === null) this.#storage.delete(slot);
          else this.#storage.set(slot, op.value);
          break;
        }
        case "balance":
          // A zero balance is the same as none; dropping it keeps dumps canonical.
          if (op.balance === 0n) this.#balances.delete(op.address);
          else this.#balances.set(op.address, op.balance);
          break;
        case "code":
          if (op.code === null) this.#code.delete(op.address);
          else this.#code.set(op.address, op.code);
          break;
      }
    }
  }

  dump(): StateDump {
    const storage = [...this.#storage.entries()]
      .sort((a, b) => compareStrings(a[0], b[0]))
      .map(([slot, value]) => {
        const [, address, key] = slot.split(":") as [string, string, string];
        return { address, key, value: bytesToHex(value) };
      });
    const balances = [...this.#balances.entries()]
      .sort((a, b) => compareStrings(a[0], b[0]))
      .map(([address, balance]) => ({ address, balance: balance.toString() }));
    const code = [...this.#code.entries()]
      .sort((a, b) => compareStrings(a[0], b[0]))
      .map(([address, bytes]) => ({ address, code: bytesToHex(bytes) }));
    return { storage, balances, code };
  }
}

/** Outcome of a balance move; anything but "ok" leaves both balances unchanged. */
export type TransferOutcome = "ok" | "insufficient-funds" | "overflow" | "invalid-amount";

/** Thrown when a journal is used after commit/rollback, or written while a child is open. */
export class JournalStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JournalStateError";
  }
}

type JournalParent = StateStore | Journal;

/** What `Journal.snapshot()` captured; opaque to callers. */
export interface JournalSnapshot {
  readonly owner: Journal;
  readonly pending: ReadonlyMap<string, StateOp>;
  readonly events: readonly string[];
}

/**
 * Pending writes over a parent (a store, or the journal of the calling contract). Reads see this
 * journal's writes first, then the parent's. `commit()` folds into a parent journal;
 * `commitToStore()` hands a root journal's writes to the store as one atomic batch;
 * `rollback()` discards. A journal with an open child refuses writes, so the child's view of the
 * parent cannot go stale under it.
 */
export class Journal {
  readonly parent: JournalParent;
  /** 0 for a journal over a store, parent depth + 1 for a nested one. */
  readonly depth: number;
  readonly #pending = new Map<string, StateOp>();
  /** Events go with the writes: a nested call that rolls back takes its events with it. */
  readonly #events: string[] = [];
  #openChild: Journal | null = null;
  #finished = false;

  constructor(parent: JournalParent) {
    if (parent instanceof Journal) {
      parent.#assertWritable();
      parent.#openChild = this;
      this.depth = parent.depth + 1;
    } else {
      this.depth = 0;
    }
    this.parent = parent;
  }

  /** Captures the pending writes and events, so `restore` can return to exactly this point (to
   *  retry a call or fork execution). Ops are immutable once recorded, so sharing them is safe. */
  snapshot(): JournalSnapshot {
    this.#assertLive();
    this.#assertNoOpenChild();
    return { owner: this, pending: new Map(this.#pending), events: [...this.#events] };
  }

  /** Returns to the state captured by `snapshot()` of this same journal. */
  restore(snapshot: JournalSnapshot): void {
    this.#assertLive();
    this.#assertNoOpenChild();
    if (snapshot.owner !== this) throw new JournalStateError("restore: the snapshot was taken from another journal");
    this.#pending.clear();
    for (const [slot, op] of snapshot.pending) this.#pending.set(slot, op);
    this.#events.length = 0;
    this.#events.push(...snapshot.events);
  }

  /** A nested journal for a cross-contract call. */
  child(): Journal {
    return new Journal(this);
  }

  get isRoot(): boolean {
    return !(this.parent instanceof Journal);
  }

  get isFinished(): boolean {
    return this.#finished;
  }

  getStorage(address: BytesLike, key: BytesLike): Uint8Array | undefined {
    this.#assertLive();
    return this.#readStorage(canonicalHex(address), canonicalHex(key))?.slice();
  }

  hasStorage(address: BytesLike, key: BytesLike): boolean {
    this.#assertLive();
    return this.#readStorage(canonicalHex(address), canonicalHex(key)) !== undefined;
  }

  putStorage(address: BytesLike, key: BytesLike, value: Uint8Array): void {
    this.#assertWritable();
    const addressHex = canonicalHex(address);
    const keyHex = canonicalHex(key);
    this.#pending.set(storageSlot(addressHex, keyHex), { kind: "storage", address: addressHex, key: keyHex, value: value.slice() });
  }

  deleteStorage(address: BytesLike, key: BytesLike): void {
    this.#assertWritable();
    const addressHex = canonicalHex(address);
    const keyHex = canonicalHex(key);
    this.#pending.set(storageSlot(addressHex, keyHex), { kind: "storage", address: addressHex, key: keyHex, value: null });
  }

  getBalance(address: BytesLike): bigint {
    this.#assertLive();
    return this.#readBalance(canonicalHex(address));
  }

  setBalance(address: BytesLike, balance: bigint): void {
    this.#assertWritable();
    checkBalance(balance);
    const addressHex = canonicalHex(address);
    this.#pending.set(balanceSlot(addressHex), { kind: "balance", address: addressHex, balance });
  }

  /** Adds to a balance (a mint, or the value attached to a call). */
  credit(address: BytesLike, amount: bigint): TransferOutcome {
    this.#assertWritable();
    if (typeof amount !== "bigint" || amount < 0n) return "invalid-amount";
    const addressHex = canonicalHex(address);
    const next = this.#readBalance(addressHex) + amount;
    if (next > MAX_BALANCE) return "overflow";
    this.#pending.set(balanceSlot(addressHex), { kind: "balance", address: addressHex, balance: next });
    return "ok";
  }

  /** Moves `amount` from one balance to another; checks everything before changing anything. */
  transfer(from: BytesLike, to: BytesLike, amount: bigint): TransferOutcome {
    this.#assertWritable();
    if (typeof amount !== "bigint" || amount < 0n || amount > MAX_BALANCE) return "invalid-amount";
    const fromHex = canonicalHex(from);
    const toHex = canonicalHex(to);
    const fromBalance = this.#readBalance(fromHex);
    if (fromBalance < amount) return "insufficient-funds";
    if (fromHex === toHex) return "ok";
    const toBalance = this.#readBalance(toHex);
    if (toBalance + amount > MAX_BALANCE) return "overflow";
    this.#pending.set(balanceSlot(fromHex), { kind: "balance", address: fromHex, balance: fromBalance - amount });
    this.#pending.set(balanceSlot(toHex), { kind: "balance", address: toHex, balance: toBalance + amount });
    return "ok";
  }

  getCode(address: BytesLike): Uint8Array | undefined {
    this.#assertLive();
    return this.#readCode(canonicalHex(address))?.slice();
  }

  putCode(address: BytesLike, code: Uint8Array): void {
    this.#assertWritable();
    const addressHex = canonicalHex(address);
    this.#pending.set(codeSlot(addressHex), { kind: "code", address: addressHex, code: code.slice() });
  }

  /** Records an event (the host has already checked size, count and UTF-8). */
  emitEvent(text: string): void {
    this.#assertWritable();
    this.#events.push(text);
  }

  /** Events of this journal and of committed children, in the order they were emitted. */
  events(): string[] {
    return [...this.#events];
  }

  /** This journal's pending writes (children folded in), sorted: balances, code, storage. */
  writes(): StateWrite[] {
    return [...this.#pending.entries()]
      .sort((a, b) => compareStrings(a[0], b[0]))
      .map(([, op]) => copyOp(op));
  }

  /** Folds this journal's writes into the parent journal and closes it. */
  commit(): void {
    this.#assertLive();
    const parent = this.parent;
    if (!(parent instanceof Journal)) {
      throw new JournalStateError("a root journal commits with commitToStore()");
    }
    this.#assertNoOpenChild();
    for (const [slot, op] of this.#pending) parent.#pending.set(slot, op);
    parent.#events.push(...this.#events);
    this.#close();
  }

  /** Writes a root journal's changes to its store as one atomic batch, then closes it. */
  async commitToStore(): Promise<void> {
    this.#assertLive();
    const parent = this.parent;
    if (parent instanceof Journal) {
      throw new JournalStateError("a nested journal commits into its parent with commit()");
    }
    this.#assertNoOpenChild();
    const batch = this.writes();
    this.#close();
    await parent.commit(batch);
  }

  /** Discards this journal's writes (and those of any open child) and closes it. */
  rollback(): void {
    this.#assertLive();
    if (this.#openChild !== null) this.#openChild.rollback();
    this.#pending.clear();
    this.#events.length = 0;
    this.#close();
  }

  #close(): void {
    this.#finished = true;
    if (this.parent instanceof Journal && this.parent.#openChild === this) this.parent.#openChild = null;
  }

  #assertLive(): void {
    if (this.#finished) throw new JournalStateError("journal already committed or rolled back");
  }

  #assertNoOpenChild(): void {
    if (this.#openChild !== null) throw new JournalStateError("journal has an open nested journal");
  }

  #assertWritable(): void {
    this.#assertLive();
    this.#assertNoOpenChild();
  }

  #readStorage(addressHex: string, keyHex: string): Uint8Array | undefined {
    const pending = this.#pending.get(storageSlot(addressHex, keyHex));
    if (pending !== undefined && pending.kind === "storage") return pending.value ?? undefined;
    const parent = this.parent;
    return parent instanceof Journal ? parent.#readStorage(addressHex, keyHex) : parent.getStorage(addressHex, keyHex);
  }

  #readBalance(addressHex: string): bigint {
    const pending = this.#pending.get(balanceSlot(addressHex));
    if (pending !== undefined && pending.kind === "balance") return pending.balance;
    const parent = this.parent;
    return parent instanceof Journal ? parent.#readBalance(addressHex) : parent.getBalance(addressHex);
  }

  #readCode(addressHex: string): Uint8Array | undefined {
    const pending = this.#pending.get(codeSlot(addressHex));
    if (pending !== undefined && pending.kind === "code") return pending.code ?? undefined;
    const parent = this.parent;
    return parent instanceof Journal ? parent.#readCode(addressHex) : parent.getCode(addressHex);
  }
}

function copyOp(op: StateOp): StateOp {
  switch (op.kind) {
    case "storage": return { ...op, value: op.value === null ? null : op.value.slice() };
    case "balance": return { ...op };
    case "code": return { ...op, code: op.code === null ? null : op.code.slice() };
  }
}

