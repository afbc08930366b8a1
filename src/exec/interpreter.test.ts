// Control flow, calls, memory, tables and traps through the whole pipeline, checked against V8's
// WebAssembly on the same bytes (or, for engine limits, against the spec's trap wording).

import { test } from "node:test";
import assert from "node:assert/strict";
import { I32, RuntimeError, Trap } from "../core/index.ts";
import type { FuncType } from "../core/index.ts";
import { Store, invoke } from "./index.ts";
import type { HostFuncInstance } from "./index.ts";
import { instantiateBytes, instantiateWat, watToBytes } from "./minimal-instance.test-helper.ts";

type Exports = Record<string, (...args: unknown[]) => unknown>;

/** Runs export `name` on both engines with i32/i64 args (i64 as bigint) and compares results or traps. */
async function differential(wat: string, calls: [string, ...bigint[]][]): Promise<void> {
  const bytes = await watToBytes(wat);
  const ours = instantiateBytes(bytes);
  const v8 = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).exports as Exports;
  for (const [name, ...args] of calls) {
    const exp = ours.module.exports.find((e) => e.name === name)!;
    const type = ours.module.types[ours.module.funcTypeIndices[exp.index]];
    const jsArgs = args.map((a, i) => (type.params[i] === 0x7e ? BigInt.asIntN(64, a) : Number(BigInt.asIntN(32, a))));
    let expected: unknown;
    try {
      const r = v8[name](...jsArgs);
      const list = type.results.length > 1 ? (r as unknown[]) : type.results.length === 1 ? [r] : [];
      expected = list.map((v, i) => (type.results[i] === 0x7e ? BigInt.asUintN(64, v as bigint) : BigInt.asUintN(32, BigInt(v as number))));
    } catch (e) {
      expected = e instanceof WebAssembly.RuntimeError ? "trap" : e;
    }
    let actual: unknown;
    try {
      actual = ours.call(name, ...args).map((v, i) => (type.results[i] === 0x7e ? v : BigInt.asUintN(32, v)));
    } catch (e) {
      actual = e instanceof RuntimeError ? "trap" : e;
    }
    assert.deepEqual(actual, expected, `${name}(${args.join(", ")})`);
  }
}

test("blocks, loops, br_if/br_table with kept values, multi-value", async () => {
  await differential(`(module
    (func (export "sum") (param i32) (result i32) (local i32)
      (block $done (loop $again
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $again)))
      (local.get 1))
    (func (export "table") (param i32) (result i32)
      (block $a (result i32) (block $b (result i32) (block $c (result i32)
        (i32.const 100) (i32.const 7) (i32.const 8) (drop) (local.get 0)
        (br_table $a $b $c $b))
        (i32.add (i32.const 1))) (i32.add (i32.const 10))))
    (func (export "keep") (param i32) (result i32)
      (block (result i32) (i32.const 1) (i32.const 2) (i64.const 3) (drop) (i32.const 42) (local.get 0) (br_if 0) (drop) (drop) (drop) (i32.const 5)))
    (func $swap (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
    (func (export "multi") (param i32) (result i32 i64) (local.get 0)
      (block (param i32) (result i64 i32) (i64.const 9) (call $swap) (br 0)) (drop) (drop) (local.get 0) (i64.const 11))
    (func (export "loop_params") (param i32) (result i32)
      (i32.const 0)
      (loop (param i32) (result i32)
        (local.get 0) (i32.add)
        (local.get 0) (i32.const 1) (i32.sub) (local.tee 0)
        (br_if 0)))
    (func (export "if_else") (param i32) (result i64)
      (if (result i64) (local.get 0) (then (i64.const -1)) (else (i64.const 0x1234567890))))
    (func (export "dead") (param i32) (result i32)
      (block (result i32) (local.get 0) (br 0) (i32.add) (block (loop (if (i32.const 0) (then) (else)))) (unreachable)))
    (func (export "ret") (param i32) (result i32)
      (block (block (br_if 2 (i32.const 77) (local.get 0)) (drop))) (i32.const 3))
  )`, [
    ["sum", 0n], ["sum", 10n], ["table", 0n], ["table", 1n], ["table", 2n], ["table", 3n], ["table", 99n], ["table", -1n],
    ["keep", 0n], ["keep", 1n], ["multi", 5n], ["loop_params", 10n], ["if_else", 0n], ["if_else", 3n], ["dead", 8n],
    ["ret", 0n], ["ret", 1n],
  ]);
});

