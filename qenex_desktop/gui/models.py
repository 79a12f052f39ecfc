"""Qt table models over the core's plain values (lists of frozen dataclasses).

``RowTableModel`` is the one base: give it ``Column``s (header, text, tooltip, alignment,
colour) and call ``set_rows(rows)`` with what a background operation returned. Tabs of other
parts (swap, liquidity, monitoring) reuse it the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from qenex_desktop.gui.formatting import format_time, short_hex

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
HIDDEN = "••••"
#: The text Copy takes from a cell: the full value where the cell shows a shortened one.
COPY_ROLE = int(Qt.ItemDataRole.UserRole) + 1
#: The column's ``kind`` ("address", "hash", ""), for the context menu.
KIND_ROLE = int(Qt.ItemDataRole.UserRole) + 2


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    text: Callable[[T], str]
    tooltip: Callable[[T], str] | None = None
    numeric: bool = False
    color: Callable[[T], str | None] | None = None
    #: Money: shown as ``HIDDEN`` while the app is locked.
    secret: bool = False
    #: The whole value behind a shortened text (an address, a hash): what Copy puts on the clipboard.
    full: Callable[[T], str | None] | None = None
    #: What the value is, for the table's context menu: "address", "hash" or "" (plain text).
    kind: str = ""


class RowTableModel(QAbstractTableModel, Generic[T]):
    def __init__(self, columns: Sequence[Column[T]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []
        self._hide_secrets = False
        #: (row, column, role) -> what the cell gave: a view asks each cell for each role many
        #: times (sizing, painting, tooltips), and formatting money is not free: a 50-pool table
        #: made 13,000 calls on its first show (bench/tab_first_visit.py). Cleared whenever the
        #: model resets; rows are frozen values, so a cell cannot change between resets.
        self._texts: dict[tuple[int, int, int], Any] = {}

    # -- data in -----------------------------------------------------------------------------

    def beginResetModel(self) -> None:
        self._texts.clear()
        super().beginResetModel()

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_columns(self, columns: Sequence[Column[T]]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def hide_secrets(self, hidden: bool) -> None:
        """Locked: money columns show dots, not numbers."""
        if hidden != self._hide_secrets:
            self.beginResetModel()
            self._hide_secrets = hidden
            self.endResetModel()

    @property
    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, index: Index) -> T | None:
        return self._rows[index.row()] if index.isValid() and index.row() < len(self._rows) else None

    # -- Qt's side ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            column = self._columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT if column.numeric else _LEFT
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        key = (index.row(), index.column(), role)
        try:
            return self._texts[key]
        except KeyError:
            value = self._cell(index, role)
            if index.isValid():
                self._texts[key] = value
            return value

    def _cell(self, index: Index, role: int) -> Any:
        row = self.row_at(index)
        if row is None or not 0 <= index.column() < len(self._columns):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column.secret and self._hide_secrets:
                return HIDDEN
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            if column.secret and self._hide_secrets:
                return None
            return column.tooltip(row)
        if role == COPY_ROLE:
            if column.secret and self._hide_secrets:
                return None  # locked: nothing of the money leaves through the clipboard either
            return column.full(row) if column.full is not None else column.text(row)
        if role == KIND_ROLE:
            return column.kind
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.numeric else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            color = column.color(row)
            return QColor(color) if color else None
        return None


# -- shared column helpers ----------------------------------------------------------------------


def address_column(header: str, getter: Callable[[T], str | None]) -> Column[T]:
    return Column(
        header,
        lambda row: short_hex(getter(row)),
        tooltip=lambda row: getter(row) or "",
        full=getter,
        kind="address",
    )


def hash_column(header: str, getter: Callable[[T], str | None], keep: int = 6) -> Column[T]:
    return Column(
        header,
        lambda row: short_hex(getter(row), keep),
        tooltip=lambda row: getter(row) or "",
        full=getter,
        kind="hash",
    )


def time_column(header: str, getter: Callable[[T], int]) -> Column[T]:
    return Column(header, lambda row: format_time(getter(row)))
