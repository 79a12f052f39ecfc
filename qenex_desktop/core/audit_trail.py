"""The audit log as the GUI and the CLI read it: pages of entries, a verify, an export.

``AuditLog`` (core/audit.py) is what services write through, inside their own unit of work. This
is the reading side, one place for both front ends: each call opens its own read (verify walks a
snapshot and then moves the checkpoint in one short write), so no caller opens sessions around
the log or parses its JSON itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import select

from qenex_desktop.core.audit import AuditLog, AuditVerification, parse_details
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import AuditEntry
from qenex_desktop.core.private_files import open_private


@dataclass(frozen=True)
class AuditRecord:
    id: int
    created_at: int
    category: str
    event: str
    actor: str | None
    #: The stored details text, exactly (what the hash covers).
    details_text: str
    #: The same, parsed; None when it is not text the app writes (verify calls the entry edited).
    details: dict[str, Any] | None
    entry_hash: str


def _record(entry: AuditEntry) -> AuditRecord:
    return AuditRecord(
        id=entry.id,
        created_at=entry.created_at,
        category=entry.category,
        event=entry.event,
        actor=entry.actor,
        details_text=entry.details,
        details=parse_details(entry.details),
        entry_hash=entry.entry_hash,
    )


class AuditTrail:
    def __init__(self, database: Database, log: AuditLog) -> None:
        self.db = database
        self.log = log

    def page(
        self, *, limit: int = 200, before_id: int | None = None, category: str | None = None
    ) -> list[AuditRecord]:
        """Newest first, for the Audit view."""
        with self.db.read() as session:
            return [
                _record(e)
                for e in self.log.entries(session, limit=limit, before_id=before_id, category=category)
            ]

    def of_events(self, events: Iterable[str], *, actor: str, limit: int = 1000) -> list[AuditRecord]:
        """One person's entries of these kinds, newest first (the Activity tab's ledger rows)."""
        with self.db.read() as session:
            rows = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.event.in_(list(events)), AuditEntry.actor == actor)
                .order_by(AuditEntry.id.desc())
                .limit(limit)
            ).all()
            return [_record(e) for e in rows]

    def verify(self, *, full: bool = True) -> AuditVerification:
        """The chain from the last checkpoint, or all of it; never holds the write lock while walking."""
        return self.log.verify_ledger(self.db, incremental=not full)

    def export(self, out: TextIO, fmt: str) -> int:
        """Every entry, oldest first, as JSON lines or CSV, streamed; returns how many."""
        with self.db.read() as session:
            return self.log.export(session, out, fmt)

    def export_to(self, path: Path, fmt: str) -> int:
        """To a file only its owner can read (0600, also over an older file)."""
        with open_private(path, newline="") as out:
            return self.export(out, fmt)
