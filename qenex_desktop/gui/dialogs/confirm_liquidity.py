"""Review an add or a remove of liquidity, or a new pool, before it runs: what goes in or comes out (full
precision), the LP shares minted or burned, your share of the pool before and after, the pool's
price and the minimums the write is held to under the slippage tolerance.

The Liquidity tab reads the review on a worker (``core.exchange.review_*_liquidity`` through the
operations layer) and hands it here; it runs the write only when this dialog is accepted. Return
presses the confirm button (nothing else in the dialog takes it); Escape cancels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from qenex_desktop.gui.formatting import (
    LP_DECIMALS,
    LP_SYMBOL,
    full_amount_text,
    full_rate_text,
    percent_text,
    ppm_percent_text,
    shares_text,
)
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.widgets import heading, settle_return_key

if TYPE_CHECKING:
    from qenex_desktop.core.exchange.liquidity_quote import LiquidityReview

#: Below this a share of the pool reads "< 0.01%" (``ppm_percent_text`` shows two decimals).
_SMALLEST_PPM = 100


def lp_text(shares: int, *, full: bool = False) -> str:
    """Pool shares in whole LP units (18 decimals, as Uniswap V2's LP token): a few significant
    digits for a message (``formatting.shares_text``), every digit with ``full``."""
    return f"{full_amount_text(shares, LP_DECIMALS)} {LP_SYMBOL}" if full else shares_text(shares)


def share_text(ppm: int) -> str:
    """A part of the pool in parts per million as a percentage; a tiny part is "< 0.01%"."""
    if 0 < ppm < _SMALLEST_PPM:
        return "< 0.01%"
    return ppm_percent_text(ppm)


class ConfirmLiquidityDialog(QDialog):
    """Accepted: the tab runs the add or remove with the review's minimums."""

    def __init__(self, review: LiquidityReview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        creating = review.action == "create"
        adding = review.action == "add" or creating
        titles = {
            "add": (self.tr("Review: add liquidity"), self.tr("Add liquidity to the {pair} pool")),
            "remove": (self.tr("Review: remove liquidity"), self.tr("Remove liquidity from the {pair} pool")),
            "create": (self.tr("Review: create a pool"), self.tr("Create the {pair} pool")),
        }
        window_title, title = titles[review.action]
        self.setWindowTitle(window_title)
        self.setWindowIcon(icon("add" if adding else "remove"))
        layout = QVBoxLayout(self)
        pair = f"{review.symbol_a}/{review.symbol_b}"
        a = f"{full_amount_text(review.amount_a, review.decimals_a)} {review.symbol_a}"
        b = f"{full_amount_text(review.amount_b, review.decimals_b)} {review.symbol_b}"
        title_label = heading(title.format(pair=pair))
        title_label.setWordWrap(True)
        layout.addWidget(title_label)
        form = QFormLayout()
        self.rows: dict[str, QLabel] = {}
        rows = self._create_rows(review, a, b) if creating else self._rows(review, a, b)
        for name, value in rows.items():
            label = QLabel(value)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.rows[name] = label
            form.addRow(name, label)
        layout.addLayout(form)
        self.note = QLabel(self._note(review))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)  # room a window manager adds goes here, not between the rows
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        confirm = {
            "add": self.tr("Add liquidity"),
            "remove": self.tr("Remove liquidity"),
            "create": self.tr("Create pool"),
        }
        self.ok_button.setText(confirm[review.action])
        self.ok_button.setIcon(icon("add" if adding else "remove"))
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        settle_return_key(self, self.ok_button)
        self.ok_button.setFocus()

    def _note(self, review: LiquidityReview) -> str:
        where = self.tr(
            "This runs on your {account} account of the local exchange ledger and is written to the "
            "audit log."
        ).format(account=review.account)
        if review.action == "create":
            return self.tr(
                "Your two deposits set the pool's first price. If it differs from the price elsewhere, "
                "anyone can swap against the pool at your loss until the price matches. {where}"
            ).format(where=where)
        return self.tr(
            "{where} If the pool's price moves before it runs so that the minimums are not met, it is "
            "refused and nothing changes."
        ).format(where=where)

    def _create_rows(self, review: LiquidityReview, a: str, b: str) -> dict[str, str]:
        """A new pool's rows: both deposits whole, the shares minted and those locked forever, the
        price the deposits set and the fee; no minimums (there is no price to move yet)."""
        price = "\n".join(
            (
                full_rate_text(review.symbol_a, review.price_a_in_b, review.symbol_b),
                full_rate_text(review.symbol_b, review.price_b_in_a, review.symbol_a),
            )
        )
        return {
            self.tr("You deposit"): f"{a}\n{b}",
            self.tr("LP shares minted"): lp_text(review.shares, full=True),
            self.tr("Locked forever"): self.tr(
                "{lp} (so the pool can never be emptied, as Uniswap V2)"
            ).format(lp=lp_text(review.locked_shares, full=True)),
            self.tr("Your share of the pool"): share_text(review.share_after_ppm),
            self.tr("Starting price"): price,
            self.tr("Fee per swap"): percent_text(review.fee_bps or 0),
        }

    def _rows(self, review: LiquidityReview, a: str, b: str) -> dict[str, str]:
        """(row name -> text): every amount at full precision, shares in LP units."""
        adding = review.action == "add"
        minimums = self.tr("{a}\n{b}\n(slippage {p})").format(
            a=f"{full_amount_text(review.min_a, review.decimals_a)} {review.symbol_a}",
            b=f"{full_amount_text(review.min_b, review.decimals_b)} {review.symbol_b}",
            p=percent_text(review.slippage_bps),
        )
        price = "\n".join(
            (
                full_rate_text(review.symbol_a, review.price_a_in_b, review.symbol_b),
                full_rate_text(review.symbol_b, review.price_b_in_a, review.symbol_a),
            )
        )
        share = self.tr("{before} → {after}").format(
            before=share_text(review.share_before_ppm), after=share_text(review.share_after_ppm)
        )
        return {
            self.tr("You deposit") if adding else self.tr("You receive"): f"{a}\n{b}",
            self.tr("LP shares minted") if adding else self.tr("LP shares burned"): lp_text(
                review.shares, full=True
            ),
            self.tr("Your LP shares after"): lp_text(review.shares_after, full=True),
            self.tr("Your share of the pool"): share,
            self.tr("Pool price"): price,
            self.tr("Minimum deposited") if adding else self.tr("Minimum received"): minimums,
        }
