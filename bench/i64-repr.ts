// Measures candidate 64-bit integer representations for the interpreter's value stack, on the
// operations an interpreter performs: read two operands from the stack, compute, write the result.
//   halves  — two signed 32-bit words in an Int32Array, src/exec/numeric-i64.ts helpers (no BigInt
//             except the div/rem slow path outside ±2^53)
//   bigint  — a BigInt64Array view of the stack, BigInt arithmetic (the store wraps modulo 2^64;
//             "bigint+asIntN" also wraps explicitly, as code that keeps values in locals must)
//   long    — the `long` package: Long.fromBits on the halves, Long arithmetic, write low/high back
//   hybrid  — (interpreter table only) BigInt64Array ops where V8 lowers them to machine int64 ops
//             (add, sub, mul, signed div/rem, compare), the halves helpers elsewhere (shifts,
//             unsigned div/rem). Same memory layout, so the choice can be made per opcode.
// Two tables: micro-kernels (one op in a tight loop), then a small stack interpreter whose dispatch
// switch runs i64 programs, which is what decides.
// Run: npx tsx bench/i64-repr.ts   (about 20–40 s; prints ns/op, median of several interleaved runs)
//
// Layering note: this benchmark measures exec/ internals on purpose, so it imports the helpers
// directly instead of through src/index.ts (needs the allow-list entry
// ["bench/i64-repr.ts", ["src/exec/numeric-i64.ts"]] in src/layers.test.ts).

import Long from "long";
import * as H from "../src/exec/numeric-i64.ts";

const { i64Add, i64Mul, i64DivU, i64DivS, i64Shl, i64LtS } = H;

const OPERANDS = 4096; // operand pairs, cycled (a power of two: index by masking)
const MASK = OPERANDS - 1;
const OPS = 2_000_000;
const RUNS = 7;

// Deterministic operands: a mix of full-range 64-bit values and values within ±2^53 (the common
// case for counters and amounts); divisors are non-zero.
function makeOperands(seed: number, smallFraction: number): bigint[] {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const values: bigint[] = [];
  for (let i = 0; i < OPERANDS; i++) {
    let v = (BigInt(next()) << 32n) | BigInt(next());
    if (next() / 4294967296 < smallFraction) v >>= BigInt(12 + (next() % 40));
    v = BigInt.asIntN(64, v);
    values.push(v === 0n ? 7n : v);
  }
  return values;
}

// Stack images: operands a at slots [0, OPERANDS), b at [OPERANDS, 2·OPERANDS), result at the last slot.
function stackFor(a: bigint[], b: bigint[]): { i32: Int32Array; s64: BigInt64Array } {
  const buffer = new ArrayBuffer((2 * OPERANDS + 1) * 8);
  const s64 = new BigInt64Array(buffer);
  for (let i = 0; i < OPERANDS; i++) { s64[i] = a[i]; s64[OPERANDS + i] = b[i]; }
  return { i32: new Int32Array(buffer), s64 };
}

type Kernel = (i32: Int32Array, s64: BigInt64Array, n: number) => number;
const DST = 2 * OPERANDS;

// --- halves ---------------------------------------------------------------------------------
const halvesAdd: Kernel = (w, _s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; i64Add(w, 2 * DST, 2 * k, 2 * (OPERANDS + k)); c ^= w[2 * DST]; } return c; };
const halvesMul: Kernel = (w, _s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; i64Mul(w, 2 * DST, 2 * k, 2 * (OPERANDS + k)); c ^= w[2 * DST]; } return c; };
const halvesDivU: Kernel = (w, _s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; i64DivU(w, 2 * DST, 2 * k, 2 * (OPERANDS + k)); c ^= w[2 * DST]; } return c; };
const halvesDivS: Kernel = (w, _s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; i64DivS(w, 2 * DST, 2 * k, 2 * (OPERANDS + k)); c ^= w[2 * DST]; } return c; };
const halvesShl: Kernel = (w, _s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; i64Shl(w, 2 * DST, 2 * k, 2 * (OPERANDS + k)); c ^= w[2 * DST]; } return c; };
const halvesLt: Kernel = (w, _s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; w[2 * DST] = i64LtS(w, 2 * k, 2 * (OPERANDS + k)) ? 1 : 0; c ^= w[2 * DST]; } return c; };

