"""Swap tab: from no tokens to a swap whose new balances show in the table; quotes follow typing;
a bad amount is refused inline and changes nothing."""

from __future__ import annotations

from fractions import Fraction

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.colours import AMBER, RED
from qenex_desktop.gui.dialogs.confirm_swap import ConfirmSwapDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.swap.tab import SwapTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, create_pool, create_token, ledger_state, show_tab

ETHER = 10**18


def balance_in_table(tab: SwapTab, symbol: str) -> str | None:
    model = tab.form.balances_model
    for row in range(model.rowCount()):
        if model.index(row, 1).data() == symbol:
            return str(model.index(row, 2).data())
    return None


def swap_ready(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> tuple[SwapTab, MainWindow]:
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=15_000)
    create_token(qtbot, window, "GOLD", "1000")
    create_token(qtbot, window, "SILV", "5000")
    create_pool(qtbot, window, "GOLD", "SILV", "100", "400")
    qtbot.waitUntil(lambda: tab.snapshot is not None and tab.snapshot.pool_count == 1, timeout=15_000)
    tab.form.token_in.setCurrentText("GOLD")
    tab.form.token_out.setCurrentText("SILV")
    return tab, window


def open_confirm(qtbot: QtBot, tab: SwapTab) -> ConfirmSwapDialog:
    """Return in the amount typed opens the confirmation of the quote on screen."""
    typed = tab.form.amount_in if tab.kind == "exact_in" else tab.form.amount_out
    qtbot.waitUntil(tab.form.swap_button.isEnabled, timeout=15_000)
    qtbot.keyClick(typed, Qt.Key.Key_Return)
    dialog = tab.confirm_dialog
    assert isinstance(dialog, ConfirmSwapDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=15_000)
    return dialog


def confirm_ticked(qtbot: QtBot, tab: SwapTab) -> ConfirmSwapDialog:
    """The confirmation of a trade over 5% impact: Space ticks "I understand", Return swaps."""
    dialog = open_confirm(qtbot, tab)
    assert dialog.understood is not None and dialog.focusWidget() is dialog.understood
    qtbot.keyClick(dialog.understood, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.understood, Qt.Key.Key_Return)
    return dialog


def test_new_profile_sees_an_empty_state_with_create_token(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=15_000)
    assert tab.stack.currentWidget() is tab.empty
    assert "Create two tokens" in tab.empty.text.text()
    create_token(qtbot, window, "GOLD", "10")
    qtbot.waitUntil(lambda: tab.snapshot is not None and len(tab.snapshot.tokens) == 1, timeout=15_000)
    assert "GOLD" in tab.empty.text.text()  # one token: says a second one is needed
    create_token(qtbot, window, "SILV", "10")
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.form, timeout=15_000)
    assert tab.form.pool_hint.isVisibleTo(tab)  # tokens but no pool: points to the Liquidity tab
    # the first token sat alone in both lists; now the second one is offered to receive
    assert (tab.form.token_in.currentText(), tab.form.token_out.currentText()) == ("GOLD", "SILV")
    tab.form.token_out.setCurrentText("GOLD")  # the same token on both sides: the two swap places
    assert (tab.form.token_in.currentText(), tab.form.token_out.currentText()) == ("SILV", "GOLD")


