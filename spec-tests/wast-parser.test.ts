// The .wast parser against independent oracles: hand-computed bytes and bit patterns, V8's Number()
// (correctly rounded to f64), and wabt + V8 for f32 literals (wabt parses the literal, V8 reads the global).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFloatBits, parseFloatBitsExact, parseIntLiteral, parseSExprs, parseWast, WastSyntaxError, type SExpr } from "./wast-parser.ts";

const f64BitsOf = (x: number): bigint => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
const f32BitsOf = (x: number): number => new Uint32Array(new Float32Array([x]).buffer)[0]!;

function stringBytes(e: SExpr | undefined): number[] {
  assert.ok(e !== undefined && e.kind === "string");
  return [...e.bytes];
}

test("string literals: every escape, as bytes", () => {
  const [list] = parseSExprs(String.raw`(x "a\n\t\r\\\'\"" "\u{48}\u{e9}\u{1F600}" "\ff\00\7F" "")`);
  assert.ok(list !== undefined);
  assert.deepEqual(stringBytes(list.items[1]), [0x61, 0x0a, 0x09, 0x0d, 0x5c, 0x27, 0x22]);
  assert.deepEqual(stringBytes(list.items[2]), [0x48, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]);
  assert.deepEqual(stringBytes(list.items[3]), [0xff, 0x00, 0x7f]);
  assert.deepEqual(stringBytes(list.items[4]), []);
  // Raw non-ASCII source bytes stay the same bytes (the source is read as latin1, one char per byte).
  const utf8 = new TextEncoder().encode(`(x "é")`);
  const script = Buffer.from(utf8).toString("latin1");
  assert.deepEqual(stringBytes(parseSExprs(script)[0]!.items[1]), [0xc3, 0xa9]);
  assert.throws(() => parseSExprs(String.raw`(x "\q")`), WastSyntaxError);
  assert.throws(() => parseSExprs(`(x "abc)`), WastSyntaxError);
});

test("comments: line, block, nested block, and comment-like text inside strings", () => {
  const src = [
    ";; line comment (",
    "(; block ( ;)",
    "(;(; nested ;) still comment ) ;)",
    "(a;;x",
    " (; inside ;) b \"(; not a comment ;)\" ;; trailing )",
    ")",
    "(;;)",
    ";;)",
  ].join("\n");
  const lists = parseSExprs(src);
  assert.equal(lists.length, 1);
  const items = lists[0]!.items;
  assert.equal(items.length, 3);
  assert.deepEqual(items.slice(0, 2).map((i) => (i.kind === "atom" ? i.text : "?")), ["a", "b"]);
  assert.equal(new TextDecoder().decode(Uint8Array.from(stringBytes(items[2]))), "(; not a comment ;)");
  assert.equal(lists[0]!.line, 4);
  assert.throws(() => parseSExprs("(; unterminated"), WastSyntaxError);
  assert.throws(() => parseSExprs("(a))"), WastSyntaxError);
});

test("integer literals: decimal, hex, underscores, signs, wrapping and range", () => {
  assert.equal(parseIntLiteral("0xffffffff", 32), -1n);
  assert.equal(parseIntLiteral("4294967295", 32), -1n);
  assert.equal(parseIntLiteral("-0x80000000", 32), -2147483648n);
  assert.equal(parseIntLiteral("+0x7fff_ffff", 32), 2147483647n);
  assert.equal(parseIntLiteral("1_000_000", 32), 1000000n);
  assert.equal(parseIntLiteral("-9223372036854775808", 64), -9223372036854775808n);
  assert.equal(parseIntLiteral("0xffffffffffffffff", 64), -1n);
  assert.equal(parseIntLiteral("255", 8), -1n);
  assert.equal(parseIntLiteral("-128", 8), -128n);
  for (const bad of ["4294967296", "-0x80000001", "0x", "1__0", "_1", "1_", "0x_1", "", "-", "1.0", "0xg"]) {
    assert.equal(parseIntLiteral(bad, 32), undefined, bad);
  }
  assert.equal(parseIntLiteral("256", 8), undefined);
});

