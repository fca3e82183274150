#!/usr/bin/env bash
# flux: the CLI without typing "java -jar", started fast and sized for the job (docs/cli.md, "Start-up and memory").
# - Builds the jar on first use (Maven).
# - Runs the newest JDK (17 or later) it finds: FLUX_JAVA if set, else JAVA_HOME, `java` on the PATH and the usual
#   install folders (/usr/lib/jvm, /opt/java, ~/.sdkman, /Library/Java). `./flux --print-java` says which.
# - Keeps a start-up cache beside the jar, per JDK: the ahead-of-time cache of JDK 25 and later (classes loaded and
#   linked, method profiles), else a class-data-sharing archive (classes loaded). The first run after a build makes it
#   in the background, from a training run of the README's batch against the bundled emulator; later runs use it.
#   FLUX_STARTUP_CACHE=off neither makes nor uses one.
# - A CLI run is short, network-bound and streams images to files: the quick C1 compiler alone, the serial collector
#   and a heap that starts small and is capped keep it fast and small (a 200-image batch of 4 MB images stays under
#   256 MB resident). The JDK's HTTP client completes each response on the common ForkJoinPool, which starts a thread
#   per task below a parallelism of 2 (machines with 2 cores or fewer): 2 it is. FLUX_JAVA_OPTS adds or overrides JVM
#   options, e.g. FLUX_JAVA_OPTS="-Xmx2g" for a huge run.
set -euo pipefail
# (no subshells before the JVM starts: each costs milliseconds of the start this script exists to shorten)
here="${BASH_SOURCE[0]%/*}"
[ "$here" = "${BASH_SOURCE[0]}" ] && here=.
[[ $here == /* ]] || here="$PWD/$here"
jar="$here/examples/target/flux.jar"

# Sets $major to the major version of the JDK at $1 (its release file), or 0.
read_major() {
  local line
  major=0
  [ -f "$1/release" ] || return 0
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
      major="${BASH_REMATCH[1]}"
      return 0
    fi
  done <"$1/release"
}

java="" version=0
if [ -n "${FLUX_JAVA:-}" ]; then
  java="$FLUX_JAVA"
  home="${java%/bin/java}"
  read_major "$home"
  version="$major"
else
  candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  on_path="$(type -P java || true)"
  if [ -n "$on_path" ]; then
    on_path="$(readlink -f "$on_path")"
    candidates+=("${on_path%/bin/java}")
  fi
  candidates+=(/usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home)
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] || continue
    read_major "$home"
    if [ "$major" -gt "$version" ]; then
      java="$home/bin/java" version="$major"
    fi
  done
  [ -n "$java" ] || java="${on_path:-java}"
fi
if [ "${1:-}" = "--print-java" ]; then
  echo "$java (JDK $version)"
  exit 0
fi
if [ "$version" -gt 0 ] && [ "$version" -lt 17 ]; then
  echo "flux: $java is JDK $version; the CLI needs 17 or later (set FLUX_JAVA)" >&2
  exit 2
fi

if [ ! -f "$jar" ]; then
  echo "flux: building the CLI once (mvn package)..." >&2
  (cd "$here" && mvn -B -ntp -q package -DskipTests -pl examples -am) >&2
fi

opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms16m -Xmx384m -Xss512k -Xlog:cds=off
  -Djava.util.concurrent.ForkJoinPool.common.parallelism=2)
cache="$here/examples/target/flux-jdk$version"
if [ "$version" -ge 25 ]; then
  opts+=(-Xlog:aot=off)
  made="$cache.aot" use=(-XX:AOTCache="$made")
else
  opts+=(-Xshare:auto -Xlog:cds+dynamic=off)
  made="$cache.jsa" use=(-XX:SharedArchiveFile="$made")
fi
if [ "${FLUX_STARTUP_CACHE:-on}" = off ]; then # e.g. a read-only install, or tests that must not train meanwhile
  # shellcheck disable=SC2086 # FLUX_JAVA_OPTS is a list of options
  exec "$java" "${opts[@]}" ${FLUX_JAVA_OPTS:-} -jar "$jar" "$@"
fi
if [ -f "$made" ] && [ "$made" -nt "$jar" ]; then
  # shellcheck disable=SC2086 # FLUX_JAVA_OPTS is a list of options
  exec "$java" "${opts[@]}" "${use[@]}" ${FLUX_JAVA_OPTS:-} -jar "$jar" "$@"
fi
# No cache for this jar and JDK yet: make one in the background while this run goes on, from a training run of the
# README's batch against the bundled emulator (no network, no cost) into a temporary folder, so the cache holds what a
# real run loads whatever this run happens to be. Two runs may train at once: each writes its own files, the last
# rename wins.
rm -f "$cache.aot" "$cache.jsa"
(
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  train=(-jar "$jar" batch "$here/examples/prompts/marketing.txt" --sandbox --yes --gallery --out "$work/out")
  if [ "$version" -ge 25 ]; then
    "$java" "${opts[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$work/flux.aotconf" "${train[@]}" \
      && "$java" "${opts[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$work/flux.aotconf" \
        -XX:AOTCache="$work/flux.aot" -cp "$jar" \
      && mv -f "$work/flux.aot" "$made"
  else
    "$java" "${opts[@]}" -XX:ArchiveClassesAtExit="$work/flux.jsa" "${train[@]}" && mv -f "$work/flux.jsa" "$made"
  fi
) >/dev/null 2>&1 </dev/null &
# shellcheck disable=SC2086 # FLUX_JAVA_OPTS is a list of options
exec "$java" "${opts[@]}" ${FLUX_JAVA_OPTS:-} -jar "$jar" "$@"
