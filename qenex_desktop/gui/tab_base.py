"""What every tab shares: it refreshes when an operation changed what it shows, lazily.

A tab names the ``Changed`` members it shows in ``relevant``; when ``ops.changed`` names one,
it refreshes now if it is on screen, else the next time it is shown. Locking hides it entirely
(the main window swaps in the locked page), and ``set_locked`` lets models hide money too.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.context import GuiContext


class TabBase(QWidget):
    #: What this tab shows: a change that touches any of it makes the tab refresh.
    relevant: Changed = Changed.NONE
    #: Name in screenshots and in the View menu.
    key = "tab"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = True
        ctx.ops.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changed) -> None:
        if changes & self.relevant:
            self.mark_dirty()

    def mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible() and not self.ctx.locked:
            self._refresh_now()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty and not self.ctx.locked:
            self._refresh_now()

    def _refresh_now(self) -> None:
        self._dirty = False
        self.refresh()

    def refresh(self) -> None:
        """Start the background reads this tab shows (never block here)."""

    def set_locked(self, locked: bool) -> None:
        """Locked: hide money; unlocked: show it again (and refresh if something changed)."""
        if not locked and self._dirty and self.isVisible():
            self._refresh_now()
