#!/usr/bin/env bash
# Simulator throughput: writes PACKETS frames (default 10 million) of the plant with every
# scenario to a temporary file with a small heap (constant memory), and prints frames/s as
# otb simulate reports it. Usage: simulator/bench.sh [PACKETS] [HEAP]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packets="${1:-10000000}"
heap="${2:-64m}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
jar="$root/cli/target/otb.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -q -B -o package -Dmaven.test.skip=true) >&2
fi
/usr/bin/time -f "wall %e s, max RSS %M KB" \
  java -Xmx"$heap" -jar "$jar" simulate --seed 7 --packets "$packets" --scenario all -o "$out/bench.pcap"
ls -l "$out/bench.pcap" | awk '{print "file " $5 " bytes"}'
