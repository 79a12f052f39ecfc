"""The table-or-empty-state stack every list view uses (gui/widgets.py TableStack)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.gui.models import Column, RowTableModel
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.widgets import EmptyState, FieldError, TableStack


def test_a_table_stack_shows_its_rows_or_says_what_would_fill_it(qtbot: QtBot) -> None:
    model: RowTableModel[str] = RowTableModel([Column("Name", lambda row: row)])
    stack = TableStack(model, "Nothing here yet: add one.")
    qtbot.addWidget(stack)
    stack.show()
    assert stack.currentWidget() is stack.empty
    assert isinstance(stack.view, DataTableView)  # the app's one table: Copy takes the full value
    stack.set_rows(["alice", "bob"])
    assert stack.currentWidget() is stack.view and model.rowCount() == 2
    stack.set_rows([])
    assert stack.currentWidget() is stack.empty
    assert stack.empty.text() == "Nothing here yet: add one."  # type: ignore[attr-defined]


def test_an_empty_state_widget_is_used_as_given(qtbot: QtBot) -> None:
    empty = EmptyState("No activity yet", "Sends and swaps show here.")
    stack = TableStack(RowTableModel([Column("Name", lambda row: str(row))]), empty)
    qtbot.addWidget(stack)
    assert stack.empty is empty and stack.currentWidget() is empty
    stack.show_content(True)
    assert stack.currentWidget() is stack.view


def test_a_field_error_keeps_its_room_and_shows_a_message_as_plain_text(qtbot: QtBot) -> None:
    error = FieldError()
    qtbot.addWidget(error)
    error.resize(300, error.height())
    error.show()
    empty = error.height()
    assert empty >= error.fontMetrics().lineSpacing() and error.isVisible()  # room kept, no error yet
    error.show_error('The name "<b>Gold</b>" is taken.')  # a message may quote what was typed
    assert error.textFormat() == Qt.TextFormat.PlainText and error.height() == empty
    assert error.shown
    error.clear_error()
    assert not error.shown and error.height() == empty and error.isVisible()
