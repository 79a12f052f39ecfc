"""First run: the wizard creates a profile and a wallet, and lands in an unlocked main window."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.first_run import (
    PAGE_CHOICE,
    PAGE_CONFIRM,
    PAGE_DONE,
    PAGE_IMPORT,
    PAGE_PHRASE,
    PAGE_PROFILE,
    FirstRunWizard,
)
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core, nowhere_network

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def fresh(config: AppConfig) -> Callable[[], QenexCore]:
    def factory() -> QenexCore:
        core = fast_core(config)
        nowhere_network(core)
        return core

    return factory


def wizard_of(qtbot: QtBot, window: MainWindow) -> FirstRunWizard:
    qtbot.waitUntil(lambda: isinstance(getattr(window, "_modal", None), FirstRunWizard), timeout=10_000)
    wizard = window._modal
    assert isinstance(wizard, FirstRunWizard)
    return wizard


def test_first_run_creates_profile_and_wallet_then_shows_unlocked_window(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig
) -> None:
    window = make_window(fresh(config))
    wizard = wizard_of(qtbot, window)
    assert wizard.currentId() == PAGE_PROFILE
    assert window.ctx is not None and window.ctx.locked
    page = wizard.profile_page
    page.username.setText("alice")
    page.password.setText(STRONG_PASSWORD)
    page.confirm.setText(STRONG_PASSWORD)
    assert page.meter.value() >= 1
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_CHOICE, timeout=20_000)
    assert wizard.choice_page.choice == "create"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_PHRASE, timeout=20_000)
    words = (wizard.mnemonic or "").split()
    assert len(words) == 12
    assert not wizard.phrase_page.isComplete()  # the words must be written down first
    wizard.phrase_page.written.setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_CONFIRM
    confirm = wizard.confirm_page
    for edit in confirm.edits:
        edit.setText("wrong")
    wizard.next()
    assert wizard.currentId() == PAGE_CONFIRM and confirm.error.shown
    for position, edit in zip(confirm.positions, confirm.edits, strict=True):
        edit.setText(words[position])
    wizard.next()
    assert wizard.currentId() == PAGE_DONE
    assert wizard.mnemonic is None  # shown once, then forgotten
    wizard.accept()

    assert window.ctx is not None and not window.ctx.locked
    assert window.stack.currentWidget() is window.tab_widget
    wallet = window.tabs["wallet"]
    qtbot.waitUntil(lambda: wallet.account_list.count() == 1, timeout=20_000)
    address = wallet.account_list.address()
    core = window.ctx.core
    assert core.wallet.accounts()[0].address == address
    assert core.auth.current_session() is not None
    assert core.wallet.vault.is_unlocked()


def test_password_mismatch_is_shown_inline_and_creates_nothing(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig
) -> None:
    window = make_window(fresh(config))
    wizard = wizard_of(qtbot, window)
    page = wizard.profile_page
    page.username.setText("alice")
    page.password.setText(STRONG_PASSWORD)
    page.confirm.setText(STRONG_PASSWORD + "x")
    wizard.next()
    window.ops.wait_idle()
    assert wizard.currentId() == PAGE_PROFILE
    assert page.confirm_error.shown
    page.confirm.setText("short")
    page.password.setText("short")
    wizard.next()
    qtbot.waitUntil(lambda: page.password_error.shown, timeout=10_000)
    assert "12 characters" in page.password_error.text()
    assert window.ctx is not None
    assert not window.ctx.core.auth.has_profiles()


HARDHAT_MNEMONIC = "test test test test test test test test test test test junk"
HARDHAT_ACCOUNT_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"


def test_first_run_imports_a_recovery_phrase(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig
) -> None:
    window = make_window(fresh(config))
    wizard = wizard_of(qtbot, window)
    page = wizard.profile_page
    page.username.setText("bob")
    page.password.setText(STRONG_PASSWORD)
    page.confirm.setText(STRONG_PASSWORD)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_CHOICE, timeout=20_000)
    wizard.choice_page.options["mnemonic"].setChecked(True)
    wizard.next()
    assert wizard.currentId() == PAGE_IMPORT
    wizard.import_page.secret.setPlainText("test test nonsense")
    wizard.next()
    qtbot.waitUntil(
        lambda: wizard.import_page.secret_error.shown or wizard.import_page.error.shown, timeout=10_000
    )
    # a 3-word phrase is refused on the phrase's own field, never as a page-wide error
    assert wizard.import_page.secret_error.text() == (
        "A recovery phrase has 12, 15, 18, 21 or 24 words; this one has 3."
    )
    assert not wizard.import_page.error.shown
    assert wizard.currentId() == PAGE_IMPORT
    wizard.import_page.secret.setPlainText(HARDHAT_MNEMONIC)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_DONE, timeout=20_000)
    assert HARDHAT_ACCOUNT_0 in wizard.done_page.text.text()
    wizard.accept()
    assert window.ctx is not None and not window.ctx.locked
    assert [a.address for a in window.ctx.core.wallet.accounts()] == [HARDHAT_ACCOUNT_0]
