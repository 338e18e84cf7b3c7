"""Numbers read from addresses and forms: only 0 to 9 make one."""

import pytest

from sites.core.numbers import is_phone_number, whole_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12), ("007", 7), ("0", 0), ("²", None), ("٣", None), ("-1", None), (" 1", None)]
    + [("1.5", None), ("", None), (None, None), ("1e3", None)],
)
def test_only_the_digits_0_to_9_make_a_whole_number(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize(
    ("text", "taken"),
    [("07700 900123", True), ("020 7946 0000", True), ("+44 (0)20 7946 0000", True)]
    + [("----------", False), ("((((((((((", False), ("2026-02-30", False)]
    + [("0770 0900 1234 5678", False), ("٠٧٧٠٠٩٠٠١٢٣", False)],
)
def test_a_phone_number_needs_10_to_15_digits(text, taken):
    assert is_phone_number(text) is taken
