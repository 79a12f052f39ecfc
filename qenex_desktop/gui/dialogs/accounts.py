"""The wallet's accounts: a label for each (shown instead of "Account N"), hide one, derive the next.

A hidden account stays in the wallet (it still signs and its transfers are still scanned); the
lists a person picks from leave it out. Every change runs on a worker with its audit entry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.keys.service import WalletAccountInfo
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.password import ask_password
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import wallet as wallet_ops
from qenex_desktop.gui.widgets import FieldError, settle_return_key


class AccountsDialog(QDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.accounts: list[WalletAccountInfo] = []
        self._wanted: str | None = None
        self.setWindowTitle(self.tr("Accounts"))
        self.setWindowIcon(icon("wallet"))
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("a label, such as Savings"))
        self.name_error = FieldError()
        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_button.clicked.connect(self.rename)
        self.name.returnPressed.connect(self.rename)
        self.hidden = QCheckBox(self.tr("Hidden (left out of the Wallet tab and the send dialog)"))
        self.hidden.clicked.connect(self.toggle_hidden)
        self.hidden_error = FieldError()
        form.addRow(self.tr("Name"), self.name)
        form.addRow("", self.name_error)
        form.addRow("", self.rename_button)
        form.addRow(self.hidden)
        form.addRow(self.hidden_error)
        layout.addLayout(form)
        self.add_button = QPushButton(icon("add"), self.tr("Add the next account"))
        self.add_button.setToolTip(self.tr("Derive the next account of your recovery phrase"))
        self.add_button.clicked.connect(self.add_next)
        layout.addWidget(self.add_button)
        note = QLabel(
            self.tr(
                "Accounts of a phrase come back from the phrase alone; imported keys need their own backup."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(lambda _row: self._selected())
        settle_return_key(self, None)
        # Else Qt makes Close the default button on show, and Return in a field closes the dialog.
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)
        self.setMinimumSize(520, 420)
        self.reload()

    def reload(self, _result: Any = None) -> None:
        wallet_ops.read_accounts(self.ctx, on_done=self.show_accounts, owner=self)

    def show_accounts(self, accounts: Any) -> None:
        keep = self._wanted or self.address
        self._wanted = None
        self.accounts = list(accounts)
        self.list.blockSignals(True)
        self.list.clear()
        for info in self.accounts:
            hidden = self.tr("  (hidden)") if info.hidden else ""
            QListWidgetItem(f"{info.name}  \u2014  {info.address}{hidden}", self.list)
        self.list.blockSignals(False)
        addresses = [a.address for a in self.accounts]
        self.list.setCurrentRow(addresses.index(keep) if keep in addresses else 0)
        self._selected()

    @property
    def current(self) -> WalletAccountInfo | None:
        row = self.list.currentRow()
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    @property
    def address(self) -> str | None:
        current = self.current
        return current.address if current else None

    def _selected(self) -> None:
        current = self.current
        self.name.setText(current.name if current else "")
        self.hidden.setChecked(bool(current and current.hidden))
        self.name_error.clear_error()
        self.hidden_error.clear_error()
        for widget in (self.name, self.rename_button, self.hidden):
            widget.setEnabled(current is not None)

    def rename(self) -> None:
        if self.address is None:
            return
        wallet_ops.rename_account(
            self.ctx,
            self.address,
            self.name.text(),
            name_error=self.name_error,
            on_done=self.reload,
            trigger=self.rename_button,
            owner=self,
        )

    def toggle_hidden(self, checked: bool) -> None:
        if self.address is None:
            return

        def undo(_error: BaseException) -> None:
            self.hidden.setChecked(not checked)

        wallet_ops.set_account_hidden(
            self.ctx,
            self.address,
            checked,
            error=self.hidden_error,
            on_done=self.reload,
            on_error=undo,
            trigger=self.hidden,
            owner=self,
        )

    def add_next(self) -> None:
        def then(password: str | None) -> None:
            wallet_ops.add_account(
                self.ctx, password, trigger=self.add_button, on_done=self._added, owner=self
            )

        ask_password(self.ctx, self, self.tr("Derive the next account of your recovery phrase."), then)

    def _added(self, info: Any) -> None:
        self._wanted = info.address  # the new account is the one selected once the list is read
        self.reload()
