"""On-chain liquidity (issue 16) on the real Hardhat node with V2 deployed by the dev-chain path:
add at the pool's price, then remove, each returning exactly what core.amm predicts (LP shares
minted, amounts paid back), with exact approvals; a new pool's first deposit mints
isqrt(a*b) - 1000; positions are read from LP balances, total supply and reserves."""

from __future__ import annotations

from math import isqrt

from qenex_desktop.core.chain.v2.liquidity import V2Liquidity
from qenex_desktop.core.chain.v2.swap import V2Swaps
from tests.chain.conftest import ETHER
from tests.chain.v2_support import OnChain, onchain, second_token_pool
from tests.conftest import STRONG_PASSWORD

__all__ = ["onchain"]


def _lp(on: OnChain, pair: str) -> int:
    return on.core.chain.assets.token_balance(on.core.chain.live(), pair, on.address)


def test_add_then_remove_returns_what_the_math_predicts(onchain: OnChain) -> None:
    on = onchain
    liquidity = V2Liquidity(V2Swaps(on.venue))
    live = on.core.chain.live()
    plan = liquidity.prepare_add("QXC", "ETH", "100", slippage_bps=50)
    assert plan.pool.pair is not None and plan.amount_a == 100 * ETHER
    assert plan.amount_b == 100 * ETHER * plan.pool.reserve_b // plan.pool.reserve_a  # the pool's price
    qxc_before, eth_before = _token(on), live.client.balance(on.address)
    approvals, added = liquidity.execute(plan, password=STRONG_PASSWORD)
    assert added.status == "confirmed" and [a.amount for a in approvals] == [100 * ETHER]  # exact
    assert _lp(on, plan.pool.pair) == plan.shares
    assert qxc_before - _token(on) == plan.amount_a
    fee = on.core.chain.transaction(added.tx_hash).fee_paid or 0
    approve_fee = on.core.chain.transaction(approvals[0].tx_hash).fee_paid or 0
    assert eth_before - live.client.balance(on.address) == plan.amount_b + fee + approve_fee

    [position] = liquidity.positions()
    assert position.pair == plan.pool.pair and position.shares == plan.shares

    removal = liquidity.prepare_remove("QXC", "ETH", slippage_bps=50)
    assert removal.shares == plan.shares
    qxc_before, eth_before = _token(on), live.client.balance(on.address)
    approvals, removed = liquidity.execute(removal, password=STRONG_PASSWORD)
    assert removed.status == "confirmed" and [a.amount for a in approvals] == [plan.shares]
    assert _lp(on, plan.pool.pair) == 0
    assert _token(on) - qxc_before == removal.amount_a
    fees = sum(on.core.chain.transaction(t.tx_hash).fee_paid or 0 for t in [*approvals, removed])
    assert live.client.balance(on.address) - eth_before == removal.amount_b - fees
    assert liquidity.positions() == []


def test_a_new_pools_first_deposit_mints_the_root_less_the_locked_minimum(onchain: OnChain) -> None:
    on = onchain
    other = second_token_pool(on, tokens=1000 * ETHER, eth=ETHER)  # a token with a WETH pool only
    on.core.chain.deployer._dev_send(
        on.core.chain.live(),
        {"to": other, "data": _transfer(on.address, 500 * ETHER)},
    )
    liquidity = V2Liquidity(V2Swaps(on.venue))
    plan = liquidity.prepare_add("QXC", other, "30", "70", slippage_bps=0)
    assert plan.pool.pair is None  # the router creates it
    assert plan.shares == isqrt(30 * ETHER * 70 * ETHER) - 1000
    approvals, added = liquidity.execute(plan, password=STRONG_PASSWORD)
    assert added.status == "confirmed" and len(approvals) == 2
    [position] = [p for p in liquidity.positions() if other in (p.side_a.address, p.side_b.address)]
    assert position.shares == plan.shares == _lp(on, position.pair)


def _token(on: OnChain) -> int:
    return on.core.chain.assets.token_balance(on.core.chain.live(), on.qxc.address, on.address)


def _transfer(to: str, amount: int) -> str:
    from qenex_desktop.core.chain import erc20

    return erc20.transfer_call(to, amount)
