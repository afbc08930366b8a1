// @ts-nocheck — AssemblyScript (compiled by `npm run build:examples`), not checked by tsc.
//
// Counter: one u64 in storage under "count".
//   init(amount)       count = parameter (decimal) or 0; rejects if already initialized
//   increment(amount)  count += parameter (decimal) or 1; return data and an event carry the new value
//   get(amount)        return data = count
// Every entry returns 1 (success) or 0 (reject: the engine rolls back the writes).
import {
  SUCCESS, FAILURE, parameterString, parseAmount, setReturnString, emitEvent,
  storageGetU64, storageSetU64, storageGet, utf8,
} from "../../sdk/assemblyscript/xq";

const COUNT_KEY = "count";

export function init(amount: i64): i32 {
  if (storageGet(utf8(COUNT_KEY)) !== null) return FAILURE;
  const param = parameterString();
  let start: i64 = 0;
  if (param.length > 0) {
    start = parseAmount(param);
    if (start < 0) return FAILURE;
  }
  storageSetU64(COUNT_KEY, <u64>start);
  setReturnString(start.toString());
  return SUCCESS;
}

export function increment(amount: i64): i32 {
  const param = parameterString();
  let step: i64 = 1;
  if (param.length > 0) {
    step = parseAmount(param);
    if (step < 0) return FAILURE;
  }
  const current = storageGetU64(COUNT_KEY, 0);
  const next = current + <u64>step;
  if (next < current) return FAILURE; // u64 overflow
  storageSetU64(COUNT_KEY, next);
  setReturnString(next.toString());
  emitEvent("increment:" + next.toString());
  return SUCCESS;
}

export function get(amount: i64): i32 {
  setReturnString(storageGetU64(COUNT_KEY, 0).toString());
  return SUCCESS;
}
