"""The send confirmation with the keys unlocked: a second Return straight after Review never sends.

Found by the walk-through of 2026-12-02: with no password to type, the confirmation opened with
the focus on "Sign and send", so the Return a person presses out of habit signed and sent at once,
although the README says such a confirmation has no default button.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from qenex_desktop.gui.dialogs.send import ConfirmSendDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.test_send import RECIPIENT, open_send
from tests.gui.test_send_keys import funded_window  # noqa: F401  (the fixture)


@pytest.mark.hardhat
def test_return_on_the_unlocked_confirmation_does_not_sign(
    qtbot: QtBot,
    funded_window: MainWindow,  # noqa: F811
) -> None:
    window = funded_window
    assert window.ctx is not None
    window.ctx.core.wallet.unlock(STRONG_PASSWORD)  # unlocked: the confirmation asks for no password
    _wallet, dialog = open_send(qtbot, window)
    qtbot.keyClicks(dialog.to, RECIPIENT)
    qtbot.keyClick(dialog.to, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.amount, "1.5")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(dialog.confirm, ConfirmSendDialog), timeout=20_000)
    confirm = dialog.confirm
    assert isinstance(confirm, ConfirmSendDialog) and not confirm.needs_password
    qtbot.waitExposed(confirm)
    confirm.activateWindow()
    qtbot.waitUntil(lambda: confirm.focusWidget() is not None, timeout=5_000)
    assert confirm.focusWidget() is not confirm.send_button and not confirm.send_button.isDefault()

    sent: list[object] = []
    confirm.sent.connect(sent.append)
    target = QApplication.focusWidget() or confirm.focusWidget() or confirm
    qtbot.keyClick(target, Qt.Key.Key_Return)  # the habit Return, straight after Review
    window.ops.wait_idle()
    assert sent == []
    assert confirm.result() != QDialog.DialogCode.Accepted
    assert window.ctx.core.chain.transactions() == []  # nothing signed