test("float literals: hand-computed bit patterns (hex, specials, NaN payloads, rounding edges)", () => {
  const f32 = (t: string) => parseFloatBits(t, 32);
  const f64 = (t: string) => parseFloatBits(t, 64);
  assert.equal(f32("0x1.fffffep+127"), 0x7f7fffffn);
  assert.equal(f32("0x1.ffffffp+127"), 0x7f800000n); // halfway above max rounds to even = infinity
  assert.equal(f32("0x1.fffffefffffffffffp+127"), 0x7f7fffffn);
  assert.equal(f32("0x1p-149"), 1n);
  assert.equal(f32("0x1p-150"), 0n); // exactly half the smallest subnormal: ties to even (zero)
  assert.equal(f32("0x1.000001p-150"), 1n);
  assert.equal(f32("0x1.8p-149"), 2n); // 1.5 ulps: ties to even (2)
  assert.equal(f32("0x1p-126"), 0x00800000n);
  assert.equal(f32("0x0.fffffep-126"), 0x007fffffn);
  assert.equal(f32("-0x0p0"), 0x80000000n);
  assert.equal(f32("0x1.000001p0"), 0x3f800000n); // tie, even mantissa stays
  assert.equal(f32("0x1.000003p0"), 0x3f800002n); // tie, odd mantissa rounds up
  assert.equal(f32("0x1_0.0_8p-4"), 0x3f804000n); // 16.03125 / 16 = 1 + 2^-9
  assert.equal(f32("inf"), 0x7f800000n);
  assert.equal(f32("-inf"), 0xff800000n);
  assert.equal(f32("nan"), 0x7fc00000n);
  assert.equal(f32("-nan"), 0xffc00000n);
  assert.equal(f32("+nan:0x1"), 0x7f800001n);
  assert.equal(f32("-nan:0x7fffff"), 0xffffffffn);
  assert.equal(f32("nan:0x800000"), undefined);
  assert.equal(f32("nan:0x0"), undefined);
  assert.equal(f64("nan:0x4000000000000"), 0x7ff4000000000000n);
  assert.equal(f64("-nan"), 0xfff8000000000000n);
  assert.equal(f64("0x1.fffffffffffffp1023"), 0x7fefffffffffffffn);
  assert.equal(f64("0x1.fffffffffffff8p1023"), 0x7ff0000000000000n);
  assert.equal(f64("0x1p-1074"), 1n);
  assert.equal(f64("0x1p-1075"), 0n);
  assert.equal(f64("0x1.0000000000000000001p-1075"), 1n);
  assert.equal(f64("1e400"), 0x7ff0000000000000n);
  assert.equal(f64("-1e-400"), 0x8000000000000000n);
  assert.equal(f64("0x1p+100000"), 0x7ff0000000000000n);
  assert.equal(f32("1e39"), 0x7f800000n);
  assert.equal(f32("1_0.5e0_1"), BigInt(f32BitsOf(105)));
  for (const bad of ["", "x", "1e", "0x", "0x.1", ".5", "1..2", "1e+", "nan:", "nan:0x", "0x1p", "1_", "_1", "1__0", "infinity"]) {
    assert.equal(parseFloatBits(bad, 32), undefined, bad);
  }
});

/** Deterministic pseudo-random numbers (xorshift), so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

function randomDecimal(next: () => number): string {
  const digits = 1 + Math.floor(next() * 25);
  let mantissa = "";
  for (let i = 0; i < digits; i++) mantissa += Math.floor(next() * 10);
  const point = Math.floor(next() * (digits + 1));
  const exponent = Math.floor(next() * 90) - 60;
  return `${mantissa.slice(0, point) || "0"}.${mantissa.slice(point)}e${exponent}`;
}

test("f64 decimal literals match V8's correctly rounded Number() (exact and fast paths)", () => {
  const next = rng(12345);
  const extremes = ["4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308", "1.7976931348623157e308", "1.7976931348623158e308", "9007199254740993", "0.1", "123456789012345678901234567890"];
  const cases = [...extremes, ...Array.from({ length: 3000 }, () => {
    const s = randomDecimal(next);
    return s.replace(/e-?\d+$/, (e) => `e${Number(e.slice(1)) * 5}`); // wide exponent range, incl. subnormals
  })];
  for (const text of cases) {
    const expected = f64BitsOf(Number(text));
    assert.equal(parseFloatBitsExact(text, 64), expected, text);
    assert.equal(parseFloatBits(text, 64), expected, text);
    assert.equal(parseFloatBits(`-${text}`, 64), expected | (1n << 63n), `-${text}`);
  }
});

/** The exact decimal expansion of a dyadic rational m·2^e (finite). */
function exactDecimal(mantissa: bigint, exp2: number): string {
  if (exp2 >= 0) return (mantissa << BigInt(exp2)).toString();
  const scaled = mantissa * 5n ** BigInt(-exp2); // m·2^e = m·5^-e / 10^-e
  const digits = scaled.toString().padStart(-exp2 + 1, "0");
  return `${digits.slice(0, digits.length + exp2)}.${digits.slice(digits.length + exp2)}`;
}