// --- BigInt64Array --------------------------------------------------------------------------
const bigAdd: Kernel = (w, s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; s[DST] = s[k] + s[OPERANDS + k]; c ^= w[2 * DST]; } return c; };
const bigAddAsIntN: Kernel = (w, s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; s[DST] = BigInt.asIntN(64, s[k] + s[OPERANDS + k]); c ^= w[2 * DST]; } return c; };
const bigMul: Kernel = (w, s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; s[DST] = s[k] * s[OPERANDS + k]; c ^= w[2 * DST]; } return c; };
const bigDivU: Kernel = (w, s, n) => {
  const u = new BigUint64Array(s.buffer);
  let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; u[DST] = u[k] / u[OPERANDS + k]; c ^= w[2 * DST]; } return c;
};
const bigDivS: Kernel = (w, s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; s[DST] = s[k] / s[OPERANDS + k]; c ^= w[2 * DST]; } return c; };
const bigShl: Kernel = (w, s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; s[DST] = s[k] << (s[OPERANDS + k] & 63n); c ^= w[2 * DST]; } return c; };
const bigLt: Kernel = (w, s, n) => { let c = 0; for (let i = 0; i < n; i++) { const k = i & MASK; w[2 * DST] = s[k] < s[OPERANDS + k] ? 1 : 0; c ^= w[2 * DST]; } return c; };

// --- long -----------------------------------------------------------------------------------
function longBinary(op: (x: Long, y: Long) => Long, unsigned: boolean): Kernel {
  return (w, _s, n) => {
    let c = 0;
    for (let i = 0; i < n; i++) {
      const k = i & MASK;
      const x = Long.fromBits(w[2 * k], w[2 * k + 1], unsigned);
      const y = Long.fromBits(w[2 * (OPERANDS + k)], w[2 * (OPERANDS + k) + 1], unsigned);
      const r = op(x, y);
      w[2 * DST] = r.low; w[2 * DST + 1] = r.high;
      c ^= w[2 * DST];
    }
    return c;
  };
}
const longAdd = longBinary((x, y) => x.add(y), false);
const longMul = longBinary((x, y) => x.mul(y), false);
const longDivU = longBinary((x, y) => x.div(y), true);
const longDivS = longBinary((x, y) => x.div(y), false);
const longShl = longBinary((x, y) => x.shl(y.low & 63), false);
const longLt: Kernel = (w, _s, n) => {
  let c = 0;
  for (let i = 0; i < n; i++) {
    const k = i & MASK;
    const x = Long.fromBits(w[2 * k], w[2 * k + 1]);
    const y = Long.fromBits(w[2 * (OPERANDS + k)], w[2 * (OPERANDS + k) + 1]);
    w[2 * DST] = x.lessThan(y) ? 1 : 0;
    c ^= w[2 * DST];
  }
  return c;
};

function median(xs: number[]): number {
  const s = [...xs].sort((p, q) => p - q);
  return s[s.length >> 1];
}

/** Runs each kernel RUNS times, interleaved so that machine noise spreads over all candidates. */
function measureAll(kernels: Kernel[], stack: { i32: Int32Array; s64: BigInt64Array }, ops: number): { ns: number; checksum: number }[] {
  const times: number[][] = kernels.map(() => []);
  const checksums: number[] = kernels.map(() => 0);
  kernels.forEach((k) => k(stack.i32, stack.s64, 20_000)); // warm up to the optimising tier
  for (let r = 0; r < RUNS; r++) {
    kernels.forEach((kernel, i) => {
      const t0 = process.hrtime.bigint();
      checksums[i] ^= kernel(stack.i32, stack.s64, ops);
      times[i].push(Number(process.hrtime.bigint() - t0) / ops);
    });
  }
  return kernels.map((_, i) => ({ ns: median(times[i]), checksum: checksums[i] }));
}

