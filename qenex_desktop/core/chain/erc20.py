"""The ERC-20 calls the wallet makes (EIP-20), encoded and decoded with eth-abi.

Selectors are keccak-256 of the signatures (EIP-20's interface); computed, not hard-coded.
"""

from __future__ import annotations

from eth_abi import decode, encode
from eth_utils import keccak

from qenex_desktop.core.validation import to_checksum_address


def selector(signature: str) -> str:
    return "0x" + keccak(text=signature)[:4].hex()


TRANSFER_TOPIC = "0x" + keccak(text="Transfer(address,address,uint256)").hex()
_NAME = selector("name()")
_SYMBOL = selector("symbol()")
_DECIMALS = selector("decimals()")
_BALANCE_OF = selector("balanceOf(address)")
_TRANSFER = selector("transfer(address,uint256)")


def name_call() -> str:
    return _NAME


def symbol_call() -> str:
    return _SYMBOL


def decimals_call() -> str:
    return _DECIMALS


def balance_of_call(owner: str) -> str:
    return _BALANCE_OF + encode(["address"], [owner]).hex()


def transfer_call(to: str, amount: int) -> str:
    return _TRANSFER + encode(["address", "uint256"], [to, amount]).hex()


def decode_uint(result: str) -> int:
    return int(decode(["uint256"], bytes.fromhex(result.removeprefix("0x")))[0])


def decode_text(result: str) -> str:
    """A string return; a few old tokens return bytes32 instead (MKR), so accept that too."""
    raw = bytes.fromhex(result.removeprefix("0x"))
    if len(raw) == 32:
        return raw.rstrip(b"\0").decode("utf-8", errors="replace")
    return str(decode(["string"], raw)[0])


def address_topic(address: str) -> str:
    return "0x" + "0" * 24 + address.lower().removeprefix("0x")


def topic_address(topic: str) -> str:
    return to_checksum_address(topic[-40:])
