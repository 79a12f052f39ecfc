"""Issue 15 on a real Hardhat node: fee presets from eth_feeHistory, and a preview that is
simulated (eth_call at pending, the exact transaction) and decoded before anything is signed."""

from __future__ import annotations

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.fees import FeeChoice, bumped, parse_fee_choice
from qenex_desktop.core.db.models import ChainTransaction
from qenex_desktop.core.errors import TransactionRevertedError, ValidationError
from tests.chain.conftest import ETHER, Wallet
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

pytestmark = pytest.mark.hardhat
RECIPIENT = "0x000000000000000000000000000000000000dEaD"
GWEI = 10**9


def _own_rows(core: QenexCore) -> list[ChainTransaction]:
    with core.db.read() as session:
        return list(session.query(ChainTransaction).filter(ChainTransaction.kind != "faucet"))


def _node_nonce(node: HardhatNode, address: str) -> int:
    return int(node.rpc("eth_getTransactionCount", [address, "pending"]), 16)


def test_a_qxc_send_above_the_balance_is_refused_at_preview_with_the_decoded_reason(
    with_qxc: Wallet, hardhat_node: HardhatNode
) -> None:
    chain = with_qxc.core.chain
    nonce_before = _node_nonce(hardhat_node, with_qxc.address)
    preview = chain.preview_send(to=RECIPIENT, asset="QXC", amount="1500")
    assert preview.will_revert and preview.simulation is not None
    reason = str(preview.simulation.reason)
    assert reason.startswith("ERC20InsufficientBalance(sender=")  # OZ 5's custom error, decoded
    assert f"balance={1_000 * ETHER}, needed={1_500 * ETHER})" in reason
    assert preview.simulation.explanation == "the account holds 1000 QXC; this needs 1500 QXC"
    assert preview.call is not None and preview.call.kind == "transfer"
    assert preview.call.amount == 1_500 * ETHER and preview.call.target == RECIPIENT
    with pytest.raises(TransactionRevertedError, match="ERC20InsufficientBalance") as refused:
        chain.send(to=RECIPIENT, asset="QXC", amount="1500", password=STRONG_PASSWORD)
    assert "Nothing was sent" in refused.value.message
    assert _own_rows(with_qxc.core) == []  # nothing signed, nothing recorded
    assert _node_nonce(hardhat_node, with_qxc.address) == nonce_before
    # the same send within the balance simulates fine and is decoded with its balance changes
    fine = chain.preview_send(to=RECIPIENT, asset="QXC", amount="250")
    assert not fine.will_revert
    token = chain.qxc_token()
    assert token is not None
    assert fine.data == erc20.transfer_call(RECIPIENT, 250 * ETHER) and fine.to_address == token.address
    assert [(c.asset, c.delta) for c in fine.balance_changes] == [
        ("ETH", -fine.max_fee),
        (token.address, -250 * ETHER),
    ]


def test_a_paused_qxc_is_shown_reverting_before_signing(with_qxc: Wallet, hardhat_node: HardhatNode) -> None:
    chain = with_qxc.core.chain
    token = chain.qxc_token()
    assert token is not None
    dev = chain.dev_account()[0]
    hardhat_node.rpc(
        "eth_sendTransaction", [{"from": dev, "to": token.address, "data": erc20.selector("pause()")}]
    )
    try:
        preview = chain.preview_send(to=RECIPIENT, asset="QXC", amount="1")
        assert preview.will_revert and preview.simulation is not None
        assert preview.simulation.reason == "EnforcedPause()"
    finally:
        hardhat_node.rpc(
            "eth_sendTransaction", [{"from": dev, "to": token.address, "data": erc20.selector("unpause()")}]
        )
    assert not chain.preview_send(to=RECIPIENT, asset="QXC", amount="1").will_revert


def _varied_blocks(node: HardhatNode) -> None:
    """Five blocks of one transfer each, tipping 5, 1, 9, 3 and 7 gwei (Hardhat mines each at once)."""
    dev = node.rpc("eth_accounts")[10]
    for tip in (5, 1, 9, 3, 7):
        node.rpc(
            "eth_sendTransaction",
            [
                {
                    "from": dev,
                    "to": RECIPIENT,
                    "value": "0x1",
                    "maxPriorityFeePerGas": hex(tip * GWEI),
                    "maxFeePerGas": hex(100 * GWEI),
                }
            ],
        )


