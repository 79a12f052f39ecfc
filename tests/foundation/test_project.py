"""The two-command promise of the README, and CI running exactly the README's test command."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from tests.conftest import PROJECT_ROOT


def _readme_setup_commands() -> list[str]:
    text = (PROJECT_ROOT / "README.md").read_text()
    section = text.split("## Set up and run", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_readme_names_two_commands_one_to_run_one_to_test() -> None:
    assert _readme_setup_commands() == ["make run", "make test"]


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = PROJECT_ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK)
    commands = [
        line.strip()
        for line in ci.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#") and not line.startswith(("set ", "cd "))
    ]
    assert commands == [_readme_setup_commands()[1]]
    assert "set -euo pipefail" in ci.read_text()


def test_make_targets_set_up_first_then_run_the_app_or_every_test() -> None:
    for target, setup, command in (
        ("run", "scripts/setup.sh", ".venv/bin/qenex-desktop"),
        ("test", "scripts/setup.sh --tests", "scripts/test.sh"),
    ):
        env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
        dry = subprocess.run(
            ["make", "-n", "--no-print-directory", target],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert dry.returncode == 0, dry.stderr
        lines = dry.stdout.strip().splitlines()
        assert lines == [setup, command]


def test_the_test_command_fails_when_a_test_fails(tmp_path: Path) -> None:
    (tmp_path / "test_outcome.py").write_text(
        "def test_fails():\n    assert 1 == 2\n\ndef test_ok():\n    pass\n"
    )
    failing = subprocess.run(
        [str(PROJECT_ROOT / "scripts" / "test.sh"), str(tmp_path), "-q", "-p", "no:cacheprovider"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failing.returncode == 1, failing.stdout
    assert re.search(r"1 failed, 1 passed", failing.stdout)
    passing = subprocess.run(
        [
            str(PROJECT_ROOT / "scripts" / "test.sh"),
            str(tmp_path),
            "-q",
            "-p",
            "no:cacheprovider",
            "-k",
            "ok",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert passing.returncode == 0, passing.stdout


def test_setup_installs_from_the_project_files() -> None:
    """pip from pyproject (with the test extras), npm ci from the contracts' lock file."""
    setup = (PROJECT_ROOT / "scripts" / "setup.sh").read_text()
    assert "pip install --quiet -e '.[test]'" in setup
    assert "npm ci" in setup and "contracts/package-lock.json" in setup
    assert (PROJECT_ROOT / "contracts" / "package-lock.json").exists()
