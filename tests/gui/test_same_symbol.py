"""Two assets of one symbol are told apart (issue 12, item 9): a second QXC deployment imported
by address, the wallet's own QXC and a local-ledger token also called QXC read as three different
things in the Wallet tab's columns and the send dialog's asset list, and the import says the symbol
was already in use."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.artifact import qxc_artifact
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.validation import parse_address
from qenex_desktop.gui.dialogs.import_token import ImportTokenDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.wallet_snapshot import asset_labels, short_contract
from tests.gui.conftest import fast_core
from tests.gui.test_send import funded_profile, open_send
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]
FIRST = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
SECOND = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512"


def test_assets_of_one_symbol_get_their_contract_or_ledger_in_the_label() -> None:
    labels = asset_labels(
        [("ETH", "ETH"), (FIRST, "QXC"), (SECOND, "qxc"), ("0x" + "1" * 40, "GOLD"), ("ledger:QXC", "QXC")]
    )
    assert labels == {
        "ETH": "ETH",
        FIRST: "QXC (0x5FbD…0aa3)",
        SECOND: "qxc (0xe7f1…0512)",  # case does not make two symbols different
        "0x" + "1" * 40: "GOLD",  # a symbol of its own stays short
        "ledger:QXC": "QXC (ledger)",
    }
    assert asset_labels([("ETH", "ETH"), (FIRST, "ETH")])[FIRST] == "ETH (0x5FbD…0aa3)"
    assert len(set(labels.values())) == len(labels)


def _deploy_second_qxc(config: AppConfig, hardhat_node: HardhatNode) -> str:
    """The wallet's QXC deployed, a second QXC contract deployed by Hardhat's dev account (not
    imported yet), and a local-ledger token called QXC held by Main. Returns the second's address."""
    core = fast_core(config)
    try:
        chain = core.chain
        chain.deploy_qxc_as_dev()
        artifact = qxc_artifact()
        dev = chain.dev_account()[0]
        data = artifact.deploy_data(chain.qxc_constructor_args(artifact, dev))
        tx = hardhat_node.rpc("eth_sendTransaction", [{"from": dev, "data": data, "gas": hex(6_000_000)}])
        address = parse_address(str(hardhat_node.rpc("eth_getTransactionReceipt", [tx])["contractAddress"]))
        if all(t.symbol != "QXC" for t in core.exchange.list_tokens()):
            core.exchange.create_token("QXC", "Ledger QXC", 18, "5")
        return address
    finally:
        core.close()


@pytest.mark.hardhat
def test_an_imported_token_of_a_symbol_in_use_is_flagged_and_told_apart(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    funded_profile(config, hardhat_node)
    second = _deploy_second_qxc(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    wallet, send = open_send(qtbot, window)
    send.reject()
    qxc = window.ctx.core.chain.network().qxc_address if window.ctx else None
    assert qxc is not None and qxc != second

    qtbot.keyClick(wallet.import_button, Qt.Key.Key_Space)
    dialog = wallet.last_dialog
    assert isinstance(dialog, ImportTokenDialog)
    qtbot.keyClicks(dialog.address, second)
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=20_000)
    note = dialog.clash.text()
    assert dialog.isVisible() and dialog.notes.currentWidget() is dialog.clash
    assert f"QXC ({short_contract(second)})" in note  # what the wallet calls the new one
    assert f"QXC ({short_contract(qxc)})" in note and "QXC (ledger)" in note  # the ones already there
    assert not dialog.clash.elided
    qtbot.keyClick(dialog.address, Qt.Key.Key_Return)  # read: Return closes
    assert not dialog.isVisible()

    def headers() -> list[str]:
        """The Symbol column of the account's assets, then of the ledger's (one row per asset)."""
        rows = wallet.assets_model.rows + wallet.ledger_model.rows
        return [row.asset.label for row in rows]

    qtbot.waitUntil(lambda: f"QXC ({short_contract(second)})" in headers(), timeout=20_000)
    qxc_columns = [h for h in headers() if h.startswith("QXC")]
    assert sorted(qxc_columns) == sorted(
        [f"QXC ({short_contract(qxc)})", f"QXC ({short_contract(second)})", "QXC (ledger)"]
    )

    _wallet, send = open_send(qtbot, window)
    entries = [send.asset.itemText(i) for i in range(send.asset.count())]
    assert entries == [h for h in headers() if h != "QXC (ledger)"]  # named as the rows are
    assert len(set(entries)) == len(entries)
    send.asset.setFocus()
    while send.asset.currentText() != f"QXC ({short_contract(second)})":
        qtbot.keyClick(send.asset, Qt.Key.Key_Down)
    assert send.asset.currentData()[0] == second
    assert send.amount.symbol == "QXC"  # inside the amount field: the symbol, not the label
    send.reject()
