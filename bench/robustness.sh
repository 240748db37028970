#!/usr/bin/env bash
# Issue 20's full-size reproducers through whole otb processes in a small fixed heap: does otb stay
# up, how fast, how much memory, how many alerts reach the database.
#
#   bench/robustness.sh [--heap 256m] JAR
#
# JAR is a runnable otb jar (cli/target/otb.jar). The inputs are made once, into BENCH_DIR
# (default /tmp/otb-robustness-bench), by ../shared/robustness/mk_big.py (MK_BIG to point
# elsewhere): scan (one scanner, 10.10.0.0/16 x 16 ports, 1,048,576 SYNs), syn (1,000,000
# distinct flows), mbdev (200,000 Modbus devices, one request and response each). For each,
# `otb learn --fresh` into a new database, and `otb analyze` against the demo baseline (demo-learn.pcap
# with its cells.conf), both with -Xmx of --heap and the serial collector (the machine is shared).
# Prints per run: exit code, frames, wall seconds, frames per wall second, peak heap (the largest
# heap in use after a full collection, from the GC log), peak resident memory, and alerts stored; the
# budgets learning reached.
set -euo pipefail
heap=256m
while [ $# -gt 0 ]; do
  case "$1" in
    --heap) heap=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: bench/robustness.sh [--heap 256m] JAR" >&2; exit 2; }
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mk_big="${MK_BIG:-$root/../shared/robustness/mk_big.py}"
[ -f "$mk_big" ] || mk_big=/work/shared/robustness/mk_big.py
command -v /usr/bin/time >/dev/null || { echo "bench/robustness.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "bench/robustness.sh: needs sqlite3" >&2; exit 2; }
work="${BENCH_DIR:-/tmp/otb-robustness-bench}"
mkdir -p "$work"

make_input() {   # NAME ARGS...
  local name=$1; shift
  [ -f "$work/$name.pcap" ] || python3 "$mk_big" "$1" "$work/$name.pcap" "${@:2}"
}
make_input scan scan 16 16
make_input syn syn 1000000
make_input mbdev mbdev 200000

demo_db="$work/demo.db"
if [ ! -f "$demo_db" ]; then
  java -jar "$jar" learn "$root/fixtures/pcaps/demo/demo-learn.pcap" --fresh --cells "$root/fixtures/pcaps/demo/cells.conf" \
      --db "$demo_db" -q > /dev/null
fi

# one whole process: NAME COMMAND DB ARGS...
run() {
  local name=$1 command=$2 db=$3; shift 3
  local gc="$work/$name-$command.gc.log" times="$work/$name-$command.time" err="$work/$name-$command.err"
  local code=0
  /usr/bin/time -v -o "$times" java -Xmx"$heap" -XX:+UseSerialGC -Xlog:gc:file="$gc" -jar "$jar" "$command" \
      "$work/$name.pcap" --db "$db" -q "$@" > "$work/$name-$command.out" 2> "$err" || code=$?
  local wall rss peak frames alerts
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$times")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$times")
  # "Pause Full (Allocation Failure) 250M->120M(247M)": the heap in use after each collection, the
  # largest of them (what stayed reachable; before a collection the heap is simply full)
  # full collections only, when there were any: after a young one the old generation's garbage still counts
  local collections
  collections=$(grep -q 'Pause Full' "$gc" && grep 'Pause Full' "$gc" || cat "$gc")
  peak=$(grep -o '[0-9]*M->[0-9]*M' <<< "$collections" | awk -F'M->' 'BEGIN {m = 0} {if ($2 + 0 > m) m = $2 + 0} END {print m}')
  frames=$(cat "$work/$name.frames")
  alerts=$(sqlite3 "$db" "select count(*) from alerts" 2>/dev/null || echo "?")
  printf '%-6s %-8s exit %-3s %9s frames %7.1f s %9.0f frames/s  heap after GC %4s MiB  RSS %4s MiB  alerts stored %s\n' \
      "$name" "$command" "$code" "$frames" "$wall" "$(awk -v f="$frames" -v w="$wall" 'BEGIN {print (w > 0 ? f / w : 0)}')" \
      "$peak" "$rss" "$alerts"
  if [ "$code" -ne 0 ]; then
    sed -n '1,3p' "$err" | sed 's/^/         /'
  fi
  grep '^budget reached' "$err" | sed 's/^/         /' || true
}

for name in scan syn mbdev; do
  # frames in the capture: 16-byte record headers walked by python (pcap, no options)
  [ -f "$work/$name.frames" ] || python3 - "$work/$name.pcap" > "$work/$name.frames" <<'EOF'
import struct, sys
with open(sys.argv[1], 'rb') as f:
    f.seek(24)
    n = 0
    while True:
        h = f.read(16)
        if len(h) < 16:
            break
        f.seek(struct.unpack('<IIII', h)[2], 1)
        n += 1
print(n)
EOF
  rm -f "$work/$name-learn.db"
  run "$name" learn "$work/$name-learn.db" --fresh
  cp "$demo_db" "$work/$name-analyze.db"
  run "$name" analyze "$work/$name-analyze.db" --jsonl "$work/$name.jsonl"
done
