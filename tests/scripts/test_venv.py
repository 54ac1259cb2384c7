"""scripts/_venv.sh: scripts/test and scripts/songbot share one .venv without reinstalling it
each time they take turns, and a fresh clone still installs requirements/main.txt."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def checkout(tmp_path: Path) -> Path:
    """A clone with the real _venv.sh, small lock files and a .venv whose pip only logs."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "_venv.sh", tmp_path / "scripts")
    runner = tmp_path / "scripts" / "ensure"
    runner.write_text('. "$(dirname "$0")/_venv.sh"\nensure_venv "$@"\n')
    (tmp_path / "requirements").mkdir()
    for lock in ("main", "dev"):
        (tmp_path / "requirements" / f"{lock}.txt").write_text(f"# {lock}\n")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path / "pip.log"}\n')
    python.chmod(0o755)
    return tmp_path


def installs(clone: Path, *locks: str) -> list[str]:
    """The lock files pip installed from while ensuring ``locks``."""
    log = clone / "pip.log"
    log.unlink(missing_ok=True)
    files = [f"requirements/{lock}.txt" for lock in locks]
    subprocess.run(  # noqa: S603 - our own arguments
        ["/bin/sh", str(clone / "scripts" / "ensure"), *files],
        check=True, env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable},
        capture_output=True,
    )  # fmt: skip
    lines = log.read_text().splitlines() if log.exists() else []
    return [Path(line.split(" -r ")[1]).stem for line in lines if " -r " in line]


def test_taking_turns_installs_once(tmp_path: Path) -> None:
    clone = checkout(tmp_path)
    songbot, test = ("main", "dev"), ("dev",)
    assert installs(clone, *songbot) == ["main"]  # a fresh clone: main.txt
    assert installs(clone, *test) == ["dev"]
    assert installs(clone, *songbot) == []  # dev.txt covers main.txt
    assert installs(clone, *test) == []
    (clone / "requirements" / "dev.txt").write_text("# dev, changed\n")
    assert installs(clone, *songbot) == ["main"]  # what was installed is no longer current
    assert installs(clone, *test) == ["dev"]
