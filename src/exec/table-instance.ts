// A table of references held as ref ids (0 = null); ids resolve through the Store.

import { MAX_TABLE_SIZE } from "../core/index.ts";
import type { RefType } from "../core/index.ts";

/** Tables larger than this are refused by grow (an engine limit keeping JS arrays sane). */
const TABLE_ENGINE_CAP = 10_000_000;

export class TableInstance {
  elements: number[];
  readonly elemType: RefType;
  readonly declaredMax: number | undefined;
  readonly maxSize: number;

  /** `engineCap`: an engine limit (EngineLimits.maxTableElements) below the declared maximum makes
   *  table.grow beyond it return -1. */
  constructor(elemType: RefType, initialSize: number, declaredMax: number | undefined, initRef: number = 0, engineCap: number = TABLE_ENGINE_CAP) {
    this.elemType = elemType;
    this.declaredMax = declaredMax;
    this.maxSize = Math.min(declaredMax ?? MAX_TABLE_SIZE, MAX_TABLE_SIZE, TABLE_ENGINE_CAP, engineCap);
    this.elements = new Array<number>(initialSize).fill(initRef);
  }

  /** Returns the old size, or -1 when the new size would exceed the maximum. */
  grow(delta: number, initRef: number): number {
    const old = this.elements.length;
    if (delta < 0 || delta > this.maxSize - old) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(initRef);
    return old;
  }
}
