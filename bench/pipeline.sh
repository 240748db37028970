#!/usr/bin/env bash
# Whole-process speed of `otb analyze` (and `otb learn`) as a user feels it: start to exit, one
# JVM per run, on the simulated demo plant made longer. Compares builds side by side in one run,
# alternating them so that a change in the machine's load hits both alike.
#
#   bench/pipeline.sh [--runs N] [--hours H] [--threads "1 2"] JAR [JAR...]
#
# JAR is a runnable otb jar (cli/target/otb.jar; keep a copy of an older build to compare with).
# The captures are made once by the first JAR's simulator (seed 2026, the demo plant): 30 minutes
# of clean traffic to learn from, then H hours (default 4) with every attack scenario to analyse.
# JVM options come from OTB_JAVA_OPTS; a JAR written JAR::OPTIONS runs with OPTIONS instead (e.g.
# old.jar:: new.jar::"-Xmx256m -XX:+UseSerialGC" compares each build with its own launcher's
# defaults). Prints, per jar, the median wall time,
# CPU time (user+sys) and peak resident memory of `analyze` over N runs (default 5), and of one
# `learn`, then each jar's median wall time against the first's; likewise `learn --fresh` of the
# H-hour capture. With --threads, each jar runs once per thread count listed (`--threads T` on learn
# and analyze), each pair counted as one build.
set -euo pipefail
runs=5
hours=4
thread_counts=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --hours) hours=$2; shift 2 ;;
    --threads) thread_counts=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || { echo "usage: bench/pipeline.sh [--runs N] [--hours H] [--threads \"1 2\"] JAR [JAR...]" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench/pipeline.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
work="${BENCH_DIR:-/tmp/otb-pipeline-bench}"
mkdir -p "$work"
learn_pcap="$work/plant-learn.pcap"
attack_pcap="$work/plant-attack-${hours}h.pcap"
java_opts=${OTB_JAVA_OPTS:-}
if [ ! -f "$learn_pcap" ]; then
  java $java_opts -jar "${1%%::*}" simulate --seed 2026 --start 2026-03-02T08:00:00Z --duration 30m --scenario none -o "$learn_pcap" >/dev/null
fi
if [ ! -f "$attack_pcap" ]; then
  java $java_opts -jar "${1%%::*}" simulate --seed 2026 --start 2026-03-02T09:00:00Z --duration "${hours}h" --mid-stream \
      --scenario all -o "$attack_pcap" >/dev/null
fi
echo "capture: $attack_pcap ($(du -h "$attack_pcap" | cut -f1))"

# one measured run of build number $1: wall seconds, CPU seconds, peak RSS MiB
measure() {
  local i=$1
  shift
  # shellcheck disable=SC2086 # options and extra are word lists on purpose
  /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" java ${opts[$i]} -jar "${jars[$i]}" "$@" ${extra[$i]} \
      >/dev/null 2>&1 || true
  awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$work/time.txt"
}

# builds: one per jar, or one per jar and thread count
declare -a jars=() opts=() extra=() names=()
for arg in "$@"; do
  jar=$arg; opt=$java_opts
  if [[ "$arg" == *::* ]]; then jar=${arg%%::*}; opt=${arg#*::}; fi
  for t in ${thread_counts:-default}; do
    jars+=("$jar"); opts+=("$opt")
    if [ "$t" = default ]; then extra+=(""); names+=("$jar $opt"); else extra+=("--threads $t"); names+=("$jar $opt --threads $t"); fi
  done
done
for i in "${!jars[@]}"; do
  rm -f "$work/db$i.db"
  read -r wall cpu rss < <(measure "$i" learn "$learn_pcap" --fresh --db "$work/db$i.db" -q)
  echo "jar $i learn: ${wall} s wall, ${cpu} s CPU, ${rss} MiB peak RSS (${names[$i]})"
done
for run in $(seq 1 "$runs"); do
  for i in "${!jars[@]}"; do
    measure "$i" analyze "$attack_pcap" --db "$work/db$i.db" --no-store -q >> "$work/analyze$i.tsv"
    rm -f "$work/long$i.db"
    measure "$i" learn "$attack_pcap" --fresh --db "$work/long$i.db" -q >> "$work/learnlong$i.tsv"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
first=""
for i in "${!jars[@]}"; do
  wall=$(tail -n "$runs" "$work/analyze$i.tsv" | cut -d' ' -f1 | median)
  cpu=$(tail -n "$runs" "$work/analyze$i.tsv" | cut -d' ' -f2 | median)
  rss=$(tail -n "$runs" "$work/analyze$i.tsv" | cut -d' ' -f3 | median)
  [ -z "$first" ] && first=$wall
  ratio=$(awk -v a="$wall" -v b="$first" 'BEGIN {printf "%.3f", a / b}')
  echo "jar $i analyze, median of $runs: ${wall} s wall, ${cpu} s CPU, ${rss} MiB peak RSS; ${ratio}x jar 0's wall time (${names[$i]})"
done
first=""
for i in "${!jars[@]}"; do
  wall=$(tail -n "$runs" "$work/learnlong$i.tsv" | cut -d' ' -f1 | median)
  cpu=$(tail -n "$runs" "$work/learnlong$i.tsv" | cut -d' ' -f2 | median)
  rss=$(tail -n "$runs" "$work/learnlong$i.tsv" | cut -d' ' -f3 | median)
  [ -z "$first" ] && first=$wall
  ratio=$(awk -v a="$wall" -v b="$first" 'BEGIN {printf "%.3f", a / b}')
  echo "jar $i learn of the ${hours} h capture, median of $runs: ${wall} s wall, ${cpu} s CPU, ${rss} MiB peak RSS; ${ratio}x jar 0's wall time (${names[$i]})"
done
rm -f "$work"/analyze*.tsv "$work"/learnlong*.tsv "$work"/long*.db*
