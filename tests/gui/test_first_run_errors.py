"""The wizard's inline errors follow the fields as a person types (issue 12, item 5)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.first_run import PAGE_CHOICE, PAGE_PROFILE
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.test_first_run import fresh, wizard_of

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def _retype(qtbot: QtBot, field: object, text: str) -> None:
    field.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(field, text)  # type: ignore[arg-type]


def test_common_password_and_mismatch_errors_go_once_both_are_fixed(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig
) -> None:
    window = make_window(fresh(config))
    wizard = wizard_of(qtbot, window)
    page = wizard.profile_page
    qtbot.keyClicks(page.username, "alice")
    qtbot.keyClicks(page.password, "password1234")
    qtbot.keyClicks(page.confirm, "password1234")
    qtbot.keyClick(page.confirm, Qt.Key.Key_Return)  # the wizard's Create profile
    qtbot.waitUntil(lambda: page.password_error.shown, timeout=20_000)
    assert "common passwords" in page.password_error.text()
    assert wizard.currentId() == PAGE_PROFILE

    _retype(qtbot, page.password, STRONG_PASSWORD)
    assert not page.password_error.shown  # re-checked as typed: no "common" next to "Very strong"
    qtbot.keyClick(page.confirm, Qt.Key.Key_Return)
    assert page.confirm_error.shown
    assert "differ" in page.confirm_error.text()

    _retype(qtbot, page.confirm, STRONG_PASSWORD)
    assert not page.confirm_error.shown
    assert not page.password_error.shown
    qtbot.keyClick(page.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_CHOICE, timeout=20_000)


def test_a_password_error_changes_with_the_password(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig
) -> None:
    window = make_window(fresh(config))
    wizard = wizard_of(qtbot, window)
    page = wizard.profile_page
    qtbot.keyClicks(page.username, "alice")
    qtbot.keyClicks(page.password, "short")
    qtbot.keyClicks(page.confirm, "short")
    qtbot.keyClick(page.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.password_error.shown, timeout=20_000)
    assert "at least" in page.password_error.text()
    _retype(qtbot, page.password, "alice in a long sentence")
    assert "username" in page.password_error.text()  # the new value's own fault, at once
