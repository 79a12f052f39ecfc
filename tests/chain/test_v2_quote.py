"""On-chain quotes (issue 16) on a real Hardhat node with V2 deployed by the dev-chain script: the
app's quote equals the router's getAmountsOut / getAmountsIn and the amount a swap really gives,
to the base unit, for direct and 2-hop routes; one JSON-RPC batch reads every pair's reserves."""

from __future__ import annotations

import pytest

from qenex_desktop.core.chain.v2.quote import candidate_paths, sort_tokens
from qenex_desktop.core.errors import ChainError
from tests.chain.conftest import ETHER
from tests.chain.v2_support import (
    OnChain,
    onchain,
    router_amounts_in,
    router_amounts_out,
    second_token_pool,
)
from tests.conftest import STRONG_PASSWORD

__all__ = ["onchain"]


def _balance(on: OnChain, token: str) -> int:
    return on.core.chain.assets.token_balance(on.core.chain.live(), token, on.address)


def test_direct_quote_equals_the_router_and_the_swap(onchain: OnChain) -> None:
    on = onchain
    quote = on.venue.quote("ETH", "QXC", amount_in="0.37", slippage_bps=50)
    assert quote.route.path == (on.deployment.weth, on.qxc.address)
    assert quote.path_symbols == ("ETH", "QXC")
    assert list(quote.route.amounts) == router_amounts_out(on, 37 * ETHER // 100, list(quote.route.path))
    assert quote.route.round_trips == 1
    assert quote.limit == quote.amount_out * 9950 // 10000
    before = _balance(on, on.qxc.address)
    plan = on.swaps.prepare("ETH", "QXC", amount_in="0.37", slippage_bps=50)
    outcome = on.swaps.execute(plan, password=STRONG_PASSWORD)
    assert outcome.approval is None  # ETH in: nothing to approve
    assert outcome.swap.status == "confirmed"
    assert _balance(on, on.qxc.address) - before == quote.amount_out == outcome.received


def test_two_hop_quote_equals_the_router_and_the_swap(onchain: OnChain) -> None:
    on = onchain
    other = second_token_pool(on, tokens=5_000 * ETHER, eth=3 * ETHER)
    quote = on.venue.quote("QXC", other, amount_in="123.456", slippage_bps=100)
    assert quote.route.path == (on.qxc.address, on.deployment.weth, other)
    assert quote.path_symbols == ("QXC", "WETH", "QXC")
    amount = 123_456 * ETHER // 1000
    assert list(quote.route.amounts) == router_amounts_out(on, amount, list(quote.route.path))
    assert quote.route.round_trips == 1
    before = _balance(on, other)
    plan = on.swaps.prepare("QXC", other, amount_in="123.456", slippage_bps=100)
    assert plan.approve_amount == amount  # exactly what the swap takes, never unlimited
    outcome = on.swaps.execute(plan, password=STRONG_PASSWORD)
    assert outcome.approval is not None and outcome.approval.status == "confirmed"
    assert outcome.swap.status == "confirmed"
    assert _balance(on, other) - before == quote.amount_out == outcome.received
    assert on.swaps.allowance(on.core.chain.live(), quote, on.address) == 0  # all of it was used


def test_exact_out_quote_equals_get_amounts_in(onchain: OnChain) -> None:
    on = onchain
    quote = on.venue.quote("QXC", "ETH", amount_out="0.5", slippage_bps=50)
    path = [on.qxc.address, on.deployment.weth]
    assert list(quote.route.amounts) == router_amounts_in(on, ETHER // 2, path)
    assert quote.limit >= quote.amount_in  # amountInMax, rounded up


def test_routes_reach_three_hops_through_the_given_tokens() -> None:
    a, b, x, y = (f"0x{n:040x}" for n in (1, 2, 3, 4))
    paths = candidate_paths(a, b, [x, y, a])
    assert (a, b) in paths and (a, x, b) in paths and (a, x, y, b) in paths and (a, y, x, b) in paths
    assert all(len(p) <= 4 for p in paths) and len(paths) == 5
    assert sort_tokens(b, a) == (a, b)


def test_exact_out_swaps_pay_what_was_quoted_through_the_eth_functions(onchain: OnChain) -> None:
    on = onchain
    live = on.core.chain.live()
    # Tokens for exact ETH (swapTokensForExactETH): the approval is the amountInMax, and exactly the
    # quoted input leaves the account.
    quote = on.venue.quote("QXC", "ETH", amount_out="0.25", slippage_bps=100)
    before = _balance(on, on.qxc.address)
    plan = on.swaps.prepare("QXC", "ETH", amount_out="0.25", slippage_bps=100)
    assert plan.approve_amount == quote.limit
    outcome = on.swaps.execute(plan, password=STRONG_PASSWORD)
    assert outcome.swap.status == "confirmed" and outcome.received == ETHER // 4
    assert before - _balance(on, on.qxc.address) == quote.amount_in
    # ETH for exact tokens (swapETHForExactTokens): the router refunds what the quote did not need.
    quote = on.venue.quote("ETH", "QXC", amount_out="40", slippage_bps=100)
    eth_before, qxc_before = live.client.balance(on.address), _balance(on, on.qxc.address)
    outcome = on.swaps.execute(
        on.swaps.prepare("ETH", "QXC", amount_out="40", slippage_bps=100), password=STRONG_PASSWORD
    )
    assert outcome.swap.status == "confirmed" and outcome.received == 40 * ETHER
    assert _balance(on, on.qxc.address) - qxc_before == 40 * ETHER
    fee = on.core.chain.transaction(outcome.swap.tx_hash).fee_paid
    assert fee is not None and eth_before - live.client.balance(on.address) == quote.amount_in + fee


def test_a_factory_that_does_not_answer_is_refused_at_the_venue(onchain: OnChain) -> None:
    on = onchain
    name = on.core.chain.network().name
    nothing_there = "0x000000000000000000000000000000000000bEEF"
    on.core.chain.registry.set_v2(name, nothing_there, on.deployment.router, on.deployment.weth)
    with pytest.raises(ChainError) as refused:
        on.venue.quote("ETH", "QXC", amount_in="1", slippage_bps=50)
    assert refused.value.field == "venue" and nothing_there in refused.value.message