def test_swap_exact_in_changes_the_balances_in_the_table(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, _window = swap_ready(qtbot, make_window, prepared)
    qtbot.waitUntil(lambda: balance_in_table(tab, "SILV") == "4,600", timeout=15_000)
    assert balance_in_table(tab, "GOLD") == "900"
    qtbot.keyClicks(tab.form.amount_in, "10")
    qtbot.waitUntil(lambda: tab.quote is not None, timeout=15_000)
    quote = tab.quote
    assert quote is not None and quote.kind == "exact_in" and quote.amount_in == 10 * ETHER
    # x*y=k with a 0.3% fee: 10 GOLD into 100/400 pays 400*9.97/(100+9.97) = 36.26...
    assert tab.form.amount_out.text().startswith("36.26")
    assert tab.form.route_label.text() == "GOLD → SILV"
    assert "Minimum received" in tab.form.limit_name.text()
    assert tab.form.limit_label.text().startswith("36.08")  # 0.5% default slippage
    # impact = 1 - executed/mid price: 1 - 36.264435.../40 = 9.3389% -> 934 bps, above the 5% red line
    executed = 10 * 997 * 400 * ETHER // (100 * 1000 + 10 * 997)
    assert quote.amount_out == executed
    assert round(Fraction(40 * ETHER - executed, 40 * ETHER) * 10_000) == quote.price_impact_bps == 934
    assert tab.form.impact_label.text() == "9.34% — high: the pool is shallow for this amount"
    assert tab.form.fee_label.text() == "0.3% = 0.03 GOLD"
    dialog = confirm_ticked(qtbot, tab)  # 9.34% is over 5%: the tick first
    assert dialog.level == "tick"
    qtbot.waitUntil(lambda: tab.last_result is not None, timeout=15_000)
    qtbot.waitUntil(lambda: balance_in_table(tab, "GOLD") == "890", timeout=15_000)
    assert balance_in_table(tab, "SILV") == "4,636.26"  # 4600 + 36.2644357...: 6 significant digits, cut
    assert tab.form.result_label.isVisibleTo(tab) and "Swapped 10 GOLD" in tab.form.result_label.text()


def test_exact_out_fills_the_amount_to_pay_and_shows_maximum_sold(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = swap_ready(qtbot, make_window, prepared)
    qtbot.keyClicks(tab.form.amount_out, "40")
    qtbot.waitUntil(lambda: tab.quote is not None, timeout=15_000)
    assert tab.quote is not None and tab.quote.kind == "exact_out"
    assert tab.form.amount_in.text().startswith("11.14")  # 100*40*10000/((400-40)*9970)+1 unit
    assert "Maximum sold" in tab.form.limit_name.text()
    # 40 of a 400 reserve moves the price ~11%: marked red
    assert RED in tab.form.impact_label.styleSheet()
    confirm_ticked(qtbot, tab)
    qtbot.waitUntil(lambda: tab.last_result is not None, timeout=15_000)
    assert tab.last_result is not None and tab.last_result.amount_out == 40 * ETHER
    assert window.ctx is not None
    silver = {b.symbol: b.amount for b in window.ctx.core.exchange.balances()}["SILV"]
    assert silver == 4640 * ETHER


def test_a_stale_quote_is_dropped_when_typing_moved_on(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = swap_ready(qtbot, make_window, prepared)
    tab.form.amount_in.setText("1")
    tab._edited("exact_in")
    tab.request_quote()  # in flight for "1"
    tab.form.amount_in.setText("2")
    tab._edited("exact_in")  # newer typing: the answer for "1" must not show
    window.ops.wait_idle()
    assert tab.quote is None and tab.quotes_shown == 0
    qtbot.waitUntil(lambda: tab.quote is not None, timeout=15_000)
    assert tab.quote is not None and tab.quote.amount_in == 2 * ETHER
    assert tab.quotes_shown == 1


def test_small_trade_has_uncoloured_impact(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, _window = swap_ready(qtbot, make_window, prepared)
    qtbot.keyClicks(tab.form.amount_in, "0.01")
    qtbot.waitUntil(lambda: tab.quote is not None, timeout=15_000)
    assert AMBER not in tab.form.impact_label.styleSheet() and RED not in tab.form.impact_label.styleSheet()


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("amount_in", "1,5", "separators"),
        ("amount_in", "abc", ""),
        ("amount_in", "5000", "You have 900"),
        ("amount_out", "400", ""),
    ],
)
def test_bad_amount_shows_inline_error_and_changes_nothing(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, field: str, text: str, message: str
) -> None:
    tab, window = swap_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    before = ledger_state(window.ctx.core)
    qtbot.keyClicks(getattr(tab.form, field), text)
    error = tab.form.amount_in_error if field == "amount_in" else tab.form.amount_out_error
    qtbot.waitUntil(lambda: error.shown, timeout=15_000)
    assert message in error.text()
    assert not tab.form.swap_button.isEnabled()
    tab.review()  # no quote to confirm: nothing opens, nothing runs
    window.ops.wait_idle()
    assert tab.confirm_dialog is None
    assert ledger_state(window.ctx.core) == before


def test_refused_swap_shows_the_core_error_inline_and_changes_nothing(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    """The pool moves between quote and confirm (another swap): the minimum is not met."""
    tab, window = swap_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    qtbot.keyClicks(tab.form.amount_in, "10")
    qtbot.waitUntil(lambda: tab.quote is not None, timeout=15_000)
    quote = tab.quote
    assert quote is not None
    core = window.ctx.core
    core.exchange.swap_exact_in("GOLD", "SILV", "20", 0)
    before = ledger_state(core)
    tab.execute(quote)
    qtbot.waitUntil(lambda: tab.form.amount_out_error.shown, timeout=15_000)
    assert "below your minimum" in tab.form.amount_out_error.text()
    assert ledger_state(core) == before


def test_no_pool_between_tokens_is_shown_at_the_token(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    create_token(qtbot, window, "GOLD", "10")
    create_token(qtbot, window, "SILV", "10")
    qtbot.waitUntil(lambda: tab.stack.currentWidget() is tab.form, timeout=15_000)
    qtbot.keyClicks(tab.form.amount_in, "1")
    qtbot.waitUntil(lambda: tab.form.token_out_error.shown, timeout=15_000)
    assert "No pool connects" in tab.form.token_out_error.text()
    assert not tab.form.swap_button.isEnabled()


def test_empty_state_button_opens_create_token_and_a_new_settings_default_is_taken(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    from qenex_desktop.core.changes import Changed
    from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog

    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    qtbot.waitUntil(lambda: tab.snapshot is not None, timeout=15_000)
    tab.empty_create.click()
    dialog = tab.last_dialog
    assert isinstance(dialog, CreateTokenDialog)
    dialog.symbol.setText("GOLD")
    dialog.name.setText("Gold")
    dialog.supply.setText("5")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.result_token is not None, timeout=15_000)
    again = CreateTokenDialog(window.ctx, window)  # type: ignore[arg-type]
    again.symbol.setText("GOLD")
    again.name.setText("Gold again")
    again.supply.setText("5")
    again.ok_button.click()
    qtbot.waitUntil(lambda: again.errors["symbol"].shown, timeout=15_000)
    assert "exists already" in again.errors["symbol"].text()
    assert again.result_token is None
    assert tab.form.slippage.text() == "0.5"
    assert window.ctx is not None
    window.ctx.prefs.slippage_percent = "1.2"
    window.ops.changed.emit(Changed.SETTINGS)
    qtbot.waitUntil(lambda: tab.form.slippage.text() == "1.2", timeout=15_000)


def test_a_bad_amount_is_said_as_typed_and_never_sent_for_a_quote(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab, window = swap_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    window.ops.wait_idle()
    asked: list[object] = []
    monkeypatch.setattr(window.ctx.core.exchange, "quote_swap", lambda *a, **k: asked.append(a))
    qtbot.keyClicks(tab.form.amount_in, "1,5")
    assert tab.form.amount_in_error.shown and "separators" in tab.form.amount_in_error.text()  # at once
    tab.request_quote()  # the pause after typing is over
    window.ops.wait_idle()
    assert asked == []
    assert tab.form.amount_in_error.shown and not tab.form.swap_button.isEnabled()


def test_max_by_keyboard_pays_the_whole_balance(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, _window = swap_ready(qtbot, make_window, prepared)
    qtbot.waitUntil(lambda: balance_in_table(tab, "GOLD") == "900", timeout=15_000)
    assert tab.form.amount_in.symbol == "GOLD" and tab.form.amount_out.symbol == "SILV"
    qtbot.keyClick(tab.form.max_button, Qt.Key.Key_Space)
    assert tab.form.amount_in.text() == "900"
    qtbot.waitUntil(lambda: tab.quote is not None, timeout=15_000)
    assert tab.quote is not None and tab.quote.amount_in == 900 * ETHER
