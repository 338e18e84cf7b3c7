"""Lock files: every package, exact version and hash, made from requirements/*.txt.

    python3 infrastructure/locks.py compile   # make lock: (re)write requirements/*.lock
    python3 infrastructure/locks.py check     # make install: refuse a lock older than its input

The inputs (requirements/base.txt, demo.txt, test.txt, production.txt, tools.txt) pin
only what we chose; the locks pin everything they pull in, with hashes, for one Python
(3.11.7, the machine's) on x86-64 Linux, so every machine installs the same bytes
(`--require-hashes`). Compiling keeps the versions already in a lock unless an input
asks for another one (`uv pip compile` prefers the existing output file), so adding a
line to an input changes only what that line needs; `--upgrade` moves everything.
Each lock starts with the SHA-256 of its input (with the files it includes via `-r`),
which `check` compares: a lock never silently lags behind its input.

Standard library only: it runs before any virtualenv exists.
"""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements"
LOCKED = ["tools", "base", "production", "test"]
PYTHON_VERSION = "3.11.7"
PLATFORM = "x86_64-manylinux_2_28"
DIGEST_LINE = "# inputs-sha256: "


def inputs_digest(name: str) -> str:
    """SHA-256 of an input and, recursively, of every file it includes with ``-r``."""
    digest = hashlib.sha256()
    for path in _input_files(REQUIREMENTS / f"{name}.txt"):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _input_files(path: Path) -> list[Path]:
    files = [path]
    for line in path.read_text().splitlines():
        included = re.match(r"^\s*-r\s+(\S+)", line)
        if included:
            files += _input_files(path.parent / included.group(1))
    return files


def compile_locks(uv: str, extra: list[str]) -> None:
    for name in LOCKED:
        lock = REQUIREMENTS / f"{name}.lock"
        command = [uv, "pip", "compile", f"requirements/{name}.txt", "--quiet"]
        command += ["--generate-hashes", "--python-version", PYTHON_VERSION]
        command += ["--python-platform", PLATFORM, "--output-file", f"requirements/{name}.lock"]
        command += ["--custom-compile-command", "make lock", *extra]
        subprocess.run(command, cwd=REQUIREMENTS.parent, check=True)  # noqa: S603
        text = lock.read_text()
        lines = [line for line in text.splitlines(True) if not line.startswith(DIGEST_LINE)]
        lock.write_text(DIGEST_LINE + inputs_digest(name) + "\n" + "".join(lines))
        print(f"requirements/{name}.lock: {_count(lock)} packages")


def _count(lock: Path) -> int:
    return sum(1 for line in lock.read_text().splitlines() if re.match(r"^[A-Za-z0-9]", line))


def stale_locks() -> list[str]:
    """What is wrong with the locks, in words; empty when each matches its input."""
    problems = []
    for name in LOCKED:
        lock = REQUIREMENTS / f"{name}.lock"
        if not lock.exists():
            problems.append(f"requirements/{name}.lock is missing")
            continue
        first = lock.read_text().split("\n", 1)[0]
        if first != DIGEST_LINE + inputs_digest(name):
            problems.append(f"requirements/{name}.txt changed after requirements/{name}.lock")
    return problems


def main(argv: list[str]) -> int:
    if argv[:1] == ["compile"]:
        # compile [UV] [more uv arguments, e.g. --upgrade]
        given = len(argv) > 1 and not argv[1].startswith("-")
        compile_locks(argv[1] if given else "uv", argv[2:] if given else argv[1:])
        return 0
    if argv[:1] == ["check"]:
        problems = stale_locks()
        for problem in problems:
            print(f"{problem}: run `make lock` and commit the locks.", file=sys.stderr)
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
