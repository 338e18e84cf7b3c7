class BoroughError(Exception):
    """A borough operation was refused or failed; the message is for the operator."""

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class LaunchError(BoroughError):
    """Launching failed at ``step``; everything already done was undone."""

    def __init__(self, message: str, *, step: str | None = None, field_errors=None):
        super().__init__(message, field_errors=field_errors)
        self.step = step
