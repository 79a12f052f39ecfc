"""Transaction tracking (local exchange and on-chain) and pool analytics, on the real services."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.db.models import ChainNetwork, ChainTransaction
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.monitoring import MonitoringService, TxVolume
from qenex_desktop.core.monitoring.settings import DAY_MS, HOUR_MS, MINUTE_MS
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

AAA = 10**18  # one whole AAA (18 decimals)
BBB = 10**6  # one whole BBB (6 decimals)


@pytest.fixture
def trading(clocked_core: QenexCore, clock: ManualClock, monitored: MonitoringService) -> QenexCore:
    """alice with AAA and BBB and an AAA/BBB pool (1000 AAA : 2000 BBB, 0.3% fee), on the hour."""
    clock.advance((HOUR_MS - clock.now_ms() % HOUR_MS) / 1000)
    clocked_core.auth.create_profile("alice", STRONG_PASSWORD)
    clocked_core.auth.login("alice", STRONG_PASSWORD)
    ex = clocked_core.exchange
    ex.create_token("AAA", "Token A", 18, "1000000")
    ex.create_token("BBB", "Token B", 6, "1000000")
    ex.create_pool("AAA", "BBB", "1000", "2000", fee_bps=30)
    return clocked_core


def _by_kind(
    rows: list[TxVolume], source: str, status: str = "done"
) -> dict[tuple[str, str], tuple[int, int]]:
    return {(r.kind, r.asset): (r.count, r.volume) for r in rows if r.source == source and r.status == status}


def test_local_transactions_are_counted_by_kind_with_their_volume(
    trading: QenexCore, clock: ManualClock, monitored: MonitoringService
) -> None:
    ex = trading.exchange
    clock.advance(60)
    ex.swap_exact_in("AAA", "BBB", "10", 0)
    ex.swap_exact_in("AAA", "BBB", "5", 0)
    ex.create_account("Trading")
    ex.transfer("BBB", "7.5", "Main", "Trading")
    with pytest.raises(QenexError):
        ex.swap_exact_in("AAA", "BBB", "1", "1000000")  # slippage: refused, nothing changes
    done = _by_kind(monitored.transaction_volumes(HOUR_MS), "local")
    assert done[("swap", "AAA")] == (2, 15 * AAA)
    assert done[("transfer", "BBB")] == (1, 7_500_000)
    assert done[("create_pool", "AAA")] == (1, 1000 * AAA)
    assert done[("create_pool", "BBB")] == (0, 2000 * BBB)  # the second side adds volume, not a count
    assert done[("create_token", "AAA")] == (1, 1_000_000 * AAA)
    refused = [r for r in monitored.transaction_volumes(HOUR_MS) if r.status == "refused"]
    assert [(r.kind, r.count) for r in refused] == [("swap", 1)]
    decimals = {r.asset: r.decimals for r in monitored.transaction_volumes(HOUR_MS) if r.asset}
    assert decimals == {"AAA": 18, "BBB": 6}


def test_transaction_counts_per_bucket_over_time(
    trading: QenexCore, clock: ManualClock, monitored: MonitoringService
) -> None:
    t0 = clock.now_ms()
    ex = trading.exchange
    clock.advance(90)  # minute 1
    ex.swap_exact_in("AAA", "BBB", "1", 0)
    ex.swap_exact_in("AAA", "BBB", "1", 0)
    clock.advance(120)  # minute 3
    ex.swap_exact_in("BBB", "AAA", "1", 0)
    clock.advance(60)
    series = monitored.transaction_series(5 * MINUTE_MS, bucket_ms=MINUTE_MS, source="local", kind="swap")
    assert [(t - t0, v) for t, v in series if t >= t0] == [
        (0, 0.0),
        (MINUTE_MS, 2.0),
        (2 * MINUTE_MS, 0.0),
        (3 * MINUTE_MS, 1.0),
        (4 * MINUTE_MS, 0.0),
    ]


def test_on_chain_transactions_are_counted_by_status_and_stale_chains_left_out(
    clocked_core: QenexCore, monitored: MonitoringService
) -> None:
    core = clocked_core
    now = core.clock.now_ms()
    with core.db.write() as session:
        session.add(
            ChainNetwork(
                name="Test", rpc_url="http://127.0.0.1:1", chain_id=31337, is_builtin=False, created_at=now
            )
        )
        session.flush()
        network_id = session.query(ChainNetwork.id).filter_by(name="Test").scalar()
        base = {
            "network_id": network_id,
            "genesis_hash": "0x" + "11" * 32,
            "profile_id": None,
            "from_address": "0x" + "aa" * 20,
            "to_address": "0x" + "bb" * 20,
            "asset": "ETH",
            "asset_symbol": "ETH",
            "asset_decimals": 18,
            "recipient": "0x" + "bb" * 20,
            "value": 0,
            "data": "0x",
            "gas_limit": 21000,
            "max_fee_per_gas": 1,
            "max_priority_fee_per_gas": 1,
            "raw_tx": "0x",
            "broadcast_attempts": 1,
            "created_at": now,
            "updated_at": now,
        }
        rows = [
            ("confirmed", False, 3 * 10**18),
            ("confirmed", False, 2 * 10**18),
            ("pending", False, 10**18),
            ("confirmed", True, 50 * 10**18),  # a chain the node has since replaced
            ("failed", False, 4 * 10**18),
        ]
        for i, (status, stale, amount) in enumerate(rows):
            session.execute(
                insert(ChainTransaction).values(
                    **base,
                    tx_hash="0x" + f"{i:064x}",
                    kind="send_eth",
                    nonce=i,
                    status=status,
                    stale=stale,
                    amount=amount,
                )
            )
    chain = {
        (r.status, r.asset): (r.count, r.volume) for r in monitored.transaction_volumes(HOUR_MS, "chain")
    }
    assert chain == {
        ("confirmed", "ETH"): (2, 5 * 10**18),
        ("pending", "ETH"): (1, 10**18),
        ("failed", "ETH"): (1, 4 * 10**18),
    }


def test_pool_history_has_price_tvl_volume_and_fees_over_time(
    trading: QenexCore, clock: ManualClock, monitored: MonitoringService
) -> None:
    t0 = clock.now_ms()
    ex = trading.exchange
    (pool,) = monitored.pools()
    assert (pool.symbol0, pool.symbol1, pool.fee_bps) == ("AAA", "BBB", 30)
    clock.advance(60)
    ex.swap_exact_in("AAA", "BBB", "10", 0)
    clock.advance(60)
    ex.add_liquidity("AAA", "BBB", "100", "1000")
    clock.advance(60)
    history = monitored.pool_history(pool.pool_id, 3 * MINUTE_MS, bucket_ms=MINUTE_MS)

    assert [t - t0 for t, _, _ in history.reserves] == [0, MINUTE_MS, 2 * MINUTE_MS]
    assert history.price[0] == (t0, pytest.approx(2.0))
    r0, r1 = history.reserves[1][1], history.reserves[1][2]
    assert r0 == 1010 * AAA
    # Uniswap V2 output with a 0.3% fee: 10*997*2000 / (1000*1000 + 10*997) BBB, rounded down.
    assert r1 == 2000 * BBB - (10 * AAA * 997 * 2000 * BBB) // (1000 * AAA * 1000 + 10 * AAA * 997)
    assert history.price[1][1] < 2.0  # AAA got cheaper after it was sold into the pool
    assert history.tvl_in_token1[1] == (t0 + MINUTE_MS, 2 * r1)
    volume = {t - t0: (v0, v1) for t, v0, v1 in history.volume}
    fees = {t - t0: (f0, f1) for t, f0, f1 in history.fees}
    assert volume[MINUTE_MS] == (10 * AAA, 0) and volume[2 * MINUTE_MS] == (0, 0)
    assert fees[MINUTE_MS] == (10 * AAA * 30 // 10_000, 0)
    assert dict((t - t0, n) for t, n in history.swaps)[MINUTE_MS] == 1

    summary = monitored.pool_summary(pool.pool_id, 3 * MINUTE_MS)
    assert (summary.swaps, summary.volume0, summary.fees0) == (1, 10 * AAA, 3 * 10**16)
    assert summary.tvl_in_token1 == 2 * summary.reserve1
    assert summary.price_change_bps is not None and summary.price_change_bps < 0
    clock.advance(DAY_MS / 1000)
    quiet = monitored.pool_summary(pool.pool_id, HOUR_MS)
    assert quiet.swaps == 0 and quiet.reserve0 == summary.reserve0 and quiet.price_change_bps == 0


def _spot_value_in_bbb(core: QenexCore) -> int:
    """alice's holdings in BBB at the AAA/BBB pool's spot price, from the exchange's own API."""
    ex = core.exchange
    held = {"AAA": 0, "BBB": 0}
    for balance in ex.balances():
        held[balance.symbol] += balance.amount
    for position in ex.positions():
        held[position.symbol0] += position.value0
        held[position.symbol1] += position.value1
    pool = ex.get_pool("AAA", "BBB")
    return held["BBB"] + held["AAA"] * pool.reserve1 // pool.reserve0


