"""Labels on transactions and "Save address" (issue 15): Label… from Activity's row menu and from
the details (Return saves, through the operations layer; a refusal shows under the field), the
Label column; Save address… from the details and from a pending send in the Wallet tab opens the
address book on that address."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QWidget
from pytestqt.qtbot import QtBot

from bench.activity_history import fill_history
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.address_book import AddressBookDialog
from qenex_desktop.gui.dialogs.tx_details import TxDetailsDialog
from qenex_desktop.gui.dialogs.tx_label import TxLabelDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.tabs.activity_tab import ActivityTab
from qenex_desktop.gui.tabs.wallet_tab import WalletTab
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import show_tab
from tests.gui.test_activity_history import column
from tests.gui.test_send import RECIPIENT, funded_profile, open_send
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
PAID = "0x" + "22" * 20  # fill_history's counterparty


@pytest.fixture
def history(prepared: AppConfig) -> AppConfig:
    core = fast_core(prepared)
    core.auth.login("alice", STRONG_PASSWORD)
    fill_history(core, 3)
    core.close()
    return prepared


def activity(qtbot: QtBot, window: MainWindow) -> ActivityTab:
    tab = show_tab(qtbot, window, "activity")
    assert isinstance(tab, ActivityTab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 6, timeout=15_000)
    return tab


def choose(menu: QMenu | None, text: str) -> None:
    """Move to the entry ``text`` of an open menu and press Return on it."""
    assert menu is not None
    menu.setActiveAction(next(a for a in menu.actions() if a.text() == text))
    QTest.keyClick(menu, Qt.Key.Key_Return)


def label_dialog(qtbot: QtBot, owner: object, attribute: str) -> TxLabelDialog:
    qtbot.waitUntil(lambda: isinstance(getattr(owner, attribute, None), TxLabelDialog), timeout=5_000)
    dialog = getattr(owner, attribute)
    assert isinstance(dialog, TxLabelDialog) and dialog.isVisible()
    dialog.activateWindow()  # as the window system does (offscreen leaves the tab's view focused)
    qtbot.waitUntil(dialog.edit.hasFocus, timeout=5_000)
    return dialog


def closed(dialog: QWidget) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_label_from_the_row_menu_shows_in_the_label_column_and_a_refusal_under_the_field(
    qtbot: QtBot, make_window: MakeWindow, history: AppConfig
) -> None:
    window = make_window(lambda: fast_core(history))
    tab = activity(qtbot, window)
    number = next(i for i, r in enumerate(tab.model.rows) if r.kind == "Send ETH")
    reference = tab.model.rows[number].reference
    assert isinstance(tab.view, DataTableView)
    choose(tab.view.show_menu_at(tab.view.visualRect(tab.model.index(number, 0)).center()), "Label…")
    dialog = label_dialog(qtbot, tab, "side_dialog")
    QTest.keyClicks(dialog.edit, "x" * 300)  # longer than a label may be: refused, nothing stored
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=5_000)
    assert dialog.isVisible() and "label" in dialog.error.text().lower()
    dialog.edit.selectAll()
    QTest.keyClicks(dialog.edit, "rent, June")
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog), timeout=5_000)

    def labelled() -> bool:
        row = next((r for r in tab.model.rows if r.reference == reference), None)
        return row is not None and row.label == "rent, June"

    qtbot.waitUntil(labelled, timeout=10_000)  # the change's announcement read the tab again
    shown = next(i for i, r in enumerate(tab.model.rows) if r.reference == reference)
    assert tab.model.index(shown, column(tab, "Label")).data() == "rent, June"
    assert window.ctx is not None
    window.ops.wait_idle()
    assert window.ctx.core.contacts.tx_labels() == {reference: "rent, June"}


def test_the_details_change_the_label_and_save_the_address_paid(
    qtbot: QtBot, make_window: MakeWindow, history: AppConfig
) -> None:
    window = make_window(lambda: fast_core(history))
    tab = activity(qtbot, window)
    number = next(i for i, r in enumerate(tab.model.rows) if r.kind == "Send ETH")
    reference = tab.model.rows[number].reference
    tab.view.setFocus()
    tab.view.selectRow(number)
    QTest.keyClick(tab.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.details is not None and tab.details.isVisible(), timeout=5_000)
    details = tab.details
    assert isinstance(details, TxDetailsDialog)
    assert details.values["Label"].text() == "—" and not details.warning.isVisible()
    details.label_button.setFocus()
    QTest.keyClick(details.label_button, Qt.Key.Key_Space)
    dialog = label_dialog(qtbot, details, "label_dialog")
    QTest.keyClicks(dialog.edit, "deposit")
    QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: details.values["Label"].text() == "deposit", timeout=5_000)
    assert window.ctx is not None
    book_of = window.ctx.core.contacts
    assert book_of.tx_labels() == {reference: "deposit"}

    assert details.save_address_button.isEnabled()
    details.save_address_button.setFocus()
    QTest.keyClick(details.save_address_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(details.book_dialog, AddressBookDialog), timeout=5_000)
    book = details.book_dialog
    assert isinstance(book, AddressBookDialog)
    qtbot.waitUntil(lambda: book.address.text() == PAID and book.name.hasFocus(), timeout=5_000)
    QTest.keyClicks(book.name, "Landlord")
    QTest.keyClick(book.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [c.name for c in book_of.contacts()] == ["Landlord"], timeout=5_000)
    assert book_of.contacts()[0].address == PAID


@pytest.mark.hardhat
@pytest.mark.slow
def test_save_address_on_a_pending_send_in_the_wallet_tab(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    funded_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    wallet, send = open_send(qtbot, window)
    send.close()
    assert isinstance(wallet, WalletTab) and window.ctx is not None
    hardhat_node.set_automine(False)
    try:
        window.ctx.core.wallet.unlock(STRONG_PASSWORD)
        window.ctx.core.chain.send(to=RECIPIENT, asset="ETH", amount="0.5")
        window.refresh_all()
        qtbot.waitUntil(lambda: wallet.pending_count == 1, timeout=20_000)
        view = wallet.pending_view
        assert isinstance(view, DataTableView)
        choose(view.show_menu_at(view.visualRect(wallet.pending_model.index(0, 0)).center()), "Save address…")
        qtbot.waitUntil(
            lambda: isinstance(getattr(wallet, "book_dialog", None), AddressBookDialog), timeout=5_000
        )
        book = wallet.book_dialog
        assert isinstance(book, AddressBookDialog)
        qtbot.waitUntil(lambda: book.address.text() == RECIPIENT, timeout=5_000)
        QTest.keyClick(book, Qt.Key.Key_Escape)
    finally:
        hardhat_node.mine()
        hardhat_node.set_automine(True)
