"""Launching a borough in one step: validated, atomic, and undone completely on failure."""

import logging
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django_tenants.utils import schema_context, schema_exists

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from search.services import create_borough_indexes, delete_borough_indexes
from themes.registry import available_themes

from ..cache import delete_borough_keys
from ..content import borough_content
from ..contenttypes import forget_schema
from ..emails import invitation_url, send_admin_invitation
from ..media import create_media_location, delete_media_location
from ..models import Borough, Domain
from ..schema_pool import take_pooled_schema
from ..template_schema import ensure_template_schema
from ..template_script import create_schema_from_template
from ..validators import (
    normalise_host,
    schema_name_for_slug,
    validate_admin_email,
    validate_borough_host,
    validate_borough_slug,
    validate_phone_number,
)
from .errors import LaunchError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LaunchRequest:
    slug: str
    name: str
    domain: str
    admin_email: str
    # The borough team's shared contacts, shown on every page; never a person's own.
    # Without them the footer shows no contact until a Borough admin adds them (Branding).
    team_email: str = ""
    team_phone: str = ""
    # The designated safeguarding lead. Optional so existing callers keep working; until
    # an email is set, case emails go to the Borough admins and their dashboard warns them.
    safeguarding_email: str = ""
    safeguarding_name: str = ""
    safeguarding_phone: str = ""
    theme: str = "default"
    default_language: str = "en-gb"
    extra_languages: tuple[str, ...] = ()
    go_live: bool = True


@dataclass
class LaunchResult:
    borough: Borough
    admin_email: str
    invitation_url: str
    seconds: float
    invitation_sent: bool = True
    step_seconds: dict[str, float] = field(default_factory=dict)
    schema_from_pool: bool = False


@dataclass
class _LaunchState:
    request: LaunchRequest
    borough: Borough | None = None
    admin_user: object = None
    invitation_url: str = ""
    from_pool: bool = False


def _language_codes() -> set[str]:
    return {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}


def validate_launch_request(request: LaunchRequest) -> tuple[LaunchRequest, dict[str, list[str]]]:
    """Normalise what was typed and say, field by field, what is wrong with it."""
    request = _normalised(request)
    errors = _typing_errors(request)
    _add_taken_errors(request, errors)
    return request, errors


def _refused(errors: dict[str, list[str]]) -> LaunchError:
    """Bad input or a name already taken: nothing was created, each field says why."""
    return LaunchError(
        gettext("The borough was not launched:")
        + " "
        + " ".join(m for ms in errors.values() for m in ms),
        field_errors=errors,
    )


def _normalised(request: LaunchRequest) -> LaunchRequest:
    return replace(
        request,
        slug=(request.slug or "").strip().lower(),
        name=(request.name or "").strip(),
        domain=normalise_host(request.domain),
        admin_email=(request.admin_email or "").strip(),
        team_email=(request.team_email or "").strip(),
        team_phone=" ".join((request.team_phone or "").split()),
        safeguarding_email=(request.safeguarding_email or "").strip(),
        safeguarding_name=(request.safeguarding_name or "").strip()[:100],
        safeguarding_phone=(request.safeguarding_phone or "").strip()[:30],
        theme=(request.theme or "default").strip(),
        default_language=(request.default_language or "en-gb").strip(),
        extra_languages=tuple(
            code.strip() for code in request.extra_languages if code and code.strip()
        ),
    )


