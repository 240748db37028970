#!/usr/bin/env bash
# False alerts per hour on the clean continuations of real captures: each capture is split into
# the first half of its frames and the rest (cli/src/test/java/otb/cli/CaptureHalves.java, as the
# split references are), a fresh baseline is learned from the first half (no cells file) and the
# second half analysed against it. Every alert of a second half counts as false: these captures
# record a plant's ordinary traffic, so nothing in their continuation should depart from it.
#
#   bench/false-alerts.sh JAR [CAPTURE_DIR]
#
# JAR is a runnable otb jar (cli/target/otb.jar); CAPTURE_DIR (default /work/shared/pcaps, else
# fixtures/pcaps) is searched for the captures listed in CLEAN below. Prints per capture: frames
# and capture-time span of the second half, alerts, those of severity medium or above, alerts per
# hour and alerts by kind; then the totals over all of them.
set -euo pipefail
[ $# -ge 1 ] && [ -f "$1" ] || { echo "usage: bench/false-alerts.sh JAR [CAPTURE_DIR]" >&2; exit 2; }
jar="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${2:-/work/shared/pcaps}"
[ -d "$dir" ] || dir="$root/fixtures/pcaps"
# Captures of ordinary operation, longer than a few exchanges (attacks, fuzzing and single-request
# samples left out): Modbus polling, DNP3, S7 HMI polling, IEC 104, EtherNet/IP with CIP.
CLEAN="modbus/ModbusTCP.pcap modbus/modbus_test.pcap modbus/modbusSmall.pcap modbus/modbus_test_data_part1.pcap
dnp3/dnp3_example.pcap dnp3/dnp3_test_data_part1.pcap dnp3/dnp3_udp_read.pcap
s7comm/s7comm_clean.pcap s7comm/wincc_s400_production.pcapng s7comm/tia_s300_goOnline.pcapng
other/TestDissectIec104.pcap enip/cip_only.pcap"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -nowarn -cp "$jar" -d "$work" "$root/cli/src/test/java/otb/cli/CaptureHalves.java"

span_seconds() {   # a classic pcap with nanosecond timestamps, as CaptureHalves writes it
  python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
first = last = None
at = 24
while at + 16 <= len(data):
    sec, frac, incl, _ = struct.unpack_from('<IIII', data, at)
    t = sec + frac / 1e9
    first = t if first is None else first
    last = t
    at += 16 + incl
print(f"{(last - first) if first is not None else 0:.3f}")
PY
}

total_alerts=0
total_serious=0
total_seconds=0
printf '%-40s %8s %10s %7s %7s %9s  %s\n' capture frames seconds alerts medium+ per_hour kinds
for capture in $CLEAN; do
  [ -f "$dir/$capture" ] || { echo "$capture: missing in $dir" >&2; continue; }
  java -cp "$jar:$work" otb.cli.CaptureHalves "$dir/$capture" "$work/first.pcap" "$work/second.pcap" > "$work/counts"
  read -r _ second_frames < "$work/counts"
  rm -f "$work/b.db" "$work/alerts.jsonl"
  java -jar "$jar" learn "$work/first.pcap" --fresh --db "$work/b.db" -q > /dev/null || true
  java -jar "$jar" analyze "$work/second.pcap" --db "$work/b.db" --jsonl "$work/alerts.jsonl" --no-store -q \
      > /dev/null || true
  alerts=$(wc -l < "$work/alerts.jsonl")
  serious=$( { grep -E '"severity":"(medium|high|critical)"' "$work/alerts.jsonl" || true; } | wc -l)
  seconds=$(span_seconds "$work/second.pcap")
  kinds=$( { grep -o '"kind":"[A-Z_]*"' "$work/alerts.jsonl" || true; } | cut -d'"' -f4 | sort | uniq -c \
      | awk '{printf "%s%s=%s", (NR>1?",":""), $2, $1}')
  per_hour=$(awk -v a="$alerts" -v s="$seconds" 'BEGIN{ printf (s > 0 ? "%.1f" : "-"), a * 3600 / s }')
  printf '%-40s %8s %10s %7s %7s %9s  %s\n' "$capture" "$second_frames" "$seconds" "$alerts" "$serious" "$per_hour" \
      "$kinds"
  total_alerts=$((total_alerts + alerts))
  total_serious=$((total_serious + serious))
  total_seconds=$(awk -v t="$total_seconds" -v s="$seconds" 'BEGIN{ print t + s }')
done
awk -v a="$total_alerts" -v m="$total_serious" -v s="$total_seconds" \
    'BEGIN{ printf "total: %d alerts (%d medium or above) in %.1f s of second halves: %.2f false alerts per hour (%.2f medium or above)\n", a, m, s, a * 3600 / s, m * 3600 / s }'
