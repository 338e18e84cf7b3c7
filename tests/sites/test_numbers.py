"""Numbers read from addresses and forms: only 0 to 9 make one."""

import pytest

from sites.core.numbers import whole_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12), ("007", 7), ("0", 0), ("²", None), ("٣", None), ("-1", None), (" 1", None)]
    + [("1.5", None), ("", None), (None, None), ("1e3", None)],
)
def test_only_the_digits_0_to_9_make_a_whole_number(text, number):
    assert whole_number(text) == number