test("memory access, bounds, growth and bulk operations", async () => {
  await differential(`(module (memory 1 3)
    (data (i32.const 8) "\\01\\02\\03\\04\\05\\06\\07\\08\\ff")
    (data $p "hello")
    (func (export "load") (param i32) (result i64) (i64.load offset=1 (local.get 0)))
    (func (export "load8") (param i32) (result i32) (i32.load8_s (local.get 0)))
    (func (export "load16") (param i32) (result i64) (i64.load16_s offset=0xffff (local.get 0)))
    (func (export "store") (param i32 i64) (i64.store32 (local.get 0) (local.get 1)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "size") (result i32) (memory.size))
    (func (export "copy") (param i32 i32 i32) (result i64) (memory.copy (local.get 0) (local.get 1) (local.get 2)) (i64.load (local.get 0)))
    (func (export "fill") (param i32 i32 i32) (result i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)) (i64.load (local.get 0)))
    (func (export "init") (param i32 i32 i32) (result i64) (memory.init $p (local.get 0) (local.get 1) (local.get 2)) (i64.load (local.get 0)))
    (func (export "drop") (data.drop $p))
  )`, [
    ["load", 7n], ["load", 65528n], ["load", 65527n], ["load", -1n], ["load8", 16n], ["load16", 0n], ["load16", 1n],
    ["store", 65532n, 0x1122334455n], ["store", 65533n, 1n], ["load", 65527n],
    ["size"], ["grow", 1n], ["size"], ["load", 65528n], ["grow", 2n], ["grow", 0x10000n], ["grow", -1n],
    ["copy", 9n, 8n, 8n], ["copy", 8n, 10n, 4n], ["copy", 131070n, 0n, 3n], ["fill", 100n, 0x1ffn, 3n], ["fill", 131072n, 0n, 0n],
    ["fill", 131073n, 0n, 0n], ["init", 200n, 1n, 4n], ["init", 200n, 2n, 4n], ["drop"], ["init", 300n, 0n, 0n], ["init", 300n, 0n, 1n],
  ]);
});

test("call_indirect: type checks, null and out-of-range entries; tables", async () => {
  await differential(`(module
    (type $ii (func (param i32) (result i32)))
    (table $t 4 10 funcref)
    (elem (table $t) (i32.const 0) func $double $other)
    (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
    (func $other (param i64) (result i64) (local.get 0))
    (func (export "call") (param i32 i32) (result i32) (call_indirect (type $ii) (local.get 1) (local.get 0)))
    (func (export "grow") (param i32) (result i32) (table.grow $t (ref.null func) (local.get 0)))
    (func (export "size") (result i32) (table.size $t))
    (func (export "fill_call") (param i32) (result i32) (table.fill $t (i32.const 2) (ref.func $double) (i32.const 2)) (call_indirect (type $ii) (i32.const 21) (local.get 0)))
    (func (export "copy_call") (param i32) (result i32) (table.copy $t $t (i32.const 1) (i32.const 0) (i32.const 3)) (call_indirect (type $ii) (i32.const 5) (local.get 0)))
    (func (export "is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
  )`, [
    ["call", 0n, 7n], ["call", 1n, 7n], ["call", 2n, 7n], ["call", 4n, 7n], ["call", -1n, 7n], ["is_null", 0n], ["is_null", 2n],
    ["is_null", 4n], ["grow", 2n], ["size"], ["grow", 5n], ["size"], ["fill_call", 3n], ["copy_call", 1n], ["copy_call", 3n],
  ]);
});

test("a trap resets the stacks; the next call works", async () => {
  const t = await instantiateWat(`(module
    (func $deep (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))) (else (i32.div_u (i32.const 1) (local.get 0)))))
    (func (export "deep") (param i32) (result i32) (call $deep (local.get 0)))
    (func (export "inc") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))`);
  assert.throws(() => t.call("deep", 500n), (e: unknown) => e instanceof RuntimeError && e.trap === Trap.IntegerDivideByZero);
  assert.equal(t.store.depth, 0);
  assert.equal(t.store.stack.sp, 0);
  assert.deepEqual(t.call("inc", 41n), [42n]);
});

test("unbounded recursion traps with call stack exhausted (1,000,000 deep), then the store still works", async () => {
  const t = await instantiateWat(`(module
    (func $r (export "r") (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.add (call $r (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))) (else (i32.const 0))))
    (func $inf (export "inf") (call $inf)))`);
  assert.throws(() => t.call("r", 1_000_000n), (e: unknown) => e instanceof RuntimeError && e.trap === Trap.CallStackExhausted);
  assert.throws(() => t.call("inf"), (e: unknown) => e instanceof RuntimeError && e.trap === Trap.CallStackExhausted);
  assert.deepEqual(t.call("r", 5000n), [5000n]);
  // The depth limit is the engine's number, not the machine's: a small configured limit bites exactly.
  const small = await instantiateWat(`(module (func $r (export "r") (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.add (call $r (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))) (else (i32.const 0)))))`, new Store({ maxCallDepth: 100 }));
  assert.deepEqual(small.call("r", 99n), [99n]);
  assert.throws(() => small.call("r", 100n), (e: unknown) => e instanceof RuntimeError && e.trap === Trap.CallStackExhausted);
});

