"""How often one visitor may send the directory's public forms (counted in Redis).

Only forms that pass every other check count, so a person correcting a mistake is
never held back. A library's public computers share one address, so the limits are
generous; they stop a robot or a person flooding the Editors' inboxes.
"""

from sites.core.ratelimit import check_rate, client_ip

# (most sends, in this many seconds) from one address.
RATE_LIMITS = {
    "report-listing": (10, 60 * 60),
    "list-organisation": (5, 60 * 60),
}


def limit(scope: str, request) -> None:
    """Count one send from ``request``'s address; raises RateLimited when over the limit."""
    most, period = RATE_LIMITS[scope]
    check_rate(scope, client_ip(request), most, period)
