#!/bin/sh
# Capture engine benchmark (run by hand, not part of the tests): builds a 2-million-packet
# Ethernet capture from fixtures/pcaps in /tmp (shipped frames repeated with shifted
# timestamps and addresses), then reads + decodes + looks up flows + reassembles it, in a JVM
# limited to -Xmx256m, pinned to one core when taskset exists. Prints packets/s and MB/s.
#
#   bench/capture.sh [--packets N] [--file PATH] [--runs R] [--rebuild]
set -eu
cd "$(dirname "$0")/.."
mvn -o -q -B -pl capture test-compile
classpath=capture/target/classes:capture/target/test-classes
pin=""
if command -v taskset >/dev/null 2>&1; then
    pin="taskset -c 0"
fi
exec $pin java -Xmx256m -XX:+UseSerialGC -cp "$classpath" otb.capture.CaptureBenchmark "$@"
