#!/usr/bin/env bash
# The dissection stage alone (no capture engine in the figure), for working on its speed: compiles,
# then runs otb.dissect.modbus.ModbusReplayBench, which records the engine's deliveries of a
# capture once and replays them into a fresh dispatcher every round. Compare builds by running
# this for each in alternation, several times: a shared machine drifts by more than most changes.
# Usage, from anywhere:
#   dissectors/bench/modbus-replay.sh [PCAP] [ROUNDS]   (default fixtures/pcaps/modbus/ModbusTCP.pcap, 1500)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -o -q -B -pl dissectors -am test-compile
m2="${HOME}/.m2/repository"
cp="dissectors/target/classes:dissectors/target/test-classes:capture/target/classes:capture/target/test-classes"
cp="$cp:$(find "$m2/org/pcap4j" "$m2/net/java/dev/jna" -name '*.jar' 2>/dev/null | tr '\n' ':')"
# A pre-touched heap: first-touch page faults are not dissection.
exec java ${BENCH_OPTS:-} -XX:+AlwaysPreTouch -Xms512m -Xmx512m -cp "$cp" otb.dissect.modbus.ModbusReplayBench \
  "${1:-fixtures/pcaps/modbus/ModbusTCP.pcap}" "${2:-1500}"
