"""Profile > Accounts…: rename an account, hide it, derive the next, on the real core (issue 13)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.accounts import AccountsDialog
from qenex_desktop.gui.dialogs.password import PasswordDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.profile_helpers import MakeWindow, open_from_menu, tab_to, type_into, unlocked_window


def _dialog(qtbot: QtBot, window: MainWindow) -> AccountsDialog:
    dialog = open_from_menu(qtbot, window, "accounts", AccountsDialog)
    assert isinstance(dialog, AccountsDialog)
    qtbot.waitUntil(lambda: len(dialog.accounts) > 0, timeout=10_000)
    return dialog


def test_derive_the_next_account_after_the_password_then_rename_and_hide_it(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)  # resumed: keys sealed, the password asked
    dialog = _dialog(qtbot, window)
    core = dialog.ctx.core
    assert dialog.name.text() == "Account 1"
    tab_to(qtbot, dialog, dialog.add_button)
    qtbot.keyClick(dialog.add_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.findChild(PasswordDialog) is not None, timeout=5_000)
    prompt = dialog.findChild(PasswordDialog)
    assert isinstance(prompt, PasswordDialog)
    qtbot.keyClicks(prompt.password, STRONG_PASSWORD)
    qtbot.keyClick(prompt.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.accounts) == 2, timeout=15_000)
    assert dialog.list.currentRow() == 1 and dialog.name.text() == "Account 2"  # the new one selected

    type_into(qtbot, dialog.name, "Savings")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.accounts[1].name == "Savings", timeout=10_000)
    assert dialog.list.item(1).text().startswith("Savings")
    assert [a.name for a in core.wallet.accounts()] == ["Account 1", "Savings"]

    tab_to(qtbot, dialog, dialog.hidden)
    qtbot.keyClick(dialog.hidden, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.accounts[1].hidden, timeout=10_000)
    assert "(hidden)" in dialog.list.item(1).text()
    assert [a.hidden for a in core.wallet.accounts()] == [False, True]


def test_a_name_taken_shows_at_the_name_and_the_last_shown_account_stays_shown(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    window.ctx.core.wallet.add_account(password=STRONG_PASSWORD)
    dialog = _dialog(qtbot, window)
    qtbot.waitUntil(lambda: len(dialog.accounts) == 2, timeout=10_000)
    type_into(qtbot, dialog.name, "account 2")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "named" in dialog.name_error.text(), timeout=10_000)

    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    assert dialog.list.currentRow() == 1 and not dialog.name_error.text()
    tab_to(qtbot, dialog, dialog.hidden)
    qtbot.keyClick(dialog.hidden, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.accounts[1].hidden, timeout=10_000)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Up)
    tab_to(qtbot, dialog, dialog.hidden)
    qtbot.keyClick(dialog.hidden, Qt.Key.Key_Space)  # the one left shown: refused, box unticked again
    qtbot.waitUntil(lambda: "at least one" in dialog.hidden_error.text(), timeout=10_000)
    assert not dialog.hidden.isChecked()
    assert [a.hidden for a in dialog.ctx.core.wallet.accounts()] == [False, True]


def test_the_wallet_tab_shows_the_label_and_leaves_a_hidden_account_out(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    core = window.ctx.core
    second = core.wallet.add_account(password=STRONG_PASSWORD)
    wallet = window.tabs["wallet"]

    def shown() -> list[tuple[str, str]]:
        snapshot = getattr(wallet, "snapshot", None)
        return [(a.name, a.address) for a in snapshot.accounts] if snapshot is not None else []

    dialog = _dialog(qtbot, window)
    qtbot.waitUntil(lambda: len(dialog.accounts) == 2, timeout=10_000)
    type_into(qtbot, dialog.name, "Everyday")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [name for name, _ in shown()] == ["Everyday", "Account 2"], timeout=15_000)

    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    tab_to(qtbot, dialog, dialog.hidden)
    qtbot.keyClick(dialog.hidden, Qt.Key.Key_Space)
    qtbot.waitUntil(
        lambda: [address for _, address in shown()] == [core.wallet.accounts()[0].address], timeout=15_000
    )
    assert second.address in core.wallet.addresses()  # still in the wallet
