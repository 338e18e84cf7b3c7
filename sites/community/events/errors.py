"""What cannot be done with an event, in plain words (raised by services/events/ and the
reads in events/permissions.py and events/places.py)."""


class EventError(Exception):
    """What someone asked for cannot be done; the message says why, in plain words."""


class AttendanceError(EventError):
    """'I'm going' cannot be done (not signed in, paused, event over...)."""
