"""What an Activity page adds to its rows from the profile's own records, in the page's read (issue 15).

* ``label``: the person's label on the transaction (``ContactBook.set_tx_label``, ``chain_tx_labels``),
  looked up for the page's hashes only;
* ``suspicion``: an incoming token transfer that looks like address poisoning
  (``contacts.lookalike.poisoning_marks`` over ``contacts.poisoning.known_addresses``): a zero-value
  transfer, or one from a sender that looks like an address this profile trusts (which one is named,
  so a view can say "sender looks like 0x…"). A sender the profile itself knows is never marked for
  its look (two contacts may look alike), as in ``poisoned_transfers``.

The known addresses are read only when a page holds an incoming non-zero transfer to judge, and
their largest part, the addresses of the profile's own transactions, is kept between pages
(``HistoryAddresses``: read once, then only the rows after the newest seen, a primary-key range),
so a page costs the same with ten transactions or a hundred thousand (``bench/activity_history``).
``known_to(session, profile_id)`` equals ``contacts.poisoning.known_addresses`` (pinned by a test).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from qenex_desktop.core.contacts.lookalike import HistoryRow, PoisonReason, looks_alike, poisoning_marks
from qenex_desktop.core.contacts.poisoning import HISTORY, named_addresses
from qenex_desktop.core.db.models import ChainTransaction, ChainTxLabel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from qenex_desktop.core.activity import ActivityItem


@dataclass(frozen=True)
class Suspicion:
    """Why an incoming transfer is folded away: its reason, and for a look-alike sender the known
    address it resembles and who that is ("contact Bob", "your account Main", "in your history")."""

    reason: PoisonReason
    looks_like: str | None = None
    who: str | None = None

    @property
    def text(self) -> str:
        """In words (the export, the CLI; the GUI words it in its own translated text)."""
        if self.reason is PoisonReason.ZERO_VALUE:
            return "zero-value transfer — a common address-poisoning trick"
        return f"sender looks like {self.looks_like} ({self.who})"


@dataclass
class HistoryAddresses:
    """The from, to and recipient addresses of every profile's own transactions in one ledger, as
    far as the row ``last_id``; ``read`` adds the rows after it (rows are never deleted nor
    re-addressed, and writes are serialised, so a snapshot sees a prefix of the ids)."""

    last_id: int = 0
    #: Profile id -> its addresses, each once, in the order first seen.
    by_profile: dict[int, dict[str, None]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self, session: Session, profile_id: int) -> list[str]:
        with self.lock:
            rows = session.execute(
                select(
                    ChainTransaction.id,
                    ChainTransaction.profile_id,
                    ChainTransaction.from_address,
                    ChainTransaction.recipient,
                    ChainTransaction.to_address,
                ).where(ChainTransaction.id > self.last_id)  # the primary key's range: the new rows only
            )
            for row_id, owner, *addresses in rows:
                self.last_id = max(self.last_id, row_id)
                if owner is None:
                    continue
                known = self.by_profile.setdefault(owner, {})
                known.update((address, None) for address in addresses if address)
            return list(self.by_profile.get(profile_id, {}))


#: One ``HistoryAddresses`` per ledger (its read engine), gone with it.
_HISTORIES: weakref.WeakKeyDictionary[Any, HistoryAddresses] = weakref.WeakKeyDictionary()
_HISTORIES_LOCK = threading.Lock()


def _history(session: Session) -> HistoryAddresses:
    engine = session.get_bind()
    with _HISTORIES_LOCK:
        found = _HISTORIES.get(engine)
        if found is None:
            found = _HISTORIES[engine] = HistoryAddresses()
        return found


def known_to(session: Session, profile_id: int) -> dict[str, str]:
    """What ``contacts.poisoning.known_addresses`` says (own accounts, contacts, then the addresses
    of the profile's own transactions, each with who it is), the last part kept between pages."""
    known = named_addresses(session, profile_id)
    for address in _history(session).read(session, profile_id):
        known.setdefault(address, HISTORY)
    return known


def _incoming(item: ActivityItem) -> bool:
    return item.source == "transfer" and len(item.legs) == 1 and item.legs[0].direction == "in"


def suspicions(session: Session, profile_id: int, items: Sequence[ActivityItem]) -> dict[int, Suspicion]:
    """Which of ``items`` (by position) look like poisoning, and why."""
    candidates = [(number, item) for number, item in enumerate(items) if _incoming(item)]
    if not candidates:
        return {}
    judged = any(item.legs[0].amount != 0 for _n, item in candidates)
    known = known_to(session, profile_id) if judged else {}
    rows = [
        HistoryRow(str(number), True, item.from_address or "", item.legs[0].amount)
        for number, item in candidates
        if item.legs[0].amount == 0 or item.from_address not in known
    ]
    found: dict[int, Suspicion] = {}
    for key, reason in poisoning_marks(rows, known).items():
        number = int(key)
        if reason is PoisonReason.ZERO_VALUE:
            found[number] = Suspicion(reason)
            continue
        sender = items[number].from_address or ""
        similar = next(address for address in known if looks_alike(sender, address))
        found[number] = Suspicion(reason, similar, known[similar])
    return found


def tx_labels(session: Session, profile_id: int, references: Sequence[str]) -> dict[str, str]:
    """Lower-case transaction hash -> label, for these references (ledger ids are skipped)."""
    hashes = sorted({ref.lower() for ref in references if ref.startswith("0x")})
    if not hashes:
        return {}
    rows = session.execute(
        select(ChainTxLabel.tx_hash, ChainTxLabel.label).where(
            ChainTxLabel.profile_id == profile_id, ChainTxLabel.tx_hash.in_(hashes)
        )
    )
    return {tx_hash.lower(): label for tx_hash, label in rows}


def annotate(session: Session, profile_id: int, items: list[ActivityItem]) -> list[ActivityItem]:
    """``items`` with their label and poisoning mark, read in the caller's ``session``."""
    if not items:
        return items
    labels = tx_labels(session, profile_id, [item.reference for item in items])
    marks = suspicions(session, profile_id, items)
    return [
        replace(item, label=labels.get(item.reference.lower()), suspicion=marks.get(number))
        if item.reference.lower() in labels or number in marks
        else item
        for number, item in enumerate(items)
    ]
