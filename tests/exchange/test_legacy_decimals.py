"""The ledger takes tokens of 0 to 36 decimals, created here or imported (issue 14)."""

from __future__ import annotations

import pytest

from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.exchange import ExchangeService
from qenex_desktop.core.validation import UINT256_MAX


def test_a_36_decimal_token_is_created_and_its_largest_supply_fits(ex: ExchangeService) -> None:
    token = ex.create_token("FINE", "Fine Token", 36, "0.000000000000000000000000000000000001")
    assert (token.decimals, token.total_supply) == (36, 1)
    whole = UINT256_MAX // 10**36  # the most whole tokens a 36-decimal supply can hold
    big = ex.create_token("BIG", "Big Token", 36, str(whole))
    assert big.total_supply == whole * 10**36 <= UINT256_MAX
    [balance] = [b for b in ex.balances() if b.symbol == "FINE"]
    assert balance.amount_text == "0.000000000000000000000000000000000001"


@pytest.mark.parametrize("decimals", [37, -1])
def test_decimals_outside_0_to_36_are_refused(ex: ExchangeService, decimals: int) -> None:
    with pytest.raises(ValidationError) as caught:
        ex.create_token("NOPE", "Nope", decimals, "1")
    assert caught.value.field == "decimals"
