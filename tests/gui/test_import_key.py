"""Profile > Import key…: a recovery phrase, a private key, a keystore v3 file, after the first run,
on the real core and typed as a person does (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

from eth_account import Account
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.import_key import ImportKeyDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.profile_helpers import MakeWindow, open_from_menu, tab_to, unlocked_window

HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"
HARDHAT_0, HARDHAT_1 = (
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
)
HARDHAT_KEY_2 = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a"
HARDHAT_2 = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"


def _dialog(qtbot: QtBot, window: MainWindow) -> ImportKeyDialog:
    dialog = open_from_menu(qtbot, window, "importKey", ImportKeyDialog)
    assert isinstance(dialog, ImportKeyDialog)
    return dialog


def _choose(qtbot: QtBot, dialog: ImportKeyDialog, kind: str) -> None:
    """Down arrow in the What field until ``kind`` is chosen."""
    dialog.kind.setFocus()
    for _ in range(3):
        if dialog.choice == kind:
            return
        qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert dialog.choice == kind


def _finished(dialog: QDialog) -> list[int]:
    results: list[int] = []
    dialog.finished.connect(results.append)
    return results


def test_a_recovery_phrase_imports_two_accounts_with_a_name_the_password_asked(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)  # resumed: the keys are still sealed
    dialog = _dialog(qtbot, window)
    core = dialog.ctx.core
    assert dialog.needs_password and dialog.password.isVisible()
    results = _finished(dialog)
    _choose(qtbot, dialog, "mnemonic")
    tab_to(qtbot, dialog, dialog.secret)
    qtbot.keyClicks(dialog.secret, HARDHAT_MNEMONIC)
    tab_to(qtbot, dialog, dialog.accounts)
    qtbot.keyClick(dialog.accounts, Qt.Key.Key_Up)  # 2 accounts
    tab_to(qtbot, dialog, dialog.name)
    qtbot.keyClicks(dialog.name, "Hardhat")
    tab_to(qtbot, dialog, dialog.password)
    qtbot.keyClicks(dialog.password, "not the password at all")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.password_error.text()), timeout=15_000)
    assert dialog.isVisible() and not dialog.secret_error.text()

    qtbot.keyClick(dialog.password, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: results == [QDialog.DialogCode.Accepted.value], timeout=15_000)
    imported = [(a.address, a.name, a.origin) for a in core.wallet.accounts()[1:]]
    assert imported == [(HARDHAT_0, "Hardhat 1", "mnemonic"), (HARDHAT_1, "Hardhat 2", "mnemonic")]
    assert HARDHAT_0 in window.statusBar().currentMessage()  # the window says what came in


def test_a_bad_private_key_shows_at_its_field_then_a_good_one_imports(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    window.ctx.core.wallet.unlock(STRONG_PASSWORD)  # unlocked: no password asked
    dialog = _dialog(qtbot, window)
    assert not dialog.needs_password and not dialog.password.isVisible()
    results = _finished(dialog)
    _choose(qtbot, dialog, "private_key")
    assert not dialog.accounts.isVisible()
    tab_to(qtbot, dialog, dialog.secret)
    qtbot.keyClicks(dialog.secret, "0x1234")
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.secret_error.text()), timeout=15_000)
    assert dialog.isVisible()

    qtbot.keyClick(dialog.secret, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.secret, HARDHAT_KEY_2)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: results == [QDialog.DialogCode.Accepted.value], timeout=15_000)
    last = dialog.ctx.core.wallet.accounts()[-1]
    assert (last.address, last.origin) == (HARDHAT_2, "private_key")


def test_a_keystore_file_imports_with_its_own_password(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Path
) -> None:
    other = Account.create()
    path = tmp_path / "other-wallet.json"
    path.write_text(json.dumps(Account.encrypt(other.key, "file pass 1", kdf="scrypt", iterations=2**10)))
    window = unlocked_window(qtbot, make_window, prepared)
    dialog = _dialog(qtbot, window)
    results = _finished(dialog)
    _choose(qtbot, dialog, "keystore")
    assert dialog.file_path.isVisible() and not dialog.secret.isVisible()
    tab_to(qtbot, dialog, dialog.file_path)
    qtbot.keyClicks(dialog.file_path, str(path))
    tab_to(qtbot, dialog, dialog.file_password)
    qtbot.keyClicks(dialog.file_password, "wrong file pass")
    tab_to(qtbot, dialog, dialog.password)
    qtbot.keyClicks(dialog.password, STRONG_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.file_error.text()), timeout=15_000)  # the file's password

    qtbot.keyClick(dialog.file_password, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    dialog.file_password.setFocus()
    qtbot.keyClicks(dialog.file_password, "file pass 1")
    qtbot.keyClick(dialog.file_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: results == [QDialog.DialogCode.Accepted.value], timeout=15_000)
    last = dialog.ctx.core.wallet.accounts()[-1]
    assert (last.address, last.origin) == (other.address, "keystore")


def test_escape_cancels_and_forgets_what_was_typed(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    dialog = _dialog(qtbot, window)
    results = _finished(dialog)
    tab_to(qtbot, dialog, dialog.secret)
    qtbot.keyClicks(dialog.secret, HARDHAT_MNEMONIC)
    core = dialog.ctx.core
    typed: list[str] = []
    dialog.finished.connect(lambda _r: typed.append(dialog.secret.text()))  # as it closes
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: results == [QDialog.DialogCode.Rejected.value], timeout=5_000)
    assert typed == [""]
    assert len(core.wallet.accounts()) == 1
