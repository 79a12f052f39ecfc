"""Pools, swaps (exact in/out, routed), liquidity and analytics on the real ledger."""

from __future__ import annotations

from math import isqrt

import pytest

from qenex_desktop.core import amm
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.errors import (
    AlreadyExistsError,
    DeadlineExpiredError,
    InsufficientFundsError,
    NotFoundError,
    QenexError,
    SlippageError,
    ValidationError,
)
from qenex_desktop.core.exchange import ExchangeService
from tests.conftest import STRONG_PASSWORD, make_core
from tests.exchange.conftest import assert_conserved, ex_core, snapshot

E18 = 10**18
E6 = 10**6


@pytest.fixture
def pool(two_tokens: ExchangeService) -> ExchangeService:
    """An AAA/BBB pool: 1000 AAA against 2000 BBB, fee 30 bps."""
    two_tokens.create_pool("AAA", "BBB", "1000", "2000")
    return two_tokens


def _held(ex: ExchangeService, symbol: str) -> int:
    return sum(b.amount for b in ex.balances() if b.symbol == symbol)


def test_create_pool_moves_liquidity_out_of_the_account(pool: ExchangeService) -> None:
    info = pool.get_pool("BBB", "AAA")
    assert (info.symbol0, info.symbol1) == ("AAA", "BBB")
    assert (info.reserve0, info.reserve1) == (1000 * E18, 2000 * E6)
    assert info.total_shares == isqrt(1000 * E18 * 2000 * E6)
    assert info.locked_shares == amm.MINIMUM_LIQUIDITY
    assert info.my_shares == info.total_shares - amm.MINIMUM_LIQUIDITY
    assert info.price0 == "2"
    assert info.price1 == "0.5"
    assert info.tvl_in_token0 == 2000 * E18
    assert _held(pool, "AAA") == 999_000 * E18
    assert_conserved(ex_core(pool))


