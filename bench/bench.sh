#!/usr/bin/env bash
# Throughput of `stereotype shots` and `stereotype analyze` next to FFmpeg's own decode-only speed
# on the same H.264 files
# (made here from Debian-shipped footage), with peak memory, and the CPU each part of the analysis
# spends per frame (bench/family_cost.cpp). Speed lives here, never in tests.
#   bench/bench.sh            1080p and 720p films of ~1 minute
#   bench/bench.sh --long     adds a 20-minute 1080p film (takes a while to make, once)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh >/dev/null
cmake --build build --target stereotype_family_cost >/dev/null
dir=build/bench
mkdir -p "$dir"
data=/usr/share/doc/opencv-doc/examples/data
cockatoo=/usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4

# A one-minute film: an animated trailer, a static street camera, a handheld close-up.
make_film() {  # OUT WIDTH HEIGHT LOOPS
  local out=$1 w=$2 h=$3 loops=$4
  [ -f "$out" ] && return
  echo "making $out ..." >&2
  ffmpeg -nostdin -v error -y -stream_loop "$loops" -i "$data/Megamind.avi" -stream_loop "$loops" -i "$data/vtest.avi" \
    -stream_loop "$loops" -i "$cockatoo" -filter_complex \
    "[0:v]fps=25,scale=$w:$h,setsar=1[a];[1:v]fps=25,scale=$w:$h,setsar=1,trim=duration=$((30 * (loops + 1)))[b];[2:v]fps=25,scale=$w:$h,setsar=1[c];[a][b][c]concat=n=3:v=1,format=yuv420p" \
    -an -c:v libx264 -preset veryfast -crf 20 "$out.tmp.mp4"
  mv "$out.tmp.mp4" "$out"
}

# Prints "seconds peak_kB" of a command.
timed() {
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >/dev/null 2>&1
  cat "$dir/time.txt"
}

measure() {  # FILE LABEL [serial]   (the single-threaded run only where asked: it is slow on long films)
  local file=$1 label=$2 serial=${3:-serial}
  local frames
  frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$file")
  read -r t_dec m_dec < <(timed ffmpeg -nostdin -v error -i "$file" -f null -)
  read -r t_shots m_shots < <(timed build/stereotype shots -q "$file" -o "$dir/out")
  read -r t_an m_an < <(timed build/stereotype analyze -q "$file" -o "$dir/out")
  local t_ser=0
  [ "$serial" = serial ] && read -r t_ser _ < <(timed build/stereotype analyze -q --serial "$file" -o "$dir/out")
  awk -v l="$label" -v n="$frames" -v td="$t_dec" -v ts="$t_shots" -v ta="$t_an" -v tr="$t_ser" -v md="$m_dec" -v ms="$m_shots" -v ma="$m_an" 'BEGIN {
    printf "%-13s %6d frames | decode-only %6.1f fps %4.0f MB | shots %6.1f fps %4.0f MB ratio %.2f | analyze %6.1f fps %4.0f MB ratio %.2f",
      l, n, n / td, md / 1024, n / ts, ms / 1024, td / ts, n / ta, ma / 1024, td / ta
    if (tr > 0) printf " | analyze --serial %6.1f fps", n / tr
    printf "\n" }'
}

make_film "$dir/film-1080p.mp4" 1920 1080 0
make_film "$dir/film-720p.mp4" 1280 720 0
echo "machine: $(nproc) cores, $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
measure "$dir/film-1080p.mp4" "1080p H.264"
measure "$dir/film-720p.mp4" "720p H.264"
# Where analyze's time goes on the 1080p film: FFmpeg's decoding, then each part of the pass.
frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$dir/film-1080p.mp4")
/usr/bin/time -f "%U %S" -o "$dir/time.txt" ffmpeg -nostdin -v error -i "$dir/film-1080p.mp4" -f null - >/dev/null 2>&1
awk -v n="$frames" '{ printf "FFmpeg decode-only CPU per frame of the 1080p film: %.2f ms (all its threads)\n", 1000 * ($1 + $2) / n }' "$dir/time.txt"
build/stereotype_family_cost "$dir/film-1080p.mp4"
if [ "${1:-}" = "--long" ]; then
  # 5 against 20 minutes: memory must not grow with length.
  make_film "$dir/film-1080p-5min.mp4" 1920 1080 4
  measure "$dir/film-1080p-5min.mp4" "1080p 5 min" no-serial
  make_film "$dir/film-1080p-20min.mp4" 1920 1080 21
  measure "$dir/film-1080p-20min.mp4" "1080p 20 min" no-serial
fi
