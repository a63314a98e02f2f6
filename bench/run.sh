#!/usr/bin/env bash
# One command for every erpbridge benchmark (docs/benchmarks.md explains the numbers):
#   bench/run.sh            full run (BENCH_DURATION=10 s per load test)
#   BENCH_DURATION=3 bench/run.sh --quick   shorter, and tenant scaling stops at 1,000
#   BENCH_TARGETS="erpbridge rest bench_event_parse" bench/run.sh   build only these targets
#   BENCH_BIN=/path/to/old/erpbridge bench/run.sh   measure another build of the host (A/B)
# Builds the `bench` preset (Release + micro-benchmarks), starts nginx as a fixed-reply ERP and
# as a proxy_pass relay with upstream keep-alive, starts `erpbridge serve` with one rest tenant
# whose ERP is that nginx, and measures each with wrk posting the 2 KB sample order (a new
# order id per request). Prints a markdown table and writes it to build/bench/results/.
# Every process it starts is stopped on exit (trap), whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

duration=${BENCH_DURATION:-10}
quick=0
[ "${1:-}" = "--quick" ] && quick=1
tenant_counts=(10 1000 10000)
[ "$quick" = 1 ] && tenant_counts=(10 1000)

bench/install-deps.sh
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
cmake --preset bench >/dev/null
# BENCH_TARGETS narrows the build (e.g. "erpbridge rest bench_event_parse"); default: all.
# shellcheck disable=SC2086
cmake --build --preset bench ${BENCH_TARGETS:+--target $BENCH_TARGETS}
build=$root/build/bench
# BENCH_BIN: another erpbridge binary to measure (an A/B run against an older build).
bin=${BENCH_BIN:-$build/core/app/erpbridge}

# The store lives on the real disk (not tmpfs), so durable means an fsync that costs.
work=$(mktemp -d "$build/run.XXXXXX")
chmod 755 "$work"
pids=()
cleanup() {
  # Newest first: erpbridge stops (a short drain) while its ERP still answers.
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_for_line() {  # wait_for_line FILE PATTERN [SECONDS]
  for _ in $(seq $((${3:-30} * 20))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
  log "timed out waiting for '$2' in $1"; cat "$1" >&2; return 1
}
wait_for_url() {  # wait_for_url URL [SECONDS]: until it answers 200 (default 30 s)
  for _ in $(seq $((${2:-30} * 40))); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.025
  done
  log "timed out waiting for $1"; return 1
}

# ---- nginx: the fixed-reply ERP and the relay -------------------------------------------
# The reply carries every id the tenant's mapping extracts (config/tenants/demo-json.yaml):
# customerId, orderId and the line ids by lineRef.
erp_reply='{"status":"success","message":"ok","customerId":"C-1","orderId":"SO-1","lines":[{"lineRef":"L1","lineId":"10"},{"lineRef":"L2","lineId":"20"}]}'
erp_port=$(free_port)
relay_port=$(free_port)
handwritten_port=$(free_port)

nginx_conf() {  # nginx_conf NAME SERVER_BLOCK [UPSTREAM_BLOCK]
  mkdir -p "$work/$1"
  cat >"$work/$1/nginx.conf" <<EOF
worker_processes auto;
pid $work/$1/nginx.pid;
error_log $work/$1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/$1/body;
  proxy_temp_path $work/$1/proxy;
  fastcgi_temp_path $work/$1/fastcgi;
  uwsgi_temp_path $work/$1/uwsgi;
  scgi_temp_path $work/$1/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
  $3
  server {
    listen 127.0.0.1:$4;
    $2
  }
}
EOF
}
nginx_conf erp "location / { default_type application/json; return 200 '$erp_reply'; }" "" "$erp_port"
nginx_conf relay "location / {
      proxy_pass http://erp;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }" "upstream erp { server 127.0.0.1:$erp_port; keepalive 128; keepalive_requests 100000000; }" \
  "$relay_port"

start_nginx() {  # start_nginx NAME: foreground master, so its pid is ours to stop
  nginx -p "$work/$1" -c "$work/$1/nginx.conf" -g 'daemon off;' 2>"$work/$1/stderr" &
  pids+=($!)
  eval "${1}_pid=$!"
}
start_nginx erp
start_nginx relay
wait_for_url "http://127.0.0.1:$erp_port/"
wait_for_url "http://127.0.0.1:$relay_port/"

# ---- the hand-written relay: what an integrator would write instead (Node.js, mapping) ---
# C-1 is the customer id the fixed-reply ERP gives, as erpbridge's id map will hold it.
node "$root/bench/handwritten/relay.js" "$handwritten_port" "$erp_port" C-1 \
  2>"$work/handwritten.stderr" &
handwritten_pid=$!
pids+=($handwritten_pid)
for _ in $(seq 400); do  # it answers 400 to an empty GET once it listens
  curl -s -o /dev/null "http://127.0.0.1:$handwritten_port/" && break
  sleep 0.025
done

# ---- erpbridge with one rest tenant whose ERP is the nginx above ------------------------
export DEMO_ERP_PORT=$erp_port DEMO_ERP_PASSWORD=bench-erp-secret
export P8F3A21_INBOUND_PASSWORD=bench-inbound-secret P8F3A21_INBOUND_TOKEN=bench-inbound-token

write_host_config() {  # write_host_config DIR
  mkdir -p "$1/tenants" "$1/store"
  cat >"$1/erpbridge.yaml" <<EOF
plugin_dir: $build/plugins
tenants_dir: tenants
store:
  path: store/erpbridge.db
server:
  listen: 127.0.0.1:0
  threads: 64
log_level: warn
EOF
}
write_host_config "$work/host"
# The demo tenant's own mapping, with room for 64 deliveries at once (32 facade callers).
# demo_tenant: the demo tenant file without its `commerceup:` section (sync back is not
# measured here, and its push credential must not repeat across the generated tenants).
demo_tenant() {
  awk '/^commerceup:/ {skip = 1; next} skip && /^[a-z]/ {skip = 0} !skip' config/tenants/demo-json.yaml
}
demo_tenant | sed 's/^  concurrency: .*/  concurrency: 64/' >"$work/host/tenants/p8f3a21.yaml"

start_serve() {  # start_serve DIR [SECONDS]: sets serve_pid and serve_url
  "$bin" serve --config "$1/erpbridge.yaml" --drain-timeout-s 1 >"$1/serve.out" 2>"$1/serve.err" &
  serve_pid=$!
  pids+=($serve_pid)
  wait_for_line "$1/serve.out" "listening on" "${2:-30}"
  serve_url="http://$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$1/serve.out" | head -1)"
}
start_serve "$work/host"
wait_for_url "$serve_url/readyz"
log "erpbridge on $serve_url, ERP nginx on :$erp_port, relay nginx on :$relay_port"

