#!/usr/bin/env bash
# The whole OpenAPI document against a running server, with schemathesis: every operation,
# every check, as an administrator (a bearer token from a sign-in) and anonymously, on SQLite
# and, when MOTCUA_TEST_POSTGRES_URL names a server, on PostgreSQL. Fails on any failure of a
# check (a 5xx, a status, header, content type or body the document does not describe, a 4xx
# that is not problem+json, an accepted invalid request…).
#
# Usage: .ci/schemathesis.sh [SECONDS_PER_RUN]   (default 45; four runs in all)
# Needs: python3 with venv; target/debug/motcua is built here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

SCHEMATHESIS_VERSION=4.32.5
per_run=${1:-${SCHEMATHESIS_SECONDS:-45}}
venv=target/schemathesis-venv
work=target/schemathesis
mkdir -p "$work"

if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
"$venv/bin/schemathesis" --version

cargo build --locked --quiet
binary=target/debug/motcua
admin_password=schemathesis-admin-password

server_pid=
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
  fi
}
trap stop_server EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts a server over a fresh database with the demo district (offices, procedures and a few
# hundred applications, so reads find something) and prints its base URL.
start_server() {
  local url=$1 port
  port=$(free_port)
  export DATABASE_URL=$url MOTCUA_BIND=127.0.0.1:$port MOTCUA_ADMIN_PASSWORD=$admin_password \
    MOTCUA_SECRET=a-schemathesis-secret-of-at-least-32-characters MOTCUA_LOG_LEVEL=warn \
    MOTCUA_WORKERS=2
  "$binary" demo --applications 300 --until "$(date -u +%Y-%m-%d)" >"$work/demo.log" 2>&1
  # An administrator of its own: the document's examples name `admin`, and a run that changed
  # its password or signed it out would leave the rest of the run anonymous.
  MOTCUA_NEW_USER_PASSWORD=$admin_password "$binary" user add --username fuzz.admin --role admin \
    >>"$work/demo.log" 2>&1
  "$binary" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null
  base="http://127.0.0.1:$port"
}

total_requests=0
failed=0
# One schemathesis run; adds its request count to the total and notes a failure.
run() {
  local name=$1
  shift
  local log="$work/$name.log" status=0
  # One worker: hypothesis's description of lambdas is not thread-safe in this version
  # ("AST constructor recursion depth mismatch" with two).
  # Run from target/schemathesis: schemathesis keeps the failures it found under the working
  # folder (.schemathesis/) and replays them first next time.
  # No `--checks`: every check is on by default, and a check named on the command line
  # (`--checks all` names them all) overrides the `[[operations]]` settings of
  # .ci/schemathesis.toml, whose exemption for the catalog import would then be ignored.
  (cd "$work" && PYTHONPATH="$root/.ci" SCHEMATHESIS_HOOKS=schemathesis_hooks \
    "$root/$venv/bin/schemathesis" --config-file "$root/.ci/schemathesis.toml" \
    run "$root/openapi/openapi.json" --url "$base" \
    --mode all --max-time "$per_run" --workers 1 \
    --request-timeout 20 --generation-database none --no-color \
    --suppress-health-check all --report ndjson --report-ndjson-path "$name.ndjson" \
    "$@") >"$log" 2>&1 || status=$?
  local requests
  requests=$(python3 - "$work/$name.ndjson" <<'PY'
import json, sys

# Every response schemathesis recorded, wherever it sits in an event.
def responses(node):
    if isinstance(node, dict):
        if "status_code" in node and "elapsed" in node:
            yield node["status_code"]
        for value in node.values():
            yield from responses(value)
    elif isinstance(node, list):
        for value in node:
            yield from responses(value)

statuses = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        statuses.extend(responses(json.loads(line)))
print(len(statuses), sum(1 for s in statuses if s >= 500))
PY
)
  total_requests=$((total_requests + ${requests% *}))
  echo "schemathesis $name: exit $status, requests ${requests% *}, 5xx ${requests#* }"
  tail -n 25 "$log"
  if [ "$status" -ne 0 ]; then failed=1; fi
}

backend() {
  local label=$1 url=$2
  start_server "$url"
  local token
  token=$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"username\": \"fuzz.admin\", \"password\": \"$admin_password\"}" \
    "$base/api/v1/auth/login" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
  # Signing out would end the token the rest of the run uses; the anonymous run covers it.
  run "$label-admin" -H "Authorization: Bearer $token" --exclude-operation-id logout
  run "$label-anonymous"
  stop_server
}

rm -f "$work"/*.db*
backend sqlite "sqlite://$PWD/$work/schemathesis.db"

if [ -n "${MOTCUA_TEST_POSTGRES_URL:-}" ]; then
  database="motcua_schemathesis_$$"
  server=${MOTCUA_TEST_POSTGRES_URL%/*}
  psql "$MOTCUA_TEST_POSTGRES_URL" -qc "CREATE DATABASE $database"
  backend postgres "$server/$database?sslmode=disable"
  psql "$MOTCUA_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)"
fi

echo "schemathesis: ${total_requests} requests in all"
exit "$failed"
