#!/usr/bin/env bash
# R7 backups under load: `motcua backup` while online submissions keep arriving (wrk, closed
# loop), against the same load without a backup; then `motcua restore` of the last copy into a
# new database and its verification. On SQLite also `sqlite3 .backup` under the same load.
#
#   benches/backup.sh [--postgres URL] [--applications N] [--duration S] [--connections N]
#
# --postgres URL     run on fresh databases created on that PostgreSQL server (default: SQLite)
# --applications N   demo applications generated first (default 75,000: about 270 MB in SQLite)
# --duration S       seconds of each load run (default 20)
# --from FILE        SQLite: start from a copy of this database instead of generating one
# Needs: wrk; sqlite3 for the comparison (skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."

postgres=""; duration=20; connections=8; applications=75000; from=""
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) postgres="$2"; shift 2 ;;
    --applications) applications="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
. benches/common.sh

export DATABASE_URL="$url" MOTCUA_LOG_LEVEL=warn \
  MOTCUA_SECRET="bench-secret-0123456789-0123456789-0123456789" \
  MOTCUA_SUBMISSIONS__MAX_ONLINE_PER_CLIENT=100000000 MOTCUA_SUBMISSIONS__MAX_ONLINE_PER_CLIENT_PER_DAY=100000000
if [ -n "$from" ]; then
  sqlite3 "$from" "VACUUM INTO '$work/bench.db'"
  applications=$(sqlite3 "$work/bench.db" "SELECT COUNT(*) FROM applications")
else
  "$bin" migrate >/dev/null
  "$bin" demo --applications "$applications" 2>/dev/null | sed -n 1p
fi
if [ -n "$postgres" ]; then
  size_mb=$(psql "$url" -qtAc "SELECT pg_database_size(current_database()) / 1000000")
else
  size_mb=$(( $(stat -c %s "$work/bench.db") / 1000000 ))
fi

MOTCUA_BIND="127.0.0.1:$port" "$bin" serve 2>"$work/server.log" &
server=$!
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.01; done
base="http://127.0.0.1:$port"

load() { # name: submissions for $duration seconds, in the background; sets $wrk_pid
  wrk -t2 -c"$connections" -d"${duration}s" -s benches/submit.lua "$base" > "$work/$1.txt" &
  wrk_pid=$!
}
rps() { awk '/^Requests\/sec/ {printf "%.0f", $2}' "$work/$1.txt"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

load idle; wait "$wrk_pid"
idle_rps=$(rps idle)

# Backups one after another for as long as the load runs.
load motcua; sleep 1
n=0; times=()
while kill -0 "$wrk_pid" 2>/dev/null; do
  n=$((n + 1)); rm -f "$work/copy.bak" "$work/copy.bak.manifest.json"
  t0=$(now); "$bin" backup "$work/copy.bak" >/dev/null; t1=$(now)
  times+=("$(secs "$t0" "$t1")")
done
wait "$wrk_pid"
motcua_rps=$(rps motcua)
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
motcua_s=$(median "${times[@]}")
copy_mb=$(( $(stat -c %s "$work/copy.bak") / 1000000 ))

legacy=""
if [ -z "$postgres" ] && command -v sqlite3 >/dev/null; then
  load legacy; sleep 1
  t0=$(now); timeout $((duration * 5)) sqlite3 "$work/bench.db" ".timeout 5000" ".backup $work/legacy.bak"; t1=$(now)
  wait "$wrk_pid"
  legacy="| sqlite3 .backup, once | $(secs "$t0" "$t1") s | $(rps legacy) | $(awk -v a="$(rps legacy)" -v b="$idle_rps" 'BEGIN { printf "%.0f", 100 * a / b }')% |"
fi
kill "$server"; wait "$server" 2>/dev/null || true; server=""

# The last copy restored into a new database, and verified.
if [ -n "$postgres" ]; then
  psql "$postgres" -qc "CREATE DATABASE ${dbname}_r" >/dev/null
  restored="${postgres%/*}/${dbname}_r"
else
  restored="sqlite://$work/restored.db"
fi
t0=$(now)
DATABASE_URL="$restored" "$bin" restore "$work/copy.bak" > "$work/restore.txt" 2>&1 && verdict=passed || verdict=FAILED
t1=$(now)
[ -n "$postgres" ] && psql "$postgres" -qc "DROP DATABASE IF EXISTS ${dbname}_r WITH (FORCE)" >/dev/null

cat <<TABLE

### R7 backups under load, $backend, $(date -u +%Y-%m-%d) ($(nproc) cores, wrk -t2 -c$connections -d${duration}s POST /api/v1/applications, $applications generated applications, database $size_mb MB)

| | backup time | submissions/s during | of the load alone |
|---|---:|---:|---:|
| no backup | | $idle_rps | 100% |
| motcua backup, $n in a row (median) | $motcua_s s | $motcua_rps | $(awk -v a="$motcua_rps" -v b="$idle_rps" 'BEGIN { printf "%.0f", 100 * a / b }')% |
$legacy

- The copy: $copy_mb MB. Restored into a new database and verified in $(secs "$t0" "$t1") s: **$verdict**.

\`\`\`
$(cat "$work/restore.txt")
\`\`\`
TABLE
