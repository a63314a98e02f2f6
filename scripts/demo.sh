#!/usr/bin/env bash
# The main job on localhost: builds erpbridge, starts the demo ERP and a stand-in for
# Commerceup's open API, starts `erpbridge serve` with the demo config (config/erpbridge.yaml:
# SQLite store, bundled plugins), and pushes the sample customer and order through the
# Commerceup-compatible facade. The order's reply carries the demo ERP's real order id. Then the
# ERP's side: a stock and shipping update pushed to erpbridge reaches the Commerceup stand-in.
# Then it keeps serving until Ctrl-C (--once: stop after the demo).
set -euo pipefail
cd "$(dirname "$0")/.."

once=0
[ "${1:-}" = "--once" ] && once=1

scripts/install-deps.sh
cmake --preset debug >/dev/null
cmake --build --preset debug --target erpbridge rest tryton

# Demo secrets: in production they come from the environment or secret files.
export DEMO_ERP_PASSWORD=demo-erp-secret
export P8F3A21_INBOUND_PASSWORD=demo-inbound-secret
export PXML001_INBOUND_PASSWORD=demo-inbound-secret-xml
export P8F3A21_INBOUND_TOKEN=demo-inbound-token
export PXML001_INBOUND_TOKEN=demo-inbound-token-xml
export ERPBRIDGE_ADMIN_TOKEN=demo-admin-token
export P8F3A21_COMMERCEUP_API_KEY=demo-commerceup-api-key
export P8F3A21_ERP_PUSH_TOKEN=demo-erp-push-token

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

wait_for() {  # wait_for FILE PATTERN: until PATTERN appears in FILE (a child's stdout)
  for _ in $(seq 300); do grep -q "$2" "$1" && return 0; sleep 0.1; done
  echo "demo: timed out waiting for '$2'" >&2; cat "$1" >&2; exit 1
}

# The demo ERP keeps its records in var/ beside erpbridge's store (config/erpbridge.yaml), so a
# second run sees the same ERP ids the store remembers: a repeated facade call gets its first
# answer, as Commerceup would.
mkdir -p var
/usr/bin/python3 tests/peers/sample_erp/sample_erp.py --port 0 --auth headers \
  --username erpbridge --password "$DEMO_ERP_PASSWORD" --data-file var/demo-erp.json \
  >"$work/erp.out" &
pids+=($!)
wait_for "$work/erp.out" LISTENING
export DEMO_ERP_PORT=$(awk '/LISTENING/ {print $2}' "$work/erp.out")
echo "demo ERP on 127.0.0.1:$DEMO_ERP_PORT"

# Commerceup's open API, played by its test peer: where sync back writes stock and status.
/usr/bin/python3 tests/peers/commerceup/commerceup_peer.py --port 0 \
  --project "p8f3a21=$P8F3A21_COMMERCEUP_API_KEY" >"$work/commerceup.out" &
pids+=($!)
wait_for "$work/commerceup.out" LISTENING
export DEMO_COMMERCEUP_PORT=$(awk '/LISTENING/ {print $2}' "$work/commerceup.out")
echo "Commerceup open API stand-in on 127.0.0.1:$DEMO_COMMERCEUP_PORT"

bin=build/debug/core/app/erpbridge
$bin check-config --config config/erpbridge.yaml
$bin serve --config config/erpbridge.yaml >"$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
wait_for "$work/serve.out" "listening on"
url="http://$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$work/serve.out" | head -1)"
echo "erpbridge serving on $url"

facade() {  # facade PATH SAMPLE: POST the sample's data to the facade as Commerceup would
  /usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["data"]))' \
    "tests/samples/$2.json" |
    curl -sS -X POST "$url/$1" -H 'Content-Type: application/json' \
      -H 'username: commerceup-p8f3a21' -H "password: $P8F3A21_INBOUND_PASSWORD" --data-binary @-
  echo
}
echo "== POST /createcustomer"; facade createcustomer customer.created
echo "== POST /createorder";    order_reply=$(facade createorder order.created); echo "$order_reply"
echo "== POST /cancelorder";    facade cancelorder order.cancelled
echo "== POST /returnorder";    facade returnorder order.returned

# The other way: the ERP pushes stock levels (two for one SKU: the latest wins) and ships the
# order under its own id; erpbridge stores them, then writes them to Commerceup's open API.
erp_order_id=$(printf '%s' "$order_reply" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["orderId"])')
erp_push() {  # erp_push PATH BODY: the ERP calling erpbridge with its push token
  curl -sS -X POST "$url/v1/erp/$1" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $P8F3A21_ERP_PUSH_TOKEN" --data-binary "$2"
  echo
}
echo "== POST /v1/erp/inventory (from the ERP)"
erp_push inventory '{"inventory":[{"sku":"TSHIRT-BLU-M","quantity":42},{"sku":"MUG-CER-350","quantity":7},{"sku":"TSHIRT-BLU-M","quantity":40}]}'
echo "== POST /v1/erp/order-status (from the ERP)"
erp_push order-status "{\"order_status\":[{\"erp_order_id\":\"$erp_order_id\",\"status\":\"Shipped\"}]}"
echo "== what Commerceup's open API received for p8f3a21"
for _ in $(seq 50); do
  state=$(curl -sS "http://127.0.0.1:$DEMO_COMMERCEUP_PORT/_control/state")
  printf '%s' "$state" | grep -q Shipped && break
  sleep 0.2
done
printf '%s' "$state" | /usr/bin/python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin).get("p8f3a21", {})))'

[ "$once" = 1 ] && exit 0
echo "erpbridge keeps serving on $url (admin token: \$ERPBRIDGE_ADMIN_TOKEN); Ctrl-C stops it."
wait "${pids[2]}"
