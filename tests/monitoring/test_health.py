"""Each health check passes on a sound setup and fails for a real cause."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from keyrings.alt.file import PlaintextKeyring
from sqlalchemy import text

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.audit import Category
from qenex_desktop.core.chain.settings import ChainSettings
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db import migrate
from qenex_desktop.core.monitoring import HealthStatus, Status
from tests.conftest import make_core
from tests.hardhat_node import HardhatNode, free_port


def _check(core: QenexCore, name: str, *, full_audit: bool = False) -> HealthStatus:
    (result,) = core.monitoring.check_health([name], full_audit=full_audit)
    return result


def _fill_audit(core: QenexCore, entries: int) -> None:
    with core.db.write() as session:
        for i in range(entries):
            core.audit.append(
                session,
                category=Category.SECURITY,
                event="test.filler",
                actor=None,
                details={"i": i, "pad": "x" * 80},
            )


def test_a_sound_ledger_passes_database_schema_and_audit(clocked_core: QenexCore, clock: ManualClock) -> None:
    _fill_audit(clocked_core, 5)
    results = {r.name: r for r in clocked_core.monitoring.check_health(["database", "schema", "audit"])}
    assert [results[n].status for n in ("database", "schema", "audit")] == [Status.OK] * 3
    assert results["audit"].checked_at_ms == clock.now_ms()
    assert "5" in results["audit"].message


def test_results_are_stored_with_when_they_ran(clocked_core: QenexCore, clock: ManualClock) -> None:
    clocked_core.monitoring.check_health(["database", "schema"])
    first_run = clock.now_ms()
    clock.advance(60)
    clocked_core.monitoring.check_health(["schema"])
    stored = {r.name: r for r in clocked_core.monitoring.health()}
    assert stored["database"].checked_at_ms == first_run
    assert stored["schema"].checked_at_ms == first_run + 60_000
    assert "node" not in stored


def test_a_corrupted_database_file_fails_the_integrity_check(config: AppConfig) -> None:
    first = make_core(config)
    _fill_audit(first, 2000)  # many pages, so the audit table's root is an interior b-tree page
    first.close()
    path = config.database_path
    with sqlite3.connect(path) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'").fetchone()[0]
    connection.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\xa5" * page_size  # garbage over the whole page
    path.write_bytes(bytes(data))

    damaged = make_core(config)
    try:
        result = _check(damaged, "database")
        assert result.status is Status.FAIL
        assert f"Page {root}" in result.message
        assert "backup" in result.message
        audit = _check(damaged, "audit")  # the damage shows there too, as "could not run"
        assert audit.status is Status.UNKNOWN
        assert "malformed" in audit.message
    finally:
        damaged.close()


def test_a_schema_behind_the_app_fails(clocked_core: QenexCore) -> None:
    with clocked_core.db.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0003'"))
    result = _check(clocked_core, "schema")
    assert result.status is Status.FAIL
    assert "0003" in result.message and migrate.head_revision() in result.message


def test_a_ledger_without_schema_fails(config: AppConfig, tmp_path: Path) -> None:
    bare = QenexCore(
        AppConfig(data_dir=tmp_path / "bare", security=config.security, keyring_file=config.keyring_file),
        run_migrations=False,
        log_to_file=False,
    )
    try:
        # Monitoring's own tables are missing here too; the schema check still reports.
        result = bare.monitoring.checker.run(["schema"])[0]
        assert result.status is Status.FAIL
        assert "no schema revision" in result.message
    finally:
        bare.close()


def test_a_working_file_keyring_is_usable_but_flagged_plain_text(clocked_core: QenexCore) -> None:
    result = _check(clocked_core, "keyring")
    assert result.status is Status.WARN
    assert "plain-text" in result.message


def test_a_keyring_that_cannot_store_fails(config: AppConfig, clock: ManualClock, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the keyring's directory should be")
    backend = PlaintextKeyring()
    backend.file_path = str(blocker / "keyring.cfg")
    core = QenexCore(config, clock=clock, keyring_backend=backend, log_to_file=False)
    try:
        result = _check(core, "keyring")
        assert result.status is Status.FAIL
        assert "cannot be used" in result.message and "logins cannot be kept" in result.message
    finally:
        core.close()


def test_a_node_that_never_started_fails(clocked_core: QenexCore) -> None:
    port = free_port()
    clocked_core.chain.settings = ChainSettings(probe_timeout_s=1.0)
    clocked_core.chain.add_network("Dead", f"http://127.0.0.1:{port}", 31337, use=True)
    result = _check(clocked_core, "node")
    assert result.status is Status.FAIL
    assert "Dead" in result.message and str(port) in result.message
    assert "refused" in result.message


@pytest.mark.hardhat
def test_a_running_node_with_the_expected_chain_id_passes(
    clocked_core: QenexCore, hardhat_node: HardhatNode
) -> None:
    clocked_core.chain.add_network("Test Hardhat", hardhat_node.url, 31337, use=True)
    result = _check(clocked_core, "node")
    assert result.status is Status.OK, result.message
    assert "chain id 31337" in result.message


@pytest.mark.hardhat
def test_a_node_serving_another_chain_fails(clocked_core: QenexCore, hardhat_node: HardhatNode) -> None:
    clocked_core.chain.registry.add("Mainnet?", hardhat_node.url, 1, use=True)  # the node changed chain since
    result = _check(clocked_core, "node")
    assert result.status is Status.FAIL
    assert "31337" in result.message and "expects 1" in result.message


def test_an_entry_edited_by_sql_fails_the_audit_check(clocked_core: QenexCore) -> None:
    _fill_audit(clocked_core, 10)
    with clocked_core.db.write() as session:
        session.execute(text("""UPDATE audit_log SET details = '{"i":"999"}' WHERE id = 4"""))
    result = _check(clocked_core, "audit")
    assert result.status is Status.FAIL
    assert "entry 4" in result.message and "edited" in result.message


def test_the_audit_check_is_incremental_and_a_full_run_finds_older_tampering(clocked_core: QenexCore) -> None:
    _fill_audit(clocked_core, 10)
    assert _check(clocked_core, "audit").status is Status.OK  # checkpoint at entry 10
    _fill_audit(clocked_core, 3)
    quick = _check(clocked_core, "audit")
    assert quick.status is Status.OK
    assert "3 new entries checked" in quick.message  # only what came after the checkpoint
    with clocked_core.db.write() as session:
        session.execute(text("""UPDATE audit_log SET event = 'test.rewritten' WHERE id = 2"""))
    full = _check(clocked_core, "audit", full_audit=True)
    assert full.status is Status.FAIL
    assert "entry 2" in full.message


def test_deleted_newest_entries_fail_the_audit_check(clocked_core: QenexCore) -> None:
    _fill_audit(clocked_core, 6)
    assert _check(clocked_core, "audit").status is Status.OK
    with clocked_core.db.write() as session:
        session.execute(text("DELETE FROM audit_log WHERE id > 4"))
    result = _check(clocked_core, "audit")
    assert result.status is Status.FAIL
    assert "missing" in result.message


# -- the full audit walk: at start-up, daily, its last result and time in the report (item 18) -------


def _dead_node(core: QenexCore) -> None:
    """All checks include the node: point it at a closed local port (never at 8545)."""
    core.chain.settings = ChainSettings(probe_timeout_s=0.5)
    core.chain.add_network("Dead", f"http://127.0.0.1:{free_port()}", 31337, use=True)


def _by_name(results: list[HealthStatus]) -> dict[str, HealthStatus]:
    return {r.name: r for r in results}


def test_the_full_walk_finds_an_old_edit_the_quick_check_misses_and_the_report_shows_it(
    clocked_core: QenexCore, clock: ManualClock
) -> None:
    _fill_audit(clocked_core, 10)
    assert _check(clocked_core, "audit").status is Status.OK  # checkpoint at entry 10
    with clocked_core.db.write() as session:
        session.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE id = 2"))
    assert _check(clocked_core, "audit").status is Status.OK  # the quick check starts after 10
    clock.advance(120)
    walked = clocked_core.monitoring.check_audit_chain()
    assert walked.name == "audit_full"
    assert walked.status is Status.FAIL
    assert "entry 2" in walked.message and "edited" in walked.message
    assert walked.checked_at_ms == clock.now_ms()
    stored = _by_name(clocked_core.monitoring.health())["audit_full"]
    assert (stored.status, stored.checked_at_ms, stored.message) == (
        Status.FAIL,
        clock.now_ms(),
        walked.message,
    )
    clock.advance(60)
    _dead_node(clocked_core)
    report = _by_name(clocked_core.monitoring.check_health())
    assert report["audit"].status is Status.OK
    assert report["audit_full"].status is Status.FAIL  # the last full walk, an hour is not a day
    assert report["audit_full"].checked_at_ms == clock.now_ms() - 60_000


def test_all_checks_walk_the_whole_chain_again_when_a_day_has_passed(
    clocked_core: QenexCore, clock: ManualClock
) -> None:
    _fill_audit(clocked_core, 5)
    _dead_node(clocked_core)
    first = _by_name(clocked_core.monitoring.check_health())["audit_full"]  # never ran: runs now
    assert first.status is Status.OK and first.checked_at_ms == clock.now_ms()
    assert "intact" in first.message
    with clocked_core.db.write() as session:
        session.execute(text("UPDATE audit_log SET event = 'test.rewritten' WHERE id = 3"))
    clock.advance(23 * 3600)
    assert _by_name(clocked_core.monitoring.check_health())["audit_full"] == first
    clock.advance(3600)
    again = _by_name(clocked_core.monitoring.check_health())["audit_full"]
    assert again.status is Status.FAIL and again.checked_at_ms == clock.now_ms()
    assert "entry 3" in again.message


def test_the_monitoring_worker_looks_every_hour_whether_the_walk_is_due(
    clocked_core: QenexCore, clock: ManualClock
) -> None:
    (task,) = [t for t in clocked_core.monitoring.worker.tasks if t.name == "the full audit check"]
    assert task.interval_s <= 3600
    _fill_audit(clocked_core, 3)
    ran = task.run()
    assert isinstance(ran, HealthStatus) and ran.status is Status.OK
    clock.advance(3600)
    assert task.run() == ran  # not due: the stored result
    clock.advance(24 * 3600)
    later = task.run()
    assert isinstance(later, HealthStatus) and later.checked_at_ms == clock.now_ms()


def test_the_full_walk_never_holds_the_write_lock(
    clocked_core: QenexCore, config: AppConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process appends while the walk is half-way: with a 200 ms busy timeout it would
    fail if the walk held the write lock (it did: ``database.write()`` around the whole verify)."""
    from qenex_desktop.core import audit as audit_module
    from qenex_desktop.core.config import DatabaseSettings
    from qenex_desktop.core.db import Database

    _fill_audit(clocked_core, 20)
    other = Database(config.database_path, DatabaseSettings(busy_timeout_ms=200))
    real_rows = audit_module._rows_after
    appended: list[int] = []

    def rows_and_write_meanwhile(session: Any, after_id: int | None) -> Iterator[Any]:
        for row in real_rows(session, after_id):
            if not appended:
                appended.append(0)
                with other.write() as writing:  # raises LedgerBusyError if the walk holds the lock
                    appended.append(
                        clocked_core.audit.append(
                            writing, category=Category.SECURITY, event="meanwhile", actor=None
                        )
                    )
            yield row

    monkeypatch.setattr(audit_module, "_rows_after", rows_and_write_meanwhile)
    try:
        walked = clocked_core.monitoring.check_audit_chain()
    finally:
        other.dispose()
    assert appended == [0, 21]
    assert walked.status is Status.OK, walked.message
    assert "20 entries checked, 20 in all" in walked.message  # the snapshot taken before the append


