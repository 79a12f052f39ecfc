"""What an Activity page adds to its rows from the profile's own records, in the page's read (issue 15).

* ``label``: the person's label on the transaction (``ContactBook.set_tx_label``, ``chain_tx_labels``),
  looked up for the page's hashes only;
* ``suspicion``: an incoming token transfer that looks like address poisoning
  (``contacts.lookalike.poisoning_marks`` over ``contacts.poisoning.known_addresses``): a zero-value
  transfer, or one from a sender that looks like an address this profile trusts (which one is named,
  so a view can say "sender looks like 0x…"). A sender the profile itself knows is never marked for
  its look (two contacts may look alike), as in ``poisoned_transfers``.

The known addresses are read only when a page holds an incoming non-zero transfer to judge.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from qenex_desktop.core.contacts.lookalike import HistoryRow, PoisonReason, looks_alike, poisoning_marks
from qenex_desktop.core.contacts.poisoning import known_addresses
from qenex_desktop.core.db.models import ChainTxLabel

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


def _incoming(item: ActivityItem) -> bool:
    return item.source == "transfer" and len(item.legs) == 1 and item.legs[0].direction == "in"


def suspicions(session: Session, profile_id: int, items: Sequence[ActivityItem]) -> dict[int, Suspicion]:
    """Which of ``items`` (by position) look like poisoning, and why."""
    candidates = [(number, item) for number, item in enumerate(items) if _incoming(item)]
    if not candidates:
        return {}
    judged = any(item.legs[0].amount != 0 for _n, item in candidates)
    known = known_addresses(session, profile_id) if judged else {}
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
