"""Wagtail's page permissions, with one rule more: a page that is not live is found in
the admin only by those who may edit it.

Organisation managers may add places (so the places section is theirs to explore), and
Wagtail lets anyone who may add below a page find every page there, drafts included:
another organisation's new place, perhaps someone's home, would be named in the
explorer, the admin's page search and the site history. Registered for every page in
apps.py (Wagtail's ``register_permission_policy``); the page chooser, which does not ask
the policy, is filtered the same way by a hook (wagtail_hooks.py).
"""

from django.db.models import Q

from wagtail.permission_policies.pages import PagePermissionPolicy


def without_others_drafts(pages, user, policy=None):
    """``pages`` less those not live that ``user`` may not edit."""
    policy = policy or PagePermissionPolicy()
    editable = policy.instances_user_has_permission_for(user, "change")
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))


class DraftsForTheirEditorsPolicy(PagePermissionPolicy):
    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        if user.is_superuser:
            return pages
        return without_others_drafts(pages, user, self)
