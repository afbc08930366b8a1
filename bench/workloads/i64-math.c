/* i64 math: a splitmix64 PRNG (shifts, xors, multiplies) feeding a modular exponentiation with
 * i64.rem_u per step and an i64.div_u/div_s per round. Unit = one round (a 20-bit exponent). */
#include "common.h"

static u64 splitmix64(u64 *state) {
  u64 z = (*state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/* modulus < 2^31 so every product of residues fits in 64 bits */
static u64 modexp(u64 base, u64 exponent, u64 modulus) {
  u64 result = 1 % modulus;
  base %= modulus;
  while (exponent) {
    if (exponent & 1) result = (result * base) % modulus;
    base = (base * base) % modulus;
    exponent >>= 1;
  }
  return result;
}

EXPORT("run") i64 run(i32 n) {
  u64 state = 0x0123456789abcdefull;
  u64 acc = 0;
  for (i32 round = 0; round < n; round++) {
    u64 x = splitmix64(&state);
    u64 modulus = (x >> 33) | 1;
    u64 exponent = (x & 0xfffff) | 0x80000;
    acc ^= modexp(x, exponent, modulus);
    acc += x / modulus;
    acc += (u64)((i64)x / (i64)(modulus | 3));
  }
  return (i64)acc;
}
