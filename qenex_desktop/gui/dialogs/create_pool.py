"""Create a pool for two ledger tokens, seeded with both (the first deposit sets the price).

Review… (or Return in a field) reads what the pool would be (``core.exchange.review_create_pool``)
and shows it (``confirm_liquidity``: deposits, LP minted and locked, the price they set, the fee,
and that an off-market price is yours to lose); only the accepted review creates it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.validation import format_amount
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.dialogs.confirm_liquidity import ConfirmLiquidityDialog
from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import amount_text, group_decimal
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import exchange as exchange_ops
from qenex_desktop.gui.widgets import FieldError, settle_return_key, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import LiquidityResult, TokenInfo
    from qenex_desktop.core.exchange.liquidity_quote import LiquidityReview

#: (label, basis points) of the fee tiers offered; the core accepts 1 to 100 bps.
FEE_TIERS = (("0.05%", 5), ("0.30%", 30), ("1.00%", 100))
DEFAULT_FEE_INDEX = 1


class CreatePoolDialog(QDialog):
    created = Signal(object)

    def __init__(
        self,
        ctx: GuiContext,
        tokens: Sequence[TokenInfo],
        balances: dict[str, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tokens = {t.symbol: t for t in tokens}
        self.balances = balances
        self.result_pool: LiquidityResult | None = None
        #: The review of the pool (open while it is on screen); only it creates the pool.
        self.review_dialog: ConfirmLiquidityDialog | None = None
        self.setWindowTitle(self.tr("Create pool"))
        self.setWindowIcon(icon("liquidity"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Deposit two tokens you hold. Their ratio sets the pool's first price; from then on "
                "swaps move it. You receive pool shares and earn the fee on every swap through it."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.token_a = QComboBox()
        self.token_b = QComboBox()
        for combo in (self.token_a, self.token_b):
            combo.addItems(list(self.tokens))
        if self.token_b.count() > 1:
            self.token_b.setCurrentIndex(1)
        self.amount_a = AmountEdit(field="amount_a", placeholder="0.0")
        self.amount_b = AmountEdit(field="amount_b", placeholder="0.0")
        self.balance_a = QLabel()
        self.balance_b = QLabel()
        self.fee = QComboBox()
        for label, bps in FEE_TIERS:
            self.fee.addItem(label, bps)
        self.fee.setCurrentIndex(DEFAULT_FEE_INDEX)
        self.price = QLabel()
        self.errors = {name: FieldError() for name in ("token_a", "token_b", "fee_bps")}
        self.errors["amount_a"] = self.amount_a.error
        self.errors["amount_b"] = self.amount_b.error
        self.general_error = FieldError()
        form.addRow(self.tr("First token"), self.token_a)
        form.addRow("", self.errors["token_a"])
        form.addRow(self.tr("Deposit"), self.amount_a)
        form.addRow("", self.balance_a)
        form.addRow("", self.errors["amount_a"])
        form.addRow(self.tr("Second token"), self.token_b)
        form.addRow("", self.errors["token_b"])
        form.addRow(self.tr("Deposit"), self.amount_b)
        form.addRow("", self.balance_b)
        form.addRow("", self.errors["amount_b"])
        form.addRow(self.tr("Fee per swap"), self.fee)
        form.addRow("", self.errors["fee_bps"])
        form.addRow(self.tr("Starting price"), self.price)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Review…"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for combo in (self.token_a, self.token_b):
            combo.currentIndexChanged.connect(lambda _i: self._tokens_changed())
        for edit in (self.amount_a, self.amount_b):
            edit.textChanged.connect(lambda _t: self._update())
        self._tokens_changed()
        self.setMinimumWidth(500)
        settle_return_key(self, self.ok_button)  # Return reviews; it never creates at once

    def _balance_text(self, symbol: str) -> str:
        token = self.tokens.get(symbol)
        if token is None:
            return ""
        held = self.balances.get(symbol, 0)
        return self.tr("You hold {amount} {symbol}").format(
            amount=amount_text(held, token.decimals, digits=6), symbol=symbol
        )

    def _tokens_changed(self) -> None:
        for combo, amount in ((self.token_a, self.amount_a), (self.token_b, self.amount_b)):
            token = self.tokens.get(combo.currentText())
            if token is not None:
                amount.set_token(token.symbol, token.decimals)
        self._update()

    def _update(self) -> None:
        a, b = self.token_a.currentText(), self.token_b.currentText()
        self.balance_a.setText(self._balance_text(a))
        self.balance_b.setText(self._balance_text(b))
        price = ""
        token_a, token_b = self.tokens.get(a), self.tokens.get(b)
        if token_a is not None and token_b is not None and a != b:
            units_a, units_b = self.amount_a.units(), self.amount_b.units()
            if units_a and units_b:
                per_a = units_b * 10**token_a.decimals // units_a  # base units of b per whole a
                price = f"1 {a} = {format_amount(per_a, token_b.decimals, max_fraction_digits=6)} {b}"
        self.price.setText(price or self.tr("type both deposits"))

    def submit(self) -> None:
        """Review… (or Return): read what the pool would be; its review creates it when accepted."""
        exchange_ops.review_create_pool(
            self.ctx,
            (self.token_a.currentText(), self.token_b.currentText()),
            (self.amount_a.text(), self.amount_b.text()),
            int(self.fee.currentData()),
            errors=self.errors,
            general_error=self.general_error,
            on_done=self._show_review,
            trigger=self.ok_button,
            owner=self,
        )

    def _show_review(self, review: LiquidityReview) -> None:
        dialog = ConfirmLiquidityDialog(review, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._create(review))
        dialog.finished.connect(lambda _r: setattr(self, "review_dialog", None))
        dialog.open()
        self.review_dialog = dialog

    def _create(self, review: LiquidityReview) -> None:
        """The reviewed pool, with the reviewed amounts in base units (exactly what was shown)."""
        exchange_ops.create_pool(
            self.ctx,
            review.symbol_a,
            review.symbol_b,
            format_amount(review.amount_a, review.decimals_a),
            format_amount(review.amount_b, review.decimals_b),
            review.fee_bps if review.fee_bps is not None else int(self.fee.currentData()),
            errors=self.errors,
            general_error=self.general_error,
            on_done=self._done,
            trigger=self.ok_button,
            owner=self,
        )

    def _done(self, result: LiquidityResult) -> None:
        self.result_pool = result
        status_message(
            self,
            self.tr("Created the {a}/{b} pool with {x} {a} and {y} {b}.").format(
                a=result.symbol_a,
                b=result.symbol_b,
                x=group_decimal(result.amount_a_text),
                y=group_decimal(result.amount_b_text),
            ),
        )
        self.created.emit(result)
        self.accept()
