"""The Liquidity tab's chart and its add/remove panels follow the pool's orientation (issue 12): a
pool created as QXC/USD ("1 QXC = 2 USD") is charted in USD per QXC and deposited QXC first,
although the core keeps it sorted (USD, the older token, is its token0); a flip with Ctrl+Shift+F
turns the panels and the chart round, the typed amounts going along with their tokens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.tabs.liquidity.tab import LiquidityTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, qxc_usd_pool, show_tab
from tests.gui.test_liquidity_tab import review_open

pytestmark = pytest.mark.usefixtures("english_locale")


def _drawn(tab: LiquidityTab) -> list[float]:
    item = tab.chart._items["price"]
    return [round(float(y), 6) for y in item.getData()[1]]


def test_chart_and_panels_list_the_pool_as_the_person_ordered_it(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "liquidity")
    assert isinstance(tab, LiquidityTab)
    qxc_usd_pool(qtbot, window)  # "1 QXC = 2 USD", USD the core's token0
    qtbot.waitUntil(lambda: tab.chart.has_data(), timeout=15_000)
    panels = tab.panels
    item = tab.chart.plot.getPlotItem()
    assert item.getAxis("left").labelUnits == "USD per QXC"  # was "QXC per USD"
    assert _drawn(tab) == [2.0]  # was 0.5
    assert (panels.add_label_a.text(), panels.add_label_b.text()) == ("QXC", "USD")
    assert panels.held_label.text() == "You hold 99,000 QXC and 98,000 USD."
    qtbot.keyClicks(panels.amount_a, "10")  # 10 QXC: 20 USD at 1 QXC = 2 USD
    assert panels.amount_b.text() == "20"
    panels.setCurrentIndex(1)
    assert panels.preview_label.text() == "≈ 499.999 QXC and 999.999 USD"  # the slider's 50%, cut

    panels.setCurrentIndex(0)
    view = tab.pools_view
    view.setFocus()
    view.setCurrentIndex(tab.pools_model.index(0, 0))
    qtbot.keyClick(
        view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: panels.add_label_a.text() == "USD", timeout=15_000)
    assert panels.add_label_b.text() == "QXC"
    assert (panels.amount_a.text(), panels.amount_b.text()) == ("20", "10")  # with their tokens
    qtbot.waitUntil(lambda: item.getAxis("left").labelUnits == "QXC per USD", timeout=15_000)
    qtbot.waitUntil(lambda: _drawn(tab) == [0.5], timeout=15_000)
    assert panels.preview_label.text() == "≈ 999.999 USD and 499.999 QXC"

    # Return in an amount opens the review, base first as on screen
    qtbot.keyClick(panels.amount_a, Qt.Key.Key_Return)
    dialog = review_open(qtbot, tab)
    assert (dialog.review.symbol_a, dialog.review.symbol_b) == ("USD", "QXC")
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
