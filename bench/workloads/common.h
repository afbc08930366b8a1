/* Shared by the bench workloads: freestanding wasm32, no libc. Each workload exports `run(n)`,
 * whose work is linear in n (n "units", see bench/workloads.ts) and which returns a checksum so
 * the result of V8 and xwasm can be compared exactly. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

typedef unsigned char u8;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

#define EXPORT(name) __attribute__((export_name(name)))

/* A tiny deterministic PRNG (xorshift32) to fill buffers the same way on every engine. */
static inline u32 xorshift32(u32 *state) {
  u32 x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return x;
}

#endif
