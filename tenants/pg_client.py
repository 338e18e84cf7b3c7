"""How PostgreSQL's own command-line tools (pg_dump, pg_restore, psql) reach the
project's database: the same settings as Django's connection."""

import os

from django.db import connection


def pg_client_env_and_args() -> tuple[dict, list[str]]:
    """The environment (password) and the connection arguments for a PostgreSQL tool."""
    db = connection.settings_dict
    env = os.environ.copy()
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args
