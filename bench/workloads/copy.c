/* Memory-heavy: word-by-word copy between two 16 KiB buffers, ping-pong with a one-word rotation
 * so no round repeats the previous one. Unit = one 16 KiB copy (4096 i32 loads + stores). */
#include "common.h"

#define WORDS 4096
static u32 buffer_a[WORDS];
static u32 buffer_b[WORDS];

EXPORT("run") u32 run(i32 n) {
  u32 seed = 0x12345678u;
  for (i32 i = 0; i < WORDS; i++) buffer_a[i] = xorshift32(&seed);
  u32 *from = buffer_a, *to = buffer_b;
  for (i32 round = 0; round < n; round++) {
    for (i32 i = 0; i < WORDS - 1; i++) to[i] = from[i + 1];
    to[WORDS - 1] = from[0];
    u32 *swap = from; from = to; to = swap;
  }
  u32 checksum = 0;
  for (i32 i = 0; i < WORDS; i++) checksum = checksum * 31u + from[i];
  return checksum;
}
