"""An inline error never moves the widgets around it (issue 12, look and layout): the room for
it is kept while there is none, so a click aimed at the field below an error still lands on it;
a message longer than the room ends in "…" with all of it in the tooltip; the import-token dialog's
refusal is read whole."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.import_token import ImportTokenDialog
from qenex_desktop.gui.fields import AddressEdit, AmountEdit
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.widgets import FieldError
from tests.gui.conftest import fast_core
from tests.gui.test_fields import TYPO

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def test_an_amount_error_showing_and_going_moves_nothing(qtbot: QtBot) -> None:
    page = QWidget()
    form = QFormLayout(page)
    amount = AmountEdit("GOLD", 2)
    address = AddressEdit(field="to")
    below = QPushButton("Swap")
    form.addRow("Amount", amount)
    form.addRow("", amount.error)
    form.addRow("To", address)
    form.addRow("", address.error)
    form.addRow(below)
    qtbot.addWidget(page)
    page.resize(420, 240)
    page.show()
    qtbot.waitExposed(page)
    before = (address.geometry(), below.geometry(), page.size())

    qtbot.keyClicks(amount, "1.234")
    assert amount.error.shown and amount.error.isVisible()
    assert (address.geometry(), below.geometry(), page.size()) == before
    qtbot.keyClicks(address, TYPO)
    assert address.error.shown and "checksum" in address.error.text()
    assert below.geometry() == before[1]
    qtbot.keyClick(amount, Qt.Key.Key_Backspace)
    assert not amount.error.shown
    assert (address.geometry(), below.geometry()) == before[:2]


def test_a_message_longer_than_the_room_ends_in_an_ellipsis_with_all_of_it_in_the_tooltip(
    qtbot: QtBot,
) -> None:
    page = QWidget()
    form = QFormLayout(page)
    edit, error, below = QLineEdit(), FieldError(), QLineEdit()
    form.addRow("Field", edit)
    form.addRow("", error)
    form.addRow("Next", below)
    qtbot.addWidget(page)
    page.resize(300, 200)
    page.show()
    qtbot.waitExposed(page)
    height, before = error.height(), below.geometry()

    message = "This refusal is a long sentence that cannot fit on one line of a narrow form. " * 3
    error.show_error(message)
    assert error.elided and error.toolTip() == message and error.text() == message
    assert error.height() == height and below.geometry() == before
    error.show_error("Short.")
    assert not error.elided
    error.clear_error()
    assert not error.shown and error.toolTip() == "" and below.geometry() == before

    error.set_lines(3)  # more room where the messages are long: still kept while empty
    assert error.height() > height
    qtbot.waitUntil(lambda: below.geometry().top() > before.top())
    moved = below.geometry()
    error.show_error(message)
    assert below.geometry() == moved


def test_the_import_token_refusal_is_read_whole_and_moves_no_button(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    assert window.ctx is not None
    dialog = ImportTokenDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.ok_button.geometry(), dialog.size()
    long_refusal = (
        f"The contract at {TYPO} does not answer like an ERC-20 token (name, symbol, decimals): "
        "execution reverted: the node said no to the name() call."
    )
    dialog.address_error.show_error(long_refusal)  # what the chain's refusal looks like
    assert not dialog.address_error.elided  # it has the room to be read whole
    assert (dialog.ok_button.geometry(), dialog.size()) == before

    dialog.address_error.clear_error()
    qtbot.keyClicks(dialog.address, TYPO)
    assert dialog.address_error.shown and "checksum" in dialog.address_error.text()
    assert (dialog.ok_button.geometry(), dialog.size()) == before
    dialog.reject()
