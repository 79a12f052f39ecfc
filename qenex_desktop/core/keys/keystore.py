"""Keystore v3 (Web3 Secret Storage) files: the format other wallets import and export.

Reading is two steps, so that a refused file costs nothing: ``parse_keystore`` checks every field
(version, cipher, the KDF and its cost, every size) without deriving anything, and only then
``decrypt_keystore`` runs the KDF those checked parameters allow, checks the MAC, decrypts with
the one cipher the format has (AES-128-CTR) and checks the key against the file's address.
Without the checks a file could ask for hours of scrypt (``p=65536``) or PBKDF2 (``c=2^31-1``),
or name another cipher and open as the wrong key.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from typing import Any, NoReturn

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from qenex_desktop.core.errors import AlreadyExistsError, AuthenticationError, ValidationError
from qenex_desktop.core.keys import hd
from qenex_desktop.core.private_files import PRIVATE_FILE_MODE
from qenex_desktop.core.validation import parse_address

#: scrypt cost of exported files: geth's "standard" n=2^18, r=8, p=1.
EXPORT_SCRYPT_N = 2**18

#: A keystore file is well under 1 KiB; anything past this is not one.
MAX_KEYSTORE_BYTES = 64 * 1024
CIPHER = "aes-128-ctr"
DKLEN = 32
SCRYPT_MAX_N = 2**20
SCRYPT_MAX_R = 8
SCRYPT_MAX_P = 16
#: n*r*p at most that of n=2^20, r=8, p=1 (about 8 s and 1 GiB): the bounds one by one would still
#: let p=16 of those through, which is minutes.
SCRYPT_MAX_WORK = SCRYPT_MAX_N * SCRYPT_MAX_R
PBKDF2_PRF = "hmac-sha256"
PBKDF2_MAX_C = 10**7
MAX_SALT_BYTES = 1024
_HEX_RE = re.compile(r"(?:0x)?((?:[0-9a-fA-F]{2})*)")
_JSON_INT_MAX_DIGITS = 78
#: A keystore has 4 objects (a few more with a wallet's extra metadata).
_MAX_JSON_CONTAINERS = 64


@dataclass(frozen=True)
class Keystore:
    """A keystore v3 file whose every field is checked; nothing has been derived from it yet."""

    kdf: str  # scrypt | pbkdf2
    salt: bytes
    #: scrypt: n, r, p; pbkdf2: c.
    cost: dict[str, int]
    iv: bytes
    ciphertext: bytes
    mac: bytes
    #: EIP-55 address the file names, if it names one.
    address: str | None


def _refuse(message: str) -> NoReturn:
    raise ValidationError(message, field="keystore")


def load_keystore_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a keystore file, read at most ``MAX_KEYSTORE_BYTES`` (+1) of them."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_KEYSTORE_BYTES + 1)
    except OSError as exc:
        _refuse(f"The keystore file cannot be read: {exc.strerror or type(exc).__name__}.")
    return data


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > _JSON_INT_MAX_DIGITS:
        _refuse("The keystore file holds a number far too large for a keystore: it is damaged.")
    return int(text)


def _json_constant(name: str) -> NoReturn:
    _refuse(f"The keystore file holds {name}, which is not a number a keystore has.")


def _document(data: str | bytes) -> dict[str, Any]:
    if len(data) > MAX_KEYSTORE_BYTES:
        _refuse(f"The file is larger than {MAX_KEYSTORE_BYTES // 1024} KiB: it is not a keystore file.")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            _refuse("The keystore file is not text (a keystore is a JSON file).")
    if data.count("{") + data.count("[") > _MAX_JSON_CONTAINERS:
        # Deep nesting can overflow the C stack in json (a segfault) when the recursion limit is raised.
        _refuse("The keystore file holds far more JSON objects than a keystore has: it is not one.")
    try:
        document = json.loads(data, parse_int=_json_int, parse_constant=_json_constant)
    except (ValueError, RecursionError):
        _refuse("The keystore file is not JSON.")
    if not isinstance(document, dict):
        _refuse("This is not a keystore v3 (Web3 Secret Storage) file.")
    return document


def _section(container: dict[str, Any], *names: str) -> dict[str, Any]:
    """A JSON object inside ``container`` (first of ``names`` present), its keys in lower case."""
    for name in names:
        if name in container:
            value = container[name]
            if not isinstance(value, dict):
                break
            return {str(key).lower(): item for key, item in value.items()}
    _refuse(f"The keystore file has no valid {names[0]!r} section: it is incomplete or damaged.")


def _hex(value: Any, what: str, *, size: int | None = None, max_size: int = MAX_SALT_BYTES) -> bytes:
    match = _HEX_RE.fullmatch(value) if isinstance(value, str) and len(value) <= 2 + 2 * max_size else None
    if match is None:
        _refuse(f"The keystore's {what} is not hexadecimal bytes: the file is damaged.")
    raw = bytes.fromhex(match.group(1))
    if size is not None and len(raw) != size:
        _refuse(f"The keystore's {what} has {len(raw)} bytes, not {size}: the file is damaged.")
    return raw


def _whole(params: dict[str, Any], name: str, low: int, high: int) -> int:
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        _refuse(f"The keystore's KDF parameter {name!r} is missing or not a whole number.")
    if not low <= value <= high:
        allowed = str(low) if low == high else f"{low} to {high}"
        _refuse(
            f"The keystore's KDF parameter {name} is {value}, not {allowed}: this app opens keystores "
            "whose cost is within what wallets write (it refuses ones that would hang it)."
        )
    return value


def _kdf_cost(kdf: Any, params: dict[str, Any]) -> dict[str, int]:
    if kdf == "scrypt":
        cost = {
            "n": _whole(params, "n", 2, SCRYPT_MAX_N),
            "r": _whole(params, "r", 1, SCRYPT_MAX_R),
            "p": _whole(params, "p", 1, SCRYPT_MAX_P),
        }
        if cost["n"] & (cost["n"] - 1):
            _refuse(f"The keystore's scrypt n={cost['n']} is not a power of two: the file is damaged.")
        if cost["n"] * cost["r"] * cost["p"] > SCRYPT_MAX_WORK:
            _refuse(
                "The keystore's scrypt cost n*r*p is above that of n=2^20, r=8, p=1: this app refuses "
                "keystores that would take minutes to open."
            )
    elif kdf == "pbkdf2":
        if params.get("prf") != PBKDF2_PRF:
            _refuse(f"The keystore's PBKDF2 uses a PRF other than {PBKDF2_PRF}: it is not supported.")
        cost = {"c": _whole(params, "c", 1, PBKDF2_MAX_C)}
    else:
        _refuse("The keystore's KDF is neither scrypt nor pbkdf2: it is not supported.")
    _whole(params, "dklen", DKLEN, DKLEN)
    return cost


def parse_keystore(data: str | bytes) -> Keystore:
    """Every field of a keystore v3 file checked, before any KDF work."""
    document = _document(data)
    version = document.get("version")
    if isinstance(version, bool) or version != 3 or not isinstance(version, int):
        _refuse("This is not a keystore v3 (Web3 Secret Storage) file: its version is not 3.")
    crypto = _section(document, "crypto", "Crypto")
    cipher = crypto.get("cipher")
    if not isinstance(cipher, str) or cipher.lower() != CIPHER:
        _refuse(f"The keystore is sealed with a cipher other than {CIPHER}: it is not supported.")
    kdf = crypto.get("kdf")
    params = _section(crypto, "kdfparams")
    cost = _kdf_cost(kdf, params)
    stated = document.get("address")
    address = None
    if stated not in (None, ""):
        if not isinstance(stated, str):
            _refuse("The keystore's address is not text: the file is damaged.")
        address = parse_address("0x" + stated.removeprefix("0x"), field="keystore")
    return Keystore(
        kdf=str(kdf),
        salt=_hex(params.get("salt"), "salt"),
        cost=cost,
        iv=_hex(_section(crypto, "cipherparams").get("iv"), "iv", size=16),
        ciphertext=_hex(crypto.get("ciphertext"), "ciphertext", size=32),
        mac=_hex(crypto.get("mac"), "MAC", size=32),
        address=address,
    )


def _derive(keystore: Keystore, password: str) -> bytes:
    secret = password.encode("utf-8")
    if keystore.kdf == "pbkdf2":
        return hashlib.pbkdf2_hmac("sha256", secret, keystore.salt, keystore.cost["c"], DKLEN)
    # pycryptodome (eth-account's own scrypt): OpenSSL's refuses n >= 2^(16r), which real files use.
    from Crypto.Protocol.KDF import scrypt

    n, r, p = keystore.cost["n"], keystore.cost["r"], keystore.cost["p"]
    derived = scrypt(secret, keystore.salt, DKLEN, N=n, r=r, p=p)  # type: ignore[arg-type]
    assert isinstance(derived, bytes)
    return derived


def decrypt_keystore(keystore: Keystore, password: str) -> bytes:
    """The private key in a checked keystore; refuses a wrong password and a key that is not the file's."""
    from eth_utils import keccak

    derived = _derive(keystore, password)
    if not hmac.compare_digest(keccak(derived[16:32] + keystore.ciphertext), keystore.mac):
        raise AuthenticationError("The keystore password is wrong.", field="keystore_password")
    decryptor = Cipher(algorithms.AES(derived[:16]), modes.CTR(keystore.iv)).decryptor()
    plain = decryptor.update(keystore.ciphertext) + decryptor.finalize()
    try:
        key = hd.parse_private_key(plain.hex())
    except ValidationError:
        _refuse("The keystore opens but holds no valid private key: the file is damaged.")
    if keystore.address is not None and hd.address_of(key) != keystore.address:
        _refuse("The keystore's address does not match the key inside it: the file is damaged.")
    return key


def read_keystore(data: str | bytes, password: str) -> bytes:
    """The private key inside a keystore v3 file; refuses other formats and wrong passwords."""
    return decrypt_keystore(parse_keystore(data), password)


def write_keystore(private_key: bytes, password: str, *, scrypt_n: int = EXPORT_SCRYPT_N) -> dict[str, Any]:
    from eth_account import Account

    return dict(Account.encrypt(private_key, password, kdf="scrypt", iterations=scrypt_n))


def save_keystore_file(path: str | os.PathLike[str], document: dict[str, Any]) -> None:
    """Write an exported keystore to a new file only its owner may read (0600); an existing file is
    never overwritten (it may be another account's only backup)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        message = f"{path} exists already; choose another file name."
        raise AlreadyExistsError(message, field="output") from None
    except OSError as exc:
        raise ValidationError(f"{path} cannot be written: {exc.strerror}.", field="output") from None
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            descriptor = -1
            json.dump(document, handle)
    except BaseException:
        if descriptor >= 0:
            os.close(descriptor)
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
