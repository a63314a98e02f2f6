#!/usr/bin/env bash
# Instructions one iteration of a bench_rest_mapping benchmark executes, measured with
# valgrind's callgrind (repeatable on a shared machine, unlike time). Runs the benchmark with
# exactly N and 2N iterations; the difference divided by N leaves out start-up and set-up.
#   plugins/rest/bench/callgrind_per_iteration.sh build/bench 'MapOrder/json' [N]
set -euo pipefail
build=${1:?build directory}
filter=${2:?benchmark name (a regex of --benchmark_filter)}
n=${3:-500}
exe=$build/bench/bench_rest_mapping
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

instructions() {
  BENCH_ITERATIONS=$1 valgrind --tool=callgrind --callgrind-out-file="$out/cg.$1" \
    "$exe" --benchmark_filter="^$filter(/|\$)" >/dev/null 2>&1
  awk '/^summary:/ { print $2 }' "$out/cg.$1"
}

once=$(instructions "$n")
twice=$(instructions $((2 * n)))
echo "$filter: $(((twice - once) / n)) instructions per iteration"