const full = makeOperands(1, 0);
const mixed = makeOperands(2, 0.5);
const small = makeOperands(3, 1);
const small2 = makeOperands(4, 1);
const fullStack = stackFor(full, mixed);
const smallStack = stackFor(small, small2);
const fullDivStack = stackFor(full, makeOperands(5, 0.7));

interface Row { op: string; stack: { i32: Int32Array; s64: BigInt64Array }; halves: Kernel; bigint: Kernel; bigintAsIntN?: Kernel; long: Kernel; ops?: number }
const rows: Row[] = [
  { op: "add", stack: fullStack, halves: halvesAdd, bigint: bigAdd, bigintAsIntN: bigAddAsIntN, long: longAdd },
  { op: "mul", stack: fullStack, halves: halvesMul, bigint: bigMul, long: longMul },
  { op: "div_u (full range)", stack: fullDivStack, halves: halvesDivU, bigint: bigDivU, long: longDivU, ops: OPS / 4 },
  { op: "div_s (within 2^53)", stack: smallStack, halves: halvesDivS, bigint: bigDivS, long: longDivS, ops: OPS / 4 },
  { op: "shl", stack: fullStack, halves: halvesShl, bigint: bigShl, long: longShl },
  { op: "lt_s", stack: fullStack, halves: halvesLt, bigint: bigLt, long: longLt },
];

const started = Date.now();
console.log(`Table 1: micro-kernels, ns/op, median of ${RUNS} interleaved runs (${OPS} ops per run; div ${OPS / 4}), Node ${process.version}`);
console.log(["op".padEnd(22), "halves".padStart(9), "bigint".padStart(9), "bigint+asIntN".padStart(14), "long".padStart(9)].join(""));
let sink = 0;
for (const row of rows) {
  const n = row.ops ?? OPS;
  const kernels = [row.halves, row.bigint, row.long, ...(row.bigintAsIntN ? [row.bigintAsIntN] : [])];
  const [h, b, l, ba] = measureAll(kernels, row.stack, n);
  // The candidates compute the same results: their checksums must agree.
  if (h.checksum !== b.checksum || h.checksum !== l.checksum) throw new Error(`${row.op}: candidates disagree`);
  sink ^= h.checksum;
  console.log([row.op.padEnd(22), h.ns.toFixed(1).padStart(9), b.ns.toFixed(1).padStart(9), (ba ? ba.ns.toFixed(1) : "-").padStart(14), l.ns.toFixed(1).padStart(9)].join(""));
}

// ---------------------------------------------------------------------------------------------
// Table 2: a small stack interpreter (locals and operands in 8-byte slots of one buffer, a dense
// switch as in exec/) running i64 loops. One source, specialised three ways; each variant is its
// own function (new Function) so that V8 keeps separate type feedback for each.

const OP = { END: 0, GET: 1, SET: 2, CONST: 3, ADD: 4, SUB: 5, MUL: 6, DIVS: 7, DIVU: 8, SHL: 9, LTS: 10, BRIF: 11, REMS: 12, TEE: 13, SHRU: 14, REMU: 15 } as const;

function program(iterations: number, body: (emit: (...ops: number[]) => void, k: (v: bigint) => void) => void): Int32Array {
  const code: number[] = [];
  const emit = (...ops: number[]): void => { code.push(...ops); };
  const k = (v: bigint): void => { const b = BigInt.asUintN(64, v); code.push(OP.CONST, Number(BigInt.asIntN(32, b)), Number(BigInt.asIntN(32, b >> 32n))); };
  const loop = code.length;
  body(emit, k);
  // i = i + 1; br_if loop (i < iterations)
  emit(OP.GET, 0); k(1n); emit(OP.ADD, OP.TEE, 0); k(BigInt(iterations)); emit(OP.LTS, OP.BRIF, loop, OP.END);
  return new Int32Array(code);
}

