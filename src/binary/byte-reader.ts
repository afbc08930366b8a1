// ByteReader: a cursor over a byte range with the binary format's primitive encodings: LEB128
// (u32, s32, s33, s64 with the spec's exact length and unused-bit rules), fixed-width floats, raw
// bytes and UTF-8 names. Every failure is a CompileError in the spec's wording with the offset.
//
// Methods keep a one-byte fast path inline and push the multi-byte LEB work into separate methods,
// so the common case (small indices, small constants) stays a bounds check, a load and a compare.

import { CompileError } from "../core/index.ts";

export const MSG_UNEXPECTED_END = "unexpected end";
export const MSG_UNEXPECTED_END_SECTION = "unexpected end of section or function";
export const MSG_INTEGER_TOO_LONG = "integer representation too long";
export const MSG_INTEGER_TOO_LARGE = "integer too large";
export const MSG_MALFORMED_UTF8 = "malformed UTF-8 encoding";
export const MSG_LENGTH_OUT_OF_BOUNDS = "length out of bounds";

export class ByteReader {
  readonly bytes: Uint8Array;
  /** Offset of the next byte to read. */
  pos: number;
  /** One past the last readable byte. */
  end: number;
  /** Wording used when a read runs past `end` (the whole module's end reads as "unexpected end",
   *  a section's or a function body's end as "unexpected end of section or function"). */
  eofMessage: string;
  /** The last s64 read, as two signed 32-bit halves (no BigInt on the hot path). */
  i64Lo = 0;
  i64Hi = 0;

