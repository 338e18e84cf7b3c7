"""A test run prints its seed, and ``--seed`` replays what random, Faker and factory-boy drew.

Runs a tiny separate pytest session (no database) with the plugin of tests/seeds.py.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

DRAWS = """
import random

import factory
from faker import Faker


class Person(factory.Factory):
    class Meta:
        model = dict

    name = factory.Faker("name")
    number = factory.fuzzy.FuzzyInteger(0, 10**9)


def test_draws():
    print("DRAWN", random.random(), Faker().email(), Person())


def test_other_draws():
    print("OTHER", random.random())
"""


@pytest.fixture
def inner_suite(tmp_path):
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.seeds"]\n')
    (tmp_path / "test_draws.py").write_text("import factory.fuzzy\n" + DRAWS)
    return tmp_path


def run(suite: Path, *args: str) -> str:
    paths = [str(REPO), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in paths if path)}
    env.pop("TEST_SEED", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "pytest", "-s", "-p", "no:django", "-p", "no:cacheprovider"]
        + ["-p", "no:xdist", "--rootdir", str(suite), *args, str(suite)],
        cwd=suite,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def drawn(output: str, label: str = "DRAWN") -> str:
    return re.search(rf"^.*{label} (.*)$", output, re.MULTILINE).group(1)


def test_a_run_prints_its_seed_and_the_seed_replays_it(inner_suite):
    first = run(inner_suite)
    seed = re.search(r"random seed: (\d+) \(.*replay with --seed=\1\)", first).group(1)
    replay = run(inner_suite, f"--seed={seed}")
    assert drawn(replay) == drawn(first)
    assert drawn(replay, "OTHER") == drawn(first, "OTHER")


def test_each_test_draws_the_same_alone_as_in_the_whole_run(inner_suite):
    whole = run(inner_suite, "--seed=7")
    alone = run(inner_suite, "--seed=7", "-k", "test_draws")
    assert drawn(alone) == drawn(whole)
    assert drawn(whole).split()[0] != drawn(whole, "OTHER")  # tests differ from each other


def test_another_seed_draws_other_values(inner_suite):
    assert drawn(run(inner_suite, "--seed=7")) != drawn(run(inner_suite, "--seed=8"))
