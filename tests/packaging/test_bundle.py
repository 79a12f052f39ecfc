"""The one-folder bundle: it holds what the app reads at run time, leaves out what it never uses, and
its CLI works on a fresh data dir without the source tree or the venv."""

from __future__ import annotations

import socket
import sqlite3
from importlib import metadata
from pathlib import Path

import pytest

from qenex_desktop.core.db.migrate import head_revision
from tests.conftest import PROJECT_ROOT, STRONG_PASSWORD
from tests.packaging.conftest import BUILD_TIMEOUT_S, Release, run

pytestmark = [pytest.mark.slow, pytest.mark.timeout(BUILD_TIMEOUT_S)]
PKG = PROJECT_ROOT / "qenex_desktop"


def internal(release: Release) -> Path:
    return release.bundle / "_internal"


def resource_files() -> list[Path]:
    """Icons and other non-code files of qenex_desktop/resources (its Python modules go in compiled)."""
    return [
        p
        for p in (PKG / "resources").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]


def test_bundle_carries_the_run_time_files_unchanged(release: Release) -> None:
    frozen = internal(release) / "qenex_desktop"
    for relative in (
        "core/chain/artifacts/QXCToken.json",
        "core/security/common_passwords.txt",
        "core/db/migrations/env.py",
        *(str(p.relative_to(PKG)) for p in (PKG / "core/db/migrations/versions").glob("0*.py")),
        *(str(p.relative_to(PKG)) for p in resource_files()),
    ):
        assert (frozen / relative).read_bytes() == (PKG / relative).read_bytes(), relative


def test_bundle_has_the_qt_platforms_for_x11_wayland_and_offscreen_only(release: Release) -> None:
    platforms = internal(release) / "PySide6" / "Qt" / "plugins" / "platforms"
    assert sorted(p.name for p in platforms.iterdir()) == ["libqoffscreen.so", "libqwayland.so", "libqxcb.so"]


def test_bundle_leaves_out_unused_qt_modules_tests_and_tkinter(release: Release) -> None:
    names = [p.name for p in internal(release).rglob("*")]
    for unwanted in (
        "libQt6WebEngineCore",
        "libQt6Quick.",
        "libQt6Qml.",
        "libQt63D",
        "libQt6Multimedia",
        "QtWebEngine",
        "Qt3D",
        "QtQuick",
        "tkinter",
        "_tkinter",
        "pytest",
        "hypothesis",
    ):
        assert not [n for n in names if n.startswith(unwanted)], unwanted
    assert not (internal(release) / "PySide6" / "Qt" / "translations").exists()
    assert not (internal(release) / "tests").exists()


def test_frozen_cli_reports_the_package_metadata_version(release: Release) -> None:
    result = run(release.bundle / "qenex", ["--version"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"qenex {metadata.version('qenex-desktop')}"
    assert release.version == metadata.version("qenex-desktop")


def test_frozen_cli_does_not_load_qt(release: Release) -> None:
    """The CLI shares the window's executable but must not pay for Qt at start (glibc's LD_DEBUG
    lists every shared library the process loads)."""
    result = run(release.bundle / "qenex", ["--version"], env={"LD_DEBUG": "libs"})
    assert result.returncode == 0
    loaded = result.stderr
    assert "libpython3" in loaded, "LD_DEBUG output expected on glibc"
    assert "libQt6Core" not in loaded
    assert "libicu" not in loaded


def test_frozen_cli_creates_a_profile_and_migrates_a_fresh_ledger(release: Release, tmp_path: Path) -> None:
    data = tmp_path / "data"
    created = run(
        release.bundle / "qenex",
        ["--data-dir", str(data), "profile", "create", "--username", "Alice", "--password-stdin"],
        stdin=STRONG_PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    assert "Profile alice created." in created.stdout
    listed = run(release.bundle / "qenex", ["--data-dir", str(data), "--json", "profile", "list"])
    assert listed.returncode == 0, listed.stderr
    assert '"profiles": ["alice"]' in listed.stdout
    with sqlite3.connect(data / "ledger.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()


def test_frozen_cli_refuses_a_password_from_the_shipped_common_list(release: Release, tmp_path: Path) -> None:
    refused = run(
        release.bundle / "qenex",
        ["--data-dir", str(tmp_path / "data"), "profile", "create", "--username", "bob", "--password-stdin"],
        stdin="123456789012\n",
    )
    assert refused.returncode == 1
    assert "common passwords" in refused.stderr


def test_frozen_cli_says_the_local_node_needs_a_source_checkout(release: Release, tmp_path: Path) -> None:
    """A frozen app has no Hardhat project: `node start` refuses with what to do instead."""
    with socket.socket() as probe:  # a port nothing listens on, so the node manager tries to start one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = ["--data-dir", str(tmp_path / "data")]
    added = run(
        release.bundle / "qenex",
        [
            *data,
            "network",
            "add",
            "--name",
            "Local test",
            "--rpc-url",
            f"http://127.0.0.1:{port}",
            "--chain-id",
            "31337",
            "--use",
        ],
    )
    assert added.returncode == 0, added.stderr
    started = run(
        release.bundle / "qenex", [*data, "node", "start", "--no-fund"], env={"QENEX_CONTRACTS_DIR": ""}
    )
    assert started.returncode == 1
    assert "contracts/ folder" in started.stderr
    assert "QENEX_CONTRACTS_DIR" in started.stderr
