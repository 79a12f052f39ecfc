"""The unlock dialog with the keyboard, as a person uses it (issue 12, items 1 and 2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.test_lock import unlock_dialog

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


@pytest.fixture
def locked(prepared: AppConfig) -> AppConfig:
    """The prepared data dir with its session ended: the window opens to the unlock dialog."""
    core = fast_core(prepared)
    core.auth.current_session()
    core.auth.logout()
    core.close()
    return prepared


def test_return_in_the_password_field_unlocks(
    qtbot: QtBot, make_window: MakeWindow, locked: AppConfig
) -> None:
    window = make_window(lambda: fast_core(locked))
    dialog = unlock_dialog(qtbot, window)
    assert dialog.focusWidget() is dialog.password
    results: list[int] = []
    dialog.finished.connect(results.append)

    qtbot.keyClicks(dialog.password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.ctx is not None and not window.ctx.locked, timeout=15_000)
    assert results == [QDialog.DialogCode.Accepted.value]


def test_after_a_wrong_password_typing_again_goes_to_the_cleared_password_field(
    qtbot: QtBot, make_window: MakeWindow, locked: AppConfig
) -> None:
    window = make_window(lambda: fast_core(locked))
    dialog = unlock_dialog(qtbot, window)
    qtbot.keyClicks(dialog.password, "not the password at all")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.password_error.shown, timeout=15_000)
    qtbot.waitUntil(lambda: dialog.unlock_button.isEnabled(), timeout=5_000)

    assert dialog.isVisible()
    assert dialog.password.text() == ""
    assert dialog.focusWidget() is dialog.password
    focused = dialog.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, STRONG_PASSWORD)  # where the keys go now, as a person types
    assert dialog.username.currentText() == "alice"  # the name was not overwritten
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctx is not None and not window.ctx.locked, timeout=15_000)


def test_escape_cancels_the_unlock_dialog(qtbot: QtBot, make_window: MakeWindow, locked: AppConfig) -> None:
    window = make_window(lambda: fast_core(locked))
    dialog = unlock_dialog(qtbot, window)
    results: list[int] = []
    dialog.finished.connect(results.append)
    qtbot.keyClicks(dialog.password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: results == [QDialog.DialogCode.Rejected.value], timeout=5_000)
    assert window.ctx is not None and window.ctx.locked
