"""The tamper-evident audit log.

Each entry stores the hash of the entry before it and the hash of its own canonical content:

    entry_hash = SHA-256(prev_hash || "\\n" || canonical_json(id, created_at, category, event,
                                                        actor, details))

so editing, deleting or reordering any entry breaks the chain at that entry. Entries are written
with ``append`` inside the caller's unit of work: the record and the change it records commit
together or not at all. Writers are serialised (BEGIN IMMEDIATE), so the chain never forks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TextIO

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db.models import AuditCheckpoint, AuditEntry

GENESIS_HASH = "0" * 64
_FORBIDDEN_DETAIL_KEYS = ("password", "token", "private_key", "privatekey", "mnemonic", "seed", "secret")
_BATCH = 2_000


class Category(StrEnum):
    SECURITY = "security"
    MONEY = "money"


def _jsonable(value: Any) -> Any:
    """Ints become decimal text: base units exceed what JSON readers keep exactly (2^53)."""
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)


def _check_no_secrets(details: Mapping[str, Any]) -> None:
    for key, value in details.items():
        if any(word in key.lower() for word in _FORBIDDEN_DETAIL_KEYS):
            raise ValueError(f"audit details must never carry secrets (key {key!r})")
        if isinstance(value, Mapping):
            _check_no_secrets(value)


def canonical_content(
    entry_id: int, created_at: int, category: str, event: str, actor: str | None, details_json: str
) -> str:
    return json.dumps(
        {
            "actor": actor,
            "category": category,
            "created_at": created_at,
            "details": json.loads(details_json),
            "event": event,
            "id": entry_id,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )


def chain_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    checked: int
    total: int
    first_bad_id: int | None = None
    problem: str | None = None
    incremental: bool = False

    @property
    def message(self) -> str:
        if self.ok:
            how = "new entries checked" if self.incremental else "entries checked"
            return f"Audit chain intact: {self.checked} {how}, {self.total} in all."
        return f"Audit chain broken at entry {self.first_bad_id}: {self.problem}"


class AuditLog:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def append(
        self,
        session: Session,
        *,
        category: Category,
        event: str,
        actor: str | None,
        details: Mapping[str, Any] | None = None,
    ) -> int:
        """Add an entry inside the caller's transaction; returns its sequence number."""
        details = dict(details or {})
        _check_no_secrets(details)
        details_json = json.dumps(
            _jsonable(details), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        last = session.execute(
            select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
        entry_id = 1 if last is None else last[0] + 1
        prev_hash = GENESIS_HASH if last is None else last[1]
        created_at = self.clock.now_ms()
        content = canonical_content(entry_id, created_at, category.value, event, actor, details_json)
        session.execute(
            insert(AuditEntry).values(
                id=entry_id,
                created_at=created_at,
                category=category.value,
                event=event,
                actor=actor,
                details=details_json,
                prev_hash=prev_hash,
                entry_hash=chain_hash(prev_hash, content),
            )
        )
        return entry_id

    # -- verification --------------------------------------------------------------------

    def verify(self, session: Session, *, incremental: bool = False) -> AuditVerification:
        """Walk the chain. ``incremental`` starts at the last verified checkpoint (cheap, for health checks).

        On success the checkpoint moves forward; the caller commits it (use a write session).
        """
        total = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        checkpoint = session.get(AuditCheckpoint, 1)
        # Plain values: the walk below expunges the session's objects batch by batch.
        remembered = (checkpoint.verified_through, checkpoint.verified_hash) if checkpoint else None
        last_id = session.execute(select(func.max(AuditEntry.id))).scalar() or 0
        if checkpoint is not None and last_id < checkpoint.verified_through:
            return AuditVerification(
                False,
                0,
                total,
                last_id + 1,
                f"entries after {last_id} are missing (verified up to {checkpoint.verified_through} before).",
                incremental,
            )
        start_after = 0
        prev_hash = GENESIS_HASH
        if incremental and checkpoint is not None:
            anchor = session.get(AuditEntry, checkpoint.verified_through)
            if anchor is None or anchor.entry_hash != checkpoint.verified_hash:
                return AuditVerification(
                    False,
                    0,
                    total,
                    checkpoint.verified_through,
                    "this entry changed since it was last verified.",
                    incremental,
                )
            start_after = checkpoint.verified_through
            prev_hash = checkpoint.verified_hash
        checked = 0
        expected_id = start_after + 1
        for entry in self._entries_after(session, start_after):
            if entry.id != expected_id:
                return AuditVerification(
                    False,
                    checked,
                    total,
                    expected_id,
                    "this entry was deleted (the sequence skips it).",
                    incremental,
                )
            content = canonical_content(
                entry.id, entry.created_at, entry.category, entry.event, entry.actor, entry.details
            )
            if chain_hash(entry.prev_hash, content) != entry.entry_hash:
                return AuditVerification(
                    False, checked, total, entry.id, "this entry was edited.", incremental
                )
            if entry.prev_hash != prev_hash:
                return AuditVerification(
                    False,
                    checked,
                    total,
                    entry.id,
                    "this entry does not follow the one before it "
                    "(an entry was deleted, replaced or reordered).",
                    incremental,
                )
            if remembered is not None and entry.id == remembered[0] and entry.entry_hash != remembered[1]:
                # A consistent rewrite (or a truncated tail written over by new entries) passes the
                # link checks above; the hash remembered at the last verification does not match.
                return AuditVerification(
                    False,
                    checked,
                    total,
                    entry.id,
                    "this entry changed since it was last verified.",
                    incremental,
                )
            prev_hash = entry.entry_hash
            expected_id += 1
            checked += 1
        if expected_id - 1 > 0:
            self._save_checkpoint(session, expected_id - 1, prev_hash)
        return AuditVerification(True, checked, total, incremental=incremental)

    def _entries_after(self, session: Session, after_id: int) -> Iterator[AuditEntry]:
        cursor = after_id
        while True:
            batch = session.scalars(
                select(AuditEntry).where(AuditEntry.id > cursor).order_by(AuditEntry.id).limit(_BATCH)
            ).all()
            if not batch:
                return
            yield from batch
            cursor = batch[-1].id
            session.expunge_all()

    def _save_checkpoint(self, session: Session, through: int, entry_hash: str) -> None:
        checkpoint = session.get(AuditCheckpoint, 1)
        if checkpoint is None:
            session.add(
                AuditCheckpoint(
                    id=1, verified_through=through, verified_hash=entry_hash, verified_at=self.clock.now_ms()
                )
            )
        else:
            checkpoint.verified_through = through
            checkpoint.verified_hash = entry_hash
            checkpoint.verified_at = self.clock.now_ms()

    # -- reading and export --------------------------------------------------------------

    def entries(
        self, session: Session, *, limit: int = 200, before_id: int | None = None, category: str | None = None
    ) -> list[AuditEntry]:
        """Newest first, for the Audit view."""
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if before_id is not None:
            query = query.where(AuditEntry.id < before_id)
        if category:
            query = query.where(AuditEntry.category == category)
        return list(session.scalars(query).all())

    def export(self, session: Session, out: TextIO, fmt: str) -> int:
        """Write every entry, oldest first, as JSON lines or CSV; returns how many."""
        if fmt not in {"jsonl", "csv"}:
            raise ValueError(fmt)
        writer = csv.writer(out) if fmt == "csv" else None
        fields = ["id", "created_at", "category", "event", "actor", "details", "prev_hash", "entry_hash"]
        if writer is not None:
            writer.writerow(fields)
        count = 0
        for entry in self._entries_after(session, 0):
            created = datetime.fromtimestamp(entry.created_at / 1000, tz=UTC).isoformat(
                timespec="milliseconds"
            )
            if writer is not None:
                writer.writerow(
                    [
                        entry.id,
                        created,
                        entry.category,
                        entry.event,
                        entry.actor or "",
                        entry.details,
                        entry.prev_hash,
                        entry.entry_hash,
                    ]
                )
            else:
                record = {
                    "id": entry.id,
                    "created_at": created,
                    "created_at_ms": entry.created_at,
                    "category": entry.category,
                    "event": entry.event,
                    "actor": entry.actor,
                    "details": json.loads(entry.details),
                    "prev_hash": entry.prev_hash,
                    "entry_hash": entry.entry_hash,
                }
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
        return count

    def export_text(self, session: Session, fmt: str) -> str:
        buffer = io.StringIO()
        self.export(session, buffer, fmt)
        return buffer.getvalue()
