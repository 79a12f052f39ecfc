"""Ledger accounts and counterparties from the window (issue 13): list, create and rename through
Ledger -> Accounts and counterparties…, typed with the keyboard, on the real core."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.ledger_accounts import LedgerAccountsDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, ledger_state


def open_accounts(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig
) -> tuple[MainWindow, LedgerAccountsDialog]:
    window = make_window(lambda: fast_core(config))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=15_000)
    action = next(a for a in window.ledger_actions if a.objectName() == "ledgerAccounts")
    action.trigger()
    dialog = window.findChild(LedgerAccountsDialog)
    assert isinstance(dialog, LedgerAccountsDialog)
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=15_000)
    return window, dialog


def _kinds(window: MainWindow) -> list[tuple[str, str]]:
    assert window.ctx is not None
    return [(a.name, a.kind) for a in window.ctx.core.exchange.list_accounts()]


def test_create_an_account_and_a_counterparty_with_return(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window, dialog = open_accounts(qtbot, make_window, prepared)
    assert dialog.account_names() == []  # Main opens on first use
    assert dialog.focusWidget() is dialog.new_name
    qtbot.keyClicks(dialog.new_name, "Savings")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.account_names() == ["Savings"], timeout=15_000)
    assert dialog.new_name.text() == ""

    qtbot.keyClicks(dialog.new_name, "Bob")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.counterparty
    qtbot.keyClick(dialog.counterparty, Qt.Key.Key_Space)
    assert dialog.counterparty.isChecked()
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.account_names() == ["Savings", "Bob"], timeout=15_000)
    assert _kinds(window) == [("Savings", "own"), ("Bob", "counterparty")]
    assert dialog.model.data(dialog.model.index(1, 1)) == "counterparty (send to only)"


def test_a_taken_name_is_refused_under_the_name_and_changes_nothing(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    core = fast_core(prepared)
    core.auth.require_session()
    core.exchange.create_account("Savings")
    core.close()
    window, dialog = open_accounts(qtbot, make_window, prepared)
    assert window.ctx is not None
    before = ledger_state(window.ctx.core)
    dialog.new_name.setFocus()
    qtbot.keyClicks(dialog.new_name, "Savings")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.create_error.shown, timeout=15_000)
    assert dialog.create_error.text() == "You already have an account named 'Savings'."
    assert not dialog.general_error.shown
    assert ledger_state(window.ctx.core) == before


def test_rename_the_chosen_account_keeps_its_balance(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    core = fast_core(prepared)
    core.auth.require_session()
    core.exchange.create_token("GOLD", "Gold Coin", 2, "100")
    core.exchange.create_account("Savings")
    core.exchange.transfer("GOLD", "40", "Main", "Savings")
    core.close()
    window, dialog = open_accounts(qtbot, make_window, prepared)
    assert dialog.account_names() == ["Main", "Savings"]
    assert dialog.model.data(dialog.model.index(1, 2)) == "40 GOLD"

    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    assert dialog.chosen() is not None and dialog.chosen().name == "Main"  # type: ignore[union-attr]
    assert not dialog.rename_button.isEnabled()  # Main keeps its name
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.rename_label.text() == "Savings to"
    assert dialog.rename_to.isEnabled()
    dialog.rename_to.setFocus()
    qtbot.keyClicks(dialog.rename_to, "Main")  # the default account's name is not for another
    qtbot.keyClick(dialog.rename_to, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.rename_error.shown, timeout=15_000)
    assert "name of your default account" in dialog.rename_error.text()

    dialog.rename_to.clear()
    qtbot.keyClicks(dialog.rename_to, "Rainy day")
    qtbot.keyClick(dialog.rename_to, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.account_names() == ["Main", "Rainy day"], timeout=15_000)
    assert dialog.chosen() is not None and dialog.chosen().name == "Rainy day"  # type: ignore[union-attr]
    assert dialog.model.data(dialog.model.index(1, 2)) == "40 GOLD"
    assert window.ctx is not None
    assert [(b.account, b.amount) for b in window.ctx.core.exchange.balances("Rainy day")] == [
        ("Rainy day", 4000)
    ]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_an_account_name_is_shown_as_typed_never_as_markup(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    from qenex_desktop.gui.dialogs.ledger_tokens import LedgerTokensDialog

    core = fast_core(prepared)
    core.auth.require_session()
    core.exchange.create_token("GOLD", "Gold Coin", 2, "100")
    core.exchange.create_account("<i>Ivy</i>")  # an older import named accounts after free-text holders
    core.close()
    window, dialog = open_accounts(qtbot, make_window, prepared)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.rename_label.text() == "<i>Ivy</i> to"
    assert dialog.rename_label.textFormat() == Qt.TextFormat.PlainText
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    assert window.ctx is not None
    tokens = LedgerTokensDialog(window.ctx, window, action="burn")
    tokens.show()
    qtbot.waitUntil(lambda: tokens.view is not None, timeout=15_000)
    tokens.account.setFocus()
    qtbot.keyClicks(tokens.account, "<")
    assert tokens.held.text() == "<i>Ivy</i> holds 0 GOLD"
    assert tokens.held.textFormat() == Qt.TextFormat.PlainText
    tokens.close()
