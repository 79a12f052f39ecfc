"""Tools → Address book…: add, edit and delete contacts with the keyboard, on the real core (issue 15)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from qenex_desktop.core.changes import own_entries
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.address_book import AddressBookDialog
from qenex_desktop.gui.dialogs.send import ConfirmSendDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.window.contacts_menu import address_book_dialogs, send_lookalike_dialogs
from tests.gui.conftest import fast_core
from tests.gui.profile_helpers import MakeWindow, tab_to, type_into, unlocked_window

BOB = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
CAROL = "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B"


def open_book(qtbot: QtBot, window: MainWindow) -> AddressBookDialog:
    entry = window.findChild(QAction, "addressBook")
    assert isinstance(entry, QAction) and entry.isEnabled()
    entry.trigger()
    qtbot.waitUntil(lambda: window.findChild(AddressBookDialog) is not None, timeout=10_000)
    dialog = window.findChild(AddressBookDialog)
    assert isinstance(dialog, AddressBookDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    window.ops.wait_idle()
    return dialog


def test_add_edit_and_delete_a_contact_with_the_keyboard(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    dialog = open_book(qtbot, window)
    book = dialog.ctx.core.contacts
    assert dialog.editing is None and dialog.focusWidget() is dialog.name  # empty: a new contact
    qtbot.keyClicks(dialog.name, "Bob")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.address
    qtbot.keyClicks(dialog.address, BOB.lower())
    qtbot.keyClick(dialog.address, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.note, "rent")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.contacts) == 1, timeout=10_000)
    assert [(c.name, c.address, c.note) for c in book.contacts()] == [("Bob", BOB, "rent")]
    assert dialog.model.rowCount() == 1 and dialog.editing == dialog.contacts[0].id

    type_into(qtbot, dialog.name, "Robert")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.contacts[0].name == "Robert", timeout=10_000)
    assert [c.name for c in book.contacts()] == ["Robert"]

    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=5_000)
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and "Robert" in box.text()
    yes = box.button(QMessageBox.StandardButton.Yes)
    tab_to(qtbot, box, yes)  # No is the default: Return alone keeps the contact
    qtbot.keyClick(yes, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not dialog.contacts, timeout=10_000)
    assert book.contacts() == []


def test_a_refusal_shows_at_its_field_and_insert_starts_a_new_contact(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    window.ctx.core.contacts.add_contact("Bob", BOB)
    dialog = open_book(qtbot, window)
    qtbot.waitUntil(lambda: len(dialog.contacts) == 1, timeout=10_000)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Insert)
    assert dialog.editing is None and dialog.focusWidget() is dialog.name and dialog.name.text() == ""
    qtbot.keyClicks(dialog.name, "Bobby")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.address, BOB)
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "address book" in dialog.address.error.text(), timeout=10_000)
    assert len(dialog.ctx.core.contacts.contacts()) == 1
    type_into(qtbot, dialog.address, CAROL)
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(dialog.contacts) == 2, timeout=10_000)
    assert not dialog.address.error.text()


def test_labels_export_and_import_from_the_dialog(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Path
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    window.ctx.core.contacts.add_contact("Bob", BOB)
    dialog = open_book(qtbot, window)
    target = tmp_path / "labels.jsonl"
    dialog.export_to(target)  # what Export labels… does once the file is chosen
    qtbot.waitUntil(lambda: "written" in dialog.result_label.text(), timeout=10_000)
    assert '"label": "Bob"' in target.read_text(encoding="utf-8")
    window.ctx.core.contacts.remove_contact("Bob")
    dialog.import_from(target)
    qtbot.waitUntil(lambda: "1 contacts added" in dialog.result_label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: [c.name for c in dialog.contacts] == ["Bob"], timeout=10_000)


def test_the_screenshot_dialog_renders(qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    [(name, dialog)] = address_book_dialogs(window.ctx, window)
    assert name == "dialog-address-book" and isinstance(dialog, AddressBookDialog)
    dialog.close()


def test_the_lookalike_screenshot_dialog_needs_its_tick(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    assert window.ctx is not None
    [(name, dialog)] = send_lookalike_dialogs(window.ctx, window)
    assert name == "dialog-send-lookalike" and isinstance(dialog, ConfirmSendDialog)
    assert dialog.safety.needs_acknowledgement and not dialog.send_button.isEnabled()
    dialog.close()


def test_a_contact_added_elsewhere_shows_within_the_change_watch(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked_window(qtbot, make_window, prepared)
    dialog = open_book(qtbot, window)
    assert dialog.contacts == []
    other = fast_core(prepared)  # as another process: its entries are not this process's own
    tracking, own_entries.tracking = own_entries.tracking, False
    try:
        other.contacts.add_contact("Carol", CAROL)
    finally:
        own_entries.tracking = tracking
        other.close()
    qtbot.waitUntil(lambda: [c.name for c in dialog.contacts] == ["Carol"], timeout=10_000)
