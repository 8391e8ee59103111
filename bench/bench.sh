#!/usr/bin/env bash
# Throughput of `stereotype shots` and `stereotype analyze` next to FFmpeg's own decode-only speed
# on the same H.264 files
# (made here from Debian-shipped footage), with peak memory, and the CPU each part of the analysis
# spends per frame (bench/family_cost.cpp). Speed lives here, never in tests.
#   bench/bench.sh            1080p and 720p films of ~1 minute
#   bench/bench.sh --long     adds a 20-minute 1080p film (takes a while to make, once)
#   BENCH_RUNS=5 bench/bench.sh   runs each command 5 times (3 by default; the long films once)
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

# Appends "seconds peak_kB" of one run of a command to a file.
timed() {  # FILE COMMAND...
  local into=$1
  shift
  /usr/bin/time -f "%e %M" -o "$dir/time.txt" "$@" >/dev/null 2>&1
  cat "$dir/time.txt" >>"$into"
}

# A shared machine's other work makes single runs vary by 20 % and more, in phases of seconds:
# each command runs $runs times, each time just after a decode-only run of its own, and the
# ratios are the medians of those pairs; fps are from median times, memory the largest peak.
runs=${BENCH_RUNS:-3}
measure() {  # FILE LABEL [serial]   (the single-threaded run only where asked: it is slow on long films)
  local file=$1 label=$2 serial=${3:-serial}
  local frames r part
  frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$file")
  rm -f "$dir"/runs-*.txt
  for ((r = 0; r < runs; ++r)); do
    for part in shots analyze; do
      timed "$dir/runs-dec-$part.txt" ffmpeg -nostdin -v error -i "$file" -f null -
      timed "$dir/runs-$part.txt" build/stereotype "$part" -q "$file" -o "$dir/out"
    done
    [ "$serial" = serial ] && timed "$dir/runs-serial.txt" build/stereotype analyze -q --serial "$file" -o "$dir/out"
  done
  [ -f "$dir/runs-serial.txt" ] || echo "0 0" >"$dir/runs-serial.txt"
  paste "$dir/runs-dec-shots.txt" "$dir/runs-shots.txt" "$dir/runs-dec-analyze.txt" "$dir/runs-analyze.txt" "$dir/runs-serial.txt" |
    awk -v l="$label" -v n="$frames" '
      function median(a, k,   i, j, t) {  # sorts a[1..k] in place
        for (i = 2; i <= k; ++i) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; --j) a[j + 1] = a[j]; a[j + 1] = t }
        return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
      }
      { ++k; td[k] = $1; ts[k] = $3; ta[k] = $7; tr[k] = $9; rs[k] = $1 / $3; ra[k] = $5 / $7
        dec[2 * k - 1] = $1; dec[2 * k] = $5
        if ($2 > md) md = $2; if ($6 > md) md = $6; if ($4 > ms) ms = $4; if ($8 > ma) ma = $8 }
      END {
        printf "%-13s %6d frames | decode-only %6.1f fps %4.0f MB | shots %6.1f fps %4.0f MB ratio %.2f | analyze %6.1f fps %4.0f MB ratio %.2f",
          l, n, n / median(dec, 2 * k), md / 1024, n / median(ts, k), ms / 1024, median(rs, k), n / median(ta, k), ma / 1024, median(ra, k)
        if (tr[1] > 0) printf " | analyze --serial %6.1f fps", n / median(tr, k)
        printf "\n" }'
}

make_film "$dir/film-1080p.mp4" 1920 1080 0
make_film "$dir/film-720p.mp4" 1280 720 0
echo "machine: $(nproc) cores, $(ffmpeg -version | head -1 | cut -d' ' -f1-3); median of $runs runs each"
measure "$dir/film-1080p.mp4" "1080p H.264"
measure "$dir/film-720p.mp4" "720p H.264"
# Where analyze's time goes on the 1080p film: FFmpeg's decoding, then each part of the pass.
frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$dir/film-1080p.mp4")
/usr/bin/time -f "%U %S" -o "$dir/time.txt" ffmpeg -nostdin -v error -i "$dir/film-1080p.mp4" -f null - >/dev/null 2>&1
awk -v n="$frames" '{ printf "FFmpeg decode-only CPU per frame of the 1080p film: %.2f ms (all its threads)\n", 1000 * ($1 + $2) / n }' "$dir/time.txt"
build/stereotype_family_cost "$dir/film-1080p.mp4"
if [ "${1:-}" = "--long" ]; then
  # 5 against 20 minutes: memory must not grow with length.
  runs=1
  make_film "$dir/film-1080p-5min.mp4" 1920 1080 4
  measure "$dir/film-1080p-5min.mp4" "1080p 5 min" no-serial
  make_film "$dir/film-1080p-20min.mp4" 1920 1080 21
  measure "$dir/film-1080p-20min.mp4" "1080p 20 min" no-serial
fi
