"""Tools → Stop local node asks first and says the chain's state ends with it (issue 12).

Before, the menu entry stopped the node at once: balances, deployed contracts and transactions of
the local chain were gone with one click. Now a question names what ends; Escape and Return (its
default is Cancel) leave the node running, and only the Stop node button stops it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.hardhat_node import free_port

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


@pytest.fixture
def own_node(config: AppConfig) -> Iterator[AppConfig]:
    """A data dir whose active network is a local node this data dir started (so the app may stop it)."""
    core = fast_core(config)
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    core.chain.add_network("Managed local", f"http://127.0.0.1:{free_port()}", 31337, use=True)
    status = core.node.ensure_running(deploy=False)
    assert status.answering and status.started_here
    try:
        yield config
    finally:
        core.node.stop()
        core.close()


def _ask(qtbot: QtBot, window: MainWindow) -> QMessageBox:
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=15_000)
    window.menu_actions.stop_node.trigger()
    box = window.node.confirm_box
    assert box is not None
    qtbot.waitExposed(box)
    return box


def _answering(window: MainWindow) -> bool:
    assert window.ctx is not None
    return window.ctx.core.chain.probe().reachable


@pytest.mark.hardhat
@pytest.mark.slow
def test_stop_local_node_asks_and_only_the_stop_button_stops_it(
    qtbot: QtBot, make_window: MakeWindow, own_node: AppConfig
) -> None:
    window = make_window(lambda: fast_core(own_node))
    assert window.menu_actions.stop_node.text() == "S&top local node…"

    box = _ask(qtbot, window)
    text = box.text() + " " + box.informativeText()
    for words in ("Stop the local node?", "balances", "deployed contracts", "transactions", "ends"):
        assert words in text
    QTest.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.node.confirm_box is None, timeout=5_000)
    window.ops.wait_idle()
    assert _answering(window)

    box = _ask(qtbot, window)
    QTest.keyClick(box, Qt.Key.Key_Return)  # the default is Cancel: Return keeps the chain
    qtbot.waitUntil(lambda: window.node.confirm_box is None, timeout=5_000)
    window.ops.wait_idle()
    assert _answering(window)

    box = _ask(qtbot, window)
    stop = next(b for b in box.findChildren(QPushButton) if b.text() == "Stop node")
    stop.setFocus()
    QTest.keyClick(stop, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not _answering(window), timeout=30_000)
    window.ops.wait_idle()
    assert "its chain has ended" in window.statusBar().currentMessage()