test("a host function may re-enter invoke; depth is counted across the nesting", async () => {
  const store = new Store({ maxCallDepth: 50 });
  let inner: { call(name: string, ...args: bigint[]): bigint[] } | undefined;
  const host: HostFuncInstance = {
    kind: 1, type: { params: [0x7f], results: [0x7f] }, typeId: store.typeId({ params: [0x7f], results: [0x7f] }), refId: 0,
    call(stack, argSlot) {
      const n = stack.i32[argSlot * 2];
      // Re-enter: call back into wasm with n - 1, result = that + 100.
      stack.i32[stack.sp * 2] = n - 1;
      invoke(store, t.instance.funcs[1]);
      stack.i32[argSlot * 2] = stack.i32[stack.sp * 2] + 100;
    },
  };
  const t = await instantiateWat(`(module (import "h" "f" (func $h (param i32) (result i32)))
    (func $g (export "g") (param i32) (result i32) (if (result i32) (local.get 0) (then (call $h (local.get 0))) (else (i32.const 7)))))`, store, [host]);
  inner = t;
  assert.deepEqual(inner.call("g", 3n), [307n]);
  // 2 frames per level (g + host): 50 frames allow fewer than 25 levels.
  assert.throws(() => t.call("g", 30n), (e: unknown) => e instanceof RuntimeError && e.trap === Trap.CallStackExhausted);
  assert.equal(store.depth, 0);
  assert.deepEqual(t.call("g", 2n), [207n]);
});

test("deterministic mode canonicalizes arithmetic NaNs and leaves bit operations alone", async () => {
  const bytes = await watToBytes(`(module
    (func (export "add32") (param i32 i32) (result i32) (i32.reinterpret_f32 (f32.add (f32.reinterpret_i32 (local.get 0)) (f32.reinterpret_i32 (local.get 1)))))
    (func (export "sqrt64") (param i64) (result i64) (i64.reinterpret_f64 (f64.sqrt (f64.reinterpret_i64 (local.get 0)))))
    (func (export "neg32") (param i32) (result i32) (i32.reinterpret_f32 (f32.neg (f32.reinterpret_i32 (local.get 0)))))
    (func (export "simd_add") (param i32) (result i32) (i32x4.extract_lane 1 (f32x4.add (i32x4.splat (local.get 0)) (i32x4.splat (local.get 0))))))`);
  const plain = instantiateBytes(bytes);
  const det = instantiateBytes(bytes, new Store(), [], { canonicalNaN: true });
  const payloadNaN32 = 0x7fa12345n;
  const payloadNaN64 = 0xfff4000000000001n;
  assert.deepEqual(det.call("add32", payloadNaN32, 0x3f800000n), [0x7fc00000n]);
  assert.deepEqual(det.call("sqrt64", payloadNaN64), [0x7ff8000000000000n]);
  assert.deepEqual(det.call("sqrt64", 0xbff0000000000000n), [0x7ff8000000000000n]); // sqrt(-1)
  assert.deepEqual(det.call("add32", 0x3f800000n, 0x40000000n), [0x40400000n]); // 1 + 2 = 3 untouched
  assert.deepEqual(det.call("simd_add", payloadNaN32), [0x7fc00000n]);
  assert.deepEqual(det.call("simd_add", 0x3f800000n), [0x40000000n]); // 1 + 1 = 2
  // neg is a bit operation: the payload survives, sign flipped, in both modes.
  assert.deepEqual(det.call("neg32", payloadNaN32), [0xffa12345n]);
  assert.deepEqual(plain.call("neg32", payloadNaN32), [0xffa12345n]);
  // Without the mode the result is still an arithmetic NaN (quiet bit set), as the spec allows.
  const [bits] = plain.call("add32", payloadNaN32, 0x3f800000n);
  assert.equal(Number(bits) & 0x7fc00000, 0x7fc00000);
});

