"""Create a Uniswap V2 pool on the active network: two of your assets (ETH, QXC, imported tokens)
and both amounts, which set its first price. Review… (or Return) hands the deposit to the on-chain
review (``onchain_liquidity``: its rows, the exact approvals, then the router's ``addLiquidity``,
which creates the pair). A pair that has a pool already is refused here: add to it instead."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from qenex_desktop.gui.fields import AmountEdit
from qenex_desktop.gui.formatting import amount_text
from qenex_desktop.gui.widgets import FieldError, heading, settle_return_key

#: One asset offered: (what the core is asked for: "ETH" or the token's address, symbol, decimals).
Asset = tuple[str, str, int]


class OnchainCreatePoolDialog(QDialog):
    #: The deposit to review: ``OnchainLiquidityDialog``'s request (kind "add", both amounts).
    review_requested = Signal(object)  # object: base units above 2^63 do not fit a QVariantMap

    def __init__(
        self,
        assets: Sequence[Asset],
        held: dict[str, int],
        pooled: set[frozenset[str]],
        slippage_bps: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.assets = list(assets)
        self.held = held
        self.pooled = pooled  # the asset pairs that have a pool
        self.slippage_bps = slippage_bps
        self.setWindowTitle(self.tr("Create a Uniswap V2 pool"))
        self.setObjectName("onchainCreatePool")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Create a pool")))
        intro = QLabel(
            self.tr(
                "Deposit two assets you hold. Their ratio sets the pool's first price; you receive its "
                "LP tokens (the first 1,000 base units are locked forever)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.token_a, self.token_b = QComboBox(), QComboBox()
        symbols = [symbol for _asset, symbol, _decimals in self.assets]
        for combo in (self.token_a, self.token_b):
            for asset, symbol, _decimals in self.assets:
                shown = symbol if symbols.count(symbol) == 1 else f"{symbol} ({asset[:8]}…)"  # two alike
                combo.addItem(shown, asset)
        self.token_b.setCurrentIndex(1 if len(self.assets) > 1 else 0)
        self.amount_a = AmountEdit(field="amount_a", placeholder="0.0")
        self.amount_b = AmountEdit(field="amount_b", placeholder="0.0")
        for edit in (self.amount_a, self.amount_b):
            edit.returnPressed.connect(self.review)
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        self.error = FieldError(lines=2)
        form.addRow(self.tr("First token"), self.token_a)
        form.addRow(self.tr("Amount"), self.amount_a)
        form.addRow("", self.amount_a.error)
        form.addRow(self.tr("Second token"), self.token_b)
        form.addRow(self.tr("Amount"), self.amount_b)
        form.addRow("", self.amount_b.error)
        form.addRow("", self.held_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.review_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.review_button.setText(self.tr("Review…"))
        buttons.accepted.connect(self.review)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settle_return_key(self, self.review_button)
        for combo in (self.token_a, self.token_b):
            combo.currentIndexChanged.connect(lambda _i: self._tokens())
        self._tokens()

    def _asset(self, combo: QComboBox) -> Asset | None:
        index = combo.currentIndex()
        return self.assets[index] if 0 <= index < len(self.assets) else None

    def _tokens(self) -> None:
        a, b = self._asset(self.token_a), self._asset(self.token_b)
        self.error.clear_error()
        if a is None or b is None:
            return
        self.amount_a.set_token(a[1], a[2])
        self.amount_b.set_token(b[1], b[2])
        self.held_label.setText(
            self.tr("You hold {x} {a} and {y} {b}.").format(
                x=amount_text(self.held.get(a[0], 0), a[2]),
                a=a[1],
                y=amount_text(self.held.get(b[0], 0), b[2]),
                b=b[1],
            )
        )

    def review(self) -> None:
        a, b = self._asset(self.token_a), self._asset(self.token_b)
        if a is None or b is None:
            return
        if a[0] == b[0]:
            self.error.show_error(self.tr("A pool holds two different tokens."))
            return
        if frozenset((a[0], b[0])) in self.pooled:
            self.error.show_error(
                self.tr("{a}/{b} has a pool already: add to it in the list instead.").format(a=a[1], b=b[1])
            )
            return
        amount_a, amount_b = self.amount_a.check(), self.amount_b.check()
        if amount_a is None or amount_b is None:
            (self.amount_a if amount_a is None else self.amount_b).setFocus()
            return
        request = {
            "kind": "add",
            "token_a": a[0],
            "token_b": b[0],
            "amount_a": amount_a,
            "amount_b": amount_b,
            "slippage_bps": self.slippage_bps,
        }
        self.review_requested.emit(request)
        self.accept()
