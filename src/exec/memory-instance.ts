// Linear memory. Grow replaces the buffer (a fresh ArrayBuffer with the old bytes copied), so every
// holder of cached views must refresh them after memory.grow or after any call that may grow.

import { MAX_MEMORY_PAGES, PAGE_SIZE } from "../core/index.ts";

export class MemoryInstance {
  buffer: ArrayBuffer;
  u8: Uint8Array;
  view: DataView;
  pages: number;
  /** Effective cap = min(declared max ?? 65536, 65536, engine cap). */
  readonly maxPages: number;
  readonly declaredMax: number | undefined;

  constructor(initialPages: number, declaredMax: number | undefined, engineCapPages?: number) {
    this.declaredMax = declaredMax;
    let cap = declaredMax === undefined ? MAX_MEMORY_PAGES : Math.min(declaredMax, MAX_MEMORY_PAGES);
    if (engineCapPages !== undefined) cap = Math.min(cap, engineCapPages);
    this.maxPages = cap;
    this.pages = initialPages;
    this.buffer = new ArrayBuffer(initialPages * PAGE_SIZE);
    this.u8 = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
  }

  /** Returns the old page count, or -1 when the request exceeds the cap or cannot be allocated. */
  grow(deltaPages: number): number {
    const old = this.pages;
    if (deltaPages < 0 || deltaPages > this.maxPages - old) return -1;
    if (deltaPages === 0) return old;
    let next: ArrayBuffer;
    try {
      next = new ArrayBuffer((old + deltaPages) * PAGE_SIZE);
    } catch {
      return -1;
    }
    const u8 = new Uint8Array(next);
    u8.set(this.u8);
    this.buffer = next;
    this.u8 = u8;
    this.view = new DataView(next);
    this.pages = old + deltaPages;
    return old;
  }
}
