"""Log out, switch profile and create another from the window, on the real core (issue 13)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.first_run import PAGE_CHOICE, FirstRunWizard
from qenex_desktop.gui.dialogs.unlock import UnlockDialog
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.profile_helpers import MakeWindow, action, tab_to, unlocked_window

BOB_PASSWORD = "copper meadow lantern 19"
CAROL_PASSWORD = "violet harbour ember 33"


@pytest.fixture
def two_profiles(prepared: AppConfig) -> AppConfig:
    """The prepared data dir (alice logged in, resumes) with a second profile, bob, and his wallet."""
    core = fast_core(prepared)
    core.auth.create_profile("bob", BOB_PASSWORD)
    core.auth.login("bob", BOB_PASSWORD)
    core.wallet.create(password=BOB_PASSWORD)
    core.auth.logout()
    core.close()
    again = fast_core(prepared)  # alice logged in last: her session is the one the window resumes
    again.auth.login("alice", STRONG_PASSWORD)
    again.close()
    return prepared


def _unlock_dialog(qtbot: QtBot, window: MainWindow) -> UnlockDialog:
    qtbot.waitUntil(lambda: isinstance(getattr(window, "_modal", None), UnlockDialog), timeout=10_000)
    dialog = window._modal
    assert isinstance(dialog, UnlockDialog)
    qtbot.waitUntil(lambda: dialog.username.count() > 0, timeout=10_000)
    window.ops.wait_idle()
    return dialog


def _events(window: MainWindow) -> list[str]:
    assert window.ctx is not None
    core = window.ctx.core
    with core.db.read() as session:
        return [e.event for e in core.audit.entries(session, limit=20)]


def test_log_out_ends_the_session_wipes_the_keys_and_asks_to_unlock(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    core = window.ctx.core
    core.wallet.unlock(STRONG_PASSWORD)
    assert action(window, "changePassword").isEnabled()

    action(window, "logOut").trigger()

    assert window.ctx.locked and window.stack.currentWidget() is window.locked_page
    assert not core.wallet.vault.is_unlocked()
    for name in ("changePassword", "logOut", "switchProfile", "importKey", "backUp", "accounts"):
        assert not action(window, name).isEnabled(), name  # off while locked
    assert action(window, "newProfile").isEnabled()
    _unlock_dialog(qtbot, window)
    window.ops.wait_idle()
    assert core.auth.current_session() is None
    events = _events(window)
    assert "logout" in events[:3] and "session.locked" not in events  # audited as a logout, not a lock


def test_switch_profile_logs_out_and_unlocks_the_profile_typed(
    qtbot: QtBot, make_window: MakeWindow, two_profiles: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, two_profiles)
    assert window.ctx is not None and window.ctx.username == "alice"

    action(window, "switchProfile").trigger()

    dialog = _unlock_dialog(qtbot, window)
    assert [dialog.username.itemText(i) for i in range(dialog.username.count())] == ["alice", "bob"]
    assert dialog.focusWidget() is dialog.username  # the profile field, its name selected to type over
    qtbot.keyClicks(dialog.username, "bob")
    assert dialog.username.currentText() == "bob"
    tab_to(qtbot, dialog, dialog.password)
    qtbot.keyClicks(dialog.password, BOB_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: window.ctx is not None and not window.ctx.locked, timeout=15_000)
    core = window.ctx.core
    assert window.ctx.username == "bob"
    session = core.auth.current_session()
    assert session is not None and session.username == "bob"
    wallet = window.tabs["wallet"]
    bob_address = core.wallet.accounts()[0].address

    def shown() -> list[str]:
        snapshot = getattr(wallet, "snapshot", None)
        return [a.address for a in snapshot.accounts] if snapshot is not None else []

    qtbot.waitUntil(lambda: shown() == [bob_address], timeout=15_000)  # bob's wallet, not alice's
    assert action(window, "backUp").isEnabled()


def test_new_profile_from_the_unlock_dialog_runs_the_wizard_and_lands_in_it(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    action(window, "logOut").trigger()
    dialog = _unlock_dialog(qtbot, window)
    tab_to(qtbot, dialog, dialog.new_profile_button)
    qtbot.keyClick(dialog.new_profile_button, Qt.Key.Key_Space)

    qtbot.waitUntil(
        lambda: isinstance(dialog.wizard, FirstRunWizard) and dialog.wizard.isVisible(), timeout=5_000
    )
    wizard = dialog.wizard
    assert isinstance(wizard, FirstRunWizard)
    page = wizard.profile_page
    page.username.setFocus()
    qtbot.keyClicks(page.username, "carol")
    qtbot.keyClick(page.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(wizard.focusWidget() or page.password, CAROL_PASSWORD)
    assert page.password.text() == CAROL_PASSWORD
    tab_to(qtbot, wizard, page.confirm)
    qtbot.keyClicks(page.confirm, CAROL_PASSWORD)
    qtbot.keyClick(page.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_CHOICE, timeout=20_000)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # no wallet yet: the Wallet tab offers one later

    qtbot.waitUntil(lambda: window.ctx is not None and not window.ctx.locked, timeout=10_000)
    assert window.ctx is not None and window.ctx.username == "carol"
    core = window.ctx.core
    assert core.auth.list_profiles() == ["alice", "carol"]
    session = core.auth.current_session()
    assert session is not None and session.username == "carol"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_new_profile_from_the_menu_logs_out_first(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    action(window, "newProfile").trigger()
    dialog = _unlock_dialog(qtbot, window)
    assert window.ctx is not None and window.ctx.locked
    qtbot.waitUntil(
        lambda: isinstance(dialog.wizard, FirstRunWizard) and dialog.wizard.isVisible(), timeout=5_000
    )
    assert dialog.wizard is not None
    qtbot.keyClick(dialog.wizard, Qt.Key.Key_Escape)  # changed their mind: back at the unlock dialog
    qtbot.waitUntil(lambda: dialog.wizard is None or not dialog.wizard.isVisible(), timeout=5_000)
    assert dialog.isVisible() and window.ctx.locked
