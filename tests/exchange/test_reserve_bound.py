"""Pool reserves stop at 2^112-1 as in Uniswap V2, and running totals never block a trade (issue 10, item 12).

``UniswapV2Pair._update`` reverts with OVERFLOW unless both balances are <= uint112(-1); the
reference below transcribes that require, independently of ``amm.py``.
"""

from __future__ import annotations

from math import isqrt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from qenex_desktop.core import amm
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db.models import ExchangePool
from qenex_desktop.core.exchange import ExchangeService
from qenex_desktop.core.validation import UINT256_MAX
from tests.exchange.conftest import Cli, assert_conserved, ex_core, snapshot

BOUND = 2**112 - 1


def uniswap_update_accepts(balance0: int, balance1: int) -> bool:
    """UniswapV2Pair._update: require(balance0 <= uint112(-1) && balance1 <= uint112(-1), 'OVERFLOW')."""
    return balance0 <= 2**112 - 1 and balance1 <= 2**112 - 1


# -- the AMM functions ------------------------------------------------------------------------


def test_the_bound_is_uint112() -> None:
    assert amm.MAX_RESERVE == BOUND == 5192296858534827628530496329220095


def test_a_first_deposit_up_to_the_bound_is_accepted_and_one_more_is_refused() -> None:
    assert amm.mint_shares(BOUND - 1, 10**6, 0, 0, 0) == isqrt((BOUND - 1) * 10**6) - 1000
    assert amm.mint_shares(BOUND, 10**6, 0, 0, 0) == isqrt(BOUND * 10**6) - 1000
    with pytest.raises(amm.ReserveOverflowError) as caught:
        amm.mint_shares(BOUND + 1, 10**6, 0, 0, 0)
    assert caught.value.field == "amount_a" and caught.value.code == "reserve_overflow"
    with pytest.raises(amm.ReserveOverflowError) as caught:
        amm.mint_shares(10**6, BOUND + 1, 0, 0, 0)
    assert caught.value.field == "amount_b"


def test_a_later_deposit_counts_the_reserves_already_held() -> None:
    reserve = BOUND - 10
    assert amm.mint_shares(9, 9, reserve, reserve, reserve) == 9  # leaves BOUND - 1
    assert amm.mint_shares(10, 10, reserve, reserve, reserve) == 10  # leaves exactly BOUND
    with pytest.raises(amm.ReserveOverflowError):
        amm.mint_shares(11, 11, reserve, reserve, reserve)  # BOUND + 1


@given(
    st.integers(min_value=BOUND - 2**20, max_value=BOUND + 2**20),
    st.integers(min_value=2**20, max_value=BOUND + 2**20),
    st.integers(min_value=0, max_value=2**20),
)
def test_mint_refuses_exactly_where_uniswap_reverts(amount_a: int, amount_b: int, reserve: int) -> None:
    """Amounts large enough to always mint a share, so the bound is the only reason to refuse."""
    accepts = uniswap_update_accepts(reserve + amount_a, reserve + amount_b)
    try:
        amm.mint_shares(amount_a, amount_b, reserve, reserve, reserve)
    except amm.ReserveOverflowError:
        assert not accepts
    else:
        assert accepts


# -- the service: pools, liquidity, swaps ------------------------------------------------------


@pytest.fixture
def big(ex: ExchangeService) -> ExchangeService:
    """BIG, HUGE and MID (0 decimals), 2^113 units each (about two pools' worth) in alice's Main."""
    for symbol in ("BIG", "HUGE", "MID"):
        ex.create_token(symbol, symbol, 0, str(2**113))
    return ex


def test_pool_creation_at_the_bound_is_accepted_and_past_it_refused(big: ExchangeService) -> None:
    big.create_pool("BIG", "HUGE", str(BOUND), "1000000")
    before = snapshot(ex_core(big))
    with pytest.raises(amm.ReserveOverflowError) as caught:
        big.create_pool("MID", "HUGE", str(BOUND + 1), "1000000")
    assert caught.value.field == "amount_a"
    assert snapshot(ex_core(big)) == before
    assert_conserved(ex_core(big))


def test_add_liquidity_up_to_the_bound_and_not_past_it(big: ExchangeService) -> None:
    big.create_pool("BIG", "HUGE", str(BOUND - 10), str(BOUND - 10))
    big.add_liquidity("BIG", "HUGE", "9", "9")
    big.add_liquidity("BIG", "HUGE", "1", "1")
    pool = big.get_pool("BIG", "HUGE")
    assert (pool.reserve0, pool.reserve1) == (BOUND, BOUND)
    before = snapshot(ex_core(big))
    with pytest.raises(amm.ReserveOverflowError):
        big.add_liquidity("BIG", "HUGE", "1", "1")
    with pytest.raises(amm.ReserveOverflowError):
        big.quote_add_liquidity("BIG", "HUGE", "1", "1")
    assert snapshot(ex_core(big)) == before
    big.remove_liquidity("BIG", "HUGE", percent="10")  # taking out is always possible
    assert_conserved(ex_core(big))


