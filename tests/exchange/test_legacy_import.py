"""Import of the original QENEX databases, from small fixture files written in their schemas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import AuditEntry, ExchangeLegacyImport, Profile
from qenex_desktop.core.errors import LegacyImportError, ValidationError
from qenex_desktop.core.exchange.legacy import LegacyImportRefused, to_base_units
from qenex_desktop.core.security.passwords import legacy_hash
from tests.exchange.conftest import assert_conserved, snapshot

OLD_PASSWORD = "harbor quill mosaic 77"
SALT = "ab" * 32


def write_system_db(path: Path, *, balance_rows: list[tuple[object, ...]] | None = None) -> Path:
    """A system.db as the original QENEX core kept it (decimal text and REAL columns)."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, password_hash TEXT,
                            created_at TEXT);
        CREATE TABLE tokens (symbol TEXT PRIMARY KEY, name TEXT, decimals INTEGER, total_supply TEXT);
        CREATE TABLE balances (user_id INTEGER, token TEXT, balance TEXT);
        CREATE TABLE pools (id TEXT PRIMARY KEY, token_a TEXT, token_b TEXT, reserve_a TEXT, reserve_b TEXT,
                            total_shares TEXT, fee REAL);
        CREATE TABLE liquidity (pool_id TEXT, user_id INTEGER, shares TEXT);
        CREATE TABLE transactions (id INTEGER PRIMARY KEY, sender TEXT, receiver TEXT, amount TEXT);
        CREATE TABLE audit_log (id INTEGER PRIMARY KEY, event TEXT);
        """
    )
    conn.executemany(
        "INSERT INTO users VALUES (?, ?, ?, '2024-01-01')",
        [(1, "Carol", legacy_hash(OLD_PASSWORD, SALT)), (2, "dave", legacy_hash(OLD_PASSWORD, "cd" * 32))],
    )
    conn.executemany(
        "INSERT INTO tokens VALUES (?, ?, ?, ?)",
        [("QXC", "QENEX Coin", 18, "1000.5"), ("usdq", "USD Q", 6, "999999")],
    )
    conn.executemany(
        "INSERT INTO balances VALUES (?, ?, ?)",
        balance_rows
        if balance_rows is not None
        else [
            (1, "QXC", "400.25"),
            (2, "QXC", "0.000000000000000001"),
            (1, "USDQ", "1500.5"),
            (2, "USDQ", 20),
        ],
    )
    conn.execute("INSERT INTO pools VALUES ('QXC-USDQ', 'QXC', 'USDQ', '100', '250.75', '150', 0.003)")
    conn.executemany(
        "INSERT INTO liquidity VALUES (?, ?, ?)", [("QXC-USDQ", 1, "100"), ("QXC-USDQ", 2, "50")]
    )
    conn.executemany("INSERT INTO transactions VALUES (?, 'a', 'b', '1')", [(1,), (2,), (3,)])
    conn.execute("INSERT INTO audit_log VALUES (1, 'boot')")
    conn.commit()
    conn.close()
    return path


def write_defi_db(path: Path, *, pool_fee: object = 30) -> Path:
    """A defi.db of the original DeFi platform: holders are addresses, amounts often REAL."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE tokens (symbol TEXT PRIMARY KEY, name TEXT, decimals INTEGER, total_supply REAL);
        CREATE TABLE balances (address TEXT, token TEXT, balance REAL);
        CREATE TABLE pools (pool_id INTEGER PRIMARY KEY, token0 TEXT, token1 TEXT, reserve0 REAL,
                            reserve1 REAL,
                            total_liquidity REAL, fee_bps INTEGER);
        CREATE TABLE liquidity (pool_id INTEGER, provider TEXT, lp_tokens REAL);
        CREATE TABLE transactions (id INTEGER PRIMARY KEY, kind TEXT);
        """
    )
    holder = "0x" + "1f" * 20
    conn.executemany(
        "INSERT INTO tokens VALUES (?, ?, ?, ?)", [("DFA", "Defi A", 8, 1000.0), ("DFB", "Defi B", 2, 500.0)]
    )
    conn.executemany(
        "INSERT INTO balances VALUES (?, ?, ?)", [(holder, "DFA", 12.5), ("treasury", "DFB", 0.25)]
    )
    conn.execute("INSERT INTO pools VALUES (1, 'DFA', 'DFB', 10.0, 20.5, 14.0, ?)", (pool_fee,))
    conn.execute("INSERT INTO liquidity VALUES (1, ?, 14.0)", (holder,))
    conn.commit()
    conn.close()
    return path


def test_to_base_units_is_exact_or_none() -> None:
    assert to_base_units("1.5", 6) == 1_500_000
    assert to_base_units(0.1, 1) == 1  # the float the originals stored, by its shortest repr
    assert to_base_units("1e3", 0) == 1000
    assert to_base_units(10**30, 18) == 10**48  # no Decimal context rounding
    assert to_base_units("123456789012345678901234567890.123456789012345678", 18) == (
        123456789012345678901234567890123456789012345678
    )
    assert to_base_units("0.1234567", 6) is None
    assert to_base_units(0.30000000000000004, 6) is None
    assert to_base_units("-1", 6) is None
    assert to_base_units("nan", 6) is None
    assert to_base_units("abc", 6) is None
    assert to_base_units(None, 6) is None


def test_system_db_import_brings_users_tokens_balances_pools_and_positions(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    source = write_system_db(tmp_path / "system.db")
    report = logged_in_core.exchange.import_legacy(qenex_os_db=source)
    assert report.problems == ()
    assert report.counts["users"] == 2
    assert report.history == {"transactions": 3, "audit_log": 1}
    assert dict(next(t for t in report.tokens if t.symbol == "QXC").declared) == {"system.db": "1000.5"}
    tokens = {t.symbol: t for t in logged_in_core.exchange.list_tokens()}
    # Supply = what is held: 400.25 + 1e-18 in accounts + 100 in the pool.
    assert tokens["QXC"].total_supply == 50025 * 10**16 + 1
    assert tokens["QXC"].origin == "legacy" and tokens["QXC"].creator is None
    assert tokens["USDQ"].total_supply == 1_500_500_000 + 20_000_000 + 250_750_000
    assert_conserved(logged_in_core)
    [pool] = logged_in_core.exchange.list_pools()
    assert pool.fee_bps == 30
    # Providers hold 10^e shares between them (10^e >= 10^12 x the larger reserve), the lock on top.
    assert pool.total_shares == (10**33 * 2 // 3 + 10**33 // 3) + 1000
    with logged_in_core.db.read() as s:
        assert set(s.scalars(select(Profile.username))) == {"alice", "carol", "dave"}
        assert s.scalar(select(ExchangeLegacyImport.kind)) == "qenex-os"
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and last.event == "exchange.legacy_imported"

    # The old PBKDF2 password logs in and is upgraded to Argon2id on that login.
    result = logged_in_core.auth.login("carol", OLD_PASSWORD)
    assert result.password_upgraded
    balances = {b.symbol: b.amount_text for b in logged_in_core.exchange.balances()}
    assert balances == {"QXC": "400.25", "USDQ": "1500.5"}
    [position] = logged_in_core.exchange.positions()
    assert position.shares == 10**33 * 2 // 3  # carol had 100 of the 150 shares
    assert (position.value0_text, position.value1_text) == ("66.666666666666666666", "167.166666")


def test_defi_db_holders_become_own_accounts_of_the_importer(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    source = write_defi_db(tmp_path / "defi.db")
    report = logged_in_core.exchange.import_legacy(defi_db=source)
    assert report.problems == ()
    kinds = {a.name: a.kind for a in logged_in_core.exchange.list_accounts()}
    assert kinds["legacy treasury"] == "own"
    assert any(name.startswith("legacy 0x1f1f") for name in kinds)
    [balance] = logged_in_core.exchange.balances("legacy treasury")
    assert (balance.symbol, balance.amount) == ("DFB", 25)
    pool = logged_in_core.exchange.get_pool("DFA", "DFB")
    assert (pool.reserve0, pool.reserve1) == (10 * 10**8, 2050)
    assert_conserved(logged_in_core)


def test_both_files_land_in_one_transaction(logged_in_core: QenexCore, tmp_path: Path) -> None:
    report = logged_in_core.exchange.import_legacy(
        qenex_os_db=write_system_db(tmp_path / "system.db"), defi_db=write_defi_db(tmp_path / "defi.db")
    )
    assert report.counts["assets"] == 4
    assert {t.symbol for t in logged_in_core.exchange.list_tokens()} == {"QXC", "USDQ", "DFA", "DFB"}


def test_digits_past_the_decimals_are_rounded_down_and_reported_as_dust(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    source = write_system_db(
        tmp_path / "system.db", balance_rows=[(1, "USDQ", "0.1234567"), (2, "USDQ", "2.9999999")]
    )
    report = logged_in_core.exchange.import_legacy(qenex_os_db=source)
    [usdq] = [t for t in report.tokens if t.symbol == "USDQ"]
    assert (usdq.dust_total, usdq.dust_largest, usdq.dust_largest_from) == (
        "0.0000016",
        "0.0000009",
        "user 'dave'",
    )
    logged_in_core.auth.login("carol", OLD_PASSWORD)
    assert {b.symbol: b.amount_text for b in logged_in_core.exchange.balances()} == {"USDQ": "0.123456"}
    assert_conserved(logged_in_core)


def test_negative_unknown_and_unreadable_values_are_listed_and_nothing_lands(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    source = write_system_db(
        tmp_path / "system.db", balance_rows=[(1, "QXC", "-3"), (9, "QXC", "1"), (2, "QXC", "x")]
    )
    before = snapshot(logged_in_core)
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(qenex_os_db=source)
    problems = caught.value.report.problems
    assert any("-3 QXC, which is negative" in p and "Carol" in p for p in problems)
    assert any("unknown user '9'" in p for p in problems)
    assert any("'x' is not an amount here (not a number)" in p for p in problems)
    assert "Nothing was imported" in str(caught.value)
    assert snapshot(logged_in_core) == before
    with logged_in_core.db.read() as s:
        assert list(s.scalars(select(Profile.username))) == ["alice"]


def test_a_bad_pool_fee_is_a_problem(logged_in_core: QenexCore, tmp_path: Path) -> None:
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(defi_db=write_defi_db(tmp_path / "defi.db", pool_fee=0.0125))
    assert any("fee" in p for p in caught.value.report.problems)


def test_dry_run_reports_and_changes_nothing(logged_in_core: QenexCore, tmp_path: Path) -> None:
    before = snapshot(logged_in_core)
    report = logged_in_core.exchange.import_legacy(
        qenex_os_db=write_system_db(tmp_path / "s.db"), dry_run=True
    )
    assert report.dry_run and report.problems == () and report.counts["pools"] == 1
    assert snapshot(logged_in_core) == before


def test_the_same_file_cannot_land_twice(logged_in_core: QenexCore, tmp_path: Path) -> None:
    source = write_defi_db(tmp_path / "defi.db")
    logged_in_core.exchange.import_legacy(defi_db=source)
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(defi_db=source)
    assert any("imported before" in p for p in caught.value.report.problems)


def test_a_token_created_here_is_never_merged_into(logged_in_core: QenexCore, tmp_path: Path) -> None:
    logged_in_core.exchange.create_token("DFA", "Mine", 0, "1")
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(defi_db=write_defi_db(tmp_path / "defi.db"))
    assert any("DFA" in p and "never adds to a token made here" in p for p in caught.value.report.problems)


def test_missing_or_foreign_files_are_refused(logged_in_core: QenexCore, tmp_path: Path) -> None:
    with pytest.raises(LegacyImportError) as caught:
        logged_in_core.exchange.import_legacy(qenex_os_db=tmp_path / "nope.db")
    assert caught.value.field == "qenex_os_db"
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(LegacyImportError) as caught:
        logged_in_core.exchange.import_legacy(defi_db=junk)
    assert caught.value.field == "defi_db"
    with pytest.raises(ValidationError):
        logged_in_core.exchange.import_legacy()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(LegacyImportRefused, match="missing table"):
        logged_in_core.exchange.import_legacy(defi_db=empty)
