#!/usr/bin/env bash
# Whole-process `otb learn` and `otb analyze` against `tshark -T fields` on the same simulated
# plant capture, side by side in one run (issue 21's yardstick), with the launcher's JVM
# defaults unless OTB_JAVA_OPTS is set:
#
#   bench/versus-tshark.sh [--runs N] [--packets P] [--points R | --demo] [--threads T] [--scale K]
#                          [--java JAVA [--aot]] JAR
#
# The capture is made once by JAR's simulator: the demo plant plus 10 cells of 20 Modbus
# servers with R registers each (default 250: 50,000 points; 100 gives the issue's "hundreds of
# devices, thousands of points" inside the default points budget), half of them moving, P frames
# (default 2,000,000). --demo: the demo plant alone (about 50 devices: the capture issue 21 itself
# measured). With --threads T, otb runs with `--threads T`; --java picks the java (default: java
# on the PATH), --aot starts otb from the cache the `otb` launcher uses, trained once for JAR by
# otb.cli.JvmTraining: JDK 25's ahead-of-time cache, or before 25 a class-data sharing archive. Each of
# N rounds (default 3) runs tshark, otb learn (fresh database) and otb analyze (against that
# baseline, --no-store) one after the other. Printed per tool: wall time range, packets per
# second (wall), CPU seconds, peak resident memory (/usr/bin/time), otb's largest heap after a
# garbage collection (-Xlog:gc), and otb's time against tshark's. With --scale K (e.g. 10) the
# same plant is also run with K times the frames (otb only, no tshark): the linearity table.
set -euo pipefail
runs=3
packets=2000000
scale=""
points=250
threads=()
java_bin=java
aot=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --packets) packets=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --points) points=$2; shift 2 ;;
    --threads) threads=(--threads "$2"); shift 2 ;;
    --demo) points=0; shift ;;
    --java) java_bin=$2; shift 2 ;;
    --aot) aot=1; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { echo "usage: bench/versus-tshark.sh [--runs N] [--packets P] [--points R | --demo] [--threads T] [--scale K] [--java JAVA [--aot]] JAR" >&2; exit 2; }
jar=$1
for tool in /usr/bin/time tshark; do
  command -v "$tool" >/dev/null || { echo "bench/versus-tshark.sh: needs $tool" >&2; exit 2; }
done
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the launcher's defaults, as `otb` itself would use them
default_opts=$(sed -n 's/^default_java_opts="\(.*\)"$/\1/p' "$here/../otb")
java_opts=${OTB_JAVA_OPTS:-$default_opts}
work="${BENCH_DIR:-/tmp/otb-tshark-bench}"
mkdir -p "$work"
plant=(--seed 7 --cells 10 --devices-per-cell 20 --points-per-device "$points" --moving 0.5 --scenario none)
[ "$points" = 0 ] && plant=(--seed 7 --scenario none)
if [ -n "$aot" ]; then
  feature=$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\)$/\1/p')
  make=-XX:ArchiveClassesAtExit= use=-XX:SharedArchiveFile= kind=jsa
  [ "${feature:-0}" -ge 25 ] && make=-XX:AOTCacheOutput= use=-XX:AOTCache= kind=aot
  cache="$work/otb-jdk$feature-$(stat -c %s-%Y "$jar").$kind"
  if [ ! -f "$cache" ]; then
    "$java_bin" $java_opts "$make$cache" -cp "$jar" otb.cli.JvmTraining "$work/training" >/dev/null 2>&1 \
      || { echo "bench/versus-tshark.sh: the JVM training failed" >&2; exit 2; }
    rm -rf "$work/training"
  fi
  java_opts="$java_opts $use$cache"
fi

capture() { # capture FRAMES -> path
  local file="$work/plant-$1.pcap"
  [ "$points" = 250 ] || file="$work/plant$points-$1.pcap"
  [ "$points" = 0 ] && file="$work/demo-$1.pcap"
  if [ ! -f "$file" ]; then
    "$java_bin" $java_opts -jar "$jar" simulate "${plant[@]}" --packets "$1" -o "$file" >/dev/null 2>&1
  fi
  echo "$file"
}

