"""Thin views over the join-request and freshness services."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sites.core.ratelimit import attempt, limit, limit_address

from ..services.freshness import LinkError, confirm_still_up_to_date, pages_for_token
from ..services.join_requests import (
    JoinRequestError,
    check_join_request,
    submit_join_request,
)
from .forms import JoinRequestForm


def _check_count_and_submit(request, arguments) -> None:
    # A name that is taken is told at once and counts nothing; everything accepted
    # counts, whether it reaches the Editors or the address's own inbox.
    check_join_request(**arguments)
    limit("list-organisation", limit_address(request))
    submit_join_request(borough=request.borough, **arguments)


@require_http_methods(["GET", "POST"])
def join(request):
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    status = 400 if form.is_bound else 200
    if form.is_valid():
        arguments = form.service_arguments()
        try:
            sent = attempt(form, lambda: _check_count_and_submit(request, arguments))
        except JoinRequestError as error:
            for field, message in error.fields.items():
                form.add_error(field, message)
            if not error.fields:
                form.add_error(None, error.message)
        else:
            if sent.done:
                return redirect("directory_membership:join-thanks")
            status = sent.status
    return render(request, "directory/membership/join.html", {"form": form}, status=status)


def join_thanks(request):
    return render(request, "directory/membership/join_thanks.html")


@never_cache
@require_http_methods(["GET", "POST"])
def still_up_to_date(request, token: str):
    """GET shows what the link is about and a button; only the POST changes anything.

    Mail scanners and link previews open links, so a GET must never confirm.
    """
    try:
        pages = pages_for_token(token)
    except LinkError as error:
        return render(
            request,
            "directory/membership/still_up_to_date.html",
            {"problem": error.message},
            status=400,
        )
    confirmed = False
    if request.method == "POST":
        confirm_still_up_to_date(pages)
        confirmed = True
        pages = pages_for_token(token)
    return render(
        request,
        "directory/membership/still_up_to_date.html",
        {"pages": pages, "confirmed": confirmed},
    )
