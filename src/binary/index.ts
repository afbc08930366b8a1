// binary/: reading the WebAssembly binary format. decodeModule turns bytes into the ModuleRecord of
// core/module.ts, rejecting anything malformed with a CompileError in the spec's wording and the
// byte offset; OperatorReader walks function bodies for the later stages. Nothing here validates
// types or indices (valid/ does) or knows about execution.
export { OperatorReader } from "./operator-reader.ts";
export { decodeModule } from "./decode-module.ts";
export type { DecodeOptions } from "./decode-module.ts";
// LEB128 (u32/s32/s33/s64), fixed-width and name readers with the spec's error wording.
export { ByteReader, decodeUtf8 } from "./byte-reader.ts";
export { decodeNameSection } from "./name-section.ts";
export { isValTypeByte, OPERATOR_SHAPE, SHAPE_BLOCK, SHAPE_I32, SHAPE_INDEX, SHAPE_MEMARG, SHAPE_NONE } from "./operator-reader-impl.ts";
// Seeded hostile-input generation for the decoder fuzzers (src/binary/fuzz.test.ts, bench/fuzz-decoder.ts).
export { FuzzRng, caseRng, fuzzCase, FUZZ_SEED_WAT, V8_POST_2_0_OPCODES, isV8OnlyExtension } from "./fuzz-cases.ts";
