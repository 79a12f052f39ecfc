"""Health checks: each says ok, warn, fail or unknown, with a sentence and when it ran.

database  ``PRAGMA quick_check`` on the ledger file (pages, b-trees, record formats)
schema    the ledger's Alembic revision is the app's head revision
keyring   the session-token keyring stores, reads and deletes a probe entry
node      the active network's node answers with the chain id the network expects
audit     the audit hash chain verifies from the last checkpoint (``full`` re-walks it all)

A check never raises: an unexpected exception becomes ``unknown`` (or ``fail`` for the database,
whose errors are the finding). Results are stored in ``monitor_health`` so the GUI and
``qenex monitor health`` show the last run even from another process.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import exc as sa_exc
from sqlalchemy import select

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database, migrate
from qenex_desktop.core.db.models import HealthResult
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.monitoring.types import HealthStatus, Status
from qenex_desktop.core.security.keyring_store import SessionTokenStore

_log = logging.getLogger(__name__)
CHECK_NAMES = ("database", "schema", "keyring", "node", "audit")


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
    head = migrate.head_revision()
    current = migrate.current_revision(database)
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
            f"The keyring ({info.name}) could not store and read a test entry: logins cannot be kept.",
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


def check_audit(database: Database, audit: AuditLog, *, full: bool) -> Verdict:
    with database.write() as session:  # a write: a good verification moves the checkpoint on
        result = audit.verify(session, incremental=not full)
    return (Status.OK if result.ok else Status.FAIL), result.message


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
            "audit": lambda: check_audit(self.db, self.audit, full=full_audit),
        }

    def run(self, names: list[str] | None = None, *, full_audit: bool = False) -> list[HealthStatus]:
        """Run the named checks (default: all), store and return their results."""
        checks = self._checks(full_audit)
        results = [self._run_one(name, checks[name]) for name in (names or list(CHECK_NAMES))]
        self._store(results)
        return results

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
                    row = session.get(HealthResult, result.name)
                    if row is None:
                        row = HealthResult(name=result.name)
                        session.add(row)
                    row.status = result.status.value
                    row.message = result.message
                    row.checked_at = result.checked_at_ms
                    row.duration_us = result.duration_us
        except Exception:  # a damaged ledger is reported by the results, not by a crash
            _log.warning("health results could not be stored", exc_info=True)

    def last(self) -> list[HealthStatus]:
        """The stored results, one per check that has ever run, in check order."""
        with self.db.read() as session:
            rows = {row.name: row for row in session.scalars(select(HealthResult)).all()}
        return [
            HealthStatus(n, Status(rows[n].status), rows[n].message, rows[n].checked_at, rows[n].duration_us)
            for n in CHECK_NAMES
            if n in rows
        ]
