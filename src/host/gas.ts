// The `gas` host module for contracts instrumented elsewhere (a metering pass inserted
// `call $gas.gas (i32.const N)` at each block): `gas.gas(amount: i32)` charges `amount`, read as a
// u32 as the original engine does, through whatever charge function the embedder supplies — for
// contracts that is the same charge the xq functions use, so both draw on one gas limit.

import { I32 } from "../core/index.ts";
import type { FuncType } from "../core/index.ts";

export const GAS_FUNCTION_TYPE: FuncType = { params: [I32], results: [] } as FuncType;

/** The JS body of `gas.gas`; `charge` throws (out of gas) to stop the contract. */
export function gasFunction(charge: (amount: number) => void): (amount: number) => void {
  return (amount: number): void => charge(amount >>> 0);
}
