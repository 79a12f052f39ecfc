"""The Monitoring tab's Operations page counts a person's refused swap apart from faults (issue 12).

Before, a swap refused for slippage was drawn as a "Failed call" like a crash or a dead node.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.tabs.monitoring.tab import PAGE_OPERATIONS, MonitoringTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, refuse_a_swap, show_tab


def test_a_refused_swap_is_counted_as_refused_not_failed(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    refuse_a_swap(qtbot, window)
    tab = show_tab(qtbot, window, "monitoring")
    assert isinstance(tab, MonitoringTab)
    page = tab.operations_page
    tab.pages.setCurrentIndex(PAGE_OPERATIONS)
    # all operations: the refused swap, and the wallet's balance reads that found no node (faults)
    qtbot.waitUntil(
        lambda: tab.operations_data is not None and tab.operations_data.refused == 1, timeout=15_000
    )
    qtbot.waitUntil(
        lambda: tab.operations_data is not None and tab.operations_data.faulted > 0, timeout=15_000
    )
    assert tab.operations_data is not None
    faulted = tab.operations_data.faulted
    qtbot.waitUntil(
        lambda: page.outcomes_label.text().startswith("In this window: 1 refused"), timeout=15_000
    )
    assert f"· {faulted} failed (faults)" in page.outcomes_label.text()
    # the swap alone: refused once, never failed
    qtbot.waitUntil(lambda: page.operation_combo.findData("exchange.swap") > 0, timeout=15_000)
    page.operation_combo.setFocus()
    page.operation_combo.setCurrentIndex(page.operation_combo.findData("exchange.swap"))
    qtbot.waitUntil(
        lambda: tab.operations_data is not None and tab.operations_data.faulted == 0, timeout=15_000
    )
    data = tab.operations_data
    assert data is not None and data.refused == 1
    qtbot.waitUntil(lambda: page.outcomes_label.text().endswith("1 refused (your input) · 0 failed (faults)"))
    assert max(v for _t, v in data.refusals) == 1.0  # the one swap call in its minute, refused
    assert max(v for _t, v in data.errors) == 0.0  # and nothing failed
    qtbot.waitUntil(lambda: page.errors_chart.points("refused (your input)") > 0, timeout=15_000)
