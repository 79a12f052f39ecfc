"""The history the legacy imports carried over (``qenex import-legacy --history``), read-only.

The originals' ``transactions`` and ``audit_log`` rows, newest first, as the original wrote them
(amounts never rounded): when, what, who, to whom, which token, how much, and every column of the
row in the tooltip. A page at a time; Load older fetches the next page before the oldest shown.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from qenex_desktop.core.exchange.legacy import LegacyHistoryRecord
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel
from qenex_desktop.gui.operations import ledger as ledger_ops
from qenex_desktop.gui.widgets import TableStack, fit_columns

PAGE = 200


def _amount(record: LegacyHistoryRecord) -> str:
    return " ".join(part for part in (record.amount, record.symbol) if part)


def _details(record: LegacyHistoryRecord) -> str:
    return json.dumps(record.details, ensure_ascii=False, indent=1, default=str)


COLUMNS: tuple[Column[LegacyHistoryRecord], ...] = (
    Column("When", lambda r: r.happened_at or "?"),
    Column("File", lambda r: f"{r.source_file} {r.source_table} #{r.source_row}", tooltip=_details),
    Column("What", lambda r: r.kind or "", tooltip=_details),
    Column("From", lambda r: r.actor or ""),
    Column("To", lambda r: r.counterparty or ""),
    Column("Amount", _amount, numeric=True),
    Column("Status", lambda r: r.status or ""),
)


class LegacyHistoryDialog(QDialog):
    #: A page was read (tests wait for it).
    loaded = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pages = 0
        self.setWindowTitle(self.tr("History imported from QENEX OS / DeFi"))
        self.setWindowIcon(icon("activity"))
        self.setObjectName("legacyHistoryDialog")
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Rows of the originals' transactions and audit log, as they were written (read-only), "
                "newest first. Point at a row for all its columns."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model: RowTableModel[LegacyHistoryRecord] = RowTableModel(COLUMNS, self)
        self.stack = TableStack(
            self.model, self.tr("No history imported: Ledger → Import from QENEX OS / DeFi… brings it in.")
        )
        self.table = self.stack.view
        self.table.setObjectName("legacyHistoryTable")
        layout.addWidget(self.stack, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.older_button = QPushButton(self.tr("Load older"))
        buttons.addButton(self.older_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.older_button.clicked.connect(lambda _checked=False: self.load_older())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.older_button.setEnabled(False)
        self.resize(860, 520)
        self._read(None)

    def _read(self, before_id: int | None) -> None:
        ledger_ops.read_legacy_history(
            self.ctx, before_id, PAGE, on_done=self._show, owner=self, trigger=self.older_button
        )

    def load_older(self) -> None:
        rows = self.model.rows
        if rows:
            self._read(rows[-1].id)

    def _show(self, records: list[LegacyHistoryRecord]) -> None:
        self.pages += 1
        rows = self.model.rows + list(records)
        self.stack.set_rows(rows)
        fit_columns(self.table)
        self.older_button.setEnabled(len(records) == PAGE)
        self.loaded.emit()
