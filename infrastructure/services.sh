#!/usr/bin/env bash
# Starts (or stops) the services a development machine or CI needs, without Docker:
# PostgreSQL 15 from Debian's packages, a project-owned Redis on loopback, and the
# project's OpenSearch node (infrastructure/opensearch) when Java is available.
#
#   infrastructure/services.sh up [--no-search]   install what is missing, start, wait until ready
#   infrastructure/services.sh down                stop Redis and OpenSearch (PostgreSQL keeps running)
#   infrastructure/services.sh env                 print the environment variables the app reads
#   infrastructure/services.sh packages            only install what is missing (make install uses it)
#   infrastructure/services.sh cluster up|down|status|env|stop-node N|start-node N
#                                                  a three-node OpenSearch cluster on loopback
#                                                  (HTTP 9211-9213, transport 9311-9313, 512 MB
#                                                  heap each); the single node on 9200 is not
#                                                  touched and stays what `make run` uses
#
# Everything listens on 127.0.0.1 only. The credentials below are for a throwaway
# development database; production reads its own from the environment.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${RUN_DIR:-$REPO/.run}"
PG_VERSION="${PG_VERSION:-15}"
PG_CLUSTER="${PG_CLUSTER:-main}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-connectdo}"
PG_PASSWORD="${PG_PASSWORD:-connectdo}"
PG_DB="${PG_DB:-connectdo}"
REDIS_PORT="${REDIS_PORT:-6379}"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9200}"

log() { printf '[services] %s\n' "$*" >&2; }

