#!/usr/bin/env bash
# Builds and runs the JMH micro-benchmarks of the pipeline's inner pieces (never run by the
# test suite). Arguments go to JMH, e.g.:
#   jmh/run.sh                                   # all, JMH defaults trimmed to ~1 minute each group
#   jmh/run.sh ValueSummaryBench -f 1 -wi 3 -i 5 # one class
#   jmh/run.sh -l                                # list
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && mvn -o -q -B package -pl jmh -am -DskipTests)
if [ $# -eq 0 ]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s
fi
exec java -jar "$root/jmh/target/benchmarks.jar" "$@"
