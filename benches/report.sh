#!/usr/bin/env bash
# P3: the results report for one province-sized unit, one quarter, grouped by field.
#
# Generates N applications in the demo province (98) over 2020, then
#  - times the report in process against one hand-written SQL aggregation over the raw rows
#    (`motcua report results --compare-raw`, which also checks that both count alike), and
#  - loads GET /api/v1/reports/results over HTTP with wrk (closed loop) for its latency.
#
#   benches/report.sh [--applications N] [--postgres postgres://…/postgres] [--runs 20]
#                     [--duration 10] [--connections 4] [--write]
#
# --write appends the table to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

postgres=""; write=0; duration=10; connections=4; applications=1000000; runs=20
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres="$2"; shift 2 ;;
    --applications) applications="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
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
"$bin" demo --applications "$applications" --until 2020-12-31 2>/dev/null | sed -n 1p
gen_s=$(awk -v a="$gen_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
[ -n "$postgres" ] && psql "$url" -qc "VACUUM ANALYZE" >/dev/null

quarter="--unit 98 --from 2020-04-01 --to 2020-06-30 --group-by field"
in_process=$("$bin" report results $quarter --compare-raw "$runs" | tail -1)

MOTCUA_BIND="127.0.0.1:$port" "$bin" serve 2>"$work/server.log" &
server=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.01; done
base="http://127.0.0.1:$port"
token=$(curl -sf -H 'Content-Type: application/json' \
  -d '{"username": "admin", "password": "bench-password-1"}' "$base/api/v1/auth/login" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
path="/api/v1/reports/results?unit=98&from=2020-04-01&to=2020-06-30&group_by=field"
lines=$(curl -sf -H "Authorization: Bearer $token" "$base$path" |
  python3 -c 'import json, sys; r = json.load(sys.stdin); print(len(r["lines"]), r["total"]["received_total"])')
read -r _ r_rps r_p99 r_err < <(run report -H "Authorization: Bearer $token" "$base$path")
r_p50=$(awk '$1 == "50%" {print $2}' "$work/report.txt")
rss_mb=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$server/status")

IFS='|' read -r _ n_lines counted t_ms raw_ms ratio agree _ <<<"$in_process"
p99_ms=$(to_ms "$r_p99")
table=$(cat <<TABLE

**$backend, $applications applications** (generated in $gen_s s): province 98, 2020-Q2, by field ($(echo $n_lines) lines, $(echo $lines | cut -d' ' -f2) received in the quarter or carried into it).

| | median | note |
|---|---:|---|
| report from the tallies, in process | $(echo $t_ms) ms | $runs runs |
| one hand-written SQL aggregation over the raw rows | $(echo $raw_ms) ms | same run; counts agree: $(echo $agree) |
| ratio | **$(echo $ratio)** | target ≥ 10× |
| GET $path over HTTP (wrk, $connections connections, ${duration} s) | p50 $r_p50, p99 $r_p99 | $r_rps requests/s, errors: $r_err |

- P3: $(echo $t_ms) ms in process and p99 $p99_ms ms over HTTP (target ≤ 100 ms: $(ok "$p99_ms" 100 le)); $(echo $ratio) faster than the raw aggregation (≥ 10×: $(ok "${ratio%×*}" 10 ge)). Server peak RSS $rss_mb MB.
TABLE
)
echo "$table"
if [ "$write" = 1 ]; then
  { echo; echo "$table"; } >> docs/benchmarks.md
fi
