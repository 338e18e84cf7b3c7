#!/usr/bin/env bash
# The production topology on one machine, from the configuration files a deployment uses
# (infrastructure/production/): Varnish (page cache + load balancer) -> three gunicorn app
# servers -> PgBouncer (session pooling) -> PostgreSQL; two task workers; the topology's
# own Redis; media on a local S3-compatible server (moto); the search engine already
# running (services.sh). Its own database and index prefix: never the dev or test ones.
#
#   infrastructure/production.sh up       install what is missing, prepare, start, wait
#   infrastructure/production.sh down     stop everything it started (nothing left running)
#   infrastructure/production.sh status   what is running, on which port
#   infrastructure/production.sh seed     the six demo boroughs in its database (once, minutes)
#   infrastructure/production.sh env      the app's environment (to run manage.py against it)
#   infrastructure/production.sh restart NAME   one component: app1..3, worker1..2, pgbouncer, redis
#
# Ports (81xx): proxy 8100, app servers 8101-8103, PgBouncer 8110, Redis 8120, S3 8130,
# Varnish admin 8140. docs/operations/deploy.md explains every part.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONF="$REPO/infrastructure/production"
export RUN_DIR="${PROD_RUN_DIR:-$REPO/.run/prod}"
export PROXY_PORT="${PROXY_PORT:-8100}" APP1_PORT=8101 APP2_PORT=8102 APP3_PORT=8103
export PGBOUNCER_PORT="${PGBOUNCER_PORT:-8110}" PROD_REDIS_PORT="${PROD_REDIS_PORT:-8120}"
export S3_PORT="${S3_PORT:-8130}" VARNISH_ADMIN_PORT="${VARNISH_ADMIN_PORT:-8140}"
export PROD_DB="${PROD_DB:-connectdo_prod}" PG_HOST=127.0.0.1 PG_PORT="${PG_PORT:-5432}"
export PG_USER="${PG_USER:-connectdo}" PG_PASSWORD="${PG_PASSWORD:-connectdo}"
export PLATFORM_HOST="${PLATFORM_HOST:-localhost}"
# The port visitors use, as Varnish hands it to the app (no TLS in front here).
export PUBLIC_PORT_SUFFIX=":$PROXY_PORT"
export MEDIA_S3_BUCKET="${MEDIA_S3_BUCKET:-connectdo-prod-media}"
# moto accepts any key; a deployment's come from its secrets store.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-local-s3-key}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-local-s3-secret}"
PY="$REPO/.venv/bin/python"
APPS=(app1 app2 app3)
WORKERS=(worker1 worker2)

log() { printf '[production] %s\n' "$*" >&2; }

