"""Liquidity tab: pools and positions tables, the deposit that follows the pool ratio, add and
remove liquidity with a preview and a review confirmed by key presses, the price chart; refusals
inline, changing nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.confirm_liquidity import ConfirmLiquidityDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.liquidity.tab import LiquidityTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, create_pool, create_token, ledger_state, show_tab

ETHER = 10**18


def pool_ready(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> tuple[LiquidityTab, MainWindow]:
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "liquidity")
    assert isinstance(tab, LiquidityTab)
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=15_000)
    assert tab.stack.currentWidget() is tab.empty
    assert "two tokens first" in tab.empty.text.text()
    create_token(qtbot, window, "GOLD", "1000")
    create_token(qtbot, window, "SILV", "5000")
    create_pool(qtbot, window, "GOLD", "SILV", "100", "400")
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.content, timeout=15_000)
    qtbot.waitUntil(lambda: tab.chart.has_data(), timeout=15_000)
    return tab, window


def review_open(qtbot: QtBot, tab: LiquidityTab) -> ConfirmLiquidityDialog:
    """The review the add or remove opened (it read on a worker first)."""
    qtbot.waitUntil(lambda: tab.panels.review_dialog is not None, timeout=15_000)
    dialog = tab.panels.review_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=15_000)
    return dialog


def press(dialog: ConfirmLiquidityDialog, key: Qt.Key) -> None:
    """A key pressed where the focus is in the dialog, as a person presses it."""
    from PySide6.QtTest import QTest

    QTest.keyClick(dialog.focusWidget() or dialog, key)


def confirm_review(qtbot: QtBot, tab: LiquidityTab) -> ConfirmLiquidityDialog:
    dialog = review_open(qtbot, tab)
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.panels.last_result is not None, timeout=15_000)
    return dialog


def cell(tab: LiquidityTab, positions: bool, row: int, column: int) -> str:
    model = tab.positions_model if positions else tab.pools_model
    return str(model.index(row, column).data())


def test_pool_table_shows_pair_reserves_fee_tvl_and_share(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, _window = pool_ready(qtbot, make_window, prepared)
    assert tab.pools_model.rowCount() == 1
    assert cell(tab, False, 0, 0) == "GOLD/SILV"
    assert cell(tab, False, 0, 1) == "100 GOLD · 400 SILV"
    assert cell(tab, False, 0, 2) == "0.3%"
    assert cell(tab, False, 0, 3) == "1 GOLD = 4 SILV"
    assert cell(tab, False, 0, 4) == "800 SILV"
    assert cell(tab, False, 0, 5).startswith("99.99")  # all but the locked minimum liquidity
    assert tab.positions_model.rowCount() == 1
    assert cell(tab, True, 0, 3).startswith("99.99")  # value: just under 100 GOLD
    assert "GOLD/SILV price" in tab.chart.plot.getPlotItem().titleLabel.text
    assert tab.chart.points("price") == 1  # the create event


def test_add_liquidity_second_amount_follows_the_ratio(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = pool_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    panels = tab.panels
    panels.setCurrentIndex(0)
    qtbot.keyClicks(panels.amount_a, "10")
    assert panels.amount_b.text() == "40"
    panels.amount_b.clear()
    qtbot.keyClicks(panels.amount_b, "2")
    assert panels.amount_a.text() == "0.5"
    qtbot.keyClick(panels.amount_b, Qt.Key.Key_Return)  # the review first, then Return confirms it
    confirm_review(qtbot, tab)
    assert panels.last_result is not None and panels.last_result.amount_a == ETHER // 2
    pool = window.ctx.core.exchange.get_pool("GOLD", "SILV")
    assert (pool.reserve0, pool.reserve1) == (ETHER * 1005 // 10, 402 * ETHER)
    qtbot.waitUntil(lambda: cell(tab, False, 0, 1) == "100.5 GOLD · 402 SILV", timeout=15_000)
    qtbot.waitUntil(lambda: tab.chart.points("price") == 2, timeout=15_000)


def test_remove_liquidity_previews_then_pays_out(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = pool_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    core = window.ctx.core
    panels = tab.panels
    panels.setCurrentIndex(1)
    panels.slider.setValue(25)
    assert panels.percent_label.text() == "25%"
    assert panels.preview_label.text().startswith("≈ 24.99")  # a quarter of just under 100 GOLD
    assert "SILV" in panels.preview_label.text()
    gold_before = {b.symbol: b.amount for b in core.exchange.balances()}["GOLD"]
    qtbot.keyClick(panels.remove_button, Qt.Key.Key_Space)
    confirm_review(qtbot, tab)
    result = panels.last_result
    assert result is not None
    gold_after = {b.symbol: b.amount for b in core.exchange.balances()}["GOLD"]
    assert gold_after - gold_before == result.amount_a
    assert result.amount_a // 10**16 == 2499  # 24.99 GOLD, as previewed
    qtbot.waitUntil(lambda: cell(tab, True, 0, 3).startswith("74.99"), timeout=15_000)


def test_bad_deposit_shows_inline_error_and_changes_nothing(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = pool_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    before = ledger_state(window.ctx.core)
    panels = tab.panels
    qtbot.keyClicks(panels.amount_a, "1,5")
    assert panels.amount_a_error.shown and "separators" in panels.amount_a_error.text()
    assert panels.amount_b.text() == ""
    panels.amount_a.setText("10000")  # more GOLD than Main holds (900)
    panels.amount_b.setText("40000")
    qtbot.keyClick(panels.amount_b, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panels.amount_a_error.shown or panels.amount_b_error.shown, timeout=15_000)
    window.ops.wait_idle()
    # the review refuses as the add would: GOLD (amount_a) is checked first, the other stays clear
    assert panels.amount_a_error.shown
    assert panels.amount_a_error.text() == "Main holds 900 GOLD; this needs 10000."
    assert not panels.amount_b_error.shown
    assert panels.review_dialog is None  # nothing to review
    assert panels.last_result is None
    assert ledger_state(window.ctx.core) == before


def test_no_position_disables_remove(qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig) -> None:
    tab, _window = pool_ready(qtbot, make_window, prepared)
    panels = tab.panels
    panels.setCurrentIndex(1)
    panels.slider.setValue(100)
    qtbot.keyClick(panels.remove_button, Qt.Key.Key_Space)
    confirm_review(qtbot, tab)
    qtbot.waitUntil(lambda: tab.positions_stack.currentWidget() is tab.positions_empty, timeout=15_000)
    assert not panels.remove_button.isEnabled()
    assert "no share" in panels.preview_label.text()


def test_locking_hides_pool_shares_and_positions(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = pool_ready(qtbot, make_window, prepared)
    assert cell(tab, True, 0, 3).startswith("99.99")
    window.headless = True  # no unlock dialog to wait for
    window.lock()
    window.ops.wait_idle()
    assert window.stack.currentWidget() is window.locked_page
    assert cell(tab, False, 0, 5) == "••••"  # your share
    assert cell(tab, True, 0, 3) == "••••"  # value of your position
    assert cell(tab, False, 0, 0) == "GOLD/SILV"  # the pair is not money
