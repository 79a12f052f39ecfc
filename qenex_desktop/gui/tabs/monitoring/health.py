"""The Health page: each check with its status colour, and per operation its calls (refused for the
person's input apart from failed), and latency.

The checks run again when the active network changes (the tab's ``_on_changed``); a check's message
is never cut: its column takes the room left and wraps, and the full text is its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHeaderView, QLabel, QVBoxLayout, QWidget

from qenex_desktop.gui.colours import AMBER, HEALTH_STATUS, RED
from qenex_desktop.gui.formatting import micros_text
from qenex_desktop.gui.models import Column, RowTableModel, time_column
from qenex_desktop.gui.widgets import TableStack, fit_columns, heading, make_table

if TYPE_CHECKING:
    from qenex_desktop.core.monitoring import HealthStatus, OperationStats
    from qenex_desktop.gui.tabs.monitoring.reads import HealthData

HEALTH_LABELS = {
    "database": "Database integrity",
    "schema": "Database schema",
    "keyring": "Keyring",
    "node": "Node and chain id",
    "audit": "Audit chain",
    "audit_full": "Audit chain (full check)",  # the last full walk, at start-up and daily
}
#: The health table's Message column: it stretches and wraps.
MESSAGE_COLUMN = 2


def stats_columns(t: Callable[[str], str]) -> list[Column[OperationStats]]:
    return [
        Column(t("Operation"), lambda s: s.operation),
        Column(t("Calls"), lambda s: str(s.count), numeric=True),
        Column(
            t("Refused"),
            lambda s: str(s.refusals),
            numeric=True,
            tooltip=lambda _s: t("Calls the core refused for the person's input (slippage, funds, …)"),
            color=lambda s: AMBER if s.refusals else None,
        ),
        Column(
            t("Failed"),
            lambda s: str(s.faults),
            numeric=True,
            tooltip=lambda _s: t("Calls that failed: bugs, node errors, the ledger busy"),
            color=lambda s: RED if s.faults else None,
        ),
        Column(t("p50"), lambda s: micros_text(s.p50_us), numeric=True),
        Column(t("p95"), lambda s: micros_text(s.p95_us), numeric=True),
        Column(t("p99"), lambda s: micros_text(s.p99_us), numeric=True),
        Column(
            t("Calls/min"),
            lambda s: f"{s.throughput_per_s * 60:.2f}",
            numeric=True,
            tooltip=lambda s: t("exact percentiles") if s.exact else t("estimated from histograms (±5%)"),
        ),
    ]


def health_columns(t: Callable[[str], str]) -> list[Column[HealthStatus]]:
    return [
        Column(t("Check"), lambda h: t(HEALTH_LABELS.get(h.name, h.name))),
        Column(
            t("Status"),
            lambda h: h.status.value.upper(),
            color=lambda h: HEALTH_STATUS.get(h.status.value),
        ),
        Column(t("Message"), lambda h: h.message, tooltip=lambda h: h.message),
        time_column(t("Checked"), lambda h: h.checked_at_ms),
    ]


class HealthPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Health checks")))
        self.health_model: RowTableModel[HealthStatus] = RowTableModel(health_columns(self.tr))
        self.health_view = make_table(self.health_model)
        self.health_view.setMinimumHeight(170)
        self.health_view.setWordWrap(True)
        header = self.health_view.horizontalHeader()
        header.setStretchLastSection(False)
        header.sectionResized.connect(lambda *_: self.health_view.resizeRowsToContents())
        layout.addWidget(self.health_view, 2)
        hint = QLabel(
            self.tr(
                "Database integrity, schema, keyring, node (reachable, right chain id) and the audit "
                "chain. Press Run checks to check again now."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(heading(self.tr("Operations in this window")))
        self.stats_model: RowTableModel[OperationStats] = RowTableModel(stats_columns(self.tr))
        self.stats_stack = TableStack(
            self.stats_model,
            self.tr(
                "No operations recorded in this window yet. Log in, swap, add liquidity or send "
                "something: each call's time shows up here."
            ),
        )
        layout.addWidget(self.stats_stack, 3)

    def show_data(self, data: HealthData) -> None:
        self.health_model.set_rows(data.health)
        fit_columns(self.health_view, max_width=320)
        header = self.health_view.horizontalHeader()
        header.setSectionResizeMode(MESSAGE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.health_view.resizeRowsToContents()
        self.stats_stack.set_rows(data.stats)
        fit_columns(self.stats_stack.view)
