"""Opening the ledger file so the GUI and the CLI can share it safely.

WAL lets readers run while one writer writes. Every write unit starts with ``BEGIN IMMEDIATE``:
it takes the write lock before it reads, so read-modify-write sequences (a swap reading the
reserves it then changes) cannot interleave across threads or processes, and a second writer
waits (busy timeout) instead of failing half-way.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from qenex_desktop.core import changes
from qenex_desktop.core.config import DatabaseSettings
from qenex_desktop.core.errors import LedgerBusyError

_BUSY_MESSAGE = "The ledger is busy in another window or process; try again in a moment."


def _make_engine(path: Path, settings: DatabaseSettings, begin_statement: str) -> Engine:
    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"timeout": settings.busy_timeout_ms / 1000, "check_same_thread": False},
        pool_size=4,
        max_overflow=8,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        _switch_to_wal(cursor, settings.busy_timeout_ms / 1000)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(settings.busy_timeout_ms)}")
        cursor.execute(f"PRAGMA synchronous={settings.synchronous}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin_statement)

    return engine


def _switch_to_wal(cursor: sqlite3.Cursor, timeout_s: float) -> None:
    """Put the file in WAL mode (a no-op once it is: the mode is kept in the file).

    On a brand-new file two processes opening it at once race for this switch, and SQLite answers
    the loser "database is locked" at once instead of calling the busy handler; so wait here, up to
    the busy timeout, like any other lock.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


@contextmanager
def _announcing(session: Session, ledger: Path) -> Iterator[None]:
    """Around ``session.begin()``: once it committed, what its audit entries say changed is real
    (``core.changes``); when it rolled back, nothing of it happened."""
    try:
        yield
    except BaseException:
        changes.discarded(session.info)
        raise
    changes.committed(session.info, str(ledger))


def _is_busy(error: OperationalError) -> bool:
    text = str(error.orig).lower() if error.orig is not None else str(error).lower()
    return "database is locked" in text or "database is busy" in text


def _make_private(path: Path) -> None:
    """The ledger holds password hashes and encrypted keys: readable by its owner only (0600).

    Created so before SQLite opens it (SQLite gives the -wal and -shm files the same mode), and an
    existing file that others could read is tightened.
    """
    if sys.platform == "win32":
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    if path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)


class Database:
    """One ledger file, with a read path and a serialised write path."""

    def __init__(self, path: Path, settings: DatabaseSettings | None = None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _make_private(self.path)
        self.settings = settings or DatabaseSettings()
        self.write_engine = _make_engine(self.path, self.settings, "BEGIN IMMEDIATE")
        self.read_engine = _make_engine(self.path, self.settings, "BEGIN")
        self._write_sessions = sessionmaker(self.write_engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        #: Threads of this process inside ``write()`` now (waiting for the lock, or holding it).
        self._writers = 0
        self._writers_lock = threading.Lock()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work: commits whole when the block ends, rolls back on any exception."""
        with self._writers_lock:
            self._writers += 1
        try:
            with self._write_sessions() as session, _announcing(session, self.path), session.begin():
                yield session
        except OperationalError as exc:
            if _is_busy(exc):
                raise LedgerBusyError(_BUSY_MESSAGE) from exc
            raise
        finally:
            with self._writers_lock:
                self._writers -= 1

    def yield_to_writers(self, limit_s: float = 2.0) -> None:
        """Between the chunks of a long job (retention over years of snapshots took minutes at 1M
        operations): wait while another thread of this process is in a unit of work, so a swap
        started meanwhile waits for one chunk, not for the job. SQLite's busy handler alone let
        the job take the lock back each time before the waiting writer woke (a sample waiting 30 s
        failed as busy). At most ``limit_s``: a writer stuck elsewhere does not stop the job."""
        deadline = time.monotonic() + limit_s
        while self._writers > 0 and time.monotonic() < deadline:
            time.sleep(0.002)

    @contextmanager
    def write_now(self) -> Iterator[Session]:
        """A unit of work that does not queue: ``LedgerBusyError`` at once while another writer holds
        the lock. For bookkeeping a read may skip (marking a session used), so reads never wait."""
        with self.write_engine.connect() as connection:
            driver = connection.connection.dbapi_connection
            assert driver is not None
            driver.execute("PRAGMA busy_timeout=0")  # on the driver: no SQLAlchemy BEGIN for a PRAGMA
            try:
                session = Session(bind=connection, expire_on_commit=False)
                with session, _announcing(session, self.path), session.begin():
                    yield session
            except OperationalError as exc:
                if _is_busy(exc):
                    raise LedgerBusyError(_BUSY_MESSAGE) from exc
                raise
            finally:
                driver.execute(f"PRAGMA busy_timeout={int(self.settings.busy_timeout_ms)}")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot for queries; never writes."""
        try:
            with self._read_sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            if _is_busy(exc):
                raise LedgerBusyError(_BUSY_MESSAGE) from exc
            raise

    def file_sizes(self) -> dict[str, int]:
        """Bytes of the database file and its WAL, for monitoring."""
        sizes = {}
        for name, suffix in (("database", ""), ("wal", "-wal")):
            candidate = Path(str(self.path) + suffix)
            sizes[name] = candidate.stat().st_size if candidate.exists() else 0
        return sizes

    def dispose(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()
