"""A bug in a read is reported as a bug, never shown as an empty view: the wallet and activity tabs
catch QenexError (something the person can act on) only, so an AttributeError from the core reaches
the operations layer, which logs it and reports "Something went wrong" (issue 10, item 20)."""

from __future__ import annotations

from typing import NoReturn

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.activity_tab import ActivityTab
from qenex_desktop.gui.tabs.wallet_tab import WalletTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, show_tab

BUG = "'NoneType' object has no attribute 'symbol'"


def broken_read(*_args: object, **_kwargs: object) -> NoReturn:
    raise AttributeError(BUG)


def reports(window: MainWindow) -> list[str]:
    shown: list[str] = []
    window.ops.error_shown.connect(shown.append)
    return shown


def press_refresh(qtbot: QtBot, window: MainWindow, button: QPushButton, shown: list[str]) -> None:
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: any(BUG in message for message in shown), timeout=15_000)
    window.ops.wait_idle()


def test_a_bug_in_the_ledger_balances_read_is_reported_not_an_empty_wallet(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "wallet")
    assert isinstance(tab, WalletTab) and window.ctx is not None
    before = tab.snapshot
    assert before is not None and before.accounts
    monkeypatch.setattr(window.ctx.core.exchange, "balances", broken_read)
    shown = reports(window)
    press_refresh(qtbot, window, tab.refresh_button, shown)
    assert [m for m in shown if BUG in m] == [
        f"Something went wrong (wallet): AttributeError: {BUG}\nDetails are in the log file."
    ]
    assert tab.snapshot is before  # the view was not replaced by one without the ledger's rows


def test_a_bug_in_the_ledger_tokens_read_is_reported_not_an_activity_without_amounts(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = show_tab(qtbot, window, "activity")
    assert isinstance(tab, ActivityTab) and window.ctx is not None
    monkeypatch.setattr(window.ctx.core.exchange, "list_tokens", broken_read)
    shown = reports(window)
    press_refresh(qtbot, window, tab.refresh_button, shown)
    assert [m for m in shown if BUG in m] == [
        f"Something went wrong (activity): AttributeError: {BUG}\nDetails are in the log file."
    ]
    assert tab.summary.text() == f"Activity could not be read: {BUG}"
