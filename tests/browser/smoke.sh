#!/usr/bin/env bash
# Browser smoke test: start the real server on a fresh SQLite file (with the
# demo team and customers), load `/` in headless Chromium, and look in the
# *rendered* page (after the wasm app ran) for the version the shell fetched
# from /healthz. The HTML the server sends does not contain the version, so
# this passes only if the app works. Then Swagger UI, and a customer
# answering a survey link in the browser (survey.py).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${RAPPORT_BIN:-$root/target/debug/rapport}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
  echo "smoke: Chromium not found; install Debian's chromium (.ci/run does)" >&2
  exit 1
fi
[ -x "$bin" ] || { echo "smoke: $bin is missing; build it first (make test does)" >&2; exit 1; }
[ -f "$root/frontend/dist/index.html" ] || { echo "smoke: frontend not built; run make frontend" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

RAPPORT_BIND=127.0.0.1:0 \
RAPPORT_DATABASE_URL="sqlite://$work/smoke.db" \
RAPPORT_DEMO_DATA=true \
RAPPORT_FRONTEND_DIR="$root/frontend/dist" \
  "$bin" >"$work/server.out" 2>"$work/server.err" &
server_pid=$!

url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's/^Rapport is running at \(http[^ ]*\)$/\1/p' "$work/server.out")
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { echo "smoke: server exited:" >&2; cat "$work/server.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "smoke: server did not start in 30 s" >&2; cat "$work/server.err" >&2; exit 1; }

version=$(curl -fsS "${url}healthz" | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')

render() {
  "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --virtual-time-budget=15000 --dump-dom "$1" 2>>"$work/chromium.err"
}

expected="Rapport v$version"
dom=$(render "$url")
if grep -q "id=\"server-version\">$expected<" <<<"$dom"; then
  echo "smoke: ok, the rendered page shows \"$expected\" fetched from /healthz"
else
  echo "smoke: FAILED, \"$expected\" not found in the rendered page:" >&2
  echo "$dom" | head -c 4000 >&2
  echo >&2
  tail -20 "$work/chromium.err" >&2
  exit 1
fi

# Swagger UI renders the committed document with its Authorize button.
swagger=$(render "${url}swagger-ui/")
if grep -q 'class="btn authorize' <<<"$swagger" && grep -q '/api/v1/customers' <<<"$swagger"; then
  echo "smoke: ok, Swagger UI renders the API with its Authorize button"
else
  echo "smoke: FAILED, Swagger UI did not render the operations and the Authorize button:" >&2
  echo "$swagger" | head -c 3000 >&2
  exit 1
fi

# A customer answers a survey link on the page the link opens. Debian's
# python3, which sees Debian's python3-websocket (a pyenv one on PATH does not).
/usr/bin/python3 "$root/tests/browser/survey.py" "$url" "$chromium" "$work"
