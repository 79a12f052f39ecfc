"""The dev faucet's payments show in the Activity tab as incoming rows with their hashes (issue 12)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.activity_tab import ActivityTab
from tests.gui.conftest import alice_on_node, fast_core
from tests.gui.exchange_flows import show_tab
from tests.hardhat_node import HardhatNode

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


@pytest.mark.hardhat
@pytest.mark.slow
def test_the_welcome_grant_is_two_faucet_rows_in_activity(
    qtbot: QtBot, make_window: MakeWindow, config: AppConfig, hardhat_node: HardhatNode
) -> None:
    setup, address = alice_on_node(config, hardhat_node)
    setup.chain.deploy_qxc_as_dev()
    setup.node.fund(address)  # what the window's start of the local node gives a new account
    dev_address, _ = setup.chain.dev_account()
    setup.close()

    window = make_window(lambda: fast_core(config))
    activity = show_tab(qtbot, window, "activity")
    assert isinstance(activity, ActivityTab)
    qtbot.waitUntil(lambda: activity.model.rowCount() == 2, timeout=20_000)
    rows = sorted(activity.model.rows, key=lambda r: r.amount)
    assert [(r.kind, r.status, r.amount) for r in rows] == [
        ("Faucet", "confirmed", "10,000 QXC"),
        ("Faucet", "confirmed", "100 ETH"),
    ]
    assert [r.detail.split(",")[0] for r in rows] == ["Faucet: 10", "Faucet: 100 ETH"]
    for row in rows:
        assert row.from_address == dev_address and row.to_address == address
        assert row.reference.startswith("0x") and len(row.reference) == 66
        assert not row.replaceable
    activity.view.selectRow(0)
    assert not activity.speed_up_button.isEnabled() and not activity.cancel_button.isEnabled()
    assert activity.summary.text() == "2 transactions, 0 pending"