# one measured process: wall s, CPU s, peak RSS MiB, largest heap after GC MiB (otb only). The
# capture ($cached) is read once first, so that every tool starts with it in the page cache:
# tshark's 12 GB on 20 M frames pushed it out, and the next tool paid the disk (otb learn 23.6 s
# against 14.4 s).
measure() {
  local gclog="$work/gc.log"
  rm -f "$gclog"
  cat "$cached" > /dev/null
  if [ "$1" = tshark ]; then
    /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
  else
    /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$java_bin" $java_opts -Xlog:gc:file="$gclog" -jar "$@" \
        >/dev/null 2>&1 || true
  fi
  local heap=0
  if [ -f "$gclog" ]; then
    heap=$(grep -o -- '->[0-9]*M' "$gclog" | tr -dc '0-9\n' | sort -n | tail -1)
  fi
  awk -v heap="${heap:-0}" '{printf "%.2f %.2f %.0f %s\n", $1, $2 + $3, $4 / 1024, heap}' "$work/time.txt"
}

summary() { # summary NAME FILE FRAMES [TSHARK_MEDIAN]
  local med
  med=$(cut -d' ' -f1 "$2" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
  awk -v name="$1" -v frames="$3" -v ref="${4:-}" -v med="$med" '
    function lo(a, v) { return (NR == 1 || v < a) ? v : a }
    function hi(a, v) { return (NR == 1 || v > a) ? v : a }
    { w0 = lo(w0, $1); w1 = hi(w1, $1); c0 = lo(c0, $2); c1 = hi(c1, $2); r0 = lo(r0, $3); r1 = hi(r1, $3); h1 = hi(h1, $4) }
    END {
      printf "%-11s wall %.2f-%.2f s (median %.2f), %.2f-%.2f M packets/s, CPU %.2f-%.2f s, peak RSS %d-%d MiB",
             name, w0, w1, med, frames / w1 / 1e6, frames / w0 / 1e6, c0, c1, r0, r1
      if (h1 > 0) printf ", heap after GC <= %d MiB", h1
      if (ref != "") printf "; tshark/otb %.1f-%.1fx", ref / w1, ref / w0
      printf "\n"
    }' "$2"
}

file=$(capture "$packets")
cached=$file
echo "capture: $file ($(du -h "$file" | cut -f1), $packets frames); $java_bin $java_opts"
rm -f "$work"/*.tsv
for run in $(seq 1 "$runs"); do
  measure tshark -r "$file" -T fields -e frame.number -e modbus.func_code -e dnp3.al.func -e s7comm.param.func \
      >> "$work/tshark.tsv"
  rm -f "$work/otb.db"*
  measure "$jar" learn "$file" --fresh --db "$work/otb.db" -q "${threads[@]}" >> "$work/learn.tsv"
  measure "$jar" analyze "$file" --db "$work/otb.db" --no-store -q "${threads[@]}" >> "$work/analyze.tsv"
done
tshark_median=$(cut -d' ' -f1 "$work/tshark.tsv" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')
summary tshark "$work/tshark.tsv" "$packets"
summary learn "$work/learn.tsv" "$packets" "$tshark_median"
summary analyze "$work/analyze.tsv" "$packets" "$tshark_median"

if [ -n "$scale" ]; then
  big=$((packets * scale))
  bigfile=$(capture "$big")
  cached=$bigfile
  echo "linearity: $packets vs $big frames ($(du -h "$bigfile" | cut -f1)), otb only"
  for run in $(seq 1 "$runs"); do
    rm -f "$work/otb-big.db"*
    measure "$jar" learn "$bigfile" --fresh --db "$work/otb-big.db" -q "${threads[@]}" >> "$work/learn-big.tsv"
    measure "$jar" analyze "$bigfile" --db "$work/otb-big.db" --no-store -q "${threads[@]}" >> "$work/analyze-big.tsv"
  done
  summary "learn ${scale}x" "$work/learn-big.tsv" "$big"
  summary "analyze ${scale}x" "$work/analyze-big.tsv" "$big"
fi
rm -f "$work/otb.db"* "$work/otb-big.db"*  # the .tsv files stay for a look
