#!/usr/bin/env bash
# Installs the Debian 12 packages carbonpeak needs, only those missing. Quiet when nothing is
# missing. Needs root (or sudo) the first time.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config python3 git ca-certificates clang-format
  libsqlite3-dev nlohmann-json3-dev libfmt-dev libcpp-httplib-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsodium-dev libzip-dev libpugixml-dev libpoppler-cpp-dev libopencc-dev libxlsxwriter-dev
)
if [ "${CPK_WITH_FUZZ:-0}" = 1 ]; then
  # clang with libFuzzer (libclang_rt.fuzzer) for the fuzz targets in tests/fuzz.
  packages+=(clang libclang-rt-14-dev)
fi
if [ "${CPK_WITH_WEB:-0}" = 1 ]; then
  packages+=(chromium fonts-noto-cjk)
  # Node.js 20 comes with the machine image; Debian's nodejs/npm only when none is present.
  command -v node >/dev/null || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "install_deps: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "install_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/carbonpeak-apt.log 2>&1 || {
  echo "install_deps: apt-get failed; see /tmp/carbonpeak-apt.log" >&2
  tail -n 20 /tmp/carbonpeak-apt.log >&2
  exit 1
}