def test_a_second_pool_for_the_same_pair_is_refused_in_either_order(pool: ExchangeService) -> None:
    before = snapshot(ex_core(pool))
    with pytest.raises(AlreadyExistsError):
        pool.create_pool("BBB", "AAA", "1", "1")
    assert snapshot(ex_core(pool)) == before


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "field"),
    [
        (("AAA", "AAA", "1", "1"), {}, ValidationError, "token_b"),
        (("AAA", "ZZZ", "1", "1"), {}, NotFoundError, "token_b"),
        (("AAA", "BBB", "1", "1"), {"fee_bps": 0}, ValidationError, "fee_bps"),
        (("AAA", "BBB", "1", "1"), {"fee_bps": 101}, ValidationError, "fee_bps"),
        (("AAA", "BBB", "1", "1"), {"fee_bps": "x"}, ValidationError, "fee_bps"),
        (("AAA", "BBB", "0", "1"), {}, ValidationError, "amount_a"),
        (("AAA", "BBB", "1", "-1"), {}, ValidationError, "amount_b"),
        (("AAA", "BBB", "2000000", "1"), {}, InsufficientFundsError, "amount_a"),
        (("AAA", "BBB", 1000, 1000), {}, ValidationError, "amount_a"),  # sqrt(a*b) <= 1000
    ],
)
def test_create_pool_refuses_bad_input(
    two_tokens: ExchangeService, args: tuple[object, ...], kwargs: dict[str, object], error: type, field: str
) -> None:
    before = snapshot(ex_core(two_tokens))
    with pytest.raises(error) as caught:
        two_tokens.create_pool(*args, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert snapshot(ex_core(two_tokens)) == before


def test_quote_changes_nothing_and_matches_the_math(pool: ExchangeService) -> None:
    before = snapshot(ex_core(pool))
    quote = pool.quote_swap("AAA", "BBB", amount_in="10", slippage_bps=100)
    assert snapshot(ex_core(pool)) == before
    expected = amm.get_amount_out(10 * E18, 1000 * E18, 2000 * E6, 30)
    assert quote.amount_out == expected
    assert quote.path == ("AAA", "BBB")
    assert quote.minimum_received == expected * 9900 // 10000
    assert quote.mid_price == "2"
    assert quote.hops[0].fee_amount == 10 * E18 * 30 // 10000
    # 10 in at mid 2 would be 20; 1 - out/20 in bps, rounded.
    assert quote.price_impact_bps == round((1 - expected / (20 * E6)) * 10000)
    assert quote.effective_price.startswith("1.97")


def test_exact_out_quote_needs_the_uniswap_input(pool: ExchangeService) -> None:
    quote = pool.quote_swap("AAA", "BBB", amount_out="10")
    assert quote.amount_in == amm.get_amount_in(10 * E6, 1000 * E18, 2000 * E6)
    assert quote.maximum_sold is not None and quote.maximum_sold >= quote.amount_in


def test_swap_exact_in_pays_what_the_quote_said(pool: ExchangeService) -> None:
    quote = pool.quote_swap("AAA", "BBB", amount_in="10")
    result = pool.swap_exact_in("AAA", "BBB", "10", quote.minimum_received or 0)
    assert result.amount_out == quote.amount_out
    info = pool.get_pool("AAA", "BBB")
    assert info.reserve0 == 1010 * E18
    assert info.reserve1 == 2000 * E6 - quote.amount_out
    assert _held(pool, "BBB") == 998_000 * E6 + quote.amount_out
    assert_conserved(ex_core(pool))
    points = pool.price_history("AAA", "BBB")
    assert [p.kind for p in points] == ["create", "swap"]
    assert points[-1].volume0 == 10 * E18 and points[-1].fee0 == 3 * 10**16
    stats = pool.pool_stats("AAA", "BBB")
    assert (stats.swaps, stats.volume0, stats.fees0) == (1, 10 * E18, 3 * 10**16)


def test_swap_below_minimum_out_is_refused_and_changes_nothing(pool: ExchangeService) -> None:
    quote = pool.quote_swap("AAA", "BBB", amount_in="10")
    before = snapshot(ex_core(pool))
    with pytest.raises(SlippageError) as caught:
        pool.swap_exact_in("AAA", "BBB", "10", quote.amount_out + 1)
    assert caught.value.field == "min_out"
    assert snapshot(ex_core(pool)) == before


def test_swap_exact_out_receives_exactly_and_respects_max_in(pool: ExchangeService) -> None:
    quote = pool.quote_swap("BBB", "AAA", amount_out="1")
    with pytest.raises(SlippageError) as caught:
        pool.swap_exact_out("BBB", "AAA", "1", quote.amount_in - 1)
    assert caught.value.field == "max_in"
    result = pool.swap_exact_out("BBB", "AAA", "1", quote.amount_in)
    assert result.amount_out == E18
    assert result.amount_in == quote.amount_in
    assert_conserved(ex_core(pool))


def test_the_constant_product_never_decreases_across_swaps(pool: ExchangeService) -> None:
    info = pool.get_pool("AAA", "BBB")
    k = info.reserve0 * info.reserve1
    for amount in ("1", "250", "0.000001", "17.5"):
        pool.swap_exact_in("AAA", "BBB", amount, 0)
        info = pool.get_pool("AAA", "BBB")
        assert info.reserve0 * info.reserve1 >= k
        k = info.reserve0 * info.reserve1
        pool.swap_exact_in("BBB", "AAA", amount, 0)
        info = pool.get_pool("AAA", "BBB")
        assert info.reserve0 * info.reserve1 >= k
        k = info.reserve0 * info.reserve1


def test_a_dust_swap_that_would_pay_nothing_is_refused(pool: ExchangeService) -> None:
    before = snapshot(ex_core(pool))
    with pytest.raises(ValidationError) as caught:
        pool.swap_exact_in("AAA", "BBB", 1, 0)  # 1 wei of AAA buys less than 1 unit of BBB
    assert caught.value.field == "amount_in"
    assert snapshot(ex_core(pool)) == before


def test_swap_past_its_deadline_is_refused(config: AppConfig, clock: ManualClock) -> None:
    core = make_core(config, clock)
    try:
        core.auth.create_profile("alice", STRONG_PASSWORD)
        core.auth.login("alice", STRONG_PASSWORD)
        ex = core.exchange
        ex.create_token("AAA", "A", 0, "1000000")
        ex.create_token("BBB", "B", 0, "1000000")
        ex.create_pool("AAA", "BBB", "100000", "100000")
        deadline = clock.now_ms() + 1000
        clock.advance(2)
        with pytest.raises(DeadlineExpiredError) as caught:
            ex.swap_exact_in("AAA", "BBB", "10", 0, deadline_ms=deadline)
        assert caught.value.field == "deadline"
        assert ex.swap_exact_in("AAA", "BBB", "10", 0, deadline_ms=clock.now_ms() + 1000).amount_out > 0
    finally:
        core.close()


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda ex: ex.swap_exact_in("AAA", "BBB", "0", 0), ValidationError, "amount_in"),
        (lambda ex: ex.swap_exact_in("AAA", "BBB", "-3", 0), ValidationError, "amount_in"),
        (lambda ex: ex.swap_exact_in("AAA", "BBB", "1.0000000000000000001", 0), ValidationError, "amount_in"),
        (lambda ex: ex.swap_exact_in("AAA", "BBB", 2.5, 0), ValidationError, "amount_in"),
        (lambda ex: ex.swap_exact_in("AAA", "BBB", "1", "-1"), ValidationError, "min_out"),
        (lambda ex: ex.swap_exact_in("AAA", "BBB", "1", "x"), ValidationError, "min_out"),
        (lambda ex: ex.swap_exact_in("AAA", "AAA", "1", 0), ValidationError, "token_out"),
        (lambda ex: ex.swap_exact_in("AAA", "ZZZ", "1", 0), NotFoundError, "token_out"),
        (lambda ex: ex.swap_exact_in("", "BBB", "1", 0), ValidationError, "token_in"),
        (lambda ex: ex.swap_exact_in("AAA", "BBB", "999999", 0), InsufficientFundsError, "amount_in"),
        (lambda ex: ex.swap_exact_in("AAA", "BBB", "1", 0, deadline_ms=-5), ValidationError, "deadline"),
        (lambda ex: ex.swap_exact_in("AAA", "BBB", "1", 0, account="Nope"), NotFoundError, "account"),
        (lambda ex: ex.swap_exact_out("AAA", "BBB", "2000", "999999"), QenexError, "amount_out"),
        (lambda ex: ex.swap_exact_out("AAA", "BBB", "0", "1"), ValidationError, "amount_out"),
        (lambda ex: ex.swap_exact_out("AAA", "BBB", "1", "0"), ValidationError, "max_in"),
        (lambda ex: ex.quote_swap("AAA", "BBB"), ValidationError, "amount_in"),
        (lambda ex: ex.quote_swap("AAA", "BBB", amount_in="1", amount_out="1"), ValidationError, "amount_in"),
        (
            lambda ex: ex.quote_swap("AAA", "BBB", amount_in="1", slippage_bps=6000),
            ValidationError,
            "slippage",
        ),
        (lambda ex: ex.quote_swap("AAA", "BBB", amount_in="1", slippage_bps=-1), ValidationError, "slippage"),
    ],
)
def test_swaps_refuse_bad_input(pool: ExchangeService, call, error: type, field: str) -> None:  # type: ignore[no-untyped-def]
    pool.create_account("Other", counterparty=True)
    before = snapshot(ex_core(pool))
    with pytest.raises(error) as caught:
        call(pool)
    assert caught.value.field == field
    assert str(caught.value)
    assert snapshot(ex_core(pool)) == before


