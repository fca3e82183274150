#!/usr/bin/env bash
# Profiles the SDK's per-image path: runs benchmark scenarios (default 3, zero latency, sidecars on) with Java Flight
# Recorder in the SDK's JVM, then prints where its CPU time and allocations go. The recordings stay in bench/target/jfr
# for JDK Mission Control.
#   bench/profile.sh            scenario 3
#   bench/profile.sh 3,3s,4     several scenarios
# Needs a JDK whose `jfr` tool has `view` (21 or later) for the summaries: JFR_TOOL=/path/to/jdk/bin/jfr, else the
# newest JDK the ./flux launcher finds.
# CPU per thread group (compiler threads, the SDK's I/O threads, ...) without JFR, for one scenario:
#   java -Dbench.only=3 '-Dbench.jvmArgs=-Dbench.threads=true' -jar bench/target/bench.jar /tmp/x.md bench/peer
# (-Dbench.jvmArgs adds JVM options to the SDK's process, e.g. -XX:TieredStopAtLevel=1 or -XX:+CITime.)
set -euo pipefail
cd "$(dirname "$0")/.."
scenarios="${1:-3}"
mvn -B -ntp -q package -DskipTests -pl bench -am
npm ci --prefix bench/peer --no-audit --no-fund --loglevel=error
rm -rf bench/target/jfr && mkdir -p bench/target/jfr
java -Dbench.only="$scenarios" -Dbench.jfr=bench/target/jfr -jar bench/target/bench.jar bench/target/profile.md bench/peer
newest="$(./flux --print-java)"
newest="${newest% (JDK*}"
jfr="${JFR_TOOL:-${newest%/java}/jfr}"
for f in bench/target/jfr/*.jfr; do
  echo "== $f"
  "$jfr" view --width 160 hot-methods "$f" || echo "($jfr has no 'view': set JFR_TOOL to a JDK 21+ jfr)"
  "$jfr" view --width 160 allocation-by-site "$f" || true
done
