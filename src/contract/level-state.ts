// A persistent `StateStore` on LevelDB (through `classic-level`, which ships prebuilt binaries).
// LevelDB's write batch is atomic, which is exactly the all-or-nothing commit a call needs, and
// classic-level's `getSync` lets host functions read in the middle of wasm execution.
//
// Key layout (binary, so that one database holds all three spaces without ambiguity):
//   0x01 ‖ len(address) ‖ address ‖ key   → storage value
//   0x02 ‖ address                         → balance, decimal ASCII (no fixed width to outgrow)
//   0x03 ‖ address                         → contract code
// The address length byte keeps (address, key) pairs apart when addresses differ in length.

import { ClassicLevel } from "classic-level";
import { bytesToHex, hexToBytes } from "./result.ts";
import { BatchStateStore, canonicalHex, checkBalance, normalizeOp, type BytesLike, type StateBatch, type StateDump } from "./state.ts";

const STORAGE_PREFIX = 0x01;
const BALANCE_PREFIX = 0x02;
const CODE_PREFIX = 0x03;

type LevelBatchOp =
  | { type: "put"; key: Uint8Array; value: Uint8Array }
  | { type: "del"; key: Uint8Array };

export interface LevelStateOptions {
  /** fsync each commit before it resolves (slower, survives a machine crash). Default false. */
  sync?: boolean;
}

export class LevelStateStore extends BatchStateStore {
  readonly location: string;
  readonly #db: ClassicLevel<Uint8Array, Uint8Array>;
  readonly #sync: boolean;

  private constructor(location: string, db: ClassicLevel<Uint8Array, Uint8Array>, sync: boolean) {
    super();
    this.location = location;
    this.#db = db;
    this.#sync = sync;
  }

  /** Opens (creating if needed) the database in directory `dir`. */
  static async open(dir: string, options: LevelStateOptions = {}): Promise<LevelStateStore> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: "view", valueEncoding: "view" });
    await db.open();
    return new LevelStateStore(dir, db, options.sync ?? false);
  }

  async close(): Promise<void> {
    await this.#db.close();
  }

  get isOpen(): boolean {
    return this.#db.status === "open";
  }

  getStorage(address: BytesLike, key: BytesLike): Uint8Array | undefined {
    return this.#getSync(storageKey(canonicalHex(address), canonicalHex(key)));
  }

  getBalance(address: BytesLike): bigint {
    const stored = this.#getSync(balanceKey(canonicalHex(address)));
    return stored === undefined ? 0n : BigInt(new TextDecoder().decode(stored));
  }

  getCode(address: BytesLike): Uint8Array | undefined {
    return this.#getSync(codeKey(canonicalHex(address)));
  }

  async commit(batch: StateBatch): Promise<void> {
    // Translate (and so validate) every op before handing LevelDB anything: one bad op must not
    // leave a half-written batch, and LevelDB applies a single batch atomically.
    const levelOps: LevelBatchOp[] = batch.map(normalizeOp).map((op): LevelBatchOp => {
      switch (op.kind) {
        case "storage": {
          const key = storageKey(op.address, op.key);
          return op.value === null ? { type: "del", key } : { type: "put", key, value: op.value };
        }
        case "balance":
          checkBalance(op.balance);
          // Zero is stored as absence, as in MemoryStateStore, so both dump the same state.
          return op.balance === 0n
            ? { type: "del", key: balanceKey(op.address) }
            : { type: "put", key: balanceKey(op.address), value: new TextEncoder().encode(op.balance.toString()) };
        case "code":
          return op.code === null ? { type: "del", key: codeKey(op.address) } : { type: "put", key: codeKey(op.address), value: op.code };
      }
    });
    if (levelOps.length === 0) return;
    await this.#db.batch(levelOps, { sync: this.#sync });
  }

  /** The whole state, sorted, in the same shape as `MemoryStateStore.dump()`. */
  async dump(): Promise<StateDump> {
    const out: StateDump = { storage: [], balances: [], code: [] };
    for await (const [key, value] of this.#db.iterator()) {
      const prefix = key[0];
      if (prefix === STORAGE_PREFIX) {
        const addressLength = key[1] ?? 0;
        out.storage.push({
          address: bytesToHex(key.subarray(2, 2 + addressLength)),
          key: bytesToHex(key.subarray(2 + addressLength)),
          value: bytesToHex(value),
        });
      } else if (prefix === BALANCE_PREFIX) {
        out.balances.push({ address: bytesToHex(key.subarray(1)), balance: new TextDecoder().decode(value) });
      } else if (prefix === CODE_PREFIX) {
        out.code.push({ address: bytesToHex(key.subarray(1)), code: bytesToHex(value) });
      }
    }
    // LevelDB orders keys bytewise, which for storage groups by address length first; re-sort
    // so the dump matches MemoryStateStore's order exactly.
    const byHex = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    out.storage.sort((a, b) => byHex(`${a.address}:${a.key}`, `${b.address}:${b.key}`));
    out.balances.sort((a, b) => byHex(a.address, b.address));
    out.code.sort((a, b) => byHex(a.address, b.address));
    return out;
  }

  #getSync(key: Uint8Array): Uint8Array | undefined {
    const value = this.#db.getSync(key);
    // classic-level hands back Buffers; callers get a plain, unshared Uint8Array.
    return value === undefined ? undefined : new Uint8Array(value);
  }
}

function storageKey(addressHex: string, keyHex: string): Uint8Array {
  const address = hexToBytes(addressHex);
  if (address.length > 255) throw new RangeError("address longer than 255 bytes");
  const key = hexToBytes(keyHex);
  const out = new Uint8Array(2 + address.length + key.length);
  out[0] = STORAGE_PREFIX;
  out[1] = address.length;
  out.set(address, 2);
  out.set(key, 2 + address.length);
  return out;
}

function balanceKey(addressHex: string): Uint8Array {
  return prefixed(BALANCE_PREFIX, hexToBytes(addressHex));
}

function codeKey(addressHex: string): Uint8Array {
  return prefixed(CODE_PREFIX, hexToBytes(addressHex));
}

function prefixed(prefix: number, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + bytes.length);
  out[0] = prefix;
  out.set(bytes, 1);
  return out;
}
