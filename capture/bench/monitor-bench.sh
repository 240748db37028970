#!/usr/bin/env bash
# otb monitor benchmark (by hand, as root; not part of the test suite): the full live pipeline
# (capture thread, queue, decode, reassembly, dissection, detection, alert sinks) against a
# baseline learned from the demo plant, fed by tcpreplay from a network namespace over a veth
# pair with a synthetic 2-million-frame capture of the same plant (otb simulate), at each rate
# given; `tcpdump -w /dev/null` on the same veth as the reference.
#
#   capture/bench/monitor-bench.sh 200000 300000 top        RATE: frames/s, or "top" (--topspeed)
#   TOOLS="otb" FRAMES=2000000 capture/bench/monitor-bench.sh top
#   LEARN=1 TOOLS=otb capture/bench/monitor-bench.sh top       learning (empty database, --learn-for 7d)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
[ $# -gt 0 ] && rates=("$@") || rates=(200000 top)
tools="${TOOLS:-otb tcpdump}"
frames="${FRAMES:-2000000}"
work="${WORK:-/tmp/otb-monitor-bench}"
ns="otb-mbench-$$"; cap="otbmbc$$"; send="otbmbs$$"
[ "$(id -u)" = 0 ] || { echo "run as root (veth, namespaces, capture)" >&2; exit 2; }
cleanup() { ip link del "$cap" 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT
mkdir -p "$work"

./otb --version >/dev/null   # builds the jar when the sources are newer
jar=cli/target/otb.jar
big="$work/plant-$frames.pcap"
[ -f "$big" ] || java -jar "$jar" simulate --seed 2026 --start 2026-03-02T08:00:00Z --packets "$frames" \
    --scenario none -o "$big" >/dev/null
[ -f "$work/baseline.db" ] || java -jar "$jar" learn -q fixtures/pcaps/demo/demo-learn.pcap --db "$work/baseline.db" >/dev/null

ip netns add "$ns"
ip link add "$cap" type veth peer name "$send" netns "$ns"
echo 1 > "/proc/sys/net/ipv6/conf/$cap/disable_ipv6"; echo 0 > "/proc/sys/net/ipv4/conf/$cap/forwarding"
ip netns exec "$ns" sh -c "echo 1 > /proc/sys/net/ipv6/conf/$send/disable_ipv6"
ip link set "$cap" up; ip netns exec "$ns" ip link set "$send" up

# CPU seconds per thread of process $1 (name: ticks), to see where the replay's CPU went.
thread_ticks() { for t in /proc/"$1"/task/*; do echo "${t##*/}:$(tr ' ' '_' < "$t/comm") $(awk '{print $14+$15}' "$t/stat" 2>/dev/null)"; done | sort; }
replay() {
  local how=(--topspeed); [ "$1" != top ] && how=(--pps="$1")
  ip netns exec "$ns" tcpreplay --preload-pcap --loop="${LOOPS:-1}" "${how[@]}" -i "$send" "$big" 2>&1 \
    | grep -E "Actual|Rated" | tr -s ' ' | paste -sd ' '
}
for rate in "${rates[@]}"; do
  for tool in $tools; do
    if [ "$tool" = otb ]; then
      rm -f "$work/run.db" "$work/run.db-wal" "$work/run.db-shm" "$work/alerts.jsonl"
      learn_for=7d; [ -n "${LEARN:-}" ] || { cp "$work/baseline.db" "$work/run.db"; learn_for=0s; }
      : > "$work/monitor.err"   # before the start: the wait below must not see the last run's line
      java ${OTB_JAVA_OPTS:-} -jar "$jar" monitor -i "$cap" --db "$work/run.db" --learn-for "$learn_for" --buffer-mib ${BUFFER_MIB:-64} \
          --jsonl "$work/alerts.jsonl" --stats-every ${STATS_EVERY:-1h} ${MONITOR_OPTS:-} >/dev/null 2>"$work/monitor.err" &
      pid=$!
      until grep -qE "detecting against|: learning, " "$work/monitor.err"; do sleep 0.2; done; sleep 1
      thread_ticks "$pid" > "$work/threads.before"
      sent=$(replay "$rate"); sleep 3
      thread_ticks "$pid" > "$work/threads.after"
      threads=$(join -a 2 "$work/threads.before" "$work/threads.after" | awk -v hz="$(getconf CLK_TCK)" \
          '{ d = (NF == 3 ? $3 - $2 : $2); name = $1; sub(/^[0-9]+:/, "", name); if (d > 0) { t[name] += d } } END { for (n in t) printf "%s %.2f\n", n, t[n] / hz }' \
          | sort -k2 -rn | head -6 | paste -sd ' ')
      start_cpu=$(awk '{print $14+$15}' /proc/$pid/stat)
      kill -TERM "$pid"; wait "$pid" || echo "monitor exit $?"
      result="otb monitor: $(grep 'stopped:' "$work/monitor.err" | sed 's/.*stopped: //'); alerts $(cat "$work/alerts.jsonl" 2>/dev/null | wc -l); CPU $((start_cpu / $(getconf CLK_TCK))) s"
      result="$result
    CPU s during the replay by thread: $threads"
    else
      tcpdump -i "$cap" -B 32768 -w /dev/null 2>"$work/tcpdump.err" &
      pid=$!; sleep 2
      sent=$(replay "$rate"); sleep 2
      kill -INT "$pid"; wait "$pid" || true
      result="tcpdump: $(grep -E 'captured|dropped|received' "$work/tcpdump.err" | paste -sd ',')"
    fi
    echo "rate=$rate | tcpreplay: $sent"
    echo "    $result"
  done
done
