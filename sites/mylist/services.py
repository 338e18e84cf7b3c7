"""Writing a list: saving and removing things, keeping a visit's list on sign-in, and
sending a list to an email address (which is used once and never kept)."""

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tenants.emails import send_borough_email

from .models import SavedItem
from .selectors import MAX_ITEMS, SESSION_KEY, refs_of


class ListFull(Exception):
    """The list already holds MAX_ITEMS things."""


def _full_message() -> str:
    return _(
        "Your list is full: it holds up to %(count)s things, so that it prints on two "
        "pages. Remove something first."
    ) % {"count": MAX_ITEMS}


def save(request, ref: str) -> None:
    """Put ``ref`` on the asker's list (once). A visitor without an account gets a
    session here, and only here: the first thing they save starts it."""
    current = refs_of(request)
    if ref in current:
        return
    if len(current) >= MAX_ITEMS:
        raise ListFull(_full_message())
    if request.user.is_authenticated:
        kind, _sep, number = ref.partition(":")
        try:
            with transaction.atomic():
                SavedItem.objects.create(member=request.user, kind=kind, object_id=int(number))
        except IntegrityError:
            pass  # saved twice at once (two tabs): it is on the list, which is all we want
        return
    request.session[SESSION_KEY] = [*current, ref]


def remove(request, ref: str) -> None:
    if request.user.is_authenticated:
        kind, _sep, number = ref.partition(":")
        SavedItem.objects.filter(member=request.user, kind=kind, object_id=int(number)).delete()
        return
    current = refs_of(request)
    if ref in current:
        request.session[SESSION_KEY] = [r for r in current if r != ref]


def keep_visit_list_on_sign_in(sender, request, user, **kwargs) -> None:
    """The visit's list joins the member's own (theirs first, nothing twice, at most
    MAX_ITEMS), and leaves the session."""
    if request is None or not hasattr(request, "session"):
        return
    visit = request.session.pop(SESSION_KEY, None) or []
    if not visit:
        return
    from .selectors import parse_ref

    kept = {item.ref for item in SavedItem.objects.filter(member=user)}
    room = MAX_ITEMS - len(kept)
    for ref in filter(None, map(parse_ref, visit)):
        if room <= 0:
            break
        if ref in kept:
            continue
        kind, _sep, number = ref.partition(":")
        SavedItem.objects.get_or_create(member=user, kind=kind, object_id=int(number))
        kept.add(ref)
        room -= 1


def send_list(borough, list_entries, address: str, share_url: str, base_url: str) -> bool:
    """Email the list to ``address``: plain text and HTML. The address is used for this
    one message and stored nowhere (not in the database, the session or the logs)."""
    context = {
        "entries": list_entries,
        "borough": borough,
        "share_url": share_url,
        "base_url": base_url,  # the items' links are relative to the borough's host
    }
    subject = _("Your list from Connect & Do %(borough)s") % {"borough": borough.name}
    return send_borough_email(
        borough,
        subject,
        render_to_string("mylist/email.txt", context),
        [address],
        html=render_to_string("mylist/email.html", context),
    )
