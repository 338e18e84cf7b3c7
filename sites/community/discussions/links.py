"""Where discussions live: routes on the borough's DiscussionIndexPage (/discussions/)."""

from sites.community.groups.links import _path, section_page


def discussions_page(request=None):
    from sites.community.models import DiscussionIndexPage

    return section_page(DiscussionIndexPage, request)


def discussions_url(name: str = "discussions", *args, request=None) -> str:
    return _path(discussions_page(request), name, *args)


def thread_url(thread, request=None) -> str:
    return _path(discussions_page(request), "thread", thread.pk)


def post_url(post, request=None) -> str:
    """The post in its discussion: ``/discussions/<thread>/#post-<id>``."""
    return f"{thread_url(post.thread, request)}#post-{post.pk}"


def post_action_url(post, name: str, request=None) -> str:
    """edit-post, delete-post, report-post or block-author."""
    return _path(discussions_page(request), name, post.pk)
