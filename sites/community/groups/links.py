"""Where groups live: routes on the borough's groups section page (GroupIndexPage)."""

from django.http import Http404


def section_page(model, request=None):
    """The live section page of ``model`` in this borough, remembered on the request."""
    cache = getattr(request, "_community_sections", None) if request is not None else None
    if cache is not None and model in cache:
        return cache[model]
    page = model.objects.live().first()
    if request is not None:
        if cache is None:
            cache = request._community_sections = {}
        cache[model] = page
    return page


def groups_page(request=None):
    from sites.community.models import GroupIndexPage

    return section_page(GroupIndexPage, request)


def _path(page, name: str, *args) -> str:
    if page is None:
        raise Http404("This borough has no groups section.")
    return page.get_url(request=None) + page.reverse_subpage(name, args=args)


def groups_url(name: str = "groups", *args, request=None) -> str:
    """A root-relative link to one of the groups section's routes."""
    return _path(groups_page(request), name, *args)


def group_url(group, name: str = "group", request=None) -> str:
    """``/groups/<slug>/`` (or one of its actions: join, withdraw-request,
    requests, leave, organisers, new-discussion)."""
    return _path(groups_page(request), name, group.slug)
