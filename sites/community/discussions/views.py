"""Discussion pages, served by DiscussionIndexPage's routes. Thin: services decide.

Whatever a reader may not see is "not found" (404), never "forbidden", so the existence
of a members-only group's discussion is never revealed.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community import kept_words
from sites.community.accounts.selectors import profile_urls
from sites.community.models import Topic
from sites.community.services import blocking, discussions, moderation
from sites.community.services.accounts import why_cannot_post
from sites.core.languages.isolation import with_names
from sites.core.ratelimit import attempt

from ..section_views import section_renderer
from . import selectors
from .forms import EditPostForm, NewThreadForm, PostForm, ReportForm
from .links import discussions_url, thread_url

TEMPLATES = "community/discussions/"
THREADS_PER_PAGE = 25


_render = section_renderer(TEMPLATES)


def _page_of(queryset, request):
    paginator = Paginator(queryset, THREADS_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))


def discussion_index(request, page):
    threads = selectors.site_threads(request.user)
    return _render(
        page,
        request,
        "index.html",
        {"topics": selectors.topics(), "threads": _page_of(threads, request)},
    )


def topic_threads(request, page, slug):
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise Http404("No such topic")
    threads = selectors.site_threads(request.user, topic)
    return _render(
        page, request, "topic.html", {"topic": topic, "threads": _page_of(threads, request)}
    )


def new_thread(request, page):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return kept_words.keep_and_sign_in(request)
        return redirect_to_login(request.get_full_path())
    problem = why_cannot_post(request.user)
    topic = Topic.objects.filter(slug=request.GET.get("topic", "")).first()
    initial = {"topic": topic, **kept_words.kept_words(request)}
    form = NewThreadForm(request.POST or None, initial=initial, writer=request.user)
    return start_discussion(request, page, form, problem, topic=topic)


def start_discussion(request, page, form, problem, *, group=None, topic=None):
    """ "Start a discussion", site-wide (with a ``topic`` to offer) or in ``group``: a valid
    form starts it and goes to it; otherwise the form is shown again, with its errors (the
    service's refusal, or 429 for too many attempts)."""
    status = 200
    if request.method == "POST" and not problem and form.is_valid():
        data = form.cleaned_data
        started = attempt(
            form,
            lambda: discussions.start_thread(
                request.user,
                title=data["title"],
                body=data["body"],
                topic=data.get("topic"),
                group=group,
                borough=request.borough,
            ),
            discussions.CannotPost,
        )
        if started.done:
            return redirect(thread_url(started.result, request=request))
        status = started.status
    context = {"form": form, "problem": problem}
    context.update({"group": group} if group else {"topic": topic})
    return _render(page, request, "new_thread.html", context, status)


def _thread_or_404(request, thread_id):
    thread = selectors.thread_for(request.user, thread_id)
    if thread is None:
        raise Http404("No such discussion")
    return thread


def thread_detail(request, page, thread_id):
    thread = _thread_or_404(request, thread_id)
    problem = selectors.why_cannot_reply(request.user, thread)
    form = None
    if request.user.is_authenticated:
        initial = kept_words.kept_words(request)
        form = PostForm(request.POST or None, initial=initial, writer=request.user)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return kept_words.keep_and_sign_in(request)
        if not problem and form.is_valid():
            body = form.cleaned_data["body"]
            replied = attempt(
                form,
                lambda: discussions.reply(request.user, thread, body, borough=request.borough),
                discussions.CannotPost,
            )
            status = replied.status
            if replied.done:
                post = replied.result
                if post.status == selectors.HELD:
                    messages.success(
                        request,
                        _(
                            "Thank you. Your reply is waiting for a moderator. Only you can see "
                            "it until a moderator has checked it."
                        ),
                    )
                else:
                    messages.success(request, _("Your reply is posted."))
                return redirect(f"{thread_url(thread, request=request)}#post-{post.pk}")
    return _render(
        page,
        request,
        "thread.html",
        {
            "thread": thread,
            "posts": _with_author_links(request.user, selectors.posts_for(request.user, thread)),
            "form": form,
            "problem": problem,
            "thread_notice": _thread_notice(thread),
        },
        status,
    )


def _with_author_links(user, views):
    urls = profile_urls(user, {view.post.author_id for view in views})
    for view in views:
        view.author_url = urls.get(view.post.author_id, "")
    return views


def _thread_notice(thread) -> str:
    if thread.status == selectors.HELD:
        return _("This discussion is waiting for a moderator. Only you can see it for now.")
    if thread.status == selectors.REJECTED:
        return _("A moderator did not approve this discussion. Only you can see it.")
    if thread.status == selectors.HIDDEN:
        return _("A moderator has hidden this discussion. Only you can see it.")
    return ""


def _post_or_404(request, post_id):
    view = selectors.post_view_for(request.user, post_id)
    if view is None:
        raise Http404("No such post")
    return view


def post_permalink(request, page, post_id):
    view = _post_or_404(request, post_id)
    return redirect(f"{thread_url(view.post.thread, request=request)}#post-{view.post.pk}")


def _my_post_or_404(request, post_id):
    view = _post_or_404(request, post_id)
    if not view.can_change:
        raise Http404("You can only change your own posts")
    return view.post


def edit_post(request, page, post_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _my_post_or_404(request, post_id)
    form = EditPostForm(request.POST or None, initial={"body": post.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        edited = attempt(
            form, lambda: discussions.edit_post(request.user, post, body), discussions.CannotPost
        )
        status = edited.status
        if edited.done:
            if post.status == selectors.HELD:
                messages.success(
                    request, _("Your post is changed. It is waiting for a moderator to check it.")
                )
            else:
                messages.success(request, _("Your post is changed."))
            return redirect(f"{thread_url(post.thread, request=request)}#post-{post.pk}")
    return _render(page, request, "edit_post.html", {"form": form, "post": post}, status)


def delete_post(request, page, post_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    post = _my_post_or_404(request, post_id)
    if request.method == "POST":
        discussions.delete_post(request.user, post)
        messages.success(request, _("Your post is deleted."))
        thread = selectors.thread_for(request.user, post.thread_id)
        if thread is None:
            return redirect(discussions_url(request=request))
        return redirect(thread_url(thread, request=request))
    return _render(page, request, "delete_post.html", {"post": post})


def report_post(request, page, post_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    view = _post_or_404(request, post_id)
    if not view.can_report:
        raise Http404("You cannot report this post")
    return report_response(
        request,
        lambda **report: moderation.report_post(request.user, view.post, **report),
        f"{thread_url(view.post.thread, request=request)}#post-{view.post.pk}",
        lambda form, status: _render(
            page, request, "report.html", {"form": form, "post_view": view, "about": "post"}, status
        ),
    )


def report_response(request, report, back_url: str, render_form):
    """ "Report" a post or a member: a valid form is filed with
    ``report(reason=..., details=..., borough=...)`` (a moderation service) and the member
    goes back to ``back_url``, thanked; otherwise ``render_form(form, status)`` shows the
    form again (429 for too many reports)."""
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filed = attempt(
            form,
            lambda: report(reason=data["reason"], details=data["details"], borough=request.borough),
        )
        if filed.done:
            messages.success(request, REPORT_THANKS)
            return redirect(back_url)
        status = filed.status
    return render_form(form, status)


REPORT_THANKS = gettext_lazy(
    "Thank you for telling us. A moderator will look at your report. "
    "If someone is in danger right now, call 999."
)


def block_author(request, page, post_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    view = _post_or_404(request, post_id)
    author = view.post.author
    if author is None or view.is_mine:
        raise Http404("You cannot block this member")
    back = f"{thread_url(view.post.thread, request=request)}#post-{view.post.pk}"
    if request.method == "POST":
        blocking.block_member(request.user, author)
        messages.success(request, with_names(BLOCKED_MESSAGE, name=view.author_name))
        return redirect(back)
    return _render(page, request, "block.html", block_context(view.author_name, back))


def block_context(name, back_url) -> dict:
    """What the "Block Sam?" page says (from a post, a profile or a message): it names
    private messages only where the borough has them switched on."""
    return {
        "name": name,
        "back_url": back_url,
        "messages_on": moderation.community_settings().messaging_enabled,
    }


BLOCKED_MESSAGE = gettext_lazy(
    "You have blocked %(name)s. You will not see their posts, and they cannot see yours. "
    "You can unblock them from the list of members you have blocked."
)
