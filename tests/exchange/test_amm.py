"""The AMM math against Uniswap V2, on vectors worked out by hand and on random integers.

The reference functions below transcribe UniswapV2Library / UniswapV2Pair literally (997/1000),
independently of ``amm.py``'s basis-point form, so a rounding slip in either shows.
"""

from __future__ import annotations

from math import isqrt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qenex_desktop.core import amm
from qenex_desktop.core.errors import QenexError, ValidationError


def uniswap_get_amount_out(amount_in: int, reserve_in: int, reserve_out: int) -> int:
    amount_in_with_fee = amount_in * 997
    return (amount_in_with_fee * reserve_out) // (reserve_in * 1000 + amount_in_with_fee)


def uniswap_get_amount_in(amount_out: int, reserve_in: int, reserve_out: int) -> int:
    return (reserve_in * amount_out * 1000) // ((reserve_out - amount_out) * 997) + 1


# -- vectors worked by hand ------------------------------------------------------------------


def test_get_amount_out_matches_hand_computed_vector() -> None:
    # 1000*997 = 997000; 997000*10000 / (10000*1000 + 997000) = 9_970_000_000 / 10_997_000 = 906.61
    assert amm.get_amount_out(1000, 10_000, 10_000) == 906


def test_get_amount_in_matches_hand_computed_vector() -> None:
    # 10000*906*1000 / ((10000-906)*997) = 9_060_000_000 / 9_066_718 = 999.26 -> 999 + 1
    assert amm.get_amount_in(906, 10_000, 10_000) == 1000


def test_get_amount_in_adds_one_even_when_division_is_exact() -> None:
    # 997*1000*1000 / ((2000-1000)*997) = 1000 exactly; Uniswap still adds 1.
    assert amm.get_amount_in(1000, 997, 2000) == 1001


def test_one_ether_into_a_ten_by_ten_ether_pool() -> None:
    e18 = 10**18
    # 1e18*997*10e18 / (10e18*1000 + 997e18) = 9970e36/10997e18 = 906610893880149131.58...
    assert amm.get_amount_out(e18, 10 * e18, 10 * e18) == 906_610_893_880_149_131


def test_quote_rounds_down() -> None:
    assert amm.quote(10, 3, 2) == 6  # 20/3 = 6.67
    assert amm.quote(1, 3, 2) == 0


def test_first_deposit_locks_minimum_liquidity() -> None:
    assert amm.mint_shares(4000, 1000, 0, 0, 0) == 2000 - amm.MINIMUM_LIQUIDITY
    assert amm.mint_shares(10**18, 4 * 10**18, 0, 0, 0) == 2 * 10**18 - 1000


def test_first_deposit_at_or_below_the_lock_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        amm.mint_shares(1000, 1000, 0, 0, 0)
    assert caught.value.field == "amount_a"


def test_later_deposit_mints_the_smaller_ratio() -> None:
    # S=2000, Ra=4000, Rb=1000: a=400 -> 200 shares, b=150 -> 300 shares: min is 200.
    assert amm.mint_shares(400, 150, 4000, 1000, 2000) == 200


def test_burn_pays_pro_rata_rounded_down() -> None:
    assert amm.burn_amounts(1000, 4000, 1001, 2000) == (2000, 500)


def test_burn_of_dust_that_pays_nothing_is_refused() -> None:
    with pytest.raises(ValidationError):
        amm.burn_amounts(1, 1, 10**6, 2000)


def test_optimal_deposit_follows_the_router() -> None:
    # Pool 4000:1000; desired 400:200 -> B optimal is 100 <= 200, so (400, 100).
    assert amm.optimal_deposit(400, 200, 0, 0, 4000, 1000) == (400, 100)
    # desired 400:50 -> B optimal 100 > 50, so A optimal = 50*4000/1000 = 200.
    assert amm.optimal_deposit(400, 50, 0, 0, 4000, 1000) == (200, 50)
    assert amm.optimal_deposit(7, 9, 0, 0, 0, 0) == (7, 9)


def test_optimal_deposit_refuses_below_minimum() -> None:
    with pytest.raises(ValidationError) as caught:
        amm.optimal_deposit(400, 200, 0, 150, 4000, 1000)
    assert caught.value.field == "min_b"
    with pytest.raises(ValidationError) as caught:
        amm.optimal_deposit(400, 50, 300, 0, 4000, 1000)
    assert caught.value.field == "min_a"


