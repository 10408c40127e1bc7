#!/usr/bin/env bash
# Two builds of autosana-webhook side by side, in the same run: an earlier one (the peer) and this
# one, on the work every other benchmark here measures against its own peer: verify of a 2 KB
# payload (start-up), and parse --check, parse, summarize and summarize --format junit of a ~20 MB
# payload. For a change that must not make anything slower (a refactoring): every ratio should be
# about 1.00 or less.
# Usage: bench/before_after.sh path/to/earlier/autosana-webhook [path/to/autosana-webhook]
#   e.g. git worktree add /tmp/before HEAD~10 && cmake -S /tmp/before -B /tmp/before/build \
#        -DAUTOSANA_BUILD_TESTS=OFF && cmake --build /tmp/before/build -j2
#        bench/before_after.sh /tmp/before/build/autosana-webhook
# (needs: scripts/install-deps bench)
set -euo pipefail
cd "$(dirname "$0")/.."
before=$(realpath "${1:?give the earlier build of autosana-webhook}")
after=$(realpath "${2:-build/autosana-webhook}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
payload=$work/payload.json
python3 bench/generate_payload.py "${PAYLOAD_GROUPS:-1000}" "${PAYLOAD_RUNS:-100}" > "$payload"
export AUTOSANA_WEBHOOK_SECRET=bench-secret
small=examples/payload.json
signature=$("$after" sign "$small")
"$before" verify -q --signature "$signature" "$small"   # both must agree before they are timed
"$after" verify -q --signature "$signature" "$small"

measure() {  # name, runs, command arguments (the binary goes first)
  local name=$1 runs=$2
  shift 2
  hyperfine -N --warmup 3 --runs "$runs" --output=null --export-json "$work/$name.json" \
    -n before "$before $*" -n after "$after $*" > /dev/null
}
measure verify "${RUNS_STARTUP:-500}" verify -q --signature "$signature" "$small"
measure parse_check "${RUNS_TIMED:-10}" parse --check "$payload"
measure parse "${RUNS_TIMED:-10}" parse "$payload"
measure summarize "${RUNS_TIMED:-10}" summarize --exit-zero "$payload"
measure junit "${RUNS_TIMED:-10}" summarize --exit-zero --format junit "$payload"

python3 - "$work" "$(wc -c < "$payload")" <<'PY'
import json, os, sys
work, size = sys.argv[1], int(sys.argv[2])
print(f"\nthis build against the earlier one (after / before wall time; a {size / 1e6:.1f} MB payload):")
for name, label in [("verify", "verify, 2 KB (start-up)"), ("parse_check", "parse --check"),
                    ("parse", "parse (pretty)"), ("summarize", "summarize"),
                    ("junit", "summarize --format junit")]:
    results = {r["command"]: r["mean"] for r in json.load(open(os.path.join(work, name + ".json")))["results"]}
    before, after = results["before"], results["after"]
    print(f"  {label:28} before {before * 1000:8.2f} ms  after {after * 1000:8.2f} ms  ratio {after / before:.2f}")
PY
