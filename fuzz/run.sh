#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SECONDS (default 30), one target per
# core at a time, starting from the seed corpus in fuzz/corpus/<target>/. New inputs go to a
# temporary folder, so the committed corpus does not change; a crashing input is kept in
# fuzz/artifacts/ and the script fails. With MERGE=1, the new inputs that reach code the corpus
# did not are minimized into fuzz/corpus/<target>/ (libFuzzer's -merge=1), to commit.
# For a longer local run: fuzz/run.sh 600, or one target: TARGETS=explain fuzz/run.sh 3600.
# FUZZ_BUILD_DIR may name a build already configured with -DAUTOSANA_FUZZ=ON (CI's sanitized
# build, which also has the tests); it is then used as it is.
# A crash becomes a regression test: a unit test of the function it broke, with the input
# (see "Found by fuzzing" in tests/unit/).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build=${FUZZ_BUILD_DIR:-build-fuzz}
targets=${TARGETS:-payload signature http_request request_reader summarize history explain delivery inspection store}
jobs=${FUZZ_JOBS:-$(nproc)}

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DAUTOSANA_FUZZ=ON -DAUTOSANA_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
fi
# Only the fuzz targets: the programs are not needed here.
# shellcheck disable=SC2046 # one target name per word
cmake --build "$build" -j"$(nproc)" --target $(printf 'fuzz_%s ' $targets) > /dev/null
mkdir -p fuzz/artifacts
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Runs one target; its report goes to $results/<target>.log, its verdict to <target>.passed/.failed.
fuzz_one() {
  local target=$1 work
  work=$(mktemp -d)
  # The explanation must stream its candidates: 256 MiB in all and no single allocation over
  # 16 MiB, which a search that kept its re-serialisations whole broke on a deeply nested body.
  local limits="-rss_limit_mb=2048"
  [ "$target" = explain ] && limits="-rss_limit_mb=256 -malloc_limit_mb=16"
  # Inputs are kept small: payloads larger than this exercise nothing new, only time.
  # shellcheck disable=SC2086 # $limits is meant to split into options
  if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/fuzz_$target" "$work" "fuzz/corpus/$target" \
      -max_total_time="$seconds" -max_len=8192 -timeout=10 $limits \
      -artifact_prefix="fuzz/artifacts/$target-" -print_final_stats=1 > "$results/$target.log" 2>&1; then
    touch "$results/$target.passed"
    if [ "${MERGE:-0}" = 1 ]; then
      # shellcheck disable=SC2086
      "$build/fuzz_$target" -merge=1 -max_len=8192 $limits "fuzz/corpus/$target" "$work" \
        >> "$results/$target.log" 2>&1 || touch "$results/$target.failed"
    fi
  else
    touch "$results/$target.failed"
  fi
  rm -rf "$work"
}

running=0
for target in $targets; do
  echo "fuzz: $target for ${seconds}s"
  fuzz_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

passed_count=0
failed_count=0
for target in $targets; do
  if [ -f "$results/$target.passed" ]; then
    passed_count=$((passed_count + 1))
    echo "fuzz: $target passed"
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$results/$target.log" | sed "s/^/  /"
  else
    failed_count=$((failed_count + 1))
    echo "fuzz: $target FAILED"
    tail -n 40 "$results/$target.log"
  fi
done
echo "fuzz: $passed_count passed, $failed_count failed"
[ "$failed_count" -eq 0 ]
