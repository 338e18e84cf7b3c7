"""The order ``make test`` hands groups to its workers names groups that exist: a file
renamed or removed would otherwise keep its place in GROUP_SECONDS while its tests fell
back to the end of the queue, and the run would grow longer without anyone noticing."""

from pathlib import Path

from django.conf import settings

from tests.scheduling import GROUP_SECONDS


def test_every_group_given_a_duration_is_a_test_file_or_the_browser_tests():
    root = Path(settings.BASE_DIR)
    missing = [
        group
        for group in GROUP_SECONDS
        if not (root / ("tests/accessibility" if group == "accessibility" else group)).exists()
    ]
    assert missing == []
