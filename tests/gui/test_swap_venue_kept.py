"""Swap tab: the venue a person chose stays chosen when the tab reads again.

Found by the walk-through of 2026-12-02: with "Local Hardhat: Uniswap V2" chosen, any refresh (a
change-password attempt, a ledger change, Refresh, F5) put the tab back on "Local ledger" without
a word, so the next amount typed was quoted on the other venue.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.dialogs.confirm_swap import ConfirmSwapDialog
from qenex_desktop.gui.tabs.swap.tab import SwapTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, create_pool, create_token, show_tab
from tests.gui.test_swap_onchain import onchain_profile
from tests.hardhat_node import HardhatNode


def test_a_refresh_keeps_the_onchain_venue_chosen(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    onchain_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    qtbot.waitUntil(lambda: tab.chain_snapshot is not None, timeout=30_000)
    tab.venue.setFocus()
    qtbot.keyClick(tab.venue, Qt.Key.Key_Down)
    assert tab.on_chain()
    window.ops.wait_idle()
    qtbot.waitUntil(tab.refresh_button.isEnabled, timeout=30_000)  # no read still on its way
    read_before = tab.chain_snapshot

    tab.refresh_button.setFocus()
    qtbot.keyClick(tab.refresh_button, Qt.Key.Key_Space)  # Refresh, as F5 or any change does
    qtbot.waitUntil(lambda: tab.chain_snapshot is not read_before, timeout=30_000)
    window.ops.wait_idle()
    assert tab.on_chain(), "the refresh put the tab back on the ledger"
    assert tab.snapshot is tab.chain_snapshot
    assert tab.form.balances_heading.text() == "Your wallet balances"


def test_choosing_the_other_venue_carries_no_amount_or_last_result_over(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    """100 GOLD typed on the ledger became 100 ETH on the chain (an impact warning and a balance
    refusal), and "Swapped 100 GOLD for …" stayed under the on-chain form."""
    onchain_profile(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "swap")
    assert isinstance(tab, SwapTab)
    create_token(qtbot, window, "GOLD", "1000000")
    create_token(qtbot, window, "SILV", "500000")
    create_pool(qtbot, window, "GOLD", "SILV", "10000", "5000")
    read = lambda: tab.chain_snapshot is not None and tab.ledger_snapshot is not None  # noqa: E731
    qtbot.waitUntil(read, timeout=30_000)
    window.ops.wait_idle()
    tab.form.token_in.setCurrentText("GOLD")
    tab.form.token_out.setCurrentText("SILV")
    qtbot.keyClicks(tab.form.amount_in, "100")
    qtbot.waitUntil(tab.form.swap_button.isEnabled, timeout=30_000)
    qtbot.keyClick(tab.form.amount_in, Qt.Key.Key_Return)  # Review…
    confirm = tab.confirm_dialog
    assert isinstance(confirm, ConfirmSwapDialog)
    qtbot.keyClick(confirm, Qt.Key.Key_Return)  # Swap
    qtbot.waitUntil(lambda: not tab.form.result_label.isHidden(), timeout=30_000)
    window.ops.wait_idle()

    tab.venue.setFocus()
    qtbot.keyClick(tab.venue, Qt.Key.Key_Down)  # the on-chain venue
    assert tab.on_chain()
    assert tab.form.amount_in.text() == "" and tab.form.amount_out.text() == ""
    assert tab.form.result_label.isHidden()
