"""Swap tab, on-chain venue (issue 16): on a network with Uniswap V2 (deployed by the dev-chain
path on the real Hardhat node) the tab offers "<network>: Uniswap V2"; chosen with the keyboard,
it quotes what the router gives, and Return opens the two-step dialog (an exact approval, then the
swap) whose progress ends with what was received."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.chain.v2.deployment import call
from qenex_desktop.core.chain.v2.local import ensure_local_v2
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.validation import format_amount
from qenex_desktop.gui.dialogs.onchain_swap import OnchainSwapDialog, swap_onchain_dialogs
from qenex_desktop.gui.tabs.swap.tab import SwapTab
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, show_tab
from tests.hardhat_node import HardhatNode, contracts_dir

ETHER = 10**18


def onchain_profile(config: AppConfig, node: HardhatNode) -> tuple[str, str, str, str]:
    """alice, logged in, a wallet holding 5 ETH and 1,000 QXC on the test node, QXC and V2 deployed.
    Returns (address, QXC, WETH, router)."""
    setup = fast_core(config)
    setup.auth.create_profile("alice", STRONG_PASSWORD)
    setup.auth.login("alice", STRONG_PASSWORD)
    address = setup.wallet.create(password=STRONG_PASSWORD).account.address
    node.set_automine(True)
    setup.chain.add_network("Test Hardhat", node.url, 31337, use=True)
    qxc = setup.chain.deploy_qxc_as_dev().address
    deployment = ensure_local_v2(setup.chain, contracts_dir())
    assert deployment is not None
    setup.chain.dev_faucet(address, eth=5 * ETHER, qxc=1000 * ETHER)
    setup.close()
    return address, qxc, deployment.weth, deployment.router


def test_onchain_venue_quotes_the_router_and_swaps_in_two_steps(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    address, qxc, weth, router = onchain_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    qtbot.waitUntil(lambda: tab.chain_snapshot is not None, timeout=30_000)
    assert tab.venue.isVisible() and tab.venue.itemText(1) == "Test Hardhat: Uniswap V2"
    tab.venue.setFocus()
    qtbot.keyClick(tab.venue, Qt.Key.Key_Down)  # the keyboard picks the on-chain venue
    assert tab.on_chain() and tab.snapshot is tab.chain_snapshot
    assert tab.form.balances_heading.text() == "Your wallet balances"  # not the ledger's: the wallet pays
    tab.form.token_in.setCurrentText("QXC")
    tab.form.token_out.setCurrentText("ETH")
    qtbot.keyClicks(tab.form.amount_in, "10")
    qtbot.waitUntil(tab.form.swap_button.isEnabled, timeout=30_000)
    assert window.ctx is not None
    live = window.ctx.core.chain.live()
    routed = call(live.client, router, "router", "getAmountsOut", 10 * ETHER, [qxc, weth])[0]
    assert tab.chain_quote is not None and tab.chain_quote.amount_out == routed[-1]
    assert tab.form.amount_out.text() == format_amount(routed[-1], 18)

    qtbot.keyClick(tab.form.amount_in, Qt.Key.Key_Return)
    dialog = tab.confirm_dialog
    assert isinstance(dialog, OnchainSwapDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    assert dialog.approval.text() == "The router, for 10 QXC"  # exact, never unlimited by default
    assert dialog.from_label.text() == f"Account 1 ({address}) on Test Hardhat"  # who pays, where
    if dialog.needs_password:
        qtbot.keyClicks(dialog.password, STRONG_PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    else:
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.finished_swap is not None, timeout=90_000)
    assert dialog.finished_swap is not None and dialog.finished_swap.status == "confirmed"
    assert dialog.step1.text().startswith("1. Approve: confirmed")
    assert dialog.step2.text() == f"2. Swap: confirmed, received {format_amount(routed[-1], 18)} ETH"
    qxc_left = window.ctx.core.chain.assets.token_balance(live, qxc, address)
    assert qxc_left == 990 * ETHER


def test_screenshot_pictures_of_the_onchain_venue(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    onchain_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    qtbot.waitUntil(lambda: tab.chain_snapshot is not None, timeout=30_000)
    pages = dict(tab.screenshot_pages())
    assert "onchain" in pages
    pages["onchain"]()
    qtbot.waitUntil(lambda: tab.chain_quote is not None, timeout=30_000)
    assert tab.on_chain() and tab.form.amount_in.text() == "10"
    assert window.ctx is not None
    shots = swap_onchain_dialogs(window.ctx, window)
    assert [name for name, _ in shots] == ["dialog-swap-onchain-steps"]
    dialog = shots[0][1]
    assert isinstance(dialog, OnchainSwapDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    assert dialog.approval.text() == "The router, for 10 QXC"
    dialog.close()
