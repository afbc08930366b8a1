// The superinstructions chosen from bench/op-pairs.ts's counts must be invisible to metering: for
// every shape that produces one, on operands that trap in each of its parts (the load or the store of
// a memory-to-memory move, …), the block meter (fused code, one CHARGE per basic block) must report
// exactly the outcome and gas of the per-instruction reference meter (no fusion), also when the gas
// limit runs out at every point of the function. (src/exec/interpreter-fusion.test.ts checks the
// same shapes' results against V8.)
import { test } from "node:test";
import assert from "node:assert/strict";
import wabtInit from "wabt";
import { Instance, Module } from "../src/index.ts";

const SHAPES = [
  `(func (export "ldtee") (param i32 i32) (result i64) (local i64) local.get 0 i64.load offset=3 local.tee 2 i64.const 5 i64.add local.get 2 i64.mul)`,
  `(func (export "xsls") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_u i64.const 40 i64.shl local.set 2
    local.get 0 local.get 1 i64.extend_i32_s i64.const 77 i64.or local.get 2 i64.xor i64.store offset=2 local.get 0 i64.load offset=2)`,
  `(func (export "xlls") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_u local.set 2 local.get 0 i64.extend_i32_s local.set 3
    local.get 0 local.get 2 local.get 3 i64.xor i64.store offset=1 local.get 0 i64.load offset=1)`,
  `(func (export "rotst") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_s local.set 2
    local.get 0 local.get 2 i64.const 3 i64.mul local.get 1 i64.extend_i32_u i64.rotl i64.store offset=4 local.get 0 i64.load offset=4)`,
  `(func (export "ldset32") (param i32 i32) (result i32) (local i32) local.get 0 local.get 1 i32.add i32.load offset=1 local.set 2 local.get 2 i32.const 1 i32.add)`,
  `(func (export "ldset64") (param i32 i32) (result i64) (local i64) local.get 0 local.get 1 i32.add i64.load offset=1 local.set 2 local.get 2 i64.const 1 i64.add)`,
  `(func (export "mv64") (param i32 i32) (result i64) local.get 0 i32.const 8 i32.add local.get 1 i32.const -3 i32.add i64.load offset=2 i64.store offset=1 local.get 0 i64.load offset=9)`,
  `(func (export "mv32") (param i32 i32) (result i64) local.get 0 i32.const 4 i32.add local.get 1 local.get 0 i32.add i32.const 3 i32.add i32.load offset=1 i32.store offset=2 local.get 0 i64.load offset=6)`,
  `(func (export "xorshift") (param i32 i32) (result i32) (local i32) local.get 0 local.set 2 local.get 2 i32.const 13 i32.shl local.get 2 i32.xor local.tee 2
    i32.const 17 i32.shr_u local.get 2 i32.xor local.tee 2 i32.const 5 i32.shl local.get 2 i32.xor local.tee 2 local.get 1 i32.add)`,
  `(func (export "mulscadd") (param i32 i32) (result i32) local.get 0 i32.clz local.get 1 i32.ctz i32.const 0x7fffffff i32.mul i32.add)`,
  `(func (export "f64mul") (param i32 i32) (result f64) (local f64) local.get 1 f64.convert_i32_u local.set 2
    local.get 0 f64.load local.get 1 f64.load offset=1 f64.mul local.get 2 f64.add local.set 2
    local.get 1 f64.convert_i32_s local.get 0 i32.const 3 i32.add f64.load offset=1 f64.mul local.get 2 f64.add)`,
  `(func (export "rotls") (param i32 i32) (result i64) (local i64) local.get 0 i64.extend_i32_s i64.const 0x123456789 i64.mul local.set 2 local.get 2 local.get 1 i64.extend_i32_u i64.rotl)`,
  `(func (export "rotlst") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_s i64.const 0x987654321 i64.mul local.set 2
    local.get 0 local.get 2 local.get 1 i64.extend_i32_u i64.rotl i64.store offset=4 local.get 0 i64.load offset=4)`,
  `(func (export "andn") (param i32 i32) (result i64) (local i64 i64) local.get 0 i64.extend_i32_s i64.const 0x1234567 i64.mul local.set 2 local.get 1 i64.extend_i32_u local.set 3
    local.get 3 local.get 2 i64.const -1 i64.xor i64.and local.get 2 i64.const -1 i64.xor local.get 3 i64.and i64.add)`,
  `(func (export "shladd") (param i32 i32) (result i32) (local i32) local.get 0 i32.clz i32.const 3 i32.shl local.get 1 i32.add local.tee 2 local.get 2 i32.mul
    local.get 1 local.get 0 i32.ctz i32.const 5 i32.shl i32.add local.tee 0 i32.const 7 i32.add local.get 0 i32.mul i32.add
    local.get 0 i32.popcnt i32.const 2 i32.shl i32.const 17408 i32.add local.tee 2 local.get 2 i32.add i32.add)`,
  `(func (export "rotlxor") (param i32 i32) (result i32) local.get 0 i32.popcnt local.get 1 i32.const 7 i32.rotl i32.xor local.get 0 i32.clz local.get 1 i32.const 33 i32.rotl i32.xor i32.add)`,
  `(func (export "ldteexor") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_u local.get 0 i64.load offset=3 local.tee 2 i64.xor local.get 2 i64.add)`,
  `(func (export "storec") (param i32 i32) (result i64) local.get 0 local.get 1 i32.xor i32.const 0x12345678 i32.store offset=1
    local.get 1 local.get 0 i32.and i32.const 300 i32.store8 offset=2 local.get 0 i64.load offset=2)`,
  `(func (export "ldaddst") (param i32 i32) (result i64) local.get 1 local.get 0 i32.load offset=2 i32.const 5 i32.add i32.store offset=1 local.get 1 i64.load offset=1)`,
  `(func (export "loopnz") (param i32 i32) (result i32) (local i32) local.get 1 i32.const 15 i32.and i32.const 1 i32.add local.set 2
    (loop local.get 0 i32.const 1 i32.add local.set 0 local.get 2 i32.const -1 i32.add local.tee 2 br_if 0) local.get 0 local.get 2 i32.add)`,
  `(func (export "looplt") (param i32 i32) (result i32) (local i32 i32) local.get 1 i32.const 7 i32.and local.set 2 local.get 0 i32.const 63 i32.and local.set 3
    (loop local.get 0 i32.const 3 i32.add local.set 0 local.get 2 i32.const 1 i32.add local.tee 2 i32.const 10 i32.lt_u br_if 0)
    (loop local.get 0 i32.const 5 i32.xor local.set 0 local.get 3 local.get 2 i32.add local.tee 3 i32.const 100 i32.lt_u br_if 0)
    (loop local.get 1 i32.const 1 i32.add local.set 1 local.get 2 i32.const 4 i32.add local.tee 2 local.get 3 i32.lt_u br_if 0)
    local.get 0 local.get 1 i32.add local.get 2 i32.add local.get 3 i32.add)`,
  `(func (export "loopadd2") (param i32 i32) (result i32) (local i32 i32) local.get 1 i32.const 7 i32.and local.set 2 local.get 0 local.set 3
    (loop local.get 3 i32.const 5 i32.add local.set 3 local.get 2 i32.const 1 i32.add local.tee 2 i32.const 10 i32.ne br_if 0) local.get 2 local.get 3 i32.add)`,
  `(func (export "mv64b") (param i32 i32) (result i64) local.get 0 i32.popcnt i32.const 8 i32.add local.get 1 i32.const -3 i32.add i64.load offset=2 i64.store offset=1 local.get 0 i32.popcnt i64.load offset=9)`,
  `(func (export "storeclc") (param i32 i32) (result i64) local.get 0 i32.const 3 i32.add i32.const 0x7654321 i32.store offset=1
    local.get 1 i32.const -2 i32.add i32.const 257 i32.store8 offset=3 local.get 0 i64.load offset=1)`,
  `(func (export "chi") (param i32 i32) (result i64) (local i64 i64 i64) local.get 0 i64.extend_i32_s i64.const 0x1234567 i64.mul local.set 2 local.get 1 i64.extend_i32_u local.set 3
    local.get 0 i64.extend_i32_u i64.const 40 i64.shl local.set 4
    local.get 0 local.get 2 i64.const -1 i64.xor local.get 3 i64.and local.get 4 i64.xor i64.store offset=3
    local.get 1 local.get 4 local.get 3 local.get 2 i64.const -1 i64.xor i64.and i64.xor i64.store offset=1 local.get 0 i64.load offset=3 local.get 1 i64.load offset=1 i64.add)`,
  // <load>_l_set: the load traps before the local.set runs (the set must not be charged).
  `(func (export "lset") (param i32 i32) (result i32) (local i32) local.get 0 i32.load offset=5 local.set 2 local.get 2 i32.const 3 i32.add)`,
  `(func (export "copy2") (param i32 i32) (result i32) (local i32 i32) local.get 0 local.set 2 local.get 2 local.set 1 local.get 1 local.set 3 local.get 3 local.get 1 i32.sub)`,
  // Round 3: loads fused with the operator after them (a trap in the load must refund it).
  `(func (export "f64addsladd") (param i32 i32) (result i64) (local f64) local.get 1 f64.convert_i32_u local.set 2
    local.get 0 f64.convert_i32_s local.get 1 f64.convert_i32_s local.get 2 f64.add f64.add local.set 2 local.get 2 i64.reinterpret_f64)`,
  `(func (export "f64mulll") (param i32 i32) (result i64) local.get 0 f64.load offset=1 local.get 1 f64.load offset=2 f64.mul i64.reinterpret_f64)`,
  `(func (export "f64mulsclc") (param i32 i32) (result i64) local.get 0 i32.popcnt local.get 0 i32.add i32.const -2 i32.add f64.load offset=3 local.get 1 i32.const 7 i32.add f64.load offset=1 f64.mul i64.reinterpret_f64)`,
  `(func (export "addldlc") (param i32 i32) (result i32) local.get 1 i32.popcnt local.get 0 i32.const 3 i32.add i32.load offset=1 i32.add)`,
  `(func (export "ldlctee") (param i32 i32) (result i32) (local i32) local.get 0 i32.const 5 i32.add i32.load offset=2 local.tee 2 local.get 2 i32.mul)`,
  `(func (export "ldltee") (param i32 i32) (result i32) (local i32) local.get 1 i32.load offset=3 local.tee 2 local.get 0 i32.add local.get 2 i32.xor)`,
  `(func (export "shrxor") (param i32 i32) (result i32) local.get 0 i32.popcnt local.get 1 i32.const 3 i32.shr_u i32.xor)`,
  `(func (export "rotl2") (param i32 i32) (result i32) local.get 0 i32.const 30 i32.rotl local.get 1 i32.const 19 i32.rotl i32.xor local.get 0 i32.const 32 i32.rotl i32.xor)`,
  `(func (export "rotlsc2") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add i32.const 25 i32.rotl local.get 1 i32.const 51 i32.rotl i32.xor)`,
  `(func (export "mullcadd") (param i32 i32) (result i32) local.get 0 i32.popcnt local.get 1 i32.const -31 i32.mul i32.add local.get 0 i32.const 0x10001 i32.mul i32.add)`,
  `(func (export "fill") (param i32 i32) (result i64) (local i32 i32) local.get 0 local.set 2 local.get 0 i32.const 24 i32.add local.set 3
    (loop local.get 2 local.get 1 i32.store offset=1 local.get 2 i32.const 4 i32.add local.tee 2 local.get 3 i32.lt_u br_if 0)
    local.get 0 i64.load offset=9 local.get 2 i64.extend_i32_u i64.add)`,
  `(func (export "scaledld64") (param i32 i32) (result i64) (local i32 i64) local.get 0 local.get 1 i32.and i32.const 3 i32.shl local.get 1 i32.add local.tee 2 i64.load offset=1 local.set 3
    local.get 2 local.get 3 i64.const 5 i64.add i64.store offset=1 local.get 2 i64.load offset=1 local.get 3 i64.add)`,
  `(func (export "scaledldf64") (param i32 i32) (result i64) (local i32 f64) local.get 1 local.get 0 i32.xor i32.const 1 i32.shl local.get 0 i32.add local.tee 2 f64.load local.set 3 local.get 3 i64.reinterpret_f64 local.get 2 i64.extend_i32_u i64.add)`,
  `(func (export "scaledinc") (param i32 i32) (result i64) (local i32) local.get 0 local.get 1 i32.and i32.const 2 i32.shl i32.const 17 i32.add local.tee 2 local.get 2 i32.load offset=1 i32.const 3 i32.add i32.store offset=1
    local.get 1 local.get 0 i32.or i32.const 30 i32.shl i32.const -4 i32.add local.tee 2 local.get 2 i32.load i32.const -1 i32.add i32.store offset=2 local.get 0 i32.const 2 i32.shl i64.load offset=16)`,
  `(func (export "cmp64") (param i32 i32) (result i32) (local i64) local.get 0 i64.extend_i32_s local.set 2
    local.get 2 i64.const 5 i64.lt_s local.get 2 local.get 1 i64.extend_i32_u i64.add i64.const -1 i64.ne i32.add local.get 2 i64.eqz i32.add)`,
  // Round 4: compares into a local (all ten, constants at the signed/unsigned boundaries; a block that
  // starts with one), and X×2 pairs (odd runs, traps in either instruction, overlapping moves).
  ...["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"].map((op) => `(func (export "cmpset_${op}") (param i32 i32) (result i32) (local i32 i32)
    local.get 0 i32.const -7 i32.${op} local.set 2
    local.get 0 i32.const 0x80000000 i32.${op} local.set 3 local.get 2 local.get 3 i32.const 1 i32.shl i32.add local.set 2
    local.get 1 i32.const 33 i32.${op} local.set 3 local.get 2 local.get 3 i32.const 2 i32.shl i32.add local.set 2
    local.get 1 i32.const -1 i32.${op} local.set 3 local.get 2 local.get 3 i32.const 3 i32.shl i32.add local.set 2
    local.get 0 i32.const 0 i32.${op} local.set 3 local.get 2 local.get 3 i32.const 4 i32.shl i32.add local.get 1 i32.load offset=1 i32.add)`),
  `(func (export "cmp64set") (param i32 i32) (result i32) (local i64 i32 i32) local.get 0 i32.const 7 i32.and i32.const -2 i32.add i64.extend_i32_s local.set 2
    (loop local.get 2 i64.const 5 i64.lt_s local.set 3 local.get 2 i64.const -1 i64.gt_u local.set 4 local.get 2 i64.eqz local.set 4
      local.get 3 local.get 4 i32.add local.get 1 i32.add local.set 1 local.get 2 i64.const 1 i64.add local.set 2 local.get 3 br_if 0)
    local.get 1 local.get 0 i32.load offset=3 i32.add)`,
  `(func (export "cp2") (param i32 i32) (result i64) local.get 0 i32.const 8 i32.add local.get 1 i32.const 8 i32.add i64.load i64.store
    local.get 0 i32.const 65500 i32.add local.get 1 i32.const 16 i32.add i64.load offset=1 i64.store offset=2
    local.get 0 i32.const 1 i32.add local.get 1 i32.const 65490 i32.add i64.load offset=3 i64.store
    local.get 0 i64.load offset=8 local.get 1 i64.load offset=9 i64.add)`,
  `(func (export "xlls2") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_u i64.const 40 i64.shl local.set 2 local.get 0 i64.extend_i32_s local.set 3
    local.get 0 local.get 2 local.get 3 i64.xor i64.store offset=1 local.get 1 local.get 3 local.get 2 i64.xor i64.store offset=3
    local.get 0 i64.load offset=1 local.get 1 i64.load offset=3 i64.add)`,
  `(func (export "chi2") (param i32 i32) (result i64) (local i64 i64 i64) local.get 0 i64.extend_i32_s i64.const 0x1234567 i64.mul local.set 2 local.get 1 i64.extend_i32_u local.set 3
    local.get 0 i64.extend_i32_u i64.const 40 i64.shl local.set 4
    local.get 0 local.get 2 i64.const -1 i64.xor local.get 3 i64.and local.get 4 i64.xor i64.store offset=3
    local.get 1 local.get 3 i64.const -1 i64.xor local.get 4 i64.and local.get 2 i64.xor i64.store offset=1
    local.get 0 local.get 4 i64.const -1 i64.xor local.get 2 i64.and local.get 3 i64.xor i64.store offset=5
    local.get 0 i64.load offset=3 local.get 1 i64.load offset=1 i64.add local.get 0 i64.load offset=5 i64.add)`,
  `(func (export "ldteexor2") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_u local.get 0 i64.load offset=3 local.tee 2 i64.xor
    local.get 1 i64.load offset=5 local.tee 3 i64.xor local.get 2 i64.add local.get 3 i64.sub)`,
  `(func (export "ldset3") (param i32 i32) (result i64) (local i64 f64 i64) local.get 0 i64.load offset=1 local.set 2 local.get 1 f64.load offset=2 local.set 3
    local.get 0 i64.load offset=4 local.set 4 local.get 2 local.get 3 i64.reinterpret_f64 i64.add local.get 4 i64.xor)`,
  `(func (export "remu") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_u i64.const 0xfffffffff i64.mul local.set 2 local.get 0 i64.extend_i32_s local.set 3
    local.get 2 local.get 3 i64.rem_u local.get 3 i64.const -9 i64.xor local.get 2 i64.rem_u local.set 2 local.get 2 i64.add)`,
  `(func (export "remuset") (param i32 i32) (result i64) (local i64 i64) local.get 1 i64.extend_i32_s local.set 2 local.get 0 i64.extend_i32_u local.set 3
    local.get 2 i64.const 0x8000000000000001 i64.xor local.get 3 i64.rem_u local.set 3 local.get 3 local.get 0 i64.load offset=2 i64.add)`,
  `(func (export "cmpsel") (param i32 i32) (result i64) (local i64) local.get 0 i64.extend_i32_s local.set 2
    local.get 2 local.get 1 i64.extend_i32_u local.get 2 i64.const 7 i64.lt_u select local.get 2 i64.const -3 local.get 2 i64.eqz select i64.add)`,
  `(func (export "breqz64") (param i32 i32) (result i32) (local i64) local.get 0 i64.extend_i32_u i64.const 32 i64.shl local.get 1 i64.extend_i32_u i64.or local.set 2
    (block (result i32) i32.const 5 local.get 2 i64.const 0xff00000001 i64.and i64.eqz br_if 0 drop local.get 2 i64.const 0x100000000 i64.mul i64.eqz (if (result i32) (then i32.const 7) (else i32.const 9))))`,
  `(global $sp (mut i32) (i32.const 4096))
   (func (export "frame") (param i32 i32) (result i32) (local i32) global.get $sp local.get 0 i32.sub local.tee 2 global.set $sp
    local.get 2 local.get 1 i32.store offset=3 global.get $sp local.get 2 i32.load offset=3 i32.add local.get 2 local.get 0 i32.add global.set $sp global.get $sp i32.add)`,
  `(func (export "frame2") (param i32 i32) (result i32) (local i32) global.get $sp i32.const 48 i32.sub local.tee 2 global.set $sp
    local.get 2 local.get 0 i32.store offset=1 local.get 2 i32.load offset=1 local.get 2 i32.const 48 i32.add global.set $sp global.get $sp i32.add)`,
  `(func (export "addset2") (param i32 i32) (result i32) (local i32 i32) local.get 0 i32.const 63 i32.and local.set 0 (loop local.get 0 i32.const -2 i32.add local.tee 2 local.set 0 local.get 3 local.get 2 i32.add local.set 3
    local.get 0 i32.const 10 i32.gt_s br_if 0) local.get 1 i32.load offset=2 local.get 3 i32.add local.get 0 i32.add)`,
  `(func $lg2 (param i32 i32 i32) (result i32) local.get 0 local.get 1 i32.sub local.get 2 i32.mul)
   (func (export "lget2") (param i32 i32) (result i32) (local i64) local.get 0 i64.extend_i32_s local.set 2 local.get 0 local.get 1 local.get 0 call $lg2
    local.get 1 local.get 0 i32.xor local.get 2 local.get 2 i64.add i32.wrap_i64 i32.add i32.add)`,
  // charge+X: a block's CHARGE fused with the block's first instruction (function entry, loop header,
  // after a call, after a not-taken br_if), traps in X included.
  `(func (export "c_addlc") (param i32 i32) (result i32) local.get 0 i32.const 7 i32.add local.get 1 i32.mul)`,
  `(func (export "c_addll") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add i32.popcnt)`,
  `(func (export "c_xorll") (param i32 i32) (result i32) local.get 1 local.get 0 i32.xor i32.clz)`,
  `(func (export "c_ldl") (param i32 i32) (result i32) local.get 0 i32.load offset=3 local.get 1 i32.xor)`,
  `(func (export "c_addlltee") (param i32 i32) (result i32) (local i32) local.get 0 local.get 1 i32.add local.tee 2 local.get 2 i32.mul)`,
  `(func $c_id (param i32) (result i32) local.get 0)
   (func (export "c_addslset") (param i32 i32) (result i32) (local i32) local.get 0 i32.popcnt call $c_id local.get 1 i32.add local.set 2 local.get 2 local.get 0 i32.sub)`,
  `(func (export "c_brgeslc") (param i32 i32) (result i32) (local i32) local.get 1 i32.const 15 i32.and local.set 2
    (block (loop local.get 2 i32.const 20 i32.ge_s br_if 1 local.get 2 i32.const 3 i32.add local.set 2 local.get 0 i32.const 1 i32.add local.set 0 br 0)) local.get 0 local.get 2 i32.add)`,
  `(func (export "c_st8clc") (param i32 i32) (result i64) local.get 0 i32.const 3 i32.add i32.const 0x1ff i32.store8 offset=1 local.get 0 i64.load offset=1)`,
  `(func (export "c_stll") (param i32 i32) (result i64) local.get 0 local.get 1 i32.store offset=2 local.get 0 i64.load offset=2)`,
  `(func (export "c_ld8ul") (param i32 i32) (result i32) local.get 1 i32.load8_u offset=2 local.get 0 i32.add)`,
  `(func (export "c_ldlc") (param i32 i32) (result i32) local.get 0 i32.const -3 i32.add i32.load offset=4 local.get 1 i32.xor)`,
  `(func (export "c_ld8ulc") (param i32 i32) (result i32) local.get 1 i32.const 2 i32.add i32.load8_u offset=1 local.get 0 i32.add)`,
  `(func (export "c_loopne") (param i32 i32) (result i32) (local i32) local.get 1 i32.const 7 i32.and local.set 2
    (loop local.get 2 i32.const 1 i32.add local.tee 2 i32.const 12 i32.ne br_if 0)
    (block local.get 0 i32.const 1 i32.and br_if 0 local.get 0 i32.const 5 i32.add local.set 0) local.get 2 local.get 0 i32.add)`,
  // charge+local.get (entry; after a call, of an i64 local), charge+local.set_c (entry, loop header),
  // local.set_c inside a block; a trap right after each.
  `(func (export "c_lg") (param i32 i32) (result i32) local.get 1 i32.popcnt local.get 0 i32.load offset=2 i32.sub)`,
  `(func (export "c_lg64") (param i32 i32) (result i64) (local i64) local.get 0 i64.extend_i32_s i64.const 0x100000001 i64.mul local.set 2
    local.get 1 call $c_id drop local.get 2 local.get 1 i64.load offset=1 i64.add)`,
  `(func (export "c_setc") (param i32 i32) (result i32) (local i32) i32.const -5 local.set 2 local.get 0 i32.load offset=1 local.get 2 i32.add)`,
  `(func (export "c_setcloop") (param i32 i32) (result i32) (local i32 i32) local.get 1 i32.const 7 i32.and i32.const 1 i32.add local.set 3
    (loop i32.const 0x12345 local.set 2 local.get 0 local.get 2 i32.xor local.set 0 local.get 3 i32.const -1 i32.add local.tee 3 br_if 0) local.get 1 i32.load offset=3 local.get 2 i32.add)`,
  `(func (export "setc") (param i32 i32) (result i32) (local i32) local.get 0 i32.popcnt local.set 1 i32.const 0x7fffffff local.set 2 local.get 0 i32.load offset=2 local.get 2 i32.sub)`,
  // Round 5: keccak's rho-pi pair (traps in its load, in its store), charge+i64.mul_ll, charge+i32.add_lc_set,
  // charge+global.sub_sc_tee, charge+i32.add_lc_global_set, charge+br_unless_l; a trap right after each.
  `(func (export "rhopi") (param i32 i32) (result i64) (local i64) local.get 1 i64.extend_i32_s i64.const 0x987654321 i64.mul local.set 2
    local.get 1 local.get 2 local.get 0 i32.const 3 i32.add i64.load32_u offset=1 i64.rotl i64.store offset=4
    local.get 1 local.get 2 local.get 0 i32.const 1 i32.add i64.load32_u offset=2 i64.rotl i64.store offset=2 local.get 1 i64.load offset=4)`,
  `(func $c_nop (param i32))
   (func (export "c_mul64") (param i32 i32) (result i64) (local i64 i64) local.get 0 i64.extend_i32_s local.set 2 local.get 1 i64.extend_i32_u local.set 3
    local.get 1 call $c_nop local.get 2 local.get 3 i64.mul local.get 1 i64.load offset=1 i64.add)`,
  `(func (export "c_addlcset") (param i32 i32) (result i32) (local i32) local.get 1 i32.const 7 i32.and local.set 1
    (loop local.get 2 i32.const 3 i32.add local.set 2 local.get 0 i32.load offset=1 drop local.get 2 local.get 1 i32.lt_u br_if 0) local.get 2)`,
  `(func (export "c_frame") (param i32 i32) (result i32) (local i32) global.get $sp i32.const 32 i32.sub local.tee 2 global.set $sp
    local.get 0 i32.load offset=1 drop local.get 1 call $c_nop local.get 2 i32.const 32 i32.add global.set $sp local.get 1 i32.load offset=2)`,
  `(func (export "c_ifl") (param i32 i32) (result i32) local.get 1 call $c_nop local.get 0 (if (then local.get 1 i32.load offset=1 local.set 1)) local.get 1)`,
];
// Addresses inside, at the end of, and past the one page (65536).
const OPERANDS = [0, 5, 65520, 65528, 65535, 65536, -1];

