"""The liquidity review (``review_add_liquidity``/``review_remove_liquidity``): what it says is what
the write then does on the same reserves, it changes nothing, it refuses what the write refuses,
and its minimums hold the write to the reviewed price."""

from __future__ import annotations

import pytest

from qenex_desktop.core.errors import InsufficientFundsError, QenexError, ValidationError
from qenex_desktop.core.exchange import ExchangeService
from qenex_desktop.core.exchange.liquidity_quote import LP_DECIMALS, minimum_under_slippage
from tests.exchange.conftest import ex_core, snapshot

AAA = 10**18
BBB = 10**6


@pytest.fixture
def pool(two_tokens: ExchangeService) -> ExchangeService:
    """AAA/BBB at 1 AAA = 2 BBB: 1,000 AAA and 2,000 BBB."""
    two_tokens.create_pool("AAA", "BBB", "1000", "2000")
    return two_tokens


def test_add_review_is_what_the_add_does(pool: ExchangeService) -> None:
    before = pool.get_pool("AAA", "BBB")
    review = pool.review_add_liquidity("AAA", "BBB", "10", "50", slippage_bps=100)
    # the pool's price takes 20 BBB for 10 AAA, not the 50 offered (Uniswap's optimal deposit)
    assert (review.amount_a, review.amount_b) == (10 * AAA, 20 * BBB)
    assert (review.min_a, review.min_b) == (10 * AAA * 99 // 100, 20 * BBB * 99 // 100)
    assert review.price_a_in_b == "2" and review.price_b_in_a == "0.5"
    assert review.shares == before.total_shares // 100  # 1% more of each reserve
    assert review.shares_after == review.shares_before + review.shares
    result = pool.add_liquidity("AAA", "BBB", "10", "50", min_a=review.min_a, min_b=review.min_b)
    assert (result.amount_a, result.amount_b, result.shares) == (
        review.amount_a,
        review.amount_b,
        review.shares,
    )
    assert result.position_shares == review.shares_after
    after = pool.get_pool("AAA", "BBB")
    assert after.total_shares == review.total_shares_after
    [position] = pool.positions()
    assert position.share_ppm == review.share_after_ppm


def test_add_review_in_the_callers_order(pool: ExchangeService) -> None:
    review = pool.review_add_liquidity("BBB", "AAA", "4", "100", slippage_bps=0)
    assert (review.symbol_a, review.symbol_b) == ("BBB", "AAA")
    assert (review.amount_a, review.amount_b) == (4 * BBB, 2 * AAA)
    assert (review.decimals_a, review.decimals_b) == (6, 18)
    assert (review.min_a, review.min_b) == (review.amount_a, review.amount_b)  # no slippage allowed
    assert review.price_a_in_b == "0.5"


def test_remove_review_is_what_the_remove_does(pool: ExchangeService) -> None:
    review = pool.review_remove_liquidity("AAA", "BBB", percent="25", slippage_bps=50)
    held = review.shares_before
    assert review.shares == held * 25 // 100
    assert review.shares_after == held - review.shares
    assert review.min_a == minimum_under_slippage(review.amount_a, 50)
    result = pool.remove_liquidity("AAA", "BBB", percent="25", min_a=review.min_a, min_b=review.min_b)
    assert (result.amount_a, result.amount_b, result.shares) == (
        review.amount_a,
        review.amount_b,
        review.shares,
    )
    [position] = pool.positions()
    assert position.share_ppm == review.share_after_ppm
    assert pool.get_pool("AAA", "BBB").total_shares == review.total_shares_after


def test_shares_are_whole_lp_units_of_18_decimals(pool: ExchangeService) -> None:
    """isqrt(1000e18 * 2000e6) = 1.414e15 base units of shares: 0.0014 LP, as Uniswap's LP token says."""
    review = pool.review_remove_liquidity("AAA", "BBB", percent="100")
    assert LP_DECIMALS == 18
    assert review.shares_before + 1000 == pool.get_pool("AAA", "BBB").total_shares  # 1000 locked
    assert review.shares_before + 1000 == 1_414_213_562_373_095  # isqrt(2e30)
    assert review.shares_before < 10**LP_DECIMALS  # less than one whole LP
    assert review.share_after_ppm == 0 and review.share_before_ppm == 999_999


def test_a_review_changes_nothing(pool: ExchangeService) -> None:
    core = ex_core(pool)
    before = snapshot(core)
    pool.review_add_liquidity("AAA", "BBB", "10", "20")
    pool.review_remove_liquidity("AAA", "BBB", percent="50")
    assert snapshot(core) == before


def test_a_review_refuses_what_the_write_would(pool: ExchangeService) -> None:
    with pytest.raises(InsufficientFundsError) as caught:
        pool.review_add_liquidity("AAA", "BBB", "999500", "1999000")
    assert caught.value.field == "amount_a"
    assert caught.value.message == "Main holds 999000 AAA; this needs 999500."
    with pytest.raises(QenexError) as write:
        pool.add_liquidity("AAA", "BBB", "999500", "1999000")
    assert write.value.message == caught.value.message
    with pytest.raises(ValidationError) as bad:
        pool.review_add_liquidity("AAA", "BBB", "1,5", "3")
    assert bad.value.field == "amount_a"
    with pytest.raises(ValidationError) as slip:
        pool.review_add_liquidity("AAA", "BBB", "1", "2", slippage_bps=5_001)
    assert slip.value.field == "slippage"
    with pytest.raises(InsufficientFundsError) as none:
        pool.review_remove_liquidity("AAA", "BBB", shares=10**30)
    assert none.value.field == "shares"


def test_the_reviewed_minimums_hold_the_add_to_the_reviewed_price(pool: ExchangeService) -> None:
    """The price moves 10% between review and confirm: the add under a 1% slippage is refused."""
    review = pool.review_add_liquidity("AAA", "BBB", "10", "20", slippage_bps=100)
    pool.swap_exact_in("AAA", "BBB", "50", 0)  # AAA is cheaper now: 10 AAA pair with fewer BBB
    core = ex_core(pool)
    before = snapshot(core)
    with pytest.raises(ValidationError) as caught:
        pool.add_liquidity("AAA", "BBB", "10", "20", min_a=review.min_a, min_b=review.min_b)
    assert caught.value.field in {"min_a", "min_b"}
    assert snapshot(core) == before


def test_create_review_is_what_the_create_does(two_tokens: ExchangeService) -> None:
    """A new pool is reviewed like an add: both deposits whole, the shares minted (the root of the
    product less the 1,000 locked forever), the price they set, the fee; nothing changes."""
    before = snapshot(two_tokens)
    review = two_tokens.review_create_pool("AAA", "BBB", "1000", "2000", fee_bps=5)
    assert snapshot(two_tokens) == before  # a read: no pool, no balance moved
    assert review.action == "create" and review.fee_bps == 5 and review.locked_shares == 1000
    assert (review.amount_a, review.amount_b) == (1000 * AAA, 2000 * BBB)
    assert (review.min_a, review.min_b) == (review.amount_a, review.amount_b)
    assert review.price_a_in_b == "2" and review.price_b_in_a == "0.5"
    result = two_tokens.create_pool("AAA", "BBB", "1000", "2000", fee_bps=5)
    assert (result.amount_a, result.amount_b, result.shares) == (
        review.amount_a,
        review.amount_b,
        review.shares,
    )
    created = two_tokens.get_pool("AAA", "BBB")
    assert created.total_shares == review.total_shares_after == review.shares + 1000
    [position] = two_tokens.positions()
    assert position.share_ppm == review.share_after_ppm


def test_create_review_refuses_what_the_create_refuses(pool: ExchangeService) -> None:
    with pytest.raises(QenexError) as exists:
        pool.review_create_pool("BBB", "AAA", "1", "1")
    with pytest.raises(QenexError) as created:
        pool.create_pool("BBB", "AAA", "1", "1")
    assert (exists.value.code, exists.value.field, exists.value.message) == (
        created.value.code,
        created.value.field,
        created.value.message,
    )
    pool.create_token("CCC", "Token C", 18, "5")
    with pytest.raises(InsufficientFundsError) as short:
        pool.review_create_pool("AAA", "CCC", "1", "6")
    assert short.value.field == "amount_b"
