"""Fixtures of the chain tests: a core on the test run's Hardhat node, with a funded wallet."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.settings import ChainSettings
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

ETHER = 10**18
FAST_SETTINGS = ChainSettings(attempts=2, backoff_initial_s=0.05, backoff_max_s=0.1, request_timeout_s=10.0)


@dataclass
class Wallet:
    core: QenexCore
    mnemonic: str
    address: str


def use_node(core: QenexCore, node: HardhatNode, name: str = "Test Hardhat") -> None:
    core.chain.settings = FAST_SETTINGS
    core.chain.add_network(name, node.url, 31337, use=True)


@pytest.fixture
def chain_core(logged_in_core: QenexCore, hardhat_node: HardhatNode) -> QenexCore:
    """Logged-in core whose active network is the test run's Hardhat node."""
    hardhat_node.set_automine(True)
    use_node(logged_in_core, hardhat_node)
    return logged_in_core


@pytest.fixture
def funded(chain_core: QenexCore) -> Wallet:
    """A fresh wallet (its own nonces, so tests never collide) holding 10 ETH from the dev faucet."""
    created = chain_core.wallet.create(password=STRONG_PASSWORD)
    chain_core.chain.dev_faucet(created.account.address, eth=10 * ETHER, qxc=0)
    return Wallet(chain_core, created.mnemonic, created.account.address)


@pytest.fixture
def with_qxc(funded: Wallet) -> Wallet:
    """The funded wallet on a chain where QXC is deployed (by the dev account) and it holds 1,000 QXC."""
    chain = funded.core.chain
    chain.deploy_qxc_as_dev()
    chain.dev_faucet(funded.address, eth=10 * ETHER, qxc=1_000 * ETHER)
    return funded