test("f32 decimal literals round once, from the decimal: midpoints and just-off-midpoints (hand oracle)", () => {
  const next = rng(777);
  for (let i = 0; i < 400; i++) {
    // A random f32 a (normal or subnormal) and its successor; the midpoint is exact in decimal.
    const a = Math.floor(next() * 0x7f000000);
    const mid = exactDecimal(2n * BigInt(a & 0x7fffff | (a >>> 23 === 0 ? 0 : 0x800000)) + 1n, Math.max(a >>> 23, 1) - 127 - 24);
    const tieToEven = BigInt((a & 1) === 0 ? a : a + 1);
    assert.equal(parseFloatBits(mid, 32), tieToEven, `midpoint ${mid}`);
    // Just above the midpoint: the nearest f64 of this decimal IS the midpoint, so f64-then-f32 would tie;
    // a single correct rounding goes up.
    const above = mid.includes(".") ? `${mid}00000000000000000001` : `${mid}.00000000000000000001`;
    assert.equal(parseFloatBits(above, 32), BigInt(a + 1), `above ${mid}`);
    // Just below goes down. (A fractional midpoint ends in 5; an integral one is decremented.)
    const below = mid.includes(".") ? mid.replace(/\d$/, (d) => String(Number(d) - 1)) + "9999999999999999999" : `${BigInt(mid) - 1n}.9999999999999999999`;
    assert.equal(parseFloatBits(below, 32), BigInt(a), `below ${mid}`);
  }
});

test("f32 decimal and hex literals agree with wabt's parser (read back through V8)", async () => {
  const wabt = await (await import("wabt")).default();
  const next = rng(4242);
  const literals: string[] = [];
  for (let i = 0; i < 300; i++) literals.push(randomDecimal(next).replace(/e-?\d+$/, (e) => `e${Math.round(Number(e.slice(1)) * 0.7)}`));
  for (let i = 0; i < 100; i++) {
    const hexDigits = Array.from({ length: 1 + Math.floor(next() * 10) }, () => Math.floor(next() * 16).toString(16)).join("");
    literals.push(`0x${hexDigits.slice(0, 1)}.${hexDigits.slice(1)}p${Math.floor(next() * 280) - 170}`);
  }
  const text = `(module ${literals.map((l, i) => `(global (export "g${i}") f32 (f32.const ${l}))`).join(" ")})`;
  const module = wabt.parseWat("literals.wat", text);
  const bytes = module.toBinary({}).buffer;
  module.destroy();
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).exports;
  literals.forEach((literal, i) => {
    const value = (exports[`g${i}`] as WebAssembly.Global).value as number;
    assert.equal(parseFloatBits(literal, 32), BigInt(f32BitsOf(value)), literal);
  });
});

