"""Keystore v3 (Web3 Secret Storage) files: the format other wallets import and export."""

from __future__ import annotations

import json
from typing import Any

from eth_account import Account

from qenex_desktop.core.errors import AuthenticationError, ValidationError
from qenex_desktop.core.validation import parse_address

#: scrypt cost of exported files: geth's "standard" n=2^18, r=8, p=1.
EXPORT_SCRYPT_N = 2**18


def read_keystore(text: str, password: str) -> bytes:
    """The private key inside a keystore v3 file; refuses other formats and wrong passwords."""
    try:
        document: Any = json.loads(text)
    except ValueError:
        raise ValidationError("The keystore file is not JSON.", field="keystore") from None
    if (
        not isinstance(document, dict)
        or int(document.get("version", 0) or 0) != 3
        or "crypto" not in document
    ):
        if isinstance(document, dict) and "Crypto" in document and int(document.get("version", 0) or 0) == 3:
            document = {**document, "crypto": document["Crypto"]}
        else:
            raise ValidationError("This is not a keystore v3 (Web3 Secret Storage) file.", field="keystore")
    try:
        key = bytes(Account.decrypt(document, password))
    except ValueError as exc:
        if "MAC" in str(exc):
            raise AuthenticationError("The keystore password is wrong.", field="keystore_password") from None
        raise ValidationError(f"The keystore file cannot be read: {exc}", field="keystore") from None
    except (KeyError, TypeError):
        raise ValidationError("The keystore file is incomplete or damaged.", field="keystore") from None
    stated = document.get("address")
    if stated:
        expected = parse_address("0x" + str(stated).removeprefix("0x"), field="keystore")
        actual = Account.from_key(key).address
        if expected != actual:
            raise ValidationError(
                "The keystore's address does not match the key inside it: the file is damaged.",
                field="keystore",
            )
    return key


def write_keystore(private_key: bytes, password: str, *, scrypt_n: int = EXPORT_SCRYPT_N) -> dict[str, Any]:
    return dict(Account.encrypt(private_key, password, kdf="scrypt", iterations=scrypt_n))
