"""Mint, burn and transfer tokens of the local exchange ledger (``qenex token mint|burn|transfer``).

One dialog with an action choice: the token (its decimals and supply shown), the account it uses,
for a transfer the receiving account or counterparty, and the amount in the token's own units
(``AmountEdit``). The dialog reads the ledger through the operations layer when it opens and again
when the ledger changes; every refusal shows under the field the core names. It stays open after
each action (a mint is often followed by a transfer) and says what was done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.ledger_base import LedgerDialog
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import amount_text, full_amount_text
from qenex_desktop.gui.models import Column, RowTableModel
from qenex_desktop.gui.operations import ledger as ledger_ops
from qenex_desktop.gui.operations.ledger import LedgerView
from qenex_desktop.gui.widgets import FieldError, fit_columns, make_table, settle_return_key, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.exchange.types import TokenInfo

#: (key, label, primary button) of each action, in the order the choice lists them.
ACTIONS = (("mint", "Mint", "Mint"), ("burn", "Burn", "Burn"), ("transfer", "Transfer", "Send"))


def _cap_text(token: TokenInfo) -> str:
    return "none" if token.max_supply is None else amount_text(token.max_supply, token.decimals)


#: Every token of the ledger (``qenex token list``): choosing one chooses it in the form.
TOKEN_COLUMNS: tuple[Column[TokenInfo], ...] = (
    Column("Symbol", lambda t: t.symbol),
    Column("Name", lambda t: t.name),
    Column("Decimals", lambda t: str(t.decimals), numeric=True),
    Column(
        "Supply",
        lambda t: amount_text(t.total_supply, t.decimals),
        tooltip=lambda t: full_amount_text(t.total_supply, t.decimals),
        numeric=True,
    ),
    Column("Maximum", _cap_text, numeric=True),
    Column("Created by", lambda t: t.creator or "—"),
)


class LedgerTokensDialog(LedgerDialog):
    #: What was done: a ``SupplyChange`` (mint, burn) or a ``TransferResult``.
    acted = Signal(object)

    def __init__(
        self, ctx: GuiContext, parent: QWidget | None = None, *, action: str = "mint", symbol: str = ""
    ) -> None:
        super().__init__(ctx, parent, name="ledgerTokensDialog")
        layout = self.header(
            self.tr("Ledger tokens"),
            "token",
            self.tr(
                "Tokens of the local exchange ledger (not on a blockchain). Only a token's creator "
                "may mint it, up to its maximum supply; you burn and send what your accounts hold."
            ),
        )
        #: The token to choose once the ledger is read (the first one otherwise).
        self._wanted_symbol = symbol
        self.last_result: Any = None
        self.tokens_model: RowTableModel[TokenInfo] = RowTableModel(TOKEN_COLUMNS, self)
        self.tokens_table = make_table(self.tokens_model)
        self.tokens_table.setObjectName("ledgerTokensTable")
        self.tokens_table.setMaximumHeight(150)
        layout.addWidget(self.tokens_table)
        layout.addLayout(self._build_form())
        self.general_error = FieldError(lines=2)
        self.result_line = QLabel()
        self.result_line.setObjectName("ledgerResult")
        self.result_line.setWordWrap(True)
        self.result_line.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.general_error)
        layout.addWidget(self.result_line)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settle_return_key(self, self.ok_button)
        self.tokens_table.selectionModel().currentRowChanged.connect(lambda *_: self._row_chosen())
        self.action.setCurrentIndex(max(0, [key for key, _l, _b in ACTIONS].index(action)))
        self._action_changed()
        self.setMinimumWidth(520)
        self.amount.setFocus()  # the token and account come chosen: the amount is what to type
        self.follow_ledger()

    def _build_form(self) -> QFormLayout:
        self.form = form = QFormLayout()
        self.action = QComboBox()
        self.action.setObjectName("ledgerAction")
        for key, label, _button in ACTIONS:
            self.action.addItem(self.tr(label), key)
        self.token = QComboBox()
        self.token.setObjectName("ledgerToken")
        self.token_info = QLabel()
        self.token_info.setWordWrap(True)
        self.account = QComboBox()
        self.account.setObjectName("ledgerAccount")
        self.to_account = QComboBox()
        self.to_account.setObjectName("ledgerTo")
        self.amount = AmountEdit(field="amount", placeholder=self.tr("e.g. 100"), max_button=True)
        self.held = QLabel()
        # Names come from the ledger (an import's holders too): shown as typed, never as markup.
        for plain in (self.token_info, self.held):
            plain.setTextFormat(Qt.TextFormat.PlainText)
        self.errors: dict[str, FieldError] = {
            "symbol": FieldError(),
            "account": FieldError(),
            "to_account": FieldError(),
            "amount": self.amount.error,
        }
        form.addRow(self.tr("Action"), self.action)
        form.addRow(self.tr("Token"), self.token)
        form.addRow("", self.token_info)
        form.addRow("", self.errors["symbol"])
        form.addRow(self.tr("Account"), self.account)
        form.addRow("", self.errors["account"])
        form.addRow(self.tr("To"), self.to_account)
        form.addRow("", self.errors["to_account"])
        form.addRow(self.tr("Amount"), self.amount.with_max())
        form.addRow("", self.held)
        form.addRow("", self.amount.error)
        self.action.currentIndexChanged.connect(lambda _i: self._action_changed())
        self.token.currentIndexChanged.connect(lambda _i: self._token_changed())
        self.account.currentIndexChanged.connect(lambda _i: self._account_changed())
        self.amount.max_requested.connect(self._fill_max)
        return form

    # -- reading -----------------------------------------------------------------------------

    def _show_view(self, view: LedgerView) -> None:
        self.view = view
        self.tokens_model.set_rows(view.tokens)
        fit_columns(self.tokens_table)
        _refill(self.token, [(f"{t.symbol} — {t.name}", t.symbol) for t in view.tokens])
        if self._wanted_symbol and self.token.findData(self._wanted_symbol) >= 0:
            self.token.blockSignals(True)
            self.token.setCurrentIndex(self.token.findData(self._wanted_symbol))
            self.token.blockSignals(False)
        self._wanted_symbol = ""
        _refill(self.account, [(name, name) for name in view.own_accounts()])
        self._account_changed()
        self._token_changed()
        if not view.tokens:
            self.token_info.setText(
                self.tr(
                    "There are no ledger tokens yet: create one first (Swap or Liquidity tab, Create token)."
                )
            )
        self.loaded.emit()

    # -- what is chosen ------------------------------------------------------------------------

    @property
    def action_key(self) -> str:
        return str(self.action.currentData())

    @property
    def symbol(self) -> str:
        data = self.token.currentData()
        return "" if data is None else str(data)

    def _row_chosen(self) -> None:
        """A token chosen in the table is the token of the form."""
        token = self.tokens_model.row_at(self.tokens_table.currentIndex())
        if token is not None and token.symbol != self.symbol:
            self.token.setCurrentIndex(self.token.findData(token.symbol))

    def _action_changed(self) -> None:
        key = self.action_key
        button = next(b for k, _l, b in ACTIONS if k == key)
        self.ok_button.setText(self.tr(button))
        label = self.form.labelForField(self.account)
        if isinstance(label, QLabel):
            label.setText(self.tr("Into account") if key == "mint" else self.tr("From account"))
        for widget in (self.to_account, self.errors["to_account"]):
            self.form.setRowVisible(widget, key == "transfer")
        for error in self.errors.values():
            error.clear_error()
        self.general_error.clear_error()
        self._token_changed()

    def _token_changed(self) -> None:
        token = self.view.token(self.symbol) if self.view is not None else None
        if token is None:
            self.amount.set_token("", 18)
            self.ok_button.setEnabled(False)
            return
        self.ok_button.setEnabled(True)
        row = next((i for i, t in enumerate(self.tokens_model.rows) if t.symbol == token.symbol), -1)
        if row >= 0 and self.tokens_table.currentIndex().row() != row:
            self.tokens_table.selectRow(row)
        self.amount.set_token(token.symbol, token.decimals)
        supply = full_amount_text(token.total_supply, token.decimals)
        cap = (
            self.tr("no maximum")
            if token.max_supply is None
            else self.tr("maximum {cap}").format(cap=full_amount_text(token.max_supply, token.decimals))
        )
        info = self.tr("{decimals} decimals · supply {supply} {symbol} ({cap})").format(
            decimals=token.decimals, supply=supply, symbol=token.symbol, cap=cap
        )
        if self.action_key == "mint" and self.view is not None and token.creator != self.view.username:
            info += " · " + self.tr("only its creator ({who}) may mint it").format(who=token.creator or "?")
        self.token_info.setText(info)
        self._account_changed()

    def _account_changed(self) -> None:
        if self.view is None:
            return
        source = self.account.currentText()
        targets = [n for n in self.view.own_accounts() if n != source] + self.view.counterparties()
        _refill(self.to_account, [(name, name) for name in targets])
        token = self.view.token(self.symbol)
        if token is None:
            self.held.clear()
            return
        self.held.setText(
            self.tr("{account} holds {amount} {symbol}").format(
                account=source,
                amount=full_amount_text(self.view.held(source, token.symbol), token.decimals),
                symbol=token.symbol,
            )
        )

    def _fill_max(self) -> None:
        token = self.view.token(self.symbol) if self.view is not None else None
        if token is None or self.view is None:
            return
        if self.action_key == "mint":
            if token.max_supply is not None:
                self.amount.fill(token.max_supply - token.total_supply)
            return
        self.amount.fill(self.view.held(self.account.currentText(), token.symbol))

    # -- doing ---------------------------------------------------------------------------------

    def submit(self) -> None:
        self.result_line.clear()
        if not self.symbol:
            self.errors["symbol"].show_error(self.tr("Pick a token."))
            return
        units = self.amount.check()
        if units is None:
            self.amount.setFocus()
            return
        account = self.account.currentText() or ledger_ops.DEFAULT_ACCOUNT
        common: dict[str, Any] = {
            "general_error": self.general_error,
            "on_done": self._done,
            "trigger": self.ok_button,
            "owner": self,
        }
        key = self.action_key
        if key == "transfer":
            target = self.to_account.currentText()
            if not target:
                self.errors["to_account"].show_error(
                    self.tr("Add a counterparty or another account first (Ledger, Accounts…).")
                )
                return
            errors = {**self.errors, "from_account": self.errors["account"]}
            ledger_ops.transfer(self.ctx, self.symbol, units, account, target, errors=errors, **common)
        else:
            kind: Literal["mint", "burn"] = "burn" if key == "burn" else "mint"
            holder = self._holder(account)
            ledger_ops.change_supply(self.ctx, kind, self.symbol, units, holder, errors=self.errors, **common)

    def _holder(self, account: str) -> str | None:
        """None for a Main not opened yet: the core opens it on first use, as the CLI's default does."""
        opened = self.view is not None and any(a.name == account for a in self.view.accounts)
        return None if account == ledger_ops.DEFAULT_ACCOUNT and not opened else account

    def _done(self, result: Any) -> None:
        self.last_result = result
        if self.action_key == "transfer":
            text = self.tr("Sent {amount} {symbol} from {source} to {target}.").format(
                amount=result.amount_text,
                symbol=result.symbol,
                source=result.from_account,
                target=result.to_account,
            )
        else:
            verb = (
                self.tr("Minted {amount} {symbol} into {account}")
                if self.action_key == "mint"
                else self.tr("Burned {amount} {symbol} from {account}")
            )
            text = (
                verb.format(amount=result.amount_text, symbol=result.symbol, account=result.account)
                + "; "
                + self.tr("total supply {total}.").format(total=result.total_supply_text)
            )
        self.result_line.setText(text)
        status_message(self, text)
        self.amount.clear()
        self.acted.emit(result)


def _refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
    """New items, keeping the chosen one when it is still there (no change signal meanwhile)."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(chosen) if chosen is not None else -1
    combo.setCurrentIndex(index if index >= 0 else (0 if items else -1))
    combo.blockSignals(False)
