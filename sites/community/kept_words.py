"""Words kept for a member who was signed out before pressing "Post".

A member opens a discussion (or a reply, a message, an event form), is signed out in
another tab (or their session ends), then presses "Post": they are no longer signed in.
Their words are kept in the (new, anonymous) session, they are sent to sign in with a
plain message, and after signing in the form they were on is filled in with their
words; it is not posted for them, they press "Post" themselves.

- Django's ``login`` keeps an anonymous session's data (``cycle_key``), so the words
  survive signing in.
- The words are kept for the account that wrote them and no other: each form carries a
  signed, hidden ``writer`` (the account's id, salted with the borough's schema). Someone
  else signing in on the same browser never sees them: they are deleted then.
- They are shown once: deleted when the form is shown with them.
- A form without a valid ``writer`` (a report, a crafted request) keeps nothing.

The same ``writer`` stops a stale tab posting as another account: a member writes as A,
signs out and in as B in another tab, then presses "Post" in the first tab. The form is
not posted: it is shown again with the words, a plain message naming B (never A), and a
``writer`` of B, so B checks the words and posts them if they mean to. In a browser
signing in replaces the security (CSRF) token, so that stale tab's form is refused before
its view runs: the refusal page (``csrf_failure`` here) keeps the words the same
way (``keep_refused_words``) and sends B back to the form, filled in, with the same
message; nothing is posted.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from sites.community.services.moderation.permissions import display_name
from tenants.views import csrf_failure as refused_page
from tenants.views import own_address

WRITER_FIELD = "writer"
SESSION_KEY = "kept_words"
# A reply's, discussion's or message's words, and an event's (its description, notes and cost).
KEPT_FIELDS = ("topic", "title", "body", "description", "accessibility_notes", "cost_details")
LONGEST = 10_000  # characters kept of a field: more than any form takes
SIGNED_OUT = gettext_lazy("You were signed out. Sign in and your words will be waiting for you.")
OTHER_ACCOUNT = gettext_lazy(
    "You are now signed in as %(name)s. This was written while signed in as another "
    "account: check it before you post."
)
PAGE_WAS_OLD = gettext_lazy(
    "This page was out of date, so your words were not posted. They are below: check "
    "them and post again."
)


def _salt() -> str:
    return f"connectdo.community.kept-words:{connection.schema_name}"


def writer_token(user) -> str:
    return signing.dumps(user.pk, salt=_salt()) if user and user.is_authenticated else ""


def _writer(token: str) -> int | None:
    try:
        writer = signing.loads(token, salt=_salt())
    except signing.BadSignature:
        return None
    return writer if isinstance(writer, int) else None


class KeepsWordsMixin:
    """A form whose words are kept if its writer was signed out: ``Form(..., writer=user)``.

    Sent back by someone other than the account it was shown to (a stale tab), it is not
    valid: shown again, it says so and carries the new account as its writer."""

    def __init__(self, *args, writer=None, **kwargs):
        super().__init__(*args, **kwargs)
        token = writer_token(writer)
        self.fields[WRITER_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=token
        )
        self.now_signed_in = None
        sent = self.data.get(WRITER_FIELD, "") if self.is_bound else ""
        if sent and token and _writer(sent) != writer.pk:
            self.now_signed_in = writer
            self.data = self.data.copy()  # shown again as the account signed in now
            self.data[WRITER_FIELD] = token

    def clean(self):
        if self.now_signed_in is not None:  # said first, whatever else is wrong
            name = display_name(self.now_signed_in)
            self.add_error(None, ValidationError(OTHER_ACCOUNT, params={"name": name}))
        return super().clean()


def _sent(request) -> tuple[int | None, dict]:
    """The account the sent form was written for (None if it names none) and its words."""
    writer = _writer(request.POST.get(WRITER_FIELD, ""))
    words = {name: request.POST[name][:LONGEST] for name in KEPT_FIELDS if request.POST.get(name)}
    return writer, words


def _keep(request, writer: int, words: dict) -> None:
    request.session[SESSION_KEY] = {"path": request.path, "writer": writer, "words": words}


def keep_and_sign_in(request):
    """The answer to a form sent by someone not signed in: keep its words for the account
    that wrote them (when the form says which), and send them to sign in, then back."""
    writer, words = _sent(request)
    if writer is not None and words:
        _keep(request, writer, words)
        messages.info(request, SIGNED_OUT)
    return redirect_to_login(request.get_full_path())


def keep_refused_words(request):
    """The answer to a kept-words form refused for its security token (CSRF): a stale tab,
    whose token signing out or in elsewhere replaced. Nothing is posted. Signed out: as
    ``keep_and_sign_in``. Signed in: the words are kept for the account signed in now and
    the person is sent back to the form, filled in, to check them and press the button
    themselves; the message names that account (never the one that wrote them). None for
    any other request (no signed ``writer``, no words, or sent from another site's page):
    the plain refusal page then. Every form with a ``writer`` (a reply, a discussion, a
    message, an event) fills kept words in on its page."""
    writer, words = _sent(request)
    back = own_address(request)  # the form's own page, where its words are filled in
    if writer is None or not words or not back:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return keep_and_sign_in(request)
    _keep(request, user.pk, words)
    if writer == user.pk:
        messages.info(request, PAGE_WAS_OLD)
    else:
        messages.warning(request, OTHER_ACCOUNT % {"name": display_name(user)})
    return redirect(back)


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: a stale tab's words kept (``keep_refused_words``), else the
    site's plain refusal page (``tenants.views.csrf_failure``)."""
    return keep_refused_words(request) or refused_page(request, reason)


def kept_words(request) -> dict:
    """The words kept for this page and the member signed in, as a form's ``initial``:
    given once, then deleted. Words of another account are deleted, never given."""
    kept = request.session.get(SESSION_KEY)
    if not kept or not request.user.is_authenticated:
        return {}
    if kept.get("writer") != request.user.pk:
        del request.session[SESSION_KEY]
        return {}
    if kept.get("path") != request.path:
        return {}  # kept until they are back on the form they were writing in
    del request.session[SESSION_KEY]
    return kept.get("words", {})
