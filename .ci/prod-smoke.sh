#!/usr/bin/env bash
# The production path: install without dev dependencies into a clean folder (the UI built beforehand),
# start two instances on one PostgreSQL database, check readiness and a login on each, stop both with
# SIGTERM and expect a clean exit.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/web/index.html ] || npm run build:web --silent
work=$(mktemp -d)
db="${SMOKE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
schema="smoke_$(date +%s)_$$"
psql "$db" -qc "CREATE SCHEMA $schema"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  psql "$db" -qc "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $schema CASCADE" || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -r package.json package-lock.json bin src dist "$work/"
(cd "$work" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline >/dev/null)
[ ! -e "$work/node_modules/vite" ] || { echo "dev dependencies were installed"; exit 1; }
url="$db?options=-c%20search_path%3D$schema"
for port in 3471 3472; do
  (cd "$work" && DATABASE_URL="$url" PORT=$port HOST=127.0.0.1 LOG_LEVEL=warn \
    RACKDESK_ADMIN_EMAIL=smoke@rackdesk.test RACKDESK_ADMIN_PASSWORD=smoke-admin-pass-1 \
    exec node bin/rackdesk.mjs serve > "$work/serve-$port.log" 2>&1) &
  pids+=($!)
  sleep 2
done
for port in 3471 3472; do
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/api/v1/ready" >/dev/null && break; sleep 1; done
  curl -fs "http://127.0.0.1:$port/api/v1/ready" >/dev/null || { cat "$work/serve-$port.log"; exit 1; }
  curl -fs "http://127.0.0.1:$port/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"smoke@rackdesk.test","password":"smoke-admin-pass-1"}' | grep -q '"token"' || { echo "login failed on $port"; exit 1; }
  curl -fs "http://127.0.0.1:$port/" | grep -qi '<html' || { echo "no UI on $port"; exit 1; }
done
for p in "${pids[@]}"; do kill -TERM "$p"; done
for p in "${pids[@]}"; do wait "$p" || { echo "instance $p did not stop cleanly"; exit 1; }; done
pids=()
echo "production path: two instances ready, login ok, stopped gracefully"
