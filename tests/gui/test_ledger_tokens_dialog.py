"""Mint, burn and transfer ledger tokens from the window (issue 13): Ledger menu -> the tokens
dialog, typed with the keyboard, run through operations/ledger.py on the real core; amounts in the
token's decimals; refusals shown under the field the core names, changing nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.ledger_tokens import LedgerTokensDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, ledger_state
from tests.gui.test_lock import unlock_dialog


@pytest.fixture
def ledger_profile(prepared: AppConfig) -> AppConfig:
    """alice with GOLD (2 decimals, 1,000 in Main, at most 5,000), a Savings account and Bob."""
    core = fast_core(prepared)
    core.auth.require_session()
    core.exchange.create_token("GOLD", "Gold Coin", 2, "1000", max_supply="5000")
    core.exchange.create_token("SILV", "Silver Coin", 18, "10")
    core.exchange.create_account("Savings")
    core.exchange.create_account("Bob", counterparty=True)
    core.close()
    return prepared


def _window(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> MainWindow:
    window = make_window(lambda: fast_core(config))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=15_000)
    return window


def open_tokens(qtbot: QtBot, window: MainWindow, entry: str) -> LedgerTokensDialog:
    action = next(a for a in window.ledger_actions if a.objectName() == entry)
    assert action.isEnabled()
    action.trigger()
    dialog = window.findChild(LedgerTokensDialog)
    assert isinstance(dialog, LedgerTokensDialog)
    qtbot.waitUntil(lambda: dialog.view is not None, timeout=15_000)
    return dialog


def _held(window: MainWindow, account: str, symbol: str) -> int:
    assert window.ctx is not None
    return sum(b.amount for b in window.ctx.core.exchange.balances(account) if b.symbol == symbol)


def test_mint_from_the_menu_in_the_tokens_decimals(
    qtbot: QtBot, make_window: MakeWindow, ledger_profile: AppConfig
) -> None:
    window = _window(qtbot, make_window, ledger_profile)
    dialog = open_tokens(qtbot, window, "ledgerMint")
    assert dialog.action_key == "mint" and dialog.ok_button.text() == "Mint"
    assert dialog.symbol == "GOLD" and dialog.amount.symbol == "GOLD" and dialog.amount.decimals == 2
    assert "2 decimals" in dialog.token_info.text() and "maximum 5,000" in dialog.token_info.text()
    assert not dialog.to_account.isVisibleTo(dialog)  # a mint has no receiver
    assert dialog.focusWidget() is dialog.amount  # what to type first

    before = ledger_state(window.ctx.core)  # type: ignore[union-attr]
    qtbot.keyClicks(dialog.amount, "1.234")  # three decimals: GOLD has two
    assert dialog.amount.error.shown
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    window.ops.wait_idle()
    assert ledger_state(window.ctx.core) == before  # type: ignore[union-attr]

    qtbot.keyClick(dialog.amount, Qt.Key.Key_Backspace)
    assert not dialog.amount.error.shown
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=15_000)
    assert _held(window, "Main", "GOLD") == 100_000 + 123
    assert dialog.result_line.text() == "Minted 1.23 GOLD into Main; total supply 1001.23."
    assert dialog.amount.text() == ""  # ready for the next one
    assert dialog.isVisible()


def test_a_mint_past_the_maximum_is_refused_under_the_amount(
    qtbot: QtBot, make_window: MakeWindow, ledger_profile: AppConfig
) -> None:
    window = _window(qtbot, make_window, ledger_profile)
    dialog = open_tokens(qtbot, window, "ledgerMint")
    before = ledger_state(window.ctx.core)  # type: ignore[union-attr]
    qtbot.keyClicks(dialog.amount, "4000.01")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.amount.error.shown, timeout=15_000)
    assert "at most 4000 more may be minted" in dialog.amount.error.text()
    assert not dialog.general_error.shown
    assert ledger_state(window.ctx.core) == before  # type: ignore[union-attr]
    dialog.amount.clear()
    qtbot.keyClick(dialog.amount.max_button, Qt.Key.Key_Space)  # Max: the room left under the cap
    assert dialog.amount.text() == "4000"


def test_burn_more_than_held_is_refused_then_max_burns_it_all(
    qtbot: QtBot, make_window: MakeWindow, ledger_profile: AppConfig
) -> None:
    window = _window(qtbot, make_window, ledger_profile)
    dialog = open_tokens(qtbot, window, "ledgerBurn")
    assert dialog.ok_button.text() == "Burn"
    dialog.token.setFocus()
    qtbot.keyClicks(dialog.token, "S")  # the token list jumps to SILV
    assert dialog.symbol == "SILV" and dialog.amount.decimals == 18
    assert dialog.held.text() == "Main holds 10 SILV"
    before = ledger_state(window.ctx.core)  # type: ignore[union-attr]
    qtbot.keyClicks(dialog.amount, "10.5")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.amount.error.shown, timeout=15_000)
    assert dialog.amount.error.text() == "Main holds 10 SILV; this needs 10.5."
    assert ledger_state(window.ctx.core) == before  # type: ignore[union-attr]

    dialog.amount.clear()
    qtbot.keyClick(dialog.amount.max_button, Qt.Key.Key_Space)
    assert dialog.amount.text() == "10"
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=15_000)
    assert _held(window, "Main", "SILV") == 0
    silver = next(t for t in window.ctx.core.exchange.list_tokens() if t.symbol == "SILV")  # type: ignore[union-attr]
    assert silver.total_supply == 0
    qtbot.waitUntil(lambda: dialog.held.text() == "Main holds 0 SILV", timeout=15_000)  # read again


def test_transfer_to_a_counterparty_chosen_with_the_keyboard(
    qtbot: QtBot, make_window: MakeWindow, ledger_profile: AppConfig
) -> None:
    window = _window(qtbot, make_window, ledger_profile)
    dialog = open_tokens(qtbot, window, "ledgerMint")
    dialog.action.setFocus()
    qtbot.keyClick(dialog.action, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.action, Qt.Key.Key_Down)  # Mint -> Burn -> Transfer
    assert dialog.action_key == "transfer" and dialog.ok_button.text() == "Send"
    assert dialog.to_account.isVisibleTo(dialog)
    assert [dialog.to_account.itemText(i) for i in range(dialog.to_account.count())] == ["Savings", "Bob"]
    dialog.to_account.setFocus()
    qtbot.keyClicks(dialog.to_account, "B")
    assert dialog.to_account.currentText() == "Bob"
    qtbot.keyClick(dialog.to_account, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.amount
    qtbot.keyClicks(dialog.amount, "250.5")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=15_000)
    assert dialog.result_line.text() == "Sent 250.5 GOLD from Main to Bob."
    assert _held(window, "Main", "GOLD") == 100_000 - 25_050
    assert _held(window, "Bob", "GOLD") == 25_050

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_ledger_entries_are_off_while_locked(
    qtbot: QtBot, make_window: MakeWindow, ledger_profile: AppConfig
) -> None:
    window = _window(qtbot, make_window, ledger_profile)
    dialog = open_tokens(qtbot, window, "ledgerTransfer")
    assert [a.isEnabled() for a in window.ledger_actions] == [True] * 6
    window.lock()
    assert not dialog.isVisible()  # locking closes a half-typed form
    assert [a.isEnabled() for a in window.ledger_actions] == [False] * 6
    window.ledger_actions[0].trigger()  # a trigger while locked opens nothing
    assert not any(d.isVisible() for d in window.findChildren(LedgerTokensDialog))

    unlock = unlock_dialog(qtbot, window)
    qtbot.keyClicks(unlock.password, STRONG_PASSWORD)
    qtbot.keyClick(unlock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctx is not None and not window.ctx.locked, timeout=15_000)
    assert [a.isEnabled() for a in window.ledger_actions] == [True] * 6


def test_the_token_list_shows_every_token_and_chooses_the_forms_token(
    qtbot: QtBot, make_window: MakeWindow, ledger_profile: AppConfig
) -> None:
    window = _window(qtbot, make_window, ledger_profile)
    dialog = open_tokens(qtbot, window, "ledgerBurn")
    model = dialog.tokens_model
    rows = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())
    ]
    assert rows == [
        ["GOLD", "Gold Coin", "2", "1,000", "5,000", "alice"],
        ["SILV", "Silver Coin", "18", "10", "none", "alice"],
    ]
    assert dialog.tokens_table.currentIndex().row() == 0  # follows the form's token
    dialog.tokens_table.setFocus()
    qtbot.keyClick(dialog.tokens_table, Qt.Key.Key_Down)
    assert dialog.symbol == "SILV" and dialog.amount.decimals == 18
    assert dialog.held.text() == "Main holds 10 SILV"


def test_the_screenshot_dialogs_are_named_and_filled(
    qtbot: QtBot, make_window: MakeWindow, ledger_profile: AppConfig
) -> None:
    from qenex_desktop.gui.window.ledger_menu import ledger_dialogs

    window = _window(qtbot, make_window, ledger_profile)
    assert window.ctx is not None
    shots = dict(ledger_dialogs(window.ctx, window))
    assert list(shots) == ["dialog-ledger-tokens"]  # the legacy import: tests/gui/test_legacy_screenshot.py
    tokens = shots["dialog-ledger-tokens"]
    assert isinstance(tokens, LedgerTokensDialog)
    window.ops.wait_idle()
    assert tokens.view is not None and tokens.symbol == "GOLD" and tokens.amount.text() == "250"
    assert not tokens.amount.error.shown
    for dialog in shots.values():
        dialog.deleteLater()


def test_a_profile_without_main_yet_is_told_what_it_holds_and_who_may_mint(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    core = fast_core(prepared)
    core.auth.create_profile("bob", STRONG_PASSWORD)
    core.auth.login("bob", STRONG_PASSWORD)
    core.exchange.create_token("BOBS", "Bob's Coin", 0, "100")
    core.auth.login("alice", STRONG_PASSWORD)  # alice has not used the ledger: no Main yet
    core.close()
    window = _window(qtbot, make_window, prepared)
    dialog = open_tokens(qtbot, window, "ledgerBurn")
    before = ledger_state(window.ctx.core)  # type: ignore[union-attr]
    qtbot.keyClicks(dialog.amount, "1")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.amount.error.shown, timeout=15_000)
    assert dialog.amount.error.text() == "Main holds 0 BOBS; this needs 1."  # not "no account named Main"
    assert not dialog.errors["account"].shown

    dialog.action.setFocus()
    qtbot.keyClick(dialog.action, Qt.Key.Key_Up)  # Burn -> Mint
    assert dialog.action_key == "mint"
    assert "only its creator (bob) may mint it" in dialog.token_info.text()
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.errors["symbol"].shown, timeout=15_000)
    assert dialog.errors["symbol"].text() == "Only the profile that created BOBS may mint it."
    assert ledger_state(window.ctx.core) == before  # type: ignore[union-attr]
