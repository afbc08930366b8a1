/* SIMD (f32x4): a 32x32 single-precision matrix multiply C = A * B, four columns at a time
 * (splat A[i][k], multiply by a row of B, add into C's row), with A fed back from C so rounds
 * differ. Unit = one multiply (32768 multiply-adds, 8192 f32x4.mul + f32x4.add). Wasm has no fused
 * multiply-add and no value here is NaN, so every conforming engine gives the same bits. */
#include <wasm_simd128.h>
#include "common.h"

#define N 32
static float matrix_a[N * N] __attribute__((aligned(16)));
static float matrix_b[N * N] __attribute__((aligned(16)));
static float matrix_c[N * N] __attribute__((aligned(16)));

EXPORT("run") double run(i32 n) {
  for (i32 i = 0; i < N * N; i++) {
    matrix_a[i] = (float)((i * 7) % 13) * 0.125f - 0.5f;
    matrix_b[i] = (float)((i * 5) % 11) * 0.0625f + 0.25f;
  }
  for (i32 round = 0; round < n; round++) {
    for (i32 i = 0; i < N; i++) {
      for (i32 j = 0; j < N; j += 4) {
        v128_t sum = wasm_f32x4_splat(0.0f);
        for (i32 k = 0; k < N; k++) {
          v128_t a = wasm_f32x4_splat(matrix_a[i * N + k]);
          sum = wasm_f32x4_add(sum, wasm_f32x4_mul(a, wasm_v128_load(&matrix_b[k * N + j])));
        }
        wasm_v128_store(&matrix_c[i * N + j], sum);
      }
    }
    /* Keep values bounded: scale one row of C back into A (four lanes at a time). */
    i32 row = (round * 7) & (N - 1);
    const v128_t scale = wasm_f32x4_splat(1.0f / 1024.0f);
    for (i32 j = 0; j < N; j += 4) {
      wasm_v128_store(&matrix_a[row * N + j], wasm_f32x4_mul(wasm_v128_load(&matrix_c[row * N + j]), scale));
    }
  }
  double checksum = 0.0;
  for (i32 i = 0; i < N * N; i++) checksum += (double)matrix_c[i] * (double)(i + 1);
  return checksum;
}
