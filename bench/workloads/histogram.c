/* Memory-heavy: byte histogram of a 16 KiB buffer (load8_u + indexed i32 load/store per byte).
 * One byte changes per round so rounds differ. Unit = one 16 KiB histogram. */
#include "common.h"

#define BYTES 16384
static u8 data[BYTES];
static u32 histogram[256];

EXPORT("run") u32 run(i32 n) {
  u32 seed = 0x9e3779b9u;
  for (i32 i = 0; i < BYTES; i++) data[i] = (u8)(xorshift32(&seed) >> 24);
  u32 checksum = 0;
  for (i32 round = 0; round < n; round++) {
    for (i32 b = 0; b < 256; b++) histogram[b] = 0;
    for (i32 i = 0; i < BYTES; i++) histogram[data[i]]++;
    for (i32 b = 0; b < 256; b++) checksum = checksum * 33u + histogram[b];
    data[(round * 7919) & (BYTES - 1)]++;
  }
  return checksum;
}
