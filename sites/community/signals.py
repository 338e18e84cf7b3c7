"""What happened in the community, said by the service that did it to those that follow on.

Services call one another in one direction (discussions, events and groups use moderation;
safeguarding uses moderation). Where moderation's decision must reach a service above it,
it sends one of these and that service receives it (connected in apps.py). Sent with
``send``, so a receiver's error reaches the sender as a direct call's would.
"""

from django.dispatch import Signal

# A report about a safety worry was filed (``report``, ``opened_by``, ``borough``):
# services/safeguarding.py opens a case for it.
safety_report_filed = Signal()

# A held post was approved and members can now see it (``post``, ``borough``):
# services/discussions.py brings the discussion up and tells its author.
held_post_approved = Signal()
