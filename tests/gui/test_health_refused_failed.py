"""The Health page's operations table counts a person's refusals apart from failures (issue 12).

Before, one "Errors" column counted a swap refused for slippage like a crash or a dead node.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.tabs.monitoring.tab import PAGE_HEALTH, MonitoringTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, refuse_a_swap, show_tab


def test_the_health_table_shows_refused_and_failed_apart(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    refuse_a_swap(qtbot, window)
    tab = show_tab(qtbot, window, "monitoring")
    assert isinstance(tab, MonitoringTab)
    tab.pages.setCurrentIndex(PAGE_HEALTH)
    model = tab.health_page.stats_model

    def row_of(name: str) -> dict[str, str]:
        horizontal = Qt.Orientation.Horizontal
        headers = [
            model.headerData(c, horizontal, Qt.ItemDataRole.DisplayRole) for c in range(model.columnCount())
        ]
        for r in range(model.rowCount()):
            if model.index(r, 0).data() == name:
                return {h: model.index(r, c).data() for c, h in enumerate(headers)}
        return {}

    qtbot.waitUntil(lambda: bool(row_of("exchange.swap")), timeout=15_000)
    swap = row_of("exchange.swap")
    assert "Errors" not in swap
    assert (swap["Calls"], swap["Refused"], swap["Failed"]) == ("1", "1", "0")
    # the balance reads that found no node are failures, not refusals
    failed = [
        row
        for row in (row_of(model.index(r, 0).data()) for r in range(model.rowCount()))
        if row["Failed"] != "0"
    ]
    assert failed and all(row["Refused"] == "0" for row in failed)