test("deep recursion through a re-entering host function returns to the right frames; the limit stays exact", async () => {
  // The host function re-enters at depth ~200 and recurses 300 deeper, then the outer run recurses 400
  // deeper from where it was; every return must land where it came from. By hand: down(200) =
  // 200 + (300 + 1000) + 400.
  for (const store of [new Store(), new Store({ maxCallDepth: 2000 })]) {
    let t: Awaited<ReturnType<typeof instantiateWat>> | undefined;
    const type: FuncType = { params: [I32], results: [I32] };
    const host: HostFuncInstance = {
      kind: 1, type, typeId: store.typeId(type), refId: 0,
      call(stack, argSlot) {
        stack.i32[stack.sp * 2] = stack.i32[argSlot * 2];
        invoke(store, t!.instance.funcs[1]);
        stack.i32[argSlot * 2] = stack.i32[stack.sp * 2] + 1000;
      },
    };
    t = await instantiateWat(`(module (import "h" "f" (func $h (param i32) (result i32)))
      (func $rec (export "rec") (param i32) (result i32)
        (if (result i32) (local.get 0) (then (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))) (else (i32.const 0))))
      (func $down (export "down") (param i32) (result i32)
        (if (result i32) (local.get 0)
          (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
          (else (i32.add (call $h (i32.const 300)) (call $rec (i32.const 400)))))))`, store, [host]);
    assert.deepEqual(t.call("down", 200n), [1900n]);
    assert.equal(store.depth, 0);
    assert.ok(store.peakDepth > 600, `peak depth ${store.peakDepth}`);
    assert.deepEqual(t.call("rec", 1500n), [1500n]);
  }
  // rec(n) takes n + 1 frames: with a limit of 1000, rec(999) fits and rec(1000) does not.
  const limited = new Store({ maxCallDepth: 1000 });
  const r = await instantiateWat(`(module (func $r (export "r") (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.add (call $r (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))) (else (i32.const 0)))))`, limited);
  assert.throws(() => r.call("r", 1000n), (e: unknown) => e instanceof RuntimeError && e.trap === Trap.CallStackExhausted);
  assert.deepEqual(r.call("r", 999n), [999n]);
  assert.equal(limited.peakDepth, 1000);
});

test("a released store's stacks serve the next store; the released store runs nothing more", async () => {
  const recursive = `(module (func $r (export "r") (param i32) (result i32) (if (result i32) (local.get 0) (then (i32.add (call $r (i32.sub (local.get 0) (i32.const 1))) (i32.const 1))) (else (i32.const 0)))))`;
  const limits = { valueStackSlots: 4096, maxCallDepth: 777 };
  const first = new Store(limits);
  const a = await instantiateWat(recursive, first);
  assert.deepEqual(a.call("r", 500n), [500n]);
  // Released while code runs (from a host function): nothing happens.
  const type: FuncType = { params: [I32], results: [I32] };
  const host: HostFuncInstance = { kind: 1, type, typeId: first.typeId(type), refId: 0, call() { first.release(); } };
  const h = await instantiateWat(`(module (import "h" "f" (func $h (param i32) (result i32))) (func (export "g") (result i32) (i32.add (call $h (i32.const 5)) (i32.const 1))))`, first, [host]);
  assert.deepEqual(h.call("g"), [6n]);
  assert.deepEqual(a.call("r", 10n), [10n]);
  first.release();
  const second = new Store(limits);
  assert.equal(second.stack, first.stack);
  assert.equal(second.frameFunc, first.frameFunc);
  assert.ok(second.frameFunc.every((f) => f === undefined), "the pooled frames hold no functions of the released store");
  const b = await instantiateWat(recursive, second);
  assert.deepEqual(b.call("r", 776n), [776n]);
  assert.throws(() => b.call("r", 777n), (e: unknown) => e instanceof RuntimeError && e.trap === Trap.CallStackExhausted);
  assert.throws(() => a.call("r", 1n), (e: unknown) => e instanceof RuntimeError && e.trap === Trap.CallStackExhausted);
  assert.deepEqual(b.call("r", 3n), [3n]);
  // Other limits get stacks of their own.
  assert.notEqual(new Store({ valueStackSlots: 4096, maxCallDepth: 778 }).stack, first.stack);
});

test("memory grown by a callee is seen by its callers after they resume (same module, nested calls)", async () => {
  // Returns within one module keep the memory registers: the growing frame refreshed them for all.
  await differential(`(module (memory 1)
    (func $grow (result i32) (drop (memory.grow (i32.const 1))) (i32.store (i32.const 70000) (i32.const 42)) (i32.const 1))
    (func $middle (result i32) (call $grow) (i32.load (i32.const 70004)) (i32.add))
    (func (export "g") (result i32) (drop (call $middle)) (i32.load (i32.const 70000)))
    (func (export "size") (result i32) (memory.size)))`, [["g"], ["size"], ["g"], ["size"]]);
});
