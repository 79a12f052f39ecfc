"""Health checks: each says ok, warn, fail or unknown, with a sentence and when it ran.

database  ``PRAGMA quick_check`` on the ledger file (pages, b-trees, record formats); it reads every
          page (seconds on a large ledger), so a health run shows its last result with its time
          and runs it again only when a day has passed, when ``database`` is asked for by name, or
          with ``full_audit`` (``--full-audit``); the monitoring worker runs it when due. It reads
          a snapshot on the read connection: writers are never held up.
schema    the ledger's Alembic revision is the app's head revision
keyring   the session-token keyring stores, reads and deletes a probe entry
node      the active network's node answers with the chain id the network expects
audit     the audit hash chain verifies from the last checkpoint (``full`` re-walks it all)

audit_full  the last full walk of the audit chain, with its time: an edit of an entry before the
          checkpoint shows only there. It runs at the GUI's start, again when a day has passed
          (``qenex monitor health`` and the monitoring worker look), and with ``--full-audit``;
          it walks a read snapshot, so writers are never held up, and its result is stored in the
          transaction that moves the checkpoint.

A check never raises: an unexpected exception becomes ``unknown`` (or ``fail`` for the database,
whose errors are the finding). Results are stored in ``monitor_health`` so the GUI and
``qenex monitor health`` show the last run even from another process.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import exc as sa_exc
from sqlalchemy import select
from sqlalchemy.orm import Session

from qenex_desktop.core.audit import AuditLog, AuditVerification
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database, migrate
from qenex_desktop.core.db.models import HealthResult
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.monitoring.settings import DAY_MS
from qenex_desktop.core.monitoring.types import HealthStatus, Status
from qenex_desktop.core.security.keyring_store import SessionTokenStore

_log = logging.getLogger(__name__)
CHECK_NAMES = ("database", "schema", "keyring", "node", "audit")
#: The stored result of the last full audit walk (not a check of its own: see the module docstring).
FULL_AUDIT = "audit_full"
STORED_NAMES = (*CHECK_NAMES, FULL_AUDIT)
#: The full walk runs again once its last result is this old.
FULL_AUDIT_MAX_AGE_MS = DAY_MS
#: How often a long-running process (the monitoring worker) looks whether it is due, in seconds.
FULL_AUDIT_POLL_S = 3600.0
#: ``PRAGMA quick_check`` runs again once its last ok result is this old.
QUICK_CHECK_MAX_AGE_MS = DAY_MS


@dataclass(frozen=True)
class NodeCheckInput:
    """What the node check needs from the chain layer (kept as plain data so health does not import web3)."""

    network: str
    url: str
    expected_chain_id: int
    reachable: bool
    chain_id: int | None
    block_number: int | None
    latency_s: float | None
    error: str | None


NodeInspector = Callable[[], NodeCheckInput]
Verdict = tuple[Status, str]


def _reason(exc: BaseException) -> str:
    """The sentence worth showing: the domain message, or the driver's error without the SQL."""
    if isinstance(exc, QenexError):
        return exc.message
    if isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None:
        return str(exc.orig)
    return str(exc) or type(exc).__name__


def check_database(database: Database) -> Verdict:
    try:
        with database.read_engine.connect() as connection:
            rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except (sa_exc.DBAPIError, sqlite3.DatabaseError) as exc:
        return Status.FAIL, f"The ledger file cannot be checked: {_reason(exc)}. Restore it from a backup."
    if rows == ["ok"]:
        return Status.OK, "The ledger file passed SQLite's quick check."
    problems = [line for row in rows for line in row.splitlines() if line and not line.startswith("***")]
    shown = "; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else "")
    return Status.FAIL, f"The ledger file is damaged: {shown}. Restore it from a backup."


