#!/usr/bin/env bash
# CPU per thread of one `otb learn --fresh` (issue 21, "Use every core"): which thread does the
# work with --threads T. Samples `ps -L` every 0.2 s until the process ends and prints, per
# thread that used CPU, the largest sample (whole seconds; the first row is the process leader).
#
#   bench/threads-cpu.sh JAR "JAVA OPTIONS" THREADS CAPTURE [more learn options]
#
# e.g. /tmp/freeze.sh /usr/bin/time bench/threads-cpu.sh cli/target/otb.jar "-Xmx256m -XX:+UseSerialGC" 3 x.pcap
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,8p' "$0" >&2; exit 2; }
jar=$1 opts=$2 threads=$3 capture=$4
shift 4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086 # the options are a word list on purpose
java $opts -jar "$jar" learn -q --fresh --threads "$threads" --db "$work/learn.db" "$capture" "$@" >/dev/null 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  ps -L -o tid=,comm=,time= -p "$pid" | sed 's/^ *//' >> "$work/samples" || true
  sleep 0.2
done
awk '{t=$NF; split(t,a,":"); s=a[1]*3600+a[2]*60+a[3]; name=$0; sub(/^[0-9]+ /,"",name); sub(/ +[0-9:-]+$/,"",name);
      if (s>max[$1]) max[$1]=s; nm[$1]=name}
     END {for (k in max) if (max[k]>0) print k, nm[k], max[k] " s"}' "$work/samples" | sort -k1n