# -- routing ---------------------------------------------------------------------------------


@pytest.fixture
def chain_of_pools(ex: ExchangeService) -> ExchangeService:
    """A-B, B-C, C-D, D-E pools (1:1, 100,000 each side); no direct A-C."""
    for symbol in ("AAA", "BBB", "CCC", "DDD", "EEE"):
        ex.create_token(symbol, symbol, 0, "10000000")
    for a, b in (("AAA", "BBB"), ("BBB", "CCC"), ("CCC", "DDD"), ("DDD", "EEE")):
        ex.create_pool(a, b, "100000", "100000")
    return ex


def test_routing_finds_a_path_over_up_to_three_hops(chain_of_pools: ExchangeService) -> None:
    two = chain_of_pools.quote_swap("AAA", "CCC", amount_in="1000")
    assert two.path == ("AAA", "BBB", "CCC")
    three = chain_of_pools.quote_swap("AAA", "DDD", amount_in="1000")
    assert three.path == ("AAA", "BBB", "CCC", "DDD")
    expected = amm.get_amounts_out(1000, [(100000, 100000, 30)] * 3)[-1]
    assert three.amount_out == expected
    result = chain_of_pools.swap_exact_in("AAA", "DDD", "1000", three.amount_out)
    assert result.amount_out == expected
    assert_conserved(ex_core(chain_of_pools))
    # Intermediate tokens stay in the pools: B and C reserves moved, nobody's balance of them changed.
    assert chain_of_pools.get_pool("BBB", "CCC").reserve0 > 100000


def test_four_hops_is_beyond_the_router(chain_of_pools: ExchangeService) -> None:
    with pytest.raises(NotFoundError) as caught:
        chain_of_pools.quote_swap("AAA", "EEE", amount_in="10")
    assert caught.value.field == "token_out"


