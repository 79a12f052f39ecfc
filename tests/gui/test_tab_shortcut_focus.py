"""Ctrl+1 … Ctrl+6 put the keyboard in the tab they show.

Found by the walk-through of 2026-12-02: after Ctrl+2 the amount typed went nowhere (the focus
stayed on a widget of the tab left behind), and after Ctrl+5 it took five Tabs, through the status
bar, to reach the Activity list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.tabs.activity_tab.tab import ActivityTab
from qenex_desktop.gui.tabs.swap.tab import SwapTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, create_pool, create_token, show_tab


def test_ctrl_2_types_into_you_pay_and_ctrl_5_lands_in_the_activity_list(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    swap = show_tab(qtbot, window, "swap")
    activity = show_tab(qtbot, window, "activity")
    assert isinstance(swap, SwapTab) and isinstance(activity, ActivityTab)
    create_token(qtbot, window, "GOLD", "1000000")
    create_token(qtbot, window, "SILV", "500000")
    create_pool(qtbot, window, "GOLD", "SILV", "10000", "5000")
    show_tab(qtbot, window, "wallet")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentWidget() is swap
    qtbot.waitUntil(lambda: swap.form.amount_in.isVisible(), timeout=15_000)
    qtbot.keyClicks(QApplication.focusWidget(), "100")  # typed where the keyboard is
    assert swap.form.amount_in.text() == "100"

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.tab_widget.currentWidget() is activity
    assert QApplication.focusWidget() is activity.view
