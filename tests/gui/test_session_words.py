"""One word for the session, one for the keys (issue 12, look and layout): "logged in"/"logged out"
for the profile's session, "unlocked"/"locked" for the keys (decrypted in memory, so the app signs
without asking). The status bar says both; a password prompt says the keys are locked, never that
the wallet is while the bar says "Unlocked"."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

import qenex_desktop
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.password import PasswordDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.wallet_tab import WalletTab
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
PACKAGE = Path(qenex_desktop.__file__).parent


def test_no_message_calls_the_keys_the_wallet_or_the_session_unlocked() -> None:
    """ "The wallet is locked" and a bare "Unlocked"/"Locked" state mixed the two words up."""
    mixed = re.compile(r"wallet is locked|unlock (the wallet|it)\b(?!'s)|tr\(\"(Un)?[Ll]ocked\"\)")
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if mixed.search(line)
    ]
    assert found == []


def test_the_status_bar_says_the_session_and_the_keys_apart(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))  # the session resumes; the keys stay locked
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    label = window.status.lock_label
    assert label.text() == "Logged in · keys locked"
    assert "alice" in label.toolTip() and "asks for your password" in label.toolTip()

    wallet = window.tabs["wallet"]
    assert isinstance(wallet, WalletTab)
    qtbot.waitUntil(lambda: wallet.add_account_button.isEnabled(), timeout=20_000)
    qtbot.keyClick(wallet.add_account_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(window.findChildren(PasswordDialog)), timeout=5_000)
    prompt = window.findChildren(PasswordDialog)[-1]
    words = " ".join(child.text() for child in prompt.findChildren(QLabel))
    assert "Your keys are locked" in words and "wallet is locked" not in words
    qtbot.keyClicks(prompt.password, STRONG_PASSWORD)
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: label.text() == "Logged in · keys unlocked", timeout=20_000)
    assert window.ctx is not None and window.ctx.core.wallet.vault.is_unlocked()

    window.menu_actions.lock.trigger()  # Ctrl+L: logs out and locks the keys
    assert label.text() == "Logged out"
    assert "keys locked" in label.toolTip()
