#!/usr/bin/env bash
# Builds erpbridge and runs every test. Installs what it needs on Debian 12.
#   scripts/test.sh              # debug build, all tests
#   scripts/test.sh --preset asan  # the same under AddressSanitizer + UBSan
set -euo pipefail
cd "$(dirname "$0")/.."

preset=debug
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --preset=*) preset="${1#*=}"; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "scripts/test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset"