def _typing_errors(request: LaunchRequest) -> dict[str, list[str]]:
    """What is wrong with each field as typed (nothing is looked up)."""
    errors: dict[str, list[str]] = {}

    def check(field_name: str, validator: Callable[[str], None], value: str) -> None:
        try:
            validator(value)
        except ValidationError as error:
            errors.setdefault(field_name, []).extend(error.messages)

    check("slug", validate_borough_slug, request.slug)
    check("domain", validate_borough_host, request.domain)
    check("admin_email", validate_admin_email, request.admin_email)
    if request.team_email:
        check("team_email", validate_admin_email, request.team_email)
    if request.team_phone:
        check("team_phone", validate_phone_number, request.team_phone)
    if request.safeguarding_email:
        check("safeguarding_email", validate_admin_email, request.safeguarding_email)
    if not request.name:
        errors.setdefault("name", []).append(
            gettext("Enter the borough's name, such as 'Lambeth'.")
        )
    elif len(request.name) > 100:
        errors.setdefault("name", []).append(gettext("The name can be at most 100 characters."))
    elif any(unicodedata.category(char).startswith("C") for char in request.name):
        # It goes into every email's From and Subject, where a line break stops the email.
        errors.setdefault("name", []).append(
            gettext(
                "The name has a line break or a hidden character in it, often left by "
                "copying and pasting. Type it again."
            )
        )
    if request.theme not in available_themes():
        errors.setdefault("theme", []).append(
            gettext("There is no theme called '%(theme)s'. Choose one of: %(themes)s.")
            % {"theme": request.theme, "themes": ", ".join(available_themes())}
        )
    languages = _language_codes()
    for code in (request.default_language, *request.extra_languages):
        if code not in languages:
            errors.setdefault("languages", []).append(
                gettext("'%(code)s' is not a language the platform supports (%(codes)s).")
                % {"code": code, "codes": ", ".join(sorted(languages))}
            )
    return errors


def _add_taken_errors(request: LaunchRequest, errors: dict[str, list[str]]) -> None:
    """A short name, schema or web address another borough already has."""
    if "slug" not in errors:
        existing = Borough.objects.filter(slug=request.slug).first()
        if existing and existing.status == Borough.Status.ARCHIVED:
            errors.setdefault("slug", []).append(
                gettext(
                    "A retired borough already uses '%(slug)s'. "
                    "Restore it from its archive, or choose another short name."
                )
                % {"slug": request.slug}
            )
        elif existing:
            errors.setdefault("slug", []).append(
                gettext("A borough called '%(slug)s' already exists.") % {"slug": request.slug}
            )
        elif schema_exists(schema_name_for_slug(request.slug), case_sensitive=False):
            errors.setdefault("slug", []).append(
                gettext("The database already has a schema named '%(schema)s'.")
                % {"schema": schema_name_for_slug(request.slug)}
            )
    if "domain" not in errors and Domain.objects.filter(domain=request.domain).exists():
        errors.setdefault("domain", []).append(
            gettext("The web address %(domain)s is already used by another borough.")
            % {"domain": request.domain}
        )


# --- The steps, in order. Each runs inside one database transaction; the steps that
# --- touch things outside PostgreSQL (media, search) have an undo of their own.


def _register(state: _LaunchState) -> None:
    request = state.request
    state.borough = Borough.objects.create(
        schema_name=schema_name_for_slug(request.slug),
        slug=request.slug,
        name=request.name,
        theme=request.theme,
        default_language=request.default_language,
        # Where replies to borough emails go (never published): the team, else the admin.
        contact_email=request.team_email or request.admin_email,
        status=Borough.Status.DRAFT,
    )
    Domain.objects.create(domain=request.domain, tenant=state.borough, is_primary=True)


def _create_schema(state: _LaunchState) -> None:
    connection.set_schema_to_public()
    # A schema cloned ahead of time is renamed in milliseconds; else run the template's
    # script now (tenants/template_script.py).
    state.from_pool = take_pooled_schema(state.borough.schema_name)
    if not state.from_pool:
        create_schema_from_template(state.borough.schema_name)
    # An earlier schema of this name (retired, or a failed launch) may be remembered here,
    # and in Redis.
    forget_schema(state.borough.schema_name)
    delete_borough_keys(state.borough.schema_name)
    borough_content().schema_replaced(state.borough.schema_name)


def _build_site(state: _LaunchState) -> None:
    from wagtail.models import Locale

    request = state.request
    with schema_context(state.borough.schema_name):
        borough_content().build_site(state.borough, request, port=settings.PLATFORM_PORT)
        for code in state.request.extra_languages:
            Locale.objects.get_or_create(language_code=code)


def _create_admin(state: _LaunchState) -> None:
    with schema_context(state.borough.schema_name):
        state.admin_user = borough_content().create_admin(state.request.admin_email)
        state.invitation_url = invitation_url(state.borough, state.admin_user)


