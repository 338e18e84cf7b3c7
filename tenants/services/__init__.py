"""Borough life cycle: launch, retire (with export) and restore.

Commands, the platform console and tests all call these functions; none of this logic
lives in models, signals or views.
"""

from .errors import BoroughError, LaunchError
from .launch import LaunchRequest, launch_borough, validate_launch_request
from .retire import restore_borough, retire_borough

__all__ = [
    "BoroughError",
    "LaunchError",
    "LaunchRequest",
    "launch_borough",
    "restore_borough",
    "retire_borough",
    "validate_launch_request",
]
