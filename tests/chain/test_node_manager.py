"""The local node manager: start when nothing answers, deploy QXC, fund, stop only its own node."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.node import FAUCET_ETH_WEI, FAUCET_QXC_WHOLE
from qenex_desktop.core.errors import LocalNodeError
from tests.chain.conftest import FAST_SETTINGS
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode, free_port

pytestmark = pytest.mark.hardhat


def test_ensure_running_starts_deploys_funds_and_stop_ends_its_process_group(
    logged_in_core: QenexCore,
) -> None:
    core = logged_in_core
    core.chain.settings = FAST_SETTINGS
    core.chain.add_network("Managed local", f"http://127.0.0.1:{free_port()}", 31337, use=True)
    address = core.wallet.create(password=STRONG_PASSWORD).account.address
    assert not core.node.status().answering
    try:
        status = core.node.ensure_running(fund_address=address)
        assert status.answering and status.started_here and status.pid is not None
        assert status.chain_id == 31337 and status.qxc_address is not None
        assert core.node.pid_file.exists()
        balances = core.chain.balances()[0]
        assert balances.eth.units == FAUCET_ETH_WEI
        assert [(t.symbol, t.units) for t in balances.tokens] == [("QXC", FAUCET_QXC_WHOLE * 10**18)]
        again = core.node.ensure_running(fund_profile=True)  # idempotent: no second node, no second gift
        assert again.pid == status.pid and again.funded == {"eth": 0, "qxc": 0}
        assert again.qxc_address == status.qxc_address
        group = psutil.Process(status.pid).children(recursive=True)
    finally:
        stopped = core.node.stop()
    assert stopped
    assert not core.node.status().answering
    assert not core.node.pid_file.exists()
    assert not psutil.pid_exists(status.pid) or psutil.Process(status.pid).status() == psutil.STATUS_ZOMBIE
    assert [c.pid for c in group if c.is_running() and c.status() != psutil.STATUS_ZOMBIE] == []
    assert core.node.stop() is False


def test_stop_leaves_a_node_it_did_not_start(chain_core: QenexCore, hardhat_node: HardhatNode) -> None:
    status = chain_core.node.status()
    assert status.answering and not status.started_here
    assert chain_core.node.stop() is False
    assert hardhat_node.answers()


def test_a_remote_network_gets_no_local_node(logged_in_core: QenexCore) -> None:
    # registered without asking its node: tests never reach a host off this machine
    logged_in_core.chain.registry.add("Remote", "https://rpc.example.org", 1, use=True)
    with pytest.raises(LocalNodeError, match="not on this computer"):
        logged_in_core.node.ensure_running()


def test_a_missing_hardhat_install_is_named(
    logged_in_core: QenexCore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bare = tmp_path / "contracts"
    bare.mkdir()
    (bare / "hardhat.config.js").write_text("module.exports = {};\n")
    monkeypatch.setenv("QENEX_CONTRACTS_DIR", str(bare))
    logged_in_core.chain.settings = FAST_SETTINGS
    logged_in_core.chain.add_network("Managed local", f"http://127.0.0.1:{free_port()}", 31337, use=True)
    with pytest.raises(LocalNodeError, match="npm ci"):
        logged_in_core.node.ensure_running()
    assert not logged_in_core.node.pid_file.exists()
