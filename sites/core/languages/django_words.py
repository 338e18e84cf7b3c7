"""Django's own words that our readers meet, gathered into our catalogues.

Django has no Somali catalogue, so a Somali reader got English for the month of a
date ("Sabti 12 December") and for the few form messages a pasted or crafted value
can still meet (locale/en_GB says them in our plain words). ``make messages`` gathers
these msgids from here into every language's catalogue, where they are translated like
our own; a catalogue in LOCALE_PATHS comes before Django's, so every reader gets the
same plain words. Nothing calls this module: it is read by ``makemessages`` only.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

FORM_MESSAGES = (
    gettext_noop("This field is required."),
    gettext_noop("Null characters are not allowed."),
    # The plain message does not repeat the crafted value.
    # xgettext:no-python-format
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)

# "F" in a date format ("25 November 2026"); xgettext reads literals only.
MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)

# "E": the month as a date says it (Polish "1 grudnia"), which our dates use.
MONTHS_IN_A_DATE = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