def test_monitor_health_prints_the_last_full_walk_with_its_time(
    clocked_core: QenexCore, clock: ManualClock, config: AppConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    from qenex_desktop.cli.main import main

    _fill_audit(clocked_core, 4)
    with clocked_core.db.write() as session:
        session.execute(text("""UPDATE audit_log SET details = '{"i":"7","i":"0","pad":"x"}' WHERE id = 1"""))
    clocked_core.monitoring.check_audit_chain()
    clocked_core.close()
    code = main(["--data-dir", str(config.data_dir), "monitor", "health", "--last"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    (line,) = [x for x in lines if x.startswith("audit_full")]
    when = datetime.fromtimestamp(clock.now_ms() / 1000, tz=UTC).isoformat(timespec="seconds")
    assert line.split()[1] == "FAIL"
    assert "Audit chain broken at entry 1" in line and f"(full check at {when})" in line
    assert lines[-1].startswith("Not healthy")


def test_a_full_walk_that_could_not_run_is_tried_again_at_the_next_look(
    clocked_core: QenexCore, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qenex_desktop.core.errors import LedgerBusyError

    _fill_audit(clocked_core, 3)
    audit = clocked_core.audit

    def busy(*_args: object, **_kwargs: object) -> None:
        raise LedgerBusyError("The ledger is busy in another window or process.")

    monkeypatch.setattr(audit, "verify_ledger", busy)
    failed = clocked_core.monitoring.check_audit_chain()
    assert failed.status is Status.UNKNOWN and "busy" in failed.message
    monkeypatch.undo()
    clock.advance(60)
    again = clocked_core.monitoring.check_audit_chain(max_age_ms=24 * 3600 * 1000)
    assert again.status is Status.OK and again.checked_at_ms == clock.now_ms()
