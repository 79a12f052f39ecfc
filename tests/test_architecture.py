"""The rules the layout stands on, checked on every test run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

VENV_BIN = Path(sys.executable).parent


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VENV_BIN / tool), *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600
    )


def test_core_never_imports_qt_or_the_gui() -> None:
    result = _run("lint-imports", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = _run("ruff", "check", "qenex_desktop", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_float_reaches_money_code() -> None:
    """Money is int base units; float( in the ledger, the AMM or the validation is a bug."""
    money_modules = [
        PROJECT_ROOT / "qenex_desktop/core/validation.py",
        PROJECT_ROOT / "qenex_desktop/core/db/types.py",
        *sorted((PROJECT_ROOT / "qenex_desktop/core").glob("amm.py")),
        *sorted((PROJECT_ROOT / "qenex_desktop/core/exchange").glob("*.py")),
    ]
    offenders = [str(p) for p in money_modules if p.exists() and "float(" in p.read_text()]
    assert offenders == []
