"""A deploy shows in the pending list while it is still being mined, not after F5 (issue 12, item 4):
the core's change is announced as its unit of work commits, not when the long operation ends."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.test_send import funded_profile, open_send
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


@pytest.mark.hardhat
def test_a_deploy_is_in_the_pending_list_while_it_waits_to_be_mined(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    from qenex_desktop.gui.dialogs.password import PasswordDialog

    funded_profile(config, hardhat_node)

    window = make_window(lambda: fast_core(config))
    wallet, dialog = open_send(qtbot, window)
    dialog.close()
    qtbot.waitUntil(lambda: not wallet.deploy_button.isHidden(), timeout=10_000)
    hardhat_node.set_automine(False)
    try:
        wallet.deploy_button.click()
        prompt = next(d for d in wallet.findChildren(PasswordDialog) if d.isVisible())
        qtbot.keyClicks(prompt.password, STRONG_PASSWORD)
        qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: wallet.pending_count == 1, timeout=30_000)
        assert window.ops.busy >= 1  # the deploy still waits for its block: shown before it ends
        hardhat_node.mine()
        qtbot.waitUntil(lambda: wallet.deploy_button.isHidden(), timeout=60_000)
    finally:
        hardhat_node.set_automine(True)
