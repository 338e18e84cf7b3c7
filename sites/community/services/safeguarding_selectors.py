"""What the safeguarding pages read: the cases, and a case's member's posts and reports.

Shown only to those who may see cases (``safeguarding.require_case_viewer``)."""

from sites.community.models import Post, Report, SafeguardingCase


def open_and_recent_cases(closed_limit: int = 50):
    """Every open case (oldest first: none may drop off the list), then the most recently
    closed ones."""
    cases = SafeguardingCase.objects.select_related("member__member_profile", "closed_by")
    open_cases = cases.filter(status=SafeguardingCase.Status.OPEN).order_by("opened_at", "pk")
    closed = cases.exclude(status=SafeguardingCase.Status.OPEN).order_by("-closed_at", "-pk")
    return list(open_cases), list(closed[:closed_limit])


def member_recent_posts(member, limit: int = 10):
    if member is None:
        return Post.objects.none()
    return (
        Post.objects.filter(author=member)
        .select_related("thread__group")
        .order_by("-created_at", "-pk")[:limit]
    )


def member_earlier_reports(member, *, exclude: Report | None = None, limit: int = 20):
    if member is None:
        return Report.objects.none()
    reports = Report.objects.filter(reported_member=member).order_by("-created_at", "-pk")
    if exclude is not None:
        reports = reports.exclude(pk=exclude.pk)
    return reports[:limit]
