#!/usr/bin/env bash
# Issue 20's full-size reproducers through whole otb processes in a small fixed heap: does otb stay
# up, how fast, how much memory, how many alerts reach the database.
#
#   bench/robustness.sh [--heap 256m] JAR
#   sudo bench/robustness.sh --live [--live-heap 512m] [--pps N] JAR
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
#
# --live instead runs the scan live: `otb monitor` (heap --live-heap, the service unit's -Xmx512m by
# default; demo baseline, --learn-for 0s, --jsonl) on a veth pair in a network namespace, the scan
# replayed into it by tcpreplay at --pps (default: tcpreplay's top speed) once capture runs; SIGTERM
# once the counters have stood still for 5 s. Needs root, iproute2 and tcpreplay. Prints the frames
# sent, captured and lost, frames per second (captured frames over the time from the first frame
# sent to the last one counted), the tcpreplay rate, peak heap after GC, peak RSS, the exit code and
# the alerts printed, in --jsonl and stored, by kind.
set -euo pipefail
heap=256m
live=false
live_heap=512m
pps=
while [ $# -gt 0 ]; do
  case "$1" in
    --heap) heap=$2; shift 2 ;;
    --live) live=true; shift ;;
    --live-heap) live_heap=$2; shift 2 ;;
    --pps) pps=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: bench/robustness.sh [--heap 256m] JAR | --live [--live-heap 512m] [--pps N] JAR" >&2; exit 2; }
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
if [ "$live" = false ]; then
  make_input syn syn 1000000
  make_input mbdev mbdev 200000
fi

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

count_frames() {   # NAME: frames in the capture (16-byte record headers walked by python; pcap, no options)
  [ -f "$work/$1.frames" ] || python3 - "$work/$1.pcap" > "$work/$1.frames" <<'EOF'
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
}

kinds() {   # alert kinds, one a line on stdin, counted
  sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2} END {print ""}'
}

if [ "$live" = true ]; then
  [ "$(id -u)" -eq 0 ] || { echo "bench/robustness.sh --live: needs root (veth pair, network namespace)" >&2; exit 2; }
  command -v tcpreplay >/dev/null || { echo "bench/robustness.sh --live: needs tcpreplay" >&2; exit 2; }
  count_frames scan
  ns="otb-bench-$$" cap="otbbc$$" snd="otbbs$$"
  monitor_pid=
  cleanup() {
    if [ -n "$monitor_pid" ]; then kill -KILL "$monitor_pid" 2>/dev/null || true; fi
    ip link del "$cap" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  }
  trap cleanup EXIT
  ip netns add "$ns"
  ip link add "$cap" type veth peer name "$snd" netns "$ns"
  echo 1 > "/proc/sys/net/ipv6/conf/$cap/disable_ipv6" || true
  ip netns exec "$ns" sh -c "echo 1 > /proc/sys/net/ipv6/conf/$snd/disable_ipv6" || true
  ip link set "$cap" up
  ip netns exec "$ns" ip link set "$snd" up
  db="$work/scan-live.db" out="$work/scan-live.out" err="$work/scan-live.err" gc="$work/scan-live.gc.log"
  jsonl="$work/scan-live.jsonl"
  rm -f "$db" "$db.lock" "$jsonl"
  cp "$demo_db" "$db"
  java -Xmx"$live_heap" -XX:+UseSerialGC -Xlog:gc:file="$gc" -jar "$jar" monitor -i "$cap" --db "$db" \
      --learn-for 0s --stats-every 1s --jsonl "$jsonl" > "$out" 2> "$err" &
  monitor_pid=$!
  until grep -q 'detecting against' "$err"; do
    kill -0 "$monitor_pid" 2>/dev/null || { echo "monitor ended early:"; cat "$err"; exit 1; }
    sleep 0.5
  done
  sent_at=$(date +%s.%N)
  if [ -n "$pps" ]; then rate="--pps=$pps"; else rate=--topspeed; fi
  replay=$(ip netns exec "$ns" tcpreplay "$rate" -i "$snd" "$work/scan.pcap" 2>&1 \
      | awk '/Rated:/ {print $6 " frames/s"}')
  # wait until the counters stand still for 5 s; the time of the last change ends the run
  last=-1 last_at=$sent_at still=0
  while [ "$still" -lt 5 ]; do
    sleep 1
    now=$(grep -o 'frames [0-9]* (kernel' "$err" | tail -1 | awk '{print $2}')
    if [ "${now:-0}" != "$last" ]; then last=${now:-0}; last_at=$(date +%s.%N); still=0; else still=$((still + 1)); fi
  done
  rss=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$monitor_pid/status")
  kill -TERM "$monitor_pid"
  code=0
  wait "$monitor_pid" || code=$?
  monitor_pid=
  stopped=$(grep 'stopped:' "$err" | tail -1 | sed 's/.*stopped: //')
  delivered=$(sed -n 's/^frames \([0-9]*\) .*/\1/p' <<< "$stopped")
  peak=$(grep -o '[0-9]*M->[0-9]*M' "$gc" | awk -F'M->' 'BEGIN {m = 0} {if ($2 + 0 > m) m = $2 + 0} END {print m}')
  printf 'scan   monitor  exit %s  %s frames sent at %s; %s\n' "$code" "$(cat "$work/scan.frames")" "$replay" "$stopped"
  printf '         %.0f frames/s captured (%.1f s from the first frame sent to the last counted)  heap after GC %s MiB (-Xmx%s)  RSS %s MiB\n' \
      "$(awk -v f="$delivered" -v a="$sent_at" -v b="$last_at" 'BEGIN {print (b > a ? f / (b - a) : 0)}')" \
      "$(awk -v a="$sent_at" -v b="$last_at" 'BEGIN {print b - a}')" "$peak" "$live_heap" "$rss"
  printf '         alerts printed: %s\n' "$(grep -oE '^[^ ]+ +[a-z]+ +[A-Z_]+ ' "$out" | awk '{print $3}' | kinds)"
  printf '         in --jsonl:     %s\n' "$(grep -o '"kind":"[A-Z_]*"' "$jsonl" | cut -d'"' -f4 | kinds)"
  printf '         stored:         %s\n' "$(sqlite3 "$db" "select kind from alerts" | kinds)"
  grep -E 'frames lost|not stored|out of memory|error' "$err" | head -5 | sed 's/^/         /' || true
  exit 0
fi

for name in scan syn mbdev; do
  count_frames "$name"
  rm -f "$work/$name-learn.db"
  run "$name" learn "$work/$name-learn.db" --fresh
  cp "$demo_db" "$work/$name-analyze.db"
  run "$name" analyze "$work/$name-analyze.db" --jsonl "$work/$name.jsonl"
done
