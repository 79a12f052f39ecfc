"""The Send dialog's recipient safety (issue 15) with the keyboard, on the real Hardhat node: the To
field completes by contact name, the confirm dialog says who the recipient is, a look-alike needs
its tick before Sign and send, a first send offers "Save to address book"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.address_book import AddressBookDialog
from qenex_desktop.gui.dialogs.send import ConfirmSendDialog, SendDialog
from qenex_desktop.gui.dialogs.send_safety import NOT_IN_BOOK
from qenex_desktop.gui.main_window import MainWindow
from tests.chain.test_lookalike import lookalike_of
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.profile_helpers import tab_to
from tests.gui.test_send import ETHER, RECIPIENT, counts, funded_profile, open_send
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
pytestmark = pytest.mark.hardhat


@pytest.fixture
def window(make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode) -> MainWindow:
    """A window on the test node; the account holds 100 ETH and Bob is in the address book."""
    funded_profile(config, hardhat_node, eth=100 * ETHER)
    setup = fast_core(config)
    setup.contacts.add_contact("Bob", RECIPIENT)
    setup.close()
    return make_window(lambda: fast_core(config))


def review(qtbot: QtBot, dialog: SendDialog, to: str, amount: str = "0.5") -> ConfirmSendDialog:
    qtbot.keyClicks(dialog.to, to)
    qtbot.keyClick(dialog.to, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.amount, amount)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(dialog.confirm, ConfirmSendDialog), timeout=20_000)
    assert dialog.confirm is not None
    return dialog.confirm


def test_a_look_alike_is_signed_only_after_the_tick(
    qtbot: QtBot, window: MainWindow, hardhat_node: HardhatNode
) -> None:
    _wallet, dialog = open_send(qtbot, window)
    core = dialog.ctx.core
    fake = lookalike_of(RECIPIENT)
    held = int(hardhat_node.rpc("eth_getBalance", [fake, "latest"]), 16)  # the node lives for the session
    confirm = review(qtbot, dialog, fake)
    panel = confirm.safety
    assert panel.isVisibleTo(confirm) and panel.needs_acknowledgement
    heading = panel.findChild(QLabel, "lookalikeHeading")
    assert heading is not None and "contact Bob" in heading.text()
    compare = panel.findChild(QLabel, "lookalikeCompare")
    assert compare is not None and "text-decoration:underline" in compare.text()  # the differing ones
    assert not confirm.send_button.isEnabled()
    before = counts(core)
    assert confirm.needs_password  # the resumed window's keys are sealed: Return in it would sign
    qtbot.keyClicks(confirm.password, STRONG_PASSWORD)
    qtbot.keyClick(confirm.password, Qt.Key.Key_Return)  # the send button is off: nothing happens
    window.ops.wait_idle()
    assert counts(core)[0] == before[0] and confirm.isVisible()

    assert panel.ack is not None
    tab_to(qtbot, confirm, panel.ack, limit=20)
    qtbot.keyClick(panel.ack, Qt.Key.Key_Space)
    assert panel.acknowledged and confirm.send_button.isEnabled()
    qtbot.keyClick(panel.ack, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to the password
    assert confirm.focusWidget() is confirm.password
    qtbot.keyClick(confirm.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(confirm) or not confirm.isVisible(), timeout=20_000)
    assert int(hardhat_node.rpc("eth_getBalance", [fake, "latest"]), 16) == held + ETHER // 2


def test_the_to_field_completes_by_contact_name_and_confirm_names_the_contact(
    qtbot: QtBot, window: MainWindow
) -> None:
    _wallet, dialog = open_send(qtbot, window)
    qtbot.waitUntil(lambda: bool(dialog.completer.addresses), timeout=10_000)
    qtbot.keyClicks(dialog.to, "bo")
    popup = dialog.completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=5_000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.to.text() == RECIPIENT, timeout=5_000)
    qtbot.keyClick(dialog.to, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.amount, "0.1")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(dialog.confirm, ConfirmSendDialog), timeout=20_000)
    confirm = dialog.confirm
    assert confirm is not None and confirm.preview.destination is not None
    assert confirm.preview.destination.contact_name == "Bob"
    assert not confirm.safety.isVisibleTo(confirm)  # nothing to warn about
    labels = [w.text() for w in confirm.findChildren(QLabel)]
    assert any("Bob (in your address book)" in text for text in labels)
    confirm.reject()


def test_a_first_send_offers_save_to_address_book(qtbot: QtBot, window: MainWindow) -> None:
    _wallet, dialog = open_send(qtbot, window)
    stranger = "0x000000000000000000000000000000000000dEaD"
    confirm = review(qtbot, dialog, stranger, "0.1")
    labels = [w.text() for w in confirm.findChildren(QLabel)]
    assert any(NOT_IN_BOOK in text for text in labels)
    save = confirm.safety.save_button
    assert save is not None and not confirm.safety.needs_acknowledgement
    tab_to(qtbot, confirm, save, limit=20)
    qtbot.keyClick(save, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: confirm.findChild(AddressBookDialog) is not None, timeout=10_000)
    book = confirm.findChild(AddressBookDialog)
    assert isinstance(book, AddressBookDialog)
    qtbot.waitUntil(
        lambda: book.address.text() == stranger and book.focusWidget() is book.name, timeout=10_000
    )
    qtbot.keyClicks(book.name, "Burn")
    qtbot.keyClick(book.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [c.name for c in book.contacts] == ["Bob", "Burn"], timeout=10_000)
    assert book.ctx.core.contacts.contact_for(stranger) is not None
