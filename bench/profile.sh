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
#   bench/profile.sh start      the CLI's start instead: `./flux batch` of 3 prompts against a stand-alone emulator,
#                               three times, under async-profiler (from Maven Central; Linux x64): CPU per thread, the
#                               main thread's heaviest frames, and a flame graph in bench/target/start
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = start ]; then
  mvn -B -ntp -q package -DskipTests -pl bench,examples -am
  out=bench/target/start && rm -rf "$out" && mkdir -p "$out"
  mvn -B -ntp -q dependency:copy -Dartifact=tools.profiler:async-profiler:4.1 -DoutputDirectory="$out"
  (cd "$out" && unzip -q -o async-profiler-4.1.jar 'linux-x64/*')
  lib="$PWD/$out/linux-x64/libasyncProfiler.so"
  printf 'start 1\nstart 2\nstart 3\n' >"$out/prompts.txt"
  coproc EMULATOR { java -cp bench/target/bench.jar dev.fluxschnell.bench.Emulator; }
  read -r url token <&"${EMULATOR[0]}"
  ./flux --version >/dev/null # after a build: the launcher makes its start-up cache in the background
  until find examples/target -maxdepth 1 -name 'flux-jdk-*' -newer examples/target/flux-cli.jar | grep -q .; do sleep 1; done
  for run in 1 2 3 flame; do # three runs to summarise (the third is read), then one for the flame graph
    if [ "$run" = flame ]; then as="file=$out/flame.html"; else as="collapsed,file=$out/cpu-$run.txt"; fi
    REPLICATE_API_TOKEN="$token" FLUX_JAVA_OPTS="-agentpath:$lib=start,event=cpu,interval=200us,threads,$as" \
      ./flux batch "$out/prompts.txt" --base-url "$url" --out "$out/images-$run" --yes >/dev/null
  done
  exec {EMULATOR[1]}>&- # closes the emulator's input: it stops
  echo "== CPU ms per thread (run 3; a sample is 0.2 ms of CPU)"
  awk '{n=$NF; s=$0; sub(/ [0-9]+$/, "", s); split(s, f, ";"); t=f[1]; sub(/ tid=.*/, "", t); c[t]+=n} END {for (t in c) printf "%6.0f %s\n", c[t]*0.2, t}' \
    "$out/cpu-3.txt" | sort -rn | head -12
  echo "== the main thread's frames in the CLI and the SDK, CPU ms including what they call (run 3)"
  awk '/^\[main/ {n=$NF; s=$0; sub(/ [0-9]+$/, "", s); split(s, f, ";"); delete seen; for (i in f) {k=f[i]; sub(/\(.*/, "", k); if (k ~ /^dev\/fluxschnell/ && !(k in seen)) {c[k]+=n; seen[k]=1}}} END {for (k in c) printf "%6.0f %s\n", c[k]*0.2, k}' \
    "$out/cpu-3.txt" | sort -rn | head -25
  echo "flame graph: $out/flame.html"
  exit 0
fi
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
