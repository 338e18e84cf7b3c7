"""What the community's route views share: rendering through their section page, and
pages only some people may open (a group's organisers, an event's runners)."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def section_renderer(templates: str):
    """A ``render(page, request, template, context, status=200)`` for one part of the
    community: a bare template name is looked up under ``templates``; the section page
    renders it, so the menu, branding and theme are the borough's."""

    def render(page, request, template, context, status=200):
        if "/" not in template:
            template = templates + template
        response = page.render(request, template=template, context_overrides=context)
        response.status_code = status
        return response

    return render


def only_for(find, may, refusal: str):
    """A decorator for a route view ``view(request, page, obj)`` reached by a slug:
    ``find(request, slug)`` gives the object (or raises Http404), visitors sign in
    first, and anyone ``may(user, obj)`` refuses gets "not found" (``refusal``), so the
    page's existence is not given away."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, page, slug):
            found = find(request, slug)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not may(request.user, found):
                raise Http404(refusal)
            return view(request, page, found)

        return wrapped

    return decorator
