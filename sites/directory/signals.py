"""What happened in the directory, said to the apps above it that follow on.

The directory never imports the apps that use it (.importlinter): where one of them must
act on a directory event, the directory sends one of these and that app receives it
(connected in its apps.py). Sent with ``send``, so a receiver's error reaches the sender
as a direct call's would.
"""

from django.dispatch import Signal

# A visitor reported a listing or an event with "Something about it worries me"
# (``report``, a saved ListingReport; ``borough``): the community's safeguarding service
# opens a case for it (sites/community/services/safeguarding.py).
listing_concern_reported = Signal()
