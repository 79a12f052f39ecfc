"""Labels to and from other wallets as BIP-329 JSON lines (https://github.com/bitcoin/bips/blob/master/bip-0329.mediawiki).

One JSON object a line, UTF-8: ``type`` and ``ref`` always, ``label`` for what a person called it,
``origin`` optional, ``spendable`` for ``output`` records only. This wallet writes ``addr`` lines
(own accounts by their label, contacts by their name; ``ref`` is the EIP-55 address) and ``tx``
lines (``ref`` the transaction hash). Importing: an ``addr`` of an own account renames it, any
other EVM address becomes (or renames) a contact, a ``tx`` labels that transaction; lines of other
types (``pubkey``, ``input``, ``output``, ``xpub``), Bitcoin refs and empty labels are skipped and
counted, a malformed line is refused with its line number and nothing is imported. The whole file
is one unit of work with one audit entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import Category
from qenex_desktop.core.contacts.book import ContactBook, parse_tx_hash, write_tx_label
from qenex_desktop.core.db.models import WalletAccount, WalletContact
from qenex_desktop.core.errors import QenexError, ValidationError
from qenex_desktop.core.validation import parse_account_name, parse_address, parse_contact_name, parse_label

KNOWN_TYPES = frozenset({"tx", "addr", "pubkey", "input", "output", "xpub"})


@dataclass(frozen=True)
class Label:
    type: str
    ref: str
    label: str


@dataclass
class ImportReport:
    accounts_renamed: int = 0
    contacts_added: int = 0
    contacts_renamed: int = 0
    tx_labels: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return self.accounts_renamed + self.contacts_added + self.contacts_renamed + self.tx_labels


def export_lines(book: ContactBook) -> list[str]:
    """The profile's labels as BIP-329 lines: own accounts, contacts, then transactions."""
    profile_id = book.auth.require_session().profile_id
    with book.db.read() as session:
        accounts = session.execute(
            select(WalletAccount.address, WalletAccount.name)
            .where(WalletAccount.profile_id == profile_id)
            .order_by(WalletAccount.position)
        ).all()
    labels = [Label("addr", address, name) for address, name in accounts]
    labels += [Label("addr", c.address, c.name) for c in book.contacts()]
    labels += [Label("tx", h, text) for h, text in sorted(book.tx_labels().items())]
    return [json.dumps({"type": x.type, "ref": x.ref, "label": x.label}, ensure_ascii=False) for x in labels]


def parse_lines(text: str) -> list[Label | str]:
    """Each line as a ``Label`` to apply, or the reason it is skipped; a malformed line refuses all."""
    out: list[Label | str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise ValidationError(
                f"Line {number} is not JSON (BIP-329 has one object a line).", field="file"
            ) from None
        if not isinstance(record, dict) or not isinstance(record.get("type"), str) or "ref" not in record:
            raise ValidationError(f"Line {number} has no type and ref.", field="file")
        kind, ref, label = record["type"], str(record["ref"]), record.get("label")
        if kind not in KNOWN_TYPES:
            raise ValidationError(f"Line {number}: {kind!r} is not a BIP-329 type.", field="file")
        if kind not in ("addr", "tx"):
            out.append(f"line {number}: {kind} labels have no place in an Ethereum wallet")
        elif not isinstance(label, str) or not label.strip():
            out.append(f"line {number}: no label")
        else:
            out.append(_label(number, kind, ref, label))
    return out


def _label(number: int, kind: str, ref: str, label: str) -> Label | str:
    try:
        ref = parse_address(ref, field="file") if kind == "addr" else parse_tx_hash(ref, field="file")
        return Label(kind, ref, parse_label(label, field="file"))
    except QenexError as exc:
        return f"line {number}: {exc.message}"


def import_text(book: ContactBook, text: str) -> ImportReport:
    """Apply a BIP-329 file's ``addr`` and ``tx`` labels to the profile (one unit of work)."""
    parsed = parse_lines(text)
    report = ImportReport(skipped=[item for item in parsed if isinstance(item, str)])
    active = book.auth.require_session()
    now = book.clock.now_ms()
    with book.db.write() as session:
        for item in parsed:
            if isinstance(item, Label):
                _apply(session, active.profile_id, item, now, report)
        if report.applied:
            book.audit.append(
                session,
                category=Category.SECURITY,
                event="label.imported",
                actor=active.username,
                details={
                    "accounts_renamed": report.accounts_renamed,
                    "contacts_added": report.contacts_added,
                    "contacts_renamed": report.contacts_renamed,
                    "tx_labels": report.tx_labels,
                    "skipped": len(report.skipped),
                },
            )
    return report


def _apply(session: Session, profile_id: int, item: Label, now: int, report: ImportReport) -> None:
    if item.type == "tx":
        if write_tx_label(session, profile_id, item.ref, item.label, now):
            report.tx_labels += 1
        else:
            report.unchanged += 1
        return
    account = session.scalar(
        select(WalletAccount).where(WalletAccount.profile_id == profile_id, WalletAccount.address == item.ref)
    )
    if account is not None:
        _rename_account(session, profile_id, account, item, report)
        return
    try:
        name = parse_contact_name(item.label, field="file")
    except QenexError as exc:
        report.skipped.append(f"{item.ref}: {exc.message}")
        return
    contact = session.scalar(
        select(WalletContact).where(WalletContact.profile_id == profile_id, WalletContact.address == item.ref)
    )
    if contact is not None and contact.name == name:
        report.unchanged += 1
        return
    name = _free_contact_name(session, profile_id, name, contact.id if contact else None)
    if contact is None:
        session.add(
            WalletContact(profile_id=profile_id, name=name, address=item.ref, created_at=now, updated_at=now)
        )
        session.flush()
        report.contacts_added += 1
    else:
        contact.name, contact.updated_at = name, now
        report.contacts_renamed += 1


def _rename_account(
    session: Session, profile_id: int, account: WalletAccount, item: Label, report: ImportReport
) -> None:
    try:
        name = parse_account_name(item.label, field="file")
    except QenexError as exc:
        report.skipped.append(f"{item.ref}: {exc.message}")
        return
    if account.name == name:
        report.unchanged += 1
        return
    clash = session.scalar(
        select(WalletAccount.id).where(
            WalletAccount.profile_id == profile_id,
            func.lower(WalletAccount.name) == name.lower(),
            WalletAccount.id != account.id,
        )
    )
    if clash is not None:
        report.skipped.append(f"{item.ref}: another account is named {name!r}")
        return
    account.name = name
    report.accounts_renamed += 1


def _free_contact_name(session: Session, profile_id: int, name: str, keep_id: int | None) -> str:
    """``name``, or ``name (2)``… when another contact has it (names are unique in a book)."""
    taken = {
        n.lower()
        for n, contact_id in session.execute(
            select(WalletContact.name, WalletContact.id).where(WalletContact.profile_id == profile_id)
        )
        if contact_id != keep_id
    }
    candidate, n = name, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = name[: 64 - len(suffix)] + suffix, n + 1
    return candidate
