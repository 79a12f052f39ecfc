"""The Wallet tab's account selector (a list, as Electrum and Rabby keep their accounts at the side)
and the selected account's header: its label, its whole address, Copy and QR.

The list switches with the arrow keys (Ctrl+C copies the whole address); it keeps the chosen
account across refreshes (by address), and falls back to the first when that account is gone
(hidden in Profile → Accounts…).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.gui.formatting import short_hex
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.widgets import heading, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.keys.service import WalletAccountInfo

ADDRESS_ROLE = int(Qt.ItemDataRole.UserRole)


class AccountList(QListWidget):
    """One entry per account the person sees: its label over its short address."""

    #: The chosen account's address changed ("" when there is none).
    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("walletAccounts")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAccessibleName(self.tr("Accounts"))
        self.setSpacing(3)
        self.currentItemChanged.connect(lambda *_: self.chosen.emit(self.address()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+C copies the chosen account's whole address (the entry shows it shortened)."""
        if event.matches(QKeySequence.StandardKey.Copy):
            if self.address():
                QGuiApplication.clipboard().setText(self.address())
            event.accept()
            return
        super().keyPressEvent(event)

    def address(self) -> str:
        item = self.currentItem()
        return str(item.data(ADDRESS_ROLE)) if item is not None else ""

    def set_accounts(self, accounts: list[WalletAccountInfo]) -> None:
        """Fill the list, keeping the chosen account when it is still there."""
        keep = self.address()
        self.blockSignals(True)
        self.clear()
        for account in accounts:
            item = QListWidgetItem(f"{account.name}\n{short_hex(account.address)}")
            item.setData(ADDRESS_ROLE, account.address)
            item.setToolTip(account.address)
            self.addItem(item)
        rows = [self.item(i).data(ADDRESS_ROLE) for i in range(self.count())]
        if rows:
            self.setCurrentRow(rows.index(keep) if keep in rows else 0)
        self.blockSignals(False)
        self.chosen.emit(self.address())

    def choose(self, address: str) -> None:
        for row in range(self.count()):
            if self.item(row).data(ADDRESS_ROLE) == address:
                self.setCurrentRow(row)


class AccountHeader(QWidget):
    """The chosen account: its label, its whole address (selectable), Copy, and QR (Receive)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name_label = heading("")
        self.name_label.setObjectName("walletAccountName")
        layout.addWidget(self.name_label)
        row = QHBoxLayout()
        self.address_label = QLabel()
        self.address_label.setObjectName("walletAccountAddress")
        self.address_label.setTextFormat(Qt.TextFormat.PlainText)
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.address_label.setFont(mono)
        self.copy_button = QPushButton(icon("copy"), self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the whole address"))
        self.copy_button.clicked.connect(lambda _checked=False: self.copy())
        self.qr_button = QPushButton(icon("receive"), self.tr("QR…"))
        self.qr_button.setToolTip(self.tr("The address as a QR code, to receive (Receive…)"))
        for button in (self.copy_button, self.qr_button):
            button.setAutoDefault(True)  # Return presses the focused button, as Space does
        row.addWidget(self.address_label)
        row.addWidget(self.copy_button)
        row.addWidget(self.qr_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.address = ""
        self.show_account(None)

    def show_account(self, account: WalletAccountInfo | None) -> None:
        self.address = account.address if account else ""
        self.name_label.setText(account.name if account else "")
        self.address_label.setText(self.address)
        self.copy_button.setEnabled(account is not None)
        self.qr_button.setEnabled(account is not None)

    def copy(self) -> str:
        if self.address:
            QGuiApplication.clipboard().setText(self.address)
            status_message(self, self.tr("Address copied."), 4000)
        return self.address
