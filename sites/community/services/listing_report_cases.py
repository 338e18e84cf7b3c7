"""The safeguarding case opened from a listing report ("Something about it worries
me"), as the directory's Problem reports show it (sites/directory/report_follow_ups.py,
registered in apps.py): "A safeguarding case is open" or "closed", linked to the case
only for those who may see cases (``can_see_cases``: not Editors); plain words for the
rest."""

from django.urls import reverse
from django.utils.translation import gettext

from sites.community.models import SafeguardingCase
from sites.directory.report_follow_ups import FollowUp

from .moderation import can_see_cases


def case_follow_ups(reports, user) -> dict[int, FollowUp]:
    cases = SafeguardingCase.objects.filter(listing_report__in=[report.pk for report in reports])
    may_open = can_see_cases(user)
    found = {}
    for case_id, report_id, status in cases.values_list("pk", "listing_report_id", "status"):
        if status == SafeguardingCase.Status.OPEN:
            text = gettext("A safeguarding case is open")
        else:
            text = gettext("A safeguarding case is closed")
        url = reverse("community_safeguarding_case", args=[case_id]) if may_open else ""
        found[report_id] = FollowUp(text, url)
    return found
