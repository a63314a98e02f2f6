#!/usr/bin/env bash
# Builds erpbridge, starts the demo ERP on localhost and pushes the sample customer and order
# through the host with the demo config (config/erpbridge.yaml, SQLite store, bundled
# plugins). The order comes back with a real ERP id from the demo ERP.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset debug >/dev/null
cmake --build --preset debug --target erpbridge rest

# Demo secrets: in production these come from the environment or secret files.
export DEMO_ERP_PASSWORD=demo-erp-secret
export P8F3A21_INBOUND_PASSWORD=demo-inbound-secret
export PXML001_INBOUND_PASSWORD=demo-inbound-secret

erp_log=$(mktemp)
/usr/bin/python3 tests/peers/sample_erp/sample_erp.py --port 0 --auth headers \
  --username erpbridge --password "$DEMO_ERP_PASSWORD" >"$erp_log" &
erp_pid=$!
trap 'kill $erp_pid 2>/dev/null; rm -f "$erp_log"' EXIT
for _ in $(seq 100); do grep -q LISTENING "$erp_log" && break; sleep 0.1; done
export DEMO_ERP_PORT=$(awk '/LISTENING/ {print $2}' "$erp_log")
echo "demo ERP listening on 127.0.0.1:$DEMO_ERP_PORT"

bin=build/debug/core/app/erpbridge
$bin check-config --config config/erpbridge.yaml
for event in customer.created order.created order.cancelled order.returned; do
  echo "== erpbridge send $event"
  $bin send --config config/erpbridge.yaml --tenant p8f3a21 "tests/samples/$event.json"
done