def test_holdings_value_follows_trades_and_prices(
    trading: QenexCore, clock: ManualClock, monitored: MonitoringService
) -> None:
    t0 = clock.now_ms()
    assert monitored.sample_holdings() == 1
    assert monitored.sample_holdings() == 0  # nothing changed: nothing stored
    first_value = _spot_value_in_bbb(trading)
    clock.advance(60)
    trading.exchange.swap_exact_in("AAA", "BBB", "100", 0)
    assert monitored.recorder.money_changed.is_set()  # the worker (or close) will snapshot
    monitored.stop()
    clock.advance(60)

    value = monitored.holdings_value_series("BBB", 10 * MINUTE_MS)

    assert value.quote == "BBB" and value.decimals == 6 and value.unpriced == []
    assert value.points[0] == (t0, first_value)
    assert value.points[-1] == (t0 + MINUTE_MS, _spot_value_in_bbb(trading))
    # Selling AAA into the pool moved the price down: the same holdings are worth less in BBB.
    assert value.points[-1][1] < first_value


def test_holdings_are_valued_through_an_intermediate_pool_and_unpriced_tokens_are_named(
    trading: QenexCore, clock: ManualClock, monitored: MonitoringService
) -> None:
    ex = trading.exchange
    ex.create_token("CCC", "Token C", 0, "5000")
    ex.create_pool("CCC", "BBB", "1000", "1000")  # 1 CCC = 1 BBB; 1 AAA = 2 BBB
    ex.create_token("DDD", "Token D", 0, "10")  # no pool: no price
    monitored.sample_holdings()
    value = monitored.holdings_value_series("AAA", HOUR_MS, profile_id=trading.require_session().profile_id)
    assert value.unpriced == ["DDD"]
    ccc_pool = ex.get_pool("CCC", "BBB")
    ab = ex.get_pool("AAA", "BBB")
    ccc_held = 4000 + next(
        p.value0 if p.symbol0 == "CCC" else p.value1 for p in ex.positions() if p.pool_id == ccc_pool.id
    )
    bbb_per_ccc_num, bbb_per_ccc_den = (
        (ccc_pool.reserve1, ccc_pool.reserve0)
        if ccc_pool.symbol0 == "CCC"
        else (ccc_pool.reserve0, ccc_pool.reserve1)
    )
    ccc_in_aaa = ccc_held * bbb_per_ccc_num * ab.reserve0 // (bbb_per_ccc_den * ab.reserve1)
    without_ccc = monitored.holdings_value_series("AAA", HOUR_MS).points[-1][1]
    assert without_ccc > ccc_in_aaa > 0
    with pytest.raises(QenexError):
        monitored.holdings_value_series("ZZZ", HOUR_MS)


