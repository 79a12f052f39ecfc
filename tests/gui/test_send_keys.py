"""The send dialog with the keyboard, as a person uses it (issue 12, items 3 and 5)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.send import ConfirmSendDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.gui.conftest import fast_core
from tests.gui.test_send import ETHER, RECIPIENT, funded_profile, open_send
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


@pytest.fixture
def funded_window(make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode) -> MainWindow:
    """A window on the test node, its account holding exactly 100 ETH."""
    funded_profile(config, hardhat_node, eth=100 * ETHER)
    return make_window(lambda: fast_core(config))


@pytest.mark.hardhat
def test_focus_starts_on_to_and_return_in_amount_reviews_never_max(
    qtbot: QtBot, funded_window: MainWindow
) -> None:
    _wallet, dialog = open_send(qtbot, funded_window)
    assert dialog.focusWidget() is dialog.to

    qtbot.keyClicks(dialog.to, RECIPIENT)
    qtbot.keyClick(dialog.to, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.amount
    qtbot.keyClicks(dialog.amount, "1.5")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: isinstance(dialog.confirm, ConfirmSendDialog), timeout=20_000)
    assert dialog.amount.text() == "1.5"  # Max would have put about 100 ETH here
    assert dialog.confirm is not None and dialog.confirm.preview.amount == 1_500_000_000_000_000_000
    dialog.confirm.reject()


@pytest.mark.hardhat
def test_an_amount_error_goes_when_the_amount_changes(qtbot: QtBot, funded_window: MainWindow) -> None:
    _wallet, dialog = open_send(qtbot, funded_window)
    qtbot.keyClicks(dialog.to, RECIPIENT)
    qtbot.keyClick(dialog.to, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.amount, "200")
    qtbot.waitUntil(lambda: dialog.amount_error.shown, timeout=20_000)  # from the fee preview
    assert "this send needs 200 ETH" in dialog.amount_error.text()

    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "1,5")
    assert dialog.amount_error.shown
    assert "200" not in dialog.amount_error.text()
    assert "separators" in dialog.amount_error.text()  # what is wrong with "1,5", right away

    qtbot.keyClick(dialog.amount, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Backspace)
    assert dialog.amount.text() == "1"
    assert not dialog.amount_error.shown
