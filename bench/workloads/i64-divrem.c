/* i64 division: signed and unsigned div and rem with a divisor that changes every step (so no
 * strength reduction to multiplies). Unit = 256 steps (4 div/rem each, plus a 64-bit LCG step). */
#include "common.h"

EXPORT("run") i64 run(i32 n) {
  u64 x = 0x243f6a8885a308d3ull;
  u64 acc = 0;
  for (i32 round = 0; round < n; round++) {
    for (i32 step = 0; step < 256; step++) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      u64 divisor = (x >> 40) | 1;          /* 24-bit, odd, never zero */
      i64 signed_divisor = (i64)(x << 20) >> 44;
      if (signed_divisor == 0 || signed_divisor == -1) signed_divisor = 7;
      acc += x / divisor;
      acc ^= x % divisor;
      acc += (u64)((i64)x / signed_divisor);
      acc ^= (u64)((i64)x % signed_divisor);
    }
  }
  return (i64)acc;
}
