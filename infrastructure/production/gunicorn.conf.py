"""Gunicorn for one app server (infrastructure/production.sh starts three of them).

Read by `gunicorn -c infrastructure/production/gunicorn.conf.py connectdo.wsgi`; the port
comes from APP_PORT, everything else from the environment a systemd unit would give.
"""

import os

bind = f"127.0.0.1:{os.environ.get('APP_PORT', '8101')}"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = 1
timeout = 30
graceful_timeout = 20
# Idle keep-alive connections from the proxy are reused.
keepalive = 5
# Restart workers now and then: a slow leak never takes a server down.
max_requests = 2000
max_requests_jitter = 200
accesslog = None  # requests are logged by the app, as JSON (connectdo/observability/)
# Three masters on one machine: no shared control socket in the home directory.
control_socket_disable = True
proc_name = os.environ.get("APP_NAME", "connectdo-app")


def child_exit(server, worker):
    # Prometheus multi-process mode: forget a dead worker's live gauges.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
