"""The public "Get support" pages: thin views over ``services.submit_referral``."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sites.core.ratelimit import attempt, limit, limit_address

from . import swemwbs, wellbeing
from .forms import ProfessionalReferralForm, SelfReferralForm
from .models import ConnectingSettings, Timepoint
from .models.referrals import outside_notice
from .services import submit_referral
from .wellbeing_forms import QuestionnaireForm


def _referral_form(request, form_class, template: str, context=None, **form_options):
    form = form_class(request.POST if request.method == "POST" else None, **form_options)
    status = 400 if form.is_bound else 200
    if form.is_valid():

        def send():
            limit("referral", limit_address(request))
            return submit_referral(request.borough, **form.service_arguments())

        tried = attempt(form, send)
        if tried.done:
            # Only whether to say the postcode may be outside: nothing of what was typed.
            outside = tried.result.postcode_may_be_outside
            return redirect(reverse("connecting:thanks") + ("?area=check" if outside else ""))
        status = tried.status
    return render(request, template, {"form": form, **(context or {})}, status=status)


@require_http_methods(["GET", "POST"])
def get_support(request):
    context = {"easy_read_points": _get_support_easy_read(request)}
    easy_read = getattr(request, "easy_read", False)
    return _referral_form(
        request,
        SelfReferralForm,
        "connecting/get_support.html",
        context,
        easy_read=easy_read,
    )


def _get_support_easy_read(request):
    """The Easy Read version editors wrote (Settings → Community Connecting), when on."""
    if not getattr(request, "easy_read", False):
        return None
    return ConnectingSettings.for_request(request).get_support_easy_read or None


@require_http_methods(["GET", "POST"])
def refer_someone(request):
    return _referral_form(request, ProfessionalReferralForm, "connecting/refer_someone.html")


def thanks(request):
    notice = ""
    if request.GET.get("area") == "check":
        notice = outside_notice(request.borough.name)
    return render(request, "connecting/thanks.html", {"outside_notice": notice})


@require_http_methods(["GET", "POST"])
def questionnaire(request, token):
    """The person's single-use link: no account, no name shown, works once until it expires."""
    link = wellbeing.usable_link(token) if wellbeing.swemwbs_offered() else None
    if link is None:
        return render(request, "connecting/questionnaire_gone.html", status=404)
    follow_up = link.timepoint == Timepoint.FOLLOW_UP
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None, follow_up=follow_up
    )
    if form.is_valid():
        try:
            wellbeing.answer_link(token, items=form.items(), follow_up=form.follow_up())
        except wellbeing.WellbeingError:
            return render(request, "connecting/questionnaire_gone.html", status=404)
        return render(request, "connecting/questionnaire_thanks.html")
    # 200 even with errors: Django logs every 4xx with its path, and this path holds a
    # link that still works.
    context = {"form": form, "instructions": swemwbs.INSTRUCTIONS}
    return render(request, "connecting/questionnaire.html", context)
