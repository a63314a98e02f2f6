#!/usr/bin/env bash
# The example adapter's four flows as its author tries them from the installed SDK alone
# (docs/writing-an-adapter.md, "Run it against a test ERP"): the out-of-tree-built plugin in a
# real `erpbridge send`, with the example's try_it/ host and tenant files, against the test ERP
# installed with the SDK, for each of the installed sample events in turn. Each must come back
# ok with the ERP's id, and the ERP must hold exactly one customer, order, cancellation and
# return, the last two naming the ERP's order and line ids.
#   hello_adapter_flows.sh ERPBRIDGE SDK_PREFIX EXAMPLE_COPY PLUGIN.so
set -euo pipefail

erpbridge=$1 prefix=$2 example=$3 plugin=$4
share="$prefix/share/erpbridge_sdk"

mkdir -p "$example/try_it/plugins"
cp "$plugin" "$example/try_it/plugins/"

erp_out="$example/try_it/erp.out"
python3 "$share/test_erp/sample_erp.py" --port 0 --auth headers --username erpbridge \
  --password hello-erp-Pw7 >"$erp_out" &
erp_pid=$!
trap 'kill "$erp_pid" 2>/dev/null || true; wait "$erp_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q '^LISTENING ' "$erp_out" && break
  sleep 0.1
done
port=$(awk '/^LISTENING /{print $2}' "$erp_out")
[ -n "$port" ] || { echo "the test ERP did not start" >&2; exit 1; }

export HELLO_ERP_PORT=$port HELLO_ERP_PASSWORD=hello-erp-Pw7 HELLO_INBOUND_TOKEN=hello-inbound-1
config="$example/try_it/erpbridge.yaml"
"$erpbridge" check-config --config "$config"
"$erpbridge" plugins --config "$config" | grep -q 'hello'

# Prints the member `key` of the JSON object on stdin.
member() { python3 -c 'import json, sys; print(json.load(sys.stdin).get(sys.argv[1], ""))' "$1"; }

sent() {
  local out
  out=$("$erpbridge" send --config "$config" --tenant p8f3a21 "$share/samples/$1.json") || {
    echo "send $1 failed: $out" >&2
    return 1
  }
  echo "$out" >&2
  echo "$out"
}

customer=$(sent customer.created)
[ "$(member erp_id <<<"$customer")" = C000001 ]
order=$(sent order.created)
[ "$(member erp_id <<<"$order")" = SO000001 ]
cancel=$(sent order.cancelled)
[ "$(member success <<<"$cancel")" = True ]
returned=$(sent order.returned)
[ "$(member erp_id <<<"$returned")" = RMA000001 ]

# What the ERP holds, through its control API.
python3 - "$port" <<'PY'
import json, sys, urllib.request
state = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/_control/state"))
assert list(state["customers"]) == ["C000001"], state["customers"]
assert state["customers"]["C000001"]["externalId"] == "cu_1001"
assert list(state["orders"]) == ["SO000001"], state["orders"]
assert state["orders"]["SO000001"]["customerId"] == "C000001"
assert len(state["cancellations"]) == 1 and len(state["returns"]) == 1, state
assert state["cancellations"][0]["lines"] == [{"lineId": "SO000001-2", "quantity": 1}]
assert state["returns"][0]["lines"][0]["lineId"] == "SO000001-1"
assert state["orders"]["SO000001"]["status"] == "partially_cancelled"
print("the test ERP holds one customer, order, cancellation and return")
PY
