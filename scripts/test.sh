#!/usr/bin/env bash
# Builds erpbridge and runs every test. Installs what it needs on Debian 12.
#   scripts/test.sh              # debug build, all tests
#   scripts/test.sh --preset asan  # the same under AddressSanitizer + UBSan
#   scripts/test.sh --exclude-label tryton  # skip tests with a CTest label
set -euo pipefail
cd "$(dirname "$0")/.."

preset=debug
ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --preset=*) preset="${1#*=}"; shift ;;
    --exclude-label) ctest_args+=(-LE "$2"); shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "scripts/test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh
# Let ccache reuse objects across clones of the repository (CI builds a fresh clone).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" "${ctest_args[@]}"
