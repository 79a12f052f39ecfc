"""Profile > Back up…: an account as a keystore v3 file (0600, opens in other wallets) and the
recovery phrase shown again after the password, hidden by a timer; on the real core (issue 13)."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

from eth_account import Account
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.backup import REVEAL_SECONDS, BackupDialog, documents_dir
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.profile_helpers import MakeWindow, open_from_menu, tab_to, type_into, unlocked_window

HARDHAT_KEY_2 = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"


def _dialog(qtbot: QtBot, window: MainWindow) -> BackupDialog:
    dialog = open_from_menu(qtbot, window, "backUp", BackupDialog)
    assert isinstance(dialog, BackupDialog)
    qtbot.waitUntil(lambda: dialog.account.count() > 0, timeout=10_000)
    return dialog


def _events(dialog: BackupDialog, event: str) -> int:
    core = dialog.ctx.core
    with core.db.read() as session:
        return sum(1 for e in core.audit.entries(session) if e.event == event)


def test_export_writes_a_0600_keystore_that_opens_with_the_profile_password(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Path
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    window.ctx.core.wallet.export_scrypt_n = 2**10  # geth's n=2^18 takes seconds; the format is the same
    dialog = _dialog(qtbot, window)
    address = dialog.address
    assert Path(dialog.file_path.text()).parent == documents_dir()  # where the save dialog opens
    target = tmp_path / "alice-backup.json"
    type_into(qtbot, dialog.file_path, str(target))
    tab_to(qtbot, dialog, dialog.export_password)
    qtbot.keyClicks(dialog.export_password, "not the password at all")
    qtbot.keyClick(dialog.export_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.export_password_error.text()), timeout=15_000)
    assert not target.exists() and _events(dialog, "wallet.exported") == 0

    qtbot.keyClicks(dialog.export_password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.export_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.export_result.text()), timeout=15_000)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["version"] == 3 and document["crypto"]["kdf"] == "scrypt"
    assert Account.from_key(Account.decrypt(document, STRONG_PASSWORD)).address == address
    assert _events(dialog, "wallet.exported") == 1
    assert dialog.export_password.text() == ""

    qtbot.keyClicks(dialog.export_password, STRONG_PASSWORD)  # the same file again: refused, kept
    qtbot.keyClick(dialog.export_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "exists already" in dialog.file_error.text(), timeout=15_000)
    assert json.loads(target.read_text(encoding="utf-8")) == document


def test_the_phrase_shows_after_the_password_and_hides_by_itself(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    dialog = _dialog(qtbot, window)
    tab_to(qtbot, dialog, dialog.phrase_password)
    qtbot.keyClicks(dialog.phrase_password, "not the password at all")
    qtbot.keyClick(dialog.phrase_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.phrase_password_error.text()), timeout=15_000)
    assert not dialog.phrase_shown and _events(dialog, "wallet.phrase_revealed") == 0

    dialog.timer.setInterval(20)  # the same countdown, faster
    qtbot.keyClicks(dialog.phrase_password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.phrase_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.phrase_shown, timeout=15_000)

    words = re.findall(r"\d+\. (\S+)", dialog.phrase.text())
    assert len(words) == 12
    assert " ".join(words) == dialog.ctx.core.wallet.reveal_mnemonic(STRONG_PASSWORD)
    assert dialog.countdown.text().startswith("Hidden in ")
    assert _events(dialog, "wallet.phrase_revealed") == 2  # the window's reveal, then this test's
    qtbot.waitUntil(lambda: not dialog.phrase_shown, timeout=REVEAL_SECONDS * 20 + 5_000)
    assert dialog.countdown.text() == "" and not dialog.hide_button.isVisible()


def test_hide_now_and_escape_take_the_words_off_the_screen(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    dialog = _dialog(qtbot, window)
    tab_to(qtbot, dialog, dialog.phrase_password)
    qtbot.keyClicks(dialog.phrase_password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.phrase_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.phrase_shown, timeout=15_000)
    assert dialog.countdown.text() == "Hidden in 60 s"
    tab_to(qtbot, dialog, dialog.hide_button)
    qtbot.keyClick(dialog.hide_button, Qt.Key.Key_Space)
    assert not dialog.phrase_shown

    dialog.phrase_password.setFocus()
    qtbot.keyClicks(dialog.phrase_password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.phrase_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.phrase_shown, timeout=15_000)
    seen: list[str] = []
    dialog.finished.connect(lambda _r: seen.append(dialog.phrase.text()))
    qtbot.keyClick(dialog.phrase_password, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: seen == [""], timeout=5_000)


def test_an_imported_key_has_no_phrase_and_says_to_export_it_instead(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    window.ctx.core.wallet.import_private_key(HARDHAT_KEY_2, password=STRONG_PASSWORD)
    dialog = _dialog(qtbot, window)
    qtbot.waitUntil(lambda: dialog.account.count() == 2, timeout=10_000)
    dialog.account.setFocus()
    qtbot.keyClick(dialog.account, Qt.Key.Key_Down)
    assert dialog.account.currentIndex() == 1
    tab_to(qtbot, dialog, dialog.phrase_password)
    qtbot.keyClicks(dialog.phrase_password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.phrase_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.phrase_error.text()), timeout=15_000)
    assert "keystore" in dialog.phrase_error.text() and not dialog.phrase_shown


def test_a_bare_file_name_goes_to_documents_and_an_empty_one_is_asked_for(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    dialog = _dialog(qtbot, window)
    type_into(qtbot, dialog.file_path, "my-backup.json")
    assert dialog.target() == documents_dir() / "my-backup.json"  # never the app's working folder
    qtbot.keyClick(dialog.file_path, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.file_path, Qt.Key.Key_Delete)
    tab_to(qtbot, dialog, dialog.export_password)
    qtbot.keyClicks(dialog.export_password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.export_password, Qt.Key.Key_Return)
    assert "Choose where" in dialog.file_error.text()
    window.ops.wait_idle()
    assert _events(dialog, "wallet.exported") == 0
