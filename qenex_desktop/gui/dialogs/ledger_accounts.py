"""Your ledger accounts and counterparties (``qenex account list|create``, and rename).

The table lists every account (your own first, then the counterparties you send to) with what
each own account holds; below it, a new account or counterparty by name, and a new name for the
account chosen in the table. Main keeps its name: operations without an account use it. Each
refusal shows under the name it is about; the table reads again when the ledger changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from qenex_desktop.core.exchange.types import AccountInfo
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.ledger_base import LedgerDialog
from qenex_desktop.gui.formatting import amount_text, format_time
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel
from qenex_desktop.gui.operations import ledger as ledger_ops
from qenex_desktop.gui.operations.ledger import LedgerView
from qenex_desktop.gui.widgets import FieldError, fit_columns, make_table, settle_return_key, status_message


@dataclass(frozen=True)
class AccountRow:
    account: AccountInfo
    holds: str

    @property
    def kind_text(self) -> str:
        return "your account" if self.account.kind == "own" else "counterparty (send to only)"


def _rows(view: LedgerView) -> list[AccountRow]:
    decimals = {t.symbol: t.decimals for t in view.tokens}
    rows = []
    for account in view.accounts:
        held = [b for b in view.balances if b.account == account.name]
        text = ", ".join(
            f"{amount_text(b.amount, decimals.get(b.symbol, b.decimals))} {b.symbol}" for b in held
        )
        rows.append(AccountRow(account, text or ("nothing yet" if account.kind == "own" else "—")))
    return rows


COLUMNS: tuple[Column[AccountRow], ...] = (
    Column("Name", lambda r: r.account.name),
    Column("Kind", lambda r: r.kind_text),
    Column("Holds", lambda r: r.holds, tooltip=lambda r: r.holds, secret=True),
    Column("Created", lambda r: format_time(r.account.created_at)),
)


class LedgerAccountsDialog(LedgerDialog):
    #: An account was created or renamed (its ``AccountInfo``).
    saved = Signal(object)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, name="ledgerAccountsDialog")
        #: The account to choose once the table reads again (the one just renamed).
        self._prefer: str | None = None
        layout = self.header(
            self.tr("Ledger accounts"),
            "wallet",
            self.tr(
                "Accounts of the local exchange ledger. You spend from your own accounts; a "
                "counterparty is someone you trade with: you can send to it, not spend from it."
            ),
        )
        self.model: RowTableModel[AccountRow] = RowTableModel(COLUMNS, self)
        self.table = make_table(self.model)
        self.table.setObjectName("ledgerAccountsTable")
        self.table.setMinimumHeight(180)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._build_create())
        layout.addWidget(self._build_rename())
        self.general_error = FieldError(lines=2)
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Two forms: Return in a name field presses that form's button (returnPressed). No button is
        # the default, and Close is not "auto default" either: Qt would make it the default on show.
        settle_return_key(self, None)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setAutoDefault(False)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self._current_changed(QModelIndex(), QModelIndex())
        self.setMinimumSize(560, 460)
        self.new_name.setFocus()
        self.follow_ledger()

    def _build_create(self) -> QGroupBox:
        box = QGroupBox(self.tr("New account or counterparty"))
        grid = QGridLayout(box)
        self.new_name = QLineEdit()
        self.new_name.setObjectName("ledgerNewAccount")
        self.new_name.setPlaceholderText(self.tr("e.g. Savings, or Bob for a counterparty"))
        self.counterparty = QCheckBox(self.tr("Counterparty (someone you send to)"))
        self.create_button = QPushButton(icon("add"), self.tr("Create"))
        self.create_error = FieldError()
        grid.addWidget(QLabel(self.tr("Name")), 0, 0)
        grid.addWidget(self.new_name, 0, 1)
        grid.addWidget(self.create_button, 0, 2)
        grid.addWidget(self.counterparty, 1, 1)
        grid.addWidget(self.create_error, 2, 1, 1, 2)
        QWidget.setTabOrder(self.new_name, self.counterparty)  # name, kind, then the button
        QWidget.setTabOrder(self.counterparty, self.create_button)
        self.new_name.returnPressed.connect(self.create_account)
        self.create_button.clicked.connect(lambda _checked=False: self.create_account())
        return box

    def _build_rename(self) -> QGroupBox:
        box = QGroupBox(self.tr("Rename the chosen account"))
        grid = QGridLayout(box)
        self.rename_label = QLabel()
        self.rename_label.setTextFormat(Qt.TextFormat.PlainText)  # an account's name, never markup
        self.rename_to = QLineEdit()
        self.rename_to.setObjectName("ledgerRenameTo")
        self.rename_button = QPushButton(self.tr("Rename"))
        self.rename_error = FieldError()
        grid.addWidget(self.rename_label, 0, 0)
        grid.addWidget(self.rename_to, 0, 1)
        grid.addWidget(self.rename_button, 0, 2)
        grid.addWidget(self.rename_error, 1, 1, 1, 2)
        self.rename_to.returnPressed.connect(self.rename)
        self.rename_button.clicked.connect(lambda _checked=False: self.rename())
        return box

    # -- reading -----------------------------------------------------------------------------

    def _show_view(self, view: LedgerView) -> None:
        chosen = self.chosen()
        prefer = self._prefer or (chosen.name if chosen is not None else None)
        self.view = view
        self.model.set_rows(_rows(view))
        fit_columns(self.table)
        names = self.account_names()
        if prefer in names:
            self._prefer = None
            self.table.selectRow(names.index(prefer))
        self._current_changed(self.table.currentIndex(), QModelIndex())
        self.loaded.emit()

    def account_names(self) -> list[str]:
        return [r.account.name for r in self.model.rows]

    def chosen(self) -> AccountInfo | None:
        row = self.model.row_at(self.table.currentIndex())
        return None if row is None else row.account

    def _current_changed(self, _new: QModelIndex, _old: QModelIndex) -> None:
        account = self.chosen()
        main = account is not None and account.name == ledger_ops.DEFAULT_ACCOUNT
        usable = account is not None and not main
        self.rename_to.setEnabled(usable)
        self.rename_button.setEnabled(usable)
        if account is None:
            self.rename_label.setText(self.tr("Choose an account in the table"))
            self.rename_to.setPlaceholderText("")
        elif main:
            self.rename_label.setText(self.tr("Main keeps its name"))
            self.rename_to.setPlaceholderText(self.tr("operations without an account use it"))
        else:
            self.rename_label.setText(self.tr("{name} to").format(name=account.name))
            self.rename_to.setPlaceholderText(self.tr("new name"))
        self.rename_error.clear_error()

    # -- doing ---------------------------------------------------------------------------------

    def create_account(self) -> None:
        ledger_ops.create_account(
            self.ctx,
            self.new_name.text(),
            self.counterparty.isChecked(),
            name_error=self.create_error,
            general_error=self.general_error,
            on_done=self._created,
            trigger=self.create_button,
            owner=self,
        )

    def _created(self, account: AccountInfo) -> None:
        self.new_name.clear()
        self.counterparty.setChecked(False)
        status_message(self, self.tr("Account {name} created.").format(name=account.name))
        self.saved.emit(account)

    def rename(self) -> None:
        account = self.chosen()
        if account is None or not self.rename_button.isEnabled():
            return
        ledger_ops.rename_account(
            self.ctx,
            account.name,
            self.rename_to.text(),
            name_error=self.rename_error,
            general_error=self.general_error,
            on_done=self._renamed,
            trigger=self.rename_button,
            owner=self,
        )

    def _renamed(self, account: AccountInfo) -> None:
        self.rename_to.clear()
        names = self.account_names()
        if account.name in names:  # the table read again before this answer came back
            self.table.selectRow(names.index(account.name))
        else:
            self._prefer = account.name  # choose it once the table reads again
        status_message(self, self.tr("Renamed to {name}.").format(name=account.name))
        self.saved.emit(account)
