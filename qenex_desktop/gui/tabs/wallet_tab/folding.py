"""What the Wallet tab folds away, and the controls for it: "Hide zero balances" (remembered,
``prefs.hide_zero_balances``), the tokens the person hid (a row's context menu: "Hide token";
remembered under ``HIDDEN_KEY``) and "Show hidden tokens (N)" to see them again for a moment.

Hiding a token is a view's choice, as in MetaMask: its balance stays where it is, and the send
dialog still offers it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from qenex_desktop.gui.models import RowTableModel
from qenex_desktop.gui.prefs import Preferences
from qenex_desktop.gui.wallet_snapshot import AssetRow, Fold

#: The preference holding the hidden tokens' keys (token addresses, "ledger:SYMBOL"), comma-separated.
HIDDEN_KEY = "wallet/hidden_assets"


class FoldControls(QWidget):
    #: The fold changed (a box ticked, a token hidden or shown): the tables list their rows again.
    changed = Signal()

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.show_hidden = QCheckBox(self.tr("Show hidden tokens"))
        self.show_hidden.hide()
        self.show_hidden.toggled.connect(lambda _on: self.changed.emit())
        self.hide_zero = QCheckBox(self.tr("Hide zero balances"))
        self.hide_zero.setChecked(prefs.hide_zero_balances)
        self.hide_zero.toggled.connect(self._hide_zero_toggled)
        layout.addWidget(self.show_hidden)
        layout.addWidget(self.hide_zero)

    def hidden(self) -> frozenset[str]:
        return frozenset(key for key in self.prefs.value(HIDDEN_KEY, "").split(",") if key)

    def fold(self) -> Fold:
        return Fold(self.hide_zero.isChecked(), self.hidden(), self.show_hidden.isChecked())

    def set_hidden(self, key: str, hidden: bool) -> None:
        keys = self.hidden() | {key} if hidden else self.hidden() - {key}
        self.prefs.set_value(HIDDEN_KEY, ",".join(sorted(keys)))
        self.changed.emit()

    def show_count(self, count: int) -> None:
        """How many rows are hidden now: the box shows while there are some (or it is ticked)."""
        self.show_hidden.setText(self.tr("Show hidden tokens ({count})").format(count=count))
        self.show_hidden.setVisible(count > 0 or self.show_hidden.isChecked())

    def _hide_zero_toggled(self, hide: bool) -> None:
        self.prefs.hide_zero_balances = hide
        self.changed.emit()

    def row_actions(self, model: RowTableModel[AssetRow]) -> Callable[[QModelIndex], list[QAction]]:
        """A table's context-menu entry for the row: "Hide token", or "Show token" when hidden."""

        def actions(index: QModelIndex) -> list[QAction]:
            row = model.row_at(index)
            if row is None or row.asset.key == "ETH":  # ETH pays every fee: never folded
                return []
            text = self.tr("Show token") if row.hidden else self.tr("Hide token")
            action = QAction(f"{text} {row.asset.label}", self)
            key, hide = row.asset.key, not row.hidden
            action.triggered.connect(lambda _checked=False: self.set_hidden(key, hide))
            return [action]

        return actions
