/* Call-heavy recursion: unit = one fib(15) call tree (~2000 nominal calls). The depth is read
 * from a volatile global each time so the compiler cannot hoist the pure call out of the loop. */
#include "common.h"

static volatile i32 fib_depth = 15;

__attribute__((noinline)) static i32 fib(i32 n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

EXPORT("run") i32 run(i32 n) {
  i32 sum = 0;
  for (i32 i = 0; i < n; i++) sum += fib(fib_depth);
  return sum;
}
