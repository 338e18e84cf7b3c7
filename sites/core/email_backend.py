"""Every email names the language it is written in (``Content-Language``), for mail
programs and screen readers. Ours say it as they are made (``tenants.emails.borough_email``);
Wagtail's own emails (workflow and comment notifications, made by
``wagtail.admin.mail.send_mail``) do not. ``NamesItsLanguage`` is the ``EMAIL_BACKEND``:
it adds the header to an email that lacks one, then hands every email to the backend
that delivers them (``EMAIL_DELIVERY_BACKEND``: SMTP, the console, the test outbox).

Wagtail writes each notification to one person, in their admin language
(``staff_language.wagtail_language``), and marks it ``Auto-Submitted: auto-generated``;
the header says that language. Any other email without one was written in the language
active as it is sent (Django makes and sends an email in one go).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection

from tenants.emails import content_language

from .staff_language import wagtail_language


def _written_in(message) -> str:
    """The language ``message`` is written in, as a ``Content-Language``."""
    wagtails = message.extra_headers.get("Auto-Submitted") == "auto-generated"
    in_a_borough = connection.schema_name != settings.PUBLIC_SCHEMA_NAME  # Wagtail's are there
    if wagtails and in_a_borough and len(message.recipients()) == 1:
        users = get_user_model().objects.filter(is_active=True, email__iexact=message.to[0])
        reader = users.order_by("pk").first()
        if reader is not None:
            return content_language(wagtail_language(reader))
    return content_language()


class NamesItsLanguage(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.delivery.open()

    def close(self):
        return self.delivery.close()

    def send_messages(self, email_messages):
        for message in email_messages:
            named = {name.lower() for name in message.extra_headers}
            if "content-language" not in named:
                message.extra_headers["Content-Language"] = _written_in(message)
        return self.delivery.send_messages(email_messages)
