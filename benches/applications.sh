#!/usr/bin/env bash
# P1 public tracking lookups and P2 online submissions, each against /healthz on the same
# server with the same load tool (wrk, closed loop) in the same run; also the server's peak
# memory (P6) and its cold start to the first ready answer (P7).
#
#   benches/applications.sh [--postgres URL] [--applications N] [--write] [--duration S] [--connections N]
#
# --postgres URL     run on a fresh database created on that PostgreSQL server (default: SQLite)
# --applications N   applications generated before the lookups (default 1,000,000)
# --write            append the tables to docs/benchmarks.md
# Needs: wrk (apt-get install wrk), python3 (SQLite checks) or psql (PostgreSQL checks).
set -euo pipefail
cd "$(dirname "$0")/.."

postgres=""; write=0; duration=15; connections=32; applications=1000000
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
  MOTCUA_SECRET="bench-secret-0123456789-0123456789-0123456789" \
  MOTCUA_SUBMISSIONS__MAX_ONLINE_PER_CLIENT=100000000 MOTCUA_SUBMISSIONS__MAX_ONLINE_PER_CLIENT_PER_DAY=100000000
"$bin" migrate >/dev/null
gen_start=$(date +%s.%N)
"$bin" demo --applications "$applications" --pins "$work/pins.csv" --pin-sample 20000 2>/dev/null | sed -n 1p
gen_s=$(awk -v a="$gen_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
# Fresh statistics and visibility maps, as a routine maintenance run would leave them;
# otherwise autovacuum works through the new rows during the measurements.
[ -n "$postgres" ] && psql "$url" -qc "VACUUM ANALYZE" >/dev/null

start=$(date +%s.%N)
MOTCUA_BIND="127.0.0.1:$port" "$bin" serve 2>"$work/server.log" &
server=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.01; done
cold_ms=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", (b - a) * 1000 }')

base="http://127.0.0.1:$port"
read -r _ h_rps h_p99 h_err < <(run healthz "$base/healthz")
read -r _ t_rps t_p99 t_err < <(run tracking -s benches/tracking.lua "$base" -- "$work/pins.csv")
rss_mb=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")

# P2: submissions. The warm-up submits too; the checks cover every application submitted.
before=$applications
read -r _ s_rps s_p99 s_err < <(run submit -s benches/submit.lua "$base")
check_sql="SELECT COUNT(*), COUNT(DISTINCT code) FROM applications"
gaps_sql="SELECT COUNT(*) FROM (SELECT receiving_office_id, substr(code, length(code) - 10, 6) AS d, COUNT(*) AS n, MAX(CAST(substr(code, length(code) - 3, 4) AS INTEGER)) AS m FROM applications GROUP BY 1, 2) g WHERE g.n <> g.m"
if [ -n "$postgres" ]; then
  q() { psql "$url" -qtAc "$1" | tr '|' ' '; }
else
  q() { python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(*c.execute(sys.argv[2]).fetchone())" "$work/bench.db" "$1"; }
fi
read -r total distinct < <(q "$check_sql")
gaps=$(q "$gaps_sql")
submitted=$((total - before))

t_ratio=$(pct "$t_rps" "$h_rps"); t_p99_ms=$(to_ms "$t_p99")

table=$(cat <<TABLE
### P1/P2 applications, $backend, $(date -u +%Y-%m-%d) ($(nproc) cores, wrk -t2 -c$connections -d${duration}s, $applications generated applications)

| endpoint | requests/s | p99 | errors |
|---|---:|---:|---|
| GET /healthz | $h_rps | $h_p99 | $h_err |
| GET /api/v1/tracking/{code}?pin=… (random among 20,000 sampled codes) | $t_rps | $t_p99 | $t_err |
| POST /api/v1/applications (online, 20 desks × 10 procedures) | $s_rps | $s_p99 | $s_err |

- P1: tracking is **$t_ratio%** of /healthz (target ≥ 50%: $(ok "$t_ratio" 50 ge)), p99 $t_p99_ms ms (≤ 10 ms: $(ok "$t_p99_ms" 10 le)).
- P2: **$s_rps submissions/s** (target ≥ 1,000: $(ok "$s_rps" 1000 ge)); $submitted stored with $((total - distinct)) duplicate codes and $gaps office-days with gaps in their sequence.
- P6: server peak resident memory $rss_mb MB (≤ 150: $(ok "$rss_mb" 150 le)). P7: cold start to the first ready answer $cold_ms ms (≤ 1000: $(ok "$cold_ms" 1000 le)).
- Generating the $applications applications took $gen_s s.
TABLE
)
echo
echo "$table"
if [ "$write" = 1 ]; then
  { echo; echo "$table"; } >> docs/benchmarks.md
fi
