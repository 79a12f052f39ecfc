"""The amount and address fields every money form uses (gui/fields.py): parsed by the core's one
parser as typed, their error line true to the text as it is now, Max never taking Return."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.create_token import CreateTokenDialog
from qenex_desktop.gui.dialogs.import_token import ImportTokenDialog
from qenex_desktop.gui.fields import AddressEdit, AmountEdit
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.widgets import settle_return_key
from tests.gui.conftest import fast_core

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
ADDRESS = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
#: The same address with one letter's case flipped: the checksum says it is a typo.
TYPO = ADDRESS[:3] + ADDRESS[3].swapcase() + ADDRESS[4:]


def _form(qtbot: QtBot, *fields: QWidget) -> QWidget:
    """The fields with their error lines in a shown form (errors are only visible on screen)."""
    page = QWidget()
    form = QFormLayout(page)
    for field in fields:
        form.addRow(field)
        form.addRow(field.error)  # type: ignore[attr-defined]
    qtbot.addWidget(page)
    page.show()
    return page


def test_an_amount_is_checked_against_its_tokens_decimals_as_typed(qtbot: QtBot) -> None:
    amount = AmountEdit("GOLD", 2)
    page = _form(qtbot, amount)
    qtbot.keyClicks(amount, "1.234")
    assert amount.error.shown
    assert amount.error.text() == "GOLD has 2 decimals; this amount has 3."
    qtbot.keyClick(amount, Qt.Key.Key_Backspace)
    assert not amount.error.shown
    assert amount.check() == 123
    amount.set_token("SILV", 0)  # another token: what is typed is checked against it at once
    assert amount.error.shown and "no decimals" in amount.error.text()
    assert amount.symbol == "SILV"
    assert amount.textMargins().right() > 0  # room for the symbol painted inside the field
    assert page.isVisible()


def test_an_empty_amount_is_no_error_while_typing_but_is_when_checked(qtbot: QtBot) -> None:
    amount = AmountEdit("ETH", 18)
    optional = AmountEdit("ETH", 18, required=False)
    zero_ok = AmountEdit("ETH", 18, allow_zero=True)
    page = _form(qtbot, amount, optional, zero_ok)
    qtbot.keyClicks(amount, "1")
    qtbot.keyClick(amount, Qt.Key.Key_Backspace)
    assert not amount.error.shown
    assert amount.check() is None
    assert amount.error.text() == "Enter an amount."
    assert optional.check() is None and not optional.error.shown
    qtbot.keyClicks(zero_ok, "0")
    assert not zero_ok.error.shown and zero_ok.check() == 0
    qtbot.keyClicks(amount, "0")
    assert amount.error.text() == "Enter an amount greater than zero."
    assert page.isVisible()


def test_return_in_an_amount_never_presses_max_and_space_on_max_asks_for_it(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    amount = AmountEdit("ETH", 18, max_button=True)
    form = QFormLayout(dialog)
    form.addRow(amount.with_max())
    form.addRow(amount.error)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    form.addRow(buttons)
    settle_return_key(dialog, buttons.button(QDialogButtonBox.StandardButton.Ok))
    asked: list[bool] = []
    edited: list[bool] = []
    amount.max_requested.connect(lambda: asked.append(True))
    amount.edited.connect(lambda: edited.append(True))
    dialog.show()
    assert amount.max_button is not None
    qtbot.keyClick(amount.max_button, Qt.Key.Key_Space)
    assert asked == [True]
    amount.fill(1_500_000_000_000_000_000)  # what the form found to be the most
    assert amount.text() == "1.5" and edited == [True]
    qtbot.keyClick(amount, Qt.Key.Key_Return)
    assert asked == [True]  # Max was not pressed again
    assert dialog.result() == QDialog.DialogCode.Accepted.value


def test_an_address_with_a_wrong_checksum_is_flagged_as_typed(qtbot: QtBot) -> None:
    address = AddressEdit(field="to")
    page = _form(qtbot, address)
    qtbot.keyClicks(address, TYPO[:20])
    assert not address.error.shown  # still being typed
    qtbot.keyClicks(address, TYPO[20:])
    assert address.error.shown and "checksum" in address.error.text()
    address.selectAll()
    qtbot.keyClicks(address, ADDRESS.lower())
    assert not address.error.shown
    assert address.check() == ADDRESS  # all-lower carries no checksum: accepted, returned checksummed
    assert page.isVisible()


def test_the_token_dialogs_check_amounts_and_addresses_as_typed(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    assert window.ctx is not None
    create = CreateTokenDialog(window.ctx, window)
    create.show()
    qtbot.keyClicks(create.symbol, "gold")
    create.decimals.setValue(0)
    qtbot.keyClicks(create.supply, "1.5")
    assert create.errors["supply"].shown
    assert create.errors["supply"].text() == "GOLD has no decimals: enter a whole number."
    create.decimals.setValue(2)  # the token's decimals changed: the supply is checked again
    assert not create.errors["supply"].shown
    create.reject()

    before = window.ops.busy
    dialog = ImportTokenDialog(window.ctx, window)
    dialog.show()
    qtbot.keyClicks(dialog.address, TYPO)
    assert dialog.address_error.shown and "checksum" in dialog.address_error.text()
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    assert dialog.isVisible()  # refused here: nothing was asked of the chain
    assert window.ops.busy == before
    dialog.reject()
