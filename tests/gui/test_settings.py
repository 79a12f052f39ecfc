"""Settings: the network in use with the Networks dialog a key away; preferences persist; Return
saves (never opens Networks…)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.networks import NetworksDialog
from qenex_desktop.gui.dialogs.settings import SettingsDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.gui.conftest import fast_core
from tests.hardhat_node import free_port

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    window.menu_actions.settings.trigger()
    dialog = window._modal
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitUntil(lambda: "Nowhere" in dialog.network_label.text(), timeout=10_000)
    return dialog


def test_settings_shows_the_network_in_use_and_a_network_added_there_shows_at_once(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    dialog = open_settings(qtbot, window)
    assert "chain id 31337" in dialog.network_label.text()
    assert "not verified yet" in dialog.network_label.text()  # its node never answered

    dialog.networks_button.setFocus()
    qtbot.keyClick(dialog.networks_button, Qt.Key.Key_Space)
    networks = dialog.networks_dialog
    assert isinstance(networks, NetworksDialog) and networks.isVisible()
    qtbot.waitUntil(lambda: len(networks.networks) == 2, timeout=10_000)
    networks.name.setFocus()
    qtbot.keyClicks(networks.name, "My node")
    qtbot.keyClick(networks.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(networks.rpc_url, f"http://127.0.0.1:{free_port()}")
    qtbot.keyClick(networks.rpc_url, Qt.Key.Key_Tab)
    qtbot.keyClicks(networks.chain_id, "5")
    qtbot.keyClick(networks.chain_id, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "3 network(s)" in dialog.network_label.toolTip(), timeout=10_000)
    qtbot.keyClick(networks, Qt.Key.Key_Escape)
    assert not networks.isVisible()
    assert dialog.isVisible()  # Escape closed the Networks dialog only


def test_preferences_are_checked_and_saved_and_return_saves(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    dialog = open_settings(qtbot, window)
    dialog.auto_lock.setFocus()
    dialog.auto_lock.selectAll()
    qtbot.keyClicks(dialog.auto_lock, "3")
    dialog.slippage.setFocus()
    dialog.slippage.selectAll()
    qtbot.keyClicks(dialog.slippage, "75")
    qtbot.keyClick(dialog.slippage, Qt.Key.Key_Return)
    assert dialog.slippage_error.shown  # refused inline; nothing saved
    assert dialog.isVisible() and dialog.networks_dialog is None
    assert window.prefs.auto_lock_minutes == 10

    results: list[int] = []
    dialog.finished.connect(results.append)
    dialog.slippage.selectAll()
    qtbot.keyClicks(dialog.slippage, "1.5")
    assert dialog.networks_dialog is None
    qtbot.keyClick(dialog.slippage, Qt.Key.Key_Return)
    window.ops.wait_idle()
    assert results == [1]  # Return saved (accepted); it never pressed Networks…
    assert window.prefs.auto_lock_minutes == 3
    assert window.prefs.slippage_percent == "1.5"
    assert window.idle.limit_s == 180
