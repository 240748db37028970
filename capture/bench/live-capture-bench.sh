#!/usr/bin/env bash
# Live capture benchmark (by hand, as root; not part of the test suite).
# Replays a large capture (a shipped capture looped LOOPS times, about 2 million frames) with
# tcpreplay from a network namespace onto a veth pair, at each rate given, and captures the other
# end with otb's live capture (LiveCapture -> CaptureEngine) and with `tcpdump -w /dev/null` as
# the reference. Prints, per rate and tool, frames sent, frames captured and drops.
#
#   capture/bench/live-capture-bench.sh [RATE...]     RATE: packets/s, or "top" for --topspeed
#   LOOPS=887 PCAP=fixtures/pcaps/modbus/modbus_test.pcap TOOLS="otb tcpdump" capture/bench/live-capture-bench.sh 100000 top
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

[ $# -gt 0 ] && rates=("$@") || rates=(100000 200000 top)
pcap="${PCAP:-fixtures/pcaps/modbus/modbus_test.pcap}"
loops="${LOOPS:-887}"        # 887 x 2257 frames = 2,001,959 frames
tools="${TOOLS:-otb tcpdump}"
ns="otb-bench-$$"; cap="otbbc$$"; send="otbbs$$"
[ "$(id -u)" = 0 ] || { echo "run as root (veth, namespaces, capture)" >&2; exit 2; }
cleanup() { ip link del "$cap" 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT

mvn -o -q -B -pl capture -am test-compile >/dev/null
mvn -o -q -B -pl capture dependency:build-classpath -Dmdep.outputFile=/tmp/otb-bench-cp.txt >/dev/null
cp="capture/target/classes:capture/target/test-classes:$(cat /tmp/otb-bench-cp.txt)"

ip netns add "$ns"
ip link add "$cap" type veth peer name "$send" netns "$ns"
echo 1 > "/proc/sys/net/ipv6/conf/$cap/disable_ipv6"; echo 0 > "/proc/sys/net/ipv4/conf/$cap/forwarding"
ip netns exec "$ns" sh -c "echo 1 > /proc/sys/net/ipv6/conf/$send/disable_ipv6"
ip link set "$cap" up; ip netns exec "$ns" ip link set "$send" up

frames_per_loop=$(java -cp "$cp" otb.capture.LiveBenchCount "$pcap")
sent_total=$((frames_per_loop * loops))
replay() { # rate -> prints tcpreplay's "Rated" line
  local how=(--topspeed); [ "$1" != top ] && how=(--pps="$1")
  ip netns exec "$ns" tcpreplay --preload-pcap --loop="$loops" "${how[@]}" -i "$send" "$pcap" 2>&1 \
    | grep -E "Actual|Rated|Failed" | tr -s ' ' | paste -sd ' '
}
for rate in "${rates[@]}"; do
  for tool in $tools; do
    if [ "$tool" = otb ]; then
      java -Xmx512m ${BENCH_JAVA_OPTS:-} -cp "$cp" otb.capture.LiveCaptureBench "$cap" 3 32 >/tmp/otb-bench-out.txt 2>/dev/null &
      pid=$!; sleep 3
      sent=$(replay "$rate")
      wait "$pid"; result=$(cat /tmp/otb-bench-out.txt)
    else
      tcpdump -i "$cap" -B 32768 -w /dev/null 2>/tmp/otb-bench-out.txt &
      pid=$!; sleep 2
      sent=$(replay "$rate")
      sleep 2; kill -INT "$pid"; wait "$pid" || true
      result="tcpdump: $(grep -E 'captured|dropped|received' /tmp/otb-bench-out.txt | paste -sd ',')"
    fi
    echo "rate=$rate frames=$sent_total | tcpreplay: $sent"
    echo "    $result"
  done
done
