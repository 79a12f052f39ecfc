"""Sealing key material under the profile password.

Why AES-256-GCM under an Argon2id-derived key, and not one keystore v3 (scrypt) file per key:

* one Argon2id run at unlock opens every secret of the profile; keystore v3 costs one full scrypt
  run per key, so a wallet with ten accounts would unlock ten times slower;
* Argon2id (RFC 9106) is memory-hard and is already the KDF of the profile password, with its
  cost in one place (``SecuritySettings.argon2``);
* GCM is authenticated: a wrong password or an edited blob fails loudly instead of decrypting
  to garbage, and the associated data binds each blob to its profile and purpose, so a blob
  copied into another row or profile does not open.

Keystore v3 stays what the wallet imports and exports, to talk with other wallets.

Blob layout: ``0x01 || nonce (12 bytes) || ciphertext || tag (16 bytes)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from qenex_desktop.core.config import Argon2Parameters
from qenex_desktop.core.security.passwords import normalize_password

BLOB_VERSION = 1
KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
KDF_NAME = "argon2id"


class SealError(Exception):
    """The blob does not open under this key: wrong password, or the blob was changed."""


@dataclass(frozen=True)
class KdfParameters:
    salt: bytes
    time_cost: int
    memory_cost_kib: int
    parallelism: int

    @classmethod
    def fresh(cls, cost: Argon2Parameters) -> KdfParameters:
        return cls(os.urandom(SALT_BYTES), cost.time_cost, cost.memory_cost_kib, cost.parallelism)


def derive_key(password: str, params: KdfParameters) -> bytearray:
    """The 256-bit key-encryption key; a bytearray, so ``wipe`` can overwrite it."""
    raw = hash_secret_raw(
        normalize_password(password).encode("utf-8"),
        params.salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )
    return bytearray(raw)


def seal(key: bytes | bytearray, plaintext: bytes | bytearray, associated_data: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(bytes(key)).encrypt(nonce, bytes(plaintext), associated_data)
    return bytes([BLOB_VERSION]) + nonce + sealed


def open_sealed(key: bytes | bytearray, blob: bytes, associated_data: bytes) -> bytearray:
    if len(blob) < 1 + NONCE_BYTES + 16 or blob[0] != BLOB_VERSION:
        raise SealError("unknown blob format")
    nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    try:
        return bytearray(AESGCM(bytes(key)).decrypt(nonce, sealed, associated_data))
    except InvalidTag:
        raise SealError("the blob does not open under this key") from None


def wipe(buffer: bytearray) -> None:
    """Overwrite a secret in place. Best effort: Python may hold copies we cannot reach."""
    for i in range(len(buffer)):
        buffer[i] = 0
