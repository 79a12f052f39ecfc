"""Columns as wide as their contents, set when the rows change rather than left to Qt's
``ResizeToContents``: a header in that mode measures its cells again each time its table is
shown, and a tab's first visit then measured its tables in the frame that showed them (issue 17).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QTableView

#: How many rows (those on screen first) a fitted column's width is measured on.
FIT_ROWS = 24


class ColumnFit(QObject):
    """Fits ``view``'s columns to their contents now and after each reset of its rows, the last
    one taking the rest. Widths are set, not left to ``ResizeToContents``: a header in that mode
    measures its cells again each time the table is shown."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)  # lives and dies with the view, and so does the connection
        self.view = view
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        # the rows on screen and a few more decide the widths, not all of them: every refresh
        # measured each cell of fifty pools again (tens of ms on the GUI thread); a rare wider
        # cell is elided
        header.setResizeContentsPrecision(FIT_ROWS)
        view.model().modelReset.connect(self.fit)
        self.fit()

    def fit(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        for column in range(view.model().columnCount() - 1):
            width = max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, max(width, header.minimumSectionSize()))


def fit_to_contents(view: QTableView) -> ColumnFit:
    """Every column as wide as its contents, the last one takes the rest (kept on every refresh,
    whether or not the table is on screen at that moment)."""
    return ColumnFit(view)
