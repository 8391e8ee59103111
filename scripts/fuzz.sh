#!/usr/bin/env bash
# Fuzzes, with libFuzzer under AddressSanitizer and UndefinedBehaviorSanitizer, for a bounded time
# each: the media input path (bytes -> FFmpeg custom I/O -> source -> segmenter -> colour and
# motion) and the JSON loaders (template files, profiles -> matching, diversity, comparison).
#   scripts/fuzz.sh [SECONDS]     (default 60, per target)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/install-deps.sh
dir=build-sanitize
scripts/sanitizer-build.sh fuzz_media fuzz_style_json

# Seeds for the media target: tiny real encodes in the containers and codecs people feed the tool.
media_corpus="$dir/corpus"
mkdir -p "$media_corpus"
if [ -z "$(ls -A "$media_corpus")" ]; then
  src="-f lavfi -i testsrc2=size=64x48:rate=10:duration=0.6"
  ffmpeg -nostdin -v error -y $src -c:v libx264 -preset ultrafast "$media_corpus/seed.mp4"
  ffmpeg -nostdin -v error -y $src -c:v mpeg4 "$media_corpus/seed.avi"
  ffmpeg -nostdin -v error -y $src -c:v libvpx -b:v 50k "$media_corpus/seed.webm"
  ffmpeg -nostdin -v error -y $src -c:v ffv1 -pix_fmt yuv420p10le "$media_corpus/seed.mkv"
  ffmpeg -nostdin -v error -y $src "$media_corpus/seed.gif"
  ffmpeg -nostdin -v error -y $src -c:v mpeg2video "$media_corpus/seed.ts"
  ffmpeg -nostdin -v error -y $src -c:v mjpeg "$media_corpus/seed.mov"
  ffmpeg -nostdin -v error -y -f lavfi -i sine=duration=0.3 -c:a aac "$media_corpus/seed.m4a"
  cp tests/cases/fuzz/* "$media_corpus/"  # inputs fuzzing once broke, kept as seeds
fi
# Seeds for the JSON target: the shipped templates and a real two-shot profile.
json_corpus="$dir/corpus-json"
mkdir -p "$json_corpus"
cp -n tests/cases/fuzz-json/* "$json_corpus/"

status=0
run() {
  local target=$1 corpus=$2 max_len=$3
  # LeakSanitizer off: FFmpeg and OpenCV keep process-lifetime allocations that are not leaks.
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "$dir/$target" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=2560 \
    -print_final_stats=1 "$corpus" 2>&1 | tee "$dir/$target.log" |
    grep -E "^(#[0-9]+ +(INITED|DONE)|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" || true
  if grep -qE "==[0-9]+==ERROR|runtime error|deadly signal|Timeout|out-of-memory" "$dir/$target.log"; then
    echo "$target found a problem: see $dir/$target.log" >&2
    status=1
  else
    echo "$target: no crash and no sanitizer report in ${seconds} s"
  fi
}
run fuzz_media "$media_corpus" 65536
run fuzz_style_json "$json_corpus" 32768
exit $status
