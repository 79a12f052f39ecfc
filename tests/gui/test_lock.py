"""Lock and unlock: Ctrl+L and auto-lock wipe the keys, end the session, hide balances."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.unlock import UnlockDialog
from qenex_desktop.gui.idle import IdleWatcher
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.models import HIDDEN
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def unlock_dialog(qtbot: QtBot, window: MainWindow) -> UnlockDialog:
    qtbot.waitUntil(lambda: isinstance(getattr(window, "_modal", None), UnlockDialog), timeout=10_000)
    dialog = window._modal
    assert isinstance(dialog, UnlockDialog)
    qtbot.waitUntil(lambda: dialog.username.currentText() == "alice", timeout=10_000)
    return dialog


def test_a_live_session_resumes_without_the_password(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    assert window.ctx is not None and not window.ctx.locked
    assert not window.ctx.core.wallet.vault.is_unlocked()  # keys stay sealed until a signing step asks


def test_lock_hides_balances_ends_session_and_unlock_restores(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    assert window.ctx is not None
    core = window.ctx.core
    core.wallet.unlock(STRONG_PASSWORD)
    wallet = window.tabs["wallet"]
    qtbot.waitUntil(lambda: wallet.assets_model.rowCount() == 1, timeout=10_000)  # type: ignore[attr-defined]

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    if not window.ctx.locked:  # offscreen windows may not own the keyboard: trigger the same action
        window.menu_actions.lock.trigger()
    assert window.ctx.locked
    assert window.stack.currentWidget() is window.locked_page
    assert not core.wallet.vault.is_unlocked()
    model = wallet.assets_model  # type: ignore[attr-defined]  # column 2: the balance
    assert model.data(model.index(0, 2)) == HIDDEN
    window.ops.wait_idle()
    assert core.auth.current_session() is None

    dialog = unlock_dialog(qtbot, window)
    dialog.password.setText("not the password at all")
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: dialog.password_error.shown, timeout=10_000)
    assert window.ctx.locked
    dialog.password.setText(STRONG_PASSWORD)
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: not window.ctx.locked, timeout=10_000)  # type: ignore[union-attr]
    assert window.stack.currentWidget() is window.tab_widget
    assert core.wallet.vault.is_unlocked()
    assert model.data(model.index(0, 2)) != HIDDEN


def test_idle_time_locks_the_app(qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig) -> None:
    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    window.idle.limit_s = 60.0
    window.idle.check()
    assert window.ctx is not None and not window.ctx.locked
    window.idle.last_input -= 61.0
    window.idle.check()
    assert window.ctx.locked
    assert window.stack.currentWidget() is window.locked_page


def test_idle_watcher_counts_input_as_activity(qtbot: QtBot) -> None:
    watcher = IdleWatcher()
    watcher.set_limit_minutes(1)
    watcher.arm(True)
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.last_input -= 120
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    watcher.eventFilter(QObject(), key)
    watcher.check()
    assert not fired
    watcher.last_input -= 120
    watcher.eventFilter(QObject(), QEvent(QEvent.Type.Timer))  # not input: the app stays idle
    watcher.check()
    assert fired == [True]


def test_lockout_shows_a_countdown_and_blocks_the_button(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    window.lock()
    dialog = unlock_dialog(qtbot, window)
    assert window.ctx is not None
    attempts = window.ctx.core.auth.settings.max_failed_logins
    for _ in range(attempts):
        qtbot.waitUntil(dialog.unlock_button.isEnabled, timeout=10_000)
        dialog.password.setText("wrong password, again")
        dialog.unlock_button.click()
        window.ops.wait_idle()
    qtbot.waitUntil(lambda: dialog.remaining_s > 0, timeout=10_000)
    dialog.unlock_button.click()  # refused while counting down; the unlock button is disabled
    assert not dialog.unlock_button.isEnabled()
    assert dialog.countdown.isVisible()
    assert "try again in" in dialog.countdown.text()
    assert window.ctx.locked


def test_locking_closes_open_dialogs_and_still_asks_to_unlock(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    from qenex_desktop.gui.dialogs.settings import SettingsDialog

    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    window.menu_actions.settings.trigger()
    settings = window._modal
    assert isinstance(settings, SettingsDialog) and settings.isVisible()
    window.lock()
    qtbot.waitUntil(lambda: isinstance(window._modal, UnlockDialog), timeout=10_000)
    assert window._modal.isVisible()


def test_a_session_ended_elsewhere_locks_the_window(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    other = fast_core(prepared)  # another process, e.g. `qenex logout`
    assert other.auth.logout()
    other.close()
    window.refresh_all()
    qtbot.waitUntil(lambda: window.ctx is not None and window.ctx.locked, timeout=10_000)
    assert window.stack.currentWidget() is window.locked_page
    assert "session ended" in window.statusBar().currentMessage()
