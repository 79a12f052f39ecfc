"""The on-chain pool index (issue 16) on a real Hardhat node with V2 deployed by the dev-chain path:
the pools the person trades through are indexed from their Sync/Swap/Mint/Burn events into the
ledger, so Monitoring's pool analytics read them like ledger pools; indexing resumes by block
ranges without storing an event twice; a node restarted with a fresh chain marks the indexed
pool data stale."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.v2.deployment import call
from qenex_desktop.core.chain.v2.local import ensure_local_v2
from qenex_desktop.core.chain.v2.pool_index import (
    MINT_TOPIC,
    SWAP_TOPIC,
    SYNC_TOPIC,
    PoolIndex,
)
from qenex_desktop.core.chain.v2.quote import pair_address
from qenex_desktop.core.chain.v2.swap import V2Swaps
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.core.db.models import ChainPool, ChainPoolEvent
from qenex_desktop.core.errors import NotFoundError
from qenex_desktop.core.monitoring.settings import HOUR_MS
from tests.chain.conftest import ETHER
from tests.chain.v2_support import OnChain, onchain
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import contracts_dir

__all__ = ["onchain"]
YEAR_MS = 365 * 24 * HOUR_MS


def _logs(on: OnChain, pair: str, topic: str) -> list[dict[str, object]]:
    return on.core.chain.live().client.logs(
        {"address": pair, "fromBlock": "0x0", "toBlock": "latest", "topics": [topic]}
    )


def _reserves(on: OnChain, pair: str) -> tuple[int, int]:
    r0, r1, _ = call(on.core.chain.live().client, pair, "pair", "getReserves")
    return int(r0), int(r1)


def test_a_traded_pool_is_indexed_and_monitoring_reads_it_like_a_ledger_pool(onchain: OnChain) -> None:
    on = onchain
    assert PoolIndex(on.venue).index().pools == 0  # nothing traded yet: nothing to index
    plan = on.swaps.prepare("ETH", "QXC", amount_in="0.37", slippage_bps=50)
    swapped = on.swaps.execute(plan, password=STRONG_PASSWORD)
    assert swapped.swap.status == "confirmed"
    pair = pair_address(on.deployment.factory, on.deployment.weth, on.qxc.address)

    progress = PoolIndex(on.venue).index()
    assert progress.done and progress.pools == 1 and progress.lowest_block == progress.head + 1
    monitoring = on.core.monitoring
    [ref] = [p for p in monitoring.pools() if p.venue == "chain"]
    assert (ref.pair_address, ref.network, ref.name) == (pair, on.core.chain.network().name, "QXC/ETH")
    assert ref.fee_bps == 30

    syncs, swaps = _logs(on, pair, SYNC_TOPIC), _logs(on, pair, SWAP_TOPIC)
    assert progress.new_events == len(syncs) == len(_logs(on, pair, MINT_TOPIC)) + len(swaps)
    summary = monitoring.pool_summary(ref.pool_id, YEAR_MS, venue="chain")
    assert summary.swaps == len(swaps) == 1
    assert (summary.reserve0, summary.reserve1) == _reserves(on, pair)
    weth_is_0 = int(on.deployment.weth, 16) < int(on.qxc.address, 16)
    paid_in = (summary.volume0, summary.volume1) if weth_is_0 else (summary.volume1, summary.volume0)
    assert paid_in == (37 * ETHER // 100, 0)  # the swap's input, on the WETH side
    fees = (summary.fees0, summary.fees1) if weth_is_0 else (summary.fees1, summary.fees0)
    assert fees == (37 * ETHER // 100 * 30 // 10_000, 0)
    assert (
        summary.base_price_change_bps is not None and summary.base_price_change_bps > 0
    )  # bought: QXC dearer in ETH
    history = monitoring.pool_history(ref.pool_id, YEAR_MS, venue="chain")
    assert [r[1:] for r in history.reserves][-1] == _reserves(on, pair)
    assert sum(n for _t, n in history.swaps) == 1

    again = PoolIndex(on.venue).index()  # caught up: nothing new, nothing twice
    assert again.new_events == 0 and again.ranges_scanned == 0
    with on.core.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ChainPoolEvent)) == len(syncs)


def test_indexing_resumes_by_block_ranges_and_never_stores_an_event_twice(onchain: OnChain) -> None:
    on = onchain
    for amount in ("0.1", "0.2", "0.3"):
        on.swaps.execute(
            on.swaps.prepare("ETH", "QXC", amount_in=amount, slippage_bps=50), password=STRONG_PASSWORD
        )
    on.core.chain.settings = replace(on.core.chain.settings, log_range_blocks=1)
    first = PoolIndex(on.venue).index(max_ranges=2)
    assert not first.done and first.ranges_scanned == 2 and first.lowest_block == 2
    rest = PoolIndex(on.venue).index()
    assert rest.done and rest.ranges_scanned == first.head - 1 and rest.lowest_block == rest.head + 1
    pair = pair_address(on.deployment.factory, on.deployment.weth, on.qxc.address)
    with on.core.db.read() as session:
        stored = session.execute(select(ChainPoolEvent.block_number, ChainPoolEvent.log_index)).all()
    syncs = _logs(on, pair, SYNC_TOPIC)
    assert first.new_events + rest.new_events == len(stored) == len(set(stored)) == len(syncs)
    [ref] = [p for p in on.core.monitoring.pools() if p.venue == "chain"]
    assert on.core.monitoring.pool_summary(ref.pool_id, YEAR_MS, venue="chain").swaps == 3


def test_a_node_restarted_with_a_fresh_chain_marks_the_indexed_pool_data_stale(
    logged_in_core: QenexCore, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.chain.conftest import use_node
    from tests.hardhat_node import start_hardhat_node

    node = start_hardhat_node(tmp_path_factory.mktemp("pool-restart"))
    core = logged_in_core
    try:
        use_node(core, node, "Restarting node")
        core.chain.deploy_qxc_as_dev()
        assert ensure_local_v2(core.chain, contracts_dir()) is not None
        address = core.wallet.create(password=STRONG_PASSWORD).account.address
        core.chain.dev_faucet(address, eth=5 * ETHER, qxc=0)
        swaps = V2Swaps(V2Venue(core.chain))
        swaps.execute(swaps.prepare("ETH", "QXC", amount_in="0.5", slippage_bps=50), password=STRONG_PASSWORD)
        assert PoolIndex(V2Venue(core.chain)).index().new_events > 0
        [before] = [p for p in core.monitoring.pools() if p.venue == "chain"]

        node.restart()  # a fresh chain: the pool, its events and the V2 deployment are gone
        progress = PoolIndex(V2Venue(core.chain)).index()
        assert progress.pools == 0 and progress.new_events == 0
        assert [p for p in core.monitoring.pools() if p.venue == "chain"] == []
        with core.db.read() as session:
            row = session.get_one(ChainPool, before.pool_id)
            kept = session.scalars(select(ChainPoolEvent.kind).where(ChainPoolEvent.pool_id == row.id)).all()
        assert row.stale and list(kept) == ["add", "swap"]  # kept, flagged, never mixed with the new chain
        with pytest.raises(NotFoundError, match="on the chain the node serves now"):
            core.monitoring.pool_summary(before.pool_id, YEAR_MS, venue="chain")
    finally:
        node.stop()
