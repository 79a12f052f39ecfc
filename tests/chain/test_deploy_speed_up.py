"""A deploy that was sped up registers its replacement's contract as QXC (issue 12, item 4).

Before, the replacement created the contract and Activity showed it confirmed, but the waiting
deploy said "Not done: ... The token is not registered" and "Deploy QXC..." was offered again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select

from qenex_desktop.core.chain.types import TokenInfo
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.errors import ChainError
from tests.chain.conftest import Wallet
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

pytestmark = pytest.mark.hardhat


def _pending_deploy(wallet: Wallet) -> str | None:
    with wallet.core.db.read() as session:
        found = session.scalar(
            select(ChainTransaction.tx_hash).where(
                ChainTransaction.kind == "deploy",
                ChainTransaction.status == "pending",
                ChainTransaction.from_address == wallet.address,
            )
        )
    return found


def _wait_for(condition: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def test_a_deploy_sped_up_while_it_waits_registers_the_replacement(
    funded: Wallet, hardhat_node: HardhatNode
) -> None:
    core = funded.core
    hardhat_node.set_automine(False)
    outcome: list[TokenInfo | BaseException] = []

    def deploy() -> None:
        try:
            outcome.append(core.chain.deploy_qxc(from_address=funded.address, password=STRONG_PASSWORD))
        except BaseException as exc:  # reported by the assertion below
            outcome.append(exc)

    worker = threading.Thread(target=deploy)
    try:
        worker.start()
        _wait_for(lambda: _pending_deploy(funded) is not None)
        original = _pending_deploy(funded)
        assert original is not None
        faster = core.chain.speed_up(original, password=STRONG_PASSWORD)
        hardhat_node.mine()
        worker.join(timeout=60)
    finally:
        hardhat_node.set_automine(True)
    [result] = outcome
    assert isinstance(result, TokenInfo), result
    assert core.chain.transaction(faster.tx_hash).status == "confirmed"
    assert core.chain.transaction(original).status == "replaced"
    qxc = core.chain.qxc_token()
    assert qxc is not None and qxc.address == result.address
    assert qxc.address == core.chain.transaction(faster.tx_hash).contract_address


def test_a_sped_up_deploy_nobody_waits_for_registers_when_refreshed(
    funded: Wallet, hardhat_node: HardhatNode
) -> None:
    core = funded.core
    core.chain.settings = replace(core.chain.settings, receipt_wait_s=0.5)
    hardhat_node.set_automine(False)
    try:
        with pytest.raises(ChainError, match="is pending"):
            core.chain.deploy_qxc(from_address=funded.address, password=STRONG_PASSWORD)
        original = _pending_deploy(funded)
        assert original is not None
        faster = core.chain.speed_up(original, password=STRONG_PASSWORD)
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    assert core.chain.qxc_token() is None  # settled by nobody yet
    core.chain.refresh_pending()
    qxc = core.chain.qxc_token()
    assert qxc is not None
    assert qxc.address == core.chain.transaction(faster.tx_hash).contract_address
