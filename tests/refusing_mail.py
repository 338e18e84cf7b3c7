"""A mail server that refuses some addresses (``REFUSED``) and delivers the rest to the
test outbox: for jobs that must retry only the emails that did not go.

    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    REFUSED.add("lead@example.org")
"""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSED: set[str] = set()


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = {address: (550, b"refused") for address in message.to if address in REFUSED}
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)
