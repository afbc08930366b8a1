#!/bin/sh
# Rebuilds the committed bench workloads (*.c -> *.wasm). Users need no compiler: the .wasm files
# are in the repo; run this only after editing a .c file.
#
# Needs clang and lld with the wasm32 target (Debian/Ubuntu: apt-get install -y clang lld).
# Freestanding, no libc: every workload is self-contained C. -fno-builtin keeps clang from
# turning plain loops into memset/memcpy calls (there is no libc to link them from), so the
# loops we mean to measure stay loops. -mcpu=mvp pins the instruction set to Wasm 1.0 so the
# output does not change with the clang version; workloads that need Wasm 2.0 operators list
# their extra flags below.
set -eu
cd "$(dirname "$0")"
CLANG="${CLANG:-clang}"

build() {
  name="$1"; shift
  "$CLANG" --target=wasm32 -mcpu=mvp -nostdlib -O2 -fno-builtin "$@" \
    -Wl,--no-entry -Wl,--strip-all -o "$name.wasm" "$name.c"
  chmod 644 "$name.wasm"   # wasm-ld marks its output executable; it is data
  echo "$name.wasm $(wc -c < "$name.wasm") bytes"
}

build fib
build sieve
build copy
build histogram
build matmul
build i64-math
build i64-divrem
build sha256
build keccak
build bulk-memory -mbulk-memory
build simd-checksum -msimd128
build simd-matmul -msimd128
