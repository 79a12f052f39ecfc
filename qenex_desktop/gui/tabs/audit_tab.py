"""The Audit tab: the tamper-evident audit log, its verification state, export.

Details are worded for people: an amount shows with its token's decimals and symbol
(``amount=20000000000000000000`` reads "amount=20 QXC", grouped and cut like every amount); the
tooltip has each amount exactly and the stored text, which is also what Copy takes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.audit_trail import Asset, money_fields
from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.colours import GREEN, RED, text_style
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import amount_text, full_amount_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel, hash_column, time_column
from qenex_desktop.gui.paths import documents_dir
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.widgets import EmptyState, TableStack, fit_columns, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.audit import AuditVerification
    from qenex_desktop.core.audit_trail import AuditRecord

PAGE_SIZE = 500


@dataclass(frozen=True)
class AuditRow:
    id: int
    created_at: int
    category: str
    event: str
    actor: str
    #: For reading: amounts with their symbol, cut like every amount.
    details: str
    entry_hash: str
    #: The amounts exactly, one per line, then the stored text (the tooltip); Copy takes the latter.
    details_exact: str = ""
    details_stored: str = ""


def read_entries(core: QenexCore, category: str | None) -> list[AuditRow]:
    trail = core.audit_trail
    records = trail.page(limit=PAGE_SIZE, category=category)
    assets = trail.assets()
    return [
        AuditRow(
            r.id,
            r.created_at,
            r.category,
            r.event,
            r.actor or "",
            readable_details(r, assets),
            r.entry_hash,
            readable_details(r, assets, exact=True),
            r.details_text,
        )
        for r in records
    ]


def readable_details(record: AuditRecord, assets: dict[str, Asset], *, exact: bool = False) -> str:
    """key=value pairs, amounts as "20 QXC" (exact: every digit); an unknown asset stays as stored."""
    if record.details is None:  # not text the app writes (verify reports the entry): shown as stored
        return record.details_text
    money = money_fields(record.details)
    text = full_amount_text if exact else amount_text
    parts = []
    for key, value in record.details.items():
        shown = [(units, assets.get(ref) or assets.get(ref.lower())) for units, ref in money.get(key, [])]
        if shown and all(asset is not None for _units, asset in shown):
            value = " + ".join(
                f"{text(units, asset.decimals)} {asset.symbol}" for units, asset in shown if asset
            )
        parts.append(f"{key}={value}")
    return ", ".join(parts)


def verify(core: QenexCore) -> AuditVerification:
    return core.audit_trail.verify(full=True)  # walks a read snapshot: the write lock stays free


def export(core: QenexCore, path: Path, fmt: str) -> int:
    return core.audit_trail.export_to(path, fmt)


class AuditTab(TabBase):
    key = "audit"
    relevant = Changed.AUDIT

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.state = QLabel(self.tr("Not verified in this session yet: press Verify."))
        self.state.setWordWrap(True)
        self.state.setObjectName("auditState")
        bar.addWidget(self.state, 1)
        self.category = QComboBox()
        self.category.addItem(self.tr("All entries"), "")
        self.category.addItem(self.tr("Security"), "security")
        self.category.addItem(self.tr("Money"), "money")
        self.category.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.category)
        self.verify_button = QPushButton(icon("verify"), self.tr("Verify"))
        self.verify_button.clicked.connect(lambda: self.verify())
        self.export_button = QPushButton(icon("export"), self.tr("Export…"))
        self.export_button.clicked.connect(lambda: self.export())
        bar.addWidget(self.verify_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.model: RowTableModel[AuditRow] = RowTableModel(
            [
                Column("#", lambda r: str(r.id), numeric=True),
                time_column(self.tr("Time"), lambda r: r.created_at),
                Column(self.tr("Category"), lambda r: r.category),
                Column(self.tr("Event"), lambda r: r.event),
                Column(self.tr("Who"), lambda r: r.actor),
                hash_column(self.tr("Hash"), lambda r: r.entry_hash, 8),
                Column(
                    self.tr("Details"),
                    lambda r: r.details,
                    tooltip=lambda r: f"{r.details_exact}\n\n{self.tr('As stored:')} {r.details_stored}",
                    full=lambda r: r.details_stored or r.details,
                ),
            ]
        )
        self.empty = EmptyState(
            self.tr("The audit log is empty"),
            self.tr(
                "Every login, key change and money movement is recorded here in a hash chain that shows "
                "any later edit. Create a profile or log in to add the first entries."
            ),
            icon_name="audit",
        )
        self.stack = TableStack(self.model, self.empty)
        self.view = self.stack.view
        layout.addWidget(self.stack, 1)
        self.verification: AuditVerification | None = None

    def refresh(self) -> None:
        core = self.ctx.core
        category = self.category.currentData() or None
        self.ctx.ops.run(
            lambda: read_entries(core, category),
            name="audit entries",
            latest="audit entries",
            on_done=self._show,
            owner=self,
            quiet=True,
        )

    def _show(self, rows: list[AuditRow]) -> None:
        self.stack.set_rows(rows)
        fit_columns(self.view)

    def verify(self) -> None:
        core = self.ctx.core
        self.state.setText(self.tr("Verifying the hash chain…"))
        self.ctx.ops.run(
            lambda: verify(core),
            name="audit verify",
            on_done=self._verified,
            owner=self,
            trigger=self.verify_button,
        )

    def _verified(self, result: AuditVerification) -> None:
        self.verification = result
        self.state.setText(result.message)
        self.state.setStyleSheet(text_style(GREEN if result.ok else RED))

    def export(self, path: str | None = None) -> None:
        if path is None:
            path, _selected = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the audit log"),
                str(documents_dir() / "audit-log.jsonl"),  # Documents (home without one), never the cwd
                self.tr("JSON lines (*.jsonl);;CSV (*.csv)"),
            )
            if not path:
                return
        target = Path(path)
        fmt = "csv" if target.suffix.lower() == ".csv" else "jsonl"
        core = self.ctx.core
        self.ctx.ops.run(
            lambda: export(core, target, fmt),
            name="audit export",
            on_done=lambda count: status_message(
                self, self.tr("Exported {n} entries to {path}.").format(n=count, path=target), 10_000
            ),
            trigger=self.export_button,
        )
