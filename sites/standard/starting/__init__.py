"""The standard pages every borough starts with, with real starting text for any borough.

``ensure_standard_pages`` runs at launch and in ``refresh_borough_defaults``: it adds the
pages a borough lacks and writes the starting text into pages nobody has written yet (no
body, no saved revision). A page an Editor has changed is never touched. The footer and
forms find these pages by ``StandardPage.kind``, not by slug.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from sites.directory.models import ThingsToDoPage

from ..models import StandardPage
from .about import about, community_connecting, help_using
from .accessibility import accessibility
from .get_help import get_help, get_help_easy_read
from .privacy import privacy, privacy_easy_read
from .writing import Borough

Kind = StandardPage.Kind


@dataclass(frozen=True)
class StandardPageSpec:
    kind: str
    title: str
    slug: str
    summary: str  # "{name}" is the borough's name
    body: Callable[[Borough], list]
    show_in_menus: bool = False
    easy_read: Callable[[Borough], list] | None = None


STANDARD_PAGES = [
    StandardPageSpec(
        Kind.ABOUT,
        "About Connect & Do",
        "about",
        "Connect & Do {name} helps people find things to do and people to meet.",
        about,
        show_in_menus=True,
    ),
    StandardPageSpec(
        Kind.COMMUNITY_CONNECTING,
        "How Community Connecting works",
        "community-connecting",
        "Free one-to-one support to find things to do and people to meet in {name}.",
        community_connecting,
        show_in_menus=True,
    ),
    StandardPageSpec(
        Kind.GET_HELP,
        "Get help now",
        "get-help",
        "Who to contact if you, or someone you know, needs help urgently.",
        get_help,
        easy_read=get_help_easy_read,
    ),
    StandardPageSpec(
        Kind.HELP,
        "Help using this website",
        "help",
        "How to find things, make the text bigger, join, and get help from a person.",
        help_using,
    ),
    StandardPageSpec(
        Kind.PRIVACY,
        "Privacy notice",
        "privacy",
        "What information we keep about you, why, and what your rights are.",
        privacy,
        easy_read=privacy_easy_read,
    ),
    StandardPageSpec(
        Kind.ACCESSIBILITY,
        "Accessibility statement",
        "accessibility",
        "How accessible this website is, and how to ask for information in another format.",
        accessibility,
    ),
]


def _find(home, spec: StandardPageSpec) -> StandardPage | None:
    """The borough's page of this kind; boroughs launched before kinds existed have it
    under its starting slug, and it is marked with its kind now."""
    pages = StandardPage.objects.descendant_of(home)
    page = pages.filter(kind=spec.kind).order_by("path").first()
    if page is None:
        page = pages.child_of(home).filter(slug=spec.slug, kind="").first()
        if page is not None:
            StandardPage.objects.filter(pk=page.pk).update(kind=spec.kind)
            page.kind = spec.kind
    return page


def _untouched(page: StandardPage) -> bool:
    return not page.body and page.latest_revision_id is None and not page.has_unpublished_changes


def _context(home, borough, host: str, pages: dict[str, StandardPage]) -> Borough:
    page_ids = {kind: page.pk for kind, page in pages.items()}
    things_to_do = ThingsToDoPage.objects.child_of(home).live().first()
    if things_to_do:
        page_ids["things_to_do"] = things_to_do.pk
    urlconf = settings.ROOT_URLCONF  # borough URLs, even when launched from the console
    return Borough(
        name=borough.name,
        host=host,
        written_on=timezone.localdate(),
        page_ids=page_ids,
        urls={
            "join": reverse("directory_membership:join", urlconf=urlconf),
            "sign_up": reverse("account-sign-up", urlconf=urlconf),
            "get_support": reverse("connecting:get-support", urlconf=urlconf),
        },
    )


def ensure_standard_pages(home, borough, host: str) -> tuple[list[str], list[str]]:
    """Add missing standard pages below ``home`` and write the starting text into pages
    nobody has written; returns the titles of the pages (added, written)."""
    pages, added, written = {}, [], []
    for spec in STANDARD_PAGES:
        page = _find(home, spec)
        if page is None:
            page = home.add_child(
                instance=StandardPage(
                    title=spec.title,
                    slug=spec.slug,
                    kind=spec.kind,
                    locale=home.locale,
                    show_in_menus=spec.show_in_menus,
                    summary=spec.summary.format(name=borough.name),
                )
            )
            added.append(page.title)
        pages[spec.kind] = page
    context = _context(home, borough, host, pages)
    for spec in STANDARD_PAGES:
        page = pages[spec.kind]
        if _untouched(page):
            page.summary = spec.summary.format(name=borough.name)
            page.body = spec.body(context)
            if spec.easy_read:
                page.easy_read = spec.easy_read(context)
            page.save()
            if page.title not in added:
                written.append(page.title)
    return added, written


def rewrite_starting_text(home, borough, host: str) -> None:
    """Write every standard page's starting text for ``borough`` straight into its row:
    no revision, no signal, no search update (the caller queues that). For a site built
    for a placeholder borough and made this borough's at launch (borough/starting_site.py)."""
    pages = {spec.kind: _find(home, spec) for spec in STANDARD_PAGES}
    context = _context(home, borough, host, pages)
    body_field = StandardPage._meta.get_field("body")
    easy_read_field = StandardPage._meta.get_field("easy_read")
    for spec in STANDARD_PAGES:
        easy_read = spec.easy_read(context) if spec.easy_read else []
        StandardPage.objects.filter(pk=pages[spec.kind].pk).update(
            summary=spec.summary.format(name=borough.name),
            body=body_field.to_python(spec.body(context)),
            easy_read=easy_read_field.to_python(easy_read),
        )
