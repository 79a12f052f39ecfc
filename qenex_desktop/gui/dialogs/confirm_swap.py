"""Confirm a swap: everything that will happen, in the words and numbers the person will see after."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.widgets import heading

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import SwapQuote


class ConfirmSwapDialog(QDialog):
    def __init__(self, quote: SwapQuote, details: dict[str, str], parent: QWidget | None = None) -> None:
        """``details``: the rows the Swap tab shows (rate, limit, impact, route, fee, deadline)."""
        super().__init__(parent)
        self.quote = quote
        self.setWindowTitle(self.tr("Confirm swap"))
        self.setWindowIcon(icon("swap"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                self.tr("Pay {a} {x}, receive {b} {y}").format(
                    a=quote.amount_in_text, x=quote.symbol_in, b=quote.amount_out_text, y=quote.symbol_out
                )
            )
        )
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
        for name, value in details.items():
            label = QLabel(value)
            label.setWordWrap(True)
            self.rows[name] = label
            form.addRow(name, label)
        layout.addLayout(form)
        after = QLabel(
            self.tr(
                "The swap runs on your Main account of the local exchange ledger and is written to the "
                "audit log. It is refused, and nothing changes, if the limit or the deadline is not met."
            )
        )
        after.setWordWrap(True)
        layout.addWidget(after)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Swap"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
