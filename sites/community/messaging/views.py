"""Private messages on a borough's host, under /messages/. Thin: services decide.

Everything is for signed-in members only, and "not found" (404) when the borough has
switched messages off, or for a conversation the member is not in.
"""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sites.community import kept_words
from sites.community.accounts.selectors import visible_profile
from sites.community.discussions.forms import ReportForm
from sites.community.discussions.views import BLOCKED_MESSAGE, REPORT_THANKS, block_context
from sites.community.models import MemberProfile
from sites.community.services import blocking, moderation
from sites.core.languages.isolation import with_names
from sites.core.ratelimit import attempt

from . import rules, selectors, services
from .forms import MessageForm

TEMPLATES = "community/messages/"


def members_only(view):
    """Signed in, never cached, GET and POST only; 404 while messages are switched off."""

    @functools.wraps(view)
    @never_cache
    @require_http_methods(["GET", "POST"])
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if request.method == "POST":  # signed out while writing: their words are kept
                return kept_words.keep_and_sign_in(request)
            return redirect_to_login(request.get_full_path())
        if not rules.messaging_enabled():
            raise Http404("Private messages are switched off")
        return view(request, *args, **kwargs)

    return wrapped


def _conversation_or_404(request, conversation_id):
    conversation = selectors.conversation_for(request.user, conversation_id)
    if conversation is None:
        raise Http404("No such conversation")
    return conversation


def _message_form(request) -> MessageForm:
    initial = kept_words.kept_words(request)  # words kept when they were signed out
    return MessageForm(request.POST or None, initial=initial, writer=request.user)


def _sent(request, message) -> None:
    if message.held_because == message.HeldBecause.CONTACT:
        messages.success(
            request,
            _(
                "Thank you. Your message is waiting for a moderator. Messages with phone "
                "numbers, email addresses or home addresses wait for a moderator, to keep "
                "everyone safe."
            ),
        )
    elif message.status == message.Status.HELD:
        messages.success(
            request,
            _(
                "Thank you. Your message is waiting for a moderator. We check the messages "
                "of members who are new here, until a moderator trusts them, to keep "
                "everyone safe."
            ),
        )
    else:
        messages.success(request, _("Your message is sent."))


@members_only
def inbox(request):
    return render(
        request,
        TEMPLATES + "inbox.html",
        {"conversations": selectors.my_conversations(request.user)},
    )


@members_only
def conversation(request, conversation_id):
    conversation = _conversation_or_404(request, conversation_id)
    other = conversation.other(request.user)
    problem = rules.why_cannot_write(request.user, other, conversation=conversation)
    form = _message_form(request)
    status = 200
    if request.method == "POST" and form.is_valid():
        tried = attempt(
            form,
            lambda: services.send_message(
                request.user, conversation, form.cleaned_data["body"], borough=request.borough
            ),
            services.CannotWrite,
            moderation.ModerationError,
        )
        status = tried.status
        message = tried.result if tried.done else None
        if message is not None:
            _sent(request, message)
            return redirect(f"{request.path}#message-{message.pk}")
    views = selectors.messages_for(request.user, conversation)
    services.mark_read(request.user, conversation)
    return render(
        request,
        TEMPLATES + "conversation.html",
        {
            "conversation": conversation,
            "other_name": rules.display_name(other),
            "shared": rules.shared_context(request.user, other).in_words() if other else "",
            "views": views,
            "form": form,
            "problem": problem,
            "i_blocked": other is not None and blocking.has_blocked(request.user, other),
            "other": other,
        },
        status=status,
    )


@members_only
def new_conversation(request, profile_id):
    """Write to a member we share a group or an event with (404 for anyone else)."""
    profile = MemberProfile.objects.filter(pk=profile_id).select_related("user").first()
    recipient = rules.messageable_member(profile.user_id) if profile else None
    if recipient is None or recipient.pk == request.user.pk:
        raise Http404("No such member")
    existing = services.conversation_between(request.user, recipient)
    if existing is not None and selectors.conversation_for(request.user, existing.pk):
        return redirect("messaging:conversation", existing.pk)
    # A first message goes only to a member whose profile the writer may see (its "Send
    # a message" link): trying ids must not reveal someone who chose "Only me", and a
    # block answers as the profile does, so the two pages never tell it apart.
    if existing is None and (
        visible_profile(request.user, profile.pk) is None
        or not rules.shared_context(request.user, recipient)
    ):
        raise Http404("No such member")
    problem = rules.why_cannot_write(request.user, recipient, conversation=existing)
    form = _message_form(request)
    status = 200
    if request.method == "POST" and not problem and form.is_valid():
        tried = attempt(
            form,
            lambda: services.start_conversation(
                request.user, recipient, form.cleaned_data["body"], borough=request.borough
            ),
            services.CannotWrite,
            moderation.ModerationError,
        )
        status = tried.status
        message = tried.result if tried.done else None
        if message is not None:
            _sent(request, message)
            return redirect("messaging:conversation", message.conversation_id)
    return render(
        request,
        TEMPLATES + "new.html",
        {
            "name": profile.display_name,
            "shared": rules.shared_context(request.user, recipient).in_words(),
            "form": form,
            "problem": problem,
        },
        status=status,
    )


def _message_view_or_404(request, conversation, message_id):
    for view in selectors.messages_for(request.user, conversation):
        if view.message.pk == message_id and view.can_report:
            return view
    raise Http404("No such message")


@members_only
def report_message(request, conversation_id, message_id):
    conversation = _conversation_or_404(request, conversation_id)
    view = _message_view_or_404(request, conversation, message_id)
    back = reverse("messaging:conversation", args=[conversation.pk]) + f"#message-{message_id}"
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        tried = attempt(
            form,
            lambda: services.report_message(
                request.user,
                view.message,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                borough=request.borough,
            ),
            services.CannotWrite,
            moderation.ModerationError,
        )
        status = tried.status
        report = tried.result if tried.done else None
        if report is not None:
            messages.success(request, REPORT_THANKS)
            return redirect(back)
    return render(
        request,
        TEMPLATES + "report.html",
        {"form": form, "view": view, "back_url": back},
        status=status,
    )


@members_only
def block(request, conversation_id):
    """Block the other member, from any of their messages."""
    conversation = _conversation_or_404(request, conversation_id)
    other = conversation.other(request.user)
    if other is None:
        raise Http404("This member has deleted their account")
    name = rules.display_name(other)
    back = reverse("messaging:conversation", args=[conversation.pk])
    if request.method == "POST":
        blocking.block_member(request.user, other)
        messages.success(request, with_names(BLOCKED_MESSAGE, name=name))
        return redirect(back)
    return render(request, "community/discussions/block.html", block_context(name, back))