def test_routing_prefers_the_better_path(chain_of_pools: ExchangeService) -> None:
    # A thin direct A-C pool: the 2-hop route through deep pools pays more.
    chain_of_pools.create_pool("AAA", "CCC", "2000", "2000")
    quote = chain_of_pools.quote_swap("AAA", "CCC", amount_in="1000")
    assert quote.path == ("AAA", "BBB", "CCC")
    small = chain_of_pools.quote_swap("AAA", "CCC", amount_in="10")
    assert small.path == ("AAA", "CCC")  # for a small trade the single fee wins


def test_exact_out_routes_too(chain_of_pools: ExchangeService) -> None:
    quote = chain_of_pools.quote_swap("AAA", "CCC", amount_out="500")
    assert quote.path == ("AAA", "BBB", "CCC")
    result = chain_of_pools.swap_exact_out("AAA", "CCC", "500", quote.amount_in)
    assert result.amount_out == 500
    assert_conserved(ex_core(chain_of_pools))


# -- liquidity -------------------------------------------------------------------------------


def test_add_liquidity_deposits_the_optimal_pair(pool: ExchangeService) -> None:
    before = pool.get_pool("AAA", "BBB")
    result = pool.add_liquidity("AAA", "BBB", "10", "100")
    assert (result.amount_a, result.amount_b) == (10 * E18, 20 * E6)  # B capped at the pool price
    assert result.shares == amm.mint_shares(
        10 * E18, 20 * E6, before.reserve0, before.reserve1, before.total_shares
    )
    after = pool.get_pool("AAA", "BBB")
    assert after.total_shares == before.total_shares + result.shares
    assert_conserved(ex_core(pool))


def test_add_liquidity_in_reverse_order(pool: ExchangeService) -> None:
    result = pool.add_liquidity("BBB", "AAA", "20", "100")
    assert (result.symbol_a, result.amount_a, result.amount_b) == ("BBB", 20 * E6, 10 * E18)


def test_add_liquidity_below_minimum_is_refused(pool: ExchangeService) -> None:
    before = snapshot(ex_core(pool))
    with pytest.raises(ValidationError) as caught:
        pool.add_liquidity("AAA", "BBB", "10", "100", min_b="25")
    assert caught.value.field == "min_b"
    assert snapshot(ex_core(pool)) == before


def test_add_liquidity_to_a_missing_pool_says_create_it(two_tokens: ExchangeService) -> None:
    with pytest.raises(NotFoundError, match="pool create"):
        two_tokens.add_liquidity("AAA", "BBB", "1", "1")


