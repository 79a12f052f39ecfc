"""Pure parts of the chain layer: fee quotes, revert reasons, ERC-20 encoding, networks, artifacts."""

from __future__ import annotations

import pytest
from eth_abi import encode
from eth_utils import keccak

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.chain import erc20
from qenex_desktop.core.chain.artifact import parse_artifact, qxc_artifact
from qenex_desktop.core.chain.fees import bumped, quote_fees
from qenex_desktop.core.chain.revert import RevertDecoder
from qenex_desktop.core.errors import AlreadyExistsError, ChainError, NotFoundError, ValidationError

GWEI = 10**9


def test_fee_quote_uses_next_base_fee_and_median_tip() -> None:
    history = {
        "baseFeePerGas": [hex(10 * GWEI), hex(11 * GWEI), hex(12 * GWEI)],
        "reward": [[hex(1 * GWEI)], [hex(3 * GWEI)], [hex(2 * GWEI)], ["0x0"]],
    }
    quote = quote_fees(history, default_tip=7)
    assert quote.base_fee_per_gas == 12 * GWEI
    assert quote.max_priority_fee_per_gas == 2 * GWEI
    assert quote.max_fee_per_gas == 2 * 12 * GWEI + 2 * GWEI


def test_fee_quote_falls_back_to_the_default_tip_on_empty_blocks() -> None:
    quote = quote_fees({"baseFeePerGas": ["0x64"], "reward": [["0x0"], ["0x0"]]}, default_tip=GWEI)
    assert (quote.base_fee_per_gas, quote.max_priority_fee_per_gas, quote.max_fee_per_gas) == (
        100,
        GWEI,
        200 + GWEI,
    )


def test_bumped_rounds_up_and_always_rises() -> None:
    assert bumped(100, 15) == 115
    assert bumped(101, 15) == 117  # 116.15 rounded up
    assert bumped(0, 15) == 1


def test_revert_reasons_are_decoded() -> None:
    decoder = RevertDecoder(
        [
            [
                {"type": "error", "name": "EnforcedPause", "inputs": []},
                {
                    "type": "error",
                    "name": "ERC20InsufficientBalance",
                    "inputs": [
                        {"name": "sender", "type": "address"},
                        {"name": "balance", "type": "uint256"},
                        {"name": "needed", "type": "uint256"},
                    ],
                },
            ]
        ]
    )
    error_string = "0x08c379a0" + encode(["string"], ["not allowed"]).hex()
    assert decoder.describe(error_string) == "not allowed"
    panic = "0x4e487b71" + encode(["uint256"], [0x11]).hex()
    assert decoder.describe(panic) == "panic 0x11: arithmetic overflow or underflow"
    assert decoder.describe("0x" + keccak(text="EnforcedPause()")[:4].hex()) == "EnforcedPause()"
    custom = (
        "0x"
        + keccak(text="ERC20InsufficientBalance(address,uint256,uint256)")[:4].hex()
        + encode(
            ["address", "uint256", "uint256"], ["0x000000000000000000000000000000000000dEaD", 5, 9]
        ).hex()
    )
    assert decoder.describe(custom) == (
        "ERC20InsufficientBalance(sender=0x000000000000000000000000000000000000dead, balance=5, needed=9)"
    )
    assert decoder.describe("0x") == "reverted without a reason"
    assert decoder.describe("0xdeadbeef").startswith("reverted with unknown error data 0xdeadbeef")


def test_erc20_calls_are_encoded_per_eip20() -> None:
    assert erc20.selector("transfer(address,uint256)") == "0xa9059cbb"
    assert erc20.selector("balanceOf(address)") == "0x70a08231"
    assert erc20.TRANSFER_TOPIC == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    call = erc20.transfer_call("0x000000000000000000000000000000000000dEaD", 7)
    assert call.startswith("0xa9059cbb") and call.endswith("7") and len(call) == 2 + 8 + 128
    topic = erc20.address_topic("0x000000000000000000000000000000000000dEaD")
    assert erc20.topic_address(topic) == "0x000000000000000000000000000000000000dEaD"
    assert erc20.decode_text("0x" + b"MKR".ljust(32, b"\0").hex()) == "MKR"


