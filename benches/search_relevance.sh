#!/usr/bin/env bash
# P9: search relevance over the real catalog. Runs the labelled queries of
# benches/search_relevance.tsv through GET /api/v1/procedures?q= (the real catalog imported
# first) and prints each query's top three, success@1 and success@3; exits non-zero below the
# targets (85% and 95%). Needs ../shared/data/tthc-catalog/procedures.csv.
#
#   benches/search_relevance.sh [--postgres URL]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--postgres" ]; then export MOTCUA_TEST_POSTGRES_URL="$2"; fi
cargo test --test api search_relevance_over_the_real_catalog -- --include-ignored --nocapture 2>&1 \
  | grep -E '^(\||[0-9]+ queries|test |thread )'
