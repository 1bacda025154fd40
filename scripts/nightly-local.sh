#!/usr/bin/env bash
# The nightly workflow's steps as plain local commands (.github/workflows/authcanary-nightly.yml): two shards,
# merged, the job summary printed. Default env: local (the embedded reference target). Usage:
#   bash scripts/nightly-local.sh [ENV] [OUT]        e.g. bash scripts/nightly-local.sh staging reports/nightly
set -uo pipefail
cd "$(dirname "$0")/.."
AUTH_ENV="${1:-local}"
OUT="${2:-reports/nightly}"
FAIL_ON="${FAIL_ON:-error}"
SHARDS=2
for SHARD in $(seq 1 "$SHARDS"); do
  code=0
  node bin/authcanary.js run --env "$AUTH_ENV" --no-allure --fail-on "$FAIL_ON" --shard "$SHARD/$SHARDS" --reports "$OUT/shards/authcanary-shard-$SHARD" || code=$?
  [ "$code" -le 1 ] || exit "$code"
done
code=0
node bin/authcanary.js merge "$OUT"/shards/authcanary-shard-* --out "$OUT/report" --history "$OUT/history" --fail-on "$FAIL_ON" || code=$?
node bin/authcanary.js summary --from "$OUT/report/summary.json" | tee "$OUT/job-summary.md"
exit "$code"