@pytest.mark.hardhat
def test_a_real_send_is_tracked_and_its_node_calls_are_timed(
    logged_in_core: QenexCore, hardhat_node: HardhatNode
) -> None:
    core = logged_in_core
    monitoring = core.monitoring
    hardhat_node.set_automine(True)
    core.chain.settings = ChainSettings(attempts=2, backoff_initial_s=0.05, backoff_max_s=0.1)
    core.chain.add_network("Test Hardhat", hardhat_node.url, 31337, use=True)
    created = core.wallet.create(password=STRONG_PASSWORD)
    core.chain.dev_faucet(created.account.address, eth=10 * 10**18, qxc=0)
    core.chain.send(
        to="0x000000000000000000000000000000000000dEaD", asset="ETH", amount="1.25", password=STRONG_PASSWORD
    )

    rows = {(r.kind, r.status, r.asset): r for r in monitoring.transaction_volumes(HOUR_MS, "chain")}
    sent = rows[("send_eth", "confirmed", "ETH")]
    assert (sent.count, sent.volume, sent.decimals) == (1, 125 * 10**16, 18)
    ops = {s.operation: s for s in monitoring.operation_stats(HOUR_MS)}
    assert ops["chain.send"].count == 1 and ops["chain.send"].errors == 0
    sample = monitoring.sample_system()
    assert sample.node_reachable is True and sample.block_height is not None and sample.block_height >= 2
    assert ops["chain.send"].p50_us is not None and ops["chain.send"].p50_us > 0