# Bodies: the sample order's data (facade) and its envelope (events), with placeholders.
python3 - "$root/tests/samples/order.created.json" "$work" <<'EOF'
import json, sys
sample = json.load(open(sys.argv[1]))
sample["data"]["order_id"] = "__ORDER_ID__"
open(sys.argv[2] + "/facade_body.json", "w").write(json.dumps(sample["data"]))
sample["event_id"] = "__EVENT_ID__"
open(sys.argv[2] + "/event_body.json", "w").write(json.dumps(sample))
customer = json.load(open(sys.argv[1].replace("order.created", "customer.created")))
open(sys.argv[2] + "/customer_body.json", "w").write(json.dumps(customer["data"]))
EOF
# The order mapping needs the customer's ERP id: create the sample customer once.
curl -fsS -X POST "$serve_url/createcustomer" -H 'Content-Type: application/json' \
  -H 'username: commerceup-p8f3a21' -H "password: $P8F3A21_INBOUND_PASSWORD" \
  --data-binary @"$work/customer_body.json" >"$work/customer.reply"
grep -q '"customerId":"C-1"' "$work/customer.reply" ||
  { log "creating the sample customer failed: $(cat "$work/customer.reply")"; exit 1; }

# ---- measurement -------------------------------------------------------------------------
clk_tck=$(getconf CLK_TCK)
process_tree() {  # process_tree PID: the pid and its children (nginx workers)
  echo "$1"
  pgrep -P "$1" || true
}
cpu_ticks() {  # cpu_ticks PID...: utime+stime summed (fields 14, 15 after the comm)
  local total=0 pid fields
  for pid in "$@"; do
    fields=$(sed 's/^.*) //' "/proc/$pid/stat")
    total=$((total + $(echo "$fields" | awk '{print $12 + $13}')))
  done
  echo "$total"
}

