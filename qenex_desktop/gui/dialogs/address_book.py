"""Tools → Address book…: names for the addresses a person sends to (issue 15).

The table lists the contacts; the form under it edits the one selected, or a new one (Add…, or
Insert / Ctrl+N). Return in the form saves, Delete on the table asks and deletes, Escape closes.
Labels go to and come from other wallets as BIP-329 JSON lines (Export labels… / Import labels…).
Every change runs on a worker, one unit of work with its audit entry; a refusal shows under the
field it names. ``prefill`` opens it on a new contact for an address (the Send dialog's "Save to
address book").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.changes import Changed
from qenex_desktop.core.contacts.book import Contact
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.fields import AddressEdit
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel
from qenex_desktop.gui.operations import contacts as contact_ops
from qenex_desktop.gui.paths import documents_dir
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.widgets import FieldError, settle_return_key

COLUMNS: list[Column[Contact]] = [
    Column("Name", lambda c: c.name),
    Column("Address", lambda c: c.address, full=lambda c: c.address, kind="address"),
    Column("Networks", lambda c: ", ".join(c.networks)),
    Column("Note", lambda c: c.note or "", tooltip=lambda c: c.note or ""),
]


class AddressBookDialog(QDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None, *, prefill: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contacts: list[Contact] = []
        self.editing: int | None = None  # the contact id the form edits; None: a new one
        self._wanted: str | None = prefill
        self._prefill = prefill
        self.setObjectName("addressBookDialog")
        self.setWindowTitle(self.tr("Address book"))
        self.setWindowIcon(icon("wallet"))
        layout = QVBoxLayout(self)
        self.model: RowTableModel[Contact] = RowTableModel(COLUMNS, self)
        self.table = DataTableView()
        self.table.setObjectName("addressBookTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(DataTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(DataTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.empty = QLabel(self.tr("No contacts yet: Add… saves an address under a name."))
        layout.addWidget(self.empty)
        layout.addLayout(self._build_form())
        layout.addLayout(self._build_buttons())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _old: self._selected(current.row())
        )
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.ask_delete)
        for keys in (QKeySequence(Qt.Key.Key_Insert), QKeySequence.StandardKey.New):
            QShortcut(keys, self, self.new_contact)
        settle_return_key(self, self.save_button)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.setMinimumSize(720, 520)
        self.reload()
        contact_ops.read_network_names(ctx, on_done=self._show_networks, owner=self)
        ctx.ops.changed.connect(self._changed)  # the CLI or another window changed the book

    def _changed(self, changed: object) -> None:
        if isinstance(changed, Changed) and changed & Changed.CONTACTS:
            self.reload()

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.form_title = QLabel()
        self.name = QLineEdit()
        self.name.setObjectName("contactName")
        self.name.setPlaceholderText(self.tr("who this is, such as Bob"))
        self.name_error = FieldError()
        self.address = AddressEdit(field="address")
        self.address.setObjectName("contactAddress")
        self.note = QLineEdit()
        self.note.setObjectName("contactNote")
        self.note.setPlaceholderText(self.tr("optional"))
        self.note_error = FieldError()
        self.networks = QListWidget()
        self.networks.setObjectName("contactNetworks")
        self.networks.setMaximumHeight(90)
        self.networks_error = FieldError()
        form.addRow(self.form_title)
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.name_error)
        form.addRow(self.tr("Address"), self.address)
        form.addRow("", self.address.error)
        form.addRow(self.tr("Note"), self.note)
        form.addRow("", self.note_error)
        form.addRow(self.tr("Used on"), self.networks)
        form.addRow("", self.networks_error)
        return form

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton(icon("add"), self.tr("Add…"))
        self.add_button.setToolTip(self.tr("A new contact (Insert)"))
        self.add_button.clicked.connect(self.new_contact)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("contactSave")
        self.save_button.clicked.connect(self.save)
        self.delete_button = QPushButton(icon("remove"), self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the selected contact (Delete)"))
        self.delete_button.clicked.connect(self.ask_delete)
        self.export_button = QPushButton(icon("export"), self.tr("Export labels…"))
        self.export_button.setToolTip(
            self.tr("Accounts, contacts and transaction labels as BIP-329 JSON lines")
        )
        self.export_button.clicked.connect(self.choose_export)
        self.import_button = QPushButton(self.tr("Import labels…"))
        self.import_button.setToolTip(self.tr("Labels another wallet exported (BIP-329 JSON lines)"))
        self.import_button.clicked.connect(self.choose_import)
        for button in (self.add_button, self.save_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        self.result_label = QLabel()
        self.result_label.setObjectName("labelsResult")
        self.result_label.setWordWrap(True)
        outer = QHBoxLayout()
        column = QVBoxLayout()
        column.addLayout(row)
        column.addWidget(self.result_label)
        outer.addLayout(column)
        return outer

    # -- reading ---------------------------------------------------------------------------------

    def reload(self, _result: Any = None) -> None:
        contact_ops.read_contacts(self.ctx, on_done=self.show_contacts, owner=self)

    def show_contacts(self, contacts: Any) -> None:
        keep = self._wanted or self._current_address()
        self._wanted = None
        self.contacts = list(contacts)
        self.model.set_rows(self.contacts)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not self.contacts)
        addresses = [c.address for c in self.contacts]
        if self._prefill is not None:
            prefill, self._prefill = self._prefill, None
            if prefill not in addresses:
                self.new_contact(prefill)
                return
        if keep in addresses:
            self.table.selectRow(addresses.index(keep))
        elif self.contacts:
            self.table.selectRow(0)
        else:
            self.new_contact()

    def _show_networks(self, names: Any) -> None:
        chosen = self._checked_networks()
        self.networks.clear()
        for name in names:
            item = QListWidgetItem(str(name), self.networks)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)

    def _current_address(self) -> str | None:
        row = self.table.currentIndex().row()
        return self.contacts[row].address if 0 <= row < len(self.contacts) else None

    def _checked_networks(self) -> list[str]:
        items = (self.networks.item(i) for i in range(self.networks.count()))
        return [item.text() for item in items if item.checkState() == Qt.CheckState.Checked]

    # -- the form ---------------------------------------------------------------------------------

    def _selected(self, row: int) -> None:
        if not 0 <= row < len(self.contacts):
            return
        contact = self.contacts[row]
        self.editing = contact.id
        self.form_title.setText(self.tr("Edit {name}").format(name=contact.name))
        self._fill(contact.name, contact.address, contact.note or "", contact.networks)
        self.delete_button.setEnabled(True)

    def new_contact(self, address: str | None = None) -> None:
        self.editing = None
        self.table.clearSelection()
        self.form_title.setText(self.tr("New contact"))
        self._fill("", address or "", "", ())
        self.delete_button.setEnabled(False)
        self.name.setFocus()

    def _fill(self, name: str, address: str, note: str, networks: tuple[str, ...]) -> None:
        self.name.setText(name)
        self.address.setText(address)
        self.note.setText(note)
        for i in range(self.networks.count()):
            item = self.networks.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in networks else Qt.CheckState.Unchecked)
        for error in (self.name_error, self.address.error, self.note_error, self.networks_error):
            error.clear_error()

    def save(self) -> None:
        for error in (self.name_error, self.address.error, self.note_error, self.networks_error):
            error.clear_error()

        def saved(contact: Any) -> None:
            self._wanted = contact.address
            self.reload()

        contact_ops.save_contact(
            self.ctx,
            self.editing,
            name=self.name.text(),
            address=self.address.text(),
            note=self.note.text(),
            networks=self._checked_networks(),
            errors={
                "name": self.name_error,
                "address": self.address.error,
                "note": self.note_error,
                "networks": self.networks_error,
                "*": self.name_error,
            },
            on_done=saved,
            trigger=self.save_button,
            owner=self,
        )

    def ask_delete(self) -> None:
        row = self.table.currentIndex().row()
        if self.editing is None or not 0 <= row < len(self.contacts):
            return
        contact = self.contacts[row]
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete contact"),
            self.tr("Delete {name} ({address}) from your address book?").format(
                name=contact.name, address=contact.address
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # a name is free text: never markup
        box.setObjectName("deleteContactBox")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                contact_ops.remove_contact(self.ctx, contact.id, on_done=self.reload, owner=self)

        box.finished.connect(answered)
        box.open()

    # -- BIP-329 ----------------------------------------------------------------------------------

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export labels"),
            str(documents_dir() / "labels.jsonl"),
            self.tr("JSON lines (*.jsonl)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        def done(count: Any) -> None:
            self.result_label.setText(
                self.tr("{count} labels written to {path}.").format(count=count, path=path)
            )

        contact_ops.export_labels(self.ctx, path, on_done=done, owner=self)

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import labels"),
            str(documents_dir()),
            self.tr("JSON lines (*.jsonl *.json);;All files (*)"),
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        def done(report: Any) -> None:
            self.result_label.setText(
                self.tr(
                    "Imported: {added} contacts added, {renamed} renamed, {accounts} accounts renamed, "
                    "{txs} transaction labels ({skipped} skipped)."
                ).format(
                    added=report.contacts_added,
                    renamed=report.contacts_renamed,
                    accounts=report.accounts_renamed,
                    txs=report.tx_labels,
                    skipped=len(report.skipped),
                )
            )
            self.reload()

        contact_ops.import_labels(self.ctx, path, on_done=done, owner=self)
