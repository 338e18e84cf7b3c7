"""Limits on every door (docs/operations/rate-limits.md), part of ``base``."""

# Sign-ins (members, Wagtail admin, platform console) go through django-axes: failures only,
# per account and address, in PostgreSQL (so they hold while Redis is out), with a wait
# that grows with each failure instead of a lock. The policy is in sites/core/doors.py.
AUTHENTICATION_BACKENDS = [
    "sites.core.doors.DoorBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_FAILURE_LIMIT = "sites.core.doors.failure_limit"
AXES_COOLOFF_TIME = "sites.core.doors.remembered_for"
# A browser that signed in to the account before counts its failures on its own.
AXES_USERNAME_CALLABLE = "sites.core.doors.counted_key"
AXES_CLIENT_IP_CALLABLE = "sites.core.doors.client_address"
AXES_LOCKOUT_CALLABLE = "sites.core.doors.wait_response"
# Tries during a wait are refused unchecked and neither counted nor lengthen it; a
# success forgets only that account's failures from that address (doors.py does it).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = False
# Successful sign-ins are nobody's business: no log of them.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_SENSITIVE_PARAMETERS = ["username", "email", "ip_address", "csrfmiddlewaretoken"]
AXES_VERBOSE = False
