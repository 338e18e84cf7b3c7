"""Private messages in the Wagtail admin, for those who work the moderation queue.

A moderator sees a conversation only through a report about one of its messages, and
each opening is written to the moderation log. A held message (from a member not trusted
yet, or one that may share contact details) is shown alone, to pass on or not; passing
it on can also trust its writer, as a post's page can.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sites.community.models import Message, Report, SafeguardingCase
from sites.community.moderation.views import ModerationView, _member_context
from sites.community.services import moderation

from . import services

TEMPLATES = "community/moderation/"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", gettext_lazy("Pass it on")),
            ("approve-trust", gettext_lazy("Pass it on and trust the member")),
            ("reject", gettext_lazy("Do not pass it on")),
            ("hide", gettext_lazy("Hide it")),
        ]
    )
    note = forms.CharField(required=False, max_length=2000)
    report = forms.IntegerField(required=False)


class MessageModerationView(ModerationView):
    """Only those who may read private messages: Moderators and Borough admins, never
    Editors (the writer is told only a moderator will see it)."""

    allowed = staticmethod(moderation.can_read_messages)


class ReportedConversationView(MessageModerationView):
    """The conversation of a reported message (the admin's report page sends them here)."""

    page_title = gettext_lazy("A reported private message")
    template_name = TEMPLATES + "message_report.html"

    def get_context_data(self, **kwargs):
        report = get_object_or_404(
            Report.objects.select_related(
                "message__conversation", "reporter__member_profile", "reported_member"
            ),
            pk=self.kwargs["report_id"],
            message__isnull=False,
        )
        return super().get_context_data(
            **_member_context(report.reported_member),
            report=report,
            message=report.message,
            conversation=services.open_reported_conversation(self.request.user, report),
            case=SafeguardingCase.objects.filter(report=report).first(),
            sees_cases=moderation.can_see_cases(self.request.user),
            **kwargs,
        )


class HeldMessageView(MessageModerationView):
    page_title = gettext_lazy("A private message waiting for a moderator")
    template_name = TEMPLATES + "message_held.html"

    def get_context_data(self, **kwargs):
        # Only a message that was held: any other is seen only through a report.
        message = get_object_or_404(
            Message.objects.exclude(held_because=Message.HeldBecause.NONE).select_related(
                "sender__member_profile"
            ),
            pk=self.kwargs["message_id"],
        )
        return super().get_context_data(
            **_member_context(message.sender), message=message, **kwargs
        )


class DecideMessageView(MessageModerationView):
    http_method_names = ["post"]

    def post(self, request, message_id):
        message = get_object_or_404(Message, pk=message_id)
        form = DecisionForm(request.POST)
        valid = form.is_valid()  # cleaned_data then holds the fields that are right
        report_id = form.cleaned_data.get("report")
        report = Report.objects.filter(pk=report_id, message=message).first() if report_id else None
        if report_id and report is None:
            valid = False  # a report, but not of this message (or none at all)
        back = (
            redirect("community_message_report", report.pk)
            if report
            else redirect("community_message_held", message.pk)
        )
        if not valid:
            messages.error(request, _("Nothing was done. Choose what to do with the message."))
            return back
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "hide" and report is None:
                raise moderation.ModerationError(_("Only a reported message can be hidden."))
            if decision in ("approve", "approve-trust"):
                # Both or neither: a member who cannot be trusted leaves the message held.
                with transaction.atomic():
                    services.approve_message(
                        request.user, message, note=note, borough=request.borough
                    )
                    done = _("The message is passed on.")
                    if decision == "approve-trust" and message.sender is not None:
                        moderation.trust_member(
                            request.user, message.sender, note=note, borough=request.borough
                        )
                        done += " " + _("The member is trusted now.")
            elif decision == "reject":
                services.reject_message(request.user, message, note=note)
                done = _("The message will not be passed on.")
            else:
                services.hide_message(request.user, message, note=note, report=report)
                done = _("The message is hidden.")
        except moderation.ModerationError as error:
            messages.error(request, str(error))
            return back
        messages.success(request, done)
        return redirect("community_moderation_queue")