apt_install() {
  # Install Debian packages only when a command is missing; update the lists once.
  if [ ! -f /var/lib/apt/lists/.connectdo-updated ] || [ -z "$(ls /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    touch /var/lib/apt/lists/.connectdo-updated
  fi
  log "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_packages() {
  command -v pg_ctlcluster >/dev/null || apt_install postgresql-"$PG_VERSION" postgresql-contrib
  [ -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ] || apt_install postgresql-"$PG_VERSION"
  command -v redis-server >/dev/null || apt_install redis-server
  command -v curl >/dev/null || apt_install curl
  # The production topology (infrastructure/production.sh) and its tests (tests/operations).
  command -v varnishd >/dev/null || apt_install varnish
  command -v pgbouncer >/dev/null || apt_install pgbouncer
  # The browser tests (tests/accessibility): Debian's Chromium and its driver, and npm
  # for axe-core. No tool downloads a browser of its own.
  { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } || apt_install chromium chromium-driver
  command -v npm >/dev/null || apt_install nodejs npm
}

start_postgres() {
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {found=1} END {exit !found}'; then
    log "creating PostgreSQL cluster $PG_VERSION/$PG_CLUSTER"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >/dev/null
  fi
  # Dropping a borough schema locks every one of its tables in one transaction.
  pg_conftool "$PG_VERSION" "$PG_CLUSTER" set max_locks_per_transaction 512 >/dev/null
  pg_conftool "$PG_VERSION" "$PG_CLUSTER" set listen_addresses localhost >/dev/null
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c && $4=="online" {found=1} END {exit !found}'; then
    log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  fi
  for _ in $(seq 1 60); do
    runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 0.5
  done
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 -p "$PG_PORT" || { log "PostgreSQL did not start"; exit 1; }
  runuser -u postgres -- psql -q -p "$PG_PORT" -v ON_ERROR_STOP=1 <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;
SQL
  if ! runuser -u postgres -- psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
    runuser -u postgres -- createdb -p "$PG_PORT" -O "$PG_USER" "$PG_DB"
  fi
  # Trigram matching for fuzzy search; created by a superuser once so that test
  # databases (cloned from template1) have it too.
  for db in template1 "$PG_DB"; do
    runuser -u postgres -- psql -q -p "$PG_PORT" -d "$db" -c "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
  done
  log "PostgreSQL ready on 127.0.0.1:$PG_PORT"
}

start_redis() {
  mkdir -p "$RUN_DIR/redis"
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    log "Redis already answering on 127.0.0.1:$REDIS_PORT"
    return
  fi
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --dir "$RUN_DIR/redis" --pidfile "$RUN_DIR/redis/redis.pid" \
    --logfile "$RUN_DIR/redis/redis.log" --save "" --appendonly no >/dev/null
  for _ in $(seq 1 40); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && { log "Redis ready on 127.0.0.1:$REDIS_PORT"; return; }
    sleep 0.25
  done
  log "Redis did not start"; exit 1
}

start_search() {
  if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
    log "no Java/Maven: search uses the PostgreSQL database backend"
    return 1
  fi
  OPENSEARCH_PORT="$OPENSEARCH_PORT" "$REPO/infrastructure/opensearch/start.sh"
}

print_env() {
  echo "export DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
  echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
  if curl -fsS "http://127.0.0.1:$OPENSEARCH_PORT" >/dev/null 2>&1; then
    echo "export SEARCH_URL=http://127.0.0.1:$OPENSEARCH_PORT"
  fi
}

CLUSTER_NODES=3
CLUSTER_HTTP_BASE="${CLUSTER_HTTP_BASE:-9210}"
CLUSTER_TRANSPORT_BASE="${CLUSTER_TRANSPORT_BASE:-9310}"

cluster_node_env() {
  # The environment start.sh/stop.sh need for node $1 of the cluster.
  local n="$1" seeds="" managers="" i
  for i in $(seq 1 "$CLUSTER_NODES"); do
    seeds="${seeds:+$seeds,}127.0.0.1:$((CLUSTER_TRANSPORT_BASE + i))"
    managers="${managers:+$managers,}node-$i"
  done
  echo "OPENSEARCH_RUN_DIR=$RUN_DIR/cluster/node-$n OPENSEARCH_PORT=$((CLUSTER_HTTP_BASE + n))" \
    "OPENSEARCH_TRANSPORT_PORT=$((CLUSTER_TRANSPORT_BASE + n)) OPENSEARCH_NODE_NAME=node-$n" \
    "OPENSEARCH_CLUSTER_NAME=connectdo-cluster OPENSEARCH_SEED_HOSTS=$seeds" \
    "OPENSEARCH_INITIAL_MANAGERS=$managers"
}

cluster_urls() {
  local urls="" i
  for i in $(seq 1 "$CLUSTER_NODES"); do urls="${urls:+$urls,}http://127.0.0.1:$((CLUSTER_HTTP_BASE + i))"; done
  echo "$urls"
}

cluster() {
  local action="${1:-status}" n pids=()
  # Small heaps: the machine is shared.
  export OPENSEARCH_JAVA_OPTS="${CLUSTER_JAVA_OPTS:--Xms512m -Xmx512m}"
  case "$action" in
    up)
      # All at once: no node is healthy until a majority of them has joined.
      for n in $(seq 1 "$CLUSTER_NODES"); do
        env $(cluster_node_env "$n") "$REPO/infrastructure/opensearch/start.sh" >/dev/null &
        pids+=($!)
      done
      for n in "${pids[@]}"; do wait "$n" || { log "a cluster node did not start"; exit 1; }; done
      log "cluster ready: $(cluster_urls)"
      ;;
    down)
      for n in $(seq 1 "$CLUSTER_NODES"); do
        env $(cluster_node_env "$n") "$REPO/infrastructure/opensearch/stop.sh" || true
      done
      ;;
    stop-node) env $(cluster_node_env "${2:?node number}") "$REPO/infrastructure/opensearch/stop.sh" ;;
    start-node) env $(cluster_node_env "${2:?node number}") "$REPO/infrastructure/opensearch/start.sh" >/dev/null ;;
    env) echo "export SEARCH_URL=$(cluster_urls)" ;;
    status)
      curl -fsS "http://127.0.0.1:$((CLUSTER_HTTP_BASE + 1))/_cat/nodes?v" 2>/dev/null \
        || curl -fsS "http://127.0.0.1:$((CLUSTER_HTTP_BASE + 2))/_cat/nodes?v" 2>/dev/null \
        || echo "cluster not running"
      ;;
    *) echo "usage: $0 cluster up | down | status | env | stop-node N | start-node N" >&2; exit 2 ;;
  esac
}

case "${1:-up}" in
  cluster) shift; cluster "$@" ;;
  up)
    ensure_packages
    start_postgres
    start_redis
    if [ "${2:-}" != "--no-search" ] && [ -x "$REPO/infrastructure/opensearch/start.sh" ]; then
      start_search || true
    fi
    ;;
  down)
    if [ -f "$RUN_DIR/redis/redis.pid" ]; then
      redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    fi
    [ -x "$REPO/infrastructure/opensearch/stop.sh" ] && "$REPO/infrastructure/opensearch/stop.sh" || true
    ;;
  env) print_env ;;
  packages) ensure_packages ;;
  *) echo "usage: $0 up [--no-search] | down | env | packages | cluster ..." >&2; exit 2 ;;
esac
