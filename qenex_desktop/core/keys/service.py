"""The wallet's keys: create, import, export, list, unlock, lock, sign.

Secrets are sealed under the profile password (see ``crypto``) before they touch the database
and decrypted only into the in-memory ``KeyVault``. Audit entries name what happened and the
address, never a key, a phrase or a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.config import Argon2Parameters
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import WalletAccount, WalletSecret, WalletVault
from qenex_desktop.core.delegation import delegate
from qenex_desktop.core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    NotFoundError,
    WalletLockedError,
)
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.keys import hd
from qenex_desktop.core.keys.accounts import AccountLabels, PhraseReveal
from qenex_desktop.core.keys.crypto import SealError, open_sealed, seal, wipe
from qenex_desktop.core.keys.keystore import (
    EXPORT_SCRYPT_N,
    decrypt_keystore,
    parse_keystore,
    write_keystore,
)
from qenex_desktop.core.keys.sealing import OpenedVault, create_vault, open_vault, secret_aad
from qenex_desktop.core.keys.vault import KeyVault, SignedTransaction
from qenex_desktop.core.validation import parse_account_name, parse_address, parse_int

MAX_ACCOUNTS_PER_IMPORT = 20


@dataclass(frozen=True)
class WalletAccountInfo:
    address: str
    name: str
    origin: str  # created | mnemonic | private_key | keystore
    hd_index: int | None
    position: int
    #: Hidden from the lists a person sees (it still signs and is still scanned).
    hidden: bool = False


@dataclass(frozen=True)
class CreatedWallet:
    """The phrase is shown to the person once, to write down; the app never shows it again."""

    mnemonic: str
    account: WalletAccountInfo


def _info(row: WalletAccount) -> WalletAccountInfo:
    return WalletAccountInfo(row.address, row.name, row.origin, row.hd_index, row.position, bool(row.hidden))


class WalletService:
    """The keys themselves here; editing what exists is in parts built once (``labels``: rename and
    hide; ``phrases``: the backup read), each handed only what it uses and reached through the
    methods below of the same names."""

    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        auth: AuthService,
        cost: Argon2Parameters,
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.auth = auth
        self.cost = cost
        self.instrumentation = instrumentation
        self.vault = KeyVault()
        #: scrypt n of exported keystore files (tests lower it; the app keeps geth's standard).
        self.export_scrypt_n = EXPORT_SCRYPT_N
        self.labels = AccountLabels(database, audit, auth, instrumentation)
        self.phrases = PhraseReveal(database, audit, auth, self.vault, self.unlocked_session, instrumentation)

    # -- labels, hiding and the backup read (the parts') -------------------------------------------

    rename_account = delegate("labels", AccountLabels.rename_account)
    set_account_hidden = delegate("labels", AccountLabels.set_account_hidden)
    reveal_mnemonic = delegate("phrases", PhraseReveal.reveal_mnemonic)

    # -- unlock and lock ---------------------------------------------------------------------------

    def is_unlocked(self) -> bool:
        active = self.auth.current_session(touch=False)
        return active is not None and self.vault.is_unlocked(active.profile_id)

    def has_wallet(self, profile_id: int | None = None) -> bool:
        profile_id = profile_id if profile_id is not None else self.auth.require_session().profile_id
        with self.db.read() as session:
            return (
                session.scalar(
                    select(WalletAccount.id).where(WalletAccount.profile_id == profile_id).limit(1)
                )
                is not None
            )

    @operation("wallet.unlock")
    def unlock(self, password: str) -> None:
        """Decrypt the profile's keys into memory (one Argon2id run)."""
        active = self.auth.require_session()
        with self.db.read() as session:
            vault_row = session.get(WalletVault, active.profile_id)
        if vault_row is None:
            if not self.auth.verify_password(active.username, password):
                raise AuthenticationError("The password is wrong.", field="password")
            with self.db.write() as session:
                if session.get(WalletVault, active.profile_id) is None:
                    opened = create_vault(
                        session, active.profile_id, password, self.cost, self.clock.now_ms()
                    )
                    self.audit.append(
                        session,
                        category=Category.SECURITY,
                        event="wallet.vault_created",
                        actor=active.username,
                        details={"kdf": "argon2id", "cipher": "aes-256-gcm"},
                    )
                    self.vault.install(active.profile_id, opened.key, opened.key_version, {}, {})
                    return
            return self.unlock(password)
        # The vault's key comes from the same password: a wrong guess here counts towards the
        # lockout exactly like a failed login, else unlock would be an unlimited guessing oracle.
        with self.auth.password_attempt(active.username):  # counted before the Argon2 run
            opened = open_vault(vault_row, password)
        self._install(opened)

    def lock(self) -> None:
        self.vault.lock()

    def _install(self, opened: OpenedVault) -> None:
        profile_id = opened.profile_id
        private_keys: dict[str, bytearray] = {}
        mnemonics: dict[int, bytearray] = {}
        with self.db.read() as session:
            secrets = session.scalars(select(WalletSecret).where(WalletSecret.profile_id == profile_id)).all()
            accounts = session.scalars(
                select(WalletAccount).where(WalletAccount.profile_id == profile_id)
            ).all()
        try:
            for secret in secrets:
                try:
                    plain = open_sealed(
                        opened.key, secret.blob, secret_aad(profile_id, secret.id, secret.kind)
                    )
                except SealError:
                    raise AuthenticationError(
                        "A stored wallet key does not open: the ledger may have been tampered with.",
                        field="password",
                    ) from None
                owned = [a for a in accounts if a.secret_id == secret.id]
                if secret.kind == "mnemonic":
                    mnemonics[secret.id] = plain
                    derived = hd.derive_keys(plain.decode("utf-8"), [a.hd_index or 0 for a in owned])
                    for account in owned:
                        private_keys[account.address] = bytearray(derived[account.hd_index or 0])
                else:
                    for account in owned:
                        private_keys[account.address] = bytearray(plain)
                    wipe(plain)
        except BaseException:
            for secret_bytes in (*private_keys.values(), *mnemonics.values()):
                wipe(secret_bytes)
            wipe(opened.key)
            raise
        self.vault.install(profile_id, opened.key, opened.key_version, private_keys, mnemonics)

    def unlocked_session(self, password: str | None = None) -> ActiveSession:
        """The live session, with the wallet unlocked (by ``password`` when it is locked)."""
        active = self.auth.require_session()
        if not self.vault.is_unlocked(active.profile_id):
            if password is None:
                raise WalletLockedError(
                    "Your keys are locked: enter your password to unlock them.", field="password"
                )
            self.unlock(password)
        return active

    def _seal_new_secret(
        self, session: Session, profile_id: int, kind: str, plaintext: bytes
    ) -> WalletSecret:
        vault_row = session.get(WalletVault, profile_id)
        key, key_version = self.vault.sealing_key(profile_id)
        if vault_row is None or vault_row.key_version != key_version:
            self.vault.lock()
            raise WalletLockedError(
                "The password was changed elsewhere: unlock your keys again with the new password.",
                field="password",
            )
        row = WalletSecret(profile_id=profile_id, kind=kind, blob=b"", created_at=self.clock.now_ms())
        session.add(row)
        session.flush()
        row.blob = seal(key, plaintext, secret_aad(profile_id, row.id, kind))
        return row

    def _add_account(
        self,
        session: Session,
        profile_id: int,
        address: str,
        secret_id: int,
        hd_index: int | None,
        origin: str,
        name: str | None,
    ) -> WalletAccount:
        exists = session.scalar(
            select(WalletAccount.id).where(
                WalletAccount.profile_id == profile_id, WalletAccount.address == address
            )
        )
        if exists is not None:
            raise AlreadyExistsError(f"{address} is in this wallet already.", field="address")
        position = (
            session.scalar(
                select(func.max(WalletAccount.position)).where(WalletAccount.profile_id == profile_id)
            )
            or 0
        ) + 1
        row = WalletAccount(
            profile_id=profile_id,
            address=address,
            name=parse_account_name(name) if name else f"Account {position}",
            secret_id=secret_id,
            hd_index=hd_index,
            origin=origin,
            position=position,
            created_at=self.clock.now_ms(),
        )
        session.add(row)
        session.flush()
        return row

    # -- create and import ---------------------------------------------------------------------------

    @operation("wallet.create")
    def create(
        self, *, words: int | str = 12, name: str | None = None, password: str | None = None
    ) -> CreatedWallet:
        """A new recovery phrase and its first account (m/44'/60'/0'/0/0)."""
        phrase = hd.new_mnemonic(parse_int(words, field="words", what="The number of words"))
        info = self._store_mnemonic(phrase, accounts=1, origin="created", name=name, password=password)[0]
        return CreatedWallet(mnemonic=phrase, account=info)

    @operation("wallet.import_mnemonic")
    def import_mnemonic(
        self,
        phrase: str,
        *,
        accounts: int | str = 1,
        name: str | None = None,
        password: str | None = None,
    ) -> list[WalletAccountInfo]:
        accounts = parse_int(
            accounts,
            field="accounts",
            what="The number of accounts to import",
            minimum=1,
            maximum=MAX_ACCOUNTS_PER_IMPORT,
        )
        return self._store_mnemonic(
            hd.normalize_mnemonic(phrase), accounts=accounts, origin="mnemonic", name=name, password=password
        )

    def _store_mnemonic(
        self, phrase: str, *, accounts: int, origin: str, name: str | None, password: str | None
    ) -> list[WalletAccountInfo]:
        active = self.unlocked_session(password)
        derived = hd.derive_keys(phrase, list(range(accounts)))
        created: list[WalletAccountInfo] = []
        with self.db.write() as session:
            secret = self._seal_new_secret(session, active.profile_id, "mnemonic", phrase.encode("utf-8"))
            for index in range(accounts):
                address = hd.address_of(derived[index])
                label = name if (name and accounts == 1) else (f"{name} {index + 1}" if name else None)
                row = self._add_account(session, active.profile_id, address, secret.id, index, origin, label)
                created.append(_info(row))
                self.audit.append(
                    session,
                    category=Category.SECURITY,
                    event="wallet.created" if origin == "created" else "wallet.imported",
                    actor=active.username,
                    details={
                        "address": address,
                        "source": "new_phrase" if origin == "created" else "phrase",
                        "path": hd.account_path(index),
                        "words": len(phrase.split()),
                    },
                )
            secret_id = secret.id
        self.vault.add_mnemonic(active.profile_id, secret_id, phrase)
        for index, info in enumerate(created):
            self.vault.add_key(active.profile_id, info.address, derived[index])
        return created

    @operation("wallet.add_account")
    def add_account(self, *, name: str | None = None, password: str | None = None) -> WalletAccountInfo:
        """The next account of the first recovery phrase (index = highest used + 1)."""
        active = self.unlocked_session(password)
        with self.db.write() as session:
            secret_id = session.scalar(
                select(func.min(WalletSecret.id)).where(
                    WalletSecret.profile_id == active.profile_id, WalletSecret.kind == "mnemonic"
                )
            )
            if secret_id is None:
                raise NotFoundError("This wallet has no recovery phrase: create one or import one first.")
            top = session.scalar(
                select(func.max(WalletAccount.hd_index)).where(WalletAccount.secret_id == secret_id)
            )
            index = 0 if top is None else top + 1
            key = hd.derive_keys(self.vault.mnemonic(active.profile_id, secret_id), [index])[index]
            address = hd.address_of(key)
            row = self._add_account(session, active.profile_id, address, secret_id, index, "created", name)
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="wallet.account_added",
                actor=active.username,
                details={"address": address, "path": hd.account_path(index)},
            )
            info = _info(row)
        self.vault.add_key(active.profile_id, address, key)
        return info

    @operation("wallet.import_private_key")
    def import_private_key(
        self, text: str, *, name: str | None = None, password: str | None = None
    ) -> WalletAccountInfo:
        return self._store_key(hd.parse_private_key(text), origin="private_key", name=name, password=password)

    @operation("wallet.import_keystore")
    def import_keystore(
        self,
        keystore: str | bytes,
        keystore_password: str,
        *,
        name: str | None = None,
        password: str | None = None,
    ) -> WalletAccountInfo:
        """Import the key of a keystore v3 file (its text, or its bytes as read from disk)."""
        checked = parse_keystore(keystore)  # every field, before any KDF: a refused file costs nothing
        self.unlocked_session(password)  # then the profile password: a wrong one costs no scrypt run
        return self._store_key(
            decrypt_keystore(checked, keystore_password), origin="keystore", name=name, password=password
        )

    def _store_key(
        self, key: bytes, *, origin: str, name: str | None, password: str | None
    ) -> WalletAccountInfo:
        active = self.unlocked_session(password)
        address = hd.address_of(key)
        with self.db.write() as session:
            secret = self._seal_new_secret(session, active.profile_id, "private_key", key)
            row = self._add_account(session, active.profile_id, address, secret.id, None, origin, name)
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="wallet.imported",
                actor=active.username,
                details={"address": address, "source": origin},
            )
            info = _info(row)
        self.vault.add_key(active.profile_id, address, key)
        return info

    # -- export ----------------------------------------------------------------------------------------

    @operation("wallet.export")
    def export_keystore(self, address: str, password: str) -> dict[str, Any]:
        """A keystore v3 file of one account, sealed (scrypt) under the profile password.

        Always asks for the password, even when the wallet is unlocked: an export hands the key out.
        """
        address = parse_address(address)
        active = self.auth.require_session()
        if not self.auth.verify_password(active.username, password):
            raise AuthenticationError("The password is wrong.", field="password")
        self.unlocked_session(password)
        key = self.vault.private_key(active.profile_id, address)
        document = write_keystore(key, password, scrypt_n=self.export_scrypt_n)
        with self.db.write() as session:
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="wallet.exported",
                actor=active.username,
                details={"address": address, "format": "keystore-v3", "kdf": "scrypt"},
            )
        return document

    # -- reading and signing ---------------------------------------------------------------------------

    def accounts(self, profile_id: int | None = None) -> list[WalletAccountInfo]:
        profile_id = profile_id if profile_id is not None else self.auth.require_session().profile_id
        with self.db.read() as session:
            rows = session.scalars(
                select(WalletAccount)
                .where(WalletAccount.profile_id == profile_id)
                .order_by(WalletAccount.position)
            ).all()
            return [_info(row) for row in rows]

    def addresses(self, profile_id: int | None = None) -> list[str]:
        return [account.address for account in self.accounts(profile_id)]

    def require_account(self, profile_id: int, address: str) -> WalletAccountInfo:
        for account in self.accounts(profile_id):
            if account.address == address:
                return account
        raise NotFoundError(f"{address} is not an account of this wallet.", field="from")

    def sign_transaction(
        self, profile_id: int, address: str, transaction: dict[str, Any]
    ) -> SignedTransaction:
        return self.vault.sign_transaction(profile_id, address, transaction)

    def rekey_after_commit(self, session: Session, opened: OpenedVault) -> None:
        """Called by the password-change hook: swap the in-memory key once the change commits."""
        from sqlalchemy import event

        swapped = False

        def _swap(_session: Session) -> None:
            nonlocal swapped
            swapped = True
            self.vault.rekey(opened.profile_id, opened.key, opened.key_version)

        def _drop(_session: Session) -> None:
            if not swapped:
                wipe(opened.key)

        event.listen(session, "after_commit", _swap, once=True)
        event.listen(session, "after_soft_rollback", _drop, once=True)
