#!/usr/bin/env bash
# Installs what bench/run.sh needs beyond the build and test packages (scripts/install-deps.sh):
# nginx (the fixed-reply ERP and the proxy_pass relay), nodejs (the hand-written relay,
# bench/handwritten), wrk (the load generator), perf and
# valgrind (profiles for docs/benchmarks.md). All from Debian 12's apt. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

exec scripts/install-deps.sh nginx-light wrk linux-perf valgrind procps util-linux nodejs
