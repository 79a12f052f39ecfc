"""Issue 12, "Confirm before money moves": Add and Remove liquidity show a review first (amounts,
LP shares in whole LP units, the share of the pool, the price, the minimums under the slippage of
Settings) and run only when it is confirmed with Return; Escape cancels and changes nothing; the
remove slider is not left armed; the write is held to the reviewed minimums."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from tests.gui.exchange_flows import MakeWindow, ledger_state
from tests.gui.test_liquidity_tab import LiquidityTab, pool_ready, press, review_open

ETHER = 10**18


def typed_deposit(qtbot: QtBot, tab: LiquidityTab, gold: str) -> None:
    panels = tab.panels
    panels.setCurrentIndex(0)
    qtbot.keyClicks(panels.amount_a, gold)


def test_add_shows_the_review_and_escape_changes_nothing(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = pool_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    before = ledger_state(window.ctx.core)
    typed_deposit(qtbot, tab, "10")
    qtbot.keyClick(tab.panels.add_button, Qt.Key.Key_Space)  # the button, from the keyboard
    dialog = review_open(qtbot, tab)
    rows = {name: label.text() for name, label in dialog.rows.items()}
    assert rows["You deposit"] == "10 GOLD\n40 SILV"
    assert rows["LP shares minted"] == "20 LP"  # 20e18 base units: a tenth of the pool's 200 LP
    assert rows["Your LP shares after"] == "219.999999999999999 LP"  # 1000 base units stay locked
    assert rows["Your share of the pool"] == "99.99% → 99.99%"
    assert rows["Pool price"] == "1 GOLD = 4 SILV\n1 SILV = 0.25 GOLD"
    assert rows["Minimum deposited"] == "9.95 GOLD\n39.8 SILV\n(slippage 0.5%)"
    assert "67183542155491" not in " ".join(rows.values())
    assert ledger_state(window.ctx.core) == before  # the review moved nothing

    press(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.panels.review_dialog is None, timeout=15_000)
    window.ops.wait_idle()
    assert tab.panels.last_result is None
    assert ledger_state(window.ctx.core) == before
    assert tab.panels.amount_a.text() == "10"  # what was typed stays, to review again


def test_return_confirms_the_add_and_the_message_says_lp(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = pool_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    typed_deposit(qtbot, tab, "10")
    qtbot.keyClick(tab.panels.amount_a, Qt.Key.Key_Return)
    dialog = review_open(qtbot, tab)
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.panels.last_result is not None, timeout=15_000)
    result = tab.panels.last_result
    assert result is not None and result.shares == 20 * ETHER
    assert window.statusBar().currentMessage() == "Added 10 GOLD and 40 SILV: 20 LP minted."
    pool = window.ctx.core.exchange.get_pool("GOLD", "SILV")
    assert (pool.reserve0, pool.reserve1) == (110 * ETHER, 440 * ETHER)


def test_remove_reviews_then_the_slider_is_not_armed_again(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = pool_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    panels = tab.panels
    panels.setCurrentIndex(1)
    panels.slider.setFocus()
    qtbot.keyClick(panels.slider, Qt.Key.Key_PageUp)  # 50% + a page of 25
    assert panels.slider.value() == 75
    qtbot.keyClick(panels.remove_button, Qt.Key.Key_Space)
    dialog = review_open(qtbot, tab)
    rows = {name: label.text() for name, label in dialog.rows.items()}
    assert rows["You receive"].startswith("74.99")
    assert rows["LP shares burned"].startswith("149.99") and rows["LP shares burned"].endswith(" LP")
    assert rows["Your share of the pool"].startswith("99.99% → 99.99")
    assert rows["Minimum received"].endswith("(slippage 0.5%)")
    press(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panels.last_result is not None, timeout=15_000)
    assert panels.slider.value() == 0  # disarmed: a second click takes nothing out
    assert not panels.remove_button.isEnabled()
    message = window.statusBar().currentMessage()
    assert message.startswith("Took out 74.99") and message.endswith(" LP burned.")
    window.ops.wait_idle()
    after = ledger_state(window.ctx.core)
    qtbot.keyClick(panels.remove_button, Qt.Key.Key_Space)
    window.ops.wait_idle()
    assert panels.review_dialog is None
    assert ledger_state(window.ctx.core) == after


def test_the_slippage_of_settings_sets_the_minimums(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = pool_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    window.ctx.prefs.slippage_percent = "2"
    typed_deposit(qtbot, tab, "10")
    qtbot.keyClick(tab.panels.amount_a, Qt.Key.Key_Return)
    dialog = review_open(qtbot, tab)
    assert dialog.rows["Minimum deposited"].text() == "9.8 GOLD\n39.2 SILV\n(slippage 2%)"
    press(dialog, Qt.Key.Key_Escape)


def moved_pool(window: MainWindow) -> None:
    """Another swap moves the pool's price by far more than 0.5% (as the CLI would)."""
    assert window.ctx is not None
    window.ctx.core.exchange.swap_exact_in("GOLD", "SILV", "20", 0)


def test_a_price_move_after_the_review_refuses_the_add(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = pool_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    typed_deposit(qtbot, tab, "10")
    qtbot.keyClick(tab.panels.amount_a, Qt.Key.Key_Return)
    dialog = review_open(qtbot, tab)
    moved_pool(window)
    before = ledger_state(window.ctx.core)
    press(dialog, Qt.Key.Key_Return)
    panels = tab.panels
    qtbot.waitUntil(lambda: panels.amount_a_error.shown or panels.amount_b_error.shown, timeout=15_000)
    window.ops.wait_idle()
    assert "minimum" in (panels.amount_a_error.text() + panels.amount_b_error.text())
    assert panels.last_result is None
    assert ledger_state(window.ctx.core) == before
