"""Group pages, served by GroupIndexPage's routes. Thin: services decide, views show."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community import kept_words
from sites.community.accounts.selectors import profile_urls
from sites.community.discussions.forms import NewThreadForm
from sites.community.discussions.selectors import group_threads
from sites.community.discussions.views import start_discussion
from sites.community.events import links as event_links
from sites.community.events.selectors import upcoming_group_events
from sites.community.models import GroupJoinRequest
from sites.community.services import (
    group_pictures,
    group_proposals,
    groups,
    join_requests,
)
from sites.community.services.accounts import why_cannot_post
from sites.core.languages.isolation import with_names
from sites.core.ratelimit import attempt, attempt_with_message

from ..section_views import only_for, section_renderer
from .forms import AddOrganiserForm, AnswerJoinRequestForm, GroupPictureForm, ProposeGroupForm
from .links import group_url

TEMPLATES = "community/groups/"


_render = section_renderer(TEMPLATES)


def _group_or_404(request, slug):
    group = groups.visible_group(request.user, slug)
    if group is None:
        raise Http404("No such group")
    return group


# A group's pages for its organisers.
_organisers_only = only_for(
    _group_or_404,
    groups.is_organiser,
    gettext_lazy("Only organisers can see this page"),
)


def group_list(request, page):
    mine_waiting = []
    if request.user.is_authenticated:
        mine_waiting = group_proposals.visible_groups_waiting(request.user)
    return _render(
        page,
        request,
        "index.html",
        {
            "groups": groups.approved_groups().prefetch_related("interests"),
            "waiting": mine_waiting,
        },
    )


def propose(request, page):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    problem = why_cannot_post(request.user)
    form = ProposeGroupForm(request.POST or None)
    status = 200
    if request.method == "POST" and not problem and form.is_valid():
        data = form.cleaned_data
        proposed = attempt(
            form,
            lambda: group_proposals.propose_group(
                request.user,
                name=data["name"],
                description=data["description"],
                meets_where=data["meets_where"],
                meets_when=data["meets_when"],
                visibility=data["visibility"],
                interests=data["interests"],
            ),
            groups.GroupError,
        )
        status = proposed.status
        if proposed.done:
            group = proposed.result
            messages.success(
                request,
                _(
                    "Thank you. Your group is waiting for an Editor to approve it. "
                    "We will email you when they have decided."
                ),
            )
            return redirect(group_url(group, request=request))
    return _render(page, request, "propose.html", {"form": form, "problem": problem}, status)


def _with_profile_links(user, rows):
    """Memberships or join requests, each with ``profile_url`` (or "") for ``user``."""
    urls = profile_urls(user, {row.member_id for row in rows})
    for row in rows:
        row.profile_url = urls.get(row.member_id, "")
    return rows


def group_detail(request, page, slug):
    group = _group_or_404(request, slug)
    membership = groups.membership(request.user, group)
    is_organiser = membership is not None and membership.role == groups.ORGANISER
    can_read = groups.can_read_discussion(request.user, group)
    # Names only for signed-in members, and in a members-only group only for its members.
    show_members = request.user.is_authenticated and (not group.is_members_only or membership)
    my_request = None if membership else join_requests.request_of(request.user, group)
    return _render(
        page,
        request,
        "group.html",
        {
            "group": group,
            "membership": membership,
            "is_organiser": is_organiser,
            "my_request": my_request,
            "ask_again_from": join_requests.cannot_ask_until(my_request),
            "waiting_count": (
                join_requests.waiting_requests(group).count() if is_organiser else None
            ),
            "can_read": can_read,
            "threads": group_threads(request.user, group)[:30] if can_read else [],
            "members": _with_profile_links(request.user, groups.listed_members(group))
            if show_members
            else None,
            "member_count": groups.member_count(group),
            "events": [
                (occurrence, event_links.event_url_or_none(occurrence.event))
                for occurrence in upcoming_group_events(request.user, group)
            ],
            "interests": group.interests.all(),
        },
    )


def join(request, page, slug):
    """ "Join": at once for a public group, a request to its organisers for a members-only one."""
    group = _group_or_404(request, slug)
    if request.method != "POST":
        return redirect(group_url(group, request=request))
    if not request.user.is_authenticated:
        return redirect_to_login(group_url(group, request=request))
    asked = attempt_with_message(
        request,
        lambda: join_requests.join_or_ask(request.user, group, borough=request.borough),
        groups.GroupError,
    )
    if asked.done:
        if isinstance(asked.result, GroupJoinRequest):
            messages.success(
                request,
                _(
                    "Thank you. Your request is waiting for an organiser. "
                    "We will email you when they have answered."
                ),
            )
        else:
            messages.success(request, with_names(_("You have joined %(name)s."), name=group.name))
    return redirect(group_url(group, request=request))


def withdraw_request(request, page, slug):
    group = _group_or_404(request, slug)
    if request.method == "POST" and join_requests.withdraw_join_request(request.user, group):
        messages.success(
            request,
            with_names(_("You have withdrawn your request to join %(name)s."), name=group.name),
        )
    return redirect(group_url(group, request=request))


@_organisers_only
def join_requests_page(request, page, group):
    """Organisers see the waiting requests and answer each with a POST."""
    if request.method == "POST":
        form = AnswerJoinRequestForm(request.POST)
        if not form.is_valid():
            messages.error(request, join_requests.ANSWERED_ALREADY)
        else:
            approve = form.cleaned_data["answer"] == "yes"
            try:
                answered = join_requests.answer_join_request(
                    request.user,
                    group,
                    form.cleaned_data["request"],
                    approve=approve,
                    borough=request.borough,
                )
            except groups.GroupError as error:
                messages.error(request, str(error))
            else:
                name = groups.moderation.display_name(answered.member)
                messages.success(
                    request,
                    with_names(
                        _("%(name)s is now a member of the group. We have emailed them."), name=name
                    )
                    if approve
                    else with_names(_("You said no to %(name)s. We have emailed them."), name=name),
                )
        return redirect(group_url(group, "requests", request=request))
    return _render(
        page,
        request,
        "requests.html",
        {
            "group": group,
            "waiting": _with_profile_links(
                request.user, list(join_requests.waiting_requests(group))
            ),
        },
    )


def leave(request, page, slug):
    group = _group_or_404(request, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not groups.is_member(request.user, group):
        return redirect(group_url(group, request=request))
    if request.method == "POST":
        try:
            groups.leave_group(request.user, group, borough=request.borough)
        except groups.GroupError as error:
            messages.error(request, str(error))
            return redirect(group_url(group, "organisers", request=request))
        messages.success(request, with_names(_("You have left %(name)s."), name=group.name))
        return redirect(group_url(group, request=request))
    return _render(page, request, "leave.html", {"group": group})


@_organisers_only
def organisers(request, page, group):
    form = AddOrganiserForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        member = groups.membership_user(group, form.cleaned_data["member"])
        try:
            groups.add_organiser(request.user, group, member)
        except groups.GroupError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                with_names(
                    _("%(name)s is now an organiser."),
                    name=groups.moderation.display_name(member),
                ),
            )
            return redirect(group_url(group, "organisers", request=request))
    return _render(
        page,
        request,
        "organisers.html",
        {"group": group, "form": form, "organisers": groups.organisers(group)},
    )


@_organisers_only
def picture(request, page, group):
    form = GroupPictureForm(request.POST or None, request.FILES or None, group=group)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = group_pictures.set_picture(request.user, group, form.picture_change())
            messages.success(
                request,
                _("The picture will appear once an Editor has checked it.")
                if saved.picture_held
                else _("The group's picture is saved."),
            )
            return redirect(group_url(group, request=request))
        status = 400
    return _render(page, request, "picture.html", {"group": group, "form": form}, status)


def new_discussion(request, page, slug):
    group = _group_or_404(request, slug)
    if not groups.can_read_discussion(request.user, group):
        raise Http404("No such group discussion")
    if not request.user.is_authenticated:
        if request.method == "POST":
            return kept_words.keep_and_sign_in(request)
        return redirect_to_login(request.get_full_path())
    problem = why_cannot_post(request.user)
    if not problem and not groups.is_member(request.user, group):
        problem = _("Join the group to start a discussion.")
    initial = kept_words.kept_words(request)
    form = NewThreadForm(
        request.POST or None, with_topic=False, initial=initial, writer=request.user
    )
    return start_discussion(request, page, form, problem, group=group)