declare -A rps p50 p99 cpu_us
run_id=$(date +%s)
wrk_run() {  # wrk_run NAME CONNECTIONS URL MODE BODY CPU_PIDS [taskset-prefix]
  local name=$1 conns=$2 url=$3 mode=$4 body=$5 cpu_pids=$6 pin=${7:-}
  local threads=$((conns < 2 ? 1 : 2))
  local before after line requests dur errors
  before=$(cpu_ticks $cpu_pids)
  line=$($pin wrk -t"$threads" -c"$conns" -d"${duration}s" --timeout 10s \
    -s "$root/bench/lib/post_order.lua" "$url" -- "$mode" "$body" "$name-$run_id" \
    commerceup-p8f3a21 "$P8F3A21_INBOUND_PASSWORD" | grep '^RESULT')
  after=$(cpu_ticks $cpu_pids)
  requests=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
  dur=$(sed 's/.*duration_us=\([0-9]*\).*/\1/' <<<"$line")
  errors=$(sed 's/.*errors=\([0-9]*\).*/\1/' <<<"$line")
  if [ "$errors" != 0 ]; then log "$name: $errors of $requests requests failed"; fi
  rps[$name]=$(awk -v r="$requests" -v e="$errors" -v d="$dur" 'BEGIN {printf "%.0f", (r - e) * 1e6 / d}')
  p50[$name]=$(sed 's/.*p50_us=\([0-9.]*\).*/\1/' <<<"$line")
  p99[$name]=$(sed 's/.*p99_us=\([0-9.]*\).*/\1/' <<<"$line")
  cpu_us[$name]=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v r="$requests" \
    'BEGIN {printf "%.1f", (r > 0 ? t * 1e6 / hz / r : 0)}')
  log "$name: ${rps[$name]} req/s, p50 ${p50[$name]} us, p99 ${p99[$name]} us, ${cpu_us[$name]} us CPU/req"
}

facade_url="$serve_url/createorder"
direct_url="http://127.0.0.1:$erp_port/createorder"
relay_url="http://127.0.0.1:$relay_port/createorder"
erp_pids=$(process_tree "$erp_pid")
relay_pids=$(process_tree "$relay_pid")
handwritten_url="http://127.0.0.1:$handwritten_port/createorder"

for conns in 1 32; do
  wrk_run "direct_c$conns" "$conns" "$direct_url" facade "$work/facade_body.json" "$erp_pids"
  wrk_run "relay_c$conns" "$conns" "$relay_url" facade "$work/facade_body.json" "$relay_pids"
  wrk_run "handwritten_c$conns" "$conns" "$handwritten_url" facade "$work/facade_body.json" \
    "$handwritten_pid"
  wrk_run "facade_c$conns" "$conns" "$facade_url" facade "$work/facade_body.json" "$serve_pid"
done

# Pinned: the load generator and every server on CPU 0, so a request never waits for a
# wake-up on the other CPU; what is left is the work each hop adds.
all_cpus="0-$(($(nproc) - 1))"
pin_all() { for pid in $erp_pids $relay_pids $serve_pid; do taskset -a -p -c "$1" "$pid" >/dev/null; done; }
pin_all 0
wrk_run direct_pinned 1 "$direct_url" facade "$work/facade_body.json" "$erp_pids" "taskset -c 0"
wrk_run relay_pinned 1 "$relay_url" facade "$work/facade_body.json" "$relay_pids" "taskset -c 0"
wrk_run facade_pinned 1 "$facade_url" facade "$work/facade_body.json" "$serve_pid" "taskset -c 0"
pin_all "$all_cpus"

# Durable accept on POST /v1/events, then how fast the deliveries behind it drain.
store_counts() {  # prints "<delivered> <open>" for the bench tenant
  python3 - "$work/host/store/erpbridge.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], timeout=30)
delivered, = db.execute("SELECT count(*) FROM outbox WHERE state = 'delivered'").fetchone()
open_rows, = db.execute(
    "SELECT count(*) FROM outbox WHERE state IN ('queued', 'delivering', 'in_doubt')").fetchone()
print(delivered, open_rows)
EOF
}
read -r delivered_before _ < <(store_counts)
load_start=$(date +%s%N)
wrk_run events_c32 32 "$serve_url/v1/events" event "$work/event_body.json" "$serve_pid"
drain_timeout=$(($(date +%s) + 600))
while :; do
  read -r delivered_now open_now < <(store_counts)
  [ "$open_now" = 0 ] && break
  if [ "$(date +%s)" -gt "$drain_timeout" ]; then log "deliveries did not drain in 600 s"; break; fi
  sleep 0.2
