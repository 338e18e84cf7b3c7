"""Wagtail's admin reports, as the page policy sees pages (page_policy.py). Imported by
the URL conf only: Wagtail's report views need the models loaded."""

from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page

from .page_policy import without_others_drafts


class PageTypesUsageReport(PageTypesUsageReportView):
    """Wagtail's "Page types usage" report, which names each type's last edited page:
    only a page its reader may find (platform/connectdo/urls_borough.py serves it in
    place of Wagtail's). Any manager may open it, as they may add places."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        named = [item.last_edited_page.pk for item in page_types if item.last_edited_page]
        found = without_others_drafts(Page.objects.filter(pk__in=named), self.request.user)
        shown = set(found.values_list("pk", flat=True))
        for item in page_types:
            if item.last_edited_page and item.last_edited_page.pk not in shown:
                item.last_edited_page = None
        return page_types
