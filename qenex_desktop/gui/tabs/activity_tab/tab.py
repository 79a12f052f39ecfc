"""The Activity tab: every transaction, newest first: the wallet's own, incoming transfers, the ledger's.

The list is read a page at a time (``core.activity``: keyset pages over indexes), so a profile with
100,000 transactions opens it as fast as one with ten; "Load more" (or scrolling to the end) reads
the next page. Incoming token transfers come from the history scan, which runs in the background
(``scan.HistoryScan``) and says how far it is. Return or a double-click on a row opens its details
(dialogs/tx_details.py); Export… writes the history as CSV or JSON (``core.activity_export``).
Issue 15: a transaction's label shows in its own column (the context menu's "Label…" sets it, as
the details do); an incoming transfer the core marked as likely address poisoning (zero-value, or
from a look-alike of a known address: ``ActivityItem.suspicion``) is marked in red with why, has no
plain "Copy address" for its sender, and is folded away until "Show N suspicious transfers" is
ticked; "Save address…" opens the address book on a row's other side.
A pending on-chain row can be sped up or cancelled: the review (dialogs/speed_up.py) shows the new
fees first, and nothing is signed until the person confirms them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core import activity_export
from qenex_desktop.core.activity import PAGE_SIZE, Cursor
from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.colours import RED, TX_STATUS
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.tx_details import counterparty, explorer_url_of
from qenex_desktop.gui.formatting import count_text, format_time, short_hex
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel, address_column
from qenex_desktop.gui.paths import documents_dir
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.tabs.activity_tab.rows import ActivityRow, RowsPage, read_page
from qenex_desktop.gui.tabs.activity_tab.scan import HistoryScan
from qenex_desktop.gui.widgets import EmptyState, TableStack, fit_columns, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.chain.types import NetworkInfo
    from qenex_desktop.gui.dialogs.speed_up import ReplacementReview
    from qenex_desktop.gui.dialogs.tx_details import TxDetailsDialog

EXPORT_FILTERS = "CSV (*.csv);;JSON (*.json)"
WARNING_SIGN = "⚠ "


def _what(t: Callable[[str], str]) -> Column[ActivityRow]:
    """What the row did; a likely poisoning transfer is marked in red and says why."""
    return Column(
        t("What"),
        lambda r: WARNING_SIGN + r.kind if r.suspicious else r.kind,
        tooltip=lambda r: (
            t("Likely address poisoning: {why}").format(why=r.suspicious) if r.suspicious else ""
        ),
        color=lambda r: RED if r.suspicious else None,
    )


def _sender(t: Callable[[str], str]) -> Column[ActivityRow]:
    """From, whose whole address is not offered to Copy when the row looks like poisoning (the
    details show it beside the warning)."""
    plain: Column[ActivityRow] = address_column(t("From"), lambda r: r.from_address)
    return replace(
        plain,
        full=lambda r: None if r.suspicious else r.from_address,
        color=lambda r: RED if r.suspicious else None,
    )


def _columns(t: Callable[[str], str]) -> list[Column[ActivityRow]]:
    return [
        Column(t("Time"), lambda r: format_time(r.created_at) if r.created_at is not None else "—"),
        Column(t("Where"), lambda r: r.source),
        _what(t),
        Column(t("Label"), lambda r: r.label, tooltip=lambda r: r.label),
        Column(t("Status"), lambda r: r.status, color=lambda r: TX_STATUS.get(r.status.split(" ")[0])),
        Column(
            t("Amount"),
            lambda r: r.amount,
            numeric=True,
            secret=True,
            tooltip=lambda r: r.amount_full,
            full=lambda r: r.amount_exact or r.amount_full,
        ),
        Column(t("Fee (ETH)"), lambda r: r.fee, numeric=True, secret=True),
        Column(t("Block"), lambda r: count_text(r.block) if r.block is not None else "", numeric=True),
        _sender(t),
        address_column(t("To"), lambda r: r.to_address),
        Column(
            t("Transaction"),
            lambda r: short_hex(r.reference),
            tooltip=lambda r: r.reference,
            full=lambda r: r.reference if r.on_chain else None,
            kind="hash",
        ),
        Column(t("Details"), lambda r: r.detail, tooltip=lambda r: r.detail),
    ]


class ActivityTab(TabBase):
    key = "activity"
    relevant = (
        Changed.TRANSACTIONS
        | Changed.BALANCES
        | Changed.NETWORKS
        | Changed.ACCOUNTS
        | Changed.SESSION
        | Changed.CONTACTS
    )

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.addLayout(self._bar())
        self.model: RowTableModel[ActivityRow] = RowTableModel(_columns(self.tr))
        self.empty = EmptyState(
            self.tr("No activity yet"),
            self.tr(
                "Sends, swaps, deploys and incoming transfers show here with their status, from "
                "pending to confirmed. Start with Send… in the Wallet tab, or receive tokens at your address."
            ),
            icon_name="activity",
        )
        self.stack = TableStack(self.model, self.empty)
        self.view = self.stack.view
        self.setFocusProxy(self.view)  # Ctrl+5 lands in the list: arrows, Return for details
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.view.doubleClicked.connect(lambda index: self.show_details(self.model.row_at(index)))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.view, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self.show_details(self.selected()))
        if isinstance(self.view, DataTableView):
            self.view.row_actions.append(self._row_actions)
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)
        layout.addWidget(self.stack, 1)
        self.more_button = QPushButton(self.tr("Load more"))
        self.more_button.setObjectName("activityLoadMore")
        self.more_button.setToolTip(self.tr("Read the next {n} older rows").format(n=PAGE_SIZE))
        self.more_button.clicked.connect(lambda: self.load_more())
        self.more_button.hide()
        layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignHCenter)
        #: Every row read so far, the folded ones too (the table shows ``visible_rows``).
        self.all_rows: list[ActivityRow] = []
        #: Where the next page starts, and whether there is one.
        self.page_cursor: Cursor | None = None
        self.more = False
        self.loading = False
        self.explorer_url: str | None = None
        self.network_name = ""
        #: The speed-up or cancel being reviewed (its dialog, while open, is ``review.dialog``).
        self.review: ReplacementReview | None = None
        self.details: TxDetailsDialog | None = None
        self.side_dialog: QDialog | None = None  # the label or address-book dialog a row opened
        self.export_dialog: QFileDialog | None = None
        self.scan = HistoryScan(ctx, self.scan_label, self.mark_dirty)  # now if shown, else when shown
        self.scan.start()

    def _bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.summary = QLabel()
        bar.addWidget(self.summary)
        self.scan_label = QLabel(self.tr("Transfer scan starting…"))
        self.scan_label.setObjectName("historyScanProgress")
        bar.addWidget(self.scan_label)
        bar.addStretch(1)
        self.suspicious_box = QCheckBox()
        self.suspicious_box.setObjectName("activityShowSuspicious")
        self.suspicious_box.setToolTip(
            self.tr(
                "Incoming zero-value transfers and transfers from look-alikes of addresses you know: "
                "how poisoning addresses get into a history to be copied. Folded away unless ticked."
            )
        )
        self.suspicious_box.hide()
        self.suspicious_box.toggled.connect(lambda _on: self._refold())
        bar.addWidget(self.suspicious_box)
        self.stale_box = QCheckBox(self.tr("Old chains"))
        self.stale_box.setToolTip(
            self.tr("Also show transactions of old chains (a local node that was reset), flagged stale")
        )
        self.stale_box.toggled.connect(lambda _on: self.refresh(reset=True))
        bar.addWidget(self.stale_box)
        self.speed_up_button = QPushButton(icon("speedup"), self.tr("Speed up…"))
        self.speed_up_button.setToolTip(
            self.tr("Send the selected pending transaction again with higher fees")
        )
        self.speed_up_button.clicked.connect(lambda: self.replace(cancel=False))
        self.cancel_button = QPushButton(icon("cancel"), self.tr("Cancel transaction…"))
        self.cancel_button.setToolTip(
            self.tr("Replace the selected pending transaction by 0 ETH to yourself")
        )
        self.cancel_button.clicked.connect(lambda: self.replace(cancel=True))
        self.details_button = QPushButton(self.tr("Details…"))
        self.details_button.setToolTip(
            self.tr("Hashes, fee, gas and status history of the selected row (Return)")
        )
        self.details_button.clicked.connect(lambda: self.show_details(self.selected()))
        for button in (self.speed_up_button, self.cancel_button, self.details_button):
            button.setEnabled(False)
            bar.addWidget(button)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Write the history shown as CSV or JSON, for an accountant"))
        self.export_button.clicked.connect(lambda: self.choose_export())
        bar.addWidget(self.export_button)
        self.refresh_button = QPushButton(icon("refresh"), self.tr("Refresh"))
        self.refresh_button.clicked.connect(lambda: self.refresh())
        bar.addWidget(self.refresh_button)
        return bar

    # -- reading -----------------------------------------------------------------------------------

    def refresh(self, *, reset: bool = False) -> None:
        """Read the newest rows again: as many as are shown (at least a page), so nothing loaded goes."""
        core = self.ctx.core
        include_stale = self.stale_box.isChecked()
        size = PAGE_SIZE if reset else max(PAGE_SIZE, len(self.all_rows))
        self.ctx.ops.run(
            lambda: (read_page(core, None, size=size, include_stale=include_stale), core.chain.network()),
            name="activity",
            latest="activity",
            on_done=lambda result: self._show(result[0], result[1], append=False),
            on_error=self._failed,
            trigger=self.refresh_button,
            owner=self,
            quiet=True,
        )

    def load_more(self) -> None:
        """The next page after the last row shown."""
        if not self.more or self.loading:
            return
        core, cursor = self.ctx.core, self.page_cursor
        include_stale = self.stale_box.isChecked()
        self.loading = True
        self.ctx.ops.run(
            lambda: read_page(core, cursor, size=PAGE_SIZE, include_stale=include_stale),
            name="activity (more)",
            latest="activity-more",
            on_done=lambda page: self._more_read(cursor, page),
            on_error=self._failed,
            trigger=self.more_button,
            owner=self,
            quiet=True,
        )

    def _more_read(self, after: Cursor | None, page: RowsPage) -> None:
        if after is not self.page_cursor:  # the list was read again meanwhile: this page is of the old one
            self.loading = False
            return
        self._show(page, None, append=True)

    def _scrolled(self, value: int) -> None:
        bar = self.view.verticalScrollBar()
        if value > 0 and value >= bar.maximum() and self.more:
            self.load_more()

    def _show(self, page: RowsPage, network: NetworkInfo | None, *, append: bool) -> None:
        self.loading = False
        if network is not None:
            self.network_name, self.explorer_url = network.name, network.explorer_url
        self.all_rows = self.all_rows + page.rows if append else page.rows
        self.page_cursor, self.more = page.cursor, page.more
        self.more_button.setVisible(page.more)
        self.more_button.setEnabled(True)
        self._refold(fit=not append)

    def visible_rows(self) -> list[ActivityRow]:
        """The rows the table shows: the likely poisoning ones only while the box is ticked."""
        if self.suspicious_box.isChecked():
            return list(self.all_rows)
        return [row for row in self.all_rows if not row.suspicious]

    def _refold(self, *, fit: bool = False) -> None:
        selected = self.selected()
        rows = self.visible_rows()
        self.stack.set_rows(rows)
        if fit:
            fit_columns(self.view)
        if selected is not None:
            self._reselect(selected.reference, rows)
        self._update_buttons()
        folded = sum(1 for row in self.all_rows if row.suspicious)
        self.suspicious_box.setText(self.tr("Show {n} suspicious transfers").format(n=count_text(folded)))
        self.suspicious_box.setVisible(folded > 0 or self.suspicious_box.isChecked())
        pending = sum(1 for r in rows if r.status == "pending")
        shown = self.tr("{n} transactions, {p} pending").format(n=count_text(len(rows)), p=pending)
        if folded and not self.suspicious_box.isChecked():
            shown += self.tr(", {n} suspicious folded away").format(n=count_text(folded))
        self.summary.setText(shown + (self.tr(" (more below)") if self.more else ""))

    def _reselect(self, reference: str, rows: list[ActivityRow]) -> None:
        for number, row in enumerate(rows):
            if row.reference == reference:
                self.view.selectRow(number)
                return

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.summary.setText(self.tr("Activity could not be read: {error}").format(error=error))

    def selected(self) -> ActivityRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.speed_up_button, self.cancel_button):
            button.setEnabled(row is not None and row.replaceable and not self.ctx.locked)
        self.details_button.setEnabled(row is not None)

    # -- a row -------------------------------------------------------------------------------------

    def _row_actions(self, index: QModelIndex) -> list[QAction]:
        row = self.model.row_at(index)
        if row is None:
            return []
        details = QAction(self.tr("Details…"), self)
        details.triggered.connect(lambda _checked=False: self.show_details(row))
        actions = [details]
        link = explorer_url_of(self.explorer_url, row.reference)
        if link is not None:
            explorer = QAction(self.tr("Open in explorer"), self)
            explorer.triggered.connect(lambda _checked=False: QDesktopServices.openUrl(link))
            actions.append(explorer)
        if row.on_chain and not self.ctx.locked:
            label = QAction(self.tr("Label…"), self)
            label.triggered.connect(lambda _checked=False: self.edit_label(row))
            actions.append(label)
        address = counterparty(row.item) if row.item is not None else None
        if address is not None and not self.ctx.locked:
            save = QAction(self.tr("Save address…"), self)
            save.triggered.connect(lambda _checked=False: self.save_address(address))
            actions.append(save)
        return actions

    def edit_label(self, row: ActivityRow | None) -> None:
        """The label dialog of ``row``'s transaction (saved on a worker; the tab reads it again)."""
        from qenex_desktop.gui.dialogs.tx_label import open_label

        if row is not None and row.on_chain:
            self.side_dialog = open_label(self.ctx, self, row.reference, row.label or None)

    def save_address(self, address: str) -> None:
        """The address book, on a new contact for ``address``."""
        from qenex_desktop.gui.dialogs.tx_details import save_address

        self.side_dialog = save_address(self.ctx, self, address)

    def show_details(self, row: ActivityRow | None) -> None:
        """The details dialog of ``row`` (its status history read on a worker)."""
        from qenex_desktop.gui.dialogs.tx_details import open_details

        if row is None or row.item is None:
            return
        self.details = open_details(
            self.ctx, self, row.item, row.amount_full, self.network_name, self.explorer_url
        )

    def replace(self, *, cancel: bool) -> None:
        """Review a speed-up (or cancel) of the selected pending transaction, then sign it if confirmed."""
        from qenex_desktop.gui.dialogs.speed_up import review_replacement

        row = self.selected()
        if row is None or not row.replaceable:
            return
        trigger = self.cancel_button if cancel else self.speed_up_button
        self.review = review_replacement(self.ctx, self, row.reference, cancel=cancel, trigger=trigger)

    # -- export ------------------------------------------------------------------------------------

    def choose_export(self) -> None:
        """A file dialog starting in Documents; the history is written when a file is chosen."""
        dialog = QFileDialog(
            self, self.tr("Export the history"), str(documents_dir() / "qenex-history.csv"), EXPORT_FILTERS
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # the same dialog everywhere, keys too
        dialog.setDefaultSuffix("csv")
        dialog.filterSelected.connect(
            lambda text: dialog.setDefaultSuffix("json" if "json" in text else "csv")
        )
        dialog.fileSelected.connect(self.export)
        self.export_dialog = dialog
        dialog.open()

    def export(self, path: str) -> None:
        target = Path(path).expanduser()
        if not target.is_absolute():
            target = documents_dir() / target
        fmt = "json" if target.suffix.lower() == ".json" else "csv"
        core, include_stale = self.ctx.core, self.stale_box.isChecked()
        self.ctx.ops.run(
            lambda: activity_export.export_to(core, target, fmt, include_stale=include_stale),
            name="activity export",
            on_done=lambda count: self._exported(count, target),
            trigger=self.export_button,
            owner=self,
        )

    def _exported(self, count: int, target: Path) -> None:
        text = self.tr("Exported {n} transactions to {path}.").format(n=count_text(count), path=target)
        self.summary.setText(text)
        status_message(self, text, 10_000)

    def set_locked(self, locked: bool) -> None:
        self.model.hide_secrets(locked)
        super().set_locked(locked)
        self._update_buttons()
