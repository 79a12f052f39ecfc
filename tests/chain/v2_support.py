"""Shared by the on-chain venue tests: a chain core with QXC and Uniswap V2 deployed on the test
run's Hardhat node by the dev-chain path (``deploy_qxc_as_dev`` then ``v2.local.ensure_local_v2``,
as ``qenex node start`` does), and a funded wallet on it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.types import TokenInfo
from qenex_desktop.core.chain.v2 import abi
from qenex_desktop.core.chain.v2.deployment import V2Deployment, call
from qenex_desktop.core.chain.v2.local import ensure_local_v2
from qenex_desktop.core.chain.v2.swap import V2Swaps
from qenex_desktop.core.chain.v2.venue import V2Venue
from tests.chain.conftest import ETHER
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import contracts_dir


@dataclass
class OnChain:
    core: QenexCore
    venue: V2Venue
    swaps: V2Swaps
    deployment: V2Deployment
    qxc: TokenInfo
    address: str


@pytest.fixture
def onchain(chain_core: QenexCore) -> OnChain:
    """QXC, V2 and its funded QXC/WETH pool on the node; a new wallet with 10 ETH and 1,000 QXC."""
    qxc = chain_core.chain.deploy_qxc_as_dev()
    deployment = ensure_local_v2(chain_core.chain, contracts_dir())
    assert deployment is not None
    created = chain_core.wallet.create(password=STRONG_PASSWORD)
    chain_core.chain.dev_faucet(created.account.address, eth=10 * ETHER, qxc=1000 * ETHER)
    venue = V2Venue(chain_core.chain)
    return OnChain(chain_core, venue, V2Swaps(venue), deployment, qxc, created.account.address)


def router_amounts_out(on: OnChain, amount_in: int, path: list[str]) -> list[int]:
    live = on.core.chain.live()
    return [
        int(x) for x in call(live.client, on.deployment.router, "router", "getAmountsOut", amount_in, path)[0]
    ]


def router_amounts_in(on: OnChain, amount_out: int, path: list[str]) -> list[int]:
    live = on.core.chain.live()
    return [
        int(x) for x in call(live.client, on.deployment.router, "router", "getAmountsIn", amount_out, path)[0]
    ]


__all__ = ["OnChain", "abi", "onchain", "router_amounts_in", "router_amounts_out"]


def dev_send(on: OnChain, to: str, data: str, value: int = 0) -> None:
    """A mined transaction from Hardhat's dev account #0 (the one that holds QXC's supply)."""
    deployer = on.core.chain.deployer
    deployer._dev_send(on.core.chain.live(), {"to": to, "data": data, "value": value})


def second_token_pool(on: OnChain, *, tokens: int, eth: int) -> str:
    """Another ERC-20 (a second QXC contract, imported) with its own pool against WETH only, so a
    QXC -> it trade must go QXC -> WETH -> it. Returns its address."""
    from qenex_desktop.core.chain.artifact import qxc_artifact
    from qenex_desktop.core.chain.qxc import constructor_args

    chain, live = on.core.chain, on.core.chain.live()
    artifact = qxc_artifact()
    dev = chain.dev_account()[0]
    sent = chain.deployer._dev_send(live, {"data": artifact.deploy_data(constructor_args(artifact, dev))})
    token = str(sent.receipt["contractAddress"])
    token = chain.import_token(token).address
    dev_send(on, token, abi.encode_call("erc20", "approve", on.deployment.router, tokens))
    block = live.client.get_block("latest")
    deadline = int(str(block["timestamp"]), 0) + 600
    add = abi.encode_call("router", "addLiquidityETH", token, tokens, 0, 0, dev, deadline)
    dev_send(on, on.deployment.router, add, eth)
    return token
