#!/usr/bin/env bash
# A real Tryton 6.0 server for the tryton connector's tests: SQLite, loopback only, a free port.
#   tests/peers/tryton/tryton_peer.sh            # prints "LISTENING <port> <database>", serves
#                                                # until SIGTERM/SIGINT, then removes its files
#   tests/peers/tryton/tryton_peer.sh --prepare  # only installs and builds the cached database
# Installs its Debian packages when missing (root, or sudo). The prepared database is cached as
# a template in $ERPBRIDGE_TRYTON_CACHE (default: build/tryton-cache), keyed by a hash of
# prepare_database.py and the package versions; each run serves a fresh copy of it.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cache="${ERPBRIDGE_TRYTON_CACHE:-$repo/build/tryton-cache}"
database=erp
packages=(tryton-server tryton-modules-sale tryton-proteus)

log() { echo "tryton_peer: $*" >&2; }

installed() {
  dpkg-query -W -f='${Status}\n' "$@" 2>/dev/null | grep -c 'install ok installed' || true
}

ensure_packages() {
  [ "$(installed "${packages[@]}")" -eq "${#packages[@]}" ] && return 0
  local sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  log "installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Recommends would pull in PostgreSQL, LibreOffice and an MTA. Lists are refreshed only
  # when the install fails without them.
  if ! $sudo_cmd apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2; then
    $sudo_cmd apt-get update -qq >&2
    $sudo_cmd apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2
  fi
}

# Parallel tests share the cache: one of them installs and prepares, the others wait.
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
ensure_packages
key="$({ cat "$here/prepare_database.py"; dpkg-query -W "${packages[@]}"; } |
       sha256sum | cut -c1-16)"
template="$cache/$database-$key.sqlite"
if [ ! -f "$template" ]; then
  log "preparing the $database database (about 15 s on an idle machine; cached afterwards)"
  work="$(mktemp -d "$cache/prepare.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  /usr/bin/python3 "$here/prepare_database.py" --dir "$work" --database "$database" >&2
  find "$cache" -maxdepth 1 -name "$database-*.sqlite" -delete
  mv "$work/$database.sqlite" "$template"
  rm -rf "$work"
  trap - EXIT
fi
if [ "${1:-}" = "--prepare" ]; then exit 0; fi

run="$(mktemp -d "${TMPDIR:-/tmp}/tryton-peer.XXXXXX")"
cp "$template" "$run/$database.sqlite"
exec 9>&-
# exec, so the caller's SIGTERM reaches the server, which then removes $run.
exec /usr/bin/python3 "$here/serve.py" --dir "$run" --database "$database" --remove-dir-on-exit
