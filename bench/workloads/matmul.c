/* f64 math: a 32x32 dense matrix multiply C = A * B, with A fed back from C so rounds differ.
 * Unit = one multiply (32768 multiply-adds). Wasm has no fused multiply-add, so the result is the
 * same bit for bit on every conforming engine. */
#include "common.h"

#define N 32
static double matrix_a[N * N];
static double matrix_b[N * N];
static double matrix_c[N * N];

EXPORT("run") double run(i32 n) {
  for (i32 i = 0; i < N * N; i++) {
    matrix_a[i] = (double)((i * 7) % 13) * 0.125 - 0.5;
    matrix_b[i] = (double)((i * 5) % 11) * 0.0625 + 0.25;
  }
  for (i32 round = 0; round < n; round++) {
    for (i32 i = 0; i < N; i++) {
      for (i32 j = 0; j < N; j++) {
        double sum = 0.0;
        for (i32 k = 0; k < N; k++) sum += matrix_a[i * N + k] * matrix_b[k * N + j];
        matrix_c[i * N + j] = sum;
      }
    }
    /* Keep values bounded: scale one element of C back into A. */
    i32 at = (round * 37) & (N * N - 1);
    matrix_a[at] = matrix_c[at] * (1.0 / 1024.0);
  }
  double checksum = 0.0;
  for (i32 i = 0; i < N * N; i++) checksum += matrix_c[i] * (double)(i + 1);
  return checksum;
}
