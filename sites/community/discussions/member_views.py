"""Views outside the page tree: report or block a member (from their profile), the list
of members I have blocked, and the one-click unsubscribe link in every notification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from sites.community.accounts.selectors import visible_profile
from sites.community.models import MemberProfile
from sites.community.services import blocking, moderation, notifications
from sites.core.languages.isolation import with_names

from .views import BLOCKED_MESSAGE, block_context, report_response

TEMPLATES = "community/discussions/"


def _profile_or_404(request, pk) -> MemberProfile:
    profile = visible_profile(request.user, pk)
    if profile is None or profile.user_id == request.user.pk:
        raise Http404("No such member")
    return profile


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_member(request, pk):
    profile = _profile_or_404(request, pk)
    return report_response(
        request,
        lambda **report: moderation.report_member(request.user, profile.user, **report),
        reverse("member-profile", kwargs={"pk": profile.pk}),
        lambda form, status: render(
            request,
            TEMPLATES + "report.html",
            {"form": form, "profile": profile, "about": "member"},
            status=status,
        ),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def block_member(request, pk):
    profile = _profile_or_404(request, pk)
    if request.method == "POST":
        blocking.block_member(request.user, profile.user)
        messages.success(request, with_names(BLOCKED_MESSAGE, name=profile.display_name))
        return redirect("community:blocked-members")
    back = reverse("member-profile", args=[profile.pk])
    return render(request, TEMPLATES + "block.html", block_context(profile.display_name, back))


@never_cache
@login_required
@require_POST
def unblock_member(request, user_id):
    """Unblock, by the blocked member's user id (their profile is hidden from me now)."""
    block = blocking.members_i_blocked(request.user).filter(blocked_id=user_id).first()
    if block is None:
        raise Http404("You have not blocked this member")
    blocking.unblock_member(request.user, block.blocked)
    messages.success(
        request,
        with_names(
            gettext("You have unblocked %(name)s."), name=moderation.display_name(block.blocked)
        ),
    )
    return redirect("community:blocked-members")


@never_cache
@login_required
def blocked_members(request):
    return render(
        request,
        TEMPLATES + "blocked_members.html",
        {"blocks": blocking.members_i_blocked(request.user)},
    )


@never_cache
@csrf_exempt  # the signed token is the proof; mail programs POST here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        user, kind = notifications.read_unsubscribe_token(request.borough, token)
    except notifications.UnsubscribeError:
        return render(request, TEMPLATES + "unsubscribe.html", {"problem": True}, status=400)
    done = False
    if request.method == "POST":
        notifications.unsubscribe(user, kind.key)
        done = True
    return render(request, TEMPLATES + "unsubscribe.html", {"kind": kind, "done": done})
