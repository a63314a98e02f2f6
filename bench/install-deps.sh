#!/usr/bin/env bash
# Installs what bench/run.sh needs beyond the build and test packages (scripts/install-deps.sh):
# nginx (the fixed-reply ERP and the proxy_pass relay), wrk (the load generator), perf and
# valgrind (profiles for docs/benchmarks.md). All from Debian 12's apt. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

packages=(nginx-light wrk linux-perf valgrind procps util-linux)

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
