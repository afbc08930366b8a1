// The generic value codec of precompiled artifacts: walks a value tree (the ModuleRecord and the
// CompiledModule) and writes it as tagged binary, so fields added to either record later serialize
// without touching this file. Accepted: undefined, null, booleans, numbers, bigints, strings,
// arrays, plain objects, Maps and the numeric typed arrays. Anything else (functions, symbols, class
// instances, cycles) is refused when writing, with the path of the offending field.
//
// Reading treats the input as hostile even though the artifact's digest was checked before: every
// read is bounds-checked, counts are capped by the bytes left, nesting is capped, and every failure
// is an ArtifactError — never a RangeError/TypeError from a crafted file.

import { ArtifactError } from "./artifact-error.ts";

const TAG_UNDEFINED = 0;
const TAG_NULL = 1;
const TAG_FALSE = 2;
const TAG_TRUE = 3;
const TAG_INT = 4;        // zigzag varint, |v| < 2^31
const TAG_FLOAT64 = 5;    // 8 bytes little-endian (non-int32 numbers, -0, NaN)
const TAG_STRING = 6;     // varuint byte length + UTF-8; joins the string table
const TAG_STRING_REF = 7; // varuint index into the string table (repeated keys cost one or two bytes)
const TAG_BIGINT = 8;     // sign byte + varuint byte length + magnitude, little-endian
const TAG_ARRAY = 9;      // varuint count + items
const TAG_OBJECT = 10;    // varuint count + (key string, value) pairs
const TAG_MAP = 11;       // varuint count + (key, value) pairs
const TAG_TYPED = 12;     // kind byte + varuint byte length + raw little-endian elements
const TAG_INT32S = 13;    // Int32Array: varuint count + zigzag varints (lowered code is mostly small
                          // numbers: about a third of the raw size, and the digest has less to hash)

type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** Typed-array kinds by code; the code is the index. Never reorder (it is part of the format). */
const TYPED_KINDS = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array,
] as const;

/** Nesting depth a ModuleRecord needs is under 10; the cap keeps a crafted file from exhausting the JS stack. */
const MAX_DEPTH = 64;

