#!/usr/bin/env bash
# The site hub's figures for the README's "A site of many sensors": alert records per second one
# hub writes, merge time for N sensors' baselines, heap per cell baseline. Starts a real KRaft
# broker on 127.0.0.1 (a child JVM) and removes it and its files at the end.
# Usage: bench/site.sh [ALERT_RECORDS [SENSORS]]   (defaults 100000 and 100)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -pl site -am test-compile -DskipTests
cp_file="$(mktemp)"
mvn -o -q -pl site dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
# otb's own modules from this tree, not from ~/.m2 (another checkout may have installed others)
deps="$(tr ':' '\n' < "$cp_file" | grep -v '/dev/otb/' | paste -sd: -)"
classpath="site/target/test-classes:site/target/classes:runtime/target/classes:baseline/target/classes"
classpath="$classpath:dissectors/target/classes:capture/target/classes:$deps"
rm -f "$cp_file"
exec java -Xmx2g -cp "$classpath" otb.site.HubBench "$@"