def check_schema(database: Database) -> Verdict:
    """By the revision files and one query when they are plain (no Alembic import: the first
    health run of a process paid ~130 ms for it), else as Alembic computes it."""
    head = migrate.known_head() or migrate.head_revision()
    stored = migrate.stored_revisions(database)
    current = stored[0] if len(stored) == 1 else migrate.current_revision(database)
    if current == head:
        return Status.OK, f"Schema at the latest revision ({head})."
    if current is None:
        return Status.FAIL, f"The ledger has no schema revision (the app needs {head}): restart the app."
    return (
        Status.FAIL,
        f"The ledger's schema is at {current}, the app needs {head}: restart the app to upgrade it "
        "(or use the app version that wrote it).",
    )


def check_keyring(store: SessionTokenStore) -> Verdict:
    info = store.info()
    if not store.is_usable():
        return (
            Status.FAIL,
            f"The keyring ({info.name}) cannot be used"
            + (f" ({info.problem})" if info.problem else "")
            + ": logins cannot be kept. The next login rewrites a damaged plain-text file.",
        )
    if info.is_plaintext_file:
        return (
            Status.WARN,
            f"No OS keyring: session tokens are kept in a plain-text file ({info.location}, mode 0600).",
        )
    return Status.OK, f"The keyring ({info.name}) stores and reads entries."


def check_node(inspect: NodeInspector) -> Verdict:
    seen = inspect()
    if not seen.reachable:
        return Status.FAIL, f"The node of {seen.network} ({seen.url}) does not answer: {seen.error}"
    if seen.chain_id != seen.expected_chain_id:
        return (
            Status.FAIL,
            f"The node of {seen.network} serves chain id {seen.chain_id}, the network expects "
            f"{seen.expected_chain_id}: nothing will be signed there.",
        )
    latency = "" if seen.latency_s is None else f", {seen.latency_s * 1000:.0f} ms"
    return (
        Status.OK,
        f"{seen.network} answers: chain id {seen.chain_id}, block {seen.block_number}{latency}.",
    )


def check_audit(database: Database, audit: AuditLog) -> Verdict:
    """The incremental walk (from the checkpoint); a good one moves the checkpoint on."""
    result = audit.verify_ledger(database, incremental=True)
    return _audit_status(result), result.message


def _audit_status(result: AuditVerification) -> Status:
    return Status.OK if result.ok else Status.FAIL


def _upsert(session: Session, result: HealthStatus) -> None:
    row = session.get(HealthResult, result.name)
    if row is None:
        row = HealthResult(name=result.name)
        session.add(row)
    row.status = result.status.value
    row.message = result.message
    row.checked_at = result.checked_at_ms
    row.duration_us = result.duration_us


