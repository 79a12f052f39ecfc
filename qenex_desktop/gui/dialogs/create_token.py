"""Create a token in the local ledger: symbol, name, decimals, initial supply, optional cap.

A new profile has no tokens, and nothing can be swapped or pooled without two: this dialog is
reachable from the Swap and Liquidity tabs (their empty states and tool bars).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.validation import SYMBOL_RULE
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import full_amount_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import exchange as exchange_ops
from qenex_desktop.gui.widgets import FieldError, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import TokenInfo


class CreateTokenDialog(QDialog):
    #: The new token (``exchange.TokenInfo``), after it was created.
    created = Signal(object)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_token: TokenInfo | None = None
        self.setWindowTitle(self.tr("Create token"))
        self.setWindowIcon(icon("token"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A token of the local exchange ledger (not on a blockchain). The initial supply "
                "lands in your Main account; only you can mint more, up to the maximum supply."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.symbol = QLineEdit()
        self.symbol.setPlaceholderText(self.tr("e.g. GOLD ({rule})").format(rule=SYMBOL_RULE))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Gold Coin"))
        self.decimals = QSpinBox()
        self.decimals.setRange(0, 36)
        self.decimals.setValue(18)
        # Both in the new token's own units: its decimals and symbol as typed above.
        self.supply = AmountEdit(field="supply", placeholder=self.tr("e.g. 1000000"), allow_zero=True)
        self.max_supply = AmountEdit(
            field="max_supply", placeholder=self.tr("optional: leave empty for no cap"), required=False
        )
        self.errors = {name: FieldError() for name in ("symbol", "name", "decimals")}
        self.errors["supply"] = self.supply.error
        self.errors["max_supply"] = self.max_supply.error
        self.general_error = FieldError()
        for label, widget, key in (
            (self.tr("Symbol"), self.symbol, "symbol"),
            (self.tr("Name"), self.name, "name"),
            (self.tr("Decimals"), self.decimals, "decimals"),
            (self.tr("Initial supply"), self.supply, "supply"),
            (self.tr("Maximum supply"), self.max_supply, "max_supply"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.errors[key])
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.symbol.textChanged.connect(lambda _t: self._token_changed())
        self.decimals.valueChanged.connect(lambda _v: self._token_changed())
        self._token_changed()
        self.setMinimumWidth(480)

    def _token_changed(self) -> None:
        symbol, decimals = self.symbol.text().strip().upper(), self.decimals.value()
        for amount in (self.supply, self.max_supply):
            amount.set_token(symbol, decimals)

    def submit(self) -> None:
        exchange_ops.create_token(
            self.ctx,
            self.symbol.text(),
            self.name.text(),
            self.decimals.value(),
            self.supply.text(),
            self.max_supply.text().strip() or None,
            errors=self.errors,
            general_error=self.general_error,
            on_done=self._done,
            trigger=self.ok_button,
            owner=self,
        )

    def _done(self, token: TokenInfo) -> None:
        self.result_token = token
        status_message(
            self,
            self.tr("Created {symbol}: {supply} in your Main account.").format(
                symbol=token.symbol, supply=full_amount_text(token.total_supply, token.decimals)
            ),
        )
        self.created.emit(token)
        self.accept()
