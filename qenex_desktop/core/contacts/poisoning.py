"""Poisoning in the history (issue 15): which incoming transfers look planted, from the ledger.

Address poisoning puts a look-alike of an address a person uses into their history, typically as
an incoming zero-value token transfer (anyone can emit one from a fake or a real token's
``transferFrom`` of 0) or a tiny transfer from a look-alike sender. ``poisoned_transfers`` marks
those among the rows a view shows, so Activity can fold them away; ``known_addresses`` is what the
profile trusts (own accounts, the book, the addresses in its own transactions), shared with the
checks before signing (``core.chain.destination_checks``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.chain.types import TransferInfo
from qenex_desktop.core.contacts.book import ContactBook
from qenex_desktop.core.contacts.lookalike import HistoryRow, PoisonReason, poisoning_marks
from qenex_desktop.core.db.models import ChainTransaction, WalletAccount, WalletContact

#: Who an address of the profile's own transactions is, in ``known_addresses``.
HISTORY = "in your history"


def named_addresses(session: Session, profile_id: int) -> dict[str, str]:
    """The part of ``known_addresses`` that has a name: the profile's own accounts, then its
    contacts (an address in both is the account)."""
    known: dict[str, str] = {}
    for address, name in session.execute(
        select(WalletAccount.address, WalletAccount.name).where(WalletAccount.profile_id == profile_id)
    ):
        known.setdefault(address, f"your account {name}")
    for address, name in session.execute(
        select(WalletContact.address, WalletContact.name).where(WalletContact.profile_id == profile_id)
    ):
        known.setdefault(address, f"contact {name}")
    return known


def known_addresses(session: Session, profile_id: int) -> dict[str, str]:
    """Addresses this profile trusts, and who each is: own accounts, contacts, then its own
    transactions (from, to, recipient). Incoming transfers are not trusted: a poisoner sends them."""
    known = named_addresses(session, profile_id)
    rows = session.execute(
        select(ChainTransaction.from_address, ChainTransaction.recipient, ChainTransaction.to_address).where(
            ChainTransaction.profile_id == profile_id
        )
    )
    for row in rows:
        for address in row:
            if address:
                known.setdefault(address, HISTORY)
    return known


def transfer_key(transfer: TransferInfo) -> str:
    """How ``poisoned_transfers`` names a transfer: ``"<tx hash>:<log index>"``."""
    return f"{transfer.tx_hash}:{transfer.log_index}"


def poisoned_transfers(book: ContactBook, transfers: Iterable[TransferInfo]) -> dict[str, PoisonReason]:
    """Of these history transfers (``ChainService.transfers()`` rows), the incoming ones that look
    like poisoning, by ``transfer_key``: zero-value, or from a look-alike of a known address."""
    profile_id = book.auth.require_session().profile_id
    with book.db.read() as session:
        known = known_addresses(session, profile_id)
    rows = [
        HistoryRow(transfer_key(t), t.direction == "in", t.from_address, t.amount)
        for t in transfers
        if t.from_address not in known or t.amount == 0
    ]
    return poisoning_marks(rows, known)
