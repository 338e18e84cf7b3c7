"""Public views of the directory: the "Things to do" listing's results (used by
ThingsToDoPage.get_context) and "Report a problem", which lives outside the page tree."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from wagtail.models import Page

from sites.core.ratelimit import attempt, limit, limit_address

from .forms import ReportProblemForm, ThingsToDoFilterForm
from .selectors import filter_activities, for_listing, reportable_page, visible_activities
from .services.reports import report_listing

RESULTS_PER_PAGE = 20


def _page_number(value: str, last: int) -> tuple[int, str]:
    """The page of results asked for, or the nearest one and a plain note why."""
    if not value.strip():
        return 1, ""
    try:
        number = int(value)
    except ValueError:
        return 1, gettext(
            "We did not recognise the page number in the web address, so here is page 1."
        )
    if number < 1:
        return 1, gettext("That page of results does not exist, so here is page 1.")
    if number > last:
        return last, gettext(
            "That page of results does not exist, so here is the last page, %(last)s."
        ) % {"last": last}
    return number, ""


def things_to_do_context(page, request) -> dict:
    """The filter form, one page of matching activities, and links to the other pages."""
    form = ThingsToDoFilterForm(request.GET)
    filters = form.to_filters()
    activities = for_listing(filter_activities(visible_activities(locale=page.locale), filters))
    paginator = Paginator(activities, RESULTS_PER_PAGE, allow_empty_first_page=True)
    number, page_notice = _page_number(request.GET.get("page", ""), paginator.num_pages)
    results = paginator.page(number)
    query = form.query_items()

    def page_link(n: int) -> str:
        return "?" + urlencode(query + ([("page", n)] if n > 1 else []))

    page_links = [
        {"number": n, "url": page_link(n), "current": n == number}
        if n != Paginator.ELLIPSIS
        else {"ellipsis": True}
        for n in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    ]
    return {
        "filter_form": form,
        "filters": filters,
        "notices": [*form.ignored, *([page_notice] if page_notice else [])],
        "results": results,
        "result_count": paginator.count,
        "page_links": page_links if paginator.num_pages > 1 else [],
        "previous_url": page_link(number - 1) if results.has_previous() else "",
        "next_url": page_link(number + 1) if results.has_next() else "",
        "clear_url": request.path,  # in the reader's language, as the page was asked for
    }


def _page_or_404(request, page_id: int):
    page = reportable_page(page_id, request.user)
    if page is None:
        raise Http404(gettext("Only organisations, activities and places can be reported."))
    return page


def report_form_response(request, listing, listing_url: str, thanks_url: str, render_form):
    """ "Report a problem" for any listing: a directory page, or an event (its route in
    community/events). A valid report is saved and emailed, then ``thanks_url``;
    otherwise ``render_form(context, status)`` shows the form (again, with errors)."""
    form = ReportProblemForm(request.POST if request.method == "POST" else None)
    status = 400 if form.is_bound else 200
    if form.is_valid():
        counted = attempt(form, lambda: limit("report-listing", limit_address(request)))
        status = counted.status
        if counted.done:
            report_listing(
                listing,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                email=form.cleaned_data["email"],
                path=listing_url,
            )
            return redirect(thanks_url)
    context = {"listing": listing, "listing_url": listing_url, "form": form}
    return render_form(context | {"about_an_event": not isinstance(listing, Page)}, status)


@require_http_methods(["GET", "POST"])
def report_problem(request, page_id: int):
    page = _page_or_404(request, page_id)
    return report_form_response(
        request,
        page,
        page.get_url(request=request),
        reverse("directory:report-thanks", args=[page.pk]),
        lambda context, status: render(
            request, "directory/report_problem.html", context, status=status
        ),
    )


@require_http_methods(["GET"])
def report_thanks(request, page_id: int):
    page = _page_or_404(request, page_id)
    return render(
        request,
        "directory/report_thanks.html",
        {"listing": page, "listing_url": page.get_url(request=request), "about_an_event": False},
    )
