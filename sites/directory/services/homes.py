"""Hiding a home's street address never waits for an Editor.

An organisation manager may edit a place only their organisation uses, but never publish:
every change of theirs waits for an Editor's approval (services/organisation_access.py).
Ticking "Hide street address" is the one exception: once they say a place is someone's
home, its street, full postcode, coordinates and name ("Dev's home") must stop being
public at once, not when an Editor gets to it. So when someone who may not publish the
place saves a revision of it (a draft, or submitted for moderation) that hides the street
address while the live place does not, ``hide_home_at_once`` sets
``hide_street_address`` on the live rows alone (the place, its live translations and
their aliases);
their other changes still wait for approval, and so does the opposite change (showing the
address again). A place published as someone's home, by anyone, hides it on its live
translations at once too (``home_published``): wagtail-localize copies the field
to a translation only when it is synced again.

The live row is saved with ``update_fields``, so everything that follows a place's
change follows this one, as after publishing: its search document and those of the
activities, organisations, events and groups at it are rewritten by tasks
(``resync_on_change`` in each app's ``search_results.py``), and sites/core/signals.py
refreshes the borough's site cache and bans its pages from the page cache when the
transaction commits. The page's history says it was hidden at once, and by whom.

A place the edit form will not save (locked by a schedule, a review or someone else) has
"Hide street address now" (services/hide_now.py). Once a street is hidden at once, a
version of the place made before that never shows it again when it goes live
(``home_published``): only a version made since, with the box unticked, does.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy

from wagtail.log_actions import log
from wagtail.models import Locale, PageLogEntry

from ..homes import homes, is_home
from ..models import PlacePage

HIDDEN_AT_ONCE = "directory.street_address_hidden"
HIDDEN_AT_ONCE_LABEL = gettext_lazy("Street address hidden at once")
HIDDEN_AT_ONCE_MESSAGE = gettext_lazy(
    "The street address was hidden at once (someone's home), before an Editor's approval"
)
HIDDEN_NOW = gettext_lazy(
    "The street address is hidden now. Your other changes wait for an Editor's approval."
)


def _hiding_revision(place, user):
    """``user``'s latest revision of the live ``place`` if it hides the street address
    and ``user`` may not publish the place themselves; else None."""
    if not isinstance(place, PlacePage) or not place.live:
        return None
    if place.permissions_for_user(user).can_publish():
        return None  # their publishing makes it live, as for every other change
    revision = place.get_latest_revision()
    return revision if revision is not None and is_home(revision.as_object()) else None


def hide_home_at_once(place, user) -> int:
    """Hide the street address of the live ``place`` (and of its live translations) if
    ``user``'s latest revision hides it and they may not publish (module docstring).
    Nothing else of the revision goes live. Returns how many live pages it hid."""
    revision = _hiding_revision(place, user)
    if revision is None:
        return 0
    with transaction.atomic():
        return hide_live_pages(place, user, revision)


def _live_original_home(place):
    """The live original (the page in the default language) of the live ``place``, if
    that original is someone's home; else None."""
    if not isinstance(place, PlacePage) or not place.live:
        return None
    default = Locale.get_default()
    original = place if place.locale_id == default.pk else place.get_translation_or_none(default)
    return original if original is not None and original.live and is_home(original) else None


def hidden_since(place, revision, other_than=None) -> bool:
    """Whether someone (``other_than`` that user) hid the street of ``place``, in any
    language, at once after ``revision`` was made: then that version must not show it
    again when it goes live (a change scheduled before the hide, published by
    ``publish_scheduled`` as the hide commits). Hides that only followed a publishing
    (``home_published``'s, marked ``kept``) are not someone's decision, so they do not
    count: an Editor's untick published later stays."""
    if revision is None:
        return False
    hides = PageLogEntry.objects.filter(
        page_id__in=same_place(place),
        action=HIDDEN_AT_ONCE,
        timestamp__gt=revision.created_at,
    ).exclude(data__has_key="kept")
    if other_than is not None:
        hides = hides.exclude(user=other_than)
    return hides.exists()


def home_published(sender, instance, revision=None, **kwargs) -> int:
    """``page_published`` of a place (connected in apps.py). A place published while its
    original is a live home hides its street address at once, and so do its other live
    translations: wagtail-localize copies the field to a translation only when it is
    synced again, and until then each translation, and one published again without that
    sync, would show the street and the host's name. Showing the street again on the
    original leaves the translations hidden until they are synced. So does a version
    made before the street was hidden at once (``hidden_since``). The history names the
    user of the request, as Wagtail's own entries do (none for a scheduled publishing).
    Returns how many pages it hid."""
    original = _live_original_home(instance)
    if original is None:
        if is_home(instance) or not (instance.live and hidden_since(instance, revision)):
            return 0
        original = instance
    if not is_home(instance):
        instance.hide_street_address = True
        if revision is not None:
            # Wagtail copies this revision's content to the page's aliases just after
            # this signal: they must not take the street back.
            revision.content["hide_street_address"] = True
    with transaction.atomic():
        return hide_live_pages(original, None, None, kept=True)


def same_place(place):
    """The pages of ``place`` in every language, and their aliases (Wagtail copies a
    page to its aliases only when it is published): a query of their primary keys."""
    return PlacePage.objects.filter(
        Q(translation_key=place.translation_key)
        | Q(alias_of__translation_key=place.translation_key)
    ).values("pk")


def hide_live_pages(place, user, revision, kept=False) -> int:
    """Hide the street on the live pages of ``place``'s translations and on their
    aliases, each logged "Street address hidden at once" (``kept``: only following a
    publishing, not someone's decision: ``hidden_since``)."""
    # Locked, and read again after any other save of them: two saves at once hide and
    # log it once.
    shown = (
        PlacePage.objects.select_for_update()
        .filter(pk__in=same_place(place), live=True)
        .exclude(homes())
        .order_by("pk")
    )
    hidden = 0
    for live in shown:
        live.hide_street_address = True
        live.save(update_fields=["hide_street_address"], clean=False)
        log(
            instance=live,
            action=HIDDEN_AT_ONCE,
            user=user,
            revision=revision if live.pk == place.pk else None,
            data={"kept": True} if kept else {},
        )
        hidden += 1
    return hidden
