#!/usr/bin/env bash
# Coverage-guided fuzzing of the dissectors and the capture layer with Jazzer, longer than the
# build does.
#
#   fuzz/fuzz.sh [--rounds N] [TARGET...]
#
# TARGET is a fuzz test class (ModbusFuzzTest, Dnp3FuzzTest, S7FuzzTest, MmsFuzzTest,
# Iec104FuzzTest, EnipFuzzTest, GooseFuzzTest, PnDcpFuzzTest, LldpFuzzTest, and CaptureFuzzTest for the capture layer; default: all). Each
# round fuzzes each target for its @FuzzTest maxDuration (2 minutes) with JAZZER_FUZZ=1,
# starting from its seeds (real captures, made by fuzz/make-seeds.py) and from what earlier rounds found (.cifuzz-corpus/, kept between runs, not
# committed). The build runs the same targets in regression mode over the seeds only, in seconds.
# A finding fails the round: Jazzer prints the stack trace and writes the input as crash-HASH into
# the target's ...FuzzTestInputs/ folder, where every later build replays it: fix the bug and
# commit that file as its regression test. Builds what it needs (Maven, offline). Exit 1 when a
# target found something, else 0.
set -euo pipefail
rounds=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ModbusFuzzTest Dnp3FuzzTest S7FuzzTest MmsFuzzTest Iec104FuzzTest EnipFuzzTest GooseFuzzTest PnDcpFuzzTest LldpFuzzTest CaptureFuzzTest)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p target
found=0
for ((round = 1; round <= rounds; round++)); do
  for target in "${targets[@]}"; do
    log="target/fuzz-$target-$round.log"
    if JAZZER_FUZZ=1 mvn -o -q -pl dissectors -am test -Dotb.fuzz.targets="$target" -Dtest=NoOtherTest \
        -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1; then
      result=ok
    else
      result="FINDING (see $log)"
      found=1
    fi
    stats=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -oE '#[0-9]+|cov: [0-9]+|corp: [0-9]+' | tr '\n' ' ' || true)
    printf 'round %d  %-16s %s  %s\n' "$round" "$target" "$result" "$stats"
  done
done
exit $found
