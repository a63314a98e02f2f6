#!/usr/bin/env bash
# Installs everything erpbridge needs to build and test on Debian 12, plus any packages given
# as arguments (bench/install-deps.sh passes its own).
# Idempotent: it skips apt when every package is already present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-filesystem1.81-dev
  libyaml-cpp-dev libpoco-dev libssl-dev libsqlite3-dev liblua5.4-dev libxml2-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  python3 curl openssl
  nodejs  # npm and node for tools/npm (redocly, newman): scripts/npm-tools.sh
  clang-14 libclang-rt-14-dev  # libFuzzer for the fuzz preset: scripts/fuzz.sh
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
