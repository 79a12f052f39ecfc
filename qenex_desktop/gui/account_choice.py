"""The ledger account a trade uses, as the Swap and Liquidity tabs offer it (``AccountChoice``).

A combo of your own ledger accounts (no counterparties: they cannot pay). The choice is kept in
``prefs.trade_account``, one for both tabs, so a swap and a liquidity change use the same account
until another is chosen. Arrow keys choose; Return on it emits ``return_pressed`` (a tab's review),
as nothing else in a tab would take it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QWidget

from qenex_desktop.core.exchange.ledger import DEFAULT_ACCOUNT
from qenex_desktop.gui.prefs import Preferences

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import ExchangeService


def own_accounts(exchange: ExchangeService) -> tuple[str, ...]:
    """Worker thread: the names of your own ledger accounts a trade may use (no counterparties);
    Main first, also before it is opened (its first operation opens it)."""
    names = [a.name for a in exchange.list_accounts() if a.kind == "own"]
    return (DEFAULT_ACCOUNT, *(n for n in names if n != DEFAULT_ACCOUNT))


def core_account(name: str) -> str | None:
    """The core's ``account`` argument for a chosen name: None for Main (opened on its first use)."""
    return None if name == DEFAULT_ACCOUNT else name


class AccountChoice(QComboBox):
    return_pressed = Signal()
    #: The person chose another account (already remembered).
    chosen = Signal(str)

    def __init__(self, prefs: Preferences, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefs = prefs
        self.setObjectName(name)
        self.setAccessibleName(self.tr("Account"))
        self.setToolTip(self.tr("The ledger account that pays and receives (kept for next time)"))
        self.addItem(prefs.trade_account)
        self.currentIndexChanged.connect(lambda _i: self._changed())

    def account(self) -> str:
        return self.currentText() or DEFAULT_ACCOUNT

    def show_accounts(self, names: list[str]) -> None:
        """``names`` with the remembered account chosen (the first when it is gone), no signal."""
        self.blockSignals(True)
        self.clear()
        self.addItems(names)
        self.setCurrentIndex(max(self.findText(self.prefs.trade_account), 0))
        self.blockSignals(False)

    def follow_prefs(self) -> bool:
        """Take the account chosen in the other tab meanwhile; True when that changed the choice."""
        index = self.findText(self.prefs.trade_account)
        if index < 0 or index == self.currentIndex():
            return False
        self.blockSignals(True)
        self.setCurrentIndex(index)
        self.blockSignals(False)
        return True

    def _changed(self) -> None:
        self.prefs.trade_account = self.account()
        self.chosen.emit(self.account())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.return_pressed.emit()
            return
        super().keyPressEvent(event)
