"""The Activity tab's history (issue 13): incoming transfers found by the background scan, pages
read as asked (Load more), fee and block per row, Return for details, Ctrl+C, Export… to a file."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from bench.activity_history import GENESIS, START_MS, fill_history
from qenex_desktop.core.activity import PAGE_SIZE
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.types import ScanProgress
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import ChainToken, ChainTransfer
from qenex_desktop.gui.dialogs.tx_details import TxDetailsDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.tabs.activity_tab import ActivityTab
from qenex_desktop.gui.tabs.activity_tab.scan import BUSY_MS, IDLE_MS
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import alice_on_node, fast_core
from tests.gui.exchange_flows import show_tab
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def activity_tab(qtbot: QtBot, window: MainWindow) -> ActivityTab:
    tab = show_tab(qtbot, window, "activity")
    assert isinstance(tab, ActivityTab)
    return tab


def first_page(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> ActivityTab:
    """The Activity tab of a window on ``config``, once its first page is read."""
    window = make_window(lambda: fast_core(config))
    tab = activity_tab(qtbot, window)
    qtbot.waitUntil(lambda: tab.model.rowCount() == PAGE_SIZE, timeout=15_000)
    return tab


@pytest.fixture
def filled(prepared: AppConfig) -> AppConfig:
    """``prepared`` with 130 sends and 130 incoming transfers (260 rows, three pages)."""
    core = fast_core(prepared)
    core.auth.login("alice", STRONG_PASSWORD)
    fill_history(core, 130)
    core.close()
    return prepared


def column(tab: ActivityTab, header: str) -> int:
    model = tab.model
    return next(
        c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header
    )


def test_the_tab_reads_a_page_and_load_more_reads_the_next_until_none_is_left(
    qtbot: QtBot, make_window: MakeWindow, filled: AppConfig
) -> None:
    tab = first_page(qtbot, make_window, filled)
    assert tab.more_button.isVisible() and "(more below)" in tab.summary.text()
    for shown in (2 * PAGE_SIZE, 260):
        tab.more_button.setFocus()
        QTest.keyClick(tab.more_button, Qt.Key.Key_Space)

        def loaded(shown: int = shown) -> bool:
            return tab.model.rowCount() == shown

        qtbot.waitUntil(loaded, timeout=15_000)
    assert not tab.more_button.isVisible()
    references = [row.reference for row in tab.model.rows]
    assert len(set(references)) == 260
    times = [row.created_at or 0 for row in tab.model.rows]
    assert times == sorted(times, reverse=True)
    incoming = [row for row in tab.model.rows if row.kind == "Received"]
    assert len(incoming) == 130 and incoming[0].amount == "130 QXC"
    send = next(row for row in tab.model.rows if row.kind == "Send ETH")
    assert send.fee == "0.000021" and send.block is not None
    model = tab.model
    number = tab.model.rows.index(send)
    assert model.index(number, column(tab, "Fee (ETH)")).data() == "0.000021"
    assert model.index(number, column(tab, "Block")).data() == f"{send.block:,}"


def test_return_on_a_row_opens_its_details_and_escape_closes_them(
    qtbot: QtBot, make_window: MakeWindow, filled: AppConfig
) -> None:
    tab = first_page(qtbot, make_window, filled)
    number = next(i for i, row in enumerate(tab.model.rows) if row.kind == "Send ETH")
    tab.view.setFocus()
    tab.view.selectRow(number)
    QTest.keyClick(tab.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.details is not None and tab.details.isVisible(), timeout=5_000)
    dialog = tab.details
    assert isinstance(dialog, TxDetailsDialog)
    row = tab.model.rows[number]
    assert dialog.values["Transaction"].text() == row.reference and len(row.reference) == 66
    assert dialog.values["Action"].text() == "ETH send"
    assert dialog.values["Gas used"].text() == "21,000 / 21,000 limit"
    assert dialog.values["Fee paid"].text() == "0.000021 ETH"
    qtbot.waitUntil(lambda: "confirmed: Mined in block" in dialog.history.toPlainText(), timeout=5_000)
    assert "pending: Signed and sent with nonce" in dialog.history.toPlainText()
    assert not dialog.explorer_button.isVisibleTo(dialog)  # the network has no explorer
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def test_ctrl_c_on_an_amount_copies_every_digit_plainly(
    qtbot: QtBot, make_window: MakeWindow, filled: AppConfig
) -> None:
    tab = first_page(qtbot, make_window, filled)
    number = next(i for i, row in enumerate(tab.model.rows) if row.kind == "Send ETH")
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(number, column(tab, "Amount")))
    QTest.keyClick(tab.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert tab.model.rows[number].amount == "0.13 ETH"  # the newest send: 130 × 0.001 ETH
    assert QGuiApplication.clipboard().text() == "0.13"


def test_the_context_menu_has_details_and_the_explorer_when_the_network_has_one(
    qtbot: QtBot, make_window: MakeWindow, filled: AppConfig
) -> None:
    core = fast_core(filled)
    core.auth.login("alice", STRONG_PASSWORD)
    core.chain.registry.edit(core.chain.network().name, explorer_url="https://explorer.example")
    core.close()
    tab = first_page(qtbot, make_window, filled)
    index = tab.model.index(0, 0)
    assert isinstance(tab.view, DataTableView)
    menu = tab.view.show_menu_at(tab.view.visualRect(index).center())
    assert menu is not None
    texts = [action.text() for action in menu.actions()]
    assert texts[:2] == ["Details…", "Open in explorer"]
    menu.close()


def test_export_writes_the_history_shown_to_a_private_file_named_in_the_dialog(
    qtbot: QtBot, make_window: MakeWindow, filled: AppConfig, tmp_path: Path
) -> None:
    tab = first_page(qtbot, make_window, filled)
    tab.export_button.setFocus()
    QTest.keyClick(tab.export_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.export_dialog is not None and tab.export_dialog.isVisible(), timeout=5_000)
    dialog = tab.export_dialog
    assert dialog is not None
    assert Path(dialog.directory().absolutePath()) != Path.cwd()
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name is not None
    name.selectAll()
    target = tmp_path / "for-the-accountant.json"
    QTest.keyClicks(name, str(target))
    for _press in range(2):  # the first Return may only take the path completer's suggestion
        if dialog.isVisible():
            QTest.keyClick(name, Qt.Key.Key_Return)
            qtbot.wait(50)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: "Exported 260 transactions" in tab.summary.text(), timeout=15_000)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    records = json.loads(target.read_text())
    assert len(records) == 260 and {r["action"] for r in records} == {"ETH send", "Token received"}
    QApplication.processEvents()


@pytest.mark.hardhat
@pytest.mark.slow
def test_an_incoming_transfer_is_found_by_the_background_scan_and_shown(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    setup, address = alice_on_node(config, hardhat_node)
    qxc = setup.chain.deploy_qxc_as_dev()
    dev_address, _ = setup.chain.dev_account()
    setup.close()
    # Someone else pays alice: a transaction this wallet never signed, known only from the chain.
    hardhat_node.rpc(
        "eth_sendTransaction",
        [{"from": dev_address, "to": qxc.address, "data": erc20.transfer_call(address, 7 * 10**18)}],
    )

    window = make_window(lambda: fast_core(config))
    tab = activity_tab(qtbot, window)
    qtbot.waitUntil(lambda: any(row.kind == "Received" for row in tab.model.rows), timeout=30_000)
    row = next(row for row in tab.model.rows if row.kind == "Received")
    assert (row.source, row.status, row.amount) == ("On-chain", "confirmed", "7 QXC")
    assert row.from_address == dev_address and row.to_address == address
    assert row.created_at is not None and row.block is not None
    qtbot.waitUntil(lambda: tab.scan_label.text().startswith("Transfers scanned to block"), timeout=30_000)
    assert tab.scan_label.objectName() == "historyScanProgress"


def test_the_scan_says_it_is_paused_while_the_node_does_not_answer(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = activity_tab(qtbot, window)
    qtbot.waitUntil(lambda: tab.scan_label.text() == "Transfer scan paused", timeout=15_000)
    assert "cannot be reached" in tab.scan_label.toolTip()
    assert not tab.scan.running


def test_two_tokens_of_one_symbol_are_told_apart_in_the_rows(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    core = fast_core(prepared)
    core.auth.login("alice", STRONG_PASSWORD)
    mine = fill_history(core, 2)
    network = core.chain.network()
    other_qxc = "0x1234567890AbcdEF1234567890aBcdef12345678"
    with core.db.write() as session:
        session.execute(
            insert(ChainToken),
            [dict(network_id=network.id, genesis_hash=GENESIS, stale=False, address=other_qxc, name="Fake",
                  symbol="QXC", decimals=6, is_qxc=False, created_at=START_MS)],
        )  # fmt: skip
        session.execute(
            insert(ChainTransfer),
            [dict(network_id=network.id, genesis_hash=GENESIS, stale=False, token_address=other_qxc,
                  block_number=10, tx_hash="0x" + "99" * 32, log_index=0, from_address="0x" + "22" * 20,
                  to_address=mine, amount=1_234_567_000, block_time=START_MS + 60_000)],
        )  # fmt: skip
    core.close()
    window = make_window(lambda: fast_core(prepared))
    tab = activity_tab(qtbot, window)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 5, timeout=15_000)
    received = [row.amount for row in tab.model.rows if row.kind == "Received"]
    assert received == ["1,234.56 QXC (0x1234…5678)", "2 QXC (0x5FbD…0aa3)", "1 QXC (0x5FbD…0aa3)"]
    assert tab.model.rows[0].amount_full == "1,234.567 QXC (0x1234…5678)"  # the tooltip: every digit
    amount = column(tab, "Amount")
    assert tab.model.index(0, amount).data(Qt.ItemDataRole.ToolTipRole) == "1,234.567 QXC (0x1234…5678)"


def test_the_scan_label_says_which_blocks_it_is_reading_while_behind(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    tab = activity_tab(qtbot, window)
    tab.scan.stop()
    tab.scan._done(ScanProgress(head=1800, ranges_scanned=8, new_transfers=0, lowest_cursor=1200, done=False))
    assert tab.scan_label.text() == "Scanning blocks 1,200–1,800…"
    assert tab.scan.timer.isActive() and tab.scan.timer.interval() == BUSY_MS  # the next step at once
    tab.scan.stop()
    tab.scan._done(ScanProgress(head=1850, ranges_scanned=1, new_transfers=0, lowest_cursor=1851, done=True))
    assert tab.scan_label.text() == "Transfers scanned to block 1,850"
    assert tab.scan.timer.interval() == IDLE_MS  # then it keeps up with new blocks
    tab.scan.stop()
