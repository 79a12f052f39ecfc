"""Session checks on read paths never wait for the write lock: another process in a long write
transaction does not stall ``status``, balances or pool lists. Marking the session used is deferred
(written when the last mark is older than a twentieth of the idle timeout, at most 30 s) and skipped
when the ledger is busy; expiry is still decided exactly from the ledger's values."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.config import AppConfig, DatabaseSettings
from qenex_desktop.core.db.models import AuditEntry, LoginSession
from tests.conftest import STRONG_PASSWORD, make_core
from tests.foundation.test_cli import QENEX

#: The ledger's busy timeout in these tests: a read that waits for the writer fails after this.
BUSY_MS = 3_000
#: "Promptly": well under the busy timeout.
PROMPT_S = 1.0


@contextmanager
def writer_holding_the_lock(database: Path) -> Iterator[None]:
    """Another process's write transaction, held open (a plain sqlite3 connection: BEGIN IMMEDIATE)."""
    connection = sqlite3.connect(database, isolation_level=None, timeout=30)
    try:
        connection.execute("BEGIN IMMEDIATE")
        yield
        connection.execute("ROLLBACK")
    finally:
        connection.close()


@pytest.fixture
def short_busy(config: AppConfig) -> AppConfig:
    return replace(config, database=DatabaseSettings(busy_timeout_ms=BUSY_MS))


def _logged_in(config: AppConfig, clock: ManualClock) -> QenexCore:
    core = make_core(config, clock)
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    return core


def _last_used(core: QenexCore) -> int:
    with core.db.read() as session:
        return session.scalars(select(LoginSession.last_used_at)).one()


def _timed(call: object) -> tuple[object, float]:
    started = time.monotonic()
    result = call()  # type: ignore[operator]
    return result, time.monotonic() - started


def test_a_session_check_does_not_wait_for_another_writer(short_busy: AppConfig, clock: ManualClock) -> None:
    core = _logged_in(short_busy, clock)
    try:
        clock.advance(600)  # the last mark is old: this check wants to mark the session used
        with writer_holding_the_lock(short_busy.database_path):
            active, took = _timed(core.auth.current_session)
            assert active is not None and active.username == "alice"  # type: ignore[attr-defined]
            assert took < PROMPT_S
            _, took = _timed(core.auth.require_session)
            assert took < PROMPT_S
        # the mark was skipped while the ledger was busy; the next check writes it
        before = _last_used(core)
        assert core.auth.current_session() is not None
        assert _last_used(core) == clock.now_ms() > before
    finally:
        core.close()


def test_exchange_reads_do_not_wait_for_another_writer(short_busy: AppConfig, clock: ManualClock) -> None:
    """A new process (a CLI command) whose first session check is one of these reads."""
    core = _logged_in(short_busy, clock)
    try:
        core.exchange.create_account("Savings")
    finally:
        core.close()
    clock.advance(600)
    reader = make_core(short_busy, clock)
    try:
        with writer_holding_the_lock(short_busy.database_path):
            for read in (reader.exchange.balances, reader.exchange.list_pools, reader.exchange.list_accounts):
                _, took = _timed(read)
                assert took < PROMPT_S, read
            assert [a.name for a in reader.exchange.list_accounts()] == ["Savings"]
    finally:
        reader.close()


def test_expiry_stays_exact_while_the_ledger_is_busy(short_busy: AppConfig, clock: ManualClock) -> None:
    idle = short_busy.security.session_idle_timeout_s
    core = _logged_in(short_busy, clock)
    try:
        clock.advance(idle)  # exactly the idle timeout since the last use: over
        with writer_holding_the_lock(short_busy.database_path):
            result, took = _timed(core.auth.current_session)
            assert result is None and took < PROMPT_S
        other = make_core(short_busy, clock)  # a new process finds the same: no session
        try:
            assert other.auth.current_session() is None
        finally:
            other.close()
        with core.db.read() as session:
            row = session.scalars(select(LoginSession)).one()
            events = list(session.scalars(select(AuditEntry.event).order_by(AuditEntry.id)))
        assert (row.end_reason, events[-1]) == ("idle", "session.expired")
    finally:
        core.close()


def test_marks_of_use_are_written_at_most_every_twentieth_of_the_idle_timeout(
    config: AppConfig, clock: ManualClock
) -> None:
    idle_s = config.security.session_idle_timeout_s
    interval_s = min(idle_s // 20, 30)
    core = _logged_in(config, clock)
    try:
        login_at = _last_used(core)
        clock.advance(interval_s - 1)
        assert core.auth.current_session() is not None
        assert _last_used(core) == login_at  # too recent: no write
        clock.advance(1)
        assert core.auth.current_session() is not None
        assert _last_used(core) == login_at + interval_s * 1000
        assert core.auth.current_session(touch=False) is not None
    finally:
        core.close()


def test_cli_reads_answer_while_another_process_writes(data_dir: Path) -> None:
    """`qenex status`, `balance` and `pool list` of a logged-in profile under a held write lock."""

    def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        command = [str(QENEX), "--data-dir", str(data_dir), "--json", *args]
        return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60)

    assert (
        cli("profile", "create", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD).returncode
        == 0
    )
    assert cli("login", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD).returncode == 0
    assert cli("balance").returncode == 0
    with writer_holding_the_lock(data_dir / "ledger.db"):
        for args in (("status",), ("balance",), ("pool", "list")):
            started = time.monotonic()
            done = cli(*args)
            took = time.monotonic() - started
            assert done.returncode == 0, (args, done.stderr)
            assert took < 15, (args, took)  # the ledger's busy timeout is 30 s; a start-up here is 1-5 s
        assert json.loads(cli("status").stdout)["logged_in"] is True
