"""Shared fixtures: real SQLite files, a real (file-based) keyring, the real core."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.config import AppConfig, Argon2Parameters, SecuritySettings
from qenex_desktop.core.security.keyring_store import _plaintext_file_backend

PROJECT_ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["tests.hardhat_node"]
STRONG_PASSWORD = "lantern orbit velvet 42"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real data dir or keyring file, including CLI subprocesses."""
    monkeypatch.setenv("QENEX_KEYRING_FILE", str(tmp_path / "keyring" / "keyring.cfg"))
    monkeypatch.setenv("QENEX_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def fast_security() -> SecuritySettings:
    """Cheap Argon2 for tests that are not about its cost (tests of the default cost use the default)."""
    return SecuritySettings(argon2=Argon2Parameters.fast_for_tests())


@pytest.fixture
def config(data_dir: Path, tmp_path: Path, fast_security: SecuritySettings) -> AppConfig:
    return AppConfig(
        data_dir=data_dir, security=fast_security, keyring_file=tmp_path / "keyring" / "keyring.cfg"
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def make_core(config: AppConfig, clock: ManualClock | None = None) -> QenexCore:
    return QenexCore(config, clock=clock, keyring_backend=_plaintext_file_backend(config.keyring_file))


@pytest.fixture
def core(config: AppConfig) -> Iterator[QenexCore]:
    """The real core on a fresh SQLite file, real clock."""
    instance = make_core(config)
    yield instance
    instance.close()


@pytest.fixture
def clocked_core(config: AppConfig, clock: ManualClock) -> Iterator[QenexCore]:
    """The real core with a clock the test moves by hand."""
    instance = make_core(config, clock)
    yield instance
    instance.close()


@pytest.fixture
def logged_in_core(core: QenexCore) -> QenexCore:
    """A core with profile ``alice`` created and logged in."""
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    return core
