#!/usr/bin/env bash
# Compares two builds by what Modbus dissection costs as the capture engine runs it (pipeline minus
# engine, ns/frame): both builds in one JVM, each through its own class loader, rounds alternating
# (otb.dissect.modbus.ModbusPairBench); several JVMs, swapping which build loads first. One JVM's
# compiled code is sometimes far slower or faster by chance, so the median over the JVMs is the
# figure, not any one of them. A change worth keeping moves the median and most JVMs the same way.
# Usage, from anywhere:
#   dissectors/bench/modbus-pair.sh REV_A REV_B [JVMS] [ROUNDS] [PCAP] [COPIES]
# REV is a git revision, or "." for the working tree as it is (uncommitted changes included).
# Defaults: 16 JVMs of 600 rounds on fixtures/pcaps/modbus/ModbusTCP.pcap (about two minutes).
# COPIES > 1 reads PCAP's frames that many times, a day apart (see modbus.sh): 8 copies of
# ModbusTCP.pcap, 12 JVMs of 150 rounds take about as long and spread less from JVM to JVM.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[ $# -ge 2 ] || { echo "usage: $0 REV_A REV_B [JVMS] [ROUNDS] [PCAP] [COPIES]" >&2; exit 2; }
jvms="${3:-16}"
rounds="${4:-600}"
pcap="$(realpath "${5:-fixtures/pcaps/modbus/ModbusTCP.pcap}")"
copies="${6:-1}"
mvn -o -q -B -pl dissectors -am test-compile
work="$(mktemp -d)"
trees=()
cleanup() {
  for tree in "${trees[@]}"; do git -C "$root" worktree remove --force "$tree" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# The bench's own classes, from this tree, for both builds.
mkdir -p "$work/bench/otb/dissect/modbus"
cp dissectors/target/test-classes/otb/dissect/modbus/{ModbusPairBench,EngineOnlyListener,PcapCopies}*.class "$work/bench/otb/dissect/modbus/"
m2="${HOME}/.m2/repository"
jars="$(find "$m2/org/pcap4j" "$m2/net/java/dev/jna" -name '*.jar' 2>/dev/null | tr '\n' ':')"
if [ "$copies" -gt 1 ]; then
  long="$(java -cp "$work/bench" otb.dissect.modbus.PcapCopies "$pcap" "$copies")"
  mv "$long" "$work/copies.pcap"
  pcap="$work/copies.pcap"
fi
classes() {  # prints the classpath of a build
  local rev="$1" name="$2" dir
  if [ "$rev" = "." ]; then
    dir="$root"
  else
    dir="$work/$name"
    git worktree add --detach -q "$dir" "$rev"
    trees+=("$dir")
    (cd "$dir" && mvn -o -q -B -pl dissectors -am compile) >&2
  fi
  echo "$dir/dissectors/target/classes:$dir/capture/target/classes:$work/bench:$jars"
}
# Not in a $( ): the worktrees must be recorded in this shell for the cleanup.
classes "$1" a > "$work/a.cp"
classes "$2" b > "$work/b.cp"
cp_a="$(cat "$work/a.cp")"
cp_b="$(cat "$work/b.cp")"
for i in $(seq "$jvms"); do
  if [ $((i % 2)) = 1 ]; then first="$cp_a"; second="$cp_b"; sign=1; else first="$cp_b"; second="$cp_a"; sign=-1; fi
  line="$(java -XX:+AlwaysPreTouch -Xms1g -Xmx1g -cp "$work/bench:$cp_a" otb.dissect.modbus.ModbusPairBench \
    "$pcap" "$rounds" "$first" "$second")"
  echo "$line" | sed 's/.*B-A \([-+0-9.]*\).*/\1/' | awk -v sign="$sign" '{printf "%+.2f\n", sign * $1}'
done > "$work/differences"
echo "B-A per JVM (ns/frame, B = $2, A = $1): $(sort -g "$work/differences" | tr '\n' ' ')"
sort -g "$work/differences" | awk '{v[NR] = $1; if ($1 < 0) faster++} END {
  printf "median %+.2f ns/frame over %d JVMs; B faster in %d of them\n", v[int((NR + 1) / 2)], NR, faster }'
