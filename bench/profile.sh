#!/usr/bin/env bash
# Where a whole otb process spends its CPU and its allocations: runs otb once under Java Flight
# Recorder (CPU samples every millisecond, allocation samples with stacks), keeps the recording,
# and prints the methods most often on top of the stack and the allocation sites by bytes.
#
#   bench/profile.sh [--top N] [--async] JAR ARGS...
#   bench/profile.sh cli/target/otb.jar analyze /tmp/otb-pipeline-bench/plant-attack-24h.pcap --db x.db --no-store -q
#
# The recording stays in $PROFILE_OUT (default /tmp/otb-profile.jfr) for `jfr print` or JDK Mission
# Control. Profile a run of several seconds: a short one shows start-up and the JIT compiler.
#
# --async: async-profiler (tools.profiler:async-profiler:3.0 from Maven Central, Apache-2.0; fetched
# once into the local Maven repository, or ASYNC_PROFILER=/path/to/libasyncProfiler.so) instead of
# JFR: CPU samples of every thread (perf events, else a timer), native and JIT-compiler frames
# included. Prints CPU by thread (the pipeline against the JIT compilers and the collector) and the
# methods on top of the stack; the stacks stay in $PROFILE_OUT (default /tmp/otb-profile.collapsed,
# one line per stack, for a flame graph or grep).
set -euo pipefail
top=25
async=""
while [ $# -gt 0 ]; do
  case "$1" in
    --top) top=$2; shift 2 ;;
    --async) async=1; shift ;;
    *) break ;;
  esac
done
[ $# -ge 2 ] || { sed -n '2,17p' "$0"; exit 2; }
if [ -n "$async" ]; then
  lib="${ASYNC_PROFILER:-}"
  if [ -z "$lib" ]; then
    case "$(uname -m)" in x86_64) arch=linux-x64 ;; aarch64) arch=linux-arm64 ;; *) echo "no async-profiler for $(uname -m)" >&2; exit 2 ;; esac
    version=3.0
    jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
    [ -f "$jar" ] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$version >&2
    lib="${TMPDIR:-/tmp}/otb-async-profiler-$version/$arch/libasyncProfiler.so"
    [ -f "$lib" ] || unzip -q -o "$jar" "$arch/libasyncProfiler.so" -d "${TMPDIR:-/tmp}/otb-async-profiler-$version"
  fi
  out="${PROFILE_OUT:-/tmp/otb-profile.collapsed}"
  otb=$1; shift
  # DebugNonSafepoints: as below; without it the profiler too charges samples to the wrong inlined method
  java ${OTB_JAVA_OPTS:-} -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints \
      -agentpath:"$lib"=start,event=cpu,interval=1ms,threads,collapsed,file="$out" -jar "$otb" "$@" >/dev/null
  echo "CPU by thread (share of all samples):"
  awk '{ n = $NF; total += n; t = substr($0, 1, index($0, ";") - 1)
         if (t ~ /C2 Compiler/) t = "C2 compiler"; else if (t ~ /C1 Compiler/) t = "C1 compiler"
         else if (t ~ /VM Thread|GC Thread|G1 |Gang worker/) t = "VM thread and collector"
         else sub(/ tid=[0-9]+\]$/, "]", t)
         by[t] += n }
       END { for (t in by) printf "%6d %5.1f%%  %s\n", by[t], 100 * by[t] / total, t }' "$out" | sort -rn | head -n 12
  echo "CPU samples, method on top of the stack:"
  awk '{ n = $NF; total += n; line = $0; sub(/ [0-9]+$/, "", line); k = split(line, f, ";"); top[f[k]] += n }
       END { for (m in top) printf "%6d %5.1f%%  %s\n", top[m], 100 * top[m] / total, m }' "$out" | sort -rn | head -n "$top"
  exit 0
fi
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
