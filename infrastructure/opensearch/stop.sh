#!/usr/bin/env bash
# Stops the node started by start.sh: SIGTERM (the launcher closes the node cleanly), then
# SIGKILL if it is still there after OPENSEARCH_STOP_TIMEOUT seconds (default 30).
# Only the process recorded in the pid file is signalled. Works from any directory.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
RUN_DIR="${OPENSEARCH_RUN_DIR:-$REPO/.run/opensearch}"
TIMEOUT="${OPENSEARCH_STOP_TIMEOUT:-30}"
PID_FILE="$RUN_DIR/opensearch.pid"

log() { printf '[opensearch] %s\n' "$*" >&2; }

PID="$(cat "$PID_FILE" 2>/dev/null || true)"
if [ -z "$PID" ] || ! kill -0 "$PID" 2>/dev/null; then
  rm -f "$PID_FILE"
  log "not running"
  exit 0
fi
if ! tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -q 'connectdo.opensearch.Launcher'; then
  # The pid was reused by something else after a crash: leave that process alone.
  rm -f "$PID_FILE"
  log "pid $PID is not our OpenSearch; removed the stale pid file"
  exit 0
fi

kill -TERM "$PID"
DEADLINE=$((SECONDS + TIMEOUT))
while kill -0 "$PID" 2>/dev/null && [ "$SECONDS" -lt "$DEADLINE" ]; do
  sleep 0.5
done
if kill -0 "$PID" 2>/dev/null; then
  log "still running after ${TIMEOUT}s, sending SIGKILL"
  kill -KILL "$PID" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$PID" 2>/dev/null || break; sleep 0.25; done
fi
if kill -0 "$PID" 2>/dev/null; then
  log "pid $PID would not die"
  exit 1
fi
rm -f "$PID_FILE"
log "stopped (pid $PID)"
