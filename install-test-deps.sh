#!/usr/bin/env bash
# Installs, on Debian or Ubuntu, what the test suite needs besides a JDK 17+ and Maven: libpcap
# (live capture), tcpreplay and iproute2 (the veth tests replay captures onto a veth pair),
# util-linux's setpriv (the no-permission tests), Chromium (the HTML report tests) and the sqlite3
# command line (the audit-chain test edits a database with it, as someone tampering would). Run as
# root, once: sudo ./install-test-deps.sh. Without these, `mvn -B verify` still passes: the tests
# that need them are reported as skipped, with the reason (unless CI is set: there they fail).
# The live tests also need to run as root, as they create network namespaces and veth pairs.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "install-test-deps.sh: run as root (sudo $0)" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The first name the distribution has: Debian 13 and Ubuntu 24.04 renamed libpcap (64-bit time),
# Ubuntu ships Chromium as chromium-browser.
first_available() {
  for package in "$@"; do
    if apt-cache show "$package" >/dev/null 2>&1; then echo "$package"; return; fi
  done
  echo "install-test-deps.sh: none of $* is available from apt" >&2; exit 1
}
libpcap="$(first_available libpcap0.8t64 libpcap0.8)"
chromium="$(first_available chromium chromium-browser)"
packages=("$libpcap" tcpreplay iproute2 util-linux "$chromium" sqlite3)
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "installed: ${packages[*]}"
