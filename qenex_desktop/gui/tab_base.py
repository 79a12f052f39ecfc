"""What every tab shares: it refreshes when an operation changed what it shows, lazily.

A tab names the ``Changed`` members it shows in ``relevant``; when ``ops.changed`` names one,
it refreshes now if it is on screen, else the next time it is shown. Locking hides it entirely
(the main window swaps in the locked page), and ``set_locked`` lets models hide money too.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPixmap, QShowEvent
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

    # -- before the first visit (tab_registry.QuietPreloader, while nobody types or clicks) --------

    def prime(self, size: QSize) -> None:
        """Take the page's ``size`` now and start the reads: the first visit then paints rows that
        are already there (issue 17: Liquidity's first visit laid out, filled and painted in one go,
        60-200 ms on a 10k ledger). A change announced meanwhile marks the tab dirty as ever, so a
        visit after it reads again (Monitoring also reads again when its read is a live tick old)."""
        if self.isVisible():
            return
        self.resize(size)
        if self._dirty and not self.ctx.locked:
            self._refresh_now()

    def paint_hidden(self) -> None:
        """Lay out and paint once into a picture nobody sees: polishing, fitted columns, the font's
        glyphs and the style's pixmaps are made now, not in the first visit's frame."""
        if not self.isVisible():
            self.render(QPixmap(self.size()))

    def set_locked(self, locked: bool) -> None:
        """Locked: hide money; unlocked: show it again (and refresh if something changed)."""
        if not locked and self._dirty and self.isVisible():
            self._refresh_now()
