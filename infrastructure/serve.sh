#!/usr/bin/env bash
# Serves the platform host and every borough on 127.0.0.1:8000, with a background
# task worker. Prints the addresses. Ctrl+C stops both.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
PORT="${PORT:-8000}"
PY=.venv/bin/python

# A database behind the code answers some pages with a server error (a column the code
# reads is missing): say so first, plainly, instead of serving it silently.
if ! $PY manage.py migrate_boroughs --check >/dev/null 2>.run/migrate-check.log; then
    echo
    echo "  WARNING: $(tail -n 1 .run/migrate-check.log)"
fi

$PY manage.py db_worker --interval 1 > .run/worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT

echo
echo "Connect & Do is running:"
echo "  Platform landing page and console: http://localhost:$PORT/  (console: http://localhost:$PORT/console/)"
$PY manage.py shell -c "
from tenants.models import Borough
for b in Borough.objects.filter(status='live'):
    print(f'  {b.name}: http://{b.primary_host}:$PORT/  (admin: http://{b.primary_host}:$PORT/admin/)')
"
echo "  Background task worker log: .run/worker.log"
echo
exec $PY manage.py runserver "127.0.0.1:$PORT"
