"""The contracts' own checks run inside the one pytest run: the Hardhat tests and the artifact check."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.hardhat_node import PROJECT_ROOT, contracts_dir

pytestmark = [pytest.mark.hardhat, pytest.mark.slow]

#: contracts/test declared this many tests when this check was written: a count below it means the
#: files were not found or tests were deleted, not that fewer tests passing is fine.
KNOWN_MINIMUM_TESTS = 48


def qxc_artifact_path() -> Path:
    return PROJECT_ROOT / "qenex_desktop" / "core" / "chain" / "artifacts" / "QXCToken.json"


def _npm(build_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``npm run ARGS`` in contracts/, building into ``build_dir`` (not the shared contracts/artifacts)."""
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm (Node.js) is not installed: the contract tests need Node.js 20 (make setup)")
    return subprocess.run(
        [npm, "run", *args],
        cwd=contracts_dir(),
        env={**os.environ, "QXC_BUILD_DIR": str(build_dir), **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("contracts-build")


def test_shipped_artifact_matches_a_fresh_compile(build_dir: Path) -> None:
    result = _npm(build_dir, "check-artifact")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (build_dir / "artifacts" / "contracts" / "QXCToken.sol" / "QXCToken.json").exists()


def test_artifact_check_fails_on_an_artifact_that_differs(build_dir: Path, tmp_path: Path) -> None:
    shipped = json.loads(qxc_artifact_path().read_text("utf-8"))
    tampered = {
        **shipped,
        "bytecode": shipped["bytecode"][:-2] + ("00" if shipped["bytecode"][-2:] != "00" else "01"),
    }
    copy = tmp_path / "QXCToken.json"
    copy.write_text(json.dumps(tampered, indent=2) + "\n", "utf-8")
    result = _npm(build_dir, "check-artifact", env={"QXC_ARTIFACT_PATH": str(copy)})
    assert result.returncode != 0
    assert "differs from a fresh compile in: bytecode" in result.stderr


def mocha_tally(output: str) -> dict[str, int]:
    """Mocha's closing lines ("48 passing (4s)", "2 pending", "1 failing") as {word: count}."""
    return {word: int(n) for n, word in re.findall(r"^\s*(\d+) (passing|pending|failing)\b", output, re.M)}


def declared_tests() -> int:
    """The ``it(`` calls in contracts/test: each is one mocha test (none is made in a loop);
    ``it.skip``/``xit`` are not counted, so a skipped test shows as one passing too few."""
    files = sorted((contracts_dir() / "test").glob("*.js"))
    return sum(len(re.findall(r"(?<![\w.])it\(", f.read_text("utf-8"))) for f in files)


def test_mocha_tally_reads_the_closing_lines() -> None:
    assert mocha_tally("  ✔ a\n\n  0 passing (2ms)\n") == {"passing": 0}
    assert mocha_tally("  46 passing (4s)\n  1 pending\n  1 failing\n\n  1) QXCToken\n") == {
        "passing": 46,
        "pending": 1,
        "failing": 1,
    }


def test_contracts_hardhat_suite_passes(build_dir: Path) -> None:
    """Every declared test ran and passed: an exit code of 0 alone also fits a run of 0 tests."""
    result = _npm(build_dir, "test")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    declared = declared_tests()
    assert declared >= KNOWN_MINIMUM_TESTS
    assert mocha_tally(result.stdout) == {"passing": declared}, result.stdout[-5000:]
