"""The first-run wizard with the keyboard, as a new person walks it in a real window.

Found by the walk-through of 2026-12-02: on "Your wallet is ready", Back led to the three-words
page, whose Next then raised (the phrase is forgotten once confirmed) and left the person stuck.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.first_run import PAGE_CHOICE, PAGE_CONFIRM, PAGE_DONE, PAGE_PHRASE
from qenex_desktop.gui.main_window import MainWindow
from tests.conftest import STRONG_PASSWORD
from tests.gui.test_first_run import fresh, wizard_of

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def test_after_the_three_words_back_cannot_return_to_a_phrase_already_forgotten(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig
) -> None:
    window = make_window(fresh(config))
    wizard = wizard_of(qtbot, window)
    page = wizard.profile_page
    qtbot.keyClicks(page.username, "alice")
    qtbot.keyClick(page.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.password, STRONG_PASSWORD)
    qtbot.keyClick(page.password, Qt.Key.Key_Tab)
    qtbot.keyClicks(page.confirm, STRONG_PASSWORD)
    qtbot.keyClick(page.confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_CHOICE, timeout=20_000)
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_PHRASE, timeout=20_000)
    words = (wizard.mnemonic or "").split()
    qtbot.keyClick(wizard.phrase_page.written, Qt.Key.Key_Space)
    qtbot.keyClick(wizard.phrase_page.written, Qt.Key.Key_Return)
    assert wizard.currentId() == PAGE_CONFIRM
    confirm = wizard.confirm_page
    qtbot.keyClicks(confirm.edits[0], "wrong")
    qtbot.keyClick(confirm.edits[0], Qt.Key.Key_Return)
    assert wizard.currentId() == PAGE_CONFIRM and confirm.error.shown
    for position, edit in zip(confirm.positions, confirm.edits, strict=True):
        edit.selectAll()
        qtbot.keyClicks(edit, words[position])
    qtbot.keyClick(confirm.edits[-1], Qt.Key.Key_Return)
    assert wizard.currentId() == PAGE_DONE

    back = wizard.button(QWizard.WizardButton.BackButton)
    assert not back.isEnabled()  # the phrase is forgotten: there is nothing to go back to
    qtbot.keyClick(wizard, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert wizard.currentId() == PAGE_DONE
    qtbot.keyClick(wizard, Qt.Key.Key_Return)  # Finish
    qtbot.waitUntil(lambda: window.ctx is not None and not window.ctx.locked, timeout=20_000)
    assert window.stack.currentWidget() is window.tab_widget