def _create_media(state: _LaunchState) -> None:
    create_media_location(state.borough.schema_name)


def _undo_media(state: _LaunchState) -> None:
    delete_media_location(state.borough.schema_name)


def _create_search(state: _LaunchState) -> None:
    create_borough_indexes(state.borough.schema_name)


def _undo_search(state: _LaunchState) -> None:
    delete_borough_indexes(state.borough.schema_name)


def _go_live(state: _LaunchState) -> None:
    if state.request.go_live:
        state.borough.status = Borough.Status.LIVE
        state.borough.launched_at = timezone.now()
        state.borough.save(update_fields=["status", "launched_at"])


@dataclass(frozen=True)
class LaunchStep:
    name: str
    run: Callable[[_LaunchState], None]
    # Only steps that reach outside PostgreSQL need an undo: the rest roll back.
    undo: Callable[[_LaunchState], None] | None = None


LAUNCH_STEPS: list[LaunchStep] = [
    LaunchStep("register the borough and its web address", _register),
    LaunchStep("create the database schema", _create_schema),
    # Indexes before pages: the first page saved would otherwise create its index
    # with the engine's default settings, without Wagtail's analysers.
    LaunchStep("create the search indexes", _create_search, undo=_undo_search),
    LaunchStep("create the media location", _create_media, undo=_undo_media),
    LaunchStep("build the site and its pages", _build_site),
    LaunchStep("create the first borough admin", _create_admin),
    LaunchStep("go live", _go_live),
]


def _refill_pool_later() -> None:
    """The launch is done; a queue that cannot take the refill must not undo it."""
    from ..tasks import refill_schema_pool

    try:
        refill_schema_pool.enqueue()
    except Exception:
        logger.exception("Could not queue the refill of the borough schema pool")


def launch_borough(request: LaunchRequest) -> LaunchResult:
    """Create everything a borough needs, or nothing at all.

    Raises LaunchError with ``field_errors`` for bad input (nothing was attempted) or
    with ``step`` when a step failed (everything already done was undone).
    """
    started = time.perf_counter()
    connection.set_schema_to_public()
    request, errors = validate_launch_request(request)
    if errors:
        raise _refused(errors)
    step_seconds = {}
    checked = time.perf_counter()
    ensure_template_schema()
    step_seconds["check the template schema"] = time.perf_counter() - checked

    state = _LaunchState(request=request)
    attempted: list[LaunchStep] = []
    try:
        with transaction.atomic():
            for step in LAUNCH_STEPS:
                attempted.append(step)
                step_started = time.perf_counter()
                step.run(state)
                step_seconds[step.name] = time.perf_counter() - step_started
            connection.set_schema_to_public()
    except Exception as error:
        connection.set_schema_to_public()
        current_step = attempted[-1].name if attempted else ""
        for step in reversed(attempted):
            if step.undo is None:
                continue
            try:
                step.undo(state)
            except Exception:
                logger.exception("Could not undo %r for %s", step.name, request.slug)
        logger.warning("Launch of %s failed at %r: %s", request.slug, current_step, error)
        if isinstance(error, LaunchError):
            raise
        if isinstance(error, IntegrityError):
            # Another launch took the short name or web address since the checks above
            # (PostgreSQL's unique constraints decided): say so as the checks would have.
            taken: dict[str, list[str]] = {}
            _add_taken_errors(request, taken)
            if taken:
                raise _refused(taken) from error
        raise LaunchError(
            gettext(
                "The borough was not launched: the step '%(step)s' failed (%(error)s). "
                "Nothing was created."
            )
            % {"step": current_step, "error": error},
            step=current_step,
        ) from error

    sent = send_admin_invitation(state.borough, request.admin_email, state.invitation_url)
    seconds = time.perf_counter() - started
    logger.info("Launched %s in %.2f s", request.slug, seconds)
    if state.from_pool:
        _refill_pool_later()
    return LaunchResult(
        borough=state.borough,
        admin_email=request.admin_email,
        invitation_url=state.invitation_url,
        seconds=seconds,
        invitation_sent=sent,
        step_seconds=step_seconds,
        schema_from_pool=state.from_pool,
    )
