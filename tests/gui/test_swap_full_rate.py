"""Issue 12, "Numbers people can read": the Swap tab's Rate row shows six significant digits and
every digit on hover; the confirmation shows the full rate (typed with real keys)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from tests.gui.exchange_flows import MakeWindow
from tests.gui.test_swap_confirm_risk import quoted
from tests.gui.test_swap_tab import open_confirm, swap_ready


def test_the_rate_is_cut_on_the_form_and_full_on_hover_and_in_the_confirmation(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, _window = swap_ready(qtbot, make_window, prepared)
    assert tab.form.rate_label.toolTip() == ""  # no quote, nothing to hover
    quoted(qtbot, tab, "1")  # 1 GOLD into 100/400 with the 0.3% fee
    quote = tab.quote
    assert quote is not None
    exact = quote.effective_price
    assert len(exact.replace(".", "").lstrip("0")) > 6  # more digits than the row shows
    full = f"1 GOLD = {exact} SILV"
    assert tab.form.rate_label.text() != full
    assert tab.form.rate_label.text().startswith("1 GOLD = 3.9")
    assert tab.form.rate_label.toolTip() == full
    dialog = open_confirm(qtbot, tab)
    texts = [label.text() for label in dialog.rows.values()]
    assert texts[0] == full  # the Rate row, every digit
    assert tab.form.rate_label.text() not in texts
    assert list(dialog.rows) == list(tab.details(quote))  # the same rows as the tab, in order
