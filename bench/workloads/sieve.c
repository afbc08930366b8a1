/* Integer loops over a byte array: unit = one sieve of Eratosthenes up to 16384. */
#include "common.h"

#define SIEVE_SIZE 16384
static u8 composite[SIEVE_SIZE];

EXPORT("run") i32 run(i32 n) {
  i32 total = 0;
  for (i32 round = 0; round < n; round++) {
    for (i32 i = 0; i < SIEVE_SIZE; i++) composite[i] = 0;
    i32 count = 0;
    for (i32 i = 2; i < SIEVE_SIZE; i++) {
      if (composite[i]) continue;
      count++;
      for (i32 j = i + i; j < SIEVE_SIZE; j += i) composite[j] = 1;
    }
    total += count;
  }
  return total;
}
