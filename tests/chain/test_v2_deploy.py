"""The local dev chain's Uniswap V2 (issue 16): deployed after QXC by contracts/scripts/deploy-v2.js
from the npm artifacts, recorded per network, not deployed twice on one chain, and checked against
the router when a network's deployment is given by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.v2.deployment import call
from qenex_desktop.core.chain.v2.local import ensure_local_v2
from qenex_desktop.core.chain.v2.quote import pair_address
from qenex_desktop.core.errors import ValidationError
from tests.chain.conftest import ETHER
from tests.chain.v2_support import OnChain, onchain
from tests.hardhat_node import contracts_dir

__all__ = ["onchain"]


def test_dev_chain_gets_v2_with_a_funded_qxc_weth_pool(onchain: OnChain) -> None:
    on, live = onchain, onchain.core.chain.live()
    network = on.core.chain.network()
    assert (network.v2_factory, network.v2_router, network.v2_weth) == (
        on.deployment.factory,
        on.deployment.router,
        on.deployment.weth,
    )
    pair = call(live.client, on.deployment.factory, "factory", "getPair", on.qxc.address, on.deployment.weth)[
        0
    ]
    # The router's pairFor (mainnet's init code hash) finds the factory's pair: the npm builds agree.
    assert pair == pair_address(on.deployment.factory, on.qxc.address, on.deployment.weth)
    reserve0, reserve1, _ = call(live.client, pair, "pair", "getReserves")
    token0 = call(live.client, pair, "pair", "token0")[0]
    reserves = {
        token0: reserve0,
        (on.qxc.address if token0 != on.qxc.address else on.deployment.weth): reserve1,
    }
    assert reserves == {on.qxc.address: 1000 * ETHER, on.deployment.weth: 10 * ETHER}


def test_a_second_start_on_the_same_chain_deploys_nothing(onchain: OnChain) -> None:
    on = onchain
    before = on.core.chain.live().client.nonce(on.core.chain.dev_account()[0], "latest")
    again = ensure_local_v2(on.core.chain, contracts_dir())
    assert again == on.deployment
    assert on.core.chain.live().client.nonce(on.core.chain.dev_account()[0], "latest") == before


def test_a_deployment_given_by_hand_is_checked_with_the_router(onchain: OnChain) -> None:
    on, name = onchain, onchain.core.chain.network().name
    on.venue.clear_deployment(name)
    with pytest.raises(ValidationError) as wrong_weth:
        on.venue.set_deployment(name, on.deployment.factory, on.deployment.router, on.qxc.address)
    assert wrong_weth.value.field == "weth"
    with pytest.raises(ValidationError) as not_router:
        on.venue.set_deployment(name, on.deployment.factory, on.qxc.address, on.deployment.weth)
    assert not_router.value.field == "v2_router"
    assert not on.core.chain.network().has_v2
    saved = on.venue.set_deployment(name, on.deployment.factory, on.deployment.router, on.deployment.weth)
    assert saved.v2_router == on.deployment.router


def test_node_start_deploys_v2_after_qxc_and_says_where(chain_core: QenexCore) -> None:
    status = chain_core.node.ensure_running()
    network = chain_core.chain.network()
    assert status.qxc_address and status.v2_router == network.v2_router is not None
    assert f"Uniswap V2 router at {network.v2_router}" in status.message


def test_node_start_without_a_working_v2_deploy_still_gives_qxc_and_says_why(
    chain_core: QenexCore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "contracts"
    broken.mkdir()
    (broken / "hardhat.config.js").write_text("module.exports = {};\n")  # no node_modules: npx fails
    monkeypatch.setenv("QENEX_CONTRACTS_DIR", str(broken))
    status = chain_core.node.ensure_running()
    assert status.qxc_address is not None and status.v2_router is None
    assert "No Uniswap V2 on this chain" in status.message
    assert not chain_core.chain.network().has_v2


def test_a_fresh_chain_gets_its_own_v2_deployment(
    logged_in_core: QenexCore, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.chain.conftest import use_node
    from tests.hardhat_node import start_hardhat_node

    node = start_hardhat_node(tmp_path_factory.mktemp("v2-restart"))
    core = logged_in_core
    try:
        use_node(core, node, "Restarting node")
        core.chain.deploy_qxc_as_dev()
        first = ensure_local_v2(core.chain, contracts_dir())
        assert first is not None
        node.restart()  # a new genesis: nothing of the old deployment exists there
        qxc = core.chain.deploy_qxc_as_dev()
        again = ensure_local_v2(core.chain, contracts_dir())
        assert again is not None and core.chain.network().v2_router == again.router
        live = core.chain.live()
        assert live.client.code(again.router) not in ("0x", "")
        pair = call(live.client, again.factory, "factory", "getPair", qxc.address, again.weth)[0]
        assert int(pair, 16) != 0  # the fresh chain's QXC/WETH pool, funded again
    finally:
        node.stop()
