# Shared by the load scripts: a fresh database (SQLite in a temporary folder, or a new
# PostgreSQL database when $postgres is set), the release binary, cleanup on exit, and wrk
# runs reduced to one line. Source it after reading the options.

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

# BENCH_BIN runs another build (e.g. an earlier commit's, to compare two back to back).
if [ -n "${BENCH_BIN:-}" ]; then
  bin=$BENCH_BIN
else
  cargo build --release --quiet
  bin=target/release/motcua
fi
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
dbname=""
if [ -n "$postgres" ]; then
  dbname="motcua_bench_$$"
  psql "$postgres" -qc "CREATE DATABASE $dbname" >/dev/null
  url="${postgres%/*}/$dbname"
  backend=postgres
else
  url="sqlite://$work/bench.db"
  backend=sqlite
fi
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  [ -n "$dbname" ] && psql "$postgres" -qc "DROP DATABASE IF EXISTS $dbname WITH (FORCE)" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

run() { # name, extra wrk args...
  local name=$1; shift
  wrk -t2 -c"$connections" -d2s "$@" >/dev/null  # warm-up
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" > "$work/$name.txt"
  local rps p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$name.txt")
  errors=$(grep -E "Non-2xx|Socket errors" "$work/$name.txt" | tr '\n' ' ' || true)
  echo "$name $rps $p99 ${errors:-none}"
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
to_ms() {
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v); print v + 0 } else { sub(/s/, "", v); print v * 1000 } }'
}
ok() { awk -v r="$1" -v t="$2" -v dir="$3" 'BEGIN { print ((dir == "ge" && r >= t) || (dir == "le" && r <= t)) ? "yes" : "no" }'; }
