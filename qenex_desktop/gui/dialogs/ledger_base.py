"""What the two ledger dialogs (``ledger_tokens``, ``ledger_accounts``) share: their header (title,
icon, a line saying what the ledger is) and the ledger read when they open and again whenever an
operation changes its tokens, balances or accounts, through ``operations/ledger.read_ledger``."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.operations import ledger as ledger_ops
from qenex_desktop.gui.operations.ledger import LedgerView

#: What a ledger dialog shows changes with these.
RELEVANT = Changed.TOKENS | Changed.BALANCES | Changed.ACCOUNTS


class LedgerDialog(QDialog):
    """A dialog over the ledger: the subclass lays its widgets out in the column ``header()``
    returns, then calls ``follow_ledger()``, and shows each read in ``_show_view``."""

    #: The ledger was read (tests and screenshots wait for it).
    loaded = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None, *, name: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view: LedgerView | None = None
        self._read_key = f"{name}-{id(self)}"
        self.setObjectName(name)

    def header(self, title: str, icon_name: str, intro: str) -> QVBoxLayout:
        """The dialog's title and icon, and its column with the intro line at the top."""
        self.setWindowTitle(title)
        self.setWindowIcon(icon(icon_name))
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        return layout

    def follow_ledger(self) -> None:
        """Read the ledger now and after every operation that changes what it shows."""
        self.ctx.ops.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        ledger_ops.read_ledger(self.ctx, on_done=self._show_view, owner=self, key=self._read_key)

    def _on_changed(self, changes: Changed) -> None:
        if changes & RELEVANT:
            self.reload()

    def _show_view(self, view: LedgerView) -> None:
        raise NotImplementedError
