"""The contracts' own checks run inside the one pytest run: the Hardhat tests and the artifact check."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.hardhat_node import contracts_dir

pytestmark = [pytest.mark.hardhat, pytest.mark.slow]


def _npm(*args: str) -> subprocess.CompletedProcess[str]:
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm (Node.js) is not installed: the contract tests need Node.js 20 (make setup)")
    return subprocess.run(
        [npm, "run", *args], cwd=contracts_dir(), capture_output=True, text=True, timeout=600, check=False
    )


def test_shipped_artifact_matches_a_fresh_compile() -> None:
    result = _npm("check-artifact")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_contracts_hardhat_suite_passes() -> None:
    result = _npm("test")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
