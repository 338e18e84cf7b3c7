"""The demo member's list ("My list"): a full list of things of every kind, so its page,
print view, email and share link can be tried (and are checked by the browser tests)."""

from django.contrib.auth import get_user_model

from sites.community.events.selectors import listed_events
from sites.community.services.groups import approved_groups
from sites.demo.community import member_email
from sites.demo.data.community import DEMO_MEMBER_NAME
from sites.directory.selectors import a_to_z, visible_activities, visible_places
from sites.mylist.factories import SavedItemFactory
from sites.mylist.models import SavedItem
from sites.mylist.selectors import MAX_ITEMS


def seed_my_list(borough) -> int:
    """Up to MAX_ITEMS things on the demo member's list; none if it has some already."""
    member = get_user_model().objects.filter(username=member_email(DEMO_MEMBER_NAME, borough.slug))
    member = member.first()
    if member is None or SavedItem.objects.filter(member=member).exists():
        return 0
    wanted = [("event", event.pk) for event in listed_events().filter(place__isnull=False)[:2]] + [
        ("group", group.pk) for group in approved_groups().order_by("name")[:1]
    ]
    wanted += [("place", place.pk) for place in a_to_z(visible_places())[:1]]
    activities = a_to_z(visible_activities())[: MAX_ITEMS - len(wanted)]
    wanted = [("activity", activity.pk) for activity in activities] + wanted
    for kind, object_id in wanted:
        SavedItemFactory(member=member, kind=kind, object_id=object_id)
    return len(wanted)
