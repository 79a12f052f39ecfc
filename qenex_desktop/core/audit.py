"""The tamper-evident audit log.

Each entry stores the hash of the entry before it and the hash of its own content:

    entry_hash = SHA-256(prev_hash || "\\n" || content)
    content    = {"actor":A,"category":C,"created_at":T,"details":D,"event":E,"id":I}

with A, C, T, E, I JSON-encoded (``ensure_ascii=False``, no spaces) and D the details column's
stored text exactly as it is, so what is hashed is what SQLite, the CSV export and every reader
see. The app writes D in one canonical form (keys sorted, no spaces, no duplicate keys); a stored
D in any other form was not written by the app, and verify reports the entry as edited. For a
canonical D, ``content`` is the canonical JSON of the six fields, as before migration 0006.

Ids are 1, 2, 3, ... with no gaps (the table's triggers refuse any other insert, and any change of
an id); verify walks every row from the smallest id, so a row slipped in below 1 shows too.
Editing, deleting or reordering any entry breaks the chain at that entry. Entries are written
with ``append`` inside the caller's unit of work: the record and the change it records commit
together or not at all. Writers are serialised (BEGIN IMMEDIATE), so the chain never forks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TextIO

from sqlalchemy import exists, func, insert, select
from sqlalchemy.orm import Session, aliased

from qenex_desktop.core import changes
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db.engine import Database
from qenex_desktop.core.db.models.audit import AuditCheckpoint, AuditEntry, AuditStats

GENESIS_HASH = "0" * 64
_FORBIDDEN_DETAIL_KEYS = ("password", "token", "private_key", "privatekey", "mnemonic", "seed", "secret")


class Category(StrEnum):
    SECURITY = "security"
    MONEY = "money"


def _jsonable(value: Any) -> Any:
    """Ints become decimal text: base units exceed what JSON readers keep exactly (2^53).

    Keys become text; two keys with the same text (``1`` and ``"1"``) are refused, never merged."""
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if str(key) in out:
                raise ValueError(f"audit details must not repeat a key (key {str(key)!r})")
            out[str(key)] = _jsonable(item)
        return out
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return str(value)


def _check_no_secrets(details: Mapping[str, Any]) -> None:
    for key, value in details.items():
        if any(word in str(key).lower() for word in _FORBIDDEN_DETAIL_KEYS):
            raise ValueError(f"audit details must never carry secrets (key {key!r})")
        if isinstance(value, Mapping):
            _check_no_secrets(value)


#: One encoder, built once (``json.dumps`` with these options builds one per call).
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def canonical_details(details: Mapping[str, Any]) -> str:
    """The one text the app stores for an entry's details."""
    return _dumps(_jsonable(details))


def parse_details(text: str) -> dict[str, Any] | None:
    """Stored details as a dict, or None when the text is not one the app writes (a repeated key,
    another layout, not a JSON object): readers show such text as it is, verify calls it edited.

    Text equal to the canonical dump of what it parses to has no repeated key (a dump has none),
    so the one comparison rules out both."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or _dumps(data) != text:
        return None
    return data


def _shown(text: str) -> Any:
    parsed = parse_details(text)
    return text if parsed is None else parsed


def canonical_content(
    entry_id: int, created_at: int, category: str, event: str, actor: str | None, details_json: str
) -> str:
    """What an entry's hash covers; ``details_json`` goes in as stored, byte for byte."""
    fields = (
        ("actor", _dumps(actor)),
        ("category", _dumps(category)),
        ("created_at", _dumps(created_at)),
        ("details", details_json),
        ("event", _dumps(event)),
        ("id", _dumps(entry_id)),
    )
    return "{" + ",".join(f'"{name}":{value}' for name, value in fields) + "}"


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
    #: The last entry the walk reached and its hash (the next checkpoint, when ``ok``).
    verified_through: int = 0
    verified_hash: str = GENESIS_HASH

    @property
    def message(self) -> str:
        if self.ok:
            how = "new entries checked" if self.incremental else "entries checked"
            return f"Audit chain intact: {self.checked} {how}, {self.total} in all."
        return f"Audit chain broken at entry {self.first_bad_id}: {self.problem}"


#: Called with the write session that moves the checkpoint and the result: to record the result
#: in the same transaction (the health check does).
Recorder = Callable[[Session, AuditVerification], None]

_EDITED = "this entry was edited."
_NOT_APP_TEXT = (
    "this entry was edited (its details are not text the app writes: a key twice, or another layout)."
)
_OUTSIDE = "this entry's id is outside the sequence (ids start at 1): it was added by hand."
_SKIPPED = "this entry was deleted (the sequence skips it)."
_CHANGED = "this entry changed since it was last verified."
_UNLINKED = "this entry does not follow the one before it (an entry was deleted, replaced or reordered)."

#: Called now and then during a walk with (entries checked so far, entries in all): for a progress bar.
Progress = Callable[[int, int], None]
#: A walk reports progress after every this many entries.
PROGRESS_EVERY = 1_000
_export_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_COLUMNS = "id, created_at, category, event, actor, details, prev_hash, entry_hash"
Row = tuple[int, int, str, str, str | None, str, str, str]


