#!/usr/bin/env bash
# Fuzzes the media input path (bytes -> FFmpeg custom I/O -> source -> segmenter -> colour and
# motion) with libFuzzer under AddressSanitizer and UndefinedBehaviorSanitizer, for a bounded time.
#   scripts/fuzz.sh [SECONDS]     (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/install-deps.sh
dir=build-fuzz
if [ ! -f "$dir/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTEREOTYPE_FUZZ=ON \
    -DSTEREOTYPE_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
fi
cmake --build "$dir" --target fuzz_media --parallel "$(nproc)"

# Seeds: tiny real encodes in the containers and codecs people feed the tool.
corpus="$dir/corpus"
mkdir -p "$corpus"
if [ -z "$(ls -A "$corpus")" ]; then
  src="-f lavfi -i testsrc2=size=64x48:rate=10:duration=0.6"
  ffmpeg -nostdin -v error -y $src -c:v libx264 -preset ultrafast "$corpus/seed.mp4"
  ffmpeg -nostdin -v error -y $src -c:v mpeg4 "$corpus/seed.avi"
  ffmpeg -nostdin -v error -y $src -c:v libvpx -b:v 50k "$corpus/seed.webm"
  ffmpeg -nostdin -v error -y $src -c:v ffv1 -pix_fmt yuv420p10le "$corpus/seed.mkv"
  ffmpeg -nostdin -v error -y $src "$corpus/seed.gif"
  ffmpeg -nostdin -v error -y $src -c:v mpeg2video "$corpus/seed.ts"
  ffmpeg -nostdin -v error -y $src -c:v mjpeg "$corpus/seed.mov"
  ffmpeg -nostdin -v error -y -f lavfi -i sine=duration=0.3 -c:a aac "$corpus/seed.m4a"
  cp tests/cases/fuzz/* "$corpus/"  # inputs fuzzing once broke, kept as seeds
fi

# LeakSanitizer off: FFmpeg and OpenCV keep process-lifetime allocations that are not leaks.
ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
  "$dir/fuzz_media" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=2560 \
  -print_final_stats=1 "$corpus" 2>&1 | tee "$dir/fuzz.log" | grep -E "^(#[0-9]+ +(INITED|DONE)|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" || true
if grep -qE "==[0-9]+==ERROR|runtime error|deadly signal|Timeout|out-of-memory" "$dir/fuzz.log"; then
  echo "fuzz_media found a problem: see $dir/fuzz.log" >&2
  exit 1
fi
echo "fuzz_media: no crash and no sanitizer report in ${seconds} s"
