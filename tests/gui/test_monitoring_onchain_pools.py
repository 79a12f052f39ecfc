"""The Monitoring tab's Pools page draws on-chain pools (issue 16): the Uniswap V2 pool a person
swapped through is indexed in the background from its events (the page says how far), listed next
to the ledger's pools as "QXC/ETH · <network>: Uniswap V2", and chosen with the keyboard it shows
the swap, its volume and its fee, as a ledger pool's would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.chain.v2.local import ensure_local_v2
from qenex_desktop.core.chain.v2.swap import V2Swaps
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.tabs.monitoring.tab import PAGE_POOLS, MonitoringTab
from tests.conftest import STRONG_PASSWORD
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, show_tab
from tests.hardhat_node import HardhatNode, contracts_dir

pytestmark = pytest.mark.usefixtures("english_locale")
ETHER = 10**18


def _swapped_on_chain_and_a_ledger_pool(config: AppConfig, node: HardhatNode) -> None:
    """alice: a ledger pool GOLD/SILV, and one on-chain swap of 0.5 ETH for QXC on the test node."""
    setup = fast_core(config)
    setup.auth.create_profile("alice", STRONG_PASSWORD)
    setup.auth.login("alice", STRONG_PASSWORD)
    address = setup.wallet.create(password=STRONG_PASSWORD).account.address
    setup.exchange.create_token("GOLD", "Gold", 18, "1000")
    setup.exchange.create_token("SILV", "Silver", 18, "5000")
    setup.exchange.create_pool("GOLD", "SILV", "100", "400")
    node.set_automine(True)
    setup.chain.add_network("Test Hardhat", node.url, 31337, use=True)
    setup.chain.deploy_qxc_as_dev()
    assert ensure_local_v2(setup.chain, contracts_dir()) is not None
    setup.chain.dev_faucet(address, eth=5 * ETHER, qxc=0)
    swaps = V2Swaps(V2Venue(setup.chain))
    done = swaps.execute(
        swaps.prepare("ETH", "QXC", amount_in="0.5", slippage_bps=50), password=STRONG_PASSWORD
    )
    assert done.swap.status == "confirmed"
    setup.close()


def test_the_pools_page_indexes_and_draws_the_on_chain_pool_you_swapped_through(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    _swapped_on_chain_and_a_ledger_pool(config, hardhat_node)
    window = make_window(lambda: fast_core(config))
    tab = show_tab(qtbot, window, "monitoring")
    assert isinstance(tab, MonitoringTab)
    page = tab.pools_page
    tab.pages.tabBar().setFocus()
    for _ in range(PAGE_POOLS - tab.pages.currentIndex()):
        qtbot.keyClick(tab.pages.tabBar(), Qt.Key.Key_Right)  # to the Pools page, as a person would
    assert tab.pages.currentIndex() == PAGE_POOLS
    qtbot.waitUntil(
        lambda: page.index_label.text().startswith("1 on-chain pool indexed to block"), timeout=30_000
    )
    onchain = "QXC/ETH · Test Hardhat: Uniswap V2"
    qtbot.waitUntil(lambda: page.pool_combo.count() == 2, timeout=15_000)
    assert [page.pool_combo.itemText(i) for i in range(2)] == ["GOLD/SILV", onchain]
    assert page.pool_combo.currentText() == "GOLD/SILV"  # the ledger's pools first

    page.pool_combo.setFocus()
    qtbot.keyClick(page.pool_combo, Qt.Key.Key_Down)
    assert page.pool_key is not None and page.pool_key[0] == "chain"
    qtbot.waitUntil(
        lambda: (
            tab.pools_data is not None
            and tab.pools_data.history is not None
            and tab.pools_data.history.pool.venue == "chain"
        ),
        timeout=15_000,
    )
    qtbot.waitUntil(lambda: page.pool_volume_chart.has_data(), timeout=15_000)
    assert page.pool_price_chart.plot.getPlotItem().getAxis("left").labelUnits == "ETH per QXC"
    text = page.pool_summary.text()
    assert text.startswith("1 swaps · volume 0 QXC + 0.5 ETH · fees 0 QXC + 0.0015 ETH · TVL "), text
    assert text.endswith("· fee 0.3%"), text
    assert page.pool_combo.width() >= page.pool_combo.fontMetrics().horizontalAdvance(onchain)  # not cut