def test_fee_presets_are_ordered_slow_market_fast_on_a_varied_fee_history(
    funded: Wallet, hardhat_node: HardhatNode
) -> None:
    chain = funded.core.chain
    assert chain.settings.fee_history_blocks == 5  # the five blocks below
    _varied_blocks(hardhat_node)
    presets = chain.fee_presets()
    slow, market, fast = presets.options
    assert [o.speed for o in presets.options] == ["slow", "market", "fast"]
    assert slow.max_priority_fee_per_gas < market.max_priority_fee_per_gas < fast.max_priority_fee_per_gas
    assert slow.max_fee_per_gas < market.max_fee_per_gas < fast.max_fee_per_gas
    tips = [o.max_priority_fee_per_gas for o in presets.options]
    assert tips == [1 * GWEI, 5 * GWEI, 9 * GWEI]  # the low end, the median, the high end
    assert market.max_fee_per_gas == 2 * presets.base_fee_per_gas + market.max_priority_fee_per_gas
    preview = chain.preview_send(to=RECIPIENT, asset="ETH", amount="1", fee=FeeChoice("fast"))
    assert preview.fee_speed == "fast" and preview.max_fee_per_gas >= fast.max_fee_per_gas
    assert preview.max_fee == preview.gas_limit * preview.max_fee_per_gas
    assert preview.call is not None and preview.call.kind == "eth_send"
    assert [(c.asset, c.delta) for c in preview.balance_changes] == [("ETH", -(ETHER + preview.max_fee))]


def test_custom_fees_in_gwei_are_signed_exactly(funded: Wallet) -> None:
    chain = funded.core.chain
    choice = parse_fee_choice(None, "40.5", "2")
    preview = chain.preview_send(to=RECIPIENT, asset="ETH", amount="0.5", fee=choice)
    assert (preview.max_fee_per_gas, preview.max_priority_fee_per_gas) == (40_500_000_000, 2 * GWEI)
    tx = chain.send(to=RECIPIENT, asset="ETH", amount="0.5", password=STRONG_PASSWORD, fee=choice)
    assert (tx.max_fee_per_gas, tx.max_priority_fee_per_gas) == (40_500_000_000, 2 * GWEI)
    with pytest.raises(ValidationError) as low:
        chain.preview_send(to=RECIPIENT, asset="ETH", amount="0.5", fee=FeeChoice.exact(1, 0))
    assert low.value.field == "max_fee" and "base fee" in low.value.message


def test_a_speed_up_offers_the_presets_each_outbidding_and_signs_the_one_chosen(
    funded: Wallet, hardhat_node: HardhatNode
) -> None:
    chain = funded.core.chain
    hardhat_node.set_automine(False)
    try:
        pending = chain.send(to=RECIPIENT, asset="ETH", amount="0.1", password=STRONG_PASSWORD)
        shown = chain.preview_replacement(pending.tx_hash, cancel=False)
        assert [speed for speed, _fees in shown.choices] == ["slow", "market", "fast"]
        least = shown.minimum
        assert least is not None and least.max_fee_per_gas > pending.max_fee_per_gas
        for _speed, fees in shown.choices:
            assert fees.max_fee_per_gas >= least.max_fee_per_gas
            assert fees.max_priority_fee_per_gas >= least.max_priority_fee_per_gas
        assert dict(shown.choices)["market"] == shown.fees
        slow, market, fast = (fees for _speed, fees in shown.choices)
        for lower, higher in ((slow, market), (market, fast)):  # three choices, each buying more
            assert higher.max_priority_fee_per_gas >= bumped(lower.max_priority_fee_per_gas, 10)
            assert higher.max_fee_per_gas >= bumped(lower.max_fee_per_gas, 10)
        fast = shown.choose("fast")
        faster = chain.speed_up(pending.tx_hash, fees=fast.fees)
        assert (faster.max_fee_per_gas, faster.max_priority_fee_per_gas) == (
            fast.max_fee_per_gas,
            fast.max_priority_fee_per_gas,
        )
        hardhat_node.mine()
    finally:
        hardhat_node.set_automine(True)
