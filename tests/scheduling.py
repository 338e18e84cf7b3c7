"""How ``make test`` spreads the tests over its xdist workers (``-n 2 --dist loadgroup
--no-loadscope-reorder``).

Each file runs on one worker, so its module fixtures are made once; the browser tests all
run on one worker, which launches their content boroughs and server once
(tests/accessibility). The longest groups are handed out first: by xdist's own order
(most tests first), a lone 100-second test came last, and one worker ran it while the
other had finished.
"""

import pytest

# Groups whose tests take longest in all, in seconds on a 2-core machine (``--durations``,
# December 2026); every other group counts a second a test. A wrong figure costs only time.
GROUP_SECONDS = {
    "accessibility": 315,
    "tests/directory/test_openreferral.py": 170,
    "tests/test_scale_bench.py": 100,
    "tests/search/test_community.py": 89,
    "tests/sites/test_seed_demo.py": 75,
    "tests/test_settings.py": 52,
    "tests/tenants/test_migrate_boroughs.py": 46,
    "tests/operations/test_short_load.py": 43,
    "tests/search/test_pages.py": 34,
    "tests/search/test_compaction.py": 30,
    "tests/test_seeds.py": 34,
    "tests/directory/test_things_to_do.py": 30,
    "tests/directory/test_openreferral_languages.py": 22,
}


def group_of(config, item) -> str:
    """A test's xdist group: its file, or "accessibility" for every browser test."""
    path = item.path.relative_to(config.rootpath).as_posix()
    return "accessibility" if path.startswith("tests/accessibility/") else path


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Each test marked with its group. ``tryfirst``: xdist reads the marks in its own
    hook of the same name, which would otherwise run first and find none."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        item.add_marker(pytest.mark.xdist_group(group_of(config, item)))


class _LongestGroupsFirst:
    """``trylast``: after pytest-django's own sort (database tests before transactional
    ones), which would otherwise undo this order; its order stays within each group."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        groups = {item: group_of(config, item) for item in items}
        sizes: dict[str, int] = {}
        for group in groups.values():
            sizes[group] = sizes.get(group, 0) + 1
        items.sort(key=lambda item: -GROUP_SECONDS.get(groups[item], sizes[groups[item]]))


def pytest_configure(config):
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_LongestGroupsFirst(), "longest-groups-first")


def pytest_collection_finish(session):
    """On a worker of ``--dist loadgroup``, xdist names each test's group in its node id;
    without it, a file's tests are spread over workers and its module fixtures are made
    twice, silently. Stop instead."""
    if getattr(session.config, "workerinput", None) is None:
        return
    if not session.config.getvalue("loadgroup"):
        return
    ungrouped = [item.nodeid for item in session.items if "@" not in item.nodeid]
    if ungrouped:
        raise pytest.UsageError(
            f"pytest-xdist did not group {len(ungrouped)} tests by file (first: {ungrouped[0]}); "
            "check the pytest and pytest-xdist versions in requirements/test.txt"
        )
