#!/usr/bin/env bash
# Configures (once) and builds the sanitizer tree, build-sanitize/: clang with AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage instrumentation. The test suite
# (scripts/test-sanitizers.sh) and the fuzz targets (scripts/fuzz.sh) share it, so CI compiles the
# code twice (release and this), not three times.
#   scripts/sanitizer-build.sh [TARGET...]     (default: everything)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build-sanitize
if [ ! -f "$dir/build.ninja" ]; then
  # -O1 and line tables only: enough for the sanitizers' stack traces, and a quarter less compiling;
  # the test programs' own code at -O0 (tests/CMakeLists.txt).
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=None -DSTEREOTYPE_FUZZ=ON \
    -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only -fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DSTEREOTYPE_TEST_MEDIA_DIR="$PWD/build/test-media" \
    -DSTEREOTYPE_TEST_OPTIMISATION=-O0 >/dev/null
fi
if [ $# -gt 0 ]; then
  cmake --build "$dir" --parallel "$(nproc)" --target "$@"
else
  cmake --build "$dir" --parallel "$(nproc)"
fi
