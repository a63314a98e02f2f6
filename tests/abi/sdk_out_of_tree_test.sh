#!/usr/bin/env bash
# The SDK as an adapter author uses it: install only the "sdk" component of a configured
# erpbridge build into a scratch prefix, build sdk/examples/hello_adapter against it with
# find_package alone (warnings as errors, so the SDK headers stay clean; and configuring must
# print no CMake warning either), check it exports only the entry point, and load the result in
# the host's plugin loader.
#   sdk_out_of_tree_test.sh CMAKE BUILD_DIR EXAMPLE_DIR LOAD_PLUGIN_PROBE NM
set -euo pipefail

cmake_bin=$1 build_dir=$2 example_dir=$3 probe=$4 nm_bin=$5
here=$(cd "$(dirname "$0")" && pwd)

scratch=$(mktemp -d "${TMPDIR:-/tmp}/erpbridge-sdk-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

"$cmake_bin" --install "$build_dir" --component sdk --prefix "$scratch/prefix" >/dev/null

# Nothing but the SDK may be installed: headers and the CMake package.
unexpected=$(cd "$scratch/prefix" && find . -type f \
  ! -path './include/erpbridge/*' ! -path './lib*/cmake/erpbridge_sdk/*')
if [ -n "$unexpected" ]; then
  echo "the sdk component installed more than the SDK:" >&2
  echo "$unexpected" >&2
  exit 1
fi

options=()
command -v ninja >/dev/null && options+=(-G Ninja)
command -v ccache >/dev/null && options+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
"$cmake_bin" -S "$example_dir" -B "$scratch/build" "${options[@]}" \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$scratch/prefix" \
  -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >"$scratch/configure.log" 2>&1
if grep -q "CMake Warning" "$scratch/configure.log"; then
  echo "configuring against the installed SDK warns:" >&2
  cat "$scratch/configure.log" >&2
  exit 1
fi
"$cmake_bin" --build "$scratch/build" -j 1 >/dev/null

"$here/plugin_exports_test.sh" "$nm_bin" "$scratch/build/hello_adapter.so"

mkdir "$scratch/plugins"
cp "$scratch/build/hello_adapter.so" "$scratch/plugins/"
output=$("$probe" "$scratch/plugins")
echo "$output"
grep -q '^loaded hello ' <<<"$output"
