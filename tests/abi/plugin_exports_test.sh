#!/usr/bin/env bash
# Every plugin file exports exactly one dynamic symbol, the entry point (docs/plugin-abi.md):
# anything else could be bound by the dynamic linker to another plugin's or the host's copy.
#   plugin_exports_test.sh NM PLUGIN.so...
set -euo pipefail

nm_bin=$1
shift
status=0
for plugin in "$@"; do
  exported=$("$nm_bin" -D --defined-only "$plugin" | awk '{print $NF}' | sort -u)
  if [ "$exported" != "erpbridge_plugin_entry" ]; then
    echo "$plugin exports more than erpbridge_plugin_entry:" >&2
    grep -vx erpbridge_plugin_entry <<<"$exported" >&2 || echo "(and not the entry point)" >&2
    status=1
  fi
done
exit $status
