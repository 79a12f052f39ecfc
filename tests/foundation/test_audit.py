"""The audit log: every security event, in its change's transaction, hash-chained and verifiable."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.audit import Category
from qenex_desktop.core.clock import ManualClock
from qenex_desktop.core.db.models import AuditEntry, Profile
from qenex_desktop.core.errors import AuthenticationError, LockedOutError
from tests.conftest import STRONG_PASSWORD
from tests.foundation.helpers import raw_ledger

NEW_PASSWORD = "a brand new passphrase"


def _events(core: QenexCore) -> list[tuple[str, str | None]]:
    with core.db.read() as session:
        return [(e.event, e.actor) for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def _verify(core: QenexCore, *, incremental: bool = False):  # type: ignore[no-untyped-def]
    with core.db.write() as session:
        return core.audit.verify(session, incremental=incremental)


def _append(core: QenexCore, count: int) -> None:
    for index in range(count):
        with core.db.write() as session:
            core.audit.append(
                session, category=Category.MONEY, event="test.entry", actor="alice", details={"n": index}
            )


def test_every_security_event_is_audited(clocked_core: QenexCore, clock: ManualClock) -> None:
    auth = clocked_core.auth
    auth.create_profile("alice", STRONG_PASSWORD)
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            auth.login("alice", "not the right password")
    with pytest.raises(LockedOutError):
        auth.login("alice", STRONG_PASSWORD)
    with pytest.raises(AuthenticationError):
        auth.login("mallory", "not the right password")
    clock.advance(30)
    auth.login("alice", STRONG_PASSWORD)
    auth.logout(reason="lock")
    auth.login("alice", STRONG_PASSWORD)
    auth.change_password("alice", STRONG_PASSWORD, NEW_PASSWORD)
    auth.logout()
    assert _events(clocked_core) == [
        ("profile.created", "alice"),
        *[("login.failed", "alice")] * 4,
        ("login.failed", "alice"),
        ("login.locked_out", "alice"),
        ("login.failed", "alice"),  # tried while locked: refused, and recorded
        ("login.failed", None),
        ("login.succeeded", "alice"),
        ("session.locked", "alice"),
        ("login.succeeded", "alice"),
        ("password.changed", "alice"),
        ("logout", "alice"),
    ]
    with clocked_core.db.read() as session:
        refused = session.scalars(select(AuditEntry.details).where(AuditEntry.id == 8)).one()
    assert json.loads(refused) == {"reason": "locked_out", "retry_after_s": "30"}
    assert _verify(clocked_core).ok


def test_an_entry_commits_with_its_change_or_not_at_all(core: QenexCore) -> None:
    core.auth.create_profile("alice", STRONG_PASSWORD)
    with pytest.raises(RuntimeError), core.db.write() as session:
        session.scalars(select(Profile)).one().failed_logins = 3
        core.audit.append(session, category=Category.SECURITY, event="test.half", actor="alice")
        raise RuntimeError("the change fails after its audit entry was written")
    assert [e for e, _ in _events(core)] == ["profile.created"]
    with core.db.read() as session:
        assert session.scalars(select(Profile.failed_logins)).one() == 0


def test_entries_are_linked_by_hashes_from_genesis(core: QenexCore) -> None:
    _append(core, 3)
    with core.db.read() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [e.id for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == "0" * 64
    assert [e.prev_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]


def test_verify_detects_an_edited_entry(core: QenexCore) -> None:
    _append(core, 6)
    with raw_ledger(core.config.database_path) as db:
        db.execute("UPDATE audit_log SET details = ? WHERE id = 4", ('{"n":"400"}',))
    result = _verify(core)
    assert not result.ok
    assert result.first_bad_id == 4
    assert "edited" in result.message and "entry 4" in result.message


def test_verify_detects_an_edited_actor_or_time(core: QenexCore) -> None:
    _append(core, 3)
    with raw_ledger(core.config.database_path) as db:
        db.execute("UPDATE audit_log SET created_at = created_at + 1 WHERE id = 2")
    assert _verify(core).first_bad_id == 2


def test_verify_detects_a_deleted_entry(core: QenexCore) -> None:
    _append(core, 6)
    with raw_ledger(core.config.database_path) as db:
        db.execute("DELETE FROM audit_log WHERE id = 3")
    result = _verify(core)
    assert not result.ok and result.first_bad_id == 3
    assert "deleted" in result.message


def test_verify_detects_reordered_entries(core: QenexCore) -> None:
    """Swap the content of entries 2 and 5 (ids keep their place, as in a re-sorted table). The
    table refuses to renumber entries; someone with the file drops its triggers first."""
    _append(core, 6)
    with raw_ledger(core.config.database_path) as db:
        db.execute("DROP TRIGGER audit_log_id_never_changes")
        db.execute("UPDATE audit_log SET id = -2 WHERE id = 2")
        db.execute("UPDATE audit_log SET id = 2 WHERE id = 5")
        db.execute("UPDATE audit_log SET id = 5 WHERE id = -2")
    result = _verify(core)
    assert not result.ok and result.first_bad_id == 2


def test_verify_detects_a_consistent_rewrite_after_a_checkpoint(core: QenexCore) -> None:
    """An attacker who recomputes every hash passes the link checks; the checkpoint does not."""
    from qenex_desktop.core.audit import canonical_content, chain_hash

    _append(core, 4)
    assert _verify(core).ok
    with raw_ledger(core.config.database_path) as db:
        rows = db.execute(
            "SELECT id, created_at, category, event, actor, details FROM audit_log ORDER BY id"
        ).fetchall()
        prev = "0" * 64
        for entry_id, created_at, category, event, actor, details in rows:
            if entry_id == 2:
                details = '{"n":"999"}'
            new_hash = chain_hash(
                prev, canonical_content(entry_id, created_at, category, event, actor, details)
            )
            db.execute(
                "UPDATE audit_log SET details = ?, prev_hash = ?, entry_hash = ? WHERE id = ?",
                (details, prev, new_hash, entry_id),
            )
            prev = new_hash
    result = _verify(core)
    assert not result.ok and result.first_bad_id == 4
    assert "changed since it was last verified" in result.message


def test_verify_detects_a_truncated_tail(core: QenexCore) -> None:
    _append(core, 6)
    assert _verify(core).ok  # the checkpoint remembers entry 6
    with raw_ledger(core.config.database_path) as db:
        db.execute("DELETE FROM audit_log WHERE id >= 5")
    result = _verify(core)
    assert not result.ok and result.first_bad_id == 5
    assert "missing" in result.message


def test_verify_detects_a_truncated_tail_written_over_by_new_entries(core: QenexCore) -> None:
    _append(core, 6)
    assert _verify(core).ok
    with raw_ledger(core.config.database_path) as db:
        db.execute("DELETE FROM audit_log WHERE id >= 5")
    _append(core, 3)  # the app goes on writing 5, 6, 7 after the cut
    result = _verify(core)
    assert not result.ok and result.first_bad_id == 6


def test_incremental_verification_checks_only_new_entries(core: QenexCore) -> None:
    _append(core, 5)
    full = _verify(core)
    assert full.ok and full.checked == 5 and full.total == 5
    _append(core, 3)
    step = _verify(core, incremental=True)
    assert step.ok and step.checked == 3 and step.total == 8
    assert "3 new entries checked, 8 in all" in step.message
    nothing_new = _verify(core, incremental=True)
    assert nothing_new.ok and nothing_new.checked == 0


def test_incremental_verification_detects_a_changed_anchor_and_new_tampering(core: QenexCore) -> None:
    _append(core, 5)
    assert _verify(core).ok
    _append(core, 3)
    with raw_ledger(core.config.database_path) as db:
        db.execute("UPDATE audit_log SET details = '{}' WHERE id = 7")
    assert _verify(core, incremental=True).first_bad_id == 7
    with raw_ledger(core.config.database_path) as db:
        db.execute("UPDATE audit_log SET entry_hash = ? WHERE id = 5", ("f" * 64,))
    result = _verify(core, incremental=True)
    assert not result.ok and result.first_bad_id == 5


def test_incremental_skips_old_entries_and_full_verification_still_finds_them(core: QenexCore) -> None:
    """The trade-off of the cheap check, stated: an edit before the checkpoint needs a full verify."""
    _append(core, 5)
    assert _verify(core).ok
    with raw_ledger(core.config.database_path) as db:
        db.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 2")
    assert _verify(core, incremental=True).ok
    assert _verify(core).first_bad_id == 2


def _recompute_chain(records: list[dict[str, object]]) -> bool:
    """The chain rule from the audit module's docstring, re-implemented from the export alone."""
    prev = "0" * 64
    for record in records:
        content = json.dumps(
            {
                "actor": record["actor"],
                "category": record["category"],
                "created_at": record["created_at_ms"],
                "details": record["details"],
                "event": record["event"],
                "id": record["id"],
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        if record["prev_hash"] != prev:
            return False
        prev = hashlib.sha256(f"{prev}\n{content}".encode()).hexdigest()
        if record["entry_hash"] != prev:
            return False
    return True


def test_jsonl_export_can_be_verified_by_a_third_party(logged_in_core: QenexCore) -> None:
    logged_in_core.auth.logout()
    with logged_in_core.db.read() as session:
        text = logged_in_core.audit.export_text(session, "jsonl")
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["event"] for r in records] == ["profile.created", "login.succeeded", "logout"]
    assert records[0]["created_at"].endswith("+00:00")
    assert _recompute_chain(records)
    records[1]["details"] = {"session_id": "2"}
    assert not _recompute_chain(records)


def test_csv_export_has_a_header_and_one_row_per_entry(logged_in_core: QenexCore) -> None:
    with logged_in_core.db.read() as session:
        text = logged_in_core.audit.export_text(session, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["event"] for r in rows] == ["profile.created", "login.succeeded"]
    assert set(rows[0]) == {
        "id",
        "created_at",
        "category",
        "event",
        "actor",
        "details",
        "prev_hash",
        "entry_hash",
    }
    assert json.loads(rows[1]["details"]) == {"session_id": "1"}


def test_export_refuses_an_unknown_format(core: QenexCore) -> None:
    with pytest.raises(ValueError), core.db.read() as session:
        core.audit.export_text(session, "xml")


@pytest.mark.parametrize(
    "details",
    [
        {"password": "x"},
        {"new_password": "x"},
        {"session_token": "x"},
        {"private_key": "x"},
        {"mnemonic": "x"},
        {"seed_phrase": "x"},
        {"outer": {"Secret": "x"}},
    ],
)
def test_secrets_are_refused_in_details(core: QenexCore, details: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="never carry secrets"), core.db.write() as session:
        core.audit.append(session, category=Category.SECURITY, event="x", actor=None, details=details)
    assert _events(core) == []


def test_big_integers_in_details_are_kept_as_exact_text(core: QenexCore) -> None:
    with core.db.write() as session:
        core.audit.append(
            session, category=Category.MONEY, event="m", actor=None, details={"amount": 2**256 - 1}
        )
    with core.db.read() as session:
        details = session.scalars(select(AuditEntry.details)).one()
    assert json.loads(details) == {"amount": str(2**256 - 1)}
    assert _verify(core).ok
