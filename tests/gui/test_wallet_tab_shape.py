"""The Wallet tab shaped like a wallet (issue 13): an account selector (label, arrow keys), the chosen
account's whole address with Copy, one row per asset, the ledger in its own table, zero balances
folded on request (remembered), Send from the chosen account, and a read-failure notice that says
what is wrong (a node of another chain is not a node to start). Keys pressed as a person does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.receive import ReceiveDialog
from qenex_desktop.gui.dialogs.send import SendDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.models import COPY_ROLE
from qenex_desktop.gui.prefs import Preferences
from qenex_desktop.gui.table_view import DataTableView
from qenex_desktop.gui.tabs.wallet_tab import WalletTab
from qenex_desktop.gui.tabs.wallet_tab.columns import BALANCE_COLUMN
from qenex_desktop.gui.tabs.wallet_tab.folding import HIDDEN_KEY
from qenex_desktop.gui.wallet_snapshot import (
    AccountRow,
    Fold,
    Holding,
    WalletSnapshot,
    account_assets,
    make_assets,
)
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, show_tab


def _two_accounts_and_ledger_tokens(config: AppConfig) -> tuple[str, str]:
    """Alice's first account labelled Everyday, a second one, a held and an unheld ledger token."""
    core = fast_core(config)
    try:
        core.auth.login("alice", STRONG_PASSWORD)
        first = core.wallet.accounts()[0].address
        core.wallet.rename_account(first, "Everyday")
        second = core.wallet.add_account(password=STRONG_PASSWORD).address
        core.exchange.create_token("GOLD", "Gold Coin", 18, "1234567.5")
        core.exchange.create_token("NIL", "Nothing Yet", 6, "0")
        return first, second
    finally:
        core.close()


def _wallet(qtbot: QtBot, window: MainWindow, accounts: int) -> WalletTab:
    tab = show_tab(qtbot, window, "wallet")
    assert isinstance(tab, WalletTab)
    qtbot.waitUntil(lambda: tab.account_list.count() == accounts, timeout=15_000)
    window.ops.wait_idle()
    window.activateWindow()
    return tab


def _tab_to(qtbot: QtBot, window: MainWindow, target: QWidget, limit: int = 3) -> None:
    """Press Tab (at most ``limit`` times) until ``target`` has the focus."""
    for _ in range(limit):
        if window.focusWidget() is target:
            return
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Tab)
    assert window.focusWidget() is target


