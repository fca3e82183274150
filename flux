#!/usr/bin/env bash
# flux: the CLI without typing "java -jar". Builds the jar on first use (Maven) and keeps a class-data-sharing archive
# beside it (examples/target/flux.jsa, recorded by the first run after a build) so later runs start faster.
# FLUX_JAVA_OPTS adds JVM options, e.g. FLUX_JAVA_OPTS="-Dreplicate.apiToken=r8_...".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/examples/target/flux.jar"
jsa="$here/examples/target/flux.jsa"
if [ ! -f "$jar" ]; then
  echo "flux: building the CLI once (mvn package)..." >&2
  (cd "$here" && mvn -B -ntp -q package -DskipTests -pl examples -am) >&2
fi
# a CLI run is short and network-bound: the quick C1 compiler alone and the serial collector start faster (about 0.04 s
# on the first batch, 0.1-0.2 s per process); FLUX_JAVA_OPTS="-XX:TieredStopAtLevel=4" restores full JIT for huge runs
quiet=(-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
# shellcheck disable=SC2086 # FLUX_JAVA_OPTS is a list of options
if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
  exec java "${quiet[@]}" -XX:SharedArchiveFile="$jsa" ${FLUX_JAVA_OPTS:-} -jar "$jar" "$@"
fi
rm -f "$jsa"
exec java "${quiet[@]}" -XX:ArchiveClassesAtExit="$jsa" ${FLUX_JAVA_OPTS:-} -jar "$jar" "$@"
