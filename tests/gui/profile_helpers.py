"""What the Profile-menu tests share: an unlocked window and its menu entries by name."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from tests.gui.conftest import fast_core

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def unlocked_window(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> MainWindow:
    window = make_window(lambda: fast_core(config))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    return window


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, f"profile.{name}")
    assert isinstance(found, QAction), name
    return found


def open_from_menu(qtbot: QtBot, window: MainWindow, name: str, kind: type[QDialog]) -> QDialog:
    """Trigger the Profile menu entry (as a click on it does) and wait for its dialog."""
    entry = action(window, name)
    assert entry.isEnabled()
    entry.trigger()
    qtbot.waitUntil(lambda: isinstance(getattr(window, "_modal", None), kind), timeout=10_000)
    dialog = window._modal
    assert isinstance(dialog, kind)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    window.ops.wait_idle()
    return dialog


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type over what the field holds (select all, then the keys), as a person does."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def tab_to(qtbot: QtBot, dialog: QDialog, target: QWidget, limit: int = 12) -> None:
    """Press Tab until ``target`` has the focus (fails when it never gets it)."""
    for _ in range(limit):
        if dialog.focusWidget() is target:
            return
        focused = dialog.focusWidget() or dialog
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is target
