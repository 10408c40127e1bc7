#!/usr/bin/env bash
# Verify of a ~2 KB payload, side by side with `openssl dgst -sha256 -hmac` on the same file
# (the tool people otherwise script), measured by hyperfine in the same run.
# Target (issue 2): autosana-webhook at most 0.5x openssl's wall time.
# Usage: bench/verify_startup.sh [path/to/autosana-webhook]    (needs: scripts/install-deps bench)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-build/autosana-webhook}
payload=examples/payload.json
secret=bench-secret
runs=${RUNS:-500}

export AUTOSANA_WEBHOOK_SECRET=$secret
signature=$("$binary" sign "$payload")
"$binary" verify -q --signature "$signature" "$payload"   # must pass before it is timed
results=$(mktemp)
trap 'rm -f "$results"' EXIT

hyperfine --shell=none --warmup 50 --runs "$runs" --export-json "$results" \
  -n autosana-webhook "$binary verify -q --signature $signature $payload" \
  -n "openssl dgst" "openssl dgst -sha256 -hmac $secret $payload"

python3 - "$results" "$(wc -c < "$payload")" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours, peer = results["autosana-webhook"]["mean"], results["openssl dgst"]["mean"]
print(f"\nverify of a {sys.argv[2]}-byte payload: autosana-webhook {ours*1000:.2f} ms, "
      f"openssl dgst {peer*1000:.2f} ms, ratio {ours/peer:.2f} (target <= 0.50)")
PY
