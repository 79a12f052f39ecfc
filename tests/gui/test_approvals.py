"""Tools → Approvals… (issue 16) on the real Hardhat node: the allowances the profile's accounts
gave (one by another script, one unlimited to the router by the app) are listed with the router
named and the unlimited one flagged; one is revoked with the keyboard after its confirmation
(approve(spender, 0), tracked like a send) and the list is read again without it."""

from __future__ import annotations

import secrets

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.swap import UNLIMITED, V2Swaps
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.validation import to_checksum_address
from qenex_desktop.gui.colours import AMBER
from qenex_desktop.gui.dialogs.approvals import ApprovalsDialog, RevokeDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.window.approvals_menu import approvals_dialogs
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow
from tests.gui.test_swap_onchain import ETHER, onchain_profile
from tests.hardhat_node import HardhatNode

DEV_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"  # Hardhat's dev account #1 (public test key)
DEV_1_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"


def approvals_profile(config: AppConfig, node: HardhatNode) -> tuple[str, str, str]:
    """The on-chain profile, plus dev account #1 imported; #1 approves a stranger for 123 QXC
    outside the app (the node signs), the wallet approves the router unlimited. (qxc, router, stranger)"""
    address, qxc, _weth, router = onchain_profile(config, node)
    setup = fast_core(config)
    setup.auth.login("alice", STRONG_PASSWORD)
    setup.wallet.import_private_key(DEV_1_KEY, name="Dev one", password=STRONG_PASSWORD)
    stranger = to_checksum_address("0x" + secrets.token_hex(20))
    data = abi.encode_call("erc20", "approve", stranger, 123 * ETHER)
    node.rpc("eth_sendTransaction", [{"from": DEV_1, "to": qxc, "data": data, "gas": hex(100_000)}])
    swaps = V2Swaps(V2Venue(setup.chain))
    swaps.approve_token(address, qxc, "QXC", 18, router, UNLIMITED, password=STRONG_PASSWORD)
    setup.close()
    return qxc, router, stranger


def open_approvals(qtbot: QtBot, window: MainWindow) -> ApprovalsDialog:
    entry = window.findChild(QAction, "approvals")
    assert isinstance(entry, QAction)
    qtbot.waitUntil(entry.isEnabled, timeout=30_000)
    entry.trigger()
    qtbot.waitUntil(lambda: window.findChild(ApprovalsDialog) is not None, timeout=10_000)
    dialog = window.findChild(ApprovalsDialog)
    assert isinstance(dialog, ApprovalsDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def test_list_flag_and_revoke_an_approval_with_the_keyboard(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    qxc, router, stranger = approvals_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    dialog = open_approvals(qtbot, window)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=30_000)
    rows = {a.spender: a for a in dialog.model.rows}
    assert rows[router].spender_name == "Uniswap V2 Router02" and rows[router].unlimited
    assert rows[stranger].owner == DEV_1 and rows[stranger].amount == 123 * ETHER
    assert not rows[stranger].unlimited and rows[stranger].token == qxc
    texts = {
        dialog.model.index(r, 2).data(): dialog.model.index(r, 3).data()
        for r in range(dialog.model.rowCount())
    }
    assert texts[f"Uniswap V2 Router02 ({router[:6]}…{router[-4:]})"] == "Unlimited"
    assert texts[stranger] == "123 QXC"
    flagged = next(r for r in range(2) if dialog.model.index(r, 3).data() == "Unlimited")
    colour = dialog.model.index(flagged, 3).data(Qt.ItemDataRole.ForegroundRole)
    assert colour.name().lower() == AMBER
    assert "2 allowance(s) on Test Hardhat; 1 unlimited" in dialog.status.text()

    # The keyboard: down the table to the stranger's row, Tab to Revoke…, Space.
    view = dialog.table.view
    view.setFocus()
    for _ in range(2):
        if dialog.selected() is not None and dialog.selected().spender == stranger:  # type: ignore[union-attr]
            break
        qtbot.keyClick(view, Qt.Key.Key_Down if flagged == 0 else Qt.Key.Key_Up)
    selected = dialog.selected()
    assert selected is not None and selected.spender == stranger
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.revoke_button
    qtbot.keyClick(dialog.revoke_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.findChild(RevokeDialog) is not None, timeout=5_000)
    first = _visible_confirm(dialog)
    assert first is not None and first.allowance.spender == stranger
    # Escape first: nothing is signed and the allowance stays.
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _visible_confirm(dialog) is None, timeout=5_000)
    assert window.ctx is not None
    assert _allowance(window, qxc, DEV_1, stranger) == 123 * ETHER

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)  # Delete on the row opens the same confirmation
    qtbot.waitUntil(lambda: _visible_confirm(dialog) is not None, timeout=5_000)
    confirm = _visible_confirm(dialog)
    assert confirm is not None
    if confirm.needs_password:
        qtbot.keyClicks(confirm.password, STRONG_PASSWORD)
        qtbot.keyClick(confirm.password, Qt.Key.Key_Return)
    else:
        qtbot.keyClick(confirm, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: confirm.done_tx is not None, timeout=60_000)
    assert confirm.done_tx is not None and confirm.done_tx.status == "confirmed"
    assert confirm.done_tx.kind == "approve" and confirm.done_tx.amount == 0
    assert window.ctx.core.chain.transaction(confirm.done_tx.tx_hash).status == "confirmed"  # tracked
    assert _allowance(window, qxc, DEV_1, stranger) == 0
    qtbot.keyClick(confirm.revoke_button, Qt.Key.Key_Return)  # Done: the list is read again
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=30_000)
    assert [a.spender for a in dialog.model.rows] == [router]
    qtbot.keyClick(dialog.table.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)


def _visible_confirm(dialog: ApprovalsDialog) -> RevokeDialog | None:
    return next((d for d in dialog.findChildren(RevokeDialog) if d.isVisible()), None)


def _allowance(window: MainWindow, token: str, owner: str, spender: str) -> int:
    assert window.ctx is not None
    live = window.ctx.core.chain.live()
    answer = live.client.call({"to": token, "data": abi.encode_call("erc20", "allowance", owner, spender)})
    return int(abi.decode_result("erc20", "allowance", answer)[0])


def test_screenshot_picture_of_the_approvals(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    approvals_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    entry = window.findChild(QAction, "approvals")
    assert isinstance(entry, QAction)
    qtbot.waitUntil(entry.isEnabled, timeout=30_000)
    assert window.ctx is not None
    [(name, dialog)] = approvals_dialogs(window.ctx, window)
    assert name == "dialog-approvals" and isinstance(dialog, ApprovalsDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=30_000)
    dialog.close()


def test_the_wallet_tab_opens_the_approvals_too(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    from tests.gui.exchange_flows import show_tab

    _qxc, router, _stranger = approvals_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "wallet")
    button = next(b for b in tab.findChildren(QPushButton) if b.text() == "Approvals…")
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.findChild(ApprovalsDialog) is not None, timeout=10_000)
    dialog = tab.findChild(ApprovalsDialog)
    assert isinstance(dialog, ApprovalsDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=30_000)
    assert router in [a.spender for a in dialog.model.rows]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
