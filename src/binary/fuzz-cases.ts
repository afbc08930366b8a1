// Seeded generation of hostile decoder inputs: random bytes and mutations of valid modules. Used by
// src/binary/fuzz.test.ts (a small sample) and bench/fuzz-decoder.ts (at scale). Deterministic in
// the seed, so any failing case can be replayed from (seed, case number).

/** Small, fast, seedable PRNG (mulberry32). */
export class FuzzRng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  nextU32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.nextU32() % n;
  }
}

/** The RNG of one case: derived from (seed, case) so cases replay independently. */
export function caseRng(seed: number, caseNumber: number): FuzzRng {
  return new FuzzRng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(caseNumber + 1, 0xc2b2ae35));
}

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const INTERESTING = [0x00, 0x01, 0x0b, 0x40, 0x60, 0x6f, 0x70, 0x7f, 0x80, 0xfc, 0xfd, 0xff];

/** One fuzz case: random bytes (sometimes behind a valid header) or a mutated seed module. */
export function fuzzCase(rng: FuzzRng, seeds: readonly Uint8Array[]): Uint8Array {
  const choice = rng.below(10);
  if (choice === 0 || seeds.length === 0) {
    const n = rng.below(64);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = rng.below(256);
    return out;
  }
  if (choice === 1) {
    const n = rng.below(96);
    const out = new Uint8Array(8 + n);
    out.set(HEADER);
    for (let i = 0; i < n; i++) out[8 + i] = rng.below(4) === 0 ? INTERESTING[rng.below(INTERESTING.length)] : rng.below(256);
    return out;
  }
  let bytes: Uint8Array = seeds[rng.below(seeds.length)];
  const mutations = 1 + rng.below(4);
  for (let m = 0; m < mutations; m++) bytes = mutate(rng, bytes, seeds);
  // Mutations may return a seed itself unchanged; never hand out the seed's own buffer.
  return seeds.includes(bytes) ? bytes.slice() : bytes;
}