test("commands: shapes, names, lines, module forms, implicit module", () => {
  const script = parseWast(`(module $M (func (export "f") (param i32) (result i32) local.get 0))
(register "m" $M)
(invoke "f" (i32.const -1))
(get $M "g")
(assert_return (invoke $M "f" (i32.const 0x10) (i64.const -1) (f32.const -0x1p-1) (f64.const nan:0x1) (ref.null extern) (ref.extern 7) (ref.null func))
  (i32.const 16) (f32.const nan:canonical) (f64.const nan:arithmetic) (ref.extern 7) (ref.null func) (v128.const f32x4 1 nan:canonical -inf 0x1p1))
(assert_trap (invoke "f") "unreachable")
(assert_trap (module (func $s unreachable) (start $s)) "unreachable")
(assert_exhaustion (invoke "f") "call stack exhausted")
(assert_invalid (module (func (result i32))) "type mismatch")
(assert_malformed (module binary "\\00asm" "\\01\\00\\00\\00" "\\ff") "section")
(assert_malformed (module quote "(func" ")") "unexpected token")
(assert_unlinkable (module (import "x" "y" (func))) "unknown import")
(assert_uninstantiable (module quote "(module (func))") "x")
(module (v128.const i8x16 -1 255 0 1 2 3 4 5 6 7 8 9 10 11 12 13))`);
  const c = script.commands;
  assert.deepEqual(c.map((x) => x.kind), ["module", "register", "action", "action", "assert_return", "assert_trap", "assert_trap_module", "assert_exhaustion", "assert_invalid", "assert_malformed", "assert_malformed", "assert_unlinkable", "assert_uninstantiable", "module"]);
  assert.deepEqual(c.map((x) => x.line), [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
  const m = c[0]!;
  assert.ok(m.kind === "module" && m.module.name === "$M" && m.module.source.type === "text");
  assert.ok(m.module.source.text.startsWith("(module $M") && m.module.source.text.endsWith("local.get 0))"));
  assert.deepEqual(c[1], { kind: "register", line: 2, as: "m", module: "$M" });
  assert.deepEqual(c[3], { kind: "action", line: 4, action: { type: "get", module: "$M", name: "g" } });
  const r = c[4]!;
  assert.ok(r.kind === "assert_return" && r.action.type === "invoke");
  assert.deepEqual(r.action.args, [
    { type: "i32", value: 16 }, { type: "i64", value: -1n }, { type: "f32", bits: 0xbf000000 },
    { type: "f64", bits: 0x7ff0000000000001n }, { type: "externref", ref: null }, { type: "externref", ref: 7 }, { type: "funcref", ref: null },
  ]);
  assert.deepEqual(r.expected, [
    { type: "i32", value: 16 }, { type: "f32", nan: "canonical" }, { type: "f64", nan: "arithmetic" }, { type: "externref", ref: 7 }, { type: "funcref", ref: null },
    { type: "v128", shape: "f32x4", lanes: [{ bits: 0x3f800000n }, { nan: "canonical" }, { bits: 0xff800000n }, { bits: 0x40000000n }] },
  ]);
  const bin = c[9]!;
  assert.ok(bin.kind === "assert_malformed" && bin.module.source.type === "binary");
  assert.deepEqual([...bin.module.source.bytes], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]);
  const quote = c[10]!;
  assert.ok(quote.kind === "assert_malformed" && quote.module.source.type === "quote");
  assert.equal(quote.module.source.text, "(module (func))"); // bare fields are wrapped
  const quoted = c[12]!;
  assert.ok(quoted.kind === "assert_uninstantiable" && quoted.module.source.type === "quote");
  assert.equal(quoted.module.source.text, "(module (func))"); // a full module is kept as is

  const implicit = parseWast(";; header\n(func) (memory 0)\n(func (export \"f\"))\n(assert_return (invoke \"f\"))").commands;
  assert.equal(implicit.length, 2);
  const first = implicit[0]!;
  assert.ok(first.kind === "module" && first.module.source.type === "text" && first.line === 2);
  assert.equal(first.module.source.text, `(module (func) (memory 0) (func (export "f")))`);

  const v = parseWast(`(assert_return (invoke "v" (v128.const i16x8 -1 0 1 2 3 4 5 0xffff) (v128.const i64x2 -1 0x0102030405060708)))`).commands[0]!;
  assert.ok(v.kind === "assert_return" && v.action.type === "invoke");
  const [a0, a1] = v.action.args;
  assert.ok(a0?.type === "v128" && a1?.type === "v128");
  assert.deepEqual([...a0.bytes], [0xff, 0xff, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 0xff, 0xff]);
  assert.deepEqual([...a1.bytes], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 8, 7, 6, 5, 4, 3, 2, 1]);

  assert.throws(() => parseWast(`(assert_return (invoke "f" (i32.const 4294967296)))`), WastSyntaxError);
  assert.throws(() => parseWast(`(frobnicate)`), /line 1: unknown command/);
  // Names are UTF-8, and a leading U+FEFF survives (names.wast exports one).
  const bom = parseWast(`(invoke "\\ef\\bb\\bfx")`).commands[0]!;
  assert.ok(bom.kind === "action" && bom.action.name === "\ufeffx");
});
