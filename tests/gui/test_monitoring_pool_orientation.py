"""The Monitoring tab's Pools page shows a pool as the person ordered it (issue 12): a pool created
as QXC/USD is "QXC/USD", its price is USD per QXC and its volume, fees and TVL are valued in USD,
although the core keeps the pair sorted (USD, the older token, is its token0)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.tabs.monitoring.tab import PAGE_POOLS, MonitoringTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, qxc_usd_pool, show_tab

pytestmark = pytest.mark.usefixtures("english_locale")


def test_the_pools_page_lists_price_and_values_in_the_chosen_orientation(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    show_tab(qtbot, window, "liquidity")
    qxc_usd_pool(qtbot, window)  # "1 QXC = 2 USD", USD the core's token0
    assert window.ctx is not None
    exchange = window.ctx.core.exchange
    window.ops.run(lambda: exchange.swap_exact_in("USD", "QXC", "10", 0))  # QXC gets dearer
    window.ops.wait_idle()
    tab = show_tab(qtbot, window, "monitoring")
    assert isinstance(tab, MonitoringTab)
    page = tab.pools_page
    tab.pages.setCurrentIndex(PAGE_POOLS)
    qtbot.waitUntil(lambda: tab.pools_data is not None and tab.pools_data.summary is not None, timeout=15_000)
    qtbot.waitUntil(
        lambda: page.pool_price_chart.has_data() and page.pool_volume_chart.has_data(), timeout=15_000
    )
    assert page.pool_combo.currentText() == "QXC/USD"  # was "USD/QXC"
    price_item = page.pool_price_chart.plot.getPlotItem()
    assert price_item.getAxis("left").labelUnits == "USD per QXC"
    prices = [float(y) for y in page.pool_price_chart._items["price"].getData()[1]]
    assert round(prices[0], 6) == 2.0 and prices[-1] > 2.0  # was 0.5, falling
    assert page.pool_volume_chart.plot.getPlotItem().getAxis("left").labelUnits == "USD"
    volume = page.pool_volume_chart._items["volume"].opts["height"]
    assert round(max(float(v) for v in volume), 6) == 10.0  # 10 USD swapped in, valued in USD
    text = page.pool_summary.text()
    assert text.startswith(
        "1 swaps · volume 0 QXC + 10 USD · fees 0 QXC + 0.03 USD · TVL 4,020 USD · price +"
    )
