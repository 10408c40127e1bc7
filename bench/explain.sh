#!/usr/bin/env bash
# verify --explain's cost: wall time and peak memory on realistic payloads of about 2 KB, 200 KB,
# 2 MB and 10 MB (compact, as frameworks re-send them) and on an 81 KB body nested 500 levels
# deep, each with a signature that no change explains, so the search tries everything it knows;
# then three hostile 10 MiB shapes (deep and wide; escapes in every string; é and U+2028).
# The peer, in the same run, is one `openssl dgst -sha256 -hmac` of the same body: the ratio says
# how many plain HMACs a whole diagnosis costs. With an earlier build as a second argument, it is
# measured too (its memory and time are what the streaming search replaced).
# Usage: bench/explain.sh [path/to/autosana-webhook [path/to/earlier/autosana-webhook]]
# (needs: scripts/install-deps bench)
set -euo pipefail
cd "$(dirname "$0")/.."
tool=$(realpath "${1:-build/autosana-webhook}")
earlier=${2:+$(realpath "$2")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export AUTOSANA_WEBHOOK_SECRET=bench-secret

make_payload() {  # name, groups, runs per group
  python3 bench/generate_payload.py "$2" "$3" > "$work/$1.pretty"
  "$tool" parse --compact "$work/$1.pretty" > "$work/$1"
}
make_payload 2KB 1 8
make_payload 200KB 120 8
make_payload 2MB 1200 8
make_payload 10MB 3100 16
python3 - "$work/deep500" <<'PY'
import sys
# 250 objects and 250 arrays inside each other, with 150 numbers at each level: 81 KB, 500 deep.
body = "".join('{"name":"level %d","runs":[%s' % (i, "0," * 150) for i in range(250)) + "0" + "]}" * 250
open(sys.argv[1], "w").write(body)
PY
python3 - "$work/deep-wide" "$work/escapes" "$work/unicode" <<'PY'
import sys
# Hostile shapes of 10 MiB: 500 deep with five million numbers inside (indenting it would write
# gigabytes), and 400,000 objects whose every string holds escapes (the slowest to re-escape).
size = 10 * 1024 * 1024
open(sys.argv[1], "w").write('{"k":[' * 250 + ",".join(["0"] * (size // 2 - 2000)) + "]}" * 250)
open(sys.argv[2], "w").write("[" + ",".join(['{"b":"\\/\\u00e9","a":[]}'] * (size // 24)) + "]")
# The audit's shape (issue 24): strings of raw "é" and U+2028, some U+2028 escaped, which every
# re-encoding style writes differently.
item = '"' + "\u00e9\u2028" * 4 + "\u00e9\\u2028" * 4 + '"'
open(sys.argv[3], "w", encoding="utf-8").write("[" + ",".join([item] * ((size - 2000) // (len(item.encode()) + 1))) + "]")
PY

best() {  # runs, command...: prints "seconds peak_kib exit_status" of the fastest run
  python3 - "$@" <<'PY'
import os, subprocess, sys, tempfile, time
runs, command = int(sys.argv[1]), sys.argv[2:]
best = None
with tempfile.NamedTemporaryFile("r") as rss:
    for _ in range(runs):
        # GNU time reports the peak RSS of the command alone (not of this Python's fork).
        start = time.perf_counter()
        code = subprocess.run(["/usr/bin/time", "-q", "-f", "%M", "-o", rss.name] + command,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
        elapsed = time.perf_counter() - start
        rss.seek(0)
        peak = int(rss.read().split()[-1])
        if best is None or elapsed < best[0]:
            best = (elapsed, peak, code)
print("%.4f %d %d" % best)
PY
}

printf '| body | size | explain | peak RSS | one HMAC (openssl) | ratio |%s\n' "${earlier:+ earlier build | its peak RSS |}"
printf '| --- | --- | --- | --- | --- | --- |%s\n' "${earlier:+ --- | --- |}"
for name in 2KB 200KB 2MB 10MB deep500 deep-wide escapes unicode; do
  body=$work/$name
  size=$(wc -c < "$body")
  wrong="sha256=$(printf '%s' other | openssl dgst -sha256 -hmac unrelated | sed 's/.*= //')"
  # The verdict must be a mismatch with a diagnosis, or the timing means nothing.
  verdict=$("$tool" verify --explain --signature "$wrong" "$body" || true)
  grep -q "^explain: " <<< "$verdict" || {
    echo "no diagnosis for $name" >&2
    exit 1
  }
  read -r seconds kib _ < <(best 3 "$tool" verify --explain --signature "$wrong" "$body")
  read -r peer_seconds _ < <(best 3 openssl dgst -sha256 -hmac bench-secret "$body")
  row=$(awk -v s="$seconds" -v p="$peer_seconds" -v k="$kib" -v n="$name" -v z="$size" \
    'BEGIN { printf "| %s | %d bytes | %.3f s | %.1f MiB | %.3f s | %.1fx |", n, z, s, k / 1024, p, (p > 0 ? s / p : 0) }')
  if [ -n "$earlier" ]; then
    # Once, within 60 s and 8 GiB: the earlier search kept every candidate whole.
    read -r old_seconds old_kib old_status < <(best 1 /bin/sh -c \
      "ulimit -v 8388608; exec timeout 60 '$earlier' verify --explain --signature '$wrong' '$body'")
    row="$row $(awk -v s="$old_seconds" -v k="$old_kib" -v x="$old_status" \
      'BEGIN { printf "%.3f s%s | %.1f MiB |", s, (x == 124 ? " (stopped at 60 s)" : (x > 1 ? " (failed)" : "")), k / 1024 }')"
  fi
  echo "$row"
done
