"""The frozen bundle and the Linux installers, built once per test run (``packaging/build_release.py``).

The build is reused when build/packaging-stamp.json records the same source hash, so a test run right
after ``make package`` (or a second test run) does not build again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

BUILD_SCRIPT = PROJECT_ROOT / "packaging" / "build_release.py"
#: Building takes minutes on two shared cores; the tests that need it get this long.
BUILD_TIMEOUT_S = 1800


@dataclass(frozen=True)
class Release:
    version: str
    bundle: Path
    summary: dict[str, object]

    @property
    def deb(self) -> Path:
        return Path(str(self.installers()["deb"]))

    @property
    def tarball(self) -> Path:
        return Path(str(self.installers()["tar.gz"]))

    def installers(self) -> dict[str, object]:
        made = self.summary["installers"]
        assert isinstance(made, dict)
        return made


@pytest.fixture(scope="session")
def release() -> Release:
    if not sys.platform.startswith("linux"):
        pytest.skip("the bundle tests build the Linux bundle and .deb (Windows/macOS: CI workflow)")
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--reuse"],
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        cwd=PROJECT_ROOT,
    )
    assert result.returncode == 0, f"the build failed:\n{result.stderr[-4000:]}"
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    return Release(version=str(summary["version"]), bundle=Path(str(summary["bundle"])), summary=summary)


def run(
    program: Path | str,
    args: Sequence[str],
    *,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run a frozen program with a clean environment: no source tree or venv on its paths."""
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    clean.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.run(
        [str(program), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**clean, **(env or {})},
        cwd="/",
    )


@pytest.fixture
def scratch_root(release: Release, tmp_path: Path) -> Iterator[Path]:
    """A directory with an empty dpkg database, the .deb installed into it with dpkg --root."""
    if shutil.which("dpkg") is None:
        pytest.skip("dpkg is not installed")
    root = tmp_path / "root"
    admin = root / "var" / "lib" / "dpkg"
    for folder in ("info", "updates", "triggers"):
        (admin / folder).mkdir(parents=True)
    for file in ("status", "available"):
        (admin / file).touch()
    # --force-depends: the scratch root has no libc or Qt system libraries registered; the real ones
    # on this machine are what the installed programs load. --force-not-root: the same test works
    # for a developer who is not root (no maintainer scripts need root: the package has none).
    installed = subprocess.run(
        [
            "dpkg",
            f"--root={root}",
            "--force-depends",
            "--force-not-root",
            "--log=/dev/null",
            "--install",
            str(release.deb),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr
    yield root
    shutil.rmtree(root, ignore_errors=True)  # 220 MB each: pytest keeps the last runs' tmp dirs
