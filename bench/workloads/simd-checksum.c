/* SIMD (i8x16/i16x8/i32x4): a vectorised checksum of a 16 KiB buffer, 16 bytes per step with
 * wasm_simd128.h intrinsics. Per block: a byte sum (pairwise widening adds), a position-weighted sum
 * (widen to i16x8, i32x4.dot_i16x8_s), a count of bytes >= 0x80 (compare, bitmask, popcnt), and a
 * multiply/shuffle/xor mix that makes the result depend on the order of the blocks. Unit = one
 * pass over the buffer. Integer only, so every conforming engine gives the same checksum. */
#include <wasm_simd128.h>
#include "common.h"

#define BYTES (16 * 1024)
static u8 buffer[BYTES] __attribute__((aligned(16)));

EXPORT("run") i32 run(i32 n) {
  u32 seed = 0x9e3779b9u;
  for (i32 i = 0; i < BYTES; i += 4) {
    u32 word = xorshift32(&seed);
    buffer[i] = (u8)word;
    buffer[i + 1] = (u8)(word >> 8);
    buffer[i + 2] = (u8)(word >> 16);
    buffer[i + 3] = (u8)(word >> 24);
  }
  const v128_t weights_low = wasm_i16x8_make(1, 2, 3, 4, 5, 6, 7, 8);
  const v128_t weights_high = wasm_i16x8_make(9, 10, 11, 12, 13, 14, 15, 16);
  const v128_t multiplier = wasm_i32x4_make(0x01000193, 0x2545f491, 0x27d4eb2f, 0x165667b1);
  const v128_t high_bit = wasm_u8x16_splat(0x7f);
  v128_t byte_sum = wasm_i32x4_splat(0);
  v128_t weighted = wasm_i32x4_splat(0);
  v128_t mix = wasm_i32x4_make(1, 2, 3, 4);
  u32 high_count = 0;
  for (i32 round = 0; round < n; round++) {
    /* The round number enters the mix, so rounds differ. */
    mix = wasm_i32x4_add(mix, wasm_i32x4_splat(round));
    for (i32 i = 0; i < BYTES; i += 16) {
      v128_t v = wasm_v128_load(buffer + i);
      byte_sum = wasm_i32x4_add(byte_sum, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(v)));
      weighted = wasm_i32x4_add(weighted, wasm_i32x4_dot_i16x8(wasm_u16x8_extend_low_u8x16(v), weights_low));
      weighted = wasm_i32x4_add(weighted, wasm_i32x4_dot_i16x8(wasm_u16x8_extend_high_u8x16(v), weights_high));
      high_count += (u32)__builtin_popcount(wasm_i8x16_bitmask(wasm_u8x16_gt(v, high_bit)));
      v128_t rotated = wasm_i8x16_shuffle(mix, mix, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4);
      mix = wasm_v128_xor(wasm_i32x4_mul(wasm_v128_xor(mix, v), multiplier), wasm_u32x4_shr(rotated, 3));
    }
  }
  v128_t all = wasm_v128_xor(wasm_i32x4_add(byte_sum, wasm_i32x4_shl(weighted, 7)), mix);
  u32 checksum = high_count;
  checksum = checksum * 31u + (u32)wasm_i32x4_extract_lane(all, 0);
  checksum = checksum * 31u + (u32)wasm_i32x4_extract_lane(all, 1);
  checksum = checksum * 31u + (u32)wasm_i32x4_extract_lane(all, 2);
  checksum = checksum * 31u + (u32)wasm_i32x4_extract_lane(all, 3);
  return (i32)checksum;
}