class HealthChecker:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        token_store: Callable[[], SessionTokenStore],
        node: NodeInspector | None,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.token_store = token_store
        self.node = node
        self._full_audit_lock = threading.Lock()  # one full walk at a time in this process

    def _checks(self, full_audit: bool) -> dict[str, Callable[[], Verdict]]:
        def node() -> Verdict:
            if self.node is None:
                return Status.UNKNOWN, "No chain layer in this build."
            return check_node(self.node)

        return {
            "database": lambda: check_database(self.db),
            "schema": lambda: check_schema(self.db),
            "keyring": lambda: check_keyring(self.token_store()),
            "node": node,
            "audit": self._full_audit_verdict if full_audit else lambda: check_audit(self.db, self.audit),
        }

    def run(self, names: list[str] | None = None, *, full_audit: bool = False) -> list[HealthStatus]:
        """Run the named checks (default: all), store and return their results. All checks also
        report the last full audit walk, running it first when a day has passed since. The
        database check is the stored quick check while it is younger than a day, unless named or
        ``full_audit``."""
        checks = self._checks(full_audit)
        fresh = full_audit or (names is not None and "database" in names)
        results = [
            self._last_quick_check(fresh) or self._run_one(name, checks[name])
            if name == "database"
            else self._run_one(name, checks[name])
            for name in (names or list(CHECK_NAMES))
        ]
        self._store(results)
        if names is None:
            results.append(self.full_audit(max_age_ms=FULL_AUDIT_MAX_AGE_MS))
        return results

    def _full_audit_verdict(self) -> Verdict:
        result = self.full_audit()
        return result.status, result.message

    def full_audit(self, *, max_age_ms: int | None = None) -> HealthStatus:
        """Walk the whole audit chain (a read snapshot: the write lock stays free) and store the
        result as ``audit_full`` in the transaction that moves the checkpoint. With ``max_age_ms``,
        a stored verdict (ok or fail, not "could not run") younger than that is returned instead.
        Never raises."""
        with self._full_audit_lock:
            if max_age_ms is not None:
                last = self._last_full_audit()
                if (
                    last is not None
                    and last.status is not Status.UNKNOWN
                    and 0 <= self.clock.now_ms() - last.checked_at_ms < max_age_ms
                ):
                    return last
            checked_at = self.clock.now_ms()
            start = self.clock.monotonic()
            recorded: list[HealthStatus] = []

            def record(session: Session, result: AuditVerification) -> None:
                duration_us = round((self.clock.monotonic() - start) * 1_000_000)
                status = HealthStatus(
                    FULL_AUDIT, _audit_status(result), result.message, checked_at, duration_us
                )
                _upsert(session, status)
                recorded.append(status)

            try:
                self.audit.verify_ledger(self.db, record=record)
            except Exception as exc:
                _log.warning("the full audit check could not run: %s", _reason(exc))
                duration_us = round((self.clock.monotonic() - start) * 1_000_000)
                failed = HealthStatus(
                    FULL_AUDIT,
                    Status.UNKNOWN,
                    f"The check could not run: {_reason(exc)}",
                    checked_at,
                    duration_us,
                )
                self._store([failed])
                return failed
            return recorded[0]

    def _last_full_audit(self) -> HealthStatus | None:
        return self._stored(FULL_AUDIT)

    def _stored(self, name: str) -> HealthStatus | None:
        try:
            return next((r for r in self.last() if r.name == name), None)
        except Exception:  # no monitoring tables (a ledger without schema): the check is due
            _log.debug("the last %s result could not be read", name, exc_info=True)
            return None

    def _last_quick_check(self, fresh: bool) -> HealthStatus | None:
        """The stored database check while it said ok or warn less than a day ago (None: run it)."""
        if fresh:
            return None
        last = self._stored("database")
        if last is None or last.status not in (Status.OK, Status.WARN):
            return None
        return last if 0 <= self.clock.now_ms() - last.checked_at_ms < QUICK_CHECK_MAX_AGE_MS else None

    def quick_check_if_due(self) -> HealthStatus:
        """For the monitoring worker: ``PRAGMA quick_check`` when a day has passed since its last
        good result (stored), else that result."""
        last = self._last_quick_check(False)
        if last is not None:
            return last
        result = self._run_one("database", lambda: check_database(self.db))
        self._store([result])
        return result

    def _run_one(self, name: str, check: Callable[[], Verdict]) -> HealthStatus:
        checked_at = self.clock.now_ms()
        start = self.clock.monotonic()
        try:
            status, message = check()
        except Exception as exc:
            _log.warning("health check %s could not run: %s", name, _reason(exc))
            status = Status.FAIL if name == "database" else Status.UNKNOWN
            message = f"The check could not run: {_reason(exc)}"
        duration_us = round((self.clock.monotonic() - start) * 1_000_000)
        return HealthStatus(name, status, message, checked_at, duration_us)

    def _store(self, results: list[HealthStatus]) -> None:
        try:
            with self.db.write() as session:
                for result in results:
                    _upsert(session, result)
        except Exception:  # a damaged ledger is reported by the results, not by a crash
            _log.warning("health results could not be stored", exc_info=True)

    def last(self) -> list[HealthStatus]:
        """The stored results, one per check that has ever run, in check order, then the last full
        audit walk."""
        with self.db.read() as session:
            rows = {row.name: row for row in session.scalars(select(HealthResult)).all()}
        return [
            HealthStatus(n, Status(rows[n].status), rows[n].message, rows[n].checked_at, rows[n].duration_us)
            for n in STORED_NAMES
            if n in rows
        ]
