"""The named operation factories (issue 11, section 2): one module per domain, field maps inside."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.gui.dialogs.send import ConfirmSendDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.operations import chain, exchange, session, wallet
from tests.gui.test_send import RECIPIENT, open_send
from tests.gui.test_send_keys import funded_window

__all__ = ["funded_window"]  # the fixture, re-used


def test_each_domain_has_its_named_mutations() -> None:
    expected = {
        chain: ("send", "import_token", "deploy_qxc", "replace"),
        exchange: ("create_token", "create_pool", "add_liquidity", "remove_liquidity", "swap"),
        wallet: ("add_account",),
        session: ("unlock",),
    }
    for module, names in expected.items():
        for name in names:
            assert callable(getattr(module, name)), f"{module.__name__}.{name}"


@pytest.mark.hardhat
def test_a_refused_send_shows_under_the_password_the_factory_maps(
    qtbot: QtBot, funded_window: MainWindow
) -> None:
    _wallet, dialog = open_send(qtbot, funded_window)
    assert funded_window.ctx is not None
    funded_window.ctx.core.wallet.lock()  # the keys closed: the confirmation asks for the password
    qtbot.keyClicks(dialog.to, RECIPIENT)
    qtbot.keyClick(dialog.to, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.amount, "1")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(dialog.confirm, ConfirmSendDialog), timeout=20_000)
    confirm = dialog.confirm
    assert confirm is not None and confirm.needs_password

    qtbot.keyClicks(confirm.password, "not the password")
    qtbot.keyClick(confirm.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: confirm.password_error.shown, timeout=20_000)
    assert confirm.password_error.text() == "The password is wrong."
    assert not confirm.error.shown  # the field's own line, not the catch-all
    assert confirm.isVisible()  # nothing was sent
    confirm.reject()
