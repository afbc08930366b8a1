;; Micro benchmarks for bench/micro.ts: each export runs a tight loop of $n iterations of one kind
;; of operation and returns a value that depends on every iteration (so nothing is dead code).
;; Assembled by wabt at run time.
(module
  (import "host" "echo" (func $host_echo (param i32) (result i32)))
  (memory (export "memory") 1)
  (table 2 funcref)
  (elem (i32.const 0) $increment $decrement)
  (type $unary (func (param i32) (result i32)))

  (func $increment (param $x i32) (result i32) (i32.add (local.get $x) (i32.const 1)))
  (func $decrement (param $x i32) (result i32) (i32.sub (local.get $x) (i32.const 1)))

  ;; Instruction dispatch: local.get/set, i32 add/xor/shl, compare and branch.
  (func (export "dispatch") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.xor (i32.add (local.get $acc) (local.get $i)) (i32.shl (local.get $acc) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; Direct wasm-to-wasm calls of a one-instruction function.
  (func (export "calls") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call $increment (local.get $acc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; call_indirect through a table, alternating between two targets of the same type.
  (func (export "call_indirect") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (call_indirect (type $unary) (i32.add (local.get $acc) (i32.const 3)) (i32.and (local.get $i) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; Calls from wasm into a JS host function (the path every contract host call takes).
  (func (export "host_calls") (param $n i32) (result i32) (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (call $host_echo (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; An i32 load and store per iteration, over a 4 KiB window.
  (func (export "loads_stores") (param $n i32) (result i32) (local $i i32) (local $address i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $address (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 4092)))
        (i32.store (local.get $address) (i32.add (i32.load (local.get $address)) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.load (i32.const 4092)))

  ;; i64 arithmetic: a 64-bit LCG step, a shift and xor per iteration.
  (func (export "i64_ops") (param $n i32) (result i64) (local $i i32) (local $x i64) (local $acc i64)
    (local.set $x (i64.const 0x243f6a8885a308d3))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (i64.add (i64.mul (local.get $x) (i64.const 6364136223846793005)) (i64.const 1442695040888963407)))
        (local.set $acc (i64.xor (local.get $acc) (i64.shr_u (local.get $x) (i64.const 29))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))

  ;; f64 arithmetic: multiply-add and a division per iteration.
  (func (export "f64_ops") (param $n i32) (result f64) (local $i i32) (local $x f64) (local $acc f64)
    (local.set $x (f64.const 1.5))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $x (f64.add (f64.mul (local.get $x) (f64.const 0.999)) (f64.const 0.25)))
        (local.set $acc (f64.add (local.get $acc) (f64.div (local.get $x) (f64.const 3))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $acc))
)
