"""The address book and the labels on transactions, per profile (issue 15; tables of migration 0012).

A contact is a name for an address a person sends to: both unique in the profile (compared
case-insensitively for names; the address is stored EIP-55, parsed by ``validation.parse_address``),
an optional note and the networks it is used on. An own account is never a contact (it has its own
label, ``wallet_accounts.name``). Every change is one unit of work with its audit entry
(``contact.*``, ``label.*``: ``changes.EVENT_CHANGES`` maps them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, Category
from qenex_desktop.core.auth import AuthService
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import (
    ChainNetwork,
    ChainTxLabel,
    WalletAccount,
    WalletContact,
    WalletContactNetwork,
)
from qenex_desktop.core.errors import AlreadyExistsError, NotFoundError, ValidationError
from qenex_desktop.core.instrumentation import Instrumentation, operation
from qenex_desktop.core.validation import parse_address, parse_contact_name, parse_label

NOTE_MAX = 500


@dataclass(frozen=True)
class Contact:
    id: int
    name: str
    address: str
    note: str | None
    networks: tuple[str, ...]


def parse_tx_hash(text: str, *, field: str = "tx_hash") -> str:
    """A transaction hash as ``0x`` and 64 lower-case hex digits (BIP-329 txids come without 0x)."""
    raw = (text or "").strip().lower()
    body = raw[2:] if raw.startswith("0x") else raw
    if len(body) != 64 or any(ch not in "0123456789abcdef" for ch in body):
        raise ValidationError("A transaction hash is 0x followed by 64 hexadecimal digits.", field=field)
    return "0x" + body


def _note(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    return parse_label(text, field="note", what="note", limit=NOTE_MAX)


class ContactBook:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        auth: AuthService,
        instrumentation: Instrumentation,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.auth = auth
        self.instrumentation = instrumentation

    # -- reading ------------------------------------------------------------------------------------

    def contacts(self) -> list[Contact]:
        """The profile's contacts by name."""
        profile_id = self.auth.require_session().profile_id
        with self.db.read() as session:
            rows = session.scalars(
                select(WalletContact)
                .where(WalletContact.profile_id == profile_id)
                .order_by(func.lower(WalletContact.name))
            ).all()
            return [_contact(session, row) for row in rows]

    def contact_for(self, address: str) -> Contact | None:
        address = parse_address(address, field="address")
        return next((c for c in self.contacts() if c.address == address), None)

    def find(self, ref: str) -> Contact:
        """A contact by its address or its name (case-insensitive)."""
        text = (ref or "").strip()
        contacts = self.contacts()
        if text.lower().startswith("0x"):
            address = parse_address(text, field="contact")
            found = next((c for c in contacts if c.address == address), None)
        else:
            found = next((c for c in contacts if c.name.lower() == text.lower()), None)
        if found is None:
            raise NotFoundError(f"No contact {text!r} in your address book.", field="contact")
        return found

    def tx_labels(self) -> dict[str, str]:
        """Transaction hash -> label, for the profile."""
        profile_id = self.auth.require_session().profile_id
        with self.db.read() as session:
            rows = session.execute(
                select(ChainTxLabel.tx_hash, ChainTxLabel.label).where(ChainTxLabel.profile_id == profile_id)
            ).all()
            return {tx_hash: label for tx_hash, label in rows}

    # -- changing -----------------------------------------------------------------------------------

    @operation("contacts.add")
    def add_contact(
        self, name: str, address: str, *, note: str | None = None, networks: Sequence[str] = ()
    ) -> Contact:
        name = parse_contact_name(name, field="name")
        address = parse_address(address, field="address")
        note = _note(note)
        active = self.auth.require_session()
        now = self.clock.now_ms()
        with self.db.write() as session:
            network_ids = _network_ids(session, networks)
            _check_free(session, active.profile_id, name, address, keep_id=None)
            row = WalletContact(
                profile_id=active.profile_id,
                name=name,
                address=address,
                note=note,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            _set_networks(session, row.id, network_ids)
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="contact.added",
                actor=active.username,
                details={"name": name, "address": address, "networks": list(networks)},
            )
            return _contact(session, row)

    @operation("contacts.edit")
    def edit_contact(
        self,
        contact_id: int,
        *,
        name: str,
        address: str,
        note: str | None = None,
        networks: Sequence[str] = (),
    ) -> Contact:
        name = parse_contact_name(name, field="name")
        address = parse_address(address, field="address")
        note = _note(note)
        active = self.auth.require_session()
        with self.db.write() as session:
            row = _own_contact(session, active.profile_id, contact_id)
            network_ids = _network_ids(session, networks)
            _check_free(session, active.profile_id, name, address, keep_id=row.id)
            current = _contact(session, row)
            wanted = Contact(row.id, name, address, note, tuple(sorted(_names(session, network_ids))))
            if current == wanted:
                return current  # nothing changed: no entry
            before = {"name": row.name, "address": row.address}
            row.name, row.address, row.note = name, address, note
            row.updated_at = self.clock.now_ms()
            _set_networks(session, row.id, network_ids)
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="contact.edited",
                actor=active.username,
                details={"from": before, "name": name, "address": address, "networks": list(networks)},
            )
            return _contact(session, row)

    @operation("contacts.remove")
    def remove_contact(self, ref: str | int) -> Contact:
        """Delete a contact named by id, address or name; returns what was removed."""
        found = self.find(ref) if isinstance(ref, str) else None
        active = self.auth.require_session()
        with self.db.write() as session:
            row = _own_contact(session, active.profile_id, found.id if found else int(ref))
            gone = _contact(session, row)
            session.delete(row)
            self.audit.append(
                session,
                category=Category.SECURITY,
                event="contact.removed",
                actor=active.username,
                details={"name": gone.name, "address": gone.address},
            )
            return gone

    @operation("labels.set_tx")
    def set_tx_label(self, tx_hash: str, label: str) -> str | None:
        """Label a transaction (an empty label removes it); returns the stored label."""
        tx_hash = parse_tx_hash(tx_hash)
        text = label.strip() if label else ""
        stored = parse_label(text) if text else None
        active = self.auth.require_session()
        with self.db.write() as session:
            changed = write_tx_label(session, active.profile_id, tx_hash, stored, self.clock.now_ms())
            if changed:
                self.audit.append(
                    session,
                    category=Category.SECURITY,
                    event="label.tx_set" if stored else "label.tx_removed",
                    actor=active.username,
                    details={"tx_hash": tx_hash, "label": stored},
                )
        return stored


