"""Monitoring tab: health rows with status colours, charts with data after real operations
(latency, throughput, transactions per minute), system samples, pool analytics; empty states."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import delete

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import HealthResult
from qenex_desktop.gui.colours import HEALTH_STATUS
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.monitoring.tab import (
    PAGE_HEALTH,
    PAGE_OPERATIONS,
    PAGE_POOLS,
    PAGE_SYSTEM,
    MonitoringTab,
)
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, create_pool, create_token, show_tab


def with_trades(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> tuple[MonitoringTab, MainWindow]:
    window = make_window(lambda: fast_core(config))
    show_tab(qtbot, window, "swap")
    create_token(qtbot, window, "GOLD", "1000")
    create_token(qtbot, window, "SILV", "5000")
    create_pool(qtbot, window, "GOLD", "SILV", "100", "400")
    assert window.ctx is not None
    exchange = window.ctx.core.exchange
    window.ops.run(lambda: exchange.swap_exact_in("GOLD", "SILV", "5", 0))
    window.ops.wait_idle()
    tab = show_tab(qtbot, window, "monitoring")
    assert isinstance(tab, MonitoringTab)
    return tab, window


def test_health_panel_lists_every_check_with_status_colours(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, window = with_trades(qtbot, make_window, prepared)
    tab.pages.setCurrentIndex(PAGE_HEALTH)
    qtbot.waitUntil(lambda: tab.health_data is not None and len(tab.health_data.health) == 6, timeout=30_000)
    model = tab.health_page.health_model
    checks = {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}
    assert set(checks) == {
        "Database integrity",
        "Database schema",
        "Keyring",
        "Node and chain id",
        "Audit chain",
        "Audit chain (full check)",
    }
    assert checks["Database integrity"] == "OK"
    assert checks["Audit chain"] == "OK"
    assert checks["Node and chain id"] in ("FAIL", "WARN")  # the test network has no node
    node_row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Node and chain id")
    colour = model.index(node_row, 1).data(0x0009)  # ForegroundRole
    assert colour is not None and colour.name() in (HEALTH_STATUS["fail"], HEALTH_STATUS["warn"])
    # the stats table lists the exchange operations just run
    qtbot.waitUntil(lambda: tab.health_page.stats_model.rowCount() > 0, timeout=15_000)
    stats = tab.health_page.stats_model
    names = {stats.index(r, 0).data() for r in range(stats.rowCount())}
    assert {"exchange.swap", "exchange.create_pool"} <= names
    # Run checks runs them again on a worker thread and stores them (wipe the stored ones first)
    assert window.ctx is not None
    core = window.ctx.core
    qtbot.waitUntil(lambda: not window.audit_check_timer.isActive(), timeout=15_000)  # the start's walk
    window.ops.wait_idle()
    with core.db.write() as session:
        session.execute(delete(HealthResult))
    assert core.monitoring.health() == []
    tab.run_checks()
    qtbot.waitUntil(lambda: len(core.monitoring.health()) == 6, timeout=30_000)
    window.ops.wait_idle()
    assert tab.health_page.health_model.rowCount() == 6


def test_operation_charts_have_data_after_operations(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, _window = with_trades(qtbot, make_window, prepared)
    page = tab.operations_page
    tab.pages.setCurrentIndex(PAGE_OPERATIONS)
    qtbot.waitUntil(lambda: tab.operations_data is not None, timeout=15_000)
    qtbot.waitUntil(lambda: page.latency_chart.has_data(), timeout=15_000)
    assert page.latency_chart.points("p95") > 0 and page.latency_chart.points("p50") > 0
    assert not page.latency_chart.empty.isVisibleTo(page.latency_chart)
    qtbot.waitUntil(lambda: page.throughput_chart.has_data(), timeout=15_000)
    assert tab.operations_data is not None
    assert sum(v for _, v in tab.operations_data.tx_per_minute) >= 1  # the swap, at least
    assert "exchange.swap" in tab.operations_data.names
    # axes carry the unit and a time axis
    item = page.latency_chart.plot.getPlotItem()
    assert "ms" in item.getAxis("left").labelText + item.getAxis("left").labelUnits
    assert type(item.getAxis("bottom")).__name__ == "DateAxisItem"
    # one operation only
    index = page.operation_combo.findData("exchange.swap")
    assert index > 0
    page.operation_combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: page.latency_chart.points("p95") >= 1, timeout=15_000)


def test_system_page_samples_the_process(qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig) -> None:
    tab, _window = with_trades(qtbot, make_window, prepared)
    page = tab.system_page
    tab.pages.setCurrentIndex(PAGE_SYSTEM)
    qtbot.waitUntil(lambda: tab.samples_taken >= 1, timeout=15_000)
    qtbot.waitUntil(lambda: page.memory_chart.has_data() and page.db_chart.has_data(), timeout=15_000)
    assert tab.system_data is not None
    assert all(v > 0 for _, v in tab.system_data.series["rss_bytes"])
    # no node on the test network: its charts say what to do instead of drawing nothing
    assert not page.node_latency_chart.has_data()
    assert page.node_latency_chart.empty.isVisibleTo(page.node_latency_chart)
    assert "Start the local node" in page.node_latency_chart.empty.text()


def test_pool_analytics_show_price_volume_and_fees(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, _window = with_trades(qtbot, make_window, prepared)
    page = tab.pools_page
    tab.pages.setCurrentIndex(PAGE_POOLS)
    qtbot.waitUntil(lambda: tab.pools_data is not None and tab.pools_data.summary is not None, timeout=15_000)
    assert page.pool_combo.currentText() == "GOLD/SILV"
    qtbot.waitUntil(
        lambda: page.pool_price_chart.has_data() and page.pool_volume_chart.has_data(), timeout=15_000
    )
    assert tab.pools_data is not None and tab.pools_data.summary is not None
    assert tab.pools_data.summary.swaps == 1
    assert tab.pools_data.summary.volume0 == 5 * 10**18
    assert "1 swaps" in page.pool_summary.text() and "volume 5 GOLD" in page.pool_summary.text()


def test_pools_page_without_pools_says_what_to_do(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "monitoring")
    assert isinstance(tab, MonitoringTab)
    page = tab.pools_page
    tab.pages.setCurrentIndex(PAGE_POOLS)
    qtbot.waitUntil(lambda: tab.pools_data is not None and tab.pacer.pending == 0, timeout=15_000)
    assert not page.pool_price_chart.has_data()
    assert "Liquidity tab" in page.pool_price_chart.empty.text()
    assert "Liquidity tab" in page.pool_summary.text()