/** `bytes` with `count` bytes at `at` replaced by `insert` (typed-array copies: seeds can be large). */
function splice(bytes: Uint8Array, at: number, count: number, insert: ArrayLike<number>): Uint8Array {
  const start = Math.min(at, bytes.length);
  const removed = Math.min(count, bytes.length - start);
  const out = new Uint8Array(bytes.length - removed + insert.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(insert, start);
  out.set(bytes.subarray(start + removed), start + insert.length);
  return out;
}

function randomBytes(rng: FuzzRng, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(rng.below(256));
  return out;
}

function mutate(rng: FuzzRng, bytes: Uint8Array, seeds: readonly Uint8Array[]): Uint8Array {
  const n = bytes.length;
  const at = 8 + rng.below(Math.max(1, n - 8));
  switch (rng.below(9)) {
    case 0: // flip a bit
      return splice(bytes, at, 1, at < n ? [bytes[at] ^ (1 << rng.below(8))] : []);
    case 1: // interesting byte
      return splice(bytes, at, 1, [INTERESTING[rng.below(INTERESTING.length)]]);
    case 2: // random byte
      return splice(bytes, at, 1, [rng.below(256)]);
    case 3: // insert bytes
      return splice(bytes, at, 0, randomBytes(rng, 1 + rng.below(4)));
    case 4: // delete a range
      return splice(bytes, at, 1 + rng.below(8), []);
    case 5: // truncate
      return bytes.slice(0, at);
    case 6: // a huge LEB128 (count, size or index) in place of whatever is there
      return splice(bytes, at, 1, [0xff, 0xff, 0xff, 0xff, 0x0f]);
    case 7: { // duplicate a slice (repeats sections, operators)
      const len = 1 + rng.below(16);
      return splice(bytes, at, 0, bytes.slice(at, at + len));
    }
    default: { // splice in the tail of another seed
      const other = seeds[rng.below(seeds.length)];
      const from = 8 + rng.below(Math.max(1, other.length - 8));
      return splice(bytes, at, bytes.length, other.subarray(from));
    }
  }
}

/** Opcodes beyond Wasm 2.0 that Node 20's V8 accepts by default: tail calls (return_call,
 *  return_call_indirect) and legacy exception handling (try, catch, throw, rethrow, delegate,
 *  catch_all). */
export const V8_POST_2_0_OPCODES: ReadonlySet<number> = new Set([0x12, 0x13, 0x06, 0x07, 0x08, 0x09, 0x18, 0x19]);
/** Section ids beyond Wasm 2.0 that V8 accepts: the exception-handling tag section. */
const V8_POST_2_0_SECTIONS: ReadonlySet<number> = new Set([13]);

/** True when our rejection is of a post-2.0 construct V8 accepts, so V8's verdict on these bytes
 *  is no oracle for a Wasm 2.0 decoder. */
export function isV8OnlyExtension(reason: string, offset: number | undefined, bytes: Uint8Array): boolean {
  if (offset === undefined) return false;
  if (reason === "illegal opcode") return V8_POST_2_0_OPCODES.has(bytes[offset]);
  if (reason === "malformed section id") return V8_POST_2_0_SECTIONS.has(bytes[offset]);
  return false;
}

/** Text of small modules that together use every section, every element/data encoding and
 *  opcodes of each immediate kind; assembled with wabt by the fuzzers to seed mutations. */
export const FUZZ_SEED_WAT: readonly string[] = [
  `(module
    (type $t (func (param i32 i64) (result i32)))
    (import "env" "f" (func $imp (param i32)))
    (import "env" "mem" (memory 1 2))
    (import "env" "g" (global $g i32))
    (import "env" "tab" (table 1 funcref))
    (table $t2 2 externref)
    (global $m (mut i64) (i64.const -5))
    (global $r funcref (ref.func $f))
    (export "f" (func $f)) (export "m" (global $m))
    (start $s)
    (elem (i32.const 0) $f)
    (elem func $f $s)
    (elem $t2 (i32.const 0) externref (ref.null extern))
    (elem declare func $f)
    (elem funcref (ref.func $f) (ref.null func))
    (data (i32.const 8) "hello")
    (data "passive")
    (func $s)
    (func $f (type $t) (local f32 f64 v128)
      (block $b (result i32)
        (loop $l
          (br_if $l (i32.eqz (local.get 0)))
          (br_table $b $l $b (i32.const 1) (i32.const 2)))
        (i32.const 0))
      (if (result i32) (then (i32.const 1)) (else (i32.const 2)))
      (drop)
      (i64.store offset=8 (i32.const 0) (local.get 1))
      (f32.store (i32.const 0) (f32.const 1.5))
      (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 1))
      (data.drop 1)
      (memory.copy (i32.const 0) (i32.const 1) (i32.const 2))
      (memory.fill (i32.const 0) (i32.const 1) (i32.const 2))
      (table.init 0 4 (i32.const 0) (i32.const 0) (i32.const 0))
      (elem.drop 1)
      (drop (table.grow $t2 (ref.null extern) (i32.const 1)))
      (drop (memory.grow (memory.size)))
      (drop (call_indirect (type $t) (i32.const 0) (i64.const 0) (i32.const 0)))
      (call $imp (select (result i32) (i32.const 1) (global.get $g) (i32.const 0)))
      (local.set 2 (f32.const -0))
      (local.set 4 (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (v128.const i32x4 1 2 3 4) (local.get 4)))
      (drop (i32x4.extract_lane 3 (local.get 4)))
      (v128.store8_lane 2 (i32.const 0) (local.get 4))
      (drop (i32.trunc_sat_f64_s (f64.const 1e300)))
      (drop (i64.extend32_s (i64.const 7)))
      (drop (ref.is_null (ref.func $f)))
      (local.get 0)))`,
  `(module (memory 1) (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
    (func (param f64) (result f64) (f64.mul (local.get 0) (f64.const 2)))
    (data (i32.const 0) "\\00\\01\\02"))`,
  `(module (func (result i32 i64) (i32.const 1) (i64.const 2)) (table 3 funcref) (elem (i32.const 1) 0))`,
];
