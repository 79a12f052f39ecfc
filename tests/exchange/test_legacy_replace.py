"""A newer copy of a file imported before (the person kept using the original) (issue 14)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import AuditEntry, ExchangeLegacyImport, LegacyHistoryEntry, Profile
from qenex_desktop.core.exchange.legacy import LegacyImportRefused
from tests.exchange.legacy_checks import (
    assert_audit_verifies,
    assert_claims_kept,
    assert_conserved,
    assert_rounded_down,
    sqlite_dump,
)
from tests.exchange.legacy_fixtures import DEMO_PASSWORD, DefiDb, SystemDb, defi_demo, system_demo


def _newer_system(older: Path, newer: Path) -> Path:
    """The same system.db after more use of the original: a new user, a mint, a swap, a transfer."""
    shutil.copyfile(older, newer)
    db = SystemDb(newer, existing=True)
    grace = db.register("Grace Hopper", "cobol forever 1959")
    db.mint(grace, "USDC", "2500.5")
    db.mint(1, "QXC", "3")
    db.transfer(1, grace, "QXC", "1.000000000000000000000001")  # 24 digits: rounds down
    return db.close()


def _last_audit(core: QenexCore) -> AuditEntry:
    with core.db.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None
    return entry


def test_a_newer_copy_replaces_an_untouched_import_in_one_audited_transaction(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    (tmp_path / "older").mkdir()
    older = system_demo(tmp_path / "older" / "system.db")
    first = logged_in_core.exchange.import_legacy(qenex_os_db=older)
    newer = _newer_system(older, tmp_path / "system.db")
    report = logged_in_core.exchange.import_legacy(qenex_os_db=newer)
    assert report.problems == ()
    [source] = report.sources
    assert source.replaces == first.sources[0].sha256
    entry = _last_audit(logged_in_core)
    details = json.loads(entry.details)
    assert entry.event == "exchange.legacy_imported"
    assert details["sources"] == [
        {
            "kind": "qenex-os",
            "name": "system.db",
            "sha256": source.sha256,
            "replaces": first.sources[0].sha256,
        }
    ]
    assert_conserved(logged_in_core)
    assert assert_rounded_down(logged_in_core, report, [(newer, "qenex-os")]) == 4
    assert assert_claims_kept(logged_in_core, report, newer, "qenex-os") == 2
    assert_audit_verifies(logged_in_core)
    with logged_in_core.db.read() as session:
        rows = session.scalars(select(ExchangeLegacyImport).order_by(ExchangeLegacyImport.id)).all()
        assert [(r.source_sha256, r.replaced_by_id) for r in rows] == [
            (first.sources[0].sha256, rows[1].id),
            (source.sha256, None),
        ]
        history = session.scalars(select(LegacyHistoryEntry.import_id)).all()
        assert (
            set(history) == {rows[1].id}
            and len(history) == report.history["transactions"] + report.history["audit_log"]
        )
        assert {p.username for p in session.scalars(select(Profile))} == {
            "alice",
            "demo_user",
            "grace.hopper",
        }
    supply = {t.symbol: t.total_supply for t in logged_in_core.exchange.list_tokens()}
    assert supply["QXC"] == 3 * 10**18 - 1  # the transfer's 24th digit was dropped
    logged_in_core.auth.logout()
    logged_in_core.auth.login("grace.hopper", "cobol forever 1959")
    logged_in_core.auth.logout()
    logged_in_core.auth.login("demo_user", DEMO_PASSWORD)  # the same profile as before


def test_a_newer_copy_is_refused_listing_what_changed_here_and_in_the_file(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    (tmp_path / "older").mkdir()
    older = defi_demo(tmp_path / "older" / "defi.db")
    logged_in_core.exchange.import_legacy(defi_db=older)
    logged_in_core.exchange.create_account("Savings")
    logged_in_core.exchange.transfer("QXC", "5", "legacy creator", "Savings")  # used here
    newer = tmp_path / "defi.db"
    shutil.copyfile(older, newer)
    db = DefiDb(newer, existing=True)
    db.transfer("creator", "0x" + "cd" * 20, "QXC", "10")
    db.close()
    dump = sqlite_dump(logged_in_core.db.path)
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(defi_db=newer)
    [problem] = caught.value.report.problems
    assert "defi.db is a newer copy of 'defi.db', imported before; it cannot replace that import" in problem
    assert "account 'legacy creator' of alice: QXC is 999995 here, the import left 1000000" in problem
    notes = "\n".join(caught.value.report.notes)
    assert "holder creator QXC: 1000000 -> 999990" in notes
    assert sqlite_dump(logged_in_core.db.path) == dump


def test_one_of_two_files_imported_together_is_replaced(logged_in_core: QenexCore, tmp_path: Path) -> None:
    (tmp_path / "older").mkdir()
    older_system = system_demo(tmp_path / "older" / "system.db")
    defi = defi_demo(tmp_path / "defi.db")
    logged_in_core.exchange.import_legacy(qenex_os_db=older_system, defi_db=defi)
    newer = tmp_path / "system.db"
    shutil.copyfile(older_system, newer)
    db = SystemDb(newer, existing=True)
    db.mint(1, "USDC", "100")
    assert db.swap(1, "USDC", "ETH", "100") is not None  # the ETH/USDC price moves in the original
    db.close()
    report = logged_in_core.exchange.import_legacy(qenex_os_db=newer)
    assert report.problems == ()
    [pool] = [p for p in report.pools if p.pair == "ETH/USDC"]
    assert pool.merged and pool.paid_out  # rejoins the defi.db pool, at that pool's price
    assert_conserved(logged_in_core)
    assert assert_claims_kept(logged_in_core, report, newer, "qenex-os") == 2
    assert_audit_verifies(logged_in_core)