def test_a_swap_may_leave_a_reserve_below_the_bound_and_not_past_it(big: ExchangeService) -> None:
    big.create_pool("BIG", "HUGE", str(BOUND - 102), str(BOUND - 102))
    big.swap_exact_in("BIG", "HUGE", "101", "0")
    assert big.get_pool("BIG", "HUGE").reserve0 == BOUND - 1
    before = snapshot(ex_core(big))
    with pytest.raises(amm.ReserveOverflowError) as caught:
        big.swap_exact_in("BIG", "HUGE", "2", "0")  # would leave BOUND + 1 (and pay out 1)
    assert caught.value.field == "amount_in"
    with pytest.raises(amm.ReserveOverflowError):
        big.quote_swap("BIG", "HUGE", amount_in="2")
    assert big.quote_swap("HUGE", "BIG", amount_out="1").amount_in == 2
    with pytest.raises(amm.ReserveOverflowError):
        big.swap_exact_out("BIG", "HUGE", "1", "10")  # costs 2: BOUND + 1 again
    assert snapshot(ex_core(big)) == before
    big.swap_exact_in("HUGE", "BIG", "100", "0")  # the other way lowers the full reserve
    assert big.get_pool("BIG", "HUGE").reserve0 < BOUND - 1
    assert_conserved(ex_core(big))


def test_the_router_goes_around_a_pool_that_would_overflow(big: ExchangeService) -> None:
    big.create_pool("BIG", "HUGE", str(BOUND - 10), str(BOUND - 10))  # the best price, but nearly full
    big.create_pool("BIG", "MID", str(10**24), str(10**24))
    big.create_pool("MID", "HUGE", str(10**24), str(10**24))
    assert big.quote_swap("BIG", "HUGE", amount_in="10").path == ("BIG", "HUGE")
    quote = big.quote_swap("BIG", "HUGE", amount_in="1000000")
    assert quote.path == ("BIG", "MID", "HUGE")
    result = big.swap_exact_in("BIG", "HUGE", "1000000", "1")
    assert result.path == ("BIG", "MID", "HUGE")
    assert big.get_pool("BIG", "HUGE").reserve0 == BOUND - 10


# -- the CLI: refusals exit 1; totals saturate --------------------------------------------------


def _big_market(cli: Cli, reserve: int) -> None:
    for symbol in ("BIG", "HUGE"):
        cli(
            "token",
            "create",
            "--symbol",
            symbol,
            "--name",
            symbol,
            "--decimals",
            "0",
            "--supply",
            str(2**113),
        )
    cli("pool", "create", "--token-a", "BIG", "--token-b", "HUGE", "--amount-a", str(reserve),
        "--amount-b", str(reserve))  # fmt: skip


def test_cli_refuses_a_swap_past_the_bound_with_exit_1(cli: Cli) -> None:
    _big_market(cli, BOUND - 5)
    swap = ("swap", "exec", "--from", "BIG", "--to", "HUGE", "--min-out", "0", "--amount-in")
    refused = cli(*swap, "6", expect=1)
    assert (refused["error"]["code"], refused["error"]["field"]) == ("reserve_overflow", "amount_in")
    assert cli(*swap, "5")["amount_out_units"] == "4"
    assert cli("pool", "list")["pools"][0]["reserve0_units"] == str(BOUND)


def test_running_totals_at_the_uint256_bound_never_block_a_swap(cli: Cli) -> None:
    _big_market(cli, 10**24)
    core = QenexCore(AppConfig.load(str(cli.data_dir)))
    try:
        with core.db.write() as session:
            pool = session.scalars(select(ExchangePool)).one()
            pool.volume0 = pool.volume1 = UINT256_MAX - 5
            pool.fees0 = pool.fees1 = UINT256_MAX - 1
    finally:
        core.close()
    cli("swap", "exec", "--from", "BIG", "--to", "HUGE", "--amount-in", "100000", "--min-out", "0")
    cli("swap", "exec", "--from", "HUGE", "--to", "BIG", "--amount-in", "100000", "--min-out", "0")
    core = QenexCore(AppConfig.load(str(cli.data_dir)))
    try:
        stats = core.exchange.pool_stats("BIG", "HUGE")
    finally:
        core.close()
    assert stats.total_swaps == 2
    assert (stats.total_volume0, stats.total_volume1) == (UINT256_MAX, UINT256_MAX)
    assert (stats.total_fees0, stats.total_fees1) == (UINT256_MAX, UINT256_MAX)
    assert (stats.volume0, stats.volume1) == (100000, 100000)  # the per-swap points stay exact
    shown = cli("pool", "show", "BIG", "HUGE")
    assert shown["total_swaps"] == 2
