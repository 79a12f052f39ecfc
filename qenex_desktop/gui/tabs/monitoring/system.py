"""The Node and system page: node round trip, block height, the app's CPU and memory, database size."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout

from qenex_desktop.gui.charts import TimeChart
from qenex_desktop.gui.tabs.monitoring.page import ChartPage

if TYPE_CHECKING:
    from qenex_desktop.gui.tabs.monitoring.reads import SystemData


class SystemPage(ChartPage):
    def steps(self) -> Iterator[None]:
        waiting = self.tr(
            "The app samples itself every 15 s while you are logged in; the first point comes shortly."
        )
        no_node = self.tr(
            "No node readings in this window. Start the local node (Tools → Start local node) or "
            "check the network in File → Settings."
        )
        self.node_latency_chart = TimeChart(
            self.tr("Node latency"), self.tr("Round trip"), "ms", empty_text=no_node
        )
        yield
        self.block_chart = TimeChart(
            self.tr("Block height"), self.tr("Block"), self.tr("number"), empty_text=no_node
        )
        yield
        self.cpu_chart = TimeChart(self.tr("App CPU"), self.tr("CPU"), "%", empty_text=waiting)
        yield
        self.memory_chart = TimeChart(
            self.tr("App memory (resident)"), self.tr("Memory"), "B", empty_text=waiting, si_prefix=True
        )
        yield
        self.db_chart = TimeChart(
            self.tr("Database size"), self.tr("Size"), "B", empty_text=waiting, si_prefix=True, legend=True
        )
        yield
        grid = QGridLayout()
        grid.addWidget(self.node_latency_chart, 0, 0)
        grid.addWidget(self.block_chart, 0, 1)
        grid.addWidget(self.cpu_chart, 1, 0)
        grid.addWidget(self.memory_chart, 1, 1)
        grid.addWidget(self.db_chart, 2, 0, 1, 2)
        self.body.addLayout(grid, 1)

    def show_data(self, data: SystemData, window_ms: int) -> None:
        series = data.series
        start, end = data.now_ms - window_ms, data.now_ms
        self.plot(self.node_latency_chart, [("latency", series.get("node_latency_ms", []), 0)], start, end)
        self.plot(self.block_chart, [("block", series.get("block_height", []), 3)], start, end)
        self.plot(self.cpu_chart, [("cpu", series.get("cpu_percent", []), 1)], start, end)
        self.plot(self.memory_chart, [("rss", series.get("rss_bytes", []), 2)], start, end)
        self.plot(
            self.db_chart,
            [
                (self.tr("database file"), series.get("db_bytes", []), 0),
                (self.tr("write-ahead log"), series.get("wal_bytes", []), 1),
            ],
            start,
            end,
        )
