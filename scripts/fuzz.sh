#!/usr/bin/env bash
# A fuzz campaign on one target of tests/fuzz (docs/fuzzing.md), reproducibly:
#   scripts/fuzz.sh <target> [runs] [libFuzzer flags...]  # e.g. scripts/fuzz.sh event_envelope 10000000
#   scripts/fuzz.sh --merge <target>  # minimise the campaign's corpus into tests/fuzz/corpus/<target>
#   scripts/fuzz.sh --list            # the targets
# Builds the `fuzz` preset (clang-14, libFuzzer, ASan+UBSan), then runs build/fuzz/tests/fuzz/
# fuzz_<target> in one process for `runs` executions (default 10,000,000) on a working corpus
# build/fuzz/corpus/<target>, seeded from the committed one. Crashers land in
# build/fuzz/crashes/<target>/, the log in build/fuzz/logs/<target>.log, ending with libFuzzer's
# final stats (executions, exec/s, cov, ft).
set -euo pipefail
cd "$(dirname "$0")/.."

targets() { sed -n 's/^erpbridge_fuzz_target(\([a-z_]*\).*/\1/p' tests/fuzz/CMakeLists.txt; }

case "${1:-}" in
  ""|-h|--help) sed -n '2,10p' "$0"; exit 0 ;;
  --list) targets; exit 0 ;;
esac
merge=false
if [ "$1" = "--merge" ]; then merge=true; shift; fi
target="$1"; shift
targets | grep -qx "$target" || { echo "scripts/fuzz.sh: no fuzz target '$target' (--list)" >&2; exit 2; }
runs="${1:-10000000}"; [ $# -gt 0 ] && shift

scripts/install-deps.sh
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "fuzz_$target"

binary="build/fuzz/tests/fuzz/fuzz_$target"
committed="tests/fuzz/corpus/$target"
work="build/fuzz/corpus/$target"
mkdir -p "$work" "build/fuzz/crashes/$target" build/fuzz/logs

if $merge; then
  # Only the inputs that add coverage: the committed corpus is rebuilt from both.
  fresh="$(mktemp -d)"
  "$binary" -merge=1 "$fresh" "$committed" "$work"
  rm -f "$committed"/*
  cp "$fresh"/* "$committed"/
  rm -rf "$fresh"
  echo "$committed: $(ls "$committed" | wc -l) files, $(du -sh "$committed" | cut -f1)"
  exit 0
fi

# One process, so the executions are counted exactly; a crash stops the campaign.
"$binary" -runs="$runs" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -artifact_prefix="build/fuzz/crashes/$target/" "$@" "$work" "$committed" \
  2>&1 | tee "build/fuzz/logs/$target.log"
