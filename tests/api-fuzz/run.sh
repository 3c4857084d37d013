#!/usr/bin/env bash
# Fuzzes the API with schemathesis and checks a generated Python client.
#
# Starts the debug server binary on a fresh SQLite file with the demo data,
# logs in as the administrator and as marketing (the role allowed least),
# and runs every operation of the served OpenAPI document with every check,
# a fixed seed and enough examples to matter, once per role; then generates
# a client with openapi-python-client and checks that every operationId of
# the document is a function in it. Zero failures, or it exits non-zero.
#
#   RAPPORT_BIN       the server binary (default target/debug/rapport)
#   FUZZ_EXAMPLES     examples per operation (default 25)
#   FUZZ_SEED         the seed (default 17)
#   FUZZ_DEMO_DATA    false to start without the demo (default true)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/tests/api-fuzz"
BIN=${RAPPORT_BIN:-$ROOT/target/debug/rapport}
VENV="$ROOT/.venv"
EXAMPLES=${FUZZ_EXAMPLES:-25}
SEED=${FUZZ_SEED:-17}

[ -x "$BIN" ] || { echo "api-fuzz: $BIN is missing; build it (make test-fuzz does)" >&2; exit 2; }
[ -x "$VENV/bin/schemathesis" ] || { echo "api-fuzz: no schemathesis in $VENV; run scripts/setup test" >&2; exit 2; }

WORK=$(mktemp -d)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The server on port 0: its URL is read from what it prints.
RAPPORT_BIND=127.0.0.1:0 RAPPORT_DATABASE_URL="sqlite://$WORK/rapport.db" \
  RAPPORT_DEMO_DATA=${FUZZ_DEMO_DATA:-true} RAPPORT_ADMIN_EMAIL=admin@rapport.local RAPPORT_ADMIN_PASSWORD=rapport-admin \
  RAPPORT_JWT_SECRET=api-fuzz-secret-api-fuzz-secret-api-fuzz RAPPORT_FRONTEND_DIR="$WORK/no-app" \
  RUST_LOG=${RUST_LOG:-warn} "$BIN" >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER=$!
URL=""
for _ in $(seq 1 300); do
  URL=$(sed -n 's/^Rapport is running at \(http[^ ]*\)$/\1/p' "$WORK/server.out" | head -1)
  [ -n "$URL" ] && break
  kill -0 "$SERVER" 2>/dev/null || { echo "api-fuzz: the server exited:" >&2; cat "$WORK/server.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$URL" ] || { echo "api-fuzz: the server did not start in 30 s" >&2; cat "$WORK/server.err" >&2; exit 1; }
URL=${URL%/}

token() {
  curl -sf "$URL/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" |
    "$VENV/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

ADMIN=$(token admin@rapport.local rapport-admin)
# The demo has a marketing user; without the demo (FUZZ_DEMO_DATA=false) it is made here.
if ! MARKETING=$(token marketing@rapport.local rapport-demo 2>/dev/null); then
  curl -sf "$URL/api/v1/users" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"email":"marketing@rapport.local","display_name":"Marketing","password":"rapport-demo","role":"marketing","department":"marketing"}' >/dev/null
  MARKETING=$(token marketing@rapport.local rapport-demo)
fi

failed=0
# schemathesis keeps a cache folder where it runs: the throwaway folder.
cd "$WORK"
fuzz() {
  local who=$1 bearer=$2
  shift 2
  echo "api-fuzz: schemathesis as $who ($EXAMPLES examples per operation, seed $SEED)"
  # Access tokens live 15 minutes; a run takes a few. One worker: with two
  # threads, Hypothesis parses lambdas' sources concurrently, and CPython
  # 3.11 before 3.11.8 (pyenv's 3.11.7 here) can then fail ast.parse with
  # "SystemError: AST constructor recursion depth mismatch" (CPython
  # gh-106905), an error of the fuzzer's, not of the API.
  "$VENV/bin/schemathesis" --config-file "$HERE/schemathesis.toml" run "$URL/api-docs/openapi.json" \
    --checks all --seed "$SEED" --max-examples "$EXAMPLES" --workers 1 --no-color \
    --header "Authorization: Bearer $bearer" "$@" || failed=1
}

# The login, refresh and logout operations are fuzzed without a token (they
# take none): as an administrator or marketing they would only repeat it,
# and failed logins from one address are throttled (20 per 15 minutes),
# which then answers every later attempt 429.
AUTH='^/api/v1/auth/(login|refresh|logout)$'
fuzz administrator "$ADMIN" --exclude-path-regex "$AUTH"
fuzz marketing "$MARKETING" --exclude-path-regex "$AUTH"
echo "api-fuzz: schemathesis on the login, refresh and logout operations, no token"
"$VENV/bin/schemathesis" --config-file "$HERE/schemathesis.toml" run "$URL/api-docs/openapi.json" \
  --checks all --seed "$SEED" --max-examples "$EXAMPLES" --workers 1 --no-color \
  --include-path-regex "$AUTH" || failed=1

echo "api-fuzz: generating a Python client with openapi-python-client"
curl -sf "$URL/api-docs/openapi.json" -o "$WORK/openapi.json"
(cd "$WORK" && "$VENV/bin/openapi-python-client" generate --path openapi.json \
  --output-path client --meta none --overwrite >"$WORK/generate.log" 2>&1) ||
  { cat "$WORK/generate.log" >&2; failed=1; }
"$VENV/bin/python" "$HERE/client_covers_document.py" "$WORK/openapi.json" "$WORK/client" || failed=1

if [ "$failed" -ne 0 ]; then
  echo "api-fuzz: FAILED (server log: see above)" >&2
  tail -50 "$WORK/server.err" >&2
  exit 1
fi
echo "api-fuzz: every operation passed every check, and the generated client has them all"