render() {  # render TEMPLATE DEST: fill ${VARS} from the environment
  envsubst <"$1" >"$2.tmp" && mv "$2.tmp" "$2"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_port() {  # wait_port PORT WHAT [SECONDS]
  for _ in $(seq 1 $((${3:-30} * 4))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.25
  done
  log "$2 did not start on port $1 (logs: $RUN_DIR)"; return 1
}

ensure_packages() {
  local missing=()
  command -v varnishd >/dev/null || missing+=(varnish)
  command -v pgbouncer >/dev/null || missing+=(pgbouncer)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v envsubst >/dev/null || missing+=(gettext-base)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
  fi
  # Debian starts the packaged services: this topology runs its own instances only.
}

prepare_env() {
  mkdir -p "$RUN_DIR"/{logs,pgbouncer,redis,varnish,metrics,static}
  [ -s "$RUN_DIR/secret_key" ] || "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))' >"$RUN_DIR/secret_key"
  export SECRET_KEY; SECRET_KEY="$(cat "$RUN_DIR/secret_key")"
  # The key that encrypts coaching notes: kept with the run's data, as a deployment keeps
  # it with its backups' keys (a lost key is lost notes).
  [ -s "$RUN_DIR/notes_key" ] || "$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' >"$RUN_DIR/notes_key"
  export NOTES_ENCRYPTION_KEYS; NOTES_ENCRYPTION_KEYS="$(cat "$RUN_DIR/notes_key")"
  # The search engine services.sh runs, if any (the app falls back to PostgreSQL).
  export SEARCH_URL; SEARCH_URL="$("$REPO/infrastructure/services.sh" env | sed -n 's/^export SEARCH_URL=//p')"
  render "$CONF/app.env" "$RUN_DIR/app.env"
}

load_app_env() {
  set -a; # shellcheck disable=SC1091
  . "$RUN_DIR/app.env"; set +a
  export PYTHONPATH="$REPO:$REPO/platform"
}

prepare_database() {
  if ! runuser -u postgres -- psql -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname='$PROD_DB'" | grep -q 1; then
    log "creating database $PROD_DB"
    runuser -u postgres -- createdb -p "$PG_PORT" -O "$PG_USER" "$PROD_DB"
    runuser -u postgres -- psql -q -p "$PG_PORT" -d "$PROD_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
  fi
  printf '"%s" "%s"\n' "$PG_USER" "$PG_PASSWORD" >"$RUN_DIR/pgbouncer/userlist.txt"
  chmod 600 "$RUN_DIR/pgbouncer/userlist.txt"
}

start_redis() {
  pid_alive "$RUN_DIR/redis/redis.pid" && return
  redis-server --bind 127.0.0.1 --port "$PROD_REDIS_PORT" --daemonize yes \
    --dir "$RUN_DIR/redis" --pidfile "$RUN_DIR/redis/redis.pid" \
    --logfile "$RUN_DIR/redis/redis.log" --save "" --appendonly no --maxmemory 256mb \
    --maxmemory-policy allkeys-lru >/dev/null
  wait_port "$PROD_REDIS_PORT" Redis
}

start_s3() {
  pid_alive "$RUN_DIR/s3.pid" && return
  setsid moto_server -H 127.0.0.1 -p "$S3_PORT" >"$RUN_DIR/logs/s3.log" 2>&1 &
  echo $! >"$RUN_DIR/s3.pid"
  wait_port "$S3_PORT" "S3 server"
  "$PY" - <<PY
import boto3
s3 = boto3.client("s3", endpoint_url="http://127.0.0.1:$S3_PORT", region_name="eu-west-2")
if "$MEDIA_S3_BUCKET" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
    s3.create_bucket(Bucket="$MEDIA_S3_BUCKET",
                     CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
PY
}

start_pgbouncer() {
  pid_alive "$RUN_DIR/pgbouncer/pgbouncer.pid" && return
  render "$CONF/pgbouncer.ini" "$RUN_DIR/pgbouncer/pgbouncer.ini"
  # PgBouncer refuses to run as root; the Debian package's user runs it.
  chown -R postgres "$RUN_DIR/pgbouncer"
  runuser -u postgres -- pgbouncer -d "$RUN_DIR/pgbouncer/pgbouncer.ini"
  wait_port "$PGBOUNCER_PORT" PgBouncer
}

migrate() {
  log "migrating $PROD_DB"
  (load_app_env
   cd "$REPO"
   "$PY" manage.py migrate_boroughs
   "$PY" manage.py rebuild_search_index --outdated
   "$PY" manage.py collectstatic --noinput -v 0) >"$RUN_DIR/logs/migrate.log" 2>&1 ||
    { log "migration failed: $RUN_DIR/logs/migrate.log"; tail -20 "$RUN_DIR/logs/migrate.log" >&2; exit 1; }
}

start_app() {  # start_app app1
  local name=$1 port
  port="$(eval echo "\$APP${name#app}_PORT")"
  pid_alive "$RUN_DIR/$name.pid" && return
  (load_app_env; cd "$REPO"
   APP_PORT=$port APP_NAME="connectdo-$name" exec setsid "$REPO/.venv/bin/gunicorn" \
     -c "$CONF/gunicorn.conf.py" --pid "$RUN_DIR/$name.pid" connectdo.wsgi \
     >>"$RUN_DIR/logs/$name.log" 2>&1) &
  wait_port "$port" "$name" 60
}

start_worker() {  # start_worker worker1
  local name=$1
  pid_alive "$RUN_DIR/$name.pid" && return
  # Started again whenever it stops, as systemd's Restart=always does
  # (infrastructure/systemd/connectdo-worker@.service); SIGTERM lets the running task end.
  (load_app_env; cd "$REPO"
   exec setsid bash -c 'trap "kill -TERM \$child 2>/dev/null; wait \$child; exit 0" TERM INT
     while :; do "$0" manage.py db_worker --interval 1 & child=$!; wait $child
       echo "[production] worker stopped ($?); starting again"; sleep 2; done' "$PY" \
     >>"$RUN_DIR/logs/$name.log" 2>&1) &
  echo $! >"$RUN_DIR/$name.pid"
}

start_varnish() {
  pid_alive "$RUN_DIR/varnish/varnishd.pid" && return
  render "$CONF/varnish.vcl" "$RUN_DIR/varnish/default.vcl"
  varnishd -a "127.0.0.1:$PROXY_PORT" -T "127.0.0.1:$VARNISH_ADMIN_PORT" \
    -f "$RUN_DIR/varnish/default.vcl" -n "$RUN_DIR/varnish/work" -s malloc,256m \
    -P "$RUN_DIR/varnish/varnishd.pid" -j none -p default_ttl=60 \
    >"$RUN_DIR/logs/varnish.log" 2>&1
  wait_port "$PROXY_PORT" Varnish
}

stop_pidfile() {  # stop_pidfile FILE NAME: the whole process group, then wait
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

up() {
  ensure_packages
  prepare_env
  prepare_database
  start_redis
  start_s3
  start_pgbouncer
  migrate
  for a in "${APPS[@]}"; do start_app "$a"; done
  for w in "${WORKERS[@]}"; do start_worker "$w"; done
  start_varnish
  wait_healthy
  status
}

wait_healthy() {
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$PROXY_PORT/health/" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  log "the proxy does not answer /health/"; return 1
}

down() {
  stop_pidfile "$RUN_DIR/varnish/varnishd.pid"
  for a in "${APPS[@]}"; do stop_pidfile "$RUN_DIR/$a.pid"; done
  for w in "${WORKERS[@]}"; do stop_pidfile "$RUN_DIR/$w.pid"; done
  stop_pidfile "$RUN_DIR/pgbouncer/pgbouncer.pid"
  stop_pidfile "$RUN_DIR/s3.pid"
  if pid_alive "$RUN_DIR/redis/redis.pid"; then
    redis-cli -p "$PROD_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || stop_pidfile "$RUN_DIR/redis/redis.pid"
  fi
  rm -f "$RUN_DIR/metrics"/*.db
  log "stopped"
}

status() {
  local line
  for item in "varnish/varnishd.pid:proxy:$PROXY_PORT" "app1.pid:app1:$APP1_PORT" \
    "app2.pid:app2:$APP2_PORT" "app3.pid:app3:$APP3_PORT" "worker1.pid:worker1:-" \
    "worker2.pid:worker2:-" "pgbouncer/pgbouncer.pid:pgbouncer:$PGBOUNCER_PORT" \
    "redis/redis.pid:redis:$PROD_REDIS_PORT" "s3.pid:s3:$S3_PORT"; do
    IFS=: read -r file name port <<<"$item"
    if pid_alive "$RUN_DIR/$file"; then line="running (pid $(cat "$RUN_DIR/$file"))"; else line="stopped"; fi
    printf '  %-10s %-6s %s\n' "$name" "$port" "$line"
  done
}

restart() {  # one component, as an operator (or the fault script) would
  prepare_env
  case "$1" in
    app[123]) stop_pidfile "$RUN_DIR/$1.pid"; start_app "$1" ;;
    worker[12]) stop_pidfile "$RUN_DIR/$1.pid"; start_worker "$1" ;;
    pgbouncer) stop_pidfile "$RUN_DIR/pgbouncer/pgbouncer.pid"; start_pgbouncer ;;
    redis) redis-cli -p "$PROD_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; sleep 0.5; start_redis ;;
    *) echo "restart: app1..3, worker1..2, pgbouncer or redis" >&2; exit 2 ;;
  esac
}

case "${1:-status}" in
  up) up ;;
  down) down ;;
  status) status ;;
  restart) restart "${2:-}" ;;
  seed)
    prepare_env; prepare_database
    # seed_demo refuses production settings (published demo passwords): the development
    # settings write the same database, search prefix and S3 bucket.
    (load_app_env; cd "$REPO"; DJANGO_SETTINGS_MODULE=connectdo.settings.dev \
      "$PY" manage.py seed_demo --host-suffix "$PLATFORM_HOST") ;;
  env) prepare_env >/dev/null; sed -n 's/^\([A-Z_]*=.*\)$/export \1/p' "$RUN_DIR/app.env" ;;
  *) echo "usage: $0 up | down | status | seed | env | restart NAME" >&2; exit 2 ;;
esac
