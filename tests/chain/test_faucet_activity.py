"""Every dev-faucet payment is an incoming row of the ledger, with its tx hash (issue 12, item 6).

Before, the welcome grant and the dev faucet only wrote an audit entry: Activity (which lists the
``chain_transactions`` rows and the ledger's audit events) never showed that 100 ETH and 10,000 QXC
had arrived, nor where from. Now each payment is a confirmed "faucet" row, written in the same unit
of work as its audit entry, once per account and chain like the grant itself.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from qenex_desktop.core import activity
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.node import FAUCET_ETH_WEI, FAUCET_QXC_WHOLE
from qenex_desktop.core.db.models import AppState, AuditEntry, ChainTransaction
from qenex_desktop.core.errors import ChainError
from tests.chain.conftest import ETHER
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

pytestmark = pytest.mark.hardhat
RECIPIENT = "0x000000000000000000000000000000000000dEaD"


def _faucet_audit(core: QenexCore) -> list[dict[str, object]]:
    with core.db.read() as session:
        rows = session.scalars(select(AuditEntry.details).where(AuditEntry.event == "chain.dev_faucet")).all()
    return [json.loads(row) for row in rows]


def test_the_welcome_grant_shows_as_two_incoming_faucet_rows_with_their_hashes(
    chain_core: QenexCore, hardhat_node: HardhatNode
) -> None:
    core = chain_core
    address = core.wallet.create(password=STRONG_PASSWORD).account.address
    qxc = core.chain.deploy_qxc_as_dev()
    dev_address, _ = core.chain.dev_account()

    assert core.node.fund(address) == {"eth": FAUCET_ETH_WEI, "qxc": FAUCET_QXC_WHOLE * 10**qxc.decimals}

    faucet = [t for t in core.chain.transactions() if t.kind == "faucet"]
    assert sorted((t.symbol, t.amount) for t in faucet) == [
        ("ETH", 100 * ETHER),
        ("QXC", 10_000 * 10**qxc.decimals),
    ]
    for tx in faucet:
        assert tx.status == "confirmed" and tx.block_number is not None and tx.fee_paid
        assert tx.from_address == dev_address and tx.recipient == address
        mined = hardhat_node.rpc("eth_getTransactionByHash", [tx.tx_hash])
        assert mined is not None and mined["from"].lower() == dev_address.lower()
        assert int(mined["blockNumber"], 16) == tx.block_number
    token_row = next(t for t in faucet if t.symbol == "QXC")
    assert token_row.asset == qxc.address and token_row.to_address == qxc.address
    (entry,) = _faucet_audit(core)
    hashes = entry["tx_hashes"]
    assert isinstance(hashes, list) and sorted(hashes) == sorted(t.tx_hash for t in faucet)

    rows = [item for item in activity.iterate(core) if item.kind == "faucet"]
    assert len(rows) == 2 and [r.fee_paid for r in rows] == [None, None]  # the dev account paid those fees
    assert all(r.legs[0].direction == "in" for r in rows)

    core.chain.send(to=RECIPIENT, asset="ETH", amount="1", password=STRONG_PASSWORD)
    assert core.node.fund(address) == {"eth": 0, "qxc": 0}  # the next unlock: no second gift, no row
    assert len([t for t in core.chain.transactions() if t.kind == "faucet"]) == 2


def test_each_explicit_top_up_is_a_row_too(chain_core: QenexCore) -> None:
    core = chain_core
    address = core.wallet.create(password=STRONG_PASSWORD).account.address
    core.chain.dev_faucet(address, eth=2 * ETHER, qxc=0)
    core.chain.send(to=RECIPIENT, asset="ETH", amount="0.5", password=STRONG_PASSWORD)
    topped = core.chain.dev_faucet(address, eth=2 * ETHER, qxc=0)
    faucet = [t for t in core.chain.transactions() if t.kind == "faucet"]
    assert [t.amount for t in faucet] == [topped["eth"], 2 * ETHER]  # newest first
    assert len({t.tx_hash for t in faucet}) == 2


def test_the_row_and_its_audit_entry_are_one_unit_of_work(
    chain_core: QenexCore, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = chain_core
    address = core.wallet.create(password=STRONG_PASSWORD).account.address
    audit = core.chain.deployer.audit
    real_append = audit.append

    def failing(session: object, **kwargs: object) -> object:
        if kwargs.get("event") == "chain.dev_faucet":
            raise ChainError("the audit write failed")
        return real_append(session, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(audit, "append", failing)
    with pytest.raises(ChainError, match="audit write failed"):
        core.chain.welcome_grant(address, eth=ETHER, qxc=0)
    with core.db.read() as session:
        assert session.scalars(select(ChainTransaction).where(ChainTransaction.kind == "faucet")).all() == []
        grants = session.scalars(select(AppState).where(AppState.key.like("chain.welcome_grant:%"))).all()
        assert grants == []  # not remembered as given either: nothing of the unit was kept
