"""Private messages between members who share a group or an event (issue 17).

- ``rules.py``: who may write to whom (shared context, the recipient's setting, blocks);
- ``services.py``: starting a conversation, sending, holding, reading, moderators' decisions;
- ``selectors.py``: what a member sees of their conversations;
- ``notify.py``: the email about a new message (never its text, once an hour at most);
- ``privacy.py``: export and erasure; ``demo.py``: demo conversations;
- ``views.py``, ``forms.py``, ``urls.py`` (public pages under /messages/) and
  ``admin_views.py`` (a reported conversation and held messages, for moderators).

See docs/messages.md.
"""
