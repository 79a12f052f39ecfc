"""The send dialog's "Available" line groups the balance as every other amount in the window does
(issue 12, "Numbers people can read"): "Available: 12,345.678 ETH", never "12345.678"; every digit
stays, since a person sends against it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from tests.gui.conftest import fast_core
from tests.gui.test_send import ETHER, MakeWindow, funded_profile, open_send
from tests.hardhat_node import HardhatNode

pytestmark = [pytest.mark.hardhat, pytest.mark.usefixtures("english_locale")]


def test_available_is_grouped_with_every_digit(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    funded_profile(config, hardhat_node, eth=12_345 * ETHER + 678_900_000_000_000_001)
    window = make_window(lambda: fast_core(config))
    _wallet, dialog = open_send(qtbot, window)
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: "12," in dialog.available.text(), timeout=10_000)
    assert dialog.available.text() == "Available: 12,345.678900000000000001 ETH"  # was "12345.6789…"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
