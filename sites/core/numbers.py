"""Numbers typed into addresses and forms, read the one safe way."""


def whole_number(text: str | None) -> int | None:
    """``text`` as a whole number if it is only the digits 0 to 9, else None.

    ``str.isdigit`` is also true of "²" and other digits ``int`` refuses, so checking
    with it and then converting turns odd input into a server error.
    """
    text = text or ""
    return int(text) if text.isascii() and text.isdigit() else None
