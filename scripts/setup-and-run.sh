#!/usr/bin/env bash
# The first command for a new user: installs the Debian packages, builds Release, and runs the
# main job on real footage from Debian packages: camera footage against rendered imagery,
# compared by `stereotype compare`, writing the report to stereotype-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh

# Two corpora made of links to files that Debian packages ship.
inputs=stereotype-out/inputs
rm -rf "$inputs"
mkdir -p "$inputs/camera" "$inputs/rendered"
data=/usr/share/doc/opencv-doc/examples/data
ln -s "$data/vtest.avi" "$data/tree.avi" /usr/lib/python3/dist-packages/imageio/resources/images/cockatoo.mp4 \
  /usr/share/pymecavideo/data/video/balle-jbart.mp4 "$inputs/camera/"
ln -s "$data/Megamind.avi" /usr/share/planetblupi/movie/win005.mkv /usr/share/planetblupi/movie/history2.mkv \
  /usr/share/planetblupi/movie/play103.mkv "$inputs/rendered/"

build/stereotype compare "$inputs/camera" "$inputs/rendered" -o stereotype-out \
  --label-a "camera footage" --label-b "rendered imagery" --name camera-vs-rendered
echo "Report: $(pwd)/stereotype-out/camera-vs-rendered.compare.html (open it in a browser);" \
  "data: camera-vs-rendered.compare.json and .compare.csv; each film's profile: stereotype-out/*.profile.json"
