"""Opening an original QENEX database without touching it, and reading its rows.

The file is copied byte for byte into a private temporary folder (0700) and only the copy is
opened, read-only and ``immutable`` (no locks, no journal look-up): a hot journal is never rolled
back into the person's file, and nothing the original left behind changes. Before that, a
``-journal`` with a live header or a non-empty ``-wal`` beside the file is refused with what to do
(the original did not close cleanly: the file alone is missing its last changes or holds half of
one). ``PRAGMA integrity_check`` must answer ``ok`` before any row is read, and any SQLite error
while reading is a refusal naming the file, never an unexpected fault.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from qenex_desktop.core.errors import LegacyImportError

#: The first 8 bytes of a rollback journal that still holds a transaction (SQLite file format 2.1).
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_SQLITE_HEADER = b"SQLite format 3\x00"
#: Tables read as the rows they are (lower-case names); other tables are only counted.
READ_TABLES = ("users", "tokens", "balances", "pools", "liquidity", "transactions", "audit_log")
_CHUNK = 1 << 20
_INTEGRITY_LINES = 5


class LegacyFileUnclean(LegacyImportError):
    """A ``-journal`` or ``-wal`` beside the file: the original did not close it cleanly."""

    code = "legacy_file_unclean"


class LegacyFileDamaged(LegacyImportError):
    """Not a readable SQLite database: damaged pages, a cut file, or not SQLite at all."""

    code = "legacy_file_damaged"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def pick(self, *candidates: str) -> int | None:
        """Index of the first column named like one of ``candidates`` (case-insensitive)."""
        lowered = {name.lower(): i for i, name in reversed(list(enumerate(self.columns)))}
        for name in candidates:
            if name in lowered:
                return lowered[name]
        return None


@dataclass
class LegacyFile:
    """One original database as read: its identity and the rows of the tables the import uses."""

    kind: str  # "qenex-os" | "defi"
    option: str  # the option that named it ("qenex_os_db" / "defi_db"), the field of its errors
    name: str  # the file name, for messages
    sha256: str
    tables: dict[str, Table] = field(default_factory=dict)
    #: Rows of the tables that are not carried over (sessions, metrics...), by table name.
    other_tables: dict[str, int] = field(default_factory=dict)


def _companion_problem(path: Path, field_name: str) -> None:
    journal = Path(f"{path}-journal")
    wal = Path(f"{path}-wal")
    name = path.name
    if journal.is_file() and journal.stat().st_size > 0:
        with journal.open("rb") as handle:
            head = handle.read(len(_JOURNAL_MAGIC))
        if head == _JOURNAL_MAGIC:
            raise LegacyFileUnclean(
                f"{journal.name} lies beside {name}: the original program did not close the file "
                "cleanly (it stopped in the middle of a change, or is still running), so the file alone "
                "holds half of that change. Quit the original program, start it once more and quit it "
                "normally (that undoes the half change), then import again. Nothing was imported.",
                field=field_name,
            )
    if wal.is_file() and wal.stat().st_size > 0:
        raise LegacyFileUnclean(
            f"{wal.name} lies beside {name}: the original program did not close the file cleanly (it "
            "stopped, or is still running), and its last changes are in that file, not yet in "
            f"{name}. Quit the original program, start it once more and quit it normally (SQLite then "
            "moves the changes into the file), then import again. Nothing was imported.",
            field=field_name,
        )


def _copy_and_hash(path: Path, copy: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source, copy.open("wb") as target:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            target.write(chunk)
    return digest.hexdigest()


def _decode(raw: bytes) -> str:
    """Text cells as UTF-8; bytes that are not UTF-8 are kept visible as escapes, never merged."""
    return raw.decode("utf-8", "backslashreplace")


def _check_integrity(conn: sqlite3.Connection, name: str, field_name: str) -> None:
    answer = [str(row[0]) for row in conn.execute(f"PRAGMA integrity_check({_INTEGRITY_LINES})")]
    if answer != ["ok"]:
        shown = "; ".join(line[:120] for line in answer[:_INTEGRITY_LINES])
        raise LegacyFileDamaged(
            f"{name} is damaged: SQLite's integrity check found: {shown}. Import a backup copy of it, "
            "or repair it first (sqlite3 FILE '.recover'). Nothing was imported.",
            field=field_name,
        )


def _read_tables(conn: sqlite3.Connection, legacy: LegacyFile) -> None:
    names = [str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in names:
        lowered = table.lower()
        quoted = '"' + table.replace('"', '""') + '"'
        if lowered in READ_TABLES and lowered not in legacy.tables:
            cursor = conn.execute(f"SELECT * FROM {quoted}")  # a name from the file, quoted
            columns = tuple(str(d[0]) for d in cursor.description)
            legacy.tables[lowered] = Table(columns, tuple(tuple(row) for row in cursor.fetchall()))
        elif not lowered.startswith("sqlite_"):
            legacy.other_tables[table] = int(conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])


def read_legacy_file(path: Path, kind: str, field_name: str) -> LegacyFile:
    """The file's rows, read from a private copy; refusals are ``LegacyImportError`` subclasses."""
    with _private_copy(path, field_name) as (copy, sha256):
        legacy = LegacyFile(kind, field_name, path.name, sha256)
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(f"{copy.as_uri()}?mode=ro&immutable=1", uri=True)
            conn.text_factory = _decode
            conn.execute("PRAGMA trusted_schema = OFF")  # a hostile schema runs no function of ours
            _check_integrity(conn, path.name, field_name)
            _read_tables(conn, legacy)
        except sqlite3.Error as exc:
            raise LegacyFileDamaged(
                f"{path.name} could not be read: SQLite says {str(exc)!r}. If it is the original's "
                "system.db or defi.db, it is damaged: import a backup copy of it, or repair it first "
                "(sqlite3 FILE '.recover'). Nothing was imported.",
                field=field_name,
            ) from None
        finally:
            if conn is not None:
                conn.close()
    return legacy


@contextmanager
def _private_copy(path: Path, field_name: str) -> Iterator[tuple[Path, str]]:
    path = Path(path)
    if not path.is_file():
        raise LegacyImportError(f"There is no file at {path}.", field=field_name)
    _companion_problem(path, field_name)
    with TemporaryDirectory(prefix="qenex-legacy-") as folder:
        copy = Path(folder) / "source.db"
        try:
            sha256 = _copy_and_hash(path, copy)
        except OSError as exc:
            raise LegacyImportError(
                f"{path.name} could not be read: {exc.strerror}.", field=field_name
            ) from None
        with copy.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
        if head and head != _SQLITE_HEADER:
            raise LegacyFileDamaged(
                f"{path.name} is not an SQLite database (it does not start like one). Is it the "
                "original's system.db or defi.db? Nothing was imported.",
                field=field_name,
            )
        yield copy, sha256
