#!/usr/bin/env bash
# The SDK as an adapter author uses it: install only the "sdk" component of a configured
# erpbridge build into a scratch prefix, copy the example adapter out of that prefix (not out of
# this tree), build it with find_package alone (warnings as errors, so the SDK headers stay
# clean; and configuring must print no CMake warning either), run its unit tests against the
# SDK's fake host, check it exports only the entry point, load the plugin in the host's
# plugin loader, and run its four flows through `erpbridge send` against the test ERP the SDK
# installs (hello_adapter_flows.sh).
#   sdk_out_of_tree_test.sh CMAKE CTEST BUILD_DIR LOAD_PLUGIN_PROBE NM ERPBRIDGE
set -euo pipefail

cmake_bin=$1 ctest_bin=$2 build_dir=$3 probe=$4 nm_bin=$5 erpbridge=$6
here=$(cd "$(dirname "$0")" && pwd)

scratch=$(mktemp -d "${TMPDIR:-/tmp}/erpbridge-sdk-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

"$cmake_bin" --install "$build_dir" --component sdk --prefix "$scratch/prefix" >/dev/null

# Nothing but the SDK may be installed: headers, the CMake package, the example, and the test
# ERP and sample events the example runs against.
unexpected=$(cd "$scratch/prefix" && find . -type f \
  ! -path './include/erpbridge/*' ! -path './lib*/cmake/erpbridge_sdk/*' \
  ! -path './share/erpbridge_sdk/examples/*' ! -path './share/erpbridge_sdk/test_erp/*' \
  ! -path './share/erpbridge_sdk/samples/*')
if [ -n "$unexpected" ]; then
  echo "the sdk component installed more than the SDK:" >&2
  echo "$unexpected" >&2
  exit 1
fi
for header in connector.hpp fake_host.hpp settings.hpp events.hpp http_result.hpp xml.hpp; do
  [ -f "$scratch/prefix/include/erpbridge/$header" ] || { echo "missing $header" >&2; exit 1; }
done
for file in test_erp/sample_erp.py test_erp/README.md samples/customer.created.json \
  samples/order.created.json samples/order.cancelled.json samples/order.returned.json; do
  [ -f "$scratch/prefix/share/erpbridge_sdk/$file" ] || { echo "missing $file" >&2; exit 1; }
done

cp -r "$scratch/prefix/share/erpbridge_sdk/examples/hello_adapter" "$scratch/source"

options=()
command -v ninja >/dev/null && options+=(-G Ninja)
command -v ccache >/dev/null && options+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
"$cmake_bin" -S "$scratch/source" -B "$scratch/build" "${options[@]}" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" \
  -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >"$scratch/configure.log" 2>&1
if grep -Eq "CMake (Deprecation )?Warning" "$scratch/configure.log"; then
  echo "configuring against the installed SDK warns:" >&2
  cat "$scratch/configure.log" >&2
  exit 1
fi
"$cmake_bin" --build "$scratch/build" -j 1 >/dev/null

# The example's own unit tests, as its author runs them.
"$ctest_bin" --test-dir "$scratch/build" --output-on-failure >"$scratch/ctest.log" 2>&1 ||
  { cat "$scratch/ctest.log" >&2; exit 1; }
grep '100% tests passed' "$scratch/ctest.log"

"$here/plugin_exports_test.sh" "$nm_bin" "$scratch/build/hello_adapter.so"

mkdir "$scratch/plugins"
cp "$scratch/build/hello_adapter.so" "$scratch/plugins/"
output=$("$probe" "$scratch/plugins")
echo "$output"
grep -q '^loaded hello ' <<<"$output"

"$here/hello_adapter_flows.sh" "$erpbridge" "$scratch/prefix" "$scratch/source" \
  "$scratch/build/hello_adapter.so"
