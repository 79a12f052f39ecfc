"""The local chain's welcome gift comes once per account and chain (issue 12, item 6).

Every unlock on the built-in network used to top Account 1 back up to 100 ETH / 10,000 QXC, so
spending seemed to cost nothing. Each payment is audited, so Activity can show it.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import AuditEntry
from tests.chain.conftest import ETHER
from tests.conftest import STRONG_PASSWORD

RECIPIENT = "0x000000000000000000000000000000000000dEaD"
pytestmark = pytest.mark.hardhat


def _faucet_entries(core: QenexCore) -> list[dict[str, object]]:
    with core.db.read() as session:
        rows = session.scalars(select(AuditEntry.details).where(AuditEntry.event == "chain.dev_faucet")).all()
    return [json.loads(row) for row in rows]


def test_the_welcome_grant_is_given_once_per_account_and_chain(chain_core: QenexCore) -> None:
    core = chain_core
    address = core.wallet.create(password=STRONG_PASSWORD).account.address

    first = core.chain.welcome_grant(address, eth=5 * ETHER, qxc=0)
    assert first == {"eth": 5 * ETHER, "qxc": 0}
    core.chain.send(to=RECIPIENT, asset="ETH", amount="1", from_address=address, password=STRONG_PASSWORD)
    spent = core.chain.balances(address)[0].eth.units
    assert spent < 4 * ETHER + ETHER // 100

    again = core.chain.welcome_grant(address, eth=5 * ETHER, qxc=0)  # the next unlock or start

    assert again == {"eth": 0, "qxc": 0}
    assert core.chain.balances(address)[0].eth.units == spent  # nothing silently refilled
    entries = _faucet_entries(core)
    assert len(entries) == 1
    live = core.chain.live()
    assert entries[0]["to"] == address
    assert entries[0]["welcome"] is True
    assert entries[0]["genesis"] == live.genesis_hash
    assert entries[0]["eth_wei"] == str(5 * ETHER)


def test_the_explicit_dev_faucet_still_tops_up_and_is_audited(chain_core: QenexCore) -> None:
    core = chain_core
    address = core.wallet.create(password=STRONG_PASSWORD).account.address
    core.chain.welcome_grant(address, eth=2 * ETHER, qxc=0)
    core.chain.send(to=RECIPIENT, asset="ETH", amount="1", from_address=address, password=STRONG_PASSWORD)
    topped = core.chain.dev_faucet(address, eth=2 * ETHER, qxc=0)
    assert 0 < topped["eth"] < 2 * ETHER
    assert [entry["welcome"] for entry in _faucet_entries(core)] == [True, False]
