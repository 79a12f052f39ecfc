"""Profile > Change password… on the real core, typed as a person does (issue 13)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import Profile
from qenex_desktop.core.errors import AuthenticationError
from qenex_desktop.gui.dialogs.change_password import ChangePasswordDialog
from tests.conftest import STRONG_PASSWORD
from tests.gui.profile_helpers import MakeWindow, open_from_menu, tab_to, unlocked_window

NEW_PASSWORD = "harbor quilt mosaic 77"


def _dialog(qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig) -> ChangePasswordDialog:
    window = unlocked_window(qtbot, make_window, prepared)
    dialog = open_from_menu(qtbot, window, "changePassword", ChangePasswordDialog)
    assert isinstance(dialog, ChangePasswordDialog)
    assert dialog.focusWidget() is dialog.current
    return dialog


def _fill(qtbot: QtBot, dialog: ChangePasswordDialog, current: str, new: str, confirm: str) -> None:
    qtbot.keyClicks(dialog.current, current)
    tab_to(qtbot, dialog, dialog.new)
    qtbot.keyClicks(dialog.new, new)
    tab_to(qtbot, dialog, dialog.confirm)
    qtbot.keyClicks(dialog.confirm, confirm)
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)


def test_the_password_changes_and_the_keys_open_only_with_the_new_one(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    dialog = _dialog(qtbot, make_window, prepared)
    core = dialog.ctx.core
    results: list[int] = []
    dialog.finished.connect(results.append)

    _fill(qtbot, dialog, STRONG_PASSWORD, NEW_PASSWORD, NEW_PASSWORD)

    qtbot.waitUntil(lambda: results == [QDialog.DialogCode.Accepted.value], timeout=20_000)
    assert core.auth.verify_password("alice", NEW_PASSWORD)
    core.wallet.lock()
    with pytest.raises(AuthenticationError):
        core.wallet.unlock(STRONG_PASSWORD)
    core.wallet.unlock(NEW_PASSWORD)  # the keys were re-sealed under the new password
    assert core.wallet.is_unlocked()
    with core.db.read() as session:
        assert "password.changed" in [e.event for e in core.audit.entries(session)]


def test_a_wrong_current_password_shows_at_its_field_and_counts_as_a_guess(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    dialog = _dialog(qtbot, make_window, prepared)
    core = dialog.ctx.core

    _fill(qtbot, dialog, "not the password at all", NEW_PASSWORD, NEW_PASSWORD)

    qtbot.waitUntil(lambda: bool(dialog.current_error.text()), timeout=20_000)
    assert "current password is wrong" in dialog.current_error.text()
    assert dialog.isVisible() and dialog.current.text() == ""
    assert dialog.focusWidget() is dialog.current  # typing again goes into the cleared field
    assert not dialog.new_error.text() and not dialog.confirm_error.text()
    with core.db.read() as session:  # a guess under the lockout, as a wrong login is
        assert session.scalar(select(Profile.failed_logins).where(Profile.username == "alice")) == 1
        assert "login.failed" in [e.event for e in core.audit.entries(session, limit=3)]
    assert core.auth.verify_password("alice", STRONG_PASSWORD)  # nothing changed


def test_a_weak_new_password_and_a_mismatch_show_at_their_fields_before_any_hashing(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    dialog = _dialog(qtbot, make_window, prepared)
    core = dialog.ctx.core

    assert dialog.rules.text().startswith("Rules: at least 12 characters")  # before any refusal
    assert dialog.rules.isVisible()
    _fill(qtbot, dialog, STRONG_PASSWORD, "password", "password")
    assert dialog.new_error.text() == "Use at least 12 characters; a short sentence is easy to remember."
    assert dialog.focusWidget() is dialog.new and not dialog.current_error.text()

    qtbot.keyClick(dialog.new, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.new, NEW_PASSWORD)
    assert not dialog.new_error.text()  # re-checked as typed: the rule is met now
    qtbot.keyClick(dialog.new, Qt.Key.Key_Return)
    assert "differ" in dialog.confirm_error.text()
    assert dialog.focusWidget() is dialog.confirm

    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert core.auth.verify_password("alice", STRONG_PASSWORD)  # nothing was sent to the core
