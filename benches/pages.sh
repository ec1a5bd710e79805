#!/usr/bin/env bash
# The public pages' budgets: bytes transferred on a first visit (HTML + CSS + JS + icon,
# gzip) and on a repeat visit (the assets cached: HTML only), against 60 KB and 15 KB; and a
# procedure's page against its JSON route (`/api/v1/procedures/{code}`), and an application's
# tracking status page (`/track/{code}?t=`, what slip 01's QR code opens) against the JSON
# tracking route (`/api/v1/tracking/{code}?pin=`), each pair in the same run, with the ratio
# of throughputs (target >= 0.5). Release build, 127.0.0.1 only, each run --duration seconds.
#   bash benches/pages.sh [--postgres URL] [--applications N] [--duration S]
# To add a page: append "name path" to PAGES below, and a "name-page json-path" pair to PAIRS
# for a throughput comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
postgres=""; applications=3000; duration=10; connections=16
while [ $# -gt 0 ]; do
  case $1 in
    --postgres) postgres=$2; shift 2 ;;
    --applications) applications=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
source benches/common.sh
export MOTCUA_DATABASE_URL="$url" MOTCUA_BIND="127.0.0.1:$port" MOTCUA_ADMIN_PASSWORD=bench-admin-password
export MOTCUA_SECRET="a bench secret of at least thirty-two characters" MOTCUA_LOG_LEVEL=warn
"$bin" demo --applications "$applications" --until "$(date -u +%F)" \
  --pins "$work/pins.csv" --pin-sample 1 >/dev/null
"$bin" serve & server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
code=$(curl -s "$base/api/v1/procedures?q=dang+ky+khai+sinh&limit=1" | sed -E 's/.*"code":"([^"]+)".*/\1/')
IFS=, read -r app pin < <(grep -m1 , "$work/pins.csv")
# The PIN typed on the site moves to the link token's address: the QR code's.
tracked=$(curl -s -o /dev/null -w '%{redirect_url}' "$base/track/$app?pin=$pin")
tracked=${tracked#"$base"}

PAGES=(
  "home /"
  "search /procedures?q=dang+ky+khai+sinh"
  "procedure /procedures/$code"
  "statistics /statistics"
  "tracking $tracked"
)
PAIRS=(
  "procedure /procedures/$code /api/v1/procedures/$code"
  "tracking $tracked /api/v1/tracking/$app?pin=$pin"
)

bytes() { curl -s -o /dev/null -H 'Accept-Encoding: gzip' -H 'Accept: text/html' -w '%{size_download}' "$base$1"; }
echo "page first_visit_bytes repeat_visit_bytes first<=61440 repeat<=15360"
for entry in "${PAGES[@]}"; do
  set -- $entry; name=$1; path=$2
  html=$(bytes "$path")
  assets=0
  for asset in $(curl -s "$base$path" | grep -oE '/assets/[A-Za-z0-9._-]+' | sort -u); do
    assets=$((assets + $(bytes "$asset")))
  done
  first=$((html + assets))
  echo "$name $first $html $(ok "$first" 61440 le) $(ok "$html" 15360 le)"
done
echo
echo "pair page_rps page_p99 json_rps json_p99 ratio ratio>=0.5"
for entry in "${PAIRS[@]}"; do
  set -- $entry; name=$1; page=$2; json=$3
  read -r _ prps pp99 _ < <(run "$name-page" -H 'Accept-Encoding: gzip' -H 'Accept: text/html' "$base$page")
  read -r _ jrps jp99 _ < <(run "$name-json" -H 'Accept-Encoding: gzip' "$base$json")
  ratio=$(awk -v a="$prps" -v b="$jrps" 'BEGIN { printf "%.2f", a / b }')
  echo "$name $prps $pp99 $jrps $jp99 $ratio $(ok "$ratio" 0.5 ge)"
done
