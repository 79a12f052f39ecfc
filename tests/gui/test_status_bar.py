"""The status bar (issue 12 items 7 and 11, issue 13 "Networks"): long messages end in "…" with the
full text in the tooltip; a node on another chain is a red error, never "Node OK"; the block follows
each new block without a refresh; the network is switched from its menu, after the chain-id check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.colours import RED
from qenex_desktop.gui.dialogs.networks import NetworksDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.widgets import status_message
from qenex_desktop.gui.window.status import StatusBar
from tests.gui.conftest import fast_core
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def unlocked(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> MainWindow:
    window = make_window(lambda: fast_core(config))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    return window


def with_networks(config: AppConfig, node: HardhatNode, *, active: str | None = None) -> None:
    """The prepared data dir plus "Test node" (the run's node, checked) and "Chain one?" (the same
    node kept with chain id 1, as an older version let it be added)."""
    core = fast_core(config)
    core.chain.add_network("Test node", node.url, 31337)
    core.chain.registry.add("Chain one?", node.url, 1)
    if active is not None:
        core.chain.use_network(active)
    core.close()


def pick(qtbot: QtBot, status: StatusBar, wanted: Callable[[str, object], bool]) -> None:
    """Open the network menu with the space bar and walk it with the arrow keys to the entry
    ``wanted(text, data)`` names, then Return (the menu runs its own loop: driven from a timer)."""
    menu = status.network_menu
    seen: list[str] = []

    def walk() -> None:
        for _ in range(len(menu.actions()) + 1):
            qtbot.keyClick(menu, Qt.Key.Key_Down)
            action = menu.activeAction()
            if action is not None:
                seen.append(action.text())
                if wanted(action.text(), action.data()):
                    qtbot.keyClick(menu, Qt.Key.Key_Return)
                    return
        qtbot.keyClick(menu, Qt.Key.Key_Escape)

    QTimer.singleShot(150, walk)
    status.network_button.setFocus()
    qtbot.keyClick(status.network_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5_000)
    assert seen, "the menu never opened"


def test_a_long_message_ends_in_an_ellipsis_and_the_tooltip_has_it_all(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked(qtbot, make_window, prepared)
    window.resize(900, 600)
    text = "Local node running on chain 31337, " + "deployed QXC and funded your account, " * 8 + "block 15"
    status_message(window.tab_widget, text, 60_000)  # as every tab and dialog says something
    label = window.status.bar.message_label
    qtbot.waitUntil(lambda: label.text().endswith("…"), timeout=5_000)
    assert label.text() != text and text.startswith(label.text()[:-1])
    assert label.toolTip() == text
    assert window.statusBar().currentMessage() == text
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()

    window.status.message("Saved.")
    assert label.text() == "Saved." and label.toolTip() == "Saved."


@pytest.mark.hardhat
def test_a_node_on_another_chain_is_a_red_error_not_node_ok(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, hardhat_node: HardhatNode
) -> None:
    with_networks(prepared, hardhat_node, active="Chain one?")
    window = unlocked(qtbot, make_window, prepared)
    node = window.status.node_label
    qtbot.waitUntil(lambda: "Wrong chain" in node.text(), timeout=10_000)
    assert "Node OK" not in node.text()
    assert RED in node.styleSheet()
    assert "serves chain id 31337" in node.toolTip() and "expects 1" in node.toolTip()
    assert window.status.block_label.text() == "Block —"
    assert window.status.network_button.text() == "Chain one?"


@pytest.mark.hardhat
def test_the_block_shown_follows_each_new_block_without_a_refresh(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, hardhat_node: HardhatNode
) -> None:
    with_networks(prepared, hardhat_node, active="Test node")
    window = unlocked(qtbot, make_window, prepared)
    block = window.status.block_label
    qtbot.waitUntil(lambda: block.text().startswith("Block ") and block.text() != "Block —", timeout=10_000)
    assert "Node OK" in window.status.node_label.text()

    def shows(text: str) -> Callable[[], bool]:
        return lambda: block.text() == text

    for _ in range(2):  # no refresh asked: the 2 s probe finds each new block
        head = int(hardhat_node.rpc("eth_blockNumber"), 16)
        hardhat_node.mine()
        qtbot.waitUntil(shows(f"Block {head + 1}"), timeout=5_000)


@pytest.mark.hardhat
def test_the_network_menu_switches_after_the_chain_id_check(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, hardhat_node: HardhatNode
) -> None:
    with_networks(prepared, hardhat_node)
    window = unlocked(qtbot, make_window, prepared)
    assert window.ctx is not None
    chain = window.ctx.core.chain
    status = window.status
    qtbot.waitUntil(lambda: len(status.networks) == 4, timeout=10_000)
    assert status.network_button.text() == "Nowhere"
    checked = [a.data() for a in status.network_menu.actions() if a.isChecked()]
    assert checked == ["Nowhere"]

    pick(qtbot, status, lambda _text, data: data == "Chain one?")
    qtbot.waitUntil(lambda: "serves chain id 31337, not 1" in status.bar.currentMessage(), timeout=10_000)
    assert RED in status.bar.message_label.styleSheet()
    assert chain.network().name == "Nowhere"  # refused: nothing switched
    assert [a.data() for a in status.network_menu.actions() if a.isChecked()] == ["Nowhere"]

    pick(qtbot, status, lambda _text, data: data == "Test node")
    qtbot.waitUntil(lambda: status.network_button.text() == "Test node", timeout=10_000)
    assert chain.network().name == "Test node"
    assert "Using Test node" in status.bar.currentMessage()
    qtbot.waitUntil(lambda: "Node OK" in status.node_label.text(), timeout=10_000)
    qtbot.waitUntil(
        lambda: [a.data() for a in status.network_menu.actions() if a.isChecked()] == ["Test node"],
        timeout=10_000,
    )


def test_manage_networks_in_the_menu_opens_the_networks_dialog(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked(qtbot, make_window, prepared)
    status = window.status
    qtbot.waitUntil(lambda: len(status.networks) == 2, timeout=10_000)
    pick(qtbot, status, lambda text, _data: text.startswith("Manage networks"))
    dialog = status.networks_dialog
    assert isinstance(dialog, NetworksDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: len(dialog.networks) == 2, timeout=10_000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_while_locked_the_network_menu_switches_nothing(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked(qtbot, make_window, prepared)
    assert window.ctx is not None
    status = window.status
    qtbot.waitUntil(lambda: len(status.networks) == 2, timeout=10_000)
    window.lock()
    menu = status.network_menu
    enabled: list[bool] = []

    def look() -> None:
        enabled.extend(a.isEnabled() for a in menu.actions() if not a.isSeparator())
        qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)
        if menu.isVisible():
            qtbot.keyClick(menu, Qt.Key.Key_Escape)

    QTimer.singleShot(150, look)
    status.network_button.setFocus()
    qtbot.keyClick(status.network_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5_000)
    window.ops.wait_idle()
    assert enabled and not any(enabled)
    assert window.ctx.core.chain.network().name == "Nowhere"
    assert status.networks_dialog is None
