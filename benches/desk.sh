#!/usr/bin/env bash
# The reception desk under load: (a) the desk's queue page (/staff/desk, four queues of one
# office with their counts) at N generated applications, its server time per request (one
# connection) and its throughput; (b) the desk intake's submit (the page's multipart form,
# cookie session) against the JSON desk submission (bearer token), same clerk, same
# application, same run. The intake must reach half the JSON route's throughput.
#
#   benches/desk.sh [--postgres URL] [--applications N] [--write] [--duration S] [--connections N]
#
# --postgres URL     run on a fresh database created on that PostgreSQL server (default: SQLite)
# --applications N   applications generated first (default 1,000,000)
# --write            append the table to docs/benchmarks.md
# Needs: wrk, curl, python3 (SQLite) or psql (PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."

postgres=""; write=0; duration=15; connections=8; applications=1000000
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres="$2"; shift 2 ;;
    --applications) applications="$2"; shift 2 ;;
    --write) write=1; shift ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
. benches/common.sh

export DATABASE_URL="$url" MOTCUA_ADMIN_PASSWORD="bench-password-1" MOTCUA_LOG_LEVEL=warn \
  MOTCUA_SECRET="bench-secret-0123456789-0123456789-0123456789"
"$bin" migrate >/dev/null
gen_start=$(date +%s.%N)
"$bin" demo --applications "$applications" --until "$(date -u +%F)" 2>/dev/null | sed -n 1p
gen_s=$(awk -v a="$gen_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
[ -n "$postgres" ] && psql "$url" -qc "VACUUM ANALYZE" >/dev/null

if [ -n "$postgres" ]; then
  q() { psql "$url" -qtAc "$1" | tr '|' ' '; }
else
  q() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(*c.execute(sys.argv[2]).fetchone())" "$work/bench.db" "$1"; }
fi
# The office with the most applications, and what its queues hold.
read -r office_id office < <(q "SELECT o.id, o.code FROM offices o JOIN applications a ON a.receiving_office_id = o.id GROUP BY o.id, o.code ORDER BY COUNT(*) DESC LIMIT 1")
read -r at_office < <(q "SELECT COUNT(*) FROM applications WHERE receiving_office_id = '$office_id'")
read -r waiting < <(q "SELECT COUNT(*) FROM applications WHERE receiving_office_id = '$office_id' AND status = 1")
read -r ready < <(q "SELECT COUNT(*) FROM applications WHERE receiving_office_id = '$office_id' AND status = 9")
procedure="1.980000"
MOTCUA_NEW_USER_PASSWORD="desk-bench-password" "$bin" user add --username deskbench \
  --role clerk --office "$office" >/dev/null

MOTCUA_BIND="127.0.0.1:$port" "$bin" serve 2>"$work/server.log" &
server=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.05; done
base="http://127.0.0.1:$port"

# The clerk's page session (sign-in form with its token), and the intake form's token.
jar="$work/jar"
token_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
t=$(curl -s -c "$jar" -b "$jar" -H 'Accept: text/html' "$base/staff/sign-in" | token_of)
signed=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" -H 'Accept: text/html' \
  --data-urlencode "username=deskbench" --data-urlencode "password=desk-bench-password" \
  --data-urlencode "csrf=$t" "$base/staff/sign-in")
case "$signed" in *"/staff/desk") ;; *) echo "sign-in answered $signed" >&2; exit 1 ;; esac
form=$(curl -s -c "$jar" -b "$jar" -H 'Accept: text/html' "$base/staff/desk/intake?procedure=$procedure")
csrf=$(printf '%s' "$form" | token_of)
cookie=$(awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }' "$jar")
# The places of the procedure's documents, ticked as the form ticks them (the required ones).
ticks=$(printf '%s' "$form" | grep -o 'name="documents\[[0-9]*\]" type="checkbox" value="1" checked' \
  | sed 's/.*documents\[\([0-9]*\)\].*/\1/' | paste -sd, -)
bearer=$(curl -s -H 'Content-Type: application/json' \
  -d '{"username":"deskbench","password":"desk-bench-password"}' "$base/api/v1/auth/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
names=$(curl -s -H "Authorization: Bearer $bearer" "$base/api/v1/procedures/$procedure" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print("|".join(x["name"] for x in d["documents"] if not x.get("optional")))')
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H 'Accept: text/html' "$base/staff/desk")
[ "$status" = 200 ] || { echo "the desk page answered $status" >&2; exit 1; }

# (a) The queue page: one connection for the time of one request, then the throughput.
wrk -t1 -c1 -d"${duration}s" --latency -s benches/desk_page.lua "$base" -- "$cookie" > "$work/one.txt"
one_avg=$(awk '/^    Latency/ {print $2}' "$work/one.txt")
one_p99=$(awk '$1 == "99%" {print $2}' "$work/one.txt")
read -r _ p_rps p_p99 p_err < <(run page -s benches/desk_page.lua "$base" -- "$cookie")
read -r _ h_rps h_p99 h_err < <(run healthz "$base/healthz")

# (b) The intake's submit against the JSON desk submission, back to back.
read -r before < <(q "SELECT COUNT(*) FROM applications")
read -r _ j_rps j_p99 j_err < <(run json -s benches/desk_submit.lua "$base" -- "$bearer" "$office" "$procedure" "$names")
read -r middle < <(q "SELECT COUNT(*) FROM applications")
read -r _ i_rps i_p99 i_err < <(run intake -s benches/desk_intake.lua "$base" -- "$cookie" "$csrf" "$procedure" "$ticks")
read -r after < <(q "SELECT COUNT(*) FROM applications")
load=$(cut -d' ' -f1-3 /proc/loadavg)
ratio=$(awk -v a="$i_rps" -v b="$j_rps" 'BEGIN { printf "%.2f", a / b }')

table=$(cat <<TABLE
##### Desk, $backend, $(date -u +%F) ($(nproc) cores, load average $load; wrk -t2 -c$connections -d${duration}s; $applications generated applications in ${gen_s} s)

Office $office: $at_office applications, $waiting waiting to be received, $ready results ready.

| measure | requests/s | p99 | server time (1 connection, mean / p99) | errors |
| --- | ---: | ---: | ---: | --- |
| \`GET /staff/desk\` (four queues and counts) | $p_rps | $p_p99 | $one_avg / $one_p99 | $p_err |
| \`GET /healthz\` (same run) | $h_rps | $h_p99 | | $h_err |
| JSON desk submission \`POST /api/v1/applications\` | $j_rps | $j_p99 | | $j_err |
| desk intake \`POST /staff/desk/intake\` (303 to slip 01) | $i_rps | $i_p99 | | $i_err |

Intake ÷ JSON: **$ratio** (target ≥ 0.5; ok: $(ok "$ratio" 0.5 ge)). Applications created
(warm-ups included): JSON $((middle - before)), intake $((after - middle)), each intake answered
with its 303 to slip 01.
TABLE
)
echo "$table"
if [ "$write" = 1 ]; then printf '\n%s\n' "$table" >> docs/benchmarks.md; fi
