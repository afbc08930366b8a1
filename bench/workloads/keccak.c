/* Keccak-256 (the original padding used by Ethereum, 0x01 ... 0x80) over a 1 KiB buffer: 64-bit
 * lanes, rotations and xors — i64-heavy. Each round folds the previous digest into the message.
 * Unit = one 1 KiB message (8 permutations of keccak-f[1600]). */
#include "common.h"

#define MESSAGE_BYTES 1024
#define RATE 136
static u8 message[MESSAGE_BYTES];
static u8 digest[32];

static const u64 ROUND_CONSTANTS[24] = {
  0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
  0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
  0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
  0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
  0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
  0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};
static const u32 ROTATIONS[24] = { 1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44 };
static const u32 PI_LANES[24] = { 10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1 };

static inline u64 rotl64(u64 x, u32 k) { return (x << k) | (x >> (64 - k)); }

static void keccak_f1600(u64 state[25]) {
  u64 column[5];
  for (i32 round = 0; round < 24; round++) {
    for (i32 x = 0; x < 5; x++) column[x] = state[x] ^ state[x + 5] ^ state[x + 10] ^ state[x + 15] ^ state[x + 20];
    for (i32 x = 0; x < 5; x++) {
      u64 d = column[(x + 4) % 5] ^ rotl64(column[(x + 1) % 5], 1);
      for (i32 y = 0; y < 25; y += 5) state[y + x] ^= d;
    }
    u64 carried = state[1];
    for (i32 i = 0; i < 24; i++) {
      u32 lane = PI_LANES[i];
      u64 saved = state[lane];
      state[lane] = rotl64(carried, ROTATIONS[i]);
      carried = saved;
    }
    for (i32 y = 0; y < 25; y += 5) {
      for (i32 x = 0; x < 5; x++) column[x] = state[y + x];
      for (i32 x = 0; x < 5; x++) state[y + x] = column[x] ^ (~column[(x + 1) % 5] & column[(x + 2) % 5]);
    }
    state[0] ^= ROUND_CONSTANTS[round];
  }
}

static u64 load64_le(const u8 *bytes) {
  u64 value = 0;
  for (i32 i = 7; i >= 0; i--) value = (value << 8) | bytes[i];
  return value;
}

static void keccak256(const u8 *data, u32 length, u8 out[32]) {
  u64 state[25];
  for (i32 i = 0; i < 25; i++) state[i] = 0;
  u32 offset = 0;
  for (; offset + RATE <= length; offset += RATE) {
    for (i32 i = 0; i < RATE / 8; i++) state[i] ^= load64_le(data + offset + 8 * i);
    keccak_f1600(state);
  }
  u8 block[RATE];
  u32 rest = length - offset;
  for (u32 i = 0; i < RATE; i++) block[i] = 0;
  for (u32 i = 0; i < rest; i++) block[i] = data[offset + i];
  block[rest] |= 0x01;
  block[RATE - 1] |= 0x80;
  for (i32 i = 0; i < RATE / 8; i++) state[i] ^= load64_le(block + 8 * i);
  keccak_f1600(state);
  for (i32 i = 0; i < 32; i++) out[i] = (u8)(state[i / 8] >> (8 * (i % 8)));
}

/* Exported for the test that checks against a known vector: hash `length` bytes of the message. */
EXPORT("hash") u8 *hash(u32 length) {
  keccak256(message, length, digest);
  return digest;
}

EXPORT("message_ptr") u8 *message_ptr(void) { return message; }

EXPORT("run") u32 run(i32 n) {
  for (i32 i = 0; i < MESSAGE_BYTES; i++) message[i] = (u8)(i * 167 + 3);
  for (i32 round = 0; round < n; round++) {
    keccak256(message, MESSAGE_BYTES, digest);
    for (i32 i = 0; i < 32; i++) message[i] ^= digest[i];
  }
  return ((u32)digest[0] << 24) | ((u32)digest[1] << 16) | ((u32)digest[2] << 8) | digest[31];
}
