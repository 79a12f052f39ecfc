"""Issue 12, "Confirm before money moves": a swap whose price impact is over 5% needs "I understand"
ticked, over 15% the word typed, before its Swap button is on; Return never swaps while the tick
or the word is missing and Escape cancels, both changing nothing (real key presses). A slippage
tolerance over 5% is warned about under the field, in room kept for it, and still accepted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.confirm_swap import CONFIRM_WORD, ConfirmSwapDialog, impact_level
from qenex_desktop.gui.tabs.swap.form import slippage_is_high
from tests.gui.exchange_flows import MakeWindow, ledger_state
from tests.gui.test_swap_tab import SwapTab, open_confirm, swap_ready


@pytest.mark.parametrize(
    ("bps", "level"),
    [(0, "none"), (500, "none"), (501, "tick"), (1500, "tick"), (1501, "word"), (10_000, "word")],
)
def test_the_levels_are_decided_on_integer_basis_points(bps: int, level: str) -> None:
    assert impact_level(bps) == level


def test_slippage_over_five_percent_is_high() -> None:
    assert [slippage_is_high(t) for t in ("0.5", "5", "5.01", "50", "51", "1,5", "")] == [
        False,
        False,
        True,
        True,
        False,  # refused by the core's 50% limit, said under the field instead
        False,
        False,
    ]


def quoted(qtbot: QtBot, tab: SwapTab, amount: str) -> None:
    qtbot.keyClicks(tab.form.amount_in, amount)
    qtbot.waitUntil(lambda: tab.quote is not None, timeout=15_000)


def test_a_small_impact_asks_nothing_more(qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig) -> None:
    tab, _window = swap_ready(qtbot, make_window, prepared)
    quoted(qtbot, tab, "1")  # 1 GOLD into 100/400: 1.28% with the fee
    dialog = open_confirm(qtbot, tab)
    assert dialog.level == "none" and dialog.understood is None and dialog.word is None
    assert dialog.ok_button.isEnabled() and dialog.focusWidget() is dialog.ok_button
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.last_result is not None, timeout=15_000)


def test_over_five_percent_return_waits_for_the_tick(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = swap_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    quoted(qtbot, tab, "10")  # 9.34%
    dialog = open_confirm(qtbot, tab)
    assert dialog.level == "tick"
    assert "Price impact 9.34%" in dialog.warning.text()
    box = dialog.understood
    assert box is not None and not box.isChecked()
    assert not dialog.ok_button.isEnabled()
    before = ledger_state(window.ctx.core)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # no tick: Return does nothing
    qtbot.keyClick(box, Qt.Key.Key_Enter)
    window.ops.wait_idle()
    assert dialog.isVisible() and tab.last_result is None
    assert ledger_state(window.ctx.core) == before
    dialog.accept()  # not even a direct call gets past the missing tick
    assert dialog.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() and dialog.ok_button.isEnabled()
    qtbot.keyClick(box, Qt.Key.Key_Space)  # untick: off again
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.last_result is not None, timeout=15_000)


def test_over_fifteen_percent_needs_the_word_typed(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = swap_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    quoted(qtbot, tab, "30")  # 30 GOLD into a 100 GOLD pool: about 23%
    quote = tab.quote
    assert quote is not None and quote.price_impact_bps > 1500
    dialog = open_confirm(qtbot, tab)
    assert dialog.level == "word" and dialog.understood is None
    word = dialog.word
    assert word is not None and dialog.focusWidget() is word
    assert f'Type "{CONFIRM_WORD}"' in " ".join(w.text() for w in dialog.findChildren(type(dialog.warning)))
    before = ledger_state(window.ctx.core)
    qtbot.keyClick(word, Qt.Key.Key_Return)
    qtbot.keyClicks(word, CONFIRM_WORD[:-1])
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(word, Qt.Key.Key_Return)
    window.ops.wait_idle()
    assert dialog.isVisible() and ledger_state(window.ctx.core) == before
    qtbot.keyClicks(word, CONFIRM_WORD[-1])
    assert dialog.ok_button.isEnabled()
    qtbot.keyClick(word, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.last_result is not None, timeout=15_000)


def test_escape_cancels_a_high_impact_swap(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = swap_ready(qtbot, make_window, prepared)
    assert window.ctx is not None
    quoted(qtbot, tab, "30")
    dialog = open_confirm(qtbot, tab)
    assert dialog.word is not None
    qtbot.keyClicks(dialog.word, CONFIRM_WORD)
    before = ledger_state(window.ctx.core)
    results: list[int] = []
    dialog.finished.connect(results.append)
    qtbot.keyClick(dialog.word, Qt.Key.Key_Escape)
    window.ops.wait_idle()
    assert results == [ConfirmSwapDialog.DialogCode.Rejected.value]
    assert tab.last_result is None and ledger_state(window.ctx.core) == before


def test_high_slippage_warns_in_kept_room_and_is_accepted(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, _window = swap_ready(qtbot, make_window, prepared)
    form = tab.form
    form.slippage.setFocus()
    warning = form.slippage_warning
    assert not warning.isVisible()
    button_at = form.swap_button.mapTo(tab, form.swap_button.rect().topLeft())
    form.slippage.selectAll()
    qtbot.keyClicks(form.slippage, "12")
    assert warning.isVisible() and "over 5%" in warning.text()
    assert form.swap_button.mapTo(tab, form.swap_button.rect().topLeft()) == button_at  # nothing moved
    quoted(qtbot, tab, "1")
    assert tab.quote is not None and tab.quote.slippage_bps == 1200  # a warning, not a refusal
    assert not form.slippage_error.shown
    qtbot.keyClick(form.slippage, Qt.Key.Key_Backspace)
    qtbot.keyClick(form.slippage, Qt.Key.Key_Backspace)
    qtbot.keyClicks(form.slippage, "5")
    assert not warning.isVisible()
    assert form.swap_button.mapTo(tab, form.swap_button.rect().topLeft()) == button_at
