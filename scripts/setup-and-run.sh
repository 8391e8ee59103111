#!/usr/bin/env bash
# The first command for a new user: installs the Debian packages, builds Release, and runs the
# main job on real footage from a Debian package, writing its outputs to stereotype-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
input=/usr/share/doc/opencv-doc/examples/data/Megamind.avi
build/stereotype analyze "$input" -o stereotype-out
build/stereotype shots "$input" -o stereotype-out --format edl,otio
echo "Outputs in $(pwd)/stereotype-out/: Megamind.report.html (open it in a browser), .profile.json, .profile.csv, .barcode.png, .palettes.png, .contact.png, .motion.png, .edl, .otio"
