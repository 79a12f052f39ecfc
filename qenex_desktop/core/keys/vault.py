"""The unlocked wallet in memory: private keys and mnemonics, decrypted, until ``lock()``.

The GUI unlocks it at login and locks it on auto-lock or Ctrl+L; ``lock()`` overwrites every
secret it holds. Keys leave it only as signatures (and, on an explicit export, as a keystore file
sealed under a password). Thread-safe: the GUI signs from worker threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from eth_account import Account

from qenex_desktop.core.errors import NotFoundError, WalletLockedError
from qenex_desktop.core.keys.crypto import wipe

_LOCKED_MESSAGE = "Your keys are locked: unlock them with your password first."


@dataclass(frozen=True)
class SignedTransaction:
    raw: bytes
    tx_hash: str


@dataclass
class _Unlocked:
    profile_id: int
    key: bytearray
    key_version: int
    private_keys: dict[str, bytearray] = field(default_factory=dict)
    mnemonics: dict[int, bytearray] = field(default_factory=dict)


class KeyVault:
    def __init__(self) -> None:
        self._guard = threading.RLock()
        self._state: _Unlocked | None = None
        self._lock_listeners: list[Callable[[], None]] = []

    # -- state ---------------------------------------------------------------------------------

    def is_unlocked(self, profile_id: int | None = None) -> bool:
        with self._guard:
            return self._state is not None and (profile_id is None or self._state.profile_id == profile_id)

    @property
    def profile_id(self) -> int | None:
        with self._guard:
            return self._state.profile_id if self._state else None

    def install(
        self,
        profile_id: int,
        key: bytearray,
        key_version: int,
        private_keys: dict[str, bytearray],
        mnemonics: dict[int, bytearray],
    ) -> None:
        with self._guard:
            self._wipe_state()
            self._state = _Unlocked(profile_id, key, key_version, dict(private_keys), dict(mnemonics))

    def lock(self) -> None:
        """Forget every decrypted secret (overwritten in place)."""
        with self._guard:
            was_unlocked = self._state is not None
            self._wipe_state()
        if was_unlocked:
            for listener in list(self._lock_listeners):
                listener()

    def on_lock(self, listener: Callable[[], None]) -> None:
        self._lock_listeners.append(listener)

    def _wipe_state(self) -> None:
        state = self._state
        self._state = None
        if state is None:
            return
        wipe(state.key)
        for secret in (*state.private_keys.values(), *state.mnemonics.values()):
            wipe(secret)
        state.private_keys.clear()
        state.mnemonics.clear()

    def _require(self, profile_id: int) -> _Unlocked:
        state = self._state
        if state is None or state.profile_id != profile_id:
            raise WalletLockedError(_LOCKED_MESSAGE, field="password")
        return state

    # -- used by the wallet service ---------------------------------------------------------------

    def add_key(self, profile_id: int, address: str, private_key: bytes) -> None:
        with self._guard:
            state = self._require(profile_id)
            old = state.private_keys.get(address)
            if old is not None:
                wipe(old)
            state.private_keys[address] = bytearray(private_key)

    def add_mnemonic(self, profile_id: int, secret_id: int, phrase: str) -> None:
        with self._guard:
            self._require(profile_id).mnemonics[secret_id] = bytearray(phrase.encode("utf-8"))

    def mnemonic(self, profile_id: int, secret_id: int) -> str:
        with self._guard:
            found = self._require(profile_id).mnemonics.get(secret_id)
            if found is None:
                raise NotFoundError("That recovery phrase is not in this wallet.")
            return found.decode("utf-8")

    def private_key(self, profile_id: int, address: str) -> bytes:
        """For an explicit export only."""
        with self._guard:
            found = self._require(profile_id).private_keys.get(address)
            if found is None:
                raise NotFoundError(f"No key for {address} in this wallet.", field="address")
            return bytes(found)

    def sealing_key(self, profile_id: int) -> tuple[bytearray, int]:
        with self._guard:
            state = self._require(profile_id)
            return state.key, state.key_version

    def rekey(self, profile_id: int, key: bytearray, key_version: int) -> None:
        """After a password change committed: keep working under the new vault key."""
        with self._guard:
            state = self._state
            if state is None or state.profile_id != profile_id:
                wipe(key)
                return
            wipe(state.key)
            state.key = key
            state.key_version = key_version

    # -- signing -----------------------------------------------------------------------------------

    def addresses(self, profile_id: int) -> list[str]:
        with self._guard:
            return list(self._require(profile_id).private_keys)

    def sign_transaction(
        self, profile_id: int, address: str, transaction: dict[str, Any]
    ) -> SignedTransaction:
        with self._guard:
            found = self._require(profile_id).private_keys.get(address)
            if found is None:
                raise NotFoundError(f"{address} is not an account of this wallet.", field="from")
            signed = Account.sign_transaction(transaction, bytes(found))
        raw = bytes(signed.raw_transaction)
        return SignedTransaction(raw=raw, tx_hash="0x" + bytes(signed.hash).hex())
