"""New borough schemas made from a SQL script of the template, not by CloneSchema.

django-tenants' CloneSchema walks information_schema in plpgsql, so it slows down as
the whole catalogue grows (1,000 boroughs of ~150 tables each). Running the template's
own pg_dump with the schema name changed does the same work in a time that depends on
the template only. The script is taken once per template state (``refresh_script``,
run by ``prepare_borough_template``) and kept in the public schema with the template's
migration fingerprint, so every web and worker process uses the same one; a launch that
finds it stale or missing takes it again, and falls back to CloneSchema when it cannot.

Why ``--inserts`` (rows per INSERT) rather than COPY: the script must run through the
Django connection, inside the launch's transaction, as one ``execute``; COPY blocks are
not SQL. The template holds a few hundred rows, so INSERTs cost nothing measurable.

Changing the schema name is done on the lexed script: the template's name is replaced
only where it is an identifier (``borough_template.table``, ``CREATE SCHEMA``) or a
sequence reference (``setval('borough_template.seq', …)``). If it appears anywhere else
(in a row's data, a function body, a default), the script is refused.
"""

import logging
import re
import subprocess

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from .models import TemplateScript
from .pg_client import pg_client_env_and_args
from .schema_pool import template_fingerprint
from .template_schema import TEMPLATE_SCHEMA

logger = logging.getLogger(__name__)

# pg_dump output lexed into what may hold the name: literals, quoted identifiers,
# dollar-quoted bodies, comments, psql meta-commands (\restrict) and plain code.
_TOKEN = re.compile(
    r"(?P<string>'(?:[^']|'')*')"
    r"|(?P<ident>\"(?:[^\"]|\"\")*\")"
    r"|(?P<dollar>\$(?P<tag>[A-Za-z_]\w*|)\$.*?\$(?P=tag)\$)"
    r"|(?P<comment>--[^\n]*)"
    r"|(?P<meta>^\\[^\n]*)"
    r"|(?P<code>[^'\"$;\n-]+|[$\n-])"
    r"|(?P<end>;)",
    re.DOTALL | re.MULTILINE,
)
# Session settings and the template's own comment: never run on the launch's connection.
_SKIPPED = re.compile(r"\s*(SET\s|SELECT\s+pg_catalog\.set_config\(|COMMENT\s+ON\s+SCHEMA\s)", re.I)
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
DUMP_TIMEOUT_SECONDS = 60


class ScriptRefused(Exception):
    """The dump cannot be turned into a script for another schema name."""


def script_from_dump(dump: str, template: str = TEMPLATE_SCHEMA) -> str:
    """The dump's statements, every mention of ``template`` checked to be a name.

    The result holds ``template`` only where a plain text replace of it is a rename.
    """
    word = re.compile(rf"(?<![\w$]){re.escape(template)}(?![\w$])")
    statements, current, names = [], [], 0
    for match in _TOKEN.finditer(dump):
        kind, text = match.lastgroup, match.group()
        if kind in ("comment", "meta"):
            continue
        if kind == "end":
            statement = "".join(current).strip()
            current = []
            if statement and not _SKIPPED.match(statement):
                statements.append(statement + ";")
                names += _names_in(statement, word, template)
            continue
        current.append(text)
    if "".join(current).strip():
        raise ScriptRefused("the dump does not end with a whole statement")
    script = "\n".join(statements)
    # Every mention, in any case, must be one of the names counted above.
    if len(re.findall(re.escape(template), script, re.I)) != names:
        raise ScriptRefused(f"{template!r} appears in the dump as more than a schema name")
    return script


def _names_in(statement: str, word: re.Pattern, template: str) -> int:
    """How many mentions of the template in one statement are its schema's name."""
    names = 0
    tokens = list(_TOKEN.finditer(statement))
    for index, match in enumerate(tokens):
        kind, text = match.lastgroup, match.group()
        if kind == "code":
            for hit in word.finditer(text):
                after = text[hit.end() : hit.end() + 1]
                before = text[: hit.start()].rstrip().upper()
                if after == "." or before.endswith("SCHEMA"):
                    names += 1
        elif kind == "string" and text.startswith(f"'{template}."):
            following = tokens[index + 1].group() if index + 1 < len(tokens) else ""
            preceding = tokens[index - 1].group() if index else ""
            if preceding.endswith(("setval(", "nextval(")) or following.startswith("::regclass"):
                names += 1
    return names


def dump_template() -> str:
    """pg_dump of the template schema (committed state: another connection reads it)."""
    env, args = pg_client_env_and_args()
    command = [
        "pg_dump",
        *args,
        "--schema",
        TEMPLATE_SCHEMA,
        "--no-owner",
        "--no-privileges",
        "--rows-per-insert=1000",
        # A template locked by this very transaction would otherwise wait forever.
        "--lock-wait-timeout=5s",
    ]
    completed = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, timeout=DUMP_TIMEOUT_SECONDS
    )
    if completed.returncode != 0:
        raise ScriptRefused(f"pg_dump failed: {completed.stderr.strip()[:300]}")
    return completed.stdout


def refresh_script() -> TemplateScript:
    """Take the script of the template as it is now and keep it."""
    connection.set_schema_to_public()
    fingerprint = template_fingerprint()
    script = script_from_dump(dump_template())
    with transaction.atomic():  # a savepoint: a lost race with another refresh is harmless
        stored, _ = TemplateScript.objects.update_or_create(
            template=TEMPLATE_SCHEMA, defaults={"fingerprint": fingerprint, "script": script}
        )
    return stored


def forget_script() -> None:
    """The template changed (its rows may have, with the same migrations)."""
    TemplateScript.objects.filter(template=TEMPLATE_SCHEMA).delete()


def current_script() -> str | None:
    """The kept script if it matches the template's migrations, else a new one or None."""
    connection.set_schema_to_public()
    stored = TemplateScript.objects.filter(template=TEMPLATE_SCHEMA).first()
    if stored is not None and stored.fingerprint == template_fingerprint():
        return stored.script
    try:
        return refresh_script().script
    except (ScriptRefused, OSError, subprocess.TimeoutExpired, DatabaseError) as error:
        logger.warning("No script of the template schema (%s); cloning instead", error)
        return None


def create_schema_from_template(name: str) -> None:
    """Create schema ``name`` as a copy of the template, in the caller's transaction.

    From the script when there is a current one; else with CloneSchema, as before.
    """
    if not _NAME.match(name) or name == TEMPLATE_SCHEMA:
        raise ValueError(f"Not a borough schema name: {name!r}")
    script = current_script() if settings.BOROUGH_SCHEMA_FROM_SCRIPT else None
    if script is not None:
        try:
            # A savepoint: a failed script leaves no half schema.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(script.replace(TEMPLATE_SCHEMA, f'"{name}"'))
                if template_fingerprint(name) != template_fingerprint():
                    raise ScriptRefused("the new schema's migrations differ")
            return
        except (ScriptRefused, DatabaseError) as error:
            logger.warning("The template script failed for %s (%s); cloning instead", name, error)
            connection.set_schema_to_public()
    from django_tenants.clone import CloneSchema

    CloneSchema().clone_schema(TEMPLATE_SCHEMA, name, "DATA")
    connection.set_schema_to_public()
