#!/usr/bin/env bash
# Installs the HTTP-contract tools of tools/npm/package.json (@redocly/cli validates
# docs/http-api.yaml, newman runs docs/postman against erpbridge serve) into
# tools/npm/node_modules, exactly as the committed package-lock.json pins them. Nothing is
# installed globally. Quick when they are already in place; ctest runs it as a fixture.
set -euo pipefail
cd "$(dirname "$0")/../tools/npm"

if ! command -v npm >/dev/null; then
  echo "npm-tools: npm is missing (scripts/install-deps.sh installs nodejs)" >&2
  exit 1
fi
stamp=node_modules/.package-lock.json
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ -x node_modules/.bin/redocly ] &&
  [ -x node_modules/.bin/newman ]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
