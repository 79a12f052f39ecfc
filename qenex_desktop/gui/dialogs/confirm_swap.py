"""Confirm a swap: everything that will happen, in the words and numbers the person will see after.

A high price impact asks more, as Uniswap's app does: over ``IMPACT_TICK_BPS`` (5%) the dialog
says what it costs and the Swap button stays off until "I understand" is ticked; over
``IMPACT_WORD_BPS`` (15%) the word ``CONFIRM_WORD`` must be typed instead. The levels are decided
on the quote's integer basis points. Return presses Swap only when it is on (``accept`` refuses
otherwise, whatever the key or the caller); Escape cancels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT
from qenex_desktop.gui.colours import AMBER, RED, text_style
from qenex_desktop.gui.formatting import full_amount_text, full_rate_text, percent_text, rate_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.widgets import heading, settle_return_key

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import SwapQuote


#: Over this price impact (basis points) the swap needs an explicit tick.
IMPACT_TICK_BPS = 500
#: Over this one it needs ``CONFIRM_WORD`` typed.
IMPACT_WORD_BPS = 1500
CONFIRM_WORD = "swap"


def impact_level(impact_bps: int) -> str:
    """What a price impact asks of the person: "none", "tick" (over 5%) or "word" (over 15%)."""
    if impact_bps > IMPACT_WORD_BPS:
        return "word"
    if impact_bps > IMPACT_TICK_BPS:
        return "tick"
    return "none"


def _with_full_rate(quote: SwapQuote, details: dict[str, str], rate_name: str) -> dict[str, str]:
    """The rows with the rate in full (every digit the core gave) where the tab shows it cut to six
    significant digits; a first Rate row when the rows have none."""
    cut = rate_text(quote.symbol_in, quote.effective_price, quote.symbol_out)
    full = full_rate_text(quote.symbol_in, quote.effective_price, quote.symbol_out)
    if cut not in details.values():
        return {rate_name: full, **details}
    return {name: full if value == cut else value for name, value in details.items()}


class ConfirmSwapDialog(QDialog):
    def __init__(
        self,
        quote: SwapQuote,
        details: dict[str, str],
        parent: QWidget | None = None,
        *,
        account: str = DEFAULT_ACCOUNT,
    ) -> None:
        """``details``: the rows the Swap tab shows (rate, limit, impact, route, fee, deadline); the
        rate is shown here with every digit. ``account``: the ledger account the swap runs on."""
        super().__init__(parent)
        self.quote = quote
        self.account = account
        self.setWindowTitle(self.tr("Confirm swap"))
        self.setWindowIcon(icon("swap"))
        layout = QVBoxLayout(self)
        title = heading(
            self.tr("Pay {a} {x}, receive {b} {y}").format(
                a=full_amount_text(quote.amount_in, quote.decimals_in),
                x=quote.symbol_in,
                b=full_amount_text(quote.amount_out, quote.decimals_out),
                y=quote.symbol_out,
            )
        )
        title.setWordWrap(True)
        layout.addWidget(title)
        exact = (
            self.tr(
                "You pay exactly this; what you receive may be lower if the price moves, down to the minimum."
            )
            if quote.kind == "exact_in"
            else self.tr(
                "You receive exactly this; what you pay may be higher if the price moves, up to the maximum."
            )
        )
        note = QLabel(exact)
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.rows: dict[str, QLabel] = {}
        for name, value in _with_full_rate(quote, details, self.tr("Rate")).items():
            label = QLabel(value)
            label.setWordWrap(True)
            self.rows[name] = label
            form.addRow(name, label)
        layout.addLayout(form)
        after = QLabel(
            self.tr(
                "The swap runs on your {account} account of the local exchange ledger and is written to "
                "the audit log. It is refused, and nothing changes, if the limit or the deadline is not met."
            ).format(account=account)
        )
        after.setWordWrap(True)
        layout.addWidget(after)
        self.level = impact_level(quote.price_impact_bps)
        self.understood: QCheckBox | None = None
        self.word: QLineEdit | None = None
        if self.level != "none":
            self._add_warning(layout, quote)
        layout.addStretch(1)  # room a window manager adds goes here, not between the rows
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Swap"))
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        settle_return_key(self, self.ok_button)
        self._update_ok()
        first = self.word or self.understood or self.ok_button
        first.setFocus()

    def _add_warning(self, layout: QVBoxLayout, quote: SwapQuote) -> None:
        """The high impact said in words, and the tick or the word it asks for."""
        impact = percent_text(quote.price_impact_bps)
        warning = QLabel(
            self.tr(
                "Price impact {impact}: this trade moves the pool's price {far} against you. You get "
                "about {impact} less than the current price gives; a smaller amount, or a deeper "
                "pool, loses less."
            ).format(impact=impact, far=self.tr("very far") if self.level == "word" else self.tr("far"))
        )
        warning.setWordWrap(True)
        warning.setStyleSheet(text_style(RED if self.level == "word" else AMBER, bold=True))
        self.warning = warning
        layout.addWidget(warning)
        if self.level == "tick":
            self.understood = QCheckBox(
                self.tr("I understand that this swap loses {impact} to price impact").format(impact=impact)
            )
            self.understood.toggled.connect(lambda _on: self._update_ok())
            layout.addWidget(self.understood)
            return
        prompt = QLabel(self.tr('Type "{word}" to swap anyway:').format(word=CONFIRM_WORD))
        self.word = QLineEdit()
        self.word.setPlaceholderText(CONFIRM_WORD)
        self.word.setMaximumWidth(160)
        self.word.textChanged.connect(lambda _t: self._update_ok())
        prompt.setBuddy(self.word)
        layout.addWidget(prompt)
        layout.addWidget(self.word)

    def ready(self) -> bool:
        """The tick or the word the impact asks for is given (always, for a small impact)."""
        if self.understood is not None:
            return self.understood.isChecked()
        if self.word is not None:
            return self.word.text().strip().casefold() == CONFIRM_WORD
        return True

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.ready())

    def accept(self) -> None:
        """Never without the tick or the word, whatever pressed it."""
        if self.ready():
            super().accept()
