/* Bulk memory (Wasm 2.0): memory.copy (overlapping and not) and memory.fill on a 64 KiB region.
 * Built with -mbulk-memory so __builtin_memcpy/memmove/memset become single instructions.
 * Unit = one round: 96 KiB copied, 4 KiB filled. */
#include "common.h"

#define BYTES 65536
static u8 region[BYTES];
static u8 scratch[BYTES];

EXPORT("run") u32 run(i32 n) {
  u32 seed = 0x2545f491u;
  for (i32 i = 0; i < BYTES; i += 4) *(u32 *)(region + i) = xorshift32(&seed);
  for (i32 round = 0; round < n; round++) {
    u32 shift = 1 + (round & 63);
    __builtin_memcpy(scratch, region, BYTES);                              /* 64 KiB, disjoint */
    __builtin_memmove(region + shift, region, BYTES / 2);                  /* 32 KiB, overlapping */
    __builtin_memset(region + ((round * 4096) & (BYTES - 1)), round & 0xff, 4096);
    region[round & (BYTES - 1)] ^= scratch[(round * 31) & (BYTES - 1)];
  }
  u32 checksum = 0;
  for (i32 i = 0; i < BYTES; i += 61) checksum = checksum * 31u + region[i] + scratch[BYTES - 1 - i];
  return checksum;
}
