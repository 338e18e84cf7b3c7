"""Hiding a home's street address never waits for an Editor.

An organisation manager may edit a place only their organisation uses, but never publish:
every change of theirs waits for an Editor's approval (services/organisation_access.py).
Ticking "Hide street address" is the one exception: once they say a place is someone's
home, its street, full postcode, coordinates and name ("Dev's home") must stop being
public at once, not when an Editor gets to it. So when someone who may not publish the
place saves a revision of it (a draft, or submitted for moderation) that hides the street
address while the live place does not, ``hide_home_at_once`` sets
``hide_street_address`` on the live rows alone (the place and its live translations);
their other changes still wait for approval, and so does the opposite change (showing the
address again). A place published as someone's home, by anyone, hides it on its live
translations at once too (``hide_live_translations``): wagtail-localize copies the field
to a translation only when it is synced again.

The live row is saved with ``update_fields``, so everything that follows a place's
change follows this one, as after publishing: its search document and those of the
activities, organisations, events and groups at it are rewritten by tasks
(``resync_on_change`` in each app's ``search_results.py``), and sites/core/signals.py
refreshes the borough's site cache and bans its pages from the page cache when the
transaction commits. The page's history says it was hidden at once, and by whom.
"""

from django.db import transaction
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


def hides_a_live_home(place, user) -> bool:
    """Whether ``user``'s latest revision of ``place`` hides its street address while
    the live place does not, and ``user`` may not publish it themselves."""
    if not isinstance(place, PlacePage) or not place.live:
        return False
    if place.permissions_for_user(user).can_publish():
        return False  # their publishing makes it live, as for every other change
    revision = place.get_latest_revision()
    return revision is not None and is_home(revision.as_object())


def hide_home_at_once(place, user) -> int:
    """Hide the street address of the live ``place`` (and of its live translations) if
    ``user``'s latest revision hides it and they may not publish (module docstring).
    Nothing else of the revision goes live. Returns how many live pages it hid."""
    if not hides_a_live_home(place, user):
        return 0
    with transaction.atomic():
        return _hide_live_pages(place, user, place.get_latest_revision())


def hide_live_translations(place, user) -> int:
    """A place published while its original (the page in the default language) is a
    live home hides its street address at once, and so do its other live translations
    (logged as ``user``). wagtail-localize copies the field to a translation only when
    it is synced again: until then each translation, and one published again without
    that sync, would show the street and the host's name. Showing the street again on
    the original leaves the translations hidden until they are synced. Returns how many
    it hid."""
    if not isinstance(place, PlacePage) or not place.live:
        return 0
    default = Locale.get_default()
    original = place if place.locale_id == default.pk else place.get_translation_or_none(default)
    if original is None or not original.live or not is_home(original):
        return 0
    with transaction.atomic():
        return _hide_live_pages(original, user, None)


def home_published(sender, instance, revision=None, **kwargs):
    """``page_published`` of a place (connected in apps.py); the history names who
    published it (Wagtail logs the publishing before it sends the signal)."""
    published = (
        PageLogEntry.objects.filter(page_id=instance.pk, action="wagtail.publish")
        .order_by("-timestamp", "-pk")
        .first()
    )
    hide_live_translations(instance, published.user if published else None)


def _hide_live_pages(place, user, revision) -> int:
    # Locked, and read again after any other save of them: two saves at once hide and
    # log it once.
    shown = (
        PlacePage.objects.select_for_update()
        .filter(translation_key=place.translation_key, live=True)
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
        )
        hidden += 1
    return hidden
