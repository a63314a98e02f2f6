#!/usr/bin/env bash
# Runs docs/postman/erpbridge.postman_collection.json with newman against `erpbridge serve`
# with the demo tenants (config/tenants) and their demo secrets (the collection's
# environment file; scripts/demo.sh uses the same), as scripts/demo.sh starts it: the test ERP
# and the Commerceup stand-in on free ports. The host file is config/erpbridge.yaml with the
# store in a temporary folder and a free port, so a run never touches var/ or port 8080.
#   run_postman.sh ERPBRIDGE_BINARY PLUGIN_DIR
set -euo pipefail
bin=$1 plugin_dir=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
newman=$root/tools/npm/node_modules/.bin/newman

export DEMO_ERP_PASSWORD=demo-erp-secret
export P8F3A21_INBOUND_PASSWORD=demo-inbound-secret PXML001_INBOUND_PASSWORD=demo-inbound-secret-xml
export P8F3A21_INBOUND_TOKEN=demo-inbound-token PXML001_INBOUND_TOKEN=demo-inbound-token-xml
export ERPBRIDGE_ADMIN_TOKEN=demo-admin-token
export P8F3A21_COMMERCEUP_API_KEY=demo-commerceup-api-key P8F3A21_ERP_PUSH_TOKEN=demo-erp-push-token

work=$(mktemp -d)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

wait_for() {  # wait_for FILE PATTERN
  for _ in $(seq 300); do grep -q "$2" "$1" && return 0; sleep 0.1; done
  echo "run_postman: timed out waiting for '$2'" >&2; cat "$1" "$work"/*.err >&2 2>/dev/null; exit 1
}

/usr/bin/python3 "$root/tests/peers/sample_erp/sample_erp.py" --port 0 --auth headers \
  --username erpbridge --password "$DEMO_ERP_PASSWORD" >"$work/erp.out" &
pids+=($!)
wait_for "$work/erp.out" LISTENING
export DEMO_ERP_PORT=$(awk '/LISTENING/ {print $2}' "$work/erp.out")
/usr/bin/python3 "$root/tests/peers/commerceup/commerceup_peer.py" --port 0 \
  --project "p8f3a21=$P8F3A21_COMMERCEUP_API_KEY" >"$work/commerceup.out" &
pids+=($!)
wait_for "$work/commerceup.out" LISTENING
export DEMO_COMMERCEUP_PORT=$(awk '/LISTENING/ {print $2}' "$work/commerceup.out")

sed -e "s|^plugin_dir: .*|plugin_dir: $plugin_dir|" -e "s|^tenants_dir: .*|tenants_dir: $root/config/tenants|" \
  -e "s|^  path: .*|  path: $work/erpbridge.db|" -e "s|^  listen: .*|  listen: 127.0.0.1:0|" \
  "$root/config/erpbridge.yaml" >"$work/erpbridge.yaml"
"$bin" serve --config "$work/erpbridge.yaml" >"$work/serve.out" 2>"$work/serve.err" &
pids+=($!)
wait_for "$work/serve.out" "listening on"
url="http://$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$work/serve.out" | head -1)"

status=0
"$newman" run "$root/docs/postman/erpbridge.postman_collection.json" \
  -e "$root/docs/postman/erpbridge.postman_environment.json" --env-var "baseUrl=$url" \
  --env-var "erpControlUrl=http://127.0.0.1:$DEMO_ERP_PORT" \
  --color off --disable-unicode --bail failure || status=$?
if [ "$status" != 0 ]; then echo "--- erpbridge serve log ---" >&2; cat "$work/serve.err" >&2; fi
exit "$status"
