// OperatorReader walks one function body (or constant expression) operator by operator.
// The decoder runs it once over every body to reject malformed code; valid/ and compile/ run it
// again. After next() the fields below hold the immediates of the operator just read; arrays are
// reused between calls (copy them if you keep them).
//
// CONTRACT (fixed; other folders code against it):
//   constructor(bytes: Uint8Array, start: number, end: number)
//   pos: number            offset of the next operator
//   opOffset: number       offset of the operator just read
//   atEnd(): boolean       pos >= end
//   reset(start, end)      points the reader at another range of the same bytes (one reader can
//                          walk every body of a module without allocating per function)
//   next(): number         reads one operator and its immediates, returns the combined opcode
//                          (see core/opcodes.ts); throws CompileError (spec wording, offset) when
//                          malformed: unknown opcode "illegal opcode", truncated "unexpected end",
//                          bad LEB "integer representation too long" / "integer too large",
//                          non-zero memory index byte "zero byte expected" (Wasm 2.0 single memory), …
//   Immediates of the last operator:
//   blockType: number      block/loop/if: see BLOCK_EMPTY in core/module.ts
//   index: number          label depth (br, br_if), function (call, ref.func), type (call_indirect),
//                          local, global, table (table.*), data (data.drop, memory.init),
//                          elem (elem.drop, table.init), memory (memory.size/grow/fill, memory.copy dst),
//                          table.copy: destination table
//   index2: number         call_indirect: table; table.init: table; table.copy: source table;
//                          memory.copy: source memory; memory.init: memory
//   memAlign: number       memarg alignment exponent (as encoded, u32)
//   memOffset: number      memarg offset (u32, 0..2^32-1, as a non-negative number)
//   lane: number           lane index (extract/replace_lane, load/store*_lane)
//   i32: number            i32.const value (signed)
//   i64Lo, i64Hi: number   i64.const value as two signed 32-bit halves
//   f32Bits: number        f32.const raw bits (as i32)
//   f64Lo, f64Hi: number   f64.const raw bits as two 32-bit halves
//   refType: number        ref.null: FUNCREF or EXTERNREF
//   brTargets: number[]    br_table label depths (reused), brTargetCount: number, brDefault: number
//   selectTypes: number[]  typed select value types (reused), selectTypeCount: number
//   v128: Uint8Array       v128.const bytes / i8x16.shuffle lane indices (16 bytes, reused)
export { OperatorReader } from "./operator-reader-impl.ts";
