"""Create token and Create pool say amounts grouped, as every other place of the window does.

Found by the walk-through of 2026-12-02: "Created GOLD: 1000000 in your Main account.", "You hold
1000000 GOLD" and "Created the GOLD/SILV pool with 10000 GOLD and 5000 SILV." beside the Swap
tab's "Balance: 1,000,000 GOLD".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.create_pool import CreatePoolDialog
from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, create_token


def test_created_token_and_pool_amounts_are_grouped(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    assert window.ctx is not None
    dialog = CreateTokenDialog(window.ctx, window)
    dialog.show()
    qtbot.keyClicks(dialog.symbol, "GOLD")
    qtbot.keyClick(dialog.symbol, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.name, "Gold Coin")
    qtbot.keyClicks(dialog.supply, "1000000")
    qtbot.keyClick(dialog.supply, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_token is not None, timeout=15_000)
    window.ops.wait_idle()
    assert window.statusBar().currentMessage() == "Created GOLD: 1,000,000 in your Main account."
    create_token(qtbot, window, "SILV", "500000")

    core = window.ctx.core
    held = {x.symbol: x.amount for x in core.exchange.balances()}
    pool = CreatePoolDialog(window.ctx, core.exchange.list_tokens(), held, window)
    pool.show()
    pool.token_a.setCurrentText("GOLD")
    pool.token_b.setCurrentText("SILV")
    assert pool.balance_a.text() == "You hold 1,000,000 GOLD"
    assert pool.balance_b.text() == "You hold 500,000 SILV"
    qtbot.keyClicks(pool.amount_a, "10000")
    qtbot.keyClicks(pool.amount_b, "5000")
    qtbot.keyClick(pool.amount_b, Qt.Key.Key_Return)  # the review first: Return never creates at once
    qtbot.waitUntil(lambda: pool.review_dialog is not None, timeout=15_000)
    review = pool.review_dialog
    assert review is not None and review.windowTitle() == "Review: create a pool"
    assert review.rows["You deposit"].text() == "10,000 GOLD\n5,000 SILV"
    assert review.rows["Starting price"].text().splitlines()[0] == "1 GOLD = 0.5 SILV"
    assert review.rows["Locked forever"].text().startswith("0.000000000000001 LP")
    assert review.rows["Fee per swap"].text() == "0.3%"
    assert "at your loss" in review.note.text()
    assert core.exchange.list_pools() == []  # nothing yet
    qtbot.keyClick(review, Qt.Key.Key_Escape)  # Escape: back to the form, nothing created
    qtbot.waitUntil(lambda: pool.review_dialog is None, timeout=5_000)
    assert core.exchange.list_pools() == [] and pool.isVisible()
    qtbot.keyClick(pool.amount_b, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pool.review_dialog is not None, timeout=15_000)
    assert pool.review_dialog is not None
    qtbot.keyClick(pool.review_dialog, Qt.Key.Key_Return)  # Return on the review creates it
    qtbot.waitUntil(lambda: pool.result_pool is not None, timeout=15_000)
    window.ops.wait_idle()
    assert (
        window.statusBar().currentMessage() == "Created the GOLD/SILV pool with 10,000 GOLD and 5,000 SILV."
    )
