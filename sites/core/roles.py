"""The staff roles of a borough: one Django group each. Names only (and who holds one),
so any app can ask "is this person an Editor?" without importing what builds a borough
(sites/core/setup.py); who may do what is in permissions.py and docs/roles.md."""

from django.contrib.auth import get_user_model
from django.db.models import Q

BOROUGH_ADMINS = "Borough admins"
EDITORS = "Editors"
MODERATORS = "Moderators"
ORGANISATION_MANAGERS = "Organisation managers"
# Sees and closes safeguarding cases (with Moderators and Borough admins); no pages.
SAFEGUARDING_LEAD = "Safeguarding lead"
# Community Connecting (sites/connecting): the only people who see referrals.
CONNECTING_TEAM_LEADS = "Community Connecting team leads"
COACHES = "Coaches"
# Reads the Community Connecting impact report (aggregates only), and nothing else.
COMMISSIONERS = "Commissioners"
BOROUGH_GROUPS = [
    BOROUGH_ADMINS,
    EDITORS,
    MODERATORS,
    ORGANISATION_MANAGERS,
    SAFEGUARDING_LEAD,
    CONNECTING_TEAM_LEADS,
    COACHES,
    COMMISSIONERS,
]


def borough_admins():
    return get_user_model().objects.filter(Q(groups__name=BOROUGH_ADMINS) | Q(is_superuser=True))


# The people who run a borough's site (not the organisations that list on it, nor the
# commissioners who read its impact report).
STAFF_GROUPS = [
    group for group in BOROUGH_GROUPS if group not in (ORGANISATION_MANAGERS, COMMISSIONERS)
]


def is_staff(user) -> bool:
    """Whether ``user`` runs this borough's site: a superuser or in a staff group."""
    if user is None or not user.pk:
        return False
    return user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()
