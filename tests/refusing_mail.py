"""A mail server that refuses some addresses (``REFUSED``) and delivers the rest to the
test outbox: for jobs that must retry only the emails that did not go.

    settings.EMAIL_BACKEND = "tests.refusing_mail.RefusingBackend"
    REFUSED.add("lead@example.org")

``STOP_AT`` addresses make the job stop there, as if its process died (``Stopped`` is no
``Exception``, so nothing in the job catches it); ``BEFORE_SEND`` holds a function
called once, before the next email goes (another run starting at that moment).
"""

import smtplib

from django.core.mail.backends.locmem import EmailBackend

REFUSED: set[str] = set()
STOP_AT: set[str] = set()
BEFORE_SEND: list = []


class Stopped(BaseException):
    """The job's process ended mid-way (killed, a deploy): not an error it can catch."""


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        while BEFORE_SEND:
            BEFORE_SEND.pop()()
        for message in messages:
            if STOP_AT & set(message.to):
                raise Stopped(message.to)
            refused = {address: (550, b"refused") for address in message.to if address in REFUSED}
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)
