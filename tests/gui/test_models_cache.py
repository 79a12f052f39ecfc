"""A table cell's text is made once per model reset (issue 17: the Liquidity tab's first show asked
13,000 times for 50 pools' texts), and never outlives a reset: new rows and locking show at once."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.gui.models import COPY_ROLE, HIDDEN, Column, RowTableModel


@dataclass(frozen=True)
class Holding:
    symbol: str
    units: int


def test_each_cell_is_formatted_once_until_the_model_resets(qtbot: QtBot) -> None:
    calls: list[str] = []

    def amount(row: Holding) -> str:
        calls.append(row.symbol)
        return f"{row.units:,}"

    model: RowTableModel[Holding] = RowTableModel(
        [
            Column("Symbol", lambda r: r.symbol),
            Column("Amount", amount, secret=True, full=lambda r: str(r.units)),
        ]
    )
    model.set_rows([Holding("QXC", 1_000_000), Holding("USD", 5)])
    cell = model.index(0, 1)
    for _ in range(20):
        assert model.data(cell, Qt.ItemDataRole.DisplayRole) == "1,000,000"
    assert calls == ["QXC"]
    assert model.data(cell, COPY_ROLE) == "1000000"

    model.set_rows([Holding("QXC", 7)])
    assert model.data(model.index(0, 1), Qt.ItemDataRole.DisplayRole) == "7"
    assert calls == ["QXC", "QXC"]

    model.hide_secrets(True)  # locked: the cached number must not stay on screen
    assert model.data(model.index(0, 1), Qt.ItemDataRole.DisplayRole) == HIDDEN
    assert model.data(model.index(0, 1), COPY_ROLE) is None
    assert model.data(model.index(5, 1), Qt.ItemDataRole.DisplayRole) is None