def test_artifact_needs_its_keys_and_encodes_constructor_args() -> None:
    with pytest.raises(ChainError, match="lacks"):
        parse_artifact({"contractName": "X"})
    artifact = parse_artifact(
        {
            "contractName": "T",
            "abi": [{"type": "constructor", "inputs": [{"name": "admin", "type": "address"}]}],
            "bytecode": "6000",
            "deployedBytecode": "0x00",
            "compiler": {"version": "0.8.24"},
            "sourceHash": "ab",
        }
    )
    data = artifact.deploy_data(["0x000000000000000000000000000000000000dEaD"])
    assert data == "0x6000" + "0" * 24 + "000000000000000000000000000000000000dead"
    with pytest.raises(ChainError):
        artifact.deploy_data([])


def test_runtime_code_matches_only_with_immutables_masked() -> None:
    document = {
        "contractName": "T",
        "abi": [],
        "bytecode": "0x6000",
        "deployedBytecode": "0x60aa" + "00" * 32 + "60bb",
        "immutableReferences": {"7": [{"start": 2, "length": 32}]},
        "compiler": {"version": "0.8.20"},
        "sourceHash": "ab",
    }
    artifact = parse_artifact(document)
    assert artifact.immutable_ranges == ((2, 32),)
    assert artifact.runtime_matches("0x60aa" + "11" * 32 + "60bb")  # an immutable set at deploy
    assert not artifact.runtime_matches("0x60ab" + "11" * 32 + "60bb")  # code outside an immutable
    assert not artifact.runtime_matches("0x60aa" + "11" * 32)  # shorter
    assert not artifact.runtime_matches("0x") and not artifact.runtime_matches("0xzz")
    without = parse_artifact({k: v for k, v in document.items() if k != "immutableReferences"})
    assert not without.runtime_matches("0x60aa" + "11" * 32 + "60bb")


def test_shipped_qxc_artifact_is_the_token_the_wallet_expects() -> None:
    artifact = qxc_artifact()
    assert artifact.name == "QXCToken" and artifact.immutable_ranges
    assert [p["name"] for p in artifact.constructor_inputs()] == ["admin", "initialSupply", "cap_"]
    functions = {e["name"] for e in artifact.abi if e.get("type") == "function"}
    assert {"mint", "pause", "unpause", "permit", "burn", "burnFrom", "cap", "nonces"} <= functions
    assert '"version": "0.8.20+commit.a1b79de6' in artifact.compiler


def test_networks_default_add_use_and_refusals(logged_in_core: QenexCore) -> None:
    chain = logged_in_core.chain
    [local] = chain.networks()
    assert (local.name, local.rpc_url, local.chain_id, local.is_active) == (
        "Local Hardhat",
        "http://127.0.0.1:8545",
        31337,
        True,
    )
    # a port nothing listens on: the node is asked for its chain id, never a host off this machine
    added = chain.add_network("Sepolia", "http://127.0.0.1:9/", "11155111")
    assert added.rpc_url == "http://127.0.0.1:9" and not added.is_active
    assert not added.verified  # nothing answered: saved unverified, checked on first use
    assert chain.use_network("Sepolia").is_active
    assert chain.network().name == "Sepolia"
    with pytest.raises(AlreadyExistsError):
        chain.add_network("Sepolia", "http://127.0.0.1:1", 1)
    with pytest.raises(ValidationError) as url_error:
        chain.add_network("Bad", "ftp://x", 1)
    assert url_error.value.field == "rpc_url"
    with pytest.raises(ValidationError) as id_error:
        chain.add_network("Bad", "http://127.0.0.1:1", "0")
    assert id_error.value.field == "chain_id"
    with pytest.raises(NotFoundError):
        chain.use_network("Nope")
    with logged_in_core.db.read() as session:
        events = [e.event for e in logged_in_core.audit.entries(session, limit=20)]
    assert events.count("network.added") == 1 and "network.selected" in events