// Raw typed-array bytes are written in host order; the format is little-endian, so a big-endian
// host (none that Node supports today) refuses rather than misreads.
// One decoder for every reader (creating one costs more than decoding a small artifact's strings).
// ignoreBOM: a name may legitimately start with U+FEFF (the spec suite's names.wast has one).
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export class ValueWriter {
  private buffer = new Uint8Array(1 << 16);
  private view = new DataView(this.buffer.buffer);
  private length = 0;
  private readonly stringIds = new Map<string, number>();
  private readonly encoder = new TextEncoder();
  private readonly active = new Set<object>();

  constructor() {
    if (!LITTLE_ENDIAN_HOST) throw new ArtifactError("artifacts need a little-endian host");
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  varuint(value: number): void {
    this.reserve(8);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private string(value: string): void {
    const id = this.stringIds.get(value);
    if (id !== undefined) {
      this.byte(TAG_STRING_REF);
      this.varuint(id);
      return;
    }
    this.stringIds.set(value, this.stringIds.size);
    const utf8 = this.encoder.encode(value);
    this.byte(TAG_STRING);
    this.varuint(utf8.length);
    this.raw(utf8);
  }

  value(value: unknown, path: string): void {
    switch (typeof value) {
      case "undefined": this.byte(TAG_UNDEFINED); return;
      case "boolean": this.byte(value ? TAG_TRUE : TAG_FALSE); return;
      case "string": this.string(value); return;
      case "number":
        if (Number.isInteger(value) && Math.abs(value) < 2 ** 31 && !Object.is(value, -0)) {
          this.byte(TAG_INT);
          this.varuint(value >= 0 ? value * 2 : -value * 2 - 1);
        } else {
          this.byte(TAG_FLOAT64);
          this.reserve(8);
          this.view.setFloat64(this.length, value, true);
          this.length += 8;
        }
        return;
      case "bigint": {
        const negative = value < 0n;
        let magnitude = negative ? -value : value;
        const bytes: number[] = [];
        while (magnitude > 0n) {
          bytes.push(Number(magnitude & 0xffn));
          magnitude >>= 8n;
        }
        this.byte(TAG_BIGINT);
        this.byte(negative ? 1 : 0);
        this.varuint(bytes.length);
        this.raw(Uint8Array.from(bytes));
        return;
      }
      case "object":
        if (value === null) {
          this.byte(TAG_NULL);
          return;
        }
        this.object(value, path);
        return;
      default:
        throw new ArtifactError(`cannot serialize ${typeof value} at ${path}`);
    }
  }

  private object(value: object, path: string): void {
    if (value instanceof Int32Array) {
      this.byte(TAG_INT32S);
      this.varuint(value.length);
      this.reserve(value.length * 5);
      const out = this.buffer;
      let at = this.length;
      for (let i = 0; i < value.length; i++) {
        let v = ((value[i] << 1) ^ (value[i] >> 31)) >>> 0;
        while (v >= 0x80) {
          out[at++] = (v & 0x7f) | 0x80;
          v >>>= 7;
        }
        out[at++] = v;
      }
      this.length = at;
      return;
    }
    if (ArrayBuffer.isView(value)) {
      const kind = TYPED_KINDS.findIndex((ctor) => value instanceof ctor);
      if (kind < 0) throw new ArtifactError(`cannot serialize ${value.constructor.name} at ${path}`);
      this.byte(TAG_TYPED);
      this.byte(kind);
      this.varuint(value.byteLength);
      this.raw(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      return;
    }
    // A shared sub-object is written once per reference (and read back as separate equal copies);
    // only a cycle is an error.
    if (this.active.has(value)) throw new ArtifactError(`cannot serialize a cyclic structure at ${path}`);
    this.active.add(value);
    try {
      if (Array.isArray(value)) {
        this.byte(TAG_ARRAY);
        this.varuint(value.length);
        for (let i = 0; i < value.length; i++) this.value(value[i], `${path}[${i}]`);
      } else if (value instanceof Map) {
        this.byte(TAG_MAP);
        this.varuint(value.size);
        for (const [key, item] of value) {
          this.value(key, `${path}.<key>`);
          this.value(item, `${path}.get(${String(key)})`);
        }
      } else {
        const proto: unknown = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          const name = typeof value.constructor === "function" ? value.constructor.name : "object";
          throw new ArtifactError(`cannot serialize an instance of ${name} at ${path}`);
        }
        const keys = Object.keys(value);
        this.byte(TAG_OBJECT);
        this.varuint(keys.length);
        for (const key of keys) {
          if (key === "__proto__") throw new ArtifactError(`cannot serialize a "__proto__" key at ${path}`);
          this.string(key);
          this.value((value as Record<string, unknown>)[key], `${path}.${key}`);
        }
      }
    } finally {
      this.active.delete(value);
    }
  }
}

export class ValueReader {
  private pos: number;
  private readonly end: number;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly strings: string[] = [];

  constructor(bytes: Uint8Array, start: number, end: number) {
    if (!LITTLE_ENDIAN_HOST) throw new ArtifactError("artifacts need a little-endian host");
    // A plain Uint8Array view: Node's Buffer (a subclass) makes slice() a view into a shared pool.
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  get position(): number {
    return this.pos;
  }

  private fail(what: string): never {
    throw new ArtifactError(`corrupt artifact body: ${what} at byte ${this.pos}`);
  }

  private need(count: number): void {
    if (count > this.end - this.pos) this.fail("unexpected end");
  }

  private byte(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  varuint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (!Number.isSafeInteger(result)) this.fail("number out of range");
        return result;
      }
      scale *= 0x80;
    }
    return this.fail("varint too long");
  }

  /** A count of items that each take at least one byte: more than the bytes left is corrupt. */
  private count(): number {
    const n = this.varuint();
    if (n > this.end - this.pos) this.fail("count larger than the remaining bytes");
    return n;
  }

  private string(tag: number): string {
    if (tag === TAG_STRING_REF) {
      const id = this.varuint();
      if (id >= this.strings.length) this.fail("unknown string reference");
      return this.strings[id];
    }
    if (tag !== TAG_STRING) this.fail(`expected a string, found tag ${tag}`);
    const length = this.count();
    let text: string;
    try {
      text = UTF8.decode(this.bytes.subarray(this.pos, this.pos + length));
    } catch {
      return this.fail("invalid UTF-8");
    }
    this.pos += length;
    this.strings.push(text);
    return text;
  }

  /** Its own function so the hot varint loop is optimized on its own, not inside value()'s switch. */
  /** Int32Arrays of a body are carved from shared chunks: lowered code is thousands of small arrays,
   *  and a backing store per array cost more than decoding them. */
  private arena = new Int32Array(0);
  private arenaUsed = 0;

  private int32s(): Int32Array {
    const n = this.count();
    if (n > this.arena.length - this.arenaUsed) {
      // Every value takes at least one byte: never more than the body's remaining bytes.
      this.arena = new Int32Array(Math.max(n, Math.min(1 << 16, this.end - this.pos)));
      this.arenaUsed = 0;
    }
    const out = this.arena.subarray(this.arenaUsed, this.arenaUsed + n);
    this.arenaUsed += n;
    const at = decodeZigzagInt32s(this.bytes, this.pos, this.end, out);
    if (at < 0) this.fail(at === -1 ? "unexpected end" : "varint too long");
    this.pos = at;
    return out;
  }

  value(depth = 0): unknown {
    if (depth > MAX_DEPTH) this.fail("nesting too deep");
    const tag = this.byte();
    switch (tag) {
      case TAG_UNDEFINED: return undefined;
      case TAG_NULL: return null;
      case TAG_FALSE: return false;
      case TAG_TRUE: return true;
      case TAG_INT: {
        const zigzag = this.varuint();
        if (zigzag >= 2 ** 32) this.fail("integer out of range");
        return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
      }
      case TAG_FLOAT64: {
        this.need(8);
        const value = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return value;
      }
      case TAG_STRING:
      case TAG_STRING_REF:
        return this.string(tag);
      case TAG_BIGINT: {
        const negative = this.byte();
        if (negative > 1) this.fail("bad bigint sign");
        const length = this.count();
        let magnitude = 0n;
        for (let i = length - 1; i >= 0; i--) magnitude = (magnitude << 8n) | BigInt(this.bytes[this.pos + i]);
        this.pos += length;
        return negative === 1 ? -magnitude : magnitude;
      }
      case TAG_ARRAY: {
        const n = this.count();
        const items: unknown[] = new Array<unknown>(n);
        for (let i = 0; i < n; i++) items[i] = this.value(depth + 1);
        return items;
      }
      case TAG_OBJECT: {
        const n = this.count();
        const object: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = this.string(this.byte());
          if (key === "__proto__") this.fail("forbidden key");
          object[key] = this.value(depth + 1);
        }
        return object;
      }
      case TAG_MAP: {
        const n = this.count();
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) {
          const key = this.value(depth + 1);
          map.set(key, this.value(depth + 1));
        }
        return map;
      }
      case TAG_INT32S:
        return this.int32s();
      case TAG_TYPED: {
        const kind = this.byte();
        if (kind >= TYPED_KINDS.length) this.fail(`unknown typed-array kind ${kind}`);
        const byteLength = this.count();
        const ctor = TYPED_KINDS[kind];
        if (byteLength % ctor.BYTES_PER_ELEMENT !== 0) this.fail("typed-array length not a multiple of its element size");
        // A copy in a buffer of its own: the loaded module must not alias the caller's artifact bytes.
        const copy = this.bytes.slice(this.pos, this.pos + byteLength).buffer;
        this.pos += byteLength;
        return new ctor(copy) satisfies TypedArray;
      }
      default:
        return this.fail(`unknown tag ${tag}`);
    }
  }
}

/** Decodes out.length zigzag varints from bytes[at, end) into `out`; returns the position after
 *  them, -1 when the input ends first, -2 for a varint longer than 5 bytes. A free function with no
 *  calls in its loop: this is the hot part of loading an artifact. */
function decodeZigzagInt32s(bytes: Uint8Array, start: number, end: number, out: Int32Array): number {
  let at = start;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    if (at >= end) return -1;
    let b = bytes[at++];
    let v = b & 0x7f;
    let shift = 7;
    while (b >= 0x80) {
      if (at >= end) return -1;
      if (shift > 28) return -2;
      b = bytes[at++];
      v |= (b & 0x7f) << shift;
      shift += 7;
    }
    out[i] = (v >>> 1) ^ -(v & 1);
  }
  return at;
}
