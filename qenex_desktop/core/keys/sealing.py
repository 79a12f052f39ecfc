"""The vault rows: create them, open them with the password, seal secrets, re-seal on a new password.

Kept free of web3/eth-account imports, because the password-change hook runs in every process
that changes a password, including a quick CLI one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.config import Argon2Parameters
from qenex_desktop.core.db.models import WalletSecret, WalletVault
from qenex_desktop.core.errors import AuthenticationError
from qenex_desktop.core.keys.crypto import (
    KDF_NAME,
    KdfParameters,
    SealError,
    derive_key,
    open_sealed,
    seal,
    wipe,
)

_CHECK_TEXT = b"qenex wallet vault v1"


def check_aad(profile_id: int) -> bytes:
    return f"qenex/vault-check/{profile_id}".encode()


def secret_aad(profile_id: int, secret_id: int, kind: str) -> bytes:
    return f"qenex/wallet-secret/{profile_id}/{secret_id}/{kind}".encode()


def kdf_parameters(vault: WalletVault) -> KdfParameters:
    return KdfParameters(vault.salt, vault.time_cost, vault.memory_cost_kib, vault.parallelism)


@dataclass
class OpenedVault:
    """The key-encryption key of one profile, in memory (wipe it when done)."""

    profile_id: int
    key: bytearray
    key_version: int


def create_vault(
    session: Session, profile_id: int, password: str, cost: Argon2Parameters, now_ms: int
) -> OpenedVault:
    params = KdfParameters.fresh(cost)
    key = derive_key(password, params)
    session.add(
        WalletVault(
            profile_id=profile_id,
            kdf=KDF_NAME,
            salt=params.salt,
            time_cost=params.time_cost,
            memory_cost_kib=params.memory_cost_kib,
            parallelism=params.parallelism,
            check_blob=seal(key, _CHECK_TEXT, check_aad(profile_id)),
            key_version=1,
            created_at=now_ms,
            updated_at=now_ms,
        )
    )
    session.flush()
    return OpenedVault(profile_id, key, 1)


def open_vault(vault: WalletVault, password: str) -> OpenedVault:
    key = derive_key(password, kdf_parameters(vault))
    try:
        open_sealed(key, vault.check_blob, check_aad(vault.profile_id))
    except SealError:
        wipe(key)
        raise AuthenticationError("The password is wrong.", field="password") from None
    return OpenedVault(vault.profile_id, key, vault.key_version)


def reseal_profile_secrets(
    session: Session,
    profile_id: int,
    old_password: str,
    new_password: str,
    cost: Argon2Parameters,
    now_ms: int,
) -> OpenedVault | None:
    """Re-encrypt every secret of the profile under a key from the new password (fresh salt and nonces).

    Runs inside the password-change unit of work: the new password and the re-sealed keys commit
    together, or neither does. Returns the new vault key (None when the profile has no wallet yet).
    """
    vault = session.get(WalletVault, profile_id)
    if vault is None:
        return None
    old = open_vault(vault, old_password)
    params = KdfParameters.fresh(cost)
    new_key = derive_key(new_password, params)
    try:
        for secret in session.scalars(select(WalletSecret).where(WalletSecret.profile_id == profile_id)):
            aad = secret_aad(profile_id, secret.id, secret.kind)
            try:
                plain = open_sealed(old.key, secret.blob, aad)
            except SealError:
                raise AuthenticationError(
                    "A wallet key does not open under the current password; nothing was changed.",
                    field="old_password",
                ) from None
            secret.blob = seal(new_key, plain, aad)
            wipe(plain)
    finally:
        wipe(old.key)
    vault.salt = params.salt
    vault.time_cost = params.time_cost
    vault.memory_cost_kib = params.memory_cost_kib
    vault.parallelism = params.parallelism
    vault.check_blob = seal(new_key, _CHECK_TEXT, check_aad(profile_id))
    vault.key_version += 1
    vault.updated_at = now_ms
    return OpenedVault(profile_id, new_key, vault.key_version)