# -- in a unit of work ----------------------------------------------------------------------------------


def write_tx_label(session: Session, profile_id: int, tx_hash: str, label: str | None, now: int) -> bool:
    """Set (or, with None, remove) a transaction's label in the caller's unit; False when unchanged."""
    row = session.scalar(
        select(ChainTxLabel).where(ChainTxLabel.profile_id == profile_id, ChainTxLabel.tx_hash == tx_hash)
    )
    if label is None:
        if row is None:
            return False
        session.delete(row)
        return True
    if row is None:
        session.add(
            ChainTxLabel(profile_id=profile_id, tx_hash=tx_hash, label=label, created_at=now, updated_at=now)
        )
        return True
    if row.label == label:
        return False
    row.label, row.updated_at = label, now
    return True


def _contact(session: Session, row: WalletContact) -> Contact:
    names = session.scalars(
        select(ChainNetwork.name)
        .join(WalletContactNetwork, WalletContactNetwork.network_id == ChainNetwork.id)
        .where(WalletContactNetwork.contact_id == row.id)
        .order_by(ChainNetwork.name)
    ).all()
    return Contact(row.id, row.name, row.address, row.note, tuple(names))


def _own_contact(session: Session, profile_id: int, contact_id: int) -> WalletContact:
    row = session.get(WalletContact, contact_id)
    if row is None or row.profile_id != profile_id:
        raise NotFoundError("That contact is not in your address book (any more).", field="contact")
    return row


def _network_ids(session: Session, networks: Iterable[str]) -> list[int]:
    ids = []
    for name in dict.fromkeys(n.strip() for n in networks if n.strip()):
        found = session.scalar(select(ChainNetwork.id).where(func.lower(ChainNetwork.name) == name.lower()))
        if found is None:
            raise NotFoundError(f"No network named {name!r}.", field="networks")
        ids.append(found)
    return ids


def _names(session: Session, network_ids: list[int]) -> list[str]:
    if not network_ids:
        return []
    return list(session.scalars(select(ChainNetwork.name).where(ChainNetwork.id.in_(network_ids))))


def _set_networks(session: Session, contact_id: int, network_ids: list[int]) -> None:
    session.execute(delete(WalletContactNetwork).where(WalletContactNetwork.contact_id == contact_id))
    for network_id in network_ids:
        session.add(WalletContactNetwork(contact_id=contact_id, network_id=network_id))


def _check_free(session: Session, profile_id: int, name: str, address: str, *, keep_id: int | None) -> None:
    others = select(WalletContact).where(WalletContact.profile_id == profile_id)
    if keep_id is not None:
        others = others.where(WalletContact.id != keep_id)
    for other in session.scalars(others):
        if other.address == address:
            raise AlreadyExistsError(f"{address} is in your address book as {other.name!r}.", field="address")
        if other.name.lower() == name.lower():
            raise AlreadyExistsError(f"A contact is named {other.name!r} already.", field="name")
    own = session.scalar(
        select(WalletAccount.name).where(
            WalletAccount.profile_id == profile_id, WalletAccount.address == address
        )
    )
    if own is not None:
        raise ValidationError(f"{address} is your own account {own!r}: rename it there.", field="address")
