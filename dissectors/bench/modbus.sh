#!/usr/bin/env bash
# Modbus dissection speed against the capture engine's own (issue 3, "Speed"): compiles, then runs
# otb.dissect.modbus.ModbusBench on a Modbus-heavy capture. Usage, from anywhere:
#   dissectors/bench/modbus.sh [PCAP] [ROUNDS] [COPIES]
# (default fixtures/pcaps/modbus/ModbusTCP.pcap, 300, 1; fewer rounds give unstable medians).
# It prints the budget over the whole file, for a pcap file without what a run costs whatever it
# reads, and with COPIES 1 in the steady state (frames after the first fifth, the run's objects
# young, then tenured by a full GC as a monitor's are). COPIES > 1 reads a long capture made of
# PCAP's frames repeated, each copy a day after the last (a monitor's hours; what each flow and PDU
# costs once is spread thin): 8 copies of ModbusTCP.pcap take 150 rounds.
# BENCH_OPTS=-Dotb.bench.budgetOnly=true skips the diagnostics; BENCH_OPTS=-Dotb.bench.floor=true
# gives the budget's figures for the floor of the Modbus session's design instead (the usual ADU
# over the same tables, pairing and message with none of its checks: what no reordering beats).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -o -q -B -pl dissectors -am test-compile
m2="${HOME}/.m2/repository"
cp="dissectors/target/classes:dissectors/target/test-classes:capture/target/classes"
cp="$cp:$(find "$m2/org/pcap4j" "$m2/net/java/dev/jna" -name '*.jar' 2>/dev/null | tr '\n' ':')"
# The heap is touched before the first round (-XX:+AlwaysPreTouch), as a long-running monitor's
# has been: otherwise the first use of each heap page costs a page fault, charged to whichever
# side allocates (mostly the engine's per-file buffers), which flatters the ratio.
exec java ${BENCH_OPTS:-} -XX:+AlwaysPreTouch -Xms512m -Xmx512m -cp "$cp" otb.dissect.modbus.ModbusBench "${1:-fixtures/pcaps/modbus/ModbusTCP.pcap}" "${2:-300}" "${3:-1}"
