"""Where groups live: routes on the borough's groups section page (GroupIndexPage)."""

from sites.community.models.pages import GroupIndexPage


def section_page(model, request=None):
    """The live section page of ``model`` in this borough, remembered on the request."""
    return model.for_request(request)


def groups_page(request=None):
    return GroupIndexPage.for_request(request)


def groups_url(name: str = "groups", *args, request=None) -> str:
    """A root-relative link to one of the groups section's routes."""
    return GroupIndexPage.route_url(name, *args, request=request)


def group_url(group, name: str = "group", request=None) -> str:
    """``/groups/<slug>/`` (or one of its actions: join, withdraw-request,
    requests, leave, organisers, new-discussion)."""
    return GroupIndexPage.route_url(name, group.slug, request=request)
