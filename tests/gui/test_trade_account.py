"""The ledger account a swap or a liquidity change uses (issue 13): chosen with the arrow keys on
the tab's Account combo, Return reviews, the review names it, and the write runs on it (the
balances read back from the core); the choice is kept in gui.ini, one for both tabs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.confirm_liquidity import ConfirmLiquidityDialog
from qenex_desktop.gui.dialogs.confirm_swap import ConfirmSwapDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.prefs import Preferences
from qenex_desktop.gui.tabs.liquidity.tab import LiquidityTab
from qenex_desktop.gui.tabs.swap.tab import SwapTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, create_pool, create_token, show_tab

ETHER = 10**18


def market(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> MainWindow:
    """GOLD/SILV pool seeded from Main; a second own account, Trading, holding 50 GOLD and 40 SILV;
    a counterparty, which a trade may not use."""
    window = make_window(lambda: fast_core(config))
    show_tab(qtbot, window, "swap")
    create_token(qtbot, window, "GOLD", "1000")
    create_token(qtbot, window, "SILV", "5000")
    create_pool(qtbot, window, "GOLD", "SILV", "100", "400")
    exchange = core_of(window).exchange
    exchange.create_account("Trading")
    exchange.create_account("Bob", counterparty=True)
    exchange.transfer("GOLD", "50", "Main", "Trading")
    exchange.transfer("SILV", "40", "Main", "Trading")
    return window


def core_of(window: MainWindow) -> QenexCore:
    assert window.ctx is not None
    return window.ctx.core


def held(core: QenexCore, account: str) -> dict[str, int]:
    return {b.symbol: b.amount for b in core.exchange.balances(account)}


def texts(dialog: ConfirmSwapDialog | ConfirmLiquidityDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def swap_tab(qtbot: QtBot, window: MainWindow) -> SwapTab:
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.form.account.count() == 2, timeout=15_000)
    return tab


def test_the_swap_runs_on_the_account_chosen_with_the_arrow_keys(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = market(qtbot, make_window, prepared)
    core = core_of(window)
    tab = swap_tab(qtbot, window)
    combo = tab.form.account
    assert [combo.itemText(i) for i in range(combo.count())] == ["Main", "Trading"]  # no counterparty
    assert combo.currentText() == "Main"
    tab.form.token_in.setCurrentText("GOLD")
    tab.form.token_out.setCurrentText("SILV")
    qtbot.keyClicks(tab.form.amount_in, "2")  # 2% price impact: no tick asked
    qtbot.waitUntil(tab.form.swap_button.isEnabled, timeout=15_000)
    main_before, trading_before = held(core, "Main"), held(core, "Trading")

    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Trading"
    assert tab.form.balance_in.text() == "Balance: 50 GOLD"
    assert tab.form.swap_button.isEnabled()  # the quote on screen stays: the price is the same
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    dialog = tab.confirm_dialog
    assert isinstance(dialog, ConfirmSwapDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=15_000)
    assert "runs on your Trading account" in texts(dialog)
    assert "Main" not in texts(dialog)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.last_result is not None, timeout=15_000)
    window.ops.wait_idle()

    assert tab.last_result is not None and tab.last_result.account == "Trading"
    after = held(core, "Trading")
    assert after["GOLD"] == trading_before["GOLD"] - 2 * ETHER
    assert after["SILV"] == trading_before["SILV"] + tab.last_result.amount_out
    assert held(core, "Main") == main_before  # the default account did not pay
    assert window.ctx is not None  # the choice is in gui.ini for the next run
    assert Preferences(Path(window.ctx.prefs.qsettings.fileName())).trade_account == "Trading"


def test_what_the_chosen_account_lacks_is_said_and_the_other_one_pays(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = market(qtbot, make_window, prepared)
    tab = swap_tab(qtbot, window)
    combo = tab.form.account
    tab.form.token_in.setCurrentText("GOLD")
    tab.form.token_out.setCurrentText("SILV")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClicks(tab.form.amount_in, "60")
    error = tab.form.amount_in_error
    qtbot.waitUntil(lambda: error.shown, timeout=15_000)
    assert error.text() == "You have 50 GOLD in Trading; this needs 60."
    assert not tab.form.swap_button.isEnabled()
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert tab.confirm_dialog is None  # nothing to review: Trading cannot pay
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentText() == "Main"
    assert not error.shown and tab.form.swap_button.isEnabled()


def test_liquidity_adds_and_removes_on_the_chosen_account_remembered_from_the_swap_tab(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = market(qtbot, make_window, prepared)
    core = core_of(window)
    swap = swap_tab(qtbot, window)
    swap.form.account.setFocus()
    qtbot.keyClick(swap.form.account, Qt.Key.Key_Down)  # chosen here, kept for the Liquidity tab
    tab = show_tab(qtbot, window, "liquidity")
    assert isinstance(tab, LiquidityTab)
    tab.refresh()
    panels = tab.panels
    qtbot.waitUntil(lambda: panels.account.count() == 2 and panels.pool is not None, timeout=15_000)
    assert panels.account.currentText() == "Trading"
    assert "no share of this pool in Trading" in panels.preview_label.text()
    main_shares = core.exchange.positions("Main")[0].shares

    qtbot.keyClicks(panels.amount_a, "5")
    assert panels.amount_b.text() == "20"
    panels.account.setFocus()
    qtbot.keyClick(panels.account, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panels.review_dialog is not None, timeout=15_000)
    review = panels.review_dialog
    assert review is not None and review.review.account == "Trading"
    assert "your Trading account" in texts(review)
    qtbot.keyClick(review.focusWidget() or review, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panels.last_result is not None, timeout=15_000)
    window.ops.wait_idle()
    assert held(core, "Trading") == {"GOLD": 45 * ETHER, "SILV": 20 * ETHER}
    shares = core.exchange.positions("Trading")[0].shares
    assert shares > 0 and core.exchange.positions("Main")[0].shares == main_shares

    qtbot.waitUntil(lambda: tab.snapshot is not None and len(tab.snapshot.positions) == 2, timeout=15_000)
    panels.setCurrentIndex(1)  # Remove liquidity
    panels.slider.setValue(100)
    panels.account.setFocus()
    qtbot.keyClick(panels.account, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panels.review_dialog is not None, timeout=15_000)
    review = panels.review_dialog
    assert review is not None and review.review.action == "remove" and review.review.shares == shares
    panels.last_result = None
    qtbot.keyClick(review.focusWidget() or review, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panels.last_result is not None, timeout=15_000)
    window.ops.wait_idle()
    assert core.exchange.positions("Trading") == [] or core.exchange.positions("Trading")[0].shares == 0
    assert core.exchange.positions("Main")[0].shares == main_shares
