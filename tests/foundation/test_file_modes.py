"""What the app keeps under the data dir is its user's only: folders 0700, files 0600 (issue 10 item 19,
issue 12 item 10).

Each test runs the real program (the core, the ``qenex`` CLI, the window) with a 022 umask, the usual
default that made ``logs/`` 0755 and ``qenex.log`` 0644 before.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from qenex_desktop.core.config import AppConfig
from tests.conftest import STRONG_PASSWORD, make_core

BIN = Path(sys.executable).parent
WIDE_UMASK = 0o022


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _everything_under(root: Path) -> Iterator[Path]:
    yield root
    yield from root.rglob("*")


def _wide_modes(root: Path) -> dict[str, str]:
    """Every path under ``root`` that others could read, with its mode (empty when all is private)."""
    wide = {}
    for path in _everything_under(root):
        expected = 0o700 if path.is_dir() else 0o600
        if _mode(path) & ~expected:
            wide[str(path.relative_to(root.parent))] = oct(_mode(path))
    return wide


def _run(command: list[str], *, stdin: str | None = None, env: dict[str, str] | None = None) -> str:
    def wide_umask() -> None:
        os.umask(WIDE_UMASK)

    result = subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=wide_umask,
        env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _create_profile(data: Path) -> None:
    command = [str(BIN / "qenex"), "--data-dir", str(data), "profile", "create", "--username", "dana"]
    _run([*command, "--password-stdin"], stdin=STRONG_PASSWORD + "\n")


def test_opening_a_data_dir_left_wide_tightens_it_and_what_it_holds(config: AppConfig) -> None:
    data = config.data_dir
    (data / "logs").mkdir(parents=True)
    data.chmod(0o755)
    (data / "logs").chmod(0o755)
    for name in ("logs/qenex.log", "gui.ini", "hardhat-node.json"):
        (data / name).write_text("older version's file\n")
        (data / name).chmod(0o644)

    core = make_core(config)
    try:
        assert _wide_modes(data) == {}
        assert _mode(data) == 0o700
        assert _mode(data / "logs" / "qenex.log") == 0o600
    finally:
        core.close()


def test_the_cli_creates_only_private_files_and_exports(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _create_profile(data)
    export = tmp_path / "audit.csv"
    export.write_text("an older export\n")
    export.chmod(0o644)
    export_command = ["audit", "export", "--format", "csv", "--output", str(export)]
    _run([str(BIN / "qenex"), "--data-dir", str(data), *export_command])

    assert _wide_modes(data) == {}
    assert (data / "logs" / "qenex.log").is_file()
    assert (data / "ledger.db").is_file()
    assert _mode(export) == 0o600
    assert "profile.created" in export.read_text()


def test_a_full_window_start_leaves_only_private_files(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _create_profile(data)
    for path in _everything_under(data):  # as an older version, or a 022 umask, left them
        path.chmod(0o755 if path.is_dir() else 0o644)

    out = _run(
        [str(BIN / "qenex-desktop"), "--data-dir", str(data), "--exit-when-ready"],
        env={"QT_QPA_PLATFORM": "offscreen"},
    )
    assert "QENEX_READY" in out
    assert (data / "gui.ini").is_file()  # the window's own settings file, written by Qt
    assert _wide_modes(data) == {}


def test_the_cli_called_in_process_gives_the_caller_its_umask_back(tmp_path: Path) -> None:
    """A script (or a test run) calling main() keeps its own umask for what it builds next: a 077
    left behind made a later .deb build's DEBIAN folder 0700, which dpkg-deb refuses."""
    from qenex_desktop.cli.main import main

    before = os.umask(WIDE_UMASK)
    try:
        assert main(["--data-dir", str(tmp_path / "data"), "--json", "status"]) == 0
        assert os.umask(WIDE_UMASK) == WIDE_UMASK
    finally:
        os.umask(before)
    assert _wide_modes(tmp_path / "data") == {}  # while it ran, what it made was private
