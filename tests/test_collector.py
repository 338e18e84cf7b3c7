"""A web worker freezes what it holds once the application is loaded, so Python's full
garbage collections stop walking it (platform/connectdo/collector.py)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

COUNT = """
import gc
before = gc.get_freeze_count()
import connectdo.wsgi
print(before, gc.get_freeze_count())
"""


def test_loading_the_production_entry_point_freezes_the_loaded_application():
    """In a process of its own, as a gunicorn worker loads it: nothing frozen before the
    entry point is imported, the whole loaded application (well over 100,000 objects:
    Django, Wagtail, our apps) frozen after, and so before any request is served."""
    env = {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{REPO / 'platform'}"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "connectdo.settings.test")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", COUNT], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    before, after = map(int, done.stdout.split()[-2:])
    assert before == 0
    assert after > 100_000
