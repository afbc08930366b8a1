// Who owns a deployed contract. The state has three spaces (storage, balances, code); the owner is
// kept in storage under a reserved pseudo-address of ZERO bytes. No contract can write there
// (`set_store` is scoped to the running contract's own 20-byte address) and no 20-byte address can
// collide with it in either store's key layout, so it needs no fourth space in the StateStore.

import { hexToBytes } from "./result.ts";
import { canonicalHex, type BytesLike } from "./state.ts";

/** The pseudo-address the owner registry is filed under (empty: zero bytes). */
export const REGISTRY_ADDRESS = "";

export const ADDRESS_BYTES = 20;

/** Anything that reads storage: a StateStore or a Journal. */
export interface StorageReader {
  getStorage(address: BytesLike, key: BytesLike): Uint8Array | undefined;
}

/** Parses a 20-byte address given as hex (with or without `0x`) or bytes; throws RangeError otherwise. */
export function parseAddress(value: BytesLike, what = "address"): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = typeof value === "string" ? hexToBytes(canonicalHex(value)) : value.slice();
  } catch {
    throw new RangeError(`${what} must be ${ADDRESS_BYTES} bytes of hex, got ${JSON.stringify(String(value))}`);
  }
  if (bytes.length !== ADDRESS_BYTES) {
    throw new RangeError(`${what} must be ${ADDRESS_BYTES} bytes (${ADDRESS_BYTES * 2} hex digits), got ${bytes.length}`);
  }
  return bytes;
}

/** The owner recorded at deployment, or undefined for an address with no deployed contract. */
export function ownerOf(state: StorageReader, contract: BytesLike): Uint8Array | undefined {
  return state.getStorage(REGISTRY_ADDRESS, canonicalHex(contract));
}
