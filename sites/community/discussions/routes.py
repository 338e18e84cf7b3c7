"""The discussions section's routes, on DiscussionIndexPage (/discussions/).

Every discussion, site-wide or in a group, is at /discussions/<id>/; a post's own
address is /discussions/posts/<id>/ (it redirects to the post in its discussion).
Each view first asks ``discussions/selectors.py`` whether the reader may see the thing,
and answers "not found" (404) otherwise, so a private discussion's existence is never
revealed. The views are in ``discussions/views.py``.
"""

from django.utils.cache import add_never_cache_headers

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

# The module that answers these routes, handed over by CommunityConfig.ready() (apps.py),
# so the page model never imports its views: {"views": discussions.views}.
VIEWS: dict = {}


def _call(name, page, request, *args, **kwargs):
    response = getattr(VIEWS["views"], name)(request, page, *args, **kwargs)
    add_never_cache_headers(response)
    return response


class DiscussionRoutes(RoutablePageMixin):
    @path("", name="discussions")
    def discussions_route(self, request):
        return _call("discussion_index", self, request)

    @path("new/", name="new-thread")
    def new_thread_route(self, request):
        return _call("new_thread", self, request)

    @path("topics/<slug:slug>/", name="topic")
    def topic_route(self, request, slug):
        return _call("topic_threads", self, request, slug)

    @path("<int:thread_id>/", name="thread")
    def thread_route(self, request, thread_id):
        return _call("thread_detail", self, request, thread_id)

    @path("posts/<int:post_id>/", name="post")
    def post_route(self, request, post_id):
        return _call("post_permalink", self, request, post_id)

    @path("posts/<int:post_id>/edit/", name="edit-post")
    def edit_post_route(self, request, post_id):
        return _call("edit_post", self, request, post_id)

    @path("posts/<int:post_id>/delete/", name="delete-post")
    def delete_post_route(self, request, post_id):
        return _call("delete_post", self, request, post_id)

    @path("posts/<int:post_id>/report/", name="report-post")
    def report_post_route(self, request, post_id):
        return _call("report_post", self, request, post_id)

    @path("posts/<int:post_id>/block/", name="block-author")
    def block_author_route(self, request, post_id):
        return _call("block_author", self, request, post_id)