done
drain_end=$(date +%s%N)
delivered_rate=$(awk -v n=$((delivered_now - delivered_before)) -v ns=$((drain_end - load_start)) \
  'BEGIN {printf "%.0f", n * 1e9 / ns}')
log "events: ${rps[events_c32]} accepted/s; $((delivered_now - delivered_before)) delivered at $delivered_rate/s"

kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true

# ---- connections: idle, slow header, overload (bench/lib/connections.py) ------------------
# Their own erpbridge: 4 handler threads and a queue of 16 (so a burst overloads it), a 2 s
# request timeout (the slow-header client), idle connections kept for 5 minutes (so the idle
# ones stay open while they are measured). The tenant's ERP timeouts are cut to fit in 2 s,
# so facade calls are still delivered on the request's thread.
conn_dir=$work/conn
write_host_config "$conn_dir"
sed -i 's/^  threads: 64$/  threads: 4\n  max_queued_requests: 16\n  request_timeout_ms: 2000\n  keep_alive_timeout_ms: 300000/' \
  "$conn_dir/erpbridge.yaml"
sed 's/^  read_timeout_ms: .*/  read_timeout_ms: 1000\n  connect_timeout_ms: 500/' \
  "$work/host/tenants/p8f3a21.yaml" >"$conn_dir/tenants/p8f3a21.yaml"