def test_remove_liquidity_by_percent_and_by_shares(pool: ExchangeService) -> None:
    start = pool.positions()[0]
    half = pool.remove_liquidity("AAA", "BBB", percent="50")
    assert half.shares == start.shares // 2
    assert half.amount_a == half.shares * 1000 * E18 // start.total_shares
    rest = pool.positions()[0].shares
    pool.remove_liquidity("AAA", "BBB", shares=rest)
    assert pool.positions() == []
    info = pool.get_pool("AAA", "BBB")
    assert info.total_shares == amm.MINIMUM_LIQUIDITY  # the locked 1000 stay forever
    assert info.reserve0 > 0 and info.reserve1 > 0
    assert_conserved(ex_core(pool))


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({}, ValidationError, "shares"),
        ({"shares": 1, "percent": "5"}, ValidationError, "shares"),
        ({"shares": "0"}, ValidationError, "shares"),
        ({"shares": "-4"}, ValidationError, "shares"),
        ({"shares": "1.5"}, ValidationError, "shares"),
        ({"shares": str(10**40)}, InsufficientFundsError, "shares"),
        ({"percent": "0"}, ValidationError, "percent"),
        ({"percent": "101"}, ValidationError, "percent"),
        ({"percent": "abc"}, ValidationError, "percent"),
        ({"percent": "100", "min_a": "1000"}, SlippageError, "min_a"),
        ({"percent": "10", "min_b": "1000000"}, SlippageError, "min_b"),
    ],
)
def test_remove_liquidity_refuses_bad_input(
    pool: ExchangeService, kwargs: dict[str, object], error: type, field: str
) -> None:
    before = snapshot(ex_core(pool))
    with pytest.raises(error) as caught:
        pool.remove_liquidity("AAA", "BBB", **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert snapshot(ex_core(pool)) == before


def test_positions_show_share_and_value(pool: ExchangeService) -> None:
    [position] = pool.positions()
    assert position.share_ppm == 999_999  # all but the locked 1000 of ~1.4e15 shares
    assert position.value0 == position.shares * 1000 * E18 // position.total_shares
    assert position.value1_text.startswith("1999.99")


def test_price_history_window(pool: ExchangeService) -> None:
    pool.swap_exact_in("AAA", "BBB", "1", 0)
    points = pool.price_history("AAA", "BBB")
    assert len(points) == 2
    assert pool.price_history("AAA", "BBB", since_ms=points[-1].at_ms + 10**9) == []
    assert len(pool.price_history("AAA", "BBB", limit=1)) == 1


def test_liquidity_quotes_match_what_happens_and_change_nothing(pool: ExchangeService) -> None:
    before = snapshot(ex_core(pool))
    add = pool.quote_add_liquidity("AAA", "BBB", "10", "100")
    remove = pool.quote_remove_liquidity("AAA", "BBB", percent="25")
    assert snapshot(ex_core(pool)) == before
    added = pool.add_liquidity("AAA", "BBB", "10", "100")
    assert (added.amount_a, added.amount_b, added.shares) == (add.amount_a, add.amount_b, add.shares)
    assert add.share_ppm == add.shares * 1_000_000 // pool.get_pool("AAA", "BBB").total_shares
    held = pool.positions()[0].shares
    expected = pool.quote_remove_liquidity("BBB", "AAA", shares=held // 4)
    removed = pool.remove_liquidity("BBB", "AAA", shares=held // 4)
    assert (removed.amount_a, removed.amount_b) == (expected.amount_a, expected.amount_b)
    assert remove.shares > 0


@pytest.mark.parametrize(
    ("args", "kwargs", "error", "field"),
    [
        (("AAA", "BBB", "0", "1"), {}, ValidationError, "amount_a"),
        (("AAA", "BBB", "1", "-1"), {}, ValidationError, "amount_b"),
        (("AAA", "BBB", "1", "x"), {}, ValidationError, "amount_b"),
        (("AAA", "BBB", 0.5, "1"), {}, ValidationError, "amount_a"),
        (("AAA", "BBB", "1", "1"), {"min_a": "-1"}, ValidationError, "min_a"),
        (("AAA", "AAA", "1", "1"), {}, ValidationError, "token_b"),
        (("AAA", "QQQ", "1", "1"), {}, NotFoundError, "token_b"),
        (("AAA", "BBB", "2000000", "4000000"), {}, InsufficientFundsError, "amount_a"),
        (("AAA", "BBB", "1", "2"), {"account": "Ghost"}, NotFoundError, "account"),
        (("AAA", "BBB", "1", "2"), {"account": ""}, ValidationError, "account"),
    ],
)
def test_add_liquidity_refuses_bad_input(
    pool: ExchangeService, args: tuple[object, ...], kwargs: dict[str, object], error: type, field: str
) -> None:
    before = snapshot(ex_core(pool))
    with pytest.raises(error) as caught:
        pool.add_liquidity(*args, **kwargs)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert snapshot(ex_core(pool)) == before


def test_reads_work_logged_out_where_they_can(pool: ExchangeService) -> None:
    ex_core(pool).auth.logout()
    assert pool.list_pools()[0].my_shares == 0
    assert pool.quote_swap("AAA", "BBB", amount_in="1").amount_out > 0
    assert pool.quote_add_liquidity("AAA", "BBB", "1", "2").shares > 0
    assert len(pool.price_history("AAA", "BBB")) == 1


def test_swap_history_lists_your_swaps_newest_first(chain_of_pools: ExchangeService) -> None:
    chain_of_pools.swap_exact_in("AAA", "BBB", "10", 0)
    chain_of_pools.swap_exact_out("AAA", "CCC", "5", "100")
    history = chain_of_pools.swap_history()
    assert [h.kind for h in history] == ["exact_out", "exact_in"]
    assert history[0].path == ("AAA", "BBB", "CCC") and history[0].amount_out == 5
    assert chain_of_pools.swap_history(limit=1)[0].swap_id == history[0].swap_id


def test_operations_are_timed_for_monitoring(pool: ExchangeService) -> None:
    from qenex_desktop.core.instrumentation import OperationSample

    seen: list[OperationSample] = []
    pool.instrumentation.subscribe(seen.append)
    try:
        pool.quote_swap("AAA", "BBB", amount_in="1")
        pool.swap_exact_in("AAA", "BBB", "1", 0)
        with pytest.raises(SlippageError):
            pool.swap_exact_in("AAA", "BBB", "1", "1000000")
    finally:
        pool.instrumentation.unsubscribe(seen.append)
    assert [(s.operation, s.outcome) for s in seen] == [
        ("exchange.quote", "ok"),
        ("exchange.swap", "ok"),
        ("exchange.swap", "slippage"),
    ]
