"""The order in which ``make test`` hands groups of tests (a file, or all the browser
tests) to its xdist workers: the longest first. By xdist's own order (most tests first),
a lone 100-second test came last, and one worker ran it while the other had finished.
``make test`` passes ``--no-loadscope-reorder`` so that xdist keeps this order.
"""

import pytest

# Groups whose tests take longest in all, in seconds on a 2-core machine (``--durations``,
# December 2026); every other group counts a second a test. A wrong figure costs only time.
GROUP_SECONDS = {
    "accessibility": 315,
    "tests/directory/test_openreferral.py": 263,
    "tests/test_scale_bench.py": 100,
    "tests/search/test_community.py": 89,
    "tests/sites/test_seed_demo.py": 75,
    "tests/search/test_pages.py": 74,
    "tests/directory/test_things_to_do.py": 58,
    "tests/test_settings.py": 52,
    "tests/tenants/test_migrate_boroughs.py": 46,
    "tests/operations/test_short_load.py": 43,
    "tests/test_seeds.py": 34,
    "tests/directory/test_openreferral_languages.py": 34,
}


def group_of(config, item) -> str:
    """A test's xdist group: its file, or "accessibility" for every browser test."""
    path = item.path.relative_to(config.rootpath).as_posix()
    return "accessibility" if path.startswith("tests/accessibility/") else path


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """``trylast``: after pytest-django's own sort (database tests before transactional
    ones), which would otherwise undo this; its order stays within each group."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    groups = {item: group_of(config, item) for item in items}
    sizes: dict[str, int] = {}
    for group in groups.values():
        sizes[group] = sizes.get(group, 0) + 1
    items.sort(key=lambda item: -GROUP_SECONDS.get(groups[item], sizes[groups[item]]))
