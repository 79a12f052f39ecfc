"""The audit log's ids and stored text: every row a reader can show is verified, the table refuses
ids outside the sequence, and the hash covers the details exactly as stored (issue 10, items 5, 6)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.audit import AuditVerification, Category, canonical_content, chain_hash
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.db import Database, migrate
from qenex_desktop.core.db.models import AuditEntry
from tests.conftest import make_core
from tests.foundation.helpers import raw_ledger

OLD_ENTRIES = Path(__file__).parent / "data" / "audit_entries_before_0006.json"
TRIGGERS = {"audit_log_insert_in_sequence", "audit_log_id_never_changes"}
COLUMNS = ("id", "created_at", "category", "event", "actor", "details", "prev_hash", "entry_hash")


def _verify(core: QenexCore, *, incremental: bool = False) -> AuditVerification:
    return core.audit.verify_ledger(core.db, incremental=incremental)


def _append(core: QenexCore, count: int, details: dict[str, Any] | None = None) -> None:
    for index in range(count):
        with core.db.write() as session:
            core.audit.append(
                session,
                category=Category.MONEY,
                event="test.entry",
                actor="alice",
                details=details if details is not None else {"n": index},
            )


def _drop_triggers(db: sqlite3.Connection) -> None:
    """What someone with the file and sqlite3 can do first; verify must not depend on the triggers."""
    for name in TRIGGERS:
        db.execute(f"DROP TRIGGER {name}")


def _forge(db: sqlite3.Connection, entry_id: int) -> None:
    """A plausible entry at ``entry_id``, hashed by the chain rule (genesis as its previous hash)."""
    content = canonical_content(entry_id, 1, "money", "exchange.swap", "alice", '{"amount_in":"1"}')
    db.execute(
        f"INSERT INTO audit_log ({', '.join(COLUMNS)}) VALUES (?, 1, 'money', 'exchange.swap', 'alice', "
        "?, ?, ?)",
        (entry_id, '{"amount_in":"1"}', "0" * 64, chain_hash("0" * 64, content)),
    )


def _old_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(OLD_ENTRIES.read_text(encoding="utf-8"))["entries"]
    return rows


def _insert_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    with raw_ledger(path) as db:
        db.executemany(
            f"INSERT INTO audit_log ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
            [tuple(row[c] for c in COLUMNS) for row in rows],
        )


# -- item 5: ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize("incremental", [False, True])
def test_entries_slipped_in_at_ids_0_and_below_fail_verify(core: QenexCore, incremental: bool) -> None:
    _append(core, 3)
    assert _verify(core).ok  # a checkpoint at 3, so the incremental check starts there
    with raw_ledger(core.config.database_path) as db:
        _drop_triggers(db)
        _forge(db, -1)
        _forge(db, 0)
    with core.db.read() as session:  # the Audit view's reader shows them...
        shown = [e.id for e in core.audit.entries(session)]
    assert shown == [3, 2, 1, 0, -1]
    result = _verify(core, incremental=incremental)  # ...so verify walks them
    assert not result.ok
    assert result.first_bad_id == -1
    assert "outside the sequence" in result.message


def test_the_export_shows_every_row_verify_walks(core: QenexCore) -> None:
    _append(core, 2)
    with raw_ledger(core.config.database_path) as db:
        _drop_triggers(db)
        _forge(db, 0)
    with core.db.read() as session:
        ids = [json.loads(line)["id"] for line in core.audit.export_text(session, "jsonl").splitlines()]
    assert ids == [0, 1, 2]


def test_the_incremental_check_sees_an_old_entry_deleted(core: QenexCore) -> None:
    _append(core, 6)
    assert _verify(core).ok
    with raw_ledger(core.config.database_path) as db:
        db.execute("DELETE FROM audit_log WHERE id = 2")
    result = _verify(core, incremental=True)
    assert not result.ok and result.first_bad_id == 2
    assert "deleted" in result.message


@pytest.mark.parametrize("entry_id", [-1, 0, 1, 3, 5, 100])
def test_the_table_refuses_an_insert_whose_id_is_not_the_next(core: QenexCore, entry_id: int) -> None:
    _append(core, 3)
    with pytest.raises(sqlite3.IntegrityError, match="last id"), raw_ledger(core.config.database_path) as db:
        _forge(db, entry_id)
    with core.db.read() as session:
        assert list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id))) == [1, 2, 3]


def test_the_table_refuses_an_insert_without_an_id_and_a_first_id_other_than_1(core: QenexCore) -> None:
    with raw_ledger(core.config.database_path) as db:
        with pytest.raises(sqlite3.IntegrityError, match="last id"):
            _forge(db, 2)
        with pytest.raises(sqlite3.IntegrityError, match="last id"):
            db.execute(
                "INSERT INTO audit_log (created_at, category, event, actor, details, prev_hash, entry_hash)"
                " VALUES (1, 'money', 'x', NULL, '{}', ?, ?)",
                ("0" * 64, "0" * 64),
            )
        _forge(db, 1)  # the one id an empty table takes
    assert _verify(core).ok


def test_the_table_refuses_to_renumber_an_entry(core: QenexCore) -> None:
    _append(core, 3)
    with raw_ledger(core.config.database_path) as db:
        for statement in (
            "UPDATE audit_log SET id = -2 WHERE id = 2",
            "UPDATE audit_log SET id = 4 WHERE id = 3",
            "UPDATE audit_log SET id = id + 10",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="never changes"):
                db.execute(statement)
        db.execute("UPDATE audit_log SET id = 2 WHERE id = 2")  # not a change: allowed
    assert _verify(core).ok


def test_appends_still_work_with_the_triggers_also_after_a_cut_tail(core: QenexCore) -> None:
    _append(core, 5)
    with raw_ledger(core.config.database_path) as db:
        db.execute("DELETE FROM audit_log WHERE id >= 4")
    _append(core, 2)  # max(id) + 1 again: 4, 5
    with core.db.read() as session:
        assert list(session.scalars(select(AuditEntry.id).order_by(AuditEntry.id))) == [1, 2, 3, 4, 5]


def test_the_triggers_exist_at_head_and_arrive_with_the_upgrade(config: AppConfig) -> None:
    """A ledger written before 0006 (entries and all) gets the triggers on its next start, and its
    entries still verify."""
    database = Database(config.database_path)
    try:
        migrate.upgrade(database, "0005")
    finally:
        database.dispose()
    _insert_rows(config.database_path, _old_rows())
    core = make_core(config)
    try:
        assert core.schema_revision() == migrate.head_revision()  # 0006 and every one after it
        with raw_ledger(config.database_path) as db:
            found = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert found >= TRIGGERS
        result = _verify(core)
        assert result.ok, result.message
        assert result.checked == len(_old_rows())
        _append(core, 1)
        assert _verify(core, incremental=True).ok
    finally:
        core.close()


# -- item 6: the stored text -----------------------------------------------------------------------


def test_a_repeated_key_in_stored_details_fails_verify(core: QenexCore) -> None:
    """Before: json.loads kept the last "amount", so the hash matched while SQLite read the first."""
    _append(core, 1, {"amount": "105"})
    _append(core, 1)
    with raw_ledger(core.config.database_path) as db:
        db.execute("""UPDATE audit_log SET details = '{"amount":"99999900","amount":"105"}' WHERE id = 1""")
        seen_by_sqlite = db.execute("SELECT json_extract(details, '$.amount') FROM audit_log WHERE id = 1")
        assert seen_by_sqlite.fetchone()[0] == "99999900"
    result = _verify(core)
    assert not result.ok
    assert result.first_bad_id == 1
    assert "edited" in result.message and "a key twice" in result.message


@pytest.mark.parametrize(
    "stored",
    [
        '{"amount": "105"}',  # a space
        '{ "amount":"105"}',
        '{"amount":"1\\u00305"}',  # an escape for a plain character: the same value, other bytes
        '{"amount":"105"}\n',
    ],
)
def test_details_in_another_layout_fail_verify(core: QenexCore, stored: str) -> None:
    _append(core, 1, {"amount": "105"})
    with raw_ledger(core.config.database_path) as db:
        db.execute("UPDATE audit_log SET details = ? WHERE id = 1", (stored,))
    result = _verify(core)
    assert not result.ok and result.first_bad_id == 1


def test_the_hash_covers_the_details_text_as_stored(core: QenexCore) -> None:
    _append(core, 1, {"b": [1, {"z": None}], "a": "Zoë"})
    with core.db.read() as session:
        entry = session.scalars(select(AuditEntry)).one()
    assert entry.details == '{"a":"Zoë","b":["1",{"z":null}]}'
    content = (
        f'{{"actor":"alice","category":"money","created_at":{entry.created_at},'
        f'"details":{entry.details},"event":"test.entry","id":1}}'
    )
    assert entry.entry_hash == chain_hash("0" * 64, content)


def test_append_refuses_details_whose_keys_collide_as_text(core: QenexCore) -> None:
    with pytest.raises(ValueError, match="repeat a key"), core.db.write() as session:
        core.audit.append(
            session, category=Category.MONEY, event="x", actor=None, details={"outer": {1: "a", "1": "b"}}
        )
    with core.db.read() as session:
        assert session.scalars(select(AuditEntry)).all() == []


def test_a_ledger_written_before_this_change_still_verifies(core: QenexCore) -> None:
    """Rows as the code before migration 0006 wrote them (logins, a swap, unicode, nested lists,
    floats, 2^256-1): the new rule hashes the same bytes for them."""
    rows = _old_rows()
    assert len(rows) == 14
    _insert_rows(core.config.database_path, rows)
    result = _verify(core)
    assert result.ok, result.message
    assert result.checked == len(rows)
    _append(core, 2)  # the chain goes on from the old entries
    step = _verify(core, incremental=True)
    assert step.ok and step.checked == 2
