"""After a speed-up from the Wallet tab, the keyboard is back in the pending list.

Found by the walk-through of 2026-12-02: after Speed up… and its review, the focus landed on the
tool bar's "Import token…" (the Speed up button, disabled while it ran, passed it on), so Return
would have opened Import token.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.tabs.wallet_tab import WalletTab
from tests.gui.exchange_flows import MakeWindow, show_tab
from tests.gui.test_speed_up_review import _pending_window
from tests.hardhat_node import HardhatNode


@pytest.mark.hardhat
def test_after_the_speed_up_the_focus_is_in_the_pending_list(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    try:
        window, core, _original = _pending_window(qtbot, make_window, config, hardhat_node)
        wallet = show_tab(qtbot, window, "wallet")
        assert isinstance(wallet, WalletTab)
        window.refresh_all()
        qtbot.waitUntil(lambda: wallet.pending_count == 1, timeout=20_000)
        window.activateWindow()
        wallet.pending_view.setFocus()
        wallet.pending_view.selectRow(0)
        wallet.speed_up_button.setFocus()  # where a Tab or a click puts it
        qtbot.keyClick(wallet.speed_up_button, Qt.Key.Key_Space)
        opened = lambda: wallet.review is not None and wallet.review.dialog is not None  # noqa: E731
        qtbot.waitUntil(opened, timeout=20_000)
        assert wallet.review is not None and wallet.review.dialog is not None
        dialog = wallet.review.dialog
        qtbot.keyClick(dialog.confirm_button, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(core.chain.transactions()) == 2, timeout=20_000)
        window.ops.wait_idle()
        qtbot.wait(200)  # the review closed (and is deleted); the pending list is read again
        focus = window.focusWidget()  # the window's keyboard focus (offscreen, it may not be re-activated)
        assert focus is wallet.pending_view, f"the focus went to {focus!r}"
    finally:
        hardhat_node.set_automine(True)
