"""Writes the demo directory planned by ``directory_plan.plan_directory`` into the
current borough.

Used by ``seed_demo``. Pages are built with the directory factories and added below
their section in one pass per parent, without the per-save search indexing and
reference-index tasks (``seed_demo`` rebuilds the borough's search index once at the
end), and without revisions: they are published as they are made. Whatever already
exists, found by slug, is left alone, so a second run adds nothing.
"""

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone

from modelsearch import signal_handlers as search_signals
from modelsearch.index import get_indexed_models
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from sites.demo.directory_plan import plan_directory
from sites.demo.directory_records import DirectorySize
from sites.directory.factories import (
    ActivityClosureFactory,
    ActivityPageFactory,
    ActivityScheduleFactory,
    OrganisationPageFactory,
    PlacePageFactory,
)
from sites.directory.models import (
    ActivityPage,
    Interest,
    OrganisationIndexPage,
    OrganisationPage,
    PlaceIndexPage,
    PlacePage,
)


@dataclass
class DirectorySeed:
    """What the borough's directory holds after seeding, and what this run added."""

    organisations: int
    activities: int
    places: int
    added: int
    seconds: float

    def __str__(self):
        return (
            f"{self.organisations} organisations, {self.activities} activities, "
            f"{self.places} places ({self.added} pages added in {self.seconds:.1f} s)"
        )


@transaction.atomic
def seed_directory(
    demo, size: str | DirectorySize = "full", rng: random.Random | None = None, *, today=None
) -> DirectorySeed:
    """Add whatever of the demo borough's planned directory is missing (current schema)."""
    started = time.perf_counter()
    rng = rng or random.Random(demo.slug)  # noqa: S311 - demo content, not secrets
    interests = {interest.name: interest for interest in Interest.objects.all()}
    plan = plan_directory(
        demo, size, rng, today=today or timezone.localdate(), interest_names=list(interests)
    )
    places_index = PlaceIndexPage.objects.get()
    organisations_index = OrganisationIndexPage.objects.get()
    added: list[Page] = []
    # Schedules, closures and many-to-many links go in afterwards, one insert per kind.
    rows = _Rows()
    with search_and_references_paused():
        places = {page.slug: page for page in PlacePage.objects.child_of(places_index)}
        new_places = [
            PlacePageFactory.build(title=place.title, slug=place.slug, **place.fields)
            for place in plan.places
            if place.slug not in places
        ]
        added += add_pages_below(places_index, new_places)
        places.update((page.slug, page) for page in new_places)

        organisations = {
            page.slug: page for page in OrganisationPage.objects.child_of(organisations_index)
        }
        new_organisations = []
        for organisation in plan.organisations:
            if organisation.slug in organisations:
                continue
            page = OrganisationPageFactory.build(
                title=organisation.title, slug=organisation.slug, **organisation.fields
            )
            rows.link(page, "places", [places[slug] for slug in organisation.place_slugs])
            new_organisations.append(page)
        added += add_pages_below(organisations_index, new_organisations)
        organisations.update((page.slug, page) for page in new_organisations)

        existing_activities = _activity_slugs_by_organisation(organisations_index)
        for organisation in plan.organisations:
            parent = organisations[organisation.slug]
            have = existing_activities.get(parent.path, set())
            new_activities = [
                _build_activity(activity, places, interests, rows)
                for activity in organisation.activities
                if activity.slug not in have
            ]
            added += add_pages_below(parent, new_activities)
        rows.save()
        # Of what is made here, only an activity's place is a reference Wagtail indexes
        # (it lists a place's activities under "Usage" and warns before deleting it).
        for page in added:
            if isinstance(page, ActivityPage) and page.place_id:
                ReferenceIndex.create_or_update_for_object(page)
    return DirectorySeed(
        organisations=OrganisationPage.objects.count(),
        activities=ActivityPage.objects.count(),
        places=PlacePage.objects.count(),
        added=len(added),
        seconds=time.perf_counter() - started,
    )


def _build_activity(activity, places, interests, rows: "_Rows") -> ActivityPage:
    page = ActivityPageFactory.build(
        title=activity.title,
        slug=activity.slug,
        place=places[activity.place] if activity.place else None,
        **activity.fields,
    )
    rows.link(page, "interests", [interests[n] for n in activity.interests if n in interests])
    for order, schedule in enumerate(activity.schedules):
        rows.add(ActivityScheduleFactory.build(activity=page, sort_order=order, **schedule))
    for order, closure in enumerate(activity.closures):
        rows.add(ActivityClosureFactory.build(activity=page, sort_order=order, **closure))
    return page


class _Rows:
    """Child rows and many-to-many links of new pages, saved once the pages have ids."""

    def __init__(self):
        self.children: dict[type, list] = {}
        self.links: list[tuple] = []

    def add(self, child) -> None:
        self.children.setdefault(type(child), []).append(child)

    def link(self, page: Page, field_name: str, targets: list) -> None:
        self.links.append((page, field_name, targets))

    def save(self) -> None:
        # bulk_create takes each parent's id, given to it since the child was built.
        for model, children in self.children.items():
            model.objects.bulk_create(children)
        through_rows: dict[type, list] = {}
        for page, field_name, targets in self.links:
            field = type(page)._meta.get_field(field_name)
            through = field.remote_field.through
            through_rows.setdefault(through, []).extend(
                through(
                    **{f"{field.m2m_field_name()}_id": page.pk},
                    **{f"{field.m2m_reverse_field_name()}_id": target.pk},
                )
                for target in targets
            )
        for through, link_rows in through_rows.items():
            through.objects.bulk_create(link_rows)


def _activity_slugs_by_organisation(organisations_index: Page) -> dict[str, set[str]]:
    """{organisation page path: {slugs of the activities below it}} in one query."""
    found: dict[str, set[str]] = {}
    rows = Page.objects.descendant_of(organisations_index).filter(
        depth=organisations_index.depth + 2
    )
    for path, slug in rows.values_list("path", "slug"):
        found.setdefault(path[: -Page.steplen], set()).add(slug)
    return found


def add_pages_below(parent: Page, pages: list[Page]) -> list[Page]:
    """Add new, live pages as the last children of ``parent``, in order.

    What treebeard's ``add_child`` does, once per parent instead of once per page: the
    parent row is locked and read once, paths are numbered here and ``numchild`` is
    updated once; the "Created" entries of the pages' history are written together.
    Pages are saved without ``full_clean`` (tests check every planned page with it, and
    the database keeps paths unique), which saves most of the queries.
    """
    if not pages:
        return []
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    published_at = timezone.now()
    for page in pages:
        step += 1
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step)
        page._cached_parent_obj = parent
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.first_published_at = page.last_published_at = published_at
        page.save(clean=False, log_action=None)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            page=page,
            content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
            label=page.get_admin_display_title(),
            action="wagtail.create",
            timestamp=published_at,
            content_changed=True,
        )
        for page in pages
    )
    return pages


@contextmanager
def search_and_references_paused():
    """Saves inside this block neither index for search nor update the reference index.

    For bulk loads in management commands: rebuild the borough's search index once
    afterwards (``search.services.rebuild_borough_index``). The search signal handlers
    are process-wide, so never use this while serving requests.
    """
    handler = search_signals.post_save_signal_handler
    paused = [model for model in get_indexed_models() if post_save.disconnect(handler, model)]
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in paused:
            post_save.connect(handler, sender=model)
