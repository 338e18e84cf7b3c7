"""The import contracts (.importlinter) and "no import cycles in sites/" hold for the real
code, and each check fails when a forbidden import is put back into a copy of it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["sites", "tenants", "search", "themes", "platform/connectdo"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 -- our own tool, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / ".importlinter")],
        cwd=root,
        env={"PYTHONPATH": f"{root}:{root / 'platform'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


# Run apart: this process has imported the real packages, which grimp would find first.
CYCLES = """
import sys
import grimp
graph = grimp.build_graph(sys.argv[1], cache_dir=None)
for importer in sorted(graph.modules):
    if ".migrations" in importer:
        continue
    for imported in sorted(graph.find_modules_directly_imported_by(importer)):
        if graph.find_shortest_chain(importer=imported, imported=importer):
            print(importer, imported)
"""


def import_cycles(root: Path, package: str = "sites") -> list[tuple[str, str]]:
    """Each direct import a -> b inside ``package`` that b leads back to a (a cycle),
    counting imports placed inside functions too."""
    result = subprocess.run(  # noqa: S603 -- our own interpreter, fixed arguments
        [sys.executable, "-c", CYCLES, package],
        cwd=root,
        env={"PYTHONPATH": f"{root}:{root / 'platform'}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return [tuple(line.split()) for line in result.stdout.splitlines()]


@pytest.fixture
def code_copy(tmp_path):
    """The Python code and the contracts, copied where a test may break them."""

    def python_only(folder, names):
        return [n for n in names if not n.endswith(".py") and not (Path(folder) / n).is_dir()]

    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=python_only)
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def add_import(root: Path, module_path: str, line: str) -> None:
    path = root / module_path
    path.write_text(path.read_text() + f"\n{line}\n")


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_sites_has_no_import_cycles():
    assert import_cycles(ROOT) == []


def test_directory_importing_community_breaks_the_contract(code_copy):
    add_import(code_copy, "sites/directory/selectors.py", "from sites.community import models")
    result = lint_imports(code_copy)
    assert result.returncode != 0
    assert "Inside sites, apps import downwards" in result.stdout
    assert "BROKEN" in result.stdout


def test_tenants_importing_sites_breaks_the_layers(code_copy):
    add_import(code_copy, "tenants/services/launch.py", "from sites.core import setup")
    result = lint_imports(code_copy)
    assert result.returncode != 0
    assert "Layers import one way" in result.stdout


def test_a_model_importing_its_views_is_a_cycle(code_copy):
    # What used to tie 35 modules together: models -> routes -> views -> models.
    add_import(
        code_copy, "sites/community/models/pages.py", "from sites.community.groups import views"
    )
    cycles = import_cycles(code_copy)
    assert ("sites.community.models.pages", "sites.community.groups.views") in cycles
