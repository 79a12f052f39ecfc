"""Fitted columns (the Liquidity and Swap tables) fit their contents after every reset of their
rows, and showing a table does not measure its cells again (issue 17: a header left in
``ResizeToContents`` measured both tables in the frame that first showed the Liquidity tab)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from qenex_desktop.gui.column_fit import fit_to_contents
from qenex_desktop.gui.models import Column, RowTableModel


@dataclass(frozen=True)
class Row:
    name: str
    note: str


class CountingModel(RowTableModel[Row]):
    """Counts what the view asks the cells for (sizing asks for size, font and text roles)."""

    asked = 0

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        self.asked += 1
        return super().data(index, role)


def _table(qtbot: QtBot) -> tuple[QTableView, CountingModel]:
    model = CountingModel([Column("Pair", lambda r: r.name), Column("Note", lambda r: r.note)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    fit_to_contents(view)
    view.resize(600, 300)
    return view, model


def test_a_column_widens_and_narrows_with_the_rows_it_holds(qtbot: QtBot) -> None:
    view, model = _table(qtbot)
    wide = "QXC/" + "W" * 40
    model.set_rows([Row(wide, "a"), Row("A/B", "b")])
    metrics = view.fontMetrics()
    assert view.columnWidth(0) >= metrics.horizontalAdvance(wide)
    model.set_rows([Row("A/B", "b")])
    assert view.columnWidth(0) < metrics.horizontalAdvance(wide)
    assert view.columnWidth(0) >= metrics.horizontalAdvance("A/B")
    assert view.horizontalHeader().stretchLastSection()


def test_showing_a_fitted_table_does_not_measure_its_cells_again(qtbot: QtBot) -> None:
    view, model = _table(qtbot)
    model.set_rows([Row(f"T{i}/USD", "note " * (i % 5)) for i in range(40)])
    width = view.columnWidth(0)
    model.asked = 0
    view.show()  # the show event itself; painting comes later, from the event loop
    assert model.asked == 0
    assert view.columnWidth(0) == width
    # and the header's own sizing mode does not measure on its own later either
    header = view.horizontalHeader()
    assert header.sectionResizeMode(0) != header.ResizeMode.ResizeToContents
