"""The project folder is called platform/, but must never shadow Python's platform module."""

import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_standard_platform_module_works_inside_the_running_project():
    import platform

    assert platform.system()  # would fail if platform/ were imported instead
    assert Path(platform.__file__).parent == Path(sysconfig.get_paths()["stdlib"])


def test_manage_py_from_the_repository_root_still_gets_the_standard_module():
    # manage.py puts the repository root first on sys.path: the classic way to shadow.
    completed = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "import platform, connectdo; print(platform.system(), platform.python_version(), "
            "connectdo.__name__)",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    system, version, project = completed.stdout.strip().splitlines()[-1].split()
    assert system == "Linux"
    assert version.startswith("3.11")
    assert project == "connectdo"
