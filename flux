#!/usr/bin/env bash
# flux: the CLI without typing "java -jar", started fast and sized for the job (docs/cli.md, "Start-up and memory").
# - Builds the jar on first use (Maven).
# - Runs the newest JDK (17 or later) it finds: FLUX_JAVA if set, else JAVA_HOME, `java` on the PATH and the usual
#   install folders (/usr/lib/jvm, /opt/java, ~/.sdkman, /Library/Java). `./flux --print-java` says which.
# - Keeps a start-up cache beside the jar, per JDK build: the ahead-of-time cache of JDK 25 and later (classes loaded
#   and linked), else a class-data-sharing archive (classes loaded). Until it exists, a run starts one training run in
#   the background (the README's batch against the bundled emulator, in a process of its own: no network, no cost)
#   that makes it; later runs use it. FLUX_STARTUP_CACHE=off neither makes nor uses one.
# - A CLI run is short, network-bound and streams images to files: the quick C1 compiler alone (compiling only what
#   runs 4 times as often as its defaults ask: fewer compiles compete with the start for the cores), the serial collector
#   and a heap that starts small and is capped keep it fast and small (a 200-image batch of 4 MB images stays under
#   256 MB resident). FLUX_JAVA_OPTS adds or overrides JVM options, e.g. FLUX_JAVA_OPTS="-Xmx2g" for a huge run.
set -euo pipefail
# (few subprocesses before the JVM starts: each costs milliseconds of the start this script exists to shorten)
here="${BASH_SOURCE[0]%/*}"
[ "$here" = "${BASH_SOURCE[0]}" ] && here=.
[[ $here == /* ]] || here="$PWD/$here"
target="$here/examples/target"
jar="$target/flux-cli.jar" # the CLI alone (examples/pom.xml); flux.jar adds the other examples' libraries

# Reads the release file of the JDK at $1: sets $major (0 when unknown) and $build (its version and vendor, e.g.
# "25.0.3-EclipseAdoptium": a start-up cache belongs to one JDK build).
read_release() {
  local line full="" vendor=""
  major=0 build=unknown
  [ -f "$1/release" ] || return 0
  while IFS= read -r line; do
    if [[ $line =~ ^JAVA_VERSION=\"(([0-9]+)[^\"]*)\" ]]; then
      full="${BASH_REMATCH[1]}" major="${BASH_REMATCH[2]}"
    elif [[ $line =~ ^IMPLEMENTOR=\"([^\"]*)\" ]]; then
      vendor="${BASH_REMATCH[1]}"
    fi
  done <"$1/release"
  build="$full-${vendor//[^A-Za-z0-9]/}"
}

java="" version=0 jdk=unknown
if [ -n "${FLUX_JAVA:-}" ]; then
  java="$(readlink -f "$FLUX_JAVA")"
  read_release "${java%/bin/java}"
  version="$major" jdk="$build"
else
  candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  on_path="$(type -P java || true)"
  if [ -n "$on_path" ]; then
    on_path="$(readlink -f "$on_path")"
    candidates+=("${on_path%/bin/java}")
  fi
  candidates+=(/usr/lib/jvm/* /opt/java/* "${HOME:-/nonexistent}"/.sdkman/candidates/java/*
    /Library/Java/JavaVirtualMachines/*/Contents/Home)
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] || continue
    read_release "$home"
    if [ "$major" -gt "$version" ]; then
      java="$home/bin/java" version="$major" jdk="$build"
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

opts=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=4 -XX:+UseSerialGC -Xms16m -Xmx384m -Xss512k -Xlog:cds=off)
if [ "$version" -ge 25 ]; then
  opts+=(-Xlog:aot=off)
  made="$target/flux-jdk-$jdk.aot" use=(-XX:AOTCache="$made")
else
  opts+=(-Xshare:auto -Xlog:cds+dynamic=off)
  made="$target/flux-jdk-$jdk.jsa" use=(-XX:SharedArchiveFile="$made")
fi
if [ "${FLUX_STARTUP_CACHE:-on}" != off ] && [ -f "$made" ] && [ "$made" -nt "$jar" ]; then
  # shellcheck disable=SC2086 # FLUX_JAVA_OPTS is a list of options
  exec "$java" "${opts[@]}" "${use[@]}" ${FLUX_JAVA_OPTS:-} -jar "$jar" "$@"
fi
# No cache for this jar and JDK yet: one training run at a time makes it, in the background, while this run goes on.
# It works in a folder beside the jar (so the finished cache is renamed into place, never seen half-written) and
# trains on the README's batch against the bundled emulator, so the cache holds what a real run loads whatever this
# run happens to be.
if [ "${FLUX_STARTUP_CACHE:-on}" != off ] && work="$(mktemp -d "$target/.flux-training.XXXXXX" 2>/dev/null)"; then
  lock="$target/.flux-training.lock"
  if [ -d "$lock" ] && [ -n "$(find "$lock" -maxdepth 0 -mmin +10)" ]; then
    rm -rf "$lock" # left by a training run that was killed
  fi
  if mkdir "$lock" 2>/dev/null; then
    (
      trap 'rm -rf "$work" "$lock"' EXIT
      # The emulator runs in a process of its own (it stops when its input closes), so that the cache holds what a
      # run against the real API loads, not the emulator; -Dflux.training sets up TLS too, as a run against Replicate
      # does.
      serve=(-XX:TieredStopAtLevel=1 -cp "$jar" dev.fluxschnell.sdk.testing.StandaloneEmulator)
      coproc emulator { exec "$java" "${serve[@]}"; }
      read -r url REPLICATE_API_TOKEN <&"${emulator[0]}"
      export REPLICATE_API_TOKEN # the emulator's: the user's token never goes to it
      train=(-Dflux.training=true -jar "$jar" batch "$here/examples/prompts/marketing.txt" --base-url "$url" --yes
        --gallery --out "$work/out")
      if [ "$version" -ge 25 ]; then
        "$java" "${opts[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$work/flux.aotconf" "${train[@]}" \
          && "$java" "${opts[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$work/flux.aotconf" \
            -XX:AOTCache="$work/flux.cache" -cp "$jar" \
          && mv -f "$work/flux.cache" "$made"
      else
        "$java" "${opts[@]}" -XX:ArchiveClassesAtExit="$work/flux.cache" "${train[@]}" && mv -f "$work/flux.cache" "$made"
      fi
    ) >/dev/null 2>&1 </dev/null &
  else
    rm -rf "$work" # another run is training
  fi
fi
# shellcheck disable=SC2086 # FLUX_JAVA_OPTS is a list of options
exec "$java" "${opts[@]}" ${FLUX_JAVA_OPTS:-} -jar "$jar" "$@"
