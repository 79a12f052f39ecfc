"""The ledger file: migrations on start, no drift, WAL/foreign keys/busy timeout, two processes at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from qenex_desktop.core.audit import Category
from qenex_desktop.core.config import AppConfig, DatabaseSettings
from qenex_desktop.core.db import Database, migrate
from qenex_desktop.core.db.models import AuditEntry, Base, LoginSession
from qenex_desktop.core.errors import LedgerBusyError
from qenex_desktop.core.security.passwords import PasswordHasher
from tests.conftest import STRONG_PASSWORD, make_core
from tests.foundation import concurrent_writer
from tests.foundation.helpers import raw_ledger

FIRST_REVISION = "0001"


def test_a_database_made_by_the_first_migration_is_upgraded_to_head_on_start(config: AppConfig) -> None:
    old = Database(config.database_path)
    migrate.upgrade(old, FIRST_REVISION)
    assert migrate.current_revision(old) == FIRST_REVISION
    old.dispose()
    password_hash = PasswordHasher(config.security.argon2).hash(STRONG_PASSWORD)
    with raw_ledger(config.database_path) as db:  # data as the 0001 schema held it
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "chain_networks" not in tables
        db.execute(
            "INSERT INTO profiles (username, password_hash, created_at, password_changed_at, "
            "failed_logins, lockout_count) VALUES ('alice', ?, 1, 1, 0, 0)",
            (password_hash,),
        )

    core = make_core(config)
    try:
        assert core.schema_revision() == migrate.head_revision()
        assert core.auth.list_profiles() == ["alice"]
        assert core.auth.login("alice", STRONG_PASSWORD).session.username == "alice"
    finally:
        core.close()
    with raw_ledger(config.database_path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"profiles", "login_sessions", "audit_log", "chain_networks"} <= tables


def test_the_migrations_are_one_line_of_history() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1
    revisions = [r.revision for r in script.walk_revisions("base", "heads")]
    assert revisions[-1] == FIRST_REVISION


def test_head_schema_matches_the_models(config: AppConfig) -> None:
    """Drift: a model changed without a migration (or the reverse) shows up here."""
    database = Database(config.database_path)
    try:
        migrate.upgrade(database)
        with database.read_engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        database.dispose()
    assert differences == []


def test_starting_twice_is_a_no_op(config: AppConfig) -> None:
    for _ in range(2):
        core = make_core(config)
        assert core.schema_revision() == migrate.head_revision()
        core.close()


@pytest.mark.parametrize("engine", ["write_engine", "read_engine"])
def test_every_connection_has_wal_foreign_keys_and_a_busy_timeout(config: AppConfig, engine: str) -> None:
    database = Database(config.database_path, DatabaseSettings(busy_timeout_ms=12_345))
    try:
        with getattr(database, engine).connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        database.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 12_345, "synchronous": 2}


def test_foreign_keys_are_enforced(core: object) -> None:
    from qenex_desktop.core.app import QenexCore

    assert isinstance(core, QenexCore)
    with pytest.raises(IntegrityError), core.db.write() as session:
        session.execute(
            insert(LoginSession).values(
                profile_id=999,
                token_hash="0" * 64,
                created_at=0,
                last_used_at=0,
                idle_timeout_s=1,
                expires_at=1,
            )
        )


def test_a_held_write_lock_becomes_a_plain_busy_message(config: AppConfig) -> None:
    """When another process keeps the lock past the busy timeout, people read why, not SQLite's words."""
    core = make_core(config)
    quick = Database(config.database_path, DatabaseSettings(busy_timeout_ms=200))
    blocker = sqlite3.connect(config.database_path, timeout=1, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        with pytest.raises(LedgerBusyError) as caught, quick.write() as session:
            session.execute(select(AuditEntry.id))
        assert "busy in another window or process" in str(caught.value)
        assert "database is locked" not in str(caught.value)
        blocker.execute("ROLLBACK")
        with quick.write() as session:
            core.audit.append(session, category=Category.SECURITY, event="after.busy", actor=None)
    finally:
        blocker.close()
        quick.dispose()
        core.close()


def test_two_processes_writing_at_once_never_see_database_is_locked(
    data_dir: Path, config: AppConfig
) -> None:
    rounds = 25
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    workers = [
        context.Process(
            target=concurrent_writer.run,
            args=(str(data_dir), str(config.keyring_file), name, rounds, barrier, results),
        )
        for name in ("gui", "cli")
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=240) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(reports) == [("cli", "ok", ""), ("gui", "ok", "")], reports

    core = make_core(config)
    try:
        with core.db.write() as session:
            verification = core.audit.verify(session)
            events = list(session.scalars(select(AuditEntry.event)))
    finally:
        core.close()
    assert verification.ok, verification.message
    assert events.count("test.write") == 2 * rounds
    assert events.count("login.succeeded") == events.count("logout") == 2 * rounds


def test_the_ledger_and_its_folder_are_private_to_the_user(tmp_path: Path, config: AppConfig) -> None:
    """Password hashes and encrypted keys: no other local user may read them (offline cracking)."""
    import os
    import stat

    old_umask = os.umask(0o022)
    try:
        core = make_core(config)
        core.auth.create_profile("alice", STRONG_PASSWORD)
        wal = Path(str(config.database_path) + "-wal")
        modes = {
            "dir": stat.S_IMODE(config.data_dir.stat().st_mode),
            "db": stat.S_IMODE(config.database_path.stat().st_mode),
            "wal": stat.S_IMODE(wal.stat().st_mode),
        }
        core.close()
        loose = tmp_path / "loose" / "ledger.db"
        loose.parent.mkdir()
        loose.touch(mode=0o644)
        Database(loose).dispose()
        tightened = stat.S_IMODE(loose.stat().st_mode)
    finally:
        os.umask(old_umask)
    assert modes == {"dir": 0o700, "db": 0o600, "wal": 0o600}
    assert tightened == 0o600


def test_a_ledger_from_a_newer_app_is_refused_with_a_message(config: AppConfig) -> None:
    from qenex_desktop.core.errors import SchemaTooNewError

    make_core(config).close()
    with raw_ledger(config.database_path) as db:
        db.execute("UPDATE alembic_version SET version_num = 'f00d'")
    with pytest.raises(SchemaTooNewError, match=r"newer QENEX Desktop \(schema f00d\); update the app"):
        make_core(config)
    with raw_ledger(config.database_path) as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("f00d",)]


def test_opening_a_new_ledger_waits_for_another_process_setting_it_up(tmp_path: Path) -> None:
    """Two processes opening a brand-new file race to switch it to WAL; SQLite tells the loser
    "database is locked" at once, without its busy handler. The loser must wait, not fail."""
    import threading

    from sqlalchemy import text

    path = tmp_path / "ledger.db"
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE setup (x)")  # still a rollback-journal file, mid-write below
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO setup VALUES (1)")
    release = threading.Timer(0.3, lambda: other.execute("COMMIT"))
    release.start()
    database = Database(path)
    try:
        with database.read() as session:
            assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        release.join()
        other.close()
        database.dispose()
