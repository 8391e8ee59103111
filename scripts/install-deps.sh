#!/usr/bin/env bash
# Installs the Debian 12 packages Stereotype needs to build, test and run (only those missing).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config
  # libraries (the field's standard ones, from Debian)
  libopencv-dev libopencv-contrib-dev libavformat-dev libavcodec-dev libswscale-dev libavutil-dev
  libsqlite3-dev nlohmann-json3-dev libcli11-dev libfmt-dev libgtest-dev
  # ffmpeg (tests build montages with it; bench compares with its decode speed), GNU time (bench)
  ffmpeg time
  # real footage for tests and the default job, and OpenCV's cascades/models
  opencv-doc opencv-data python3-imageio python3-mecavideo planetblupi-common
  # the browser the HTML report is tested in
  chromium
  # libFuzzer and the sanitizer runtimes for scripts/fuzz.sh (CI fuzzes the media input path)
  clang libclang-rt-14-dev
)
# Node.js and npm fetch the report's charting libraries from the npm registry; a machine that
# already has them (any recent version) keeps its own.
if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The report's npm packages (Vega, Vega-Lite, vega-embed), exactly as locked, into web/node_modules;
# the build embeds them into the binary. Reinstalled only when the lock file changes.
web="$(cd "$(dirname "$0")/.." && pwd)/web"
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  echo "Installing the report's npm packages into web/node_modules" >&2
  npm ci --prefix "$web" --no-audit --no-fund --loglevel=error >/dev/null
fi
