#!/usr/bin/env bash
# Runs every benchmark with one command: the SDK and the official Replicate JS client, side by side, against the same
# local emulator, plus JMH micro-benchmarks; writes docs/benchmarks.md.
#   bench/run.sh           full run (several minutes)  -> docs/benchmarks.md
#   bench/run.sh --smoke   tiny sizes (part of .ci/run) -> bench/target/benchmarks-smoke.md
#                          (BENCH_BUILT=1: the jars are already built, e.g. by the `mvn verify` just before)
set -euo pipefail
cd "$(dirname "$0")/.."

npm ci --prefix bench/peer --no-audit --no-fund --loglevel=error

if [ "${1:-}" = "--smoke" ]; then
  [ "${BENCH_BUILT:-}" = 1 ] || mvn -B -ntp -q package -DskipTests -pl bench,examples -am
  java -jar bench/target/bench.jar --smoke bench/target/benchmarks-smoke.md bench/peer
else
  mvn -B -ntp -q package -DskipTests -pl bench,examples,examples/web -am # the web app: its memory section
  java -jar bench/target/bench.jar docs/benchmarks.md bench/peer
fi
