"""The calldata decoder and the fee presets, without a node (issue 15)."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from qenex_desktop.core.chain import decode, erc20
from qenex_desktop.core.chain.artifact import qxc_artifact
from qenex_desktop.core.chain.fees import FeeChoice, choose, parse_fee_choice, presets_from
from qenex_desktop.core.chain.types import TokenInfo
from qenex_desktop.core.errors import ValidationError

ME = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
THIRD = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"
TOKEN = TokenInfo("0x5FbDB2315678afecb367f032d93F642f64180aa3", "QENEX Coin", "QXC", 18, True)
GWEI = 10**9


@pytest.mark.parametrize(
    ("kind", "args", "expected"),
    [
        ("transfer", (OTHER, 5), {"target": OTHER, "amount": 5}),
        ("approve", (OTHER, 7), {"target": OTHER, "amount": 7, "unlimited": False}),
        ("approve", (OTHER, 2**256 - 1), {"target": OTHER, "unlimited": True}),
        ("approve", (OTHER, 2**255), {"unlimited": True}),
        ("approve", (OTHER, 2**255 - 1), {"unlimited": False}),
        ("transfer_from", (THIRD, OTHER, 9), {"source": THIRD, "target": OTHER, "amount": 9}),
        ("mint", (ME, 11), {"target": ME, "amount": 11}),
        ("burn", (13,), {"amount": 13}),
        ("burn_from", (OTHER, 15), {"source": OTHER, "amount": 15}),
        ("pause", (), {"amount": None}),
        ("unpause", (), {"amount": None}),
        ("grant_role", ("MINTER_ROLE", OTHER), {"role": "MINTER_ROLE", "target": OTHER}),
        ("revoke_role", ("PAUSER_ROLE", OTHER), {"role": "PAUSER_ROLE", "target": OTHER}),
        ("renounce_role", ("DEFAULT_ADMIN_ROLE", ME), {"role": "DEFAULT_ADMIN_ROLE", "target": ME}),
    ],
)
def test_each_known_call_round_trips(
    kind: str, args: tuple[object, ...], expected: dict[str, object]
) -> None:
    data = decode.encode_call(kind, *args)
    call = decode.decode_call(TOKEN.address, 0, data, TOKEN)
    signature = decode.KNOWN[kind][0]
    assert call.kind == kind and call.function == signature
    assert call.selector == "0x" + keccak(text=signature)[:4].hex() == data[:10]
    assert (call.contract, call.symbol, call.decimals) == (TOKEN.address, "QXC", 18)
    for name, value in expected.items():
        assert getattr(call, name) == value, name


def test_the_apps_own_transfer_encoding_decodes_and_a_role_not_known_shows_its_hex() -> None:
    call = decode.decode_call(TOKEN.address, 0, erc20.transfer_call(OTHER, 42), TOKEN)
    assert (call.kind, call.target, call.amount) == ("transfer", OTHER, 42)
    odd_role = bytes(range(32))
    call = decode.decode_call(TOKEN.address, 0, decode.encode_call("grant_role", odd_role, OTHER))
    assert call.role == "0x" + odd_role.hex() and call.symbol is None


def test_a_plain_send_and_unknown_calldata_are_told_apart() -> None:
    plain = decode.decode_call(OTHER, 3, "0x")
    assert (plain.kind, plain.contract, plain.amount, plain.target) == ("eth_send", None, 3, OTHER)
    unknown = decode.decode_call(TOKEN.address, 0, "0xdeadbeef" + "00" * 32, TOKEN)
    assert (unknown.kind, unknown.selector, unknown.function) == ("unknown", "0xdeadbeef", None)
    short = decode.decode_call(TOKEN.address, 0, decode.encode_call("transfer", OTHER, 1)[:40])
    assert short.kind == "unknown"  # a known selector with broken arguments is not trusted


def test_every_state_changing_qxc_function_but_permit_is_known() -> None:
    signatures = {
        f"{entry['name']}({','.join(i['type'] for i in entry['inputs'])})"
        for entry in qxc_artifact().abi
        if entry.get("type") == "function" and entry.get("stateMutability") not in ("view", "pure")
    }
    known = {signature for signature, _names in decode.KNOWN.values()}
    assert signatures - known == {"permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"}
    assert known <= signatures


def test_balance_changes_of_the_sender() -> None:
    fee = 1_000
    send = decode.decode_call(OTHER, 50, "0x")
    assert [(c.asset, c.delta) for c in decode.balance_changes(send, ME, 50, fee)] == [("ETH", -1_050)]
    pay = decode.decode_call(TOKEN.address, 0, decode.encode_call("transfer", OTHER, 7), TOKEN)
    assert [(c.asset, c.delta, c.symbol) for c in decode.balance_changes(pay, ME, 0, fee)] == [
        ("ETH", -fee, "ETH"),
        (TOKEN.address, -7, "QXC"),
    ]
    approve = decode.decode_call(TOKEN.address, 0, decode.encode_call("approve", OTHER, 2**256 - 1), TOKEN)
    assert [c.asset for c in decode.balance_changes(approve, ME, 0, fee)] == ["ETH"]  # it only allows
    pulled = decode.decode_call(TOKEN.address, 0, decode.encode_call("transfer_from", OTHER, ME, 9), TOKEN)
    assert [c.delta for c in decode.balance_changes(pulled, ME, 0, fee)] == [-fee, 9]
    minted = decode.decode_call(TOKEN.address, 0, decode.encode_call("mint", ME, 4), TOKEN)
    assert [c.delta for c in decode.balance_changes(minted, ME, 0, fee)] == [-fee, 4]


def _history(base_fees: list[int], rewards: list[list[int]]) -> dict[str, object]:
    return {
        "baseFeePerGas": [hex(b) for b in base_fees],
        "reward": [[hex(r) for r in row] for row in rewards],
    }


def test_presets_take_the_low_end_the_median_and_the_high_end_and_never_cross() -> None:
    rewards = [
        [1 * GWEI, 2 * GWEI, 3 * GWEI],
        [0, 0, 0],
        [4 * GWEI, 5 * GWEI, 30 * GWEI],
        [2 * GWEI, 3 * GWEI, 4 * GWEI],
    ]
    presets = presets_from(_history([8 * GWEI] * 5, rewards), default_tip=GWEI)
    assert presets.trend == "steady" and presets.base_fee_per_gas == 8 * GWEI
    assert [o.max_priority_fee_per_gas for o in presets.options] == [1 * GWEI, 3 * GWEI, 30 * GWEI]
    assert [o.max_fee_per_gas for o in presets.options] == [
        11 * GWEI,
        19 * GWEI,
        54 * GWEI,
    ]  # 1.25x, 2x, 3x base
    # a 90th percentile below the market's median (odd blocks) is lifted to it: fast is never cheaper
    crossed = presets_from(_history([GWEI, GWEI], [[5 * GWEI, 6 * GWEI, 1]]), default_tip=GWEI)
    assert [o.max_priority_fee_per_gas for o in crossed.options] == [5 * GWEI, 6 * GWEI, 6 * GWEI]


def test_the_base_fee_trend_sets_the_slow_presets_room() -> None:
    rising = presets_from(_history([8 * GWEI, 16 * GWEI], []), default_tip=GWEI)
    falling = presets_from(_history([16 * GWEI, 8 * GWEI], []), default_tip=GWEI)
    assert rising.trend == "rising" and falling.trend == "falling"
    assert rising.slow.max_fee_per_gas == 24 * GWEI + GWEI  # 1.5 x base + tip
    assert falling.slow.max_fee_per_gas == 9 * GWEI + GWEI  # 1.125 x base + tip
    assert rising.market.max_fee_per_gas == 2 * 16 * GWEI + GWEI  # market keeps 2 x base + tip
    empty = presets_from({}, default_tip=GWEI)
    assert [o.max_priority_fee_per_gas for o in empty.options] == [GWEI] * 3


def test_a_custom_fee_is_parsed_by_the_amount_parser_and_checked() -> None:
    assert parse_fee_choice(None, "1.5", "0") == FeeChoice("custom", 1_500_000_000, 0)
    assert parse_fee_choice("fast") == FeeChoice("fast")
    assert parse_fee_choice() == FeeChoice("market")
    for args, field in (
        (("fast", "2", "1"), "fee"),
        ((None, "2", None), "priority_fee"),
        ((None, None, "1"), "max_fee"),
        ((None, "1,5", "1"), "max_fee"),
        ((None, "2", "0.0000000001"), "priority_fee"),  # gwei has nine decimals
        (("turbo",), "fee"),
    ):
        with pytest.raises(ValidationError) as refused:
            parse_fee_choice(*args)
        assert refused.value.field == field, args
    presets = presets_from(_history([10 * GWEI], []), default_tip=GWEI)
    assert choose(presets, FeeChoice.exact(30 * GWEI, 2 * GWEI)).max_fee_per_gas == 30 * GWEI
    with pytest.raises(ValidationError) as tip_above:
        choose(presets, FeeChoice.exact(11 * GWEI, 12 * GWEI))
    assert tip_above.value.field == "priority_fee"
    with pytest.raises(ValidationError) as below_base:
        choose(presets, FeeChoice.exact(9 * GWEI, 0))
    assert below_base.value.field == "max_fee" and "10 gwei" in below_base.value.message


def test_the_errors_people_meet_most_are_explained_in_token_units() -> None:
    from eth_abi import encode

    transfer = decode.decode_call(TOKEN.address, 0, decode.encode_call("transfer", OTHER, 5 * 10**18), TOKEN)
    short = (
        erc20.selector("ERC20InsufficientBalance(address,uint256,uint256)")
        + encode(["address", "uint256", "uint256"], [ME, 10**18, 5 * 10**18]).hex()
    )
    assert decode.explain_revert(short, transfer) == "the account holds 1 QXC; this needs 5 QXC"
    allowance = (
        erc20.selector("ERC20InsufficientAllowance(address,uint256,uint256)")
        + encode(["address", "uint256", "uint256"], [OTHER, 0, 2 * 10**18]).hex()
    )
    assert decode.explain_revert(allowance, transfer) == f"{OTHER} may spend 0 QXC of it; this needs 2 QXC"
    assert "paused" in str(decode.explain_revert(erc20.selector("EnforcedPause()"), transfer))
    role = (
        erc20.selector("AccessControlUnauthorizedAccount(address,bytes32)")
        + encode(["address", "bytes32"], [ME, decode.ROLE_IDS["MINTER_ROLE"]]).hex()
    )
    assert decode.explain_revert(role, transfer) == f"{ME} does not have MINTER_ROLE"
    assert decode.explain_revert("0x08c379a0", transfer) is None  # Error(string): its own words suffice
    assert decode.explain_revert(short[:20], transfer) is None  # broken data is not explained
