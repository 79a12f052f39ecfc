"""Speed-up and cancel are reviewed first (issue 12): the preview's fees are the ones signed."""

from __future__ import annotations

import pytest

from qenex_desktop.core.chain.fees import FeeQuote, bumped
from qenex_desktop.core.chain.replacement import CANCEL_GAS, ReplacementFees, outbid, preview, request
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.errors import ValidationError
from tests.chain.conftest import Wallet
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

RECIPIENT = "0x000000000000000000000000000000000000dEaD"
GWEI = 10**9


def _row(**overrides: object) -> ChainTransaction:
    fields: dict[str, object] = {
        "id": 7,
        "tx_hash": "0x" + "ab" * 32,
        "kind": "send_eth",
        "from_address": "0x" + "11" * 20,
        "to_address": RECIPIENT,
        "recipient": RECIPIENT,
        "asset": "ETH",
        "asset_symbol": "ETH",
        "asset_decimals": 18,
        "amount": 5 * 10**17,
        "value": 5 * 10**17,
        "data": "0x",
        "nonce": 3,
        "gas_limit": 21_000,
        "max_fee_per_gas": 3 * GWEI,
        "max_priority_fee_per_gas": 1 * GWEI,
    }
    fields.update(overrides)
    return ChainTransaction(**fields)


def test_the_preview_is_what_the_request_signs_and_outbids_the_row() -> None:
    row = _row(kind="send_token", to_address="0x" + "22" * 20, value=0, data="0xa9059cbb", gas_limit=60_000)
    quote = FeeQuote(base_fee_per_gas=GWEI, max_priority_fee_per_gas=GWEI // 2, max_fee_per_gas=2 * GWEI)
    shown = preview(row, quote, 10, cancel=False, network="Local", balance=10**18)
    signed = request(row, shown.fees, cancel=False)
    assert (signed.max_fee_per_gas, signed.max_priority_fee_per_gas) == (
        shown.max_fee_per_gas,
        shown.max_priority_fee_per_gas,
    )
    assert shown.max_priority_fee_per_gas == bumped(GWEI, 10) == 1_100_000_000
    assert shown.max_fee_per_gas == bumped(3 * GWEI, 10) == 3_300_000_000
    assert shown.gas_limit == signed.gas_limit == 60_000 and shown.value == signed.value == 0
    assert shown.max_cost == 60_000 * 3_300_000_000 and shown.old_max_cost == 60_000 * 3 * GWEI
    assert (signed.to, signed.data, signed.nonce, signed.replaces_id) == (row.to_address, row.data, 3, 7)


def test_a_cancel_preview_is_a_plain_transfer_of_nothing_to_oneself() -> None:
    row = _row(gas_limit=90_000)
    busy = FeeQuote(base_fee_per_gas=5 * GWEI, max_priority_fee_per_gas=2 * GWEI, max_fee_per_gas=12 * GWEI)
    shown = preview(row, busy, 10, cancel=True, network="Local", balance=10**18)
    signed = request(row, shown.fees, cancel=True)
    assert shown.gas_limit == signed.gas_limit == CANCEL_GAS and shown.value == signed.value == 0
    assert signed.to == signed.recipient == row.from_address and signed.amount == 0
    assert shown.fees == outbid(row, busy, 10) == ReplacementFees(12 * GWEI, 2 * GWEI)  # today's fees win
    assert shown.old_max_cost == 90_000 * 3 * GWEI and shown.max_cost == CANCEL_GAS * 12 * GWEI


@pytest.mark.hardhat
def test_a_speed_up_signs_exactly_the_reviewed_fees(funded: Wallet, hardhat_node: HardhatNode) -> None:
    chain = funded.core.chain
    hardhat_node.set_automine(False)
    try:
        original = chain.send(to=RECIPIENT, asset="ETH", amount="0.5", password=STRONG_PASSWORD)
        shown = chain.preview_replacement(original.tx_hash, cancel=False)
        assert (shown.old_max_fee_per_gas, shown.old_max_priority_fee_per_gas, shown.old_gas_limit) == (
            original.max_fee_per_gas,
            original.max_priority_fee_per_gas,
            original.gas_limit,
        )
        assert shown.max_fee_per_gas > original.max_fee_per_gas and shown.nonce == original.nonce
        assert shown.affordable and shown.balance <= 10 * 10**18
        with pytest.raises(ValidationError, match="do not outbid"):  # the old fees: refused, nothing signed
            chain.speed_up(
                original.tx_hash,
                fees=ReplacementFees(original.max_fee_per_gas, original.max_priority_fee_per_gas),
            )
        assert len([t for t in chain.transactions() if t.status == "pending"]) == 1
        faster = chain.speed_up(original.tx_hash, fees=shown.fees)
        assert (faster.max_fee_per_gas, faster.max_priority_fee_per_gas, faster.gas_limit) == (
            shown.max_fee_per_gas,
            shown.max_priority_fee_per_gas,
            shown.gas_limit,
        )
        assert faster.replaces == original.tx_hash
        cancel_preview = chain.preview_replacement(faster.tx_hash, cancel=True)
        assert cancel_preview.gas_limit == CANCEL_GAS and cancel_preview.value == 0
        with pytest.raises(ValidationError, match="replaced already"):
            chain.preview_replacement(original.tx_hash, cancel=True)
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
    chain.refresh_pending()
    assert chain.transaction(faster.tx_hash).status == "confirmed"
