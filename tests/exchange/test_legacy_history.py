"""The originals' transactions and audit_log carried over as read-only history (issue 14)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from qenex_desktop.core.app import QenexCore
from tests.exchange.conftest import Cli
from tests.exchange.legacy_fixtures import (
    DEMO_PASSWORD,
    PEOPLE,
    defi_people,
    password_of,
    system_demo,
    system_people,
)


def test_history_is_carried_over_as_the_originals_wrote_it(logged_in_core: QenexCore, tmp_path: Path) -> None:
    source = system_people(tmp_path / "system.db")
    report = logged_in_core.exchange.import_legacy(
        qenex_os_db=source, defi_db=defi_people(tmp_path / "defi.db")
    )
    original = sqlite3.connect(source)
    transactions = original.execute("SELECT count(*) FROM transactions").fetchone()[0]
    audit = original.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert report.history == {"transactions": transactions + 7, "audit_log": audit}  # defi.db: 7 transactions
    rows = logged_in_core.exchange.legacy_history(limit=1000)  # the importer sees all of its files' rows
    assert len(rows) == transactions + 7 + audit
    swaps = [r for r in rows if r.source_file == "system.db" and r.kind == "swap"]
    assert sorted(r.amount for r in swaps) == ["0.5", "100"]  # as written, never rounded
    [mallory_swap] = [r for r in swaps if r.amount == "0.5"]
    assert (mallory_swap.actor, mallory_swap.symbol) == ("Mallory Smith", "ETH")
    assert mallory_swap.details["metadata"].startswith('{"token_out": "USDC", "amount_out": "')
    registered = [r for r in rows if r.source_table == "audit_log" and r.kind == "REGISTER"]
    assert {r.actor for r in registered} == set(PEOPLE)  # the user id resolved to the original name
    defi_swaps = [r for r in rows if r.source_file == "defi.db" and r.kind == "swap"]
    assert {(r.actor, r.symbol, r.amount) for r in defi_swaps} == {
        ("0x" + "ab" * 20, "USDC", "100"),
        ("Mallory Smith", "ETH", "0.1"),
    }


def test_an_imported_user_sees_the_rows_about_them(logged_in_core: QenexCore, tmp_path: Path) -> None:
    logged_in_core.exchange.import_legacy(qenex_os_db=system_demo(tmp_path / "system.db"))
    logged_in_core.auth.logout()
    logged_in_core.auth.login("demo_user", DEMO_PASSWORD)
    rows = logged_in_core.exchange.legacy_history()
    assert sorted((r.source_table, r.kind) for r in rows) == [
        ("audit_log", "LOGIN_SUCCESS"),
        ("audit_log", "REGISTER"),
        ("transactions", "mint"),
        ("transactions", "mint"),
    ]
    assert {r.amount for r in rows if r.kind == "mint"} == {"10000", "10"}


def test_each_user_sees_only_the_rows_about_them(logged_in_core: QenexCore, tmp_path: Path) -> None:
    logged_in_core.exchange.import_legacy(qenex_os_db=system_people(tmp_path / "system.db"))
    logged_in_core.auth.logout()
    logged_in_core.auth.login("pe-54456c", password_of("P\u00e9"))
    rows = logged_in_core.exchange.legacy_history()
    assert sorted((r.source_table, r.kind, r.actor or "", r.counterparty or "") for r in rows) == [
        ("audit_log", "REGISTER", "P\u00e9", ""),
        ("transactions", "mint", "", "P\u00e9"),
        ("transactions", "transfer", "Mallory Smith", "P\u00e9"),
    ]


def test_history_is_read_only(logged_in_core: QenexCore, tmp_path: Path) -> None:
    logged_in_core.exchange.import_legacy(qenex_os_db=system_demo(tmp_path / "system.db"))
    with pytest.raises(IntegrityError, match="imported history is read-only"), logged_in_core.db.write() as s:
        s.execute(text("UPDATE exchange_legacy_history SET amount = '1'"))


def test_the_cli_lists_the_history(cli: Cli, tmp_path: Path) -> None:
    cli("import-legacy", "--qenex-os-db", str(system_demo(tmp_path / "system.db")))
    rows = cli("import-legacy", "--history")["history"]
    assert [(r["table"], r["kind"]) for r in rows][:2] == [
        ("audit_log", "LOGIN_SUCCESS"),
        ("audit_log", "REGISTER"),
    ]
    text_out = cli("import-legacy", "--history", "--limit", "2", as_json=False)
    assert text_out.startswith("2 row(s) of imported history (read-only), newest first:")
    cli("import-legacy", "--history", "--limit", "0", expect=1)
