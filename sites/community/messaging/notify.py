"""The email about a new private message.

It never holds the message's words (nor who wrote it): only that there is a message, and
a link. At most one email per conversation per hour to each member: the conversation's
``one_emailed_at``/``two_emailed_at`` is claimed with one conditional UPDATE, so two
messages at once still send one email. The member's "new private messages" switch
(``notify_messages``) and the one-click unsubscribe work as for every notification.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sites.community.models import Conversation
from sites.community.services import blocking, notifications
from sites.community.services.language import in_language_of

EMAIL_EVERY = datetime.timedelta(hours=1)


def conversation_path(conversation) -> str:
    return reverse("messaging:conversation", args=[conversation.pk])


def _claim(conversation, recipient, now) -> bool:
    """Take this hour's email for ``recipient`` in ``conversation`` (False: sent already)."""
    field = "one_emailed_at" if recipient.pk == conversation.member_one_id else "two_emailed_at"
    due = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": now - EMAIL_EVERY})
    return bool(Conversation.objects.filter(due, pk=conversation.pk).update(**{field: now}))


def tell_recipient(message, recipient, *, borough=None, now=None) -> bool:
    """Email ``recipient`` that a message arrived, if they want it and none went out this
    hour for this conversation. True if an email was sent."""
    from .rules import messaging_enabled

    if not messaging_enabled() or not notifications.wants(recipient, "messages"):
        return False
    if blocking.blocked_either_way(message.sender, recipient):
        return False  # shown hidden to the member who blocked: nothing to tell them
    now = now or timezone.now()
    if not _claim(message.conversation, recipient, now):
        return False
    borough = borough or notifications.current_borough()
    with in_language_of(recipient):  # the link too: in the language of the email
        link = notifications.absolute_url(borough, conversation_path(message.conversation))
        words = {"borough": borough.name, "link": link}
        return notifications.notify(
            borough,
            recipient,
            "messages",
            _("You have a new message – Connect & Do %(borough)s") % words,
            _(
                "Hello,\n\n"
                "Someone has sent you a private message on Connect & Do %(borough)s.\n\n"
                "To read it, sign in and open this link:\n%(link)s\n\n"
                "We will not email you about this conversation again for an hour."
            )
            % words,
        )
