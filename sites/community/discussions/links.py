"""Where discussions live: routes on the borough's DiscussionIndexPage (/discussions/)."""

from sites.community.models.pages import DiscussionIndexPage


def discussions_page(request=None):
    return DiscussionIndexPage.for_request(request)


def discussions_url(name: str = "discussions", *args, request=None) -> str:
    return DiscussionIndexPage.route_url(name, *args, request=request)


def thread_url(thread, request=None) -> str:
    return DiscussionIndexPage.route_url("thread", thread.pk, request=request)


def post_url(post, request=None) -> str:
    """The post in its discussion: ``/discussions/<thread>/#post-<id>``."""
    return f"{thread_url(post.thread, request)}#post-{post.pk}"


def post_action_url(post, name: str, request=None) -> str:
    """edit-post, delete-post, report-post or block-author."""
    return DiscussionIndexPage.route_url(name, post.pk, request=request)
