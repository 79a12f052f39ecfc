"""The on-chain swap and liquidity reviews (issue 16) say what the router call they will sign does (issue 15):
their "What it does" line is the router call read back from the planned calldata, in token units."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.onchain_liquidity import OnchainLiquidityDialog
from qenex_desktop.gui.dialogs.onchain_swap import OnchainSwapDialog
from qenex_desktop.gui.tabs.liquidity.tab import LiquidityTab
from qenex_desktop.gui.tabs.swap.tab import SwapTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, show_tab
from tests.gui.test_swap_onchain import onchain_profile
from tests.hardhat_node import HardhatNode


def test_the_review_shows_the_decoded_router_call(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    address, qxc, weth, _router = onchain_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    qtbot.waitUntil(lambda: tab.chain_snapshot is not None, timeout=30_000)
    tab.venue.setFocus()
    qtbot.keyClick(tab.venue, Qt.Key.Key_Down)  # the on-chain venue
    tab.form.token_in.setCurrentText("QXC")
    tab.form.token_out.setCurrentText("ETH")
    qtbot.keyClicks(tab.form.amount_in, "10")
    qtbot.waitUntil(tab.form.swap_button.isEnabled, timeout=30_000)
    qtbot.keyClick(tab.form.amount_in, Qt.Key.Key_Return)
    dialog = tab.confirm_dialog
    assert isinstance(dialog, OnchainSwapDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    text = dialog.does.text()
    assert text.startswith("Uniswap V2 swap (swapExactTokensForETH): pays exactly 10 QXC, receives at least ")
    assert f"path QXC → {weth}; to {address}; deadline " in text and text.endswith(" UTC.")
    assert qxc not in text  # the token's symbol, not its address
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_the_liquidity_review_shows_the_decoded_router_call(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    address, qxc, _weth, _router = onchain_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "liquidity")
    assert isinstance(tab, LiquidityTab)
    qtbot.waitUntil(lambda: tab.chain_snapshot is not None, timeout=30_000)
    tab.venue.setFocus()
    qtbot.keyClick(tab.venue, Qt.Key.Key_Down)  # the on-chain venue
    panel = tab.onchain
    pool = panel.selected()
    assert pool is not None
    qxc_edit = panel.amount_a if pool.side_a.symbol == "QXC" else panel.amount_b
    qtbot.keyClicks(qxc_edit, "100")
    qtbot.keyClick(qxc_edit, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert isinstance(dialog, OnchainLiquidityDialog)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=30_000)
    text = dialog.rows["What it does"].text()
    assert text.startswith("Uniswap V2 liquidity (addLiquidityETH): puts in up to 100 QXC, ")
    assert "ETH with it" in text and f"pair QXC; to {address}; deadline " in text
    assert qxc not in text
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
