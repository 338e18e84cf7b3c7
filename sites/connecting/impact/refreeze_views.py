"""The admin page where a Community Connecting team lead freezes a quarter's figures again
(``frozen.refreeze``), with a reason; linked from the report for team leads only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .frozen import REASON_LENGTH, RefreezeRefused, refreeze
from .models import QuarterRefrozen
from .period import PeriodForm
from .views import may_refreeze


class RefreezeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do the figures need freezing again?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_LENGTH,
        error_messages={"required": _("Say why the figures need freezing again.")},
    )


class RefreezeView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Freeze a quarter's figures again")
    header_icon = "table"
    template_name = "connecting/impact/refreeze.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_refreeze(request.user):
            raise PermissionDenied
        self.period = PeriodForm(request.GET)
        return super().dispatch(request, *args, **kwargs)

    def page(self, form, status=200, unavailable=""):
        intro, history = "", []
        if not unavailable:
            quarter = self.period.cleaned_data["quarter"]
            intro = gettext(
                "The figures of %(quarter)s will be counted again from today's records and "
                "kept instead of the frozen ones. Everyone who reads the report will see "
                "that they were frozen again, and when; who did it and why is kept below. "
                "Say what was corrected, without naming anyone."
            ) % {"quarter": quarter}
            history = QuarterRefrozen.objects.filter(year=quarter.year, quarter=quarter.number)
        context = self.get_context_data(
            form=form,
            intro=intro,
            history=history,
            unavailable=unavailable,
            submit_label=gettext("Freeze the figures again"),
        )
        return self.render_to_response(context, status=status)

    def _bad_period(self):
        errors = [str(e) for field_errors in self.period.errors.values() for e in field_errors]
        return self.page(None, 400, " ".join(errors))

    def get(self, request, *args, **kwargs):
        if not self.period.is_valid():
            return self._bad_period()
        return self.page(RefreezeForm())

    def post(self, request, *args, **kwargs):
        if not self.period.is_valid():
            return self._bad_period()
        form = RefreezeForm(request.POST)
        if form.is_valid():
            quarter = self.period.cleaned_data["quarter"]
            try:
                refreeze(quarter, request.user, form.cleaned_data["reason"])
            except RefreezeRefused as refused:
                form.add_error("reason", str(refused))
            else:
                messages.success(
                    request,
                    gettext("The figures of %(quarter)s are frozen again.") % {"quarter": quarter},
                )
                return redirect(f"{reverse('connecting_impact:report')}?{self.period.query}")
        return self.page(form, 400)
