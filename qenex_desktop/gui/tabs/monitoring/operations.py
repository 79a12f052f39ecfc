"""The Operations page: latency p50/p95, throughput, failed and refused shares, transactions per minute.

A refused call (the person's input: slippage, a deadline, too little balance, a wrong password) is
not a failure of the app: the calls chart draws faults (bugs, node errors) and refusals as two
lines, and the line above it counts each apart (``core/monitoring/outcomes``, by the error's kind).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QWidget

from qenex_desktop.gui.charts import MIN_SPAN_S, ChartPacer, TimeChart
from qenex_desktop.gui.formatting import count_text
from qenex_desktop.gui.tabs.monitoring.page import ChartPage
from qenex_desktop.gui.tabs.monitoring.reads import ALL_OPERATIONS

if TYPE_CHECKING:
    from qenex_desktop.gui.tabs.monitoring.reads import OperationsData


def outcomes_text(refused: int, faulted: int, tr: Callable[[str], str]) -> str:
    return tr("In this window: {r} refused (your input) · {f} failed (faults)").format(
        r=count_text(refused), f=count_text(faulted)
    )


class OperationsPage(ChartPage):
    def __init__(self, pacer: ChartPacer, parent: QWidget | None = None) -> None:
        super().__init__(pacer, parent)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Operation")))
        self.operation_combo = QComboBox()
        self.operation_combo.addItem(self.tr("All operations"), ALL_OPERATIONS)
        self.operation_combo.setMinimumContentsLength(24)
        self.operation_combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        row.addWidget(self.operation_combo)
        row.addStretch(1)
        #: "In this window: 2 refused (your input) · 1 failed (faults)".
        self.outcomes_label = QLabel()
        self.outcomes_label.setObjectName("operationOutcomes")
        row.addWidget(self.outcomes_label)
        self.body.addLayout(row)

    @property
    def operation(self) -> str:
        return str(self.operation_combo.currentData() or ALL_OPERATIONS)

    def steps(self) -> Iterator[None]:
        no_ops = self.tr("No calls in this window yet: log in, swap or send, and they show up here.")
        self.latency_chart = TimeChart(
            self.tr("Operation latency"), self.tr("Latency"), "ms", empty_text=no_ops, legend=True
        )
        yield
        self.throughput_chart = TimeChart(
            self.tr("Throughput"),
            self.tr("Calls"),
            self.tr("per second"),
            empty_text=no_ops,
            zero_is_empty=True,
        )
        yield
        self.errors_chart = TimeChart(
            self.tr("Failed and refused calls"),
            self.tr("Calls"),
            self.tr("share of calls, 0 to 1"),
            empty_text=no_ops,
            legend=True,
        )
        yield
        self.tx_chart = TimeChart(
            self.tr("Transactions per minute"),
            self.tr("Transactions"),
            self.tr("per minute"),
            empty_text=self.tr(
                "No transactions in this window: swaps, liquidity changes and sends are counted here."
            ),
            bars=True,
            zero_is_empty=True,
        )
        yield
        grid = QGridLayout()
        grid.addWidget(self.latency_chart, 0, 0)
        grid.addWidget(self.throughput_chart, 0, 1)
        grid.addWidget(self.tx_chart, 1, 0)
        grid.addWidget(self.errors_chart, 1, 1)
        self.body.addLayout(grid, 1)

    def _offer_operations(self, names: list[str]) -> None:
        """The menu lists every operation recorded so far; the one picked stays picked."""
        combo = self.operation_combo
        known = [combo.itemData(i) for i in range(combo.count())]
        if known == [ALL_OPERATIONS, *names]:
            return
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All operations"), ALL_OPERATIONS)
        for name in names:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def show_data(self, data: OperationsData, window_ms: int) -> None:
        self._offer_operations(data.names)
        start, end = data.now_ms - window_ms, data.now_ms
        # One time axis for the page: latency has points only where calls were, the others are
        # zero-filled buckets, so each fitting its own data would give four different ranges.
        firsts = [s[0][0] for s in (data.p50, data.p95) if s]
        if firsts:
            start = max(start, min(min(firsts), end - int(MIN_SPAN_S * 1000)))
        self.plot(self.latency_chart, [("p50", data.p50, 0), ("p95", data.p95, 1)], start, end, fit=False)
        self.plot(self.throughput_chart, [("calls/s", data.throughput, 2)], start, end, fit=False)
        self.plot(self.tx_chart, [("transactions", data.tx_per_minute, 0)], start, end, fit=False)
        self.plot(
            self.errors_chart,
            [("failed (faults)", data.errors, 4), ("refused (your input)", data.refusals, 1)],
            start,
            end,
            fit=False,
        )
        self.outcomes_label.setText(outcomes_text(data.refused, data.faulted, self.tr))
