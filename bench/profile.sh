#!/usr/bin/env bash
# Where a whole otb process spends its CPU and its allocations: runs otb once under Java Flight
# Recorder (CPU samples every millisecond, allocation samples with stacks), keeps the recording,
# and prints the methods most often on top of the stack and the allocation sites by bytes.
#
#   bench/profile.sh [--top N] JAR ARGS...
#   bench/profile.sh cli/target/otb.jar analyze /tmp/otb-pipeline-bench/plant-attack-24h.pcap --db x.db --no-store -q
#
# The recording stays in $PROFILE_OUT (default /tmp/otb-profile.jfr) for `jfr print` or JDK Mission
# Control. Profile a run of several seconds: a short one shows start-up and the JIT compiler.
set -euo pipefail
top=25
if [ "${1:-}" = --top ]; then top=$2; shift 2; fi
[ $# -ge 2 ] || { sed -n '2,10p' "$0"; exit 2; }
out="${PROFILE_OUT:-/tmp/otb-profile.jfr}"
settings=$(mktemp --suffix=.jfc)
trap 'rm -f "$settings"' EXIT
cat > "$settings" <<'JFC'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
  <event name="jdk.ObjectAllocationSample"><setting name="enabled">true</setting><setting name="throttle">300/s</setting><setting name="stackTrace">true</setting></event>
  <event name="jdk.GarbageCollection"><setting name="enabled">true</setting></event>
</configuration>
JFC
jar=$1; shift
# DebugNonSafepoints: without it a sample is charged to the nearest safepoint's method, often
# another one inlined into the same compiled code (a HashMap.put called 204 times showed as a third
# of a learning profile)
java ${OTB_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -XX:StartFlightRecording=filename="$out",settings="$settings" -jar "$jar" "$@" >/dev/null
echo "CPU samples, method on top of the stack:"
jfr print --events jdk.ExecutionSample --stack-depth 1 "$out" | awk '
  /stackTrace = \[/ { inside = 1; next }
  inside && /^[ \t]*\]/ { inside = 0; next }
  inside && /line:/ { sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); count[$0]++; total++ }
  END { for (m in count) printf "%6d %5.1f%%  %s\n", count[m], 100 * count[m] / total, m }' | sort -rn | head -n "$top"
echo "allocation samples, by weight (MB), class @ allocating method:"
jfr print --events jdk.ObjectAllocationSample --stack-depth 1 "$out" | awk '
  /objectClass = / { cls = $3 }
  /weight = / { w = $3; if ($4 ~ /kB/) w *= 1024; else if ($4 ~ /MB/) w *= 1048576; else if ($4 ~ /GB/) w *= 1073741824 }
  /stackTrace = \[/ { inside = 1; next }
  inside && /^[ \t]*\]/ { inside = 0; next }
  inside && /line:/ { sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, ""); bytes[cls " @ " $0] += w }
  END { for (k in bytes) printf "%8.0f  %s\n", bytes[k] / 1048576, k }' | sort -rn | head -n "$top"
