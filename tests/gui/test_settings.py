"""Settings: a custom network (RPC URL + chain id) becomes the active one; preferences persist."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.settings import SettingsDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.gui.conftest import fast_core
from tests.hardhat_node import free_port

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def test_custom_network_is_added_and_used_and_bad_input_is_inline(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    assert window.ctx is not None
    window.menu_actions.settings.trigger()
    dialog = window._modal
    assert isinstance(dialog, SettingsDialog)
    window.ops.wait_idle()
    dialog.custom_name.setText("My node")
    dialog.custom_url.setText("ftp://nowhere")
    dialog.custom_chain.setText("5")
    dialog.add_button.click()
    window.ops.wait_idle()
    assert dialog.custom_url_error.shown
    assert "My node" not in [n.name for n in window.ctx.core.chain.networks()]

    dialog.custom_url.setText(f"http://127.0.0.1:{free_port()}")
    dialog.add_button.click()
    qtbot.waitUntil(lambda: dialog.network.findData("My node") >= 0, timeout=10_000)
    assert window.ctx.core.chain.network().name == "My node"
    assert dialog.network.currentData() == "My node"
    qtbot.waitUntil(lambda: window.status.network_label.text() == "My node", timeout=10_000)

    dialog.auto_lock.setValue(3)
    dialog.slippage.setText("75")
    dialog.apply()
    assert dialog.slippage_error.shown  # refused inline; nothing saved
    assert window.prefs.auto_lock_minutes == 10
    dialog.slippage.setText("1.5")
    dialog.apply()
    window.ops.wait_idle()
    assert window.prefs.auto_lock_minutes == 3
    assert window.prefs.slippage_percent == "1.5"
    assert window.idle.limit_s == 180