start_serve "$conn_dir"
wait_for_url "$serve_url/readyz"
conn_port=${serve_url##*:}
curl -fsS -X POST "$serve_url/createcustomer" -H 'Content-Type: application/json' \
  -H 'username: commerceup-p8f3a21' -H "password: $P8F3A21_INBOUND_PASSWORD" \
  --data-binary @"$work/customer_body.json" >/dev/null
idle_count=${BENCH_IDLE:-10000}
coproc IDLE { python3 "$root/bench/lib/connections.py" idle 127.0.0.1 "$conn_port" "$idle_count"; }
idle_in=${IDLE[1]}
read -r _ idle_open <&"${IDLE[0]}"
log "$idle_open idle connections open"
wrk_run facade_idle 1 "$serve_url/createorder" facade "$work/facade_body.json" "$serve_pid"
exec {idle_in}>&-
read -r _ idle_closed <&"${IDLE[0]}"
wait "$IDLE_PID" 2>/dev/null || true
slow_result=$(python3 "$root/bench/lib/connections.py" slow 127.0.0.1 "$conn_port" 100)
log "slow header: $slow_result"
printf 'GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n' >"$work/burst_request"
burst_count=${BENCH_BURST:-2000}
burst_result=$(python3 "$root/bench/lib/connections.py" burst 127.0.0.1 "$conn_port" \
  "$burst_count" "$work/burst_request")
log "burst of $burst_count requests at once: $burst_result"
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true

# ---- tenant scaling: start time and RSS with many tenant files ---------------------------
declare -A start_ms rss_mb auth_rps
for n in "${tenant_counts[@]}"; do
  dir=$work/tenants_$n
  write_host_config "$dir"
  demo_tenant >"$work/demo-tenant.yaml"
  python3 - "$work/demo-tenant.yaml" "$dir/tenants" "$n" <<'EOF'
import sys
template = open(sys.argv[1]).read()
for i in range(int(sys.argv[3])):
    t = "t%05d" % i
    text = (template.replace("tenant: p8f3a21", "tenant: " + t)
            .replace("username: commerceup-p8f3a21", "username: commerceup-" + t)
            .replace("${env:P8F3A21_INBOUND_PASSWORD}", "inbound-secret-" + t)
            .replace("${env:P8F3A21_INBOUND_TOKEN}", "inbound-token-" + t))
    open("%s/%s.yaml" % (sys.argv[2], t), "w").write(text)
EOF
  t0=$(date +%s%N)
  start_serve "$dir" 600
  wait_for_url "$serve_url/readyz" 600
  t1=$(date +%s%N)
  start_ms[$n]=$(((t1 - t0) / 1000000))
  rss_mb[$n]=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$serve_pid/status")
  # What authentication costs with n tenants: the last tenant's credentials on a cheap
  # authenticated route (an unknown event id: 404 after the tenant is identified).
  last=$(printf 't%05d' $((n - 1)))
  auth_rps[$n]=$(wrk -t2 -c8 -d3s -H "username: commerceup-$last" \
    -H "password: inbound-secret-$last" "$serve_url/v1/events/none" |
    awk '/Requests\/sec/ {printf "%.0f", $2}')
  log "$n tenants: ready in ${start_ms[$n]} ms, RSS ${rss_mb[$n]} MB, ${auth_rps[$n]} authenticated req/s"
  kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
done

# ---- micro-benchmarks: every bench_* in build/bench/bench --------------------------------
micro=$work/micro.txt
: >"$micro"
for exe in "$build"/bench/bench_*; do
  [ -x "$exe" ] || continue
  log "running $(basename "$exe")"
  "$exe" --benchmark_min_time=0.5 --benchmark_format=console 2>/dev/null |
    { grep -E '^[A-Za-z_][^ ]* +[0-9.]+ [mun]?s ' || true; } | sed "s|^|$(basename "$exe") |" >>"$micro"
done

# ---- the table ---------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a - b}'; }
mkdir -p "$build/results"
results=$build/results/results-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "## erpbridge benchmarks $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
    "kernel $(uname -r); $duration s per load test; wrk on the same CPUs."
  echo
  echo "| measurement | connections | req/s | p50 µs | p99 µs | CPU µs/req |"
  echo "|---|---|---|---|---|---|"
  for name in direct_c1 relay_c1 handwritten_c1 facade_c1 direct_c32 relay_c32 handwritten_c32 \
    facade_c32 \
    direct_pinned relay_pinned facade_pinned events_c32 facade_idle; do
    conns=32
    case $name in *_c1 | *_pinned | facade_idle) conns=1 ;; esac
    echo "| $name | $conns | ${rps[$name]} | ${p50[$name]} | ${p99[$name]} | ${cpu_us[$name]} |"
  done
  echo
  echo "| derived | measured | target |"
  echo "|---|---|---|"
  echo "| facade / relay req/s, 32 conn | $(ratio "${rps[facade_c32]}" "${rps[relay_c32]}") | ≥ 0.5 |"
  echo "| facade / direct req/s, 32 conn | $(ratio "${rps[facade_c32]}" "${rps[direct_c32]}") | |"
  echo "| relay / direct req/s, 32 conn | $(ratio "${rps[relay_c32]}" "${rps[direct_c32]}") | |"
  echo "| facade / relay req/s, 1 conn | $(ratio "${rps[facade_c1]}" "${rps[relay_c1]}") | |"
  echo "| facade / hand-written Node.js relay req/s, 32 conn | $(ratio "${rps[facade_c32]}" "${rps[handwritten_c32]}") | |"
  echo "| hand-written Node.js relay CPU µs per request, 32 conn | ${cpu_us[handwritten_c32]} | (about 100) |"
  echo "| facade CPU µs per request, 32 conn | ${cpu_us[facade_c32]} | ≤ 25 |"
  echo "| relay CPU µs per request, 32 conn | ${cpu_us[relay_c32]} | (about 11) |"
  echo "| facade added p50 µs, pinned 1 conn | $(minus "${p50[facade_pinned]}" "${p50[direct_pinned]}") | ≤ 25 |"
  echo "| relay added p50 µs, pinned 1 conn | $(minus "${p50[relay_pinned]}" "${p50[direct_pinned]}") | (about 11) |"
  echo "| durable accept, POST /v1/events 202/s | ${rps[events_c32]} | ≥ 50000 |"
  echo "| delivered/s behind it (load start to queue empty) | $delivered_rate | |"
  echo "| facade p99 µs, 1 conn, beside $idle_open idle connections (facade_idle) | ${p99[facade_idle]} | ≤ 10000 |"
  echo "| idle connections the server closed while they were held | $idle_closed of $idle_open | 0 |"
  echo "| slow-header client (a byte per 100 ms), request_timeout_ms 2000 | $slow_result | closed at ≈ 2 s, 408 |"
  echo "| $burst_count requests at once, 4 handler threads, queue 16 | $burst_result | no_answer = 0 |"
  for n in "${tenant_counts[@]}"; do
    target=""
    [ "$n" = 10000 ] && target="≤ 1000 ms, ≤ 200 MB"
    echo "| $n tenants: start ms / RSS MB | ${start_ms[$n]} / ${rss_mb[$n]} | $target |"
    echo "| $n tenants: authenticated GET req/s, 8 conn | ${auth_rps[$n]} | flat in n |"
  done
  echo
  echo "Micro-benchmarks (Google Benchmark, wall time per iteration):"
  echo
  echo '```'
  cat "$micro"
  echo '```'
} | tee "$results"
log "results written to $results"
