#!/usr/bin/env bash
# S7comm session parsing speed (messages per second), by hand: compiles, then runs
# otb.dissect.s7comm.S7SessionBench. Usage, from anywhere: dissectors/bench/s7comm.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mvn -o -q -B -pl dissectors -am test-compile
exec java ${BENCH_OPTS:-} -cp capture/target/classes:dissectors/target/classes:dissectors/target/test-classes \
    otb.dissect.s7comm.S7SessionBench "$@"
