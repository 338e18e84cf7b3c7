#!/usr/bin/env bash
# Starts the project's single-node OpenSearch (built from Maven Central artifacts, see pom.xml)
# in the background on 127.0.0.1 and waits until it is healthy. Safe to run again: if the node
# already answers, it says so and exits 0. Works from any directory.
#
#   OPENSEARCH_PORT            HTTP port (default 9200)
#   OPENSEARCH_TRANSPORT_PORT  transport port (default 9300)
#   OPENSEARCH_RUN_DIR         data, logs, pid file (default <repo>/.run/opensearch)
#   OPENSEARCH_JAVA_OPTS       JVM options (default -Xms512m -Xmx1g)
#   OPENSEARCH_JAVA_HOME       JDK to build and run with (default: Java 17 if installed)
#   OPENSEARCH_START_TIMEOUT   seconds to wait for a yellow cluster (default 120)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PORT="${OPENSEARCH_PORT:-9200}"
TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-9300}"
RUN_DIR="${OPENSEARCH_RUN_DIR:-$REPO/.run/opensearch}"
JAVA_OPTS="${OPENSEARCH_JAVA_OPTS:--Xms512m -Xmx1g}"
TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
PID_FILE="$RUN_DIR/opensearch.pid"
LOG_FILE="$RUN_DIR/opensearch.log"
URL="http://127.0.0.1:$PORT"

log() { printf '[opensearch] %s\n' "$*" >&2; }

# OpenSearch 2.19 targets Java 11-21: prefer the machine's Java 17 over whatever JAVA_HOME says.
if [ -n "${OPENSEARCH_JAVA_HOME:-}" ]; then
  export JAVA_HOME="$OPENSEARCH_JAVA_HOME"
elif [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
elif [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  export JAVA_HOME
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

alive() {
  # kill -0 also succeeds on a zombie (a child that died but was not reaped yet).
  kill -0 "$1" 2>/dev/null && ! grep -q '^[^)]*) Z' "/proc/$1/stat" 2>/dev/null
}

healthy() {
  curl -fsS --max-time 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1
}

our_pid() {
  # Prints the pid from the pid file if that process is still our launcher.
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null)"
  [ -n "$pid" ] && alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'connectdo.opensearch.Launcher' || return 1
  echo "$pid"
}

mkdir -p "$RUN_DIR"
# One start at a time per run directory (the node itself does not inherit this lock: 9>&- below).
exec 9>"$RUN_DIR/start.lock"
flock 9

if healthy; then
  log "already running and healthy at $URL"
  echo "$URL"
  exit 0
fi

PID="$(our_pid || true)"
if [ -z "$PID" ]; then
  rm -f "$PID_FILE"
  if curl -s --max-time 2 -o /dev/null "$URL" 2>/dev/null; then
    log "port $PORT is answering but the cluster is not healthy, and it is not our node; not starting"
    exit 1
  fi

  command -v "$JAVA" >/dev/null || { log "no java found (set OPENSEARCH_JAVA_HOME)"; exit 1; }
  command -v mvn >/dev/null || { log "no mvn found (apt-get install maven)"; exit 1; }

  # Build when the launcher or its dependency list changed (or was never built); one
  # build at a time (the nodes of a cluster start together and share it).
  STAMP="$HERE/target/.built"
  mkdir -p "$HERE/target"
  exec 8>"$HERE/target/.build.lock"
  flock 8
  if [ ! -f "$STAMP" ] || [ ! -d "$HERE/target/lib" ] || [ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$STAMP" -print -quit)" ]; then
    log "building the launcher with Maven"
    # target/lib is emptied first so a version bump leaves no stale jars on the classpath.
    # Offline first (fast, no network); fall back to Maven Central for a fresh ~/.m2.
    rm -rf "$HERE/target/lib" "$STAMP"
    if ! (cd "$HERE" && mvn -q -B -o package >/dev/null 2>&1); then
      (cd "$HERE" && rm -rf target/lib && mvn -q -B package) || { log "Maven build failed"; exit 1; }
    fi
    touch "$STAMP"
  fi
  exec 8>&-

  mkdir -p "$RUN_DIR/logs" "$RUN_DIR/tmp"
  [ -f "$LOG_FILE" ] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  # The system properties are the ones OpenSearch's own launcher always sets (SystemJvmOptions);
  # log4j's shutdown hook is off so the node can still log while it closes on SIGTERM.
  # setsid: own session, so the node outlives the shell/CI step that started it.
  # shellcheck disable=SC2086
  OPENSEARCH_PORT="$PORT" OPENSEARCH_TRANSPORT_PORT="$TRANSPORT_PORT" \
  setsid "$JAVA" $JAVA_OPTS \
    -XX:+UseG1GC -Xss1m -XX:-OmitStackTraceInFastThrow \
    -XX:ErrorFile="$RUN_DIR/logs/hs_err_pid%p.log" \
    -Djava.io.tmpdir="$RUN_DIR/tmp" -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
    -Djna.nosys=true -Djava.locale.providers=SPI,COMPAT \
    -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
    -Dio.netty.recycler.maxCapacityPerThread=0 -Dio.netty.allocator.numDirectArenas=0 \
    -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true \
    -cp "$HERE/target/classes:$HERE/target/lib/*" \
    connectdo.opensearch.Launcher "$RUN_DIR" \
    </dev/null >"$LOG_FILE" 2>&1 9>&- &
  PID=$!
  echo "$PID" >"$PID_FILE"
  log "started pid $PID (log: $LOG_FILE), waiting up to ${TIMEOUT}s for $URL"
else
  log "pid $PID is starting, waiting up to ${TIMEOUT}s for $URL"
fi

DEADLINE=$((SECONDS + TIMEOUT))
while [ "$SECONDS" -lt "$DEADLINE" ]; do
  if healthy; then
    log "healthy after ${SECONDS}s"
    echo "$URL"
    exit 0
  fi
  if ! alive "$PID"; then
    log "OpenSearch exited during start-up; last lines of $LOG_FILE:"
    tail -n 40 "$LOG_FILE" >&2 || true
    rm -f "$PID_FILE"
    exit 1
  fi
  sleep 1
done

log "not healthy after ${TIMEOUT}s; last lines of $LOG_FILE:"
tail -n 40 "$LOG_FILE" >&2 || true
exit 1
