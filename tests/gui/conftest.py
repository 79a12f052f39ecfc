"""GUI test fixtures: the real main window on a real core (offscreen), never on port 8545.

The window's core is built by ``make_core`` (fast Argon2, the test's keyring file). Its active
network points at a closed local port (or at the test run's Hardhat node), so nothing here ever
talks to a node on 8545, and the local node is never started.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui import gc_guard
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.operations import Operations
from qenex_desktop.gui.prefs import Preferences
from tests.conftest import STRONG_PASSWORD, make_core
from tests.hardhat_node import HardhatNode, free_port


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Each test's Qt garbage is collected here, on the GUI thread, never later by a worker thread
    of another test (the app's own rule, gui/gc_guard.py; later non-GUI tests get the normal GC)."""
    yield
    gc_guard.restore_automatic_collection()


FAST_CHAIN = ChainSettings(
    attempts=1, backoff_initial_s=0.01, backoff_max_s=0.01, request_timeout_s=5.0, probe_timeout_s=0.5
)
pytestmark = pytest.mark.gui


@pytest.fixture
def english_locale() -> Iterator[None]:
    """Numbers and dates as in en_US for the test (``pytest.mark.usefixtures("english_locale")``)."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def fast_core(config: AppConfig) -> QenexCore:
    core = make_core(config)
    core.chain.settings = FAST_CHAIN
    return core


def nowhere_network(core: QenexCore) -> None:
    """Point the active network at a local port where nothing listens (so reads fail fast)."""
    core.chain.add_network("Nowhere", f"http://127.0.0.1:{free_port()}", 31337, use=True)


def alice_on_node(config: AppConfig, node: HardhatNode) -> tuple[QenexCore, str]:
    """A set-up core on ``config``: alice logged in (the session resumes), a new wallet, the test
    run's Hardhat node (automining) as the active network. Returns it, to be closed before the
    window opens its own, and the wallet's address."""
    setup = fast_core(config)
    setup.auth.create_profile("alice", STRONG_PASSWORD)
    setup.auth.login("alice", STRONG_PASSWORD)
    address = setup.wallet.create(password=STRONG_PASSWORD).account.address
    node.set_automine(True)
    setup.chain.add_network("Test Hardhat", node.url, 31337, use=True)
    return setup, address


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[[Callable[[], QenexCore]], MainWindow]]:
    windows: list[MainWindow] = []

    def build(factory: Callable[[], QenexCore]) -> MainWindow:
        prefs = Preferences(tmp_path / "gui.ini")
        ops = Operations()
        window = MainWindow(prefs, ops, start_node=False)
        qtbot.addWidget(window)
        window.show()
        window.open_core(factory)
        qtbot.waitUntil(lambda: window.opened, timeout=30_000)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.ops.wait_idle(30)
        window.close()


@pytest.fixture
def prepared(config: AppConfig) -> AppConfig:
    """A data dir with profile alice, logged in (the session resumes), a wallet, a dead network."""
    core = fast_core(config)
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    core.wallet.create(password=STRONG_PASSWORD)
    nowhere_network(core)
    core.close()
    return config