  constructor(bytes: Uint8Array, start: number, end: number) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.eofMessage = end >= bytes.length ? MSG_UNEXPECTED_END : MSG_UNEXPECTED_END_SECTION;
  }

  /** Throws the end-of-input error at the current position. */
  eof(): never {
    throw new CompileError(this.eofMessage, this.pos);
  }

  remaining(): number {
    return this.end - this.pos;
  }

  readByte(): number {
    if (this.pos >= this.end) this.eof();
    return this.bytes[this.pos++];
  }

  peekByte(): number {
    if (this.pos >= this.end) this.eof();
    return this.bytes[this.pos];
  }

  /** Unsigned 32-bit LEB128: at most 5 bytes; the 5th may use only its low 4 bits. */
  readU32(): number {
    const pos = this.pos;
    if (pos >= this.end) this.eof();
    const b = this.bytes[pos];
    if (b < 0x80) {
      this.pos = pos + 1;
      return b;
    }
    return this.readU32Slow();
  }

  private readU32Slow(): number {
    const bytes = this.bytes;
    const start = this.pos;
    let result = 0;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) this.eof();
      const b = bytes[this.pos++];
      if (i === 4) {
        if (b & 0x80) throw new CompileError(MSG_INTEGER_TOO_LONG, start);
        if (b & 0x70) throw new CompileError(MSG_INTEGER_TOO_LARGE, start);
        result |= b << 28;
        return result >>> 0;
      }
      result |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) === 0) return result >>> 0;
    }
    /* c8 ignore next */
    throw new CompileError(MSG_INTEGER_TOO_LONG, start);
  }

  /** Signed 32-bit LEB128: at most 5 bytes; the 5th byte's unused bits must sign-extend bit 31. */
  readS32(): number {
    const pos = this.pos;
    if (pos >= this.end) this.eof();
    const b = this.bytes[pos];
    if (b < 0x80) {
      this.pos = pos + 1;
      // Sign-extend the 7-bit payload.
      return (b << 25) >> 25;
    }
    return this.readS32Slow();
  }

  private readS32Slow(): number {
    const bytes = this.bytes;
    const start = this.pos;
    let result = 0;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) this.eof();
      const b = bytes[this.pos++];
      if (i === 4) {
        if (b & 0x80) throw new CompileError(MSG_INTEGER_TOO_LONG, start);
        // Bits 3..6 of the payload lie beyond bit 31: they must all equal bit 3 (the sign).
        const high = b & 0x78;
        if (high !== 0 && high !== 0x78) throw new CompileError(MSG_INTEGER_TOO_LARGE, start);
        return result | (b << 28);
      }
      result |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) === 0) {
        const shift = 7 * (i + 1);
        return (result << (32 - shift)) >> (32 - shift);
      }
    }
    /* c8 ignore next */
    throw new CompileError(MSG_INTEGER_TOO_LONG, start);
  }

  /** Signed 33-bit LEB128 (block types); returns a number in [-2^32, 2^32). */
  readS33(): number {
    const bytes = this.bytes;
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) this.eof();
      const b = bytes[this.pos++];
      if (i === 4) {
        if (b & 0x80) throw new CompileError(MSG_INTEGER_TOO_LONG, start);
        // Payload bits 5..6 lie beyond bit 32 and must equal bit 4 (the sign).
        const high = b & 0x70;
        if (high !== 0 && high !== 0x70) throw new CompileError(MSG_INTEGER_TOO_LARGE, start);
        result += (b & 0x1f) * scale;
        // Bit 32 (payload bit 4) is the sign of the 33-bit value.
        return result >= 2 ** 32 ? result - 2 ** 33 : result;
      }
      result += (b & 0x7f) * scale;
      scale *= 128;
      if ((b & 0x80) === 0) {
        return b & 0x40 ? result - scale : result;
      }
    }
    /* c8 ignore next */
    throw new CompileError(MSG_INTEGER_TOO_LONG, start);
  }

  /** Signed 64-bit LEB128 into i64Lo/i64Hi: at most 10 bytes; the 10th's unused bits sign-extend bit 63. */
  readS64(): void {
    const pos = this.pos;
    if (pos >= this.end) this.eof();
    const b0 = this.bytes[pos];
    if (b0 < 0x80) {
      this.pos = pos + 1;
      const v = (b0 << 25) >> 25;
      this.i64Lo = v;
      this.i64Hi = v >> 31;
      return;
    }
    this.readS64Slow();
  }

  private readS64Slow(): void {
    const bytes = this.bytes;
    const start = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.eof();
      const b = bytes[this.pos++];
      const payload = b & 0x7f;
      const shift = 7 * i;
      if (i === 9) {
        if (b & 0x80) throw new CompileError(MSG_INTEGER_TOO_LONG, start);
        // Only bit 0 of the 10th payload is bit 63; the other six must copy it.
        if (payload !== 0 && payload !== 0x7f) throw new CompileError(MSG_INTEGER_TOO_LARGE, start);
        hi |= payload << 31;
        this.i64Lo = lo;
        this.i64Hi = hi;
        return;
      }
      if (shift < 32) {
        lo |= payload << shift;
        if (shift + 7 > 32) hi |= payload >>> (32 - shift);
      } else {
        hi |= payload << (shift - 32);
      }
      if ((b & 0x80) === 0) {
        const bits = shift + 7;
        if (b & 0x40) {
          // Negative: fill every bit above the last payload with ones.
          if (bits < 32) {
            lo |= -1 << bits;
            hi = -1;
          } else {
            hi |= -1 << (bits - 32);
          }
        }
        this.i64Lo = lo;
        this.i64Hi = hi;
        return;
      }
    }
    /* c8 ignore next */
    throw new CompileError(MSG_INTEGER_TOO_LONG, start);
  }

  /** The last readS64 value as a bigint (for constant expressions, off the hot path). */
  i64AsBigInt(): bigint {
    return (BigInt(this.i64Hi) << 32n) | BigInt(this.i64Lo >>> 0);
  }

  /** Four bytes, little-endian, as a signed 32-bit integer. */
  readFixed32(): number {
    const pos = this.pos;
    if (pos + 4 > this.end) {
      this.pos = this.end;
      this.eof();
    }
    const bytes = this.bytes;
    this.pos = pos + 4;
    return bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24);
  }

  /** A view (no copy) of the next `length` bytes. */
  readBytes(length: number): Uint8Array {
    if (length > this.end - this.pos) throw new CompileError(this.eofMessage, this.pos);
    const start = this.pos;
    this.pos = start + length;
    return this.bytes.subarray(start, start + length);
  }

  /** A vector length: a u32 that must not promise more items than bytes remain (every item takes at
   *  least one byte), so a hostile count fails before anything is allocated for it. */
  readCount(): number {
    const at = this.pos;
    const count = this.readU32();
    if (count > this.end - this.pos) throw new CompileError(this.eofMessage, at);
    return count;
  }

  /** A name: u32 length then UTF-8 bytes, validated. */
  readName(): string {
    const at = this.pos;
    const length = this.readU32();
    if (length > this.end - this.pos) throw new CompileError(MSG_LENGTH_OUT_OF_BOUNDS, at);
    const start = this.pos;
    this.pos = start + length;
    return decodeUtf8(this.bytes, start, start + length);
  }
}

/** Strict UTF-8 decoding as the spec defines it (no overlongs, no surrogates, nothing above
 *  U+10FFFF); ASCII-only names, the usual case, take the fast path without TextDecoder. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (bytes[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    if (end - start < 64) {
      let s = "";
      for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
      return s;
    }
    return LATIN1.decode(bytes.subarray(start, end));
  }
  try {
    return UTF8_STRICT.decode(bytes.subarray(start, end));
  } catch {
    throw new CompileError(MSG_MALFORMED_UTF8, start);
  }
}

const UTF8_STRICT = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LATIN1 = new TextDecoder("latin1");