const PROGRAMS: [string, Int32Array][] = [
  ["add/sub/lt_s loop", program(300_000, (e) => e(OP.GET, 1, OP.GET, 0, OP.ADD, OP.SET, 1, OP.GET, 2, OP.GET, 1, OP.SUB, OP.SET, 2))],
  ["mul+add (LCG)", program(300_000, (e, k) => { e(OP.GET, 1); k(6364136223846793005n); e(OP.MUL, OP.GET, 0, OP.ADD, OP.SET, 1); })],
  ["div_s/rem_s", program(150_000, (e, k) => { e(OP.GET, 0); k(1n << 40n); e(OP.ADD); k(7n); e(OP.DIVS, OP.GET, 0); k(1000n); e(OP.REMS, OP.ADD, OP.SET, 1); })],
  ["div_u/rem_u (all bits)", program(150_000, (e, k) => { e(OP.GET, 0); k(-1n); e(OP.MUL); k(1000000007n); e(OP.DIVU, OP.GET, 0); k(-3n); e(OP.MUL); k(977n); e(OP.REMU, OP.ADD, OP.SET, 1); })],
  ["shl/shr_u", program(300_000, (e, k) => { e(OP.GET, 1, OP.GET, 0, OP.SHL); k(3n); e(OP.SHRU, OP.GET, 0, OP.ADD, OP.SET, 1); })],
];

// ADD_etc are replaced per variant; slots: locals 0..7, operand stack from slot 8.
const INTERPRETER_SOURCE = `
return function run(code, w, s, u) {
  let pc = 0, sp = 8, steps = 0;
  for (;;) {
    steps++;
    switch (code[pc]) {
      case 0: return steps;
      case 1: { const l = code[pc + 1]; w[2 * sp] = w[2 * l]; w[2 * sp + 1] = w[2 * l + 1]; sp++; pc += 2; break; }
      case 2: { const l = code[pc + 1]; sp--; w[2 * l] = w[2 * sp]; w[2 * l + 1] = w[2 * sp + 1]; pc += 2; break; }
      case 13: { const l = code[pc + 1]; w[2 * l] = w[2 * sp - 2]; w[2 * l + 1] = w[2 * sp - 1]; pc += 2; break; }
      case 3: w[2 * sp] = code[pc + 1]; w[2 * sp + 1] = code[pc + 2]; sp++; pc += 3; break;
      case 4: sp--; ADD; pc++; break;
      case 5: sp--; SUB; pc++; break;
      case 6: sp--; MUL; pc++; break;
      case 7: sp--; DIVS; pc++; break;
      case 8: sp--; DIVU; pc++; break;
      case 9: sp--; SHL; pc++; break;
      case 10: sp--; w[2 * sp - 2] = (LTS) ? 1 : 0; w[2 * sp - 1] = 0; pc++; break;
      case 11: sp--; pc = w[2 * sp] !== 0 ? code[pc + 1] : pc + 2; break;
      case 12: sp--; REMS; pc++; break;
      case 14: sp--; SHRU; pc++; break;
      case 15: sp--; REMU; pc++; break;
      case 20: w[2 * sp - 2] = (w[2 * sp - 2] + 1) | 0; pc++; break;
      case 21: w[2 * sp - 2] = Math.imul(w[2 * sp - 2], 3); pc++; break;
      case 22: w[2 * sp - 2] = w[2 * sp - 2] >>> 1; pc++; break;
      default: throw new Error("bad opcode " + code[pc]);
    }
  }
};`;