def _rows_after(session: Session, after_id: int | None) -> Iterator[Row]:
    """Every entry after ``after_id`` (None: every row there is), in id order, streamed by a plain
    cursor of the session's own connection (so inside its snapshot): no ORM objects, flat memory."""
    driver = session.connection().connection.driver_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        if after_id is None:
            cursor.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY id")
        else:
            cursor.execute(f"SELECT {_COLUMNS} FROM audit_log WHERE id > ? ORDER BY id", (after_id,))
        yield from cursor
    finally:
        cursor.close()


def _walk_rows(
    rows: Iterator[Row],
    expected_id: int,
    prev_hash: str,
    remembered: tuple[int, str] | None,
    broken: AuditVerification,
    progress: Progress | None,
) -> AuditVerification:
    """The checks of ``walk`` on each row, in the order the problems are named. The content is built
    as ``canonical_content`` builds it, with the few distinct categories, events and actors dumped
    once (``tests/foundation/test_audit.py`` edits each field and sees the walk find it)."""
    checked = 0
    dumped: dict[str | None, str] = {}
    loads, dumps, sha256 = json.loads, _dumps, hashlib.sha256
    for entry_id, created_at, category, event, actor, details, stored_prev, entry_hash in rows:
        problem = None
        if entry_id < 1:
            problem = _OUTSIDE
        elif entry_id != expected_id:
            return replace(broken, checked=checked, first_bad_id=expected_id, problem=_SKIPPED)
        else:
            try:
                parsed = loads(details)
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict) or dumps(parsed) != details:
                problem = _NOT_APP_TEXT
            else:
                if len(dumped) > 4096:  # a ledger of many distinct actors: keep the cache small
                    dumped.clear()
                for text in (actor, category, event):
                    if text not in dumped:
                        dumped[text] = dumps(text)
                at = created_at if type(created_at) is int else dumps(created_at)  # as stored
                content = (
                    f'{{"actor":{dumped[actor]},"category":{dumped[category]},"created_at":{at},'
                    f'"details":{details},"event":{dumped[event]},"id":{entry_id}}}'
                )
                if sha256(f"{stored_prev}\n{content}".encode()).hexdigest() != entry_hash:
                    problem = _EDITED
                elif stored_prev != prev_hash:
                    problem = _UNLINKED
                elif remembered is not None and entry_id == remembered[0] and entry_hash != remembered[1]:
                    # A consistent rewrite (or a truncated tail written over by new entries) passes
                    # the link checks above; the hash remembered at the last verification does not.
                    problem = _CHANGED
        if problem is not None:
            return replace(broken, checked=checked, first_bad_id=entry_id, problem=problem)
        prev_hash = entry_hash
        expected_id += 1
        checked += 1
        if progress is not None and checked % PROGRESS_EVERY == 0:
            progress(checked, broken.total)
    return replace(
        broken, ok=True, checked=checked, verified_through=expected_id - 1, verified_hash=prev_hash
    )


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
        details_json = canonical_details(details)
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
        changes.note(session.info, entry_id, event)  # announced once this unit of work commits
        return entry_id

    # -- verification --------------------------------------------------------------------

    def verify_ledger(
        self,
        database: Database,
        *,
        incremental: bool = False,
        record: Recorder | None = None,
        progress: Progress | None = None,
    ) -> AuditVerification:
        """Verify without holding the write lock: walk a read snapshot (writers go on meanwhile),
        then, in one short write, move the checkpoint on and let ``record`` store the result."""
        with database.read() as session:
            result = self.walk(session, incremental=incremental, progress=progress)
            checkpoint = session.get(AuditCheckpoint, 1)
            unmoved = checkpoint is not None and checkpoint.verified_through == result.verified_through
        if (result.ok and not unmoved) or record is not None:  # nothing new: no write, no commit
            with database.write() as session:
                if result.ok:
                    self._save_checkpoint(session, result.verified_through, result.verified_hash)
                if record is not None:
                    record(session, result)
        return result

    def verify(self, session: Session, *, incremental: bool = False) -> AuditVerification:
        """``walk`` and, on success, move the checkpoint in the caller's (write) session."""
        result = self.walk(session, incremental=incremental)
        if result.ok:
            self._save_checkpoint(session, result.verified_through, result.verified_hash)
        return result

    def walk(
        self, session: Session, *, incremental: bool = False, progress: Progress | None = None
    ) -> AuditVerification:
        """Check the chain; ``incremental`` starts at the last verified checkpoint (cheap, for health
        checks) after checking, by index, that the ids are exactly 1..max. Never writes. Without a
        checkpoint an incremental walk is a full one (and says so: ``incremental`` False)."""
        # Two subqueries: min and max in one SELECT make SQLite scan the table instead of two seeks.
        first_id, last_id = session.execute(
            select(
                select(func.min(AuditEntry.id)).scalar_subquery(),
                select(func.max(AuditEntry.id)).scalar_subquery(),
            )
        ).one()
        last_id = last_id or 0
        checkpoint = session.get(AuditCheckpoint, 1)
        remembered = (checkpoint.verified_through, checkpoint.verified_hash) if checkpoint else None
        incremental = incremental and remembered is not None
        total = self._entry_count(session, counted=incremental)
        broken = AuditVerification(False, 0, total, incremental=incremental)
        if remembered is not None and last_id < remembered[0]:
            missing = f"entries after {last_id} are missing (verified up to {remembered[0]} before)."
            return replace(broken, first_bad_id=last_id + 1, problem=missing)
        if not incremental or remembered is None:
            return _walk_rows(_rows_after(session, None), 1, GENESIS_HASH, remembered, broken, progress)
        if first_id is not None and first_id < 1:
            return replace(broken, first_bad_id=first_id, problem=_OUTSIDE)
        if total != last_id:  # ids >= 1, unique: they are exactly 1..last_id only when as many
            return replace(broken, first_bad_id=self._first_gap(session, last_id), problem=_SKIPPED)
        anchor = session.get(AuditEntry, remembered[0])
        if anchor is None or anchor.entry_hash != remembered[1]:
            return replace(broken, first_bad_id=remembered[0], problem=_CHANGED)
        rows = _rows_after(session, remembered[0])
        return _walk_rows(rows, remembered[0] + 1, remembered[1], remembered, broken, progress)

    @staticmethod
    def _entry_count(session: Session, *, counted: bool) -> int:
        """Rows in ``audit_log``: ``counted`` reads the triggers' count (one row, at any size), else
        (a full walk, which reads every row anyway) ``count(*)``."""
        stats = session.get(AuditStats, 1) if counted else None
        if stats is not None:
            return int(stats.entries)
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)

    @staticmethod
    def _first_gap(session: Session, last_id: int) -> int:
        """The smallest id in 1..last_id that has no row (the ids are known to be >= 1)."""
        if session.get(AuditEntry, 1) is None:
            return 1
        after = aliased(AuditEntry)
        followed = exists().where(after.id == AuditEntry.id + 1)
        gap = session.scalar(select(func.min(AuditEntry.id + 1)).where(AuditEntry.id < last_id, ~followed))
        return int(gap) if gap is not None else last_id

    def _save_checkpoint(self, session: Session, through: int, entry_hash: str) -> None:
        """Move the checkpoint to ``through``, never back (another check may have gone further
        while this one walked its snapshot); an empty log has none."""
        if through < 1:
            return
        checkpoint = session.get(AuditCheckpoint, 1)
        if checkpoint is None:
            session.add(
                AuditCheckpoint(
                    id=1, verified_through=through, verified_hash=entry_hash, verified_at=self.clock.now_ms()
                )
            )
        elif checkpoint.verified_through <= through:
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

    def events_after(self, session: Session, after_id: int, *, limit: int = 1000) -> list[tuple[int, str]]:
        """(id, event) of the entries after ``after_id``, oldest first: the window's cheap look (a
        primary-key range) for what other processes changed since it last looked."""
        rows = session.execute(
            select(AuditEntry.id, AuditEntry.event)
            .where(AuditEntry.id > after_id)
            .order_by(AuditEntry.id)
            .limit(limit)
        ).all()
        return [(int(entry_id), str(event)) for entry_id, event in rows]

    def newest_id(self, session: Session) -> int:
        return int(session.scalar(select(func.max(AuditEntry.id))) or 0)

    def export(self, session: Session, out: TextIO, fmt: str) -> int:
        """Write every entry, oldest first, as JSON lines or CSV; returns how many."""
        if fmt not in {"jsonl", "csv"}:
            raise ValueError(fmt)
        writer = csv.writer(out) if fmt == "csv" else None
        fields = ["id", "created_at", "category", "event", "actor", "details", "prev_hash", "entry_hash"]
        if writer is not None:
            writer.writerow(fields)
        count = 0
        for entry_id, created_at, category, event, actor, details, prev_hash, entry_hash in _rows_after(
            session, None
        ):
            created = datetime.fromtimestamp(created_at / 1000, tz=UTC).isoformat(timespec="milliseconds")
            if writer is not None:
                row = [entry_id, created, category, event, actor or "", details, prev_hash, entry_hash]
                writer.writerow(row)
            else:
                record = {
                    "id": entry_id,
                    "created_at": created,
                    "created_at_ms": created_at,
                    "category": category,
                    "event": event,
                    "actor": actor,
                    # Text the app did not write is shown as stored, never merged (repeated keys).
                    "details": _shown(details),
                    "prev_hash": prev_hash,
                    "entry_hash": entry_hash,
                }
                out.write(_export_dumps(record) + "\n")
            count += 1
        return count

    def export_text(self, session: Session, fmt: str) -> str:
        buffer = io.StringIO()
        self.export(session, buffer, fmt)
        return buffer.getvalue()