def test_route_amounts_chain_hop_by_hop() -> None:
    hops = [(10_000, 10_000, 30), (5_000, 20_000, 30)]
    amounts = amm.get_amounts_out(1000, hops)
    assert amounts == [1000, 906, amm.get_amount_out(906, 5_000, 20_000)]
    back = amm.get_amounts_in(amounts[-1], hops)
    assert back[-1] == amounts[-1]
    assert back[0] <= 1000  # asking for exactly that output never costs more than the input that made it


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: amm.get_amount_out(0, 10, 10), "amount_in"),
        (lambda: amm.get_amount_out(-5, 10, 10), "amount_in"),
        (lambda: amm.get_amount_out(True, 10, 10), "amount_in"),
        (lambda: amm.get_amount_out(1, 0, 10), "pool"),
        (lambda: amm.get_amount_out(1, 10, 10, 0), "fee_bps"),
        (lambda: amm.get_amount_out(1, 10, 10, 101), "fee_bps"),
        (lambda: amm.get_amount_in(0, 10, 10), "amount_out"),
        (lambda: amm.get_amount_in(10, 10, 10), "amount_out"),
        (lambda: amm.get_amount_in(11, 10, 10), "amount_out"),
        (lambda: amm.get_amount_in(1, 10, 0), "pool"),
        (lambda: amm.quote(0, 1, 1), "amount_a"),
        (lambda: amm.quote(1, 0, 1), "pool"),
        (lambda: amm.burn_amounts(5, 10, 10, 4), "shares"),
    ],
)
def test_bad_inputs_raise_domain_errors(call: object, field: str) -> None:
    with pytest.raises(QenexError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.field == field


def test_a_float_never_passes_as_an_amount() -> None:
    with pytest.raises(ValidationError):
        amm.get_amount_out(1.5, 10, 10)  # type: ignore[arg-type]


# -- equal to Uniswap on random integers -------------------------------------------------------

reserves = st.integers(min_value=1, max_value=2**112 - 1)  # UniswapV2Pair keeps reserves in uint112


@given(amount_in=st.integers(1, 2**112), reserve_in=reserves, reserve_out=reserves)
def test_get_amount_out_equals_uniswap(amount_in: int, reserve_in: int, reserve_out: int) -> None:
    assert amm.get_amount_out(amount_in, reserve_in, reserve_out) == uniswap_get_amount_out(
        amount_in, reserve_in, reserve_out
    )


@given(data=st.data(), reserve_in=reserves, reserve_out=st.integers(2, 2**112 - 1))
def test_get_amount_in_equals_uniswap(data: st.DataObject, reserve_in: int, reserve_out: int) -> None:
    amount_out = data.draw(st.integers(1, reserve_out - 1))
    assert amm.get_amount_in(amount_out, reserve_in, reserve_out) == uniswap_get_amount_in(
        amount_out, reserve_in, reserve_out
    )


@given(amount_in=st.integers(1, 2**100), reserve_in=reserves, reserve_out=reserves, fee=st.integers(1, 100))
def test_a_swap_at_get_amount_out_passes_the_pair_k_check(
    amount_in: int, reserve_in: int, reserve_out: int, fee: int
) -> None:
    out = amm.get_amount_out(amount_in, reserve_in, reserve_out, fee)
    if out == 0 or out >= reserve_out:
        return
    assert amm.k_holds_after_swap(
        reserve_in, reserve_out, reserve_in + amount_in, reserve_out - out, amount_in, 0, fee
    )
    # One unit more would break it: the output is the largest the pair accepts.
    if out + 1 < reserve_out:
        assert not amm.k_holds_after_swap(
            reserve_in, reserve_out, reserve_in + amount_in, reserve_out - out - 1, amount_in, 0, fee
        )


@given(amount_out=st.integers(1, 2**100), reserve_in=reserves, extra=reserves, fee=st.integers(1, 100))
def test_get_amount_in_is_enough_for_the_output(
    amount_out: int, reserve_in: int, extra: int, fee: int
) -> None:
    reserve_out = amount_out + extra
    needed = amm.get_amount_in(amount_out, reserve_in, reserve_out, fee)
    assert amm.get_amount_out(needed, reserve_in, reserve_out, fee) >= amount_out


@given(a=st.integers(1, 2**100), b=st.integers(1, 2**100))
def test_first_mint_is_isqrt_minus_lock(a: int, b: int) -> None:
    expected = isqrt(a * b) - 1000
    if expected <= 0:
        with pytest.raises(ValidationError):
            amm.mint_shares(a, b, 0, 0, 0)
    else:
        assert amm.mint_shares(a, b, 0, 0, 0) == expected
