// @ts-nocheck — AssemblyScript (compiled by `npm run build:examples`), not checked by tsc.
//
// A fungible token. Balances are u64 in storage under "bal:" + the holder's address in hex;
// the total supply under "supply" (its presence also marks the token as initialized).
//   init(amount)        parameter: supply as decimal, or {"supply":N}; mints it all to the owner
//   transfer(amount)    parameter: {"to":"<40 hex>","amount":N} or "<40 hex>,N"; moves N from
//                       the invoker to `to`; rejects (returns 0) on an overdraft or a bad parameter
//   balance_of(amount)  parameter: "<40 hex>" or {"address":"<40 hex>"}; return data = balance
//   total_supply(amount) return data = supply
// Entry points take the call's attached amount (unused here) and return 1 on success.
import {
  SUCCESS, FAILURE, ADDRESS_LENGTH, parameterString, parseAmount, parseFlatObject, fromHex, toHex,
  setReturnString, emitEvent, storageGetU64, storageSetU64, storageGet, utf8, owner, invoker,
} from "../../sdk/assemblyscript/xq";

const SUPPLY_KEY = "supply";

function balanceKey(address: Uint8Array): string {
  return "bal:" + toHex(address);
}

function balanceOf(address: Uint8Array): u64 {
  return storageGetU64(balanceKey(address), 0);
}

export function init(amount: i64): i32 {
  if (storageGet(utf8(SUPPLY_KEY)) !== null) return FAILURE; // minting happens once
  const param = parameterString();
  let supplyText = param;
  const fields = parseFlatObject(param);
  if (fields !== null) {
    if (!fields.has("supply")) return FAILURE;
    supplyText = fields.get("supply");
  }
  const supply = parseAmount(supplyText);
  if (supply < 0) return FAILURE;
  const minter = owner();
  storageSetU64(SUPPLY_KEY, <u64>supply);
  storageSetU64(balanceKey(minter), <u64>supply);
  emitEvent('{"event":"mint","to":"' + toHex(minter) + '","amount":' + supply.toString() + "}");
  setReturnString(supply.toString());
  return SUCCESS;
}

export function transfer(amount: i64): i32 {
  if (storageGet(utf8(SUPPLY_KEY)) === null) return FAILURE; // not initialized
  const param = parameterString();
  let toText: string;
  let amountText: string;
  const fields = parseFlatObject(param);
  if (fields !== null) {
    if (!fields.has("to") || !fields.has("amount")) return FAILURE;
    toText = fields.get("to");
    amountText = fields.get("amount");
  } else {
    const comma = param.indexOf(",");
    if (comma < 0) return FAILURE;
    toText = param.substring(0, comma).trim();
    amountText = param.substring(comma + 1).trim();
  }
  const to = fromHex(toText, ADDRESS_LENGTH);
  if (to === null) return FAILURE;
  const value = parseAmount(amountText);
  if (value < 0) return FAILURE;

  const from = invoker();
  const fromBalance = balanceOf(from);
  if (fromBalance < <u64>value) return FAILURE; // overdraft
  if (toHex(from) != toHex(to)) {
    const toBalance = balanceOf(to);
    const credited = toBalance + <u64>value;
    if (credited < toBalance) return FAILURE; // cannot happen while supply < 2^63, kept as a guard
    storageSetU64(balanceKey(from), fromBalance - <u64>value);
    storageSetU64(balanceKey(to), credited);
  }
  emitEvent('{"event":"transfer","from":"' + toHex(from) + '","to":"' + toHex(to) + '","amount":' + value.toString() + "}");
  setReturnString(balanceOf(from).toString());
  return SUCCESS;
}

export function balance_of(amount: i64): i32 {
  const param = parameterString();
  let addressText = param;
  const fields = parseFlatObject(param);
  if (fields !== null) {
    if (!fields.has("address")) return FAILURE;
    addressText = fields.get("address");
  }
  const address = fromHex(addressText.trim(), ADDRESS_LENGTH);
  if (address === null) return FAILURE;
  setReturnString(balanceOf(address).toString());
  return SUCCESS;
}

export function total_supply(amount: i64): i32 {
  setReturnString(storageGetU64(SUPPLY_KEY, 0).toString());
  return SUCCESS;
}
