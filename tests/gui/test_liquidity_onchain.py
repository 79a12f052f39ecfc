"""Liquidity tab, on-chain venue (issue 16): on a network with Uniswap V2 (deployed by the dev-chain
path on the real Hardhat node) the tab offers "<network>: Uniswap V2"; chosen with the keyboard it
lists the QXC/WETH pool, a typed deposit's other side follows the pool's price, Return opens the
review and its steps (an exact approval, then the router's add) end with the LP shares the math
predicts; a removal of 100% approves the LP token exactly and burns every share; Escape on a
review signs nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core import amm
from qenex_desktop.core.chain.v2.deployment import call
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.validation import format_amount
from qenex_desktop.gui.dialogs.onchain_liquidity import OnchainLiquidityDialog
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.liquidity.tab import LiquidityTab
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, show_tab
from tests.gui.test_swap_onchain import ETHER, onchain_profile
from tests.hardhat_node import HardhatNode


def _lp(window: MainWindow, pair: str, owner: str) -> int:
    assert window.ctx is not None
    live = window.ctx.core.chain.live()
    return int(call(live.client, pair, "pair", "balanceOf", owner)[0])


def _sign(qtbot: QtBot, dialog: OnchainLiquidityDialog) -> None:
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    if dialog.needs_password:
        qtbot.keyClicks(dialog.password, STRONG_PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    else:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.finished_tx is not None, timeout=90_000)


def test_onchain_add_then_remove_with_the_keyboard(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    address, _qxc, _weth, _router = onchain_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "liquidity")
    assert isinstance(tab, LiquidityTab)
    qtbot.waitUntil(lambda: tab.chain_snapshot is not None, timeout=30_000)
    assert tab.venue.isVisible() and tab.venue.itemText(1) == "Test Hardhat: Uniswap V2"
    assert not tab.on_chain()  # the ledger stays the default
    tab.venue.setFocus()
    qtbot.keyClick(tab.venue, Qt.Key.Key_Down)
    assert tab.on_chain() and tab.stack.currentWidget() is tab.onchain
    panel = tab.onchain
    pool = panel.selected()
    assert pool is not None and {pool.side_a.symbol, pool.side_b.symbol} == {"QXC", "ETH"}
    qxc_first = pool.side_a.symbol == "QXC"
    r_qxc, r_eth = (pool.reserve_a, pool.reserve_b) if qxc_first else (pool.reserve_b, pool.reserve_a)
    qxc_edit, eth_edit = (panel.amount_a, panel.amount_b) if qxc_first else (panel.amount_b, panel.amount_a)
    qtbot.keyClicks(qxc_edit, "100")
    want_eth = amm.quote(100 * ETHER, r_qxc, r_eth)
    assert eth_edit.text() == format_amount(want_eth, 18)  # the pool's price, as typed

    qtbot.keyClick(qxc_edit, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert isinstance(dialog, OnchainLiquidityDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    plan = dialog.plan
    assert plan is not None and plan.kind == "add"
    shares = amm.mint_shares(100 * ETHER, want_eth, r_qxc, r_eth, pool.total_supply)
    assert plan.shares == shares
    assert [s.text() for s in dialog.steps] == [
        "1. Approve 100 QXC for the router: waiting",  # exactly the deposit, never unlimited
        "2. Add liquidity: waiting",
    ]
    assert "100 QXC" in dialog.rows["You deposit"].text()
    assert dialog.rows["From"].text() == f"Account 1 ({plan.sender})"  # the account that pays
    _sign(qtbot, dialog)
    assert dialog.finished_tx is not None and dialog.finished_tx.status == "confirmed"
    assert dialog.finished_tx.kind == "liquidity_add"
    assert dialog.steps[0].text().startswith("1. Approve 100 QXC for the router: confirmed")
    assert dialog.steps[1].text().startswith("2. Add liquidity: confirmed in block")
    assert dialog.progress.value() == dialog.progress.maximum() == 2
    assert _lp(window, pool.pair, address) == shares
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Done
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=5_000)
    qtbot.waitUntil(lambda: (panel.selected() or pool).shares == shares, timeout=30_000)

    # Escape on a review signs nothing.
    qtbot.keyClicks(qxc_edit, "1")
    qtbot.keyClick(qxc_edit, Qt.Key.Key_Return)
    review = panel.dialog
    assert isinstance(review, OnchainLiquidityDialog)
    qtbot.waitUntil(lambda: review.plan is not None, timeout=30_000)
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.dialog is None, timeout=5_000)
    assert _lp(window, pool.pair, address) == shares

    panel.percent.setFocus()
    qtbot.keyClick(panel.percent, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.percent, "100")
    assert panel.percent.value() == 100
    qtbot.keyClick(panel.percent, Qt.Key.Key_Return)
    removal = panel.dialog
    assert isinstance(removal, OnchainLiquidityDialog)
    qtbot.waitUntil(lambda: removal.plan is not None, timeout=30_000)
    assert removal.plan is not None and removal.plan.shares == shares
    assert removal.steps[0].text() == f"1. Approve {format_amount(shares, 18)} UNI-V2 for the router: waiting"
    _sign(qtbot, removal)
    assert removal.finished_tx is not None and removal.finished_tx.kind == "liquidity_remove"
    assert _lp(window, pool.pair, address) == 0


def test_screenshot_pictures_of_the_onchain_liquidity(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    from qenex_desktop.gui.dialogs.onchain_liquidity import liquidity_onchain_dialogs

    onchain_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "liquidity")
    assert isinstance(tab, LiquidityTab)
    qtbot.waitUntil(lambda: tab.chain_snapshot is not None, timeout=30_000)
    pages = dict(tab.screenshot_pages())
    assert "onchain" in pages
    pages["onchain"]()
    assert tab.on_chain() and "10" in (tab.onchain.amount_a.text(), tab.onchain.amount_b.text())
    assert window.ctx is not None
    [(name, dialog)] = liquidity_onchain_dialogs(window.ctx, window)
    assert name == "dialog-liquidity-onchain-steps" and isinstance(dialog, OnchainLiquidityDialog)
    assert dialog.plan is not None and dialog.steps[0].text() == "1. Approve 10 QXC for the router: waiting"
    dialog.close()


def test_create_an_onchain_pool_with_the_keyboard(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    from PySide6.QtWidgets import QApplication

    from qenex_desktop.core.chain import erc20
    from qenex_desktop.core.chain.artifact import qxc_artifact
    from qenex_desktop.core.chain.qxc import constructor_args
    from qenex_desktop.gui.dialogs.onchain_create_pool import OnchainCreatePoolDialog

    address, _qxc, _weth, _router = onchain_profile(config, hardhat_node)
    # Another ERC-20 (a second QXC contract) from another script, 500 of it to the wallet, imported.
    artifact = qxc_artifact()
    dev = hardhat_node.rpc("eth_accounts")[0]
    data = artifact.deploy_data(constructor_args(artifact, dev))
    sent = hardhat_node.rpc("eth_sendTransaction", [{"from": dev, "data": data, "gas": hex(5_000_000)}])
    token = str(hardhat_node.rpc("eth_getTransactionReceipt", [sent])["contractAddress"])
    pay = {"from": dev, "to": token, "data": erc20.transfer_call(address, 500 * ETHER), "gas": hex(100_000)}
    hardhat_node.rpc("eth_sendTransaction", [pay])
    setup = fast_core(config)
    setup.auth.login("alice", STRONG_PASSWORD)
    token = setup.chain.import_token(token).address
    setup.close()

    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "liquidity")
    assert isinstance(tab, LiquidityTab)
    qtbot.waitUntil(lambda: tab.chain_snapshot is not None, timeout=30_000)
    tab.venue.setFocus()
    qtbot.keyClick(tab.venue, Qt.Key.Key_Down)
    panel = tab.onchain
    panel.create_button.setFocus()
    qtbot.keyClick(panel.create_button, Qt.Key.Key_Space)
    create = panel.create_dialog
    assert isinstance(create, OnchainCreatePoolDialog)
    assert [create.token_a.itemData(i) for i in range(create.token_a.count())][:1] == ["ETH"]
    # The existing QXC/ETH pair is refused here.
    create.token_a.setFocus()
    qtbot.keyClick(create.token_a, Qt.Key.Key_Down)  # ETH -> QXC; the second is QXC's pair partner ETH
    qtbot.keyClick(create.token_b, Qt.Key.Key_Up)
    assert {create.token_a.currentData(), create.token_b.currentData()} == {"ETH", panel_qxc(create)}
    qtbot.keyClicks(create.amount_a, "1")
    qtbot.keyClicks(create.amount_b, "1")
    qtbot.keyClick(create.amount_b, Qt.Key.Key_Return)
    assert "has a pool already" in create.error.text()
    # QXC and the new token.
    create.token_b.setFocus()
    while create.token_b.currentData() != token:
        qtbot.keyClick(create.token_b, Qt.Key.Key_Down)
    assert create.token_b.currentText().startswith("QXC (")  # two QXC: told apart by address
    for edit, text in ((create.amount_a, "30"), (create.amount_b, "70")):
        edit.setFocus()
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(edit, text)
    qtbot.keyClick(create.amount_b, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.dialog is not None, timeout=5_000)
    review = panel.dialog
    assert isinstance(review, OnchainLiquidityDialog)
    qtbot.waitUntil(lambda: review.plan is not None, timeout=30_000)
    assert review.plan is not None and review.plan.pool.pair is None  # the router creates it
    assert len(review.steps) == 3  # both tokens approved, each exactly, then the add
    _sign(qtbot, review)
    assert review.finished_tx is not None and review.finished_tx.status == "confirmed"
    qtbot.keyClick(review, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=30_000)
    assert QApplication.activeModalWidget() is None


def panel_qxc(create: object) -> str:
    from qenex_desktop.gui.dialogs.onchain_create_pool import OnchainCreatePoolDialog

    assert isinstance(create, OnchainCreatePoolDialog)
    return next(a for a, s, _d in create.assets if s == "QXC")