def test_arrow_keys_choose_the_account_tab_reaches_its_assets_then_send(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    first, second = _two_accounts_and_ledger_tokens(prepared)
    window = make_window(lambda: fast_core(prepared))
    wallet = _wallet(qtbot, window, 2)
    assert wallet.account_list.currentItem().text().startswith("Everyday")  # the label, not "Account 1"
    assert wallet.header.name_label.text() == "Everyday" and wallet.header.address_label.text() == first

    wallet.account_list.setFocus()
    qtbot.keyClick(wallet.account_list, Qt.Key.Key_Down)
    assert wallet.header.address_label.text() == second  # the whole address of the chosen one
    assert wallet.header.name_label.text() == "Account 2"
    qtbot.keyClick(wallet.account_list, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == second

    rows = wallet.assets_model.rows  # the node does not answer: ETH, unread, still listed
    assert [(r.asset.label, r.name, r.units) for r in rows] == [("ETH", "Ether", None)]
    _tab_to(qtbot, window, wallet.assets_view, limit=1)  # the selector, then its assets
    _tab_to(qtbot, window, wallet.send_button, limit=1)  # then Send
    qtbot.keyClick(wallet.send_button, Qt.Key.Key_Return)
    dialog = wallet.last_dialog
    assert isinstance(dialog, SendDialog) and dialog.isVisible()
    assert dialog.from_box.currentData() == second  # from the chosen account
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    _tab_to(qtbot, window, wallet.receive_button, limit=2)
    _tab_to(qtbot, window, wallet.header.qr_button, limit=2)  # past Copy, to the QR of this address
    qtbot.keyClick(wallet.header.qr_button, Qt.Key.Key_Return)
    receive = wallet.last_dialog
    assert isinstance(receive, ReceiveDialog) and receive.account.currentData() == second
    qtbot.keyClick(receive, Qt.Key.Key_Escape)


def test_the_ledger_has_its_own_table_ctrl_c_copies_the_exact_balance_and_zeros_fold_away(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Any
) -> None:
    _two_accounts_and_ledger_tokens(prepared)
    window = make_window(lambda: fast_core(prepared))
    wallet = _wallet(qtbot, window, 2)
    ledger = wallet.ledger_model
    assert [(r.asset.label, r.name, r.account, r.units) for r in ledger.rows] == [
        ("GOLD (ledger)", "Gold Coin", "Main", 1_234_567_500_000_000_000_000_000),
        ("NIL (ledger)", "Nothing Yet", "", 0),
    ]
    assert all(not r.asset.key.startswith("ledger:") for r in wallet.assets_model.rows)  # apart
    shown = ledger.data(ledger.index(0, BALANCE_COLUMN))
    assert shown == "1,234,567"  # grouped, cut (the tooltip has every digit)
    assert ledger.data(ledger.index(0, BALANCE_COLUMN), Qt.ItemDataRole.ToolTipRole) == "1,234,567.5 GOLD"

    wallet.ledger_view.setFocus()
    assert wallet.ledger_view.currentIndex().column() == BALANCE_COLUMN
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(wallet.ledger_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "1234567.5"  # pastes back into an amount field
    qtbot.keyClick(wallet.ledger_view, Qt.Key.Key_Left)  # another cell: its whole text
    qtbot.keyClick(wallet.ledger_view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "GOLD"  # the section says "ledger"

    assert not wallet.hide_zero.isChecked()
    wallet.hide_zero.setFocus()
    qtbot.keyClick(wallet.hide_zero, Qt.Key.Key_Space)
    assert [r.asset.symbol for r in ledger.rows] == ["GOLD"]  # the unheld token folded away
    assert [r.asset.symbol for r in wallet.assets_model.rows] == ["ETH"]  # ETH always shows
    assert window.ctx is not None and window.ctx.prefs.hide_zero_balances
    assert Preferences(tmp_path / "gui.ini").hide_zero_balances  # remembered for the next run
    assert ledger.index(0, BALANCE_COLUMN).data(COPY_ROLE) == "1234567.5"


@contextmanager
def _node_of_another_chain() -> Iterator[str]:
    """A JSON-RPC node on 127.0.0.1 that answers as chain id 1 (mainnet), whatever is asked."""
    answers: dict[str, Any] = {
        "eth_chainId": "0x1",
        "eth_blockNumber": "0x10",
        "eth_getBlockByNumber": {"number": "0x0", "hash": "0x" + "ab" * 32},
    }

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            calls = request if isinstance(request, list) else [request]
            replies = [
                {"jsonrpc": "2.0", "id": c.get("id"), "result": answers.get(c.get("method"), "0x0")}
                for c in calls
            ]
            body = json.dumps(replies if isinstance(request, list) else replies[0]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_node_of_another_chain_is_said_as_such_not_start_the_node(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    with _node_of_another_chain() as url:
        core = fast_core(prepared)
        core.auth.login("alice", STRONG_PASSWORD)
        core.chain.registry.add("Lookalike", url, 31337, use=True)
        core.close()
        window = make_window(lambda: fast_core(prepared))
        wallet = _wallet(qtbot, window, 1)
        qtbot.waitUntil(lambda: wallet.notice.isVisibleTo(wallet), timeout=15_000)
        notice = wallet.notice.text()
    assert wallet.snapshot is not None and wallet.snapshot.error_code == "wrong_chain"
    assert "another chain than Lookalike (chain id 31337)" in notice
    assert "Start the node" not in notice and "Start local node" not in notice


def test_a_node_that_does_not_answer_is_said_with_what_to_check(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    wallet = _wallet(qtbot, window, 1)
    qtbot.waitUntil(lambda: wallet.notice.isVisibleTo(wallet), timeout=15_000)
    assert wallet.snapshot is not None and wallet.snapshot.error_code == "node_unreachable"
    notice = wallet.notice.text()
    assert notice.startswith("Balances could not be read from Nowhere:")
    assert "Check your connection" in notice  # not the local node: nothing to start from the menu


def test_a_token_hidden_from_its_row_menu_folds_away_and_shows_again_on_request(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    _two_accounts_and_ledger_tokens(prepared)
    window = make_window(lambda: fast_core(prepared))
    wallet = _wallet(qtbot, window, 2)
    view = wallet.ledger_view
    assert isinstance(view, DataTableView)
    assert not wallet.show_hidden.isVisibleTo(wallet)  # nothing hidden: no box for it
    menu = view.show_menu_at(view.visualRect(wallet.ledger_model.index(0, 0)).center())  # a right-click
    assert menu is not None
    entry = menu.actions()[0]
    assert entry.text() == "Hide token GOLD (ledger)"  # the row's own entry first, then the copies
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is entry
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=5_000)
    assert [r.asset.symbol for r in wallet.ledger_model.rows] == ["NIL"]  # GOLD folded away
    assert window.ctx is not None and window.ctx.prefs.value(HIDDEN_KEY) == "ledger:GOLD"  # remembered
    assert wallet.show_hidden.isVisibleTo(wallet) and wallet.show_hidden.text() == "Show hidden tokens (1)"

    wallet.show_hidden.setFocus()
    qtbot.keyClick(wallet.show_hidden, Qt.Key.Key_Space)
    rows = wallet.ledger_model.rows
    assert [(r.asset.symbol, r.hidden) for r in rows] == [("GOLD", True), ("NIL", False)]
    assert wallet.ledger_model.index(0, 0).data() == "Gold Coin (hidden)"
    assert [r.asset.symbol for r in wallet.assets_model.rows] == ["ETH"]  # ETH has no Hide
    assert wallet.folding.row_actions(wallet.assets_model)(wallet.assets_model.index(0, 0)) == []


def test_the_fold_keeps_eth_and_unread_balances_and_drops_zero_and_hidden_tokens() -> None:
    token, other, unread = "0x" + "11" * 20, "0x" + "22" * 20, "0x" + "33" * 20
    assets = make_assets([("ETH", "ETH", 18), (token, "QXC", 18), (other, "USDC", 6), (unread, "DAI", 18)])
    holdings = {
        "ETH": Holding("ETH", "ETH", 18, 0),
        token: Holding(token, "QXC", 18, 0),
        other: Holding(other, "USDC", 6, 5_000_000),
        unread: Holding(unread, "DAI", 18, None),
    }
    address = "0x" + "aa" * 20
    snapshot = WalletSnapshot([], None, [], [AccountRow("A", address, holdings)], assets, [], None, True)
    keys = lambda fold: [r.asset.key for r in account_assets(snapshot, address, fold)]  # noqa: E731
    assert keys(Fold()) == ["ETH", token, other, unread]
    assert keys(Fold(hide_zero=True)) == ["ETH", other, unread]  # ETH pays the fees; unread is not 0
    assert keys(Fold(hidden=frozenset({other, "ETH"}))) == ["ETH", token, unread]  # ETH cannot hide
    assert keys(Fold(hidden=frozenset({other}), show_hidden=True)) == ["ETH", token, other, unread]
