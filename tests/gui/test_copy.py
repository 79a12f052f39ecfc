"""Copy takes the whole address or hash, never the shortened text a table shows (issue 12, item 8)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.models import Column, RowTableModel, address_column, hash_column
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.tabs.wallet_tab import WalletTab
from qenex_desktop.gui.widgets import make_table
from tests.gui.conftest import fast_core

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
SENDER = "0x4D3C64aB8A3a5e2bE0D7bA3E3c0A5b6c7d8e1B58"
RECEIVER = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
TX_HASH = "0x" + "ab12" * 16


@dataclass(frozen=True)
class Row:
    sender: str
    receiver: str
    tx_hash: str
    amount: str


def _table(qtbot: QtBot) -> DataTableView:
    model: RowTableModel[Row] = RowTableModel(
        [
            address_column("From", lambda r: r.sender),
            address_column("To", lambda r: r.receiver),
            hash_column("Hash", lambda r: r.tx_hash),
            Column("Amount", lambda r: r.amount, numeric=True),
        ]
    )
    model.set_rows([Row(SENDER, RECEIVER, TX_HASH, "1.5")])
    view = make_table(model)
    assert isinstance(view, DataTableView)
    qtbot.addWidget(view)
    view.show()
    return view


def test_ctrl_c_copies_the_full_value_of_the_current_cell(qtbot: QtBot) -> None:
    view = _table(qtbot)
    assert view.model().index(0, 0).data() != SENDER  # shown shortened
    for column, expected in ((0, SENDER), (2, TX_HASH), (3, "1.5")):
        view.setCurrentIndex(view.model().index(0, column))
        QGuiApplication.clipboard().clear()
        qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QGuiApplication.clipboard().text() == expected


def test_the_context_menu_copies_each_address_and_the_hash_in_full(qtbot: QtBot) -> None:
    view = _table(qtbot)
    actions = view.context_actions(view.model().index(0, 3))
    labels = [action.text() for action in actions]
    assert labels == ["Copy address (From)", "Copy address (To)", "Copy transaction hash", "Copy amount"]
    copied = {}
    for action in actions:
        action.trigger()
        copied[action.text()] = QGuiApplication.clipboard().text()
    assert copied == {
        "Copy address (From)": SENDER,
        "Copy address (To)": RECEIVER,
        "Copy transaction hash": TX_HASH,
        "Copy amount": "1.5",
    }


def test_wallet_tab_ctrl_c_copies_the_whole_account_address(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    wallet = window.tabs["wallet"]
    assert isinstance(wallet, WalletTab)
    qtbot.waitUntil(lambda: wallet.account_list.count() == 1, timeout=10_000)
    assert window.ctx is not None
    address = window.ctx.core.wallet.accounts()[0].address
    view = wallet.account_list  # the entry shows the address shortened
    assert address not in view.currentItem().text()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == address
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(wallet.header.copy_button, Qt.Key.Key_Space)  # the header's Copy: the same
    assert QGuiApplication.clipboard().text() == address