const HALVES_OPS: Record<string, string> = {
  ADD: "H.i64Add(w, 2 * sp - 2, 2 * sp - 2, 2 * sp)", SUB: "H.i64Sub(w, 2 * sp - 2, 2 * sp - 2, 2 * sp)",
  MUL: "H.i64Mul(w, 2 * sp - 2, 2 * sp - 2, 2 * sp)", DIVS: "H.i64DivS(w, 2 * sp - 2, 2 * sp - 2, 2 * sp)",
  DIVU: "H.i64DivU(w, 2 * sp - 2, 2 * sp - 2, 2 * sp)", REMS: "H.i64RemS(w, 2 * sp - 2, 2 * sp - 2, 2 * sp)",
  REMU: "H.i64RemU(w, 2 * sp - 2, 2 * sp - 2, 2 * sp)", SHL: "H.i64Shl(w, 2 * sp - 2, 2 * sp - 2, 2 * sp)",
  SHRU: "H.i64ShrU(w, 2 * sp - 2, 2 * sp - 2, 2 * sp)", LTS: "H.i64LtS(w, 2 * sp - 2, 2 * sp)",
};
const BIGINT_OPS: Record<string, string> = {
  ADD: "s[sp - 1] = s[sp - 1] + s[sp]", SUB: "s[sp - 1] = s[sp - 1] - s[sp]", MUL: "s[sp - 1] = s[sp - 1] * s[sp]",
  DIVS: "{ const d = s[sp]; if (d === 0n) throw new Error('div0'); s[sp - 1] = s[sp - 1] / d; }",
  REMS: "{ const d = s[sp]; if (d === 0n) throw new Error('div0'); s[sp - 1] = d === -1n ? 0n : s[sp - 1] % d; }",
  DIVU: "{ const d = u[sp]; if (d === 0n) throw new Error('div0'); u[sp - 1] = u[sp - 1] / d; }",
  REMU: "{ const d = u[sp]; if (d === 0n) throw new Error('div0'); u[sp - 1] = u[sp - 1] % d; }",
  SHL: "s[sp - 1] = BigInt.asIntN(64, s[sp - 1] << (s[sp] & 63n))", SHRU: "u[sp - 1] = u[sp - 1] >> (u[sp] & 63n)",
  LTS: "s[sp - 1] < s[sp]",
};
const HYBRID_OPS: Record<string, string> = { ...HALVES_OPS, ADD: BIGINT_OPS.ADD, SUB: BIGINT_OPS.SUB, MUL: BIGINT_OPS.MUL, LTS: BIGINT_OPS.LTS };

type Runner = (code: Int32Array, w: Int32Array, s: BigInt64Array, u: BigUint64Array) => number;
function specialise(ops: Record<string, string>): Runner {
  const source = INTERPRETER_SOURCE.replace(/\b(ADD|SUB|MUL|DIVS|DIVU|REMS|REMU|SHL|SHRU|LTS)\b/g, (name) => ops[name]);
  return new Function("H", source)(H) as Runner;
}
const RUNNERS: [string, Runner][] = [["halves", specialise(HALVES_OPS)], ["bigint", specialise(BIGINT_OPS)], ["hybrid", specialise(HYBRID_OPS)]];

console.log(`\nTable 2: stack interpreter, ns per executed instruction, median of ${RUNS} interleaved runs`);
console.log(["program".padEnd(24), ...RUNNERS.map(([name]) => name.padStart(9))].join(""));
const frame = new ArrayBuffer(64 * 8);
const fw = new Int32Array(frame), fs = new BigInt64Array(frame), fu = new BigUint64Array(frame);
for (const [name, code] of PROGRAMS) {
  const times: number[][] = RUNNERS.map(() => []);
  const results = new Set<string>();
  RUNNERS.forEach(([, run]) => { fw.fill(0); run(code, fw, fs, fu); });
  for (let r = 0; r < RUNS; r++) {
    RUNNERS.forEach(([, run], i) => {
      fw.fill(0);
      const t0 = process.hrtime.bigint();
      const steps = run(code, fw, fs, fu);
      times[i].push(Number(process.hrtime.bigint() - t0) / steps);
      results.add(`${fs[1]},${fs[2]}`);
    });
  }
  if (results.size !== 1) throw new Error(`${name}: interpreter variants disagree`);
  console.log([name.padEnd(24), ...times.map((t) => median(t).toFixed(2).padStart(9))].join(""));
}

console.log(`\n(checksum ${sink}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log("choice: 32-bit halves in the Int32Array value stack (the exec contract) with the numeric-i64 helpers.");
console.log("  In an interpreter loop dispatch dominates: halves and BigInt64Array ops are within noise of each other on");
console.log("  add/sub/mul/compare (V8 lowers signed BigInt64Array arithmetic to machine int64 ops, so a BigInt64Array");
console.log("  view of the same buffer is a per-opcode option, e.g. for mul), BigInt loses on shifts and anything unsigned");
console.log("  (not lowered on Node 20: it allocates), and `long` allocates per op and is 5-15x slower in the micro table.");
console.log("  div/rem helpers use the lowered signed BigInt64 divide on the same words internally.");
