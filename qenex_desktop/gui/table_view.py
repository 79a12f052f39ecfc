"""The app's one table view: Copy takes the whole value, and a context menu copies what a row holds.

Tables show addresses and hashes shortened ("0x4d3c64…1b58"); Qt's own Ctrl+C copied that text,
which is useless (and dangerous) to paste as a recipient. Here Copy takes ``COPY_ROLE`` (the full
value, from ``Column.full``), and right-click offers "Copy address" / "Copy transaction hash" for
the row's address and hash columns, and "Copy <column>" for the cell under the mouse; with an
``explorer`` (the network's block-explorer URL), "Open in explorer" for each of them too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from qenex_desktop.gui.models import COPY_ROLE, KIND_ROLE

_KIND_LABELS = {"address": "Copy address", "hash": "Copy transaction hash"}
#: How a link leaves the app (the desktop's browser); tests put a recorder here.
open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
#: The explorer's page of each kind (the Etherscan layout that Blockscout and Otterscan share).
_EXPLORER_PATHS = {"address": "address", "hash": "tx"}


def explorer_link(base: str | None, kind: str, value: str) -> QUrl | None:
    """``base``/tx/0x… or ``base``/address/0x…, when ``base`` is an http(s) URL and value a 0x value."""
    if not base or kind not in _EXPLORER_PATHS or not value.startswith("0x"):
        return None
    url = QUrl(f"{base.rstrip('/')}/{_EXPLORER_PATHS[kind]}/{value}")
    return url if url.isValid() and url.scheme() in ("http", "https") else None


class DataTableView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The last menu shown (tests and screenshots look at it).
        self.last_menu: QMenu | None = None
        #: More actions for the row under the mouse, first in the menu (a tab's own, e.g. a flip).
        self.row_actions: list[Callable[[QModelIndex], list[QAction]]] = []
        #: The active network's explorer URL, read when the menu opens (None: no explorer links).
        self.explorer: Callable[[], str | None] | None = None
        #: The last link opened (tests look at it; QDesktopServices hands it to the browser).
        self.last_opened: QUrl | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_cell(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)

    def copy_cell(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        """Put the cell's full value on the clipboard (nothing when the cell has none, or is hidden)."""
        if not index.isValid():
            return None
        text = index.data(COPY_ROLE)
        if not text:
            return None
        QGuiApplication.clipboard().setText(str(text))
        return str(text)

    def context_actions(self, index: QModelIndex) -> list[QAction]:
        """Copy actions for the row under the mouse: its address and hash columns, then the cell."""
        model = self.model()
        if model is None or not index.isValid():
            return []
        actions: list[QAction] = [action for extra in self.row_actions for action in extra(index)]
        cells = [model.index(index.row(), column) for column in range(model.columnCount())]
        copyable = [c for c in cells if str(c.data(KIND_ROLE) or "") in _KIND_LABELS and c.data(COPY_ROLE)]
        kinds = [str(c.data(KIND_ROLE)) for c in copyable]
        for cell, kind in zip(copyable, kinds, strict=True):
            label = self.tr(_KIND_LABELS[kind])
            if kinds.count(kind) > 1:  # two addresses in a row (From, To): say which
                header = str(model.headerData(cell.column(), Qt.Orientation.Horizontal) or "")
                label = self.tr("{label} ({column})").format(label=label, column=header)
            actions.append(self._copy_action(label, cell))
        base = self.explorer() if self.explorer is not None else None
        for cell, kind in zip(copyable, kinds, strict=True):
            link = explorer_link(base, kind, str(cell.data(COPY_ROLE)))
            if link is not None:
                actions.append(
                    self._open_action(
                        self.tr("Open {what} in explorer").format(
                            what=self.tr("address") if kind == "address" else self.tr("transaction")
                        ),
                        link,
                    )
                )
        header = str(model.headerData(index.column(), Qt.Orientation.Horizontal) or "")
        if index.data(COPY_ROLE) and str(index.data(KIND_ROLE) or "") not in _KIND_LABELS:
            actions.append(self._copy_action(self.tr("Copy {column}").format(column=header.lower()), index))
        return actions

    def _copy_action(self, label: str, index: QModelIndex) -> QAction:
        action = QAction(label, self)
        target = QPersistentModelIndex(index)
        action.triggered.connect(lambda _checked=False: self.copy_cell(target))
        return action

    def _open_action(self, label: str, link: QUrl) -> QAction:
        action = QAction(label, self)
        action.triggered.connect(lambda _checked=False: self.open_link(link))
        return action

    def open_link(self, link: QUrl) -> None:
        self.last_opened = link
        open_url(link)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.show_menu_at(event.pos())

    def show_menu_at(self, position: QPoint) -> QMenu | None:
        actions = self.context_actions(self.indexAt(position))
        if not actions:
            return None
        menu = QMenu(self)
        menu.addActions(actions)
        self.last_menu = menu
        menu.popup(self.viewport().mapToGlobal(position))
        return menu
