"""Each health check passes on a sound setup and fails for a real cause."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
        assert "could not store" in result.message
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
    clocked_core.chain.add_network("Mainnet?", hardhat_node.url, 1, use=True)
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
