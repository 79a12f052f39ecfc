"""The Profile menu itself: where it sits, what is off while locked, and its screenshot dialogs."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.backup import BackupDialog
from qenex_desktop.gui.window.profile_menu import EXAMPLE_PHRASE, profile_dialogs
from tests.gui.profile_helpers import MakeWindow, unlocked_window


def test_the_profile_menu_sits_before_help_and_turns_on_when_unlocked(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("Tools") < titles.index("Profile") < titles.index("Help")
    entries = [a.text().replace("&", "") for a in window.profile_actions]
    assert entries == [
        "Change password…",
        "Log out",
        "Switch profile…",
        "New profile…",
        "Import key…",
        "Back up…",
        "Accounts…",
    ]
    assert all(a.isEnabled() for a in window.profile_actions)
    window.lock()
    assert [a.isEnabled() for a in window.profile_actions] == [False, False, False, True, False, False, False]


def test_the_screenshot_dialogs_render_with_the_example_phrase_only(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    shots = profile_dialogs(window.ctx, window)
    assert [name for name, _ in shots] == [
        "dialog-change-password",
        "dialog-switch-profile",
        "dialog-import-key",
        "dialog-backup",
    ]
    for _name, dialog in shots:
        assert isinstance(dialog, QDialog)
        dialog.show()
    window.ops.wait_idle()
    backup = dict(shots)["dialog-backup"]
    assert isinstance(backup, BackupDialog)
    qtbot.waitUntil(lambda: backup.phrase_shown, timeout=5_000)  # shown once the accounts are read
    assert re.findall(r"\d+\. (\S+)", backup.phrase.text()) == EXAMPLE_PHRASE.split()
    assert backup.file_path.text().endswith(".json")
    for _name, dialog in shots:
        assert not dialog.grab().isNull()
        dialog.close()
    with window.ctx.core.db.read() as session:  # the picture reveals nothing of anyone's wallet
        assert "wallet.phrase_revealed" not in [e.event for e in window.ctx.core.audit.entries(session)]
