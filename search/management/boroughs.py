"""What search's commands share: ``--borough SLUG``, or every live borough."""

from django.core.management.base import CommandError

from ..services import boroughs_to_index

BOROUGH_HELP = "The borough's short name, such as lambeth."


def chosen_boroughs(options) -> list:
    """The borough named by ``--borough``, or every live borough; a clear error if none."""
    try:
        return boroughs_to_index(options["borough"])
    except LookupError as error:
        raise CommandError(str(error)) from error
