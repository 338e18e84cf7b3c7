"""The groups section's routes: /groups/, /groups/propose/, /groups/<slug>/ and its actions.

They live on GroupIndexPage (a RoutablePageMixin page), so the section's place in the
page tree, its title, introduction and slug are the Editors', and every group URL
moves with the section page. The views themselves are in ``groups/views.py``.
"""

from django.utils.cache import add_never_cache_headers

from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path

# The modules that answer these routes, handed over by CommunityConfig.ready() (apps.py),
# so the page model never imports its views: {"views": groups.views, "feeds": events.feeds}.
VIEWS: dict = {}


def _call(name, page, request, *args, **kwargs):
    response = getattr(VIEWS["views"], name)(request, page, *args, **kwargs)
    # Every group page depends on who is asking: never kept in a shared cache.
    add_never_cache_headers(response)
    return response


class GroupRoutes(RoutablePageMixin):
    @path("", name="groups")
    def groups_route(self, request):
        return _call("group_list", self, request)

    @path("propose/", name="propose")
    def propose_route(self, request):
        return _call("propose", self, request)

    @path("<slug:slug>/", name="group")
    def group_route(self, request, slug):
        return _call("group_detail", self, request, slug)

    @path("<slug:slug>/join/", name="join")
    def join_route(self, request, slug):
        return _call("join", self, request, slug)

    @path("<slug:slug>/withdraw-request/", name="withdraw-request")
    def withdraw_request_route(self, request, slug):
        return _call("withdraw_request", self, request, slug)

    @path("<slug:slug>/requests/", name="requests")
    def requests_route(self, request, slug):
        return _call("join_requests_page", self, request, slug)

    @path("<slug:slug>/leave/", name="leave")
    def leave_route(self, request, slug):
        return _call("leave", self, request, slug)

    @path("<slug:slug>/organisers/", name="organisers")
    def organisers_route(self, request, slug):
        return _call("organisers", self, request, slug)

    @path("<slug:slug>/picture/", name="picture")
    def picture_route(self, request, slug):
        return _call("picture", self, request, slug)

    @path("<slug:slug>/new-discussion/", name="new-discussion")
    def new_discussion_route(self, request, slug):
        return _call("new_discussion", self, request, slug)

    @re_path(r"^(?P<slug>[-\w]+)/events\.ics/?$", name="events-ics")
    def events_ics_route(self, request, slug):
        # The group's calendar feed (members-only groups: a private key); see events/feeds.py.
        return VIEWS["feeds"].group_feed(request, self, slug)