const wabt = await wabtInit();
const bytes = wabt.parseWat("fused.wat", `(module (memory 1) (data (i32.const 0) "\\01\\82\\03\\f4\\05\\06\\87\\08\\09\\0a\\0b\\fc\\0d\\0e\\0f\\10\\11")
  (data (i32.const 65520) "\\aa\\bb\\cc\\dd\\ee\\ff\\11\\22\\33\\44\\55\\66\\77\\88\\99\\00") ${SHAPES.join("\n")})`, {}).toBinary({}).buffer;
const blockModule = new Module(bytes, { meter: "block", gasLimit: 1 });
const referenceModule = new Module(bytes, { meter: "reference", gasLimit: 1 });
const names = SHAPES.map((shape) => /export "([^"]+)"/.exec(shape)![1]);

function runOnce(module: Module, meter: "block" | "reference", name: string, a: number, b: number, gasLimit: number): string {
  const instance = new Instance(module, {}, { meter, gasLimit });
  let outcome: string;
  try {
    const f = instance.exports[name] as (x: number, y: number) => unknown;
    outcome = `ok ${String(f(a, b))}`;
  } catch (error) {
    outcome = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return `${outcome}; gas ${instance.stats.gasUsed}; instructions ${instance.stats.instructions}`;
}

test("fused superinstructions: block meter equals the reference meter, traps in every part included", () => {
  const mismatches: string[] = [];
  for (const name of names) {
    for (const a of OPERANDS) {
      for (const b of OPERANDS) {
        const reference = runOnce(referenceModule, "reference", name, a, b, 1e9);
        const block = runOnce(blockModule, "block", name, a, b, 1e9);
        if (block !== reference) mismatches.push(`${name}(${a}, ${b}): reference ${reference}, block ${block}`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
});

test("fused superinstructions: out of gas at every point stops where the reference meter stops", () => {
  const mismatches: string[] = [];
  for (const name of names) {
    for (const [a, b] of [[0, 5], [65528, 0], [5, 65535]]) {
      const full = Number(/gas (\d+)/.exec(runOnce(referenceModule, "reference", name, a, b, 1e9))![1]);
      for (let limit = 0; limit <= full; limit++) {
        const reference = runOnce(referenceModule, "reference", name, a, b, limit);
        const block = runOnce(blockModule, "block", name, a, b, limit);
        if (block !== reference) mismatches.push(`${name}(${a}, ${b}) gas ${limit}: reference ${reference}, block ${block}`);
      }
    }
  }
  assert.deepEqual(mismatches, []);
});
