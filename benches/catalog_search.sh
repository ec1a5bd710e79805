#!/usr/bin/env bash
# P4: catalog search over the real national catalog against /healthz on the same server,
# same load tool (wrk, closed loop), same run. Prints both figures and the ratio.
#
#   benches/catalog_search.sh [--postgres URL] [--before BIN] [--write] [--duration SECONDS]
#                             [--connections N] [--limit N]
#
# --postgres URL  run on a fresh database created on that PostgreSQL server (default: SQLite)
# --before BIN    also run another build (e.g. main's) on the same database, each figure taken
#                 from it and from this build back to back, and print both with their ratios
# --write         append the table to docs/benchmarks.md
# BENCH_BIN names the build to measure (default: this tree's, built with --release).
# Needs: wrk (apt-get install wrk), ../shared/data/tthc-catalog/procedures.csv.
set -euo pipefail
cd "$(dirname "$0")/.."

postgres=""; write=0; duration=15; connections=32; limit=20; before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres="$2"; shift 2 ;;
    --before) before="$2"; shift 2 ;;
    --write) write=1; shift ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
catalog="../shared/data/tthc-catalog/procedures.csv"
[ -f "$catalog" ] || { echo "missing $catalog" >&2; exit 1; }
[ -z "$before" ] || [ -x "$before" ] || { echo "--before: $before is not an executable" >&2; exit 1; }
. benches/common.sh

export DATABASE_URL="$url" MOTCUA_ADMIN_PASSWORD="bench-password-1" MOTCUA_LOG_LEVEL=warn \
  MOTCUA_SECRET="bench-secret-0123456789-0123456789-0123456789"
"$bin" migrate >/dev/null
"$bin" import procedures "$catalog" 2>/dev/null | tail -n 1

# One server per build on the same database, both up for the whole run.
start() { # binary, port
  MOTCUA_BIND="127.0.0.1:$2" "$1" serve 2>>"$work/server.log" &
  servers+=("$!")
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$2/readyz" >/dev/null && return; sleep 0.1; done
  echo "the server on port $2 did not start" >&2; exit 1
}
servers=()
trap 'for s in "${servers[@]}"; do kill "$s" 2>/dev/null; wait "$s" 2>/dev/null; done; cleanup' EXIT
builds=(after)
start "$bin" "$port"
declare -A ports=([after]=$port)
if [ -n "$before" ]; then
  builds=(before after)
  ports[before]=$((port + 1))
  start "$before" "${ports[before]}"
fi
sed "s/limit=20/limit=$limit/" benches/search.lua > "$work/search.lua"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A rps p99 err
# Each row from every build back to back, so that both meet the same machine.
for row in healthz search search_gzip search_cold; do
  for b in "${builds[@]}"; do
    base="http://127.0.0.1:${ports[$b]}"
    case $row in
      healthz) args=("$base/healthz") ;;
      search) args=(-s "$work/search.lua" "$base/api/v1/procedures") ;;
      search_gzip) args=(-s "$work/search.lua" "$base/api/v1/procedures" -- gzip) ;;
      search_cold) args=(-s "$work/search.lua" "$base/api/v1/procedures" -- cold) ;;
    esac
    read -r _ r p e < <(run "$b-$row" "${args[@]}")
    rps[$b.$row]=$r; p99[$b.$row]=$p; err[$b.$row]=$e
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

table_of() { # build
  local b=$1 h s z c
  h=${rps[$b.healthz]}; s=${rps[$b.search]}; z=${rps[$b.search_gzip]}; c=${rps[$b.search_cold]}
  local ratio z_ratio c_ratio s_ms z_ms c_ms
  ratio=$(pct "$s" "$h"); z_ratio=$(pct "$z" "$h"); c_ratio=$(pct "$c" "$h")
  s_ms=$(to_ms "${p99[$b.search]}"); z_ms=$(to_ms "${p99[$b.search_gzip]}"); c_ms=$(to_ms "${p99[$b.search_cold]}")
  cat <<TABLE
| endpoint ($b) | requests/s | p99 | errors |
|---|---:|---:|---|
| GET /healthz | $h | ${p99[$b.healthz]} | ${err[$b.healthz]} |
| GET /api/v1/procedures?q=… (24 queries, limit $limit), plain | $s | ${p99[$b.search]} | ${err[$b.search]} |
| the same with \`Accept-Encoding: gzip\` (as browsers send) | $z | ${p99[$b.search_gzip]} | ${err[$b.search_gzip]} |
| first-time searches (every query string unique, nothing reused) | $c | ${p99[$b.search_cold]} | ${err[$b.search_cold]} |

Repeat searches: **$z_ratio%** of /healthz with gzip (target ≥ 50%: $(ok "$z_ratio" 50 ge)) and
$ratio% without ($(ok "$ratio" 50 ge)); p99 $z_ms ms with gzip, $s_ms ms without (target ≤ 10 ms:
$(ok "$z_ms" 10 le), $(ok "$s_ms" 10 le)). First-time searches: **$c_ratio%** of /healthz
(target ≥ 25%: $(ok "$c_ratio" 25 ge)), p99 $c_ms ms (target ≤ 10 ms: $(ok "$c_ms" 10 le)).
TABLE
}

table=$(
  echo "### P4 catalog search, $backend, $(date -u +%Y-%m-%d) ($(nproc) cores, wrk -t2 -c$connections -d${duration}s)"
  echo
  echo "Load average (1, 5, 15 min) at the start: $load_start; at the end: $load_end."
  for b in "${builds[@]}"; do
    echo
    [ "$b" = before ] && echo "Before: \`$before\`." && echo
    [ "$b" = after ] && [ -n "$before" ] && echo "After: \`$bin\`." && echo
    table_of "$b"
  done
  if [ -n "$before" ]; then
    echo
    echo "| after ÷ before | /healthz | repeat, gzip | repeat, plain | first-time |"
    echo "|---|---:|---:|---:|---:|"
    echo "| requests/s | $(awk -v a="${rps[after.healthz]}" -v b="${rps[before.healthz]}" 'BEGIN{printf "%.2f×", a/b}') | $(awk -v a="${rps[after.search_gzip]}" -v b="${rps[before.search_gzip]}" 'BEGIN{printf "%.2f×", a/b}') | $(awk -v a="${rps[after.search]}" -v b="${rps[before.search]}" 'BEGIN{printf "%.2f×", a/b}') | $(awk -v a="${rps[after.search_cold]}" -v b="${rps[before.search_cold]}" 'BEGIN{printf "%.2f×", a/b}') |"
  fi
)
echo
echo "$table"
if [ "$write" = 1 ]; then
  { echo; echo "$table"; } >> docs/benchmarks.md
fi
