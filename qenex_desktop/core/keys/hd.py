"""BIP-39 mnemonics and BIP-32/BIP-44 derivation at m/44'/60'/0'/0/i (through eth-account).

eth-account marks its HD wallet "unaudited"; it implements BIP-39 (PBKDF2-HMAC-SHA512, 2048
rounds) and BIP-32 and passes the published vectors. Known vector (Hardhat's default accounts):
"test test test test test test test test test test test junk" gives
0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 at index 0.
"""

from __future__ import annotations

import re

from eth_account import Account
from eth_account.hdaccount import generate_mnemonic, key_from_seed, seed_from_mnemonic
from eth_account.hdaccount.mnemonic import Mnemonic
from eth_account.types import Language
from eth_keys import keys
from eth_keys.exceptions import ValidationError as EthKeysValidationError

from qenex_desktop.core.errors import ValidationError

Account.enable_unaudited_hdwallet_features()

WORD_COUNTS = (12, 15, 18, 21, 24)
_PRIVATE_KEY_RE = re.compile(r"^(0x)?[0-9a-fA-F]{64}$")
#: Order of secp256k1 (SEC 2, section 2.4.1): a private key is 1..n-1.
_SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def account_path(index: int) -> str:
    return f"m/44'/60'/0'/0/{index}"


def new_mnemonic(words: int) -> str:
    if words not in (12, 24):
        raise ValidationError("A new recovery phrase has 12 or 24 words.", field="words")
    return generate_mnemonic(words, Language.ENGLISH)


def normalize_mnemonic(text: str) -> str:
    """Lower case, single spaces; refuses phrases that are not BIP-39 (the words are never echoed)."""
    words = (text or "").strip().lower().split()
    if len(words) not in WORD_COUNTS:
        raise ValidationError(
            f"A recovery phrase has 12, 15, 18, 21 or 24 words; this one has {len(words)}.",
            field="mnemonic",
        )
    phrase = " ".join(words)
    checker = Mnemonic(Language.ENGLISH)
    unknown = sum(1 for word in words if word not in checker.wordlist)
    if unknown:
        raise ValidationError(
            f"{unknown} word(s) are not in the BIP-39 English word list: check the spelling.",
            field="mnemonic",
        )
    if not checker.is_mnemonic_valid(phrase):
        raise ValidationError(
            "The words are right but the phrase's checksum is not: a word is wrong or out of order.",
            field="mnemonic",
        )
    return phrase


def derive_keys(mnemonic: str, indexes: list[int]) -> dict[int, bytes]:
    """Private keys at m/44'/60'/0'/0/i for each index (one seed computation for all)."""
    seed = seed_from_mnemonic(mnemonic, "")
    return {index: key_from_seed(seed, account_path(index)) for index in indexes}


def address_of(private_key: bytes) -> str:
    return str(keys.PrivateKey(private_key).public_key.to_checksum_address())


def parse_private_key(text: str) -> bytes:
    raw = (text or "").strip()
    if not _PRIVATE_KEY_RE.match(raw):
        raise ValidationError(
            "A private key is 64 hexadecimal digits, with or without 0x.", field="private_key"
        )
    value = int(raw.removeprefix("0x"), 16)
    if not 0 < value < _SECP256K1_N:
        raise ValidationError("This is not a valid secp256k1 private key.", field="private_key")
    key = value.to_bytes(32, "big")
    try:
        keys.PrivateKey(key)
    except EthKeysValidationError:
        raise ValidationError("This is not a valid secp256k1 private key.", field="private_key") from None
    return key
