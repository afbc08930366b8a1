// A global's storage: four 32-bit words holding the value's raw bits exactly as a stack slot does
// (v128 uses all four).

import type { GlobalType } from "../core/index.ts";

export class GlobalInstance {
  readonly type: GlobalType;
  readonly cell: Int32Array;
  constructor(type: GlobalType) {
    this.type = type;
    this.cell = new Int32Array(4);
  }
}
