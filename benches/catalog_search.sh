#!/usr/bin/env bash
# P4: catalog search over the real national catalog against /healthz on the same server,
# same load tool (wrk, closed loop), same run. Prints both figures and the ratio.
#
#   benches/catalog_search.sh [--postgres URL] [--write] [--duration SECONDS] [--connections N] [--limit N]
#
# --postgres URL  run on a fresh database created on that PostgreSQL server (default: SQLite)
# --write         append the table to docs/benchmarks.md
# Needs: wrk (apt-get install wrk), ../shared/data/tthc-catalog/procedures.csv.
set -euo pipefail
cd "$(dirname "$0")/.."

postgres=""; write=0; duration=15; connections=32; limit=20
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres="$2"; shift 2 ;;
    --write) write=1; shift ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
catalog="../shared/data/tthc-catalog/procedures.csv"
[ -f "$catalog" ] || { echo "missing $catalog" >&2; exit 1; }
. benches/common.sh

export DATABASE_URL="$url" MOTCUA_ADMIN_PASSWORD="bench-password-1" MOTCUA_LOG_LEVEL=warn \
  MOTCUA_SECRET="bench-secret-0123456789-0123456789-0123456789"
"$bin" migrate >/dev/null
"$bin" import procedures "$catalog" 2>/dev/null | tail -n 1
MOTCUA_BIND="127.0.0.1:$port" "$bin" serve 2>"$work/server.log" &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

base="http://127.0.0.1:$port"
read -r _ h_rps h_p99 h_err < <(run healthz "$base/healthz")
sed "s/limit=20/limit=$limit/" benches/search.lua > "$work/search.lua"
read -r _ s_rps s_p99 s_err < <(run search -s "$work/search.lua" "$base/api/v1/procedures")
read -r _ z_rps z_p99 z_err < <(run search_gzip -s "$work/search.lua" "$base/api/v1/procedures" -- gzip)
read -r _ c_rps c_p99 c_err < <(run search_cold -s "$work/search.lua" "$base/api/v1/procedures" -- cold)

ratio=$(pct "$s_rps" "$h_rps"); z_ratio=$(pct "$z_rps" "$h_rps"); c_ratio=$(pct "$c_rps" "$h_rps")
s_p99_ms=$(to_ms "$s_p99"); z_p99_ms=$(to_ms "$z_p99")

table=$(cat <<TABLE
### P4 catalog search, $backend, $(date -u +%Y-%m-%d) ($(nproc) cores, wrk -t2 -c$connections -d${duration}s)

| endpoint | requests/s | p99 | errors |
|---|---:|---:|---|
| GET /healthz | $h_rps | $h_p99 | $h_err |
| GET /api/v1/procedures?q=… (24 queries, limit $limit), plain | $s_rps | $s_p99 | $s_err |
| the same with \`Accept-Encoding: gzip\` (as browsers send) | $z_rps | $z_p99 | $z_err |
| first-time searches (every query string unique, nothing reused) | $c_rps | $c_p99 | $c_err |

Search throughput is **$z_ratio%** of /healthz with gzip (target ≥ 50%: $(ok "$z_ratio" 50 ge)) and
$ratio% without ($(ok "$ratio" 50 ge)); search p99 $z_p99_ms ms with gzip, $s_p99_ms ms without
(target ≤ 10 ms: $(ok "$z_p99_ms" 10 le), $(ok "$s_p99_ms" 10 le)). Searches never seen before
by this snapshot: $c_ratio%, p99 $(to_ms "$c_p99") ms.
TABLE
)
echo
echo "$table"
if [ "$write" = 1 ]; then
  { echo; echo "$table"; } >> docs/benchmarks.md
fi
