"""What a person does to their wallet's accounts after the first run: a label, hiding one
(``AccountLabels``), and the backup read of a recovery phrase (``PhraseReveal``). Two parts that
``WalletService`` builds once and hands only what they use.

A hidden account stays in the wallet: it still signs, its incoming transfers are still scanned
and ``accounts()`` still lists it (with ``hidden=True``); views that list accounts for a person
leave it out. Every change, and every reveal, is one unit of work with its audit entry; the entry
names the address and never the phrase.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import ActiveSession, AuthService
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import WalletAccount, WalletSecret
from qenex_desktop.core.errors import AuthenticationError, NotFoundError, ValidationError
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.keys.vault import KeyVault
from qenex_desktop.core.validation import parse_account_name, parse_address


class AccountLabels:
    """An account's label, and whether a person's lists show it: ledger rows only, no key."""

    def __init__(
        self, database: Database, audit: AuditLog, auth: AuthService, instrumentation: Instrumentation
    ) -> None:
        self.db = database
        self.audit = audit
        self.auth = auth
        self.instrumentation = instrumentation

    @operation("wallet.rename_account")
    def rename_account(self, address: str, name: str) -> str:
        """Give an account a label (shown instead of "Account N"); returns the stored name."""
        address = parse_address(address, field="address")
        label = parse_account_name(name, field="name")
        active = self.auth.require_session()
        with self.db.write() as session:
            row = _own_account(session, active.profile_id, address)
            if row.name == label:
                return label
            clash = session.scalar(
                select(WalletAccount.id).where(
                    WalletAccount.profile_id == active.profile_id,
                    func.lower(WalletAccount.name) == label.lower(),
                    WalletAccount.id != row.id,
                )
            )
            if clash is not None:
                raise ValidationError(f"Another account is named {label!r} already.", field="name")
            old = row.name
            row.name = label
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="wallet.account_renamed",
                actor=active.username,
                details={"address": address, "from": old, "to": label},
            )
        return label

    @operation("wallet.hide_account")
    def set_account_hidden(self, address: str, hidden: bool) -> bool:
        """Hide an account from the lists a person sees (or show it again); False when unchanged."""
        address = parse_address(address, field="address")
        active = self.auth.require_session()
        with self.db.write() as session:
            row = _own_account(session, active.profile_id, address)
            if bool(row.hidden) == hidden:
                return False
            if hidden:
                shown = session.scalar(
                    select(func.count(WalletAccount.id)).where(
                        WalletAccount.profile_id == active.profile_id, WalletAccount.hidden.is_(False)
                    )
                )
                if (shown or 0) <= 1:
                    raise ValidationError("Keep at least one account shown.", field="hidden")
            row.hidden = hidden
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="wallet.account_hidden" if hidden else "wallet.account_shown",
                actor=active.username,
                details={"address": address},
            )
        return True


class PhraseReveal:
    """The recovery phrase read back for a backup; ``unlocked_session`` is ``WalletService``'s (the
    live session with the keys unlocked, by the password when they are locked)."""

    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        auth: AuthService,
        vault: KeyVault,
        unlocked_session: Callable[[str | None], ActiveSession],
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.auth = auth
        self.vault = vault
        self._unlocked_session = unlocked_session
        self.instrumentation = instrumentation

    @operation("wallet.reveal_mnemonic")
    def reveal_mnemonic(self, password: str, *, address: str | None = None) -> str:
        """The recovery phrase of ``address``'s account (default: the wallet's first phrase), for the
        person to write down again. Always asks for the password (a guess under the lockout), even
        when the wallet is unlocked, and the reveal is audited (the phrase never is)."""
        wanted = parse_address(address, field="address") if address else None
        active = self.auth.require_session()
        if not self.auth.verify_password(active.username, password):
            raise AuthenticationError("The password is wrong.", field="password")
        self._unlocked_session(password)
        with self.db.read() as session:
            secret_id = _phrase_of(session, active.profile_id, wanted)
        phrase = self.vault.mnemonic(active.profile_id, secret_id)
        with self.db.write() as session:
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="wallet.phrase_revealed",
                actor=active.username,
                details={"address": wanted, "words": len(phrase.split())},
            )
        return phrase


def _own_account(session: Session, profile_id: int, address: str) -> WalletAccount:
    row = session.scalar(
        select(WalletAccount).where(WalletAccount.profile_id == profile_id, WalletAccount.address == address)
    )
    if row is None:
        raise NotFoundError(f"{address} is not an account of this wallet.", field="address")
    return row


def _phrase_of(session: Session, profile_id: int, address: str | None) -> int:
    if address is None:
        secret_id = session.scalar(
            select(func.min(WalletSecret.id)).where(
                WalletSecret.profile_id == profile_id, WalletSecret.kind == "mnemonic"
            )
        )
        if secret_id is None:
            raise NotFoundError(
                "This wallet has no recovery phrase (its keys were imported one by one): back each "
                "account up as a keystore file.",
                field="address",
            )
        return int(secret_id)
    row = _own_account(session, profile_id, address)
    kind = session.scalar(select(WalletSecret.kind).where(WalletSecret.id == row.secret_id))
    if kind != "mnemonic":
        raise NotFoundError(
            f"{row.name} was imported from a private key or a keystore file: it has no recovery "
            "phrase. Back it up as a keystore file.",
            field="address",
        )
    return row.secret_id
