"""Amounts as the originals write them: rounded down to base units, the dust reported and audited."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import AuditEntry
from qenex_desktop.core.exchange.legacy import LegacyImportRefused
from tests.exchange.legacy_checks import account_of, assert_conserved, held
from tests.exchange.legacy_fixtures import DefiDb, SystemDb, defi_people, system_people


def test_28_digit_e_notation_and_float_text_round_down_with_the_dust_reported_and_audited(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    report = logged_in_core.exchange.import_legacy(qenex_os_db=system_people(tmp_path / "system.db"))

    def amount(user: str, symbol: str) -> int:
        return held(logged_in_core, account_of(logged_in_core, report, "system.db", user)).get(symbol, 0)

    assert amount("Pé", "ETH") == 123  # '1.23E-16'
    assert amount("Judy", "ETH") == 39_439_242_295_263_500  # '0.0394392422952635', a 15-digit float's text
    assert amount("Mallory Smith", "USDC") == 40_935_306_741  # '40935.30674103104208335882805'
    assert amount("oscar@example.org", "MICRO") == 10**24 + 1  # 24 decimals
    assert amount("oscar@example.org", "FINE") == 1  # 36 decimals: '1E-36'
    tokens = {t.symbol: t for t in report.tokens}
    assert (tokens["MICRO"].decimals, tokens["FINE"].decimals) == (24, 36)
    usdc = tokens["USDC"]
    # Mallory's 0.00000003104208335882805 and the pool reserve's 0.00000096895791664117195 USDC: the
    # original's 28-digit arithmetic kept their sum whole, one base unit.
    assert usdc.dust_total == "0.000001"
    assert (usdc.dust_largest, usdc.dust_largest_from) == (
        "0.00000096895791664117195",
        "pool ETH/USDC reserve",
    )
    with logged_in_core.db.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None
    audited = {d["symbol"]: (d["total"], d["largest"]) for d in json.loads(entry.details)["dust"]}
    assert audited["USDC"] == (usdc.dust_total, usdc.dust_largest)
    assert set(audited) == {t.symbol for t in report.tokens if t.dust_total != "0"}
    assert_conserved(logged_in_core)


def test_a_token_of_more_than_36_decimals_is_refused_by_name(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    db = SystemDb(tmp_path / "system.db")
    db.create_token("HUGE", "Huge", 37, "1")
    db.close()
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(qenex_os_db=db.path)
    assert caught.value.report.problems == ("system.db: token HUGE has decimals 37; 0 to 36 are supported",)


def test_a_float_residue_below_zero_is_0_and_a_real_negative_is_refused(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    db = DefiDb(tmp_path / "defi.db")
    db.create_token("AAA", "A", 18, "10")
    db.conn.execute("INSERT INTO balances VALUES ('dusty', 'AAA', '-1.11022302462516e-16')")
    db.close()
    report = logged_in_core.exchange.import_legacy(defi_db=db.path)
    [token] = report.tokens
    assert token.residues == 1 and token.supply_text == "10"
    assert any("a hair below zero" in note and "AAA" in note for note in report.notes)
    worse = DefiDb(tmp_path / "worse.db")
    worse.create_token("BBB", "B", 18, "10")
    worse.conn.execute("INSERT INTO balances VALUES ('debtor', 'BBB', '-0.5')")
    worse.close()
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(defi_db=worse.path)
    assert caught.value.report.problems == ("worse.db: holder 'debtor' holds -0.5 BBB, which is negative",)


def test_a_huge_exponent_is_refused_at_once(logged_in_core: QenexCore, tmp_path: Path) -> None:
    db = SystemDb(tmp_path / "system.db")
    db.create_token("QXC", "Qenex Token", 18, "1")
    user = db.register("zed", "zed's password 1")
    db.conn.execute(
        "INSERT INTO balances (user_id, token_symbol, balance) VALUES (?, 'QXC', '1e2000000000')", (user,)
    )
    db.close()
    started = time.monotonic()
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(qenex_os_db=db.path)
    assert time.monotonic() - started < 5  # the file's PBKDF2 check aside, no time at all
    assert caught.value.report.problems == (
        "system.db: balance of QXC of '1': '1e2000000000' is not an amount here (an exponent beyond +-2,000)",
    )


def test_the_pool_holder_is_counted_once_and_reserves_from_nothing_are_reported(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    report = logged_in_core.exchange.import_legacy(defi_db=defi_people(tmp_path / "defi.db"))
    tokens = {t.symbol: t for t in report.tokens}
    # 'pool' got 0.1 ETH and 130 USDC from swaps and a failed add_liquidity: all inside the reserves.
    assert (tokens["ETH"].not_counted_twice, tokens["USDC"].not_counted_twice) == ("0.1", "130")
    assert tokens["ETH"].created_from_nothing == "9.95039726961098921874455838"
    assert "legacy pool" not in {a.name for a in logged_in_core.exchange.list_accounts()}
    creator = 998 * 10**18
    assert tokens["ETH"].supply == creator + 19 * 10**17 + 10_050_397_269_610_989_218  # holders + the pool
    assert_conserved(logged_in_core)


def test_what_the_pool_holder_holds_beyond_the_reserves_is_imported_into_legacy_pool(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    db = DefiDb(tmp_path / "defi.db")
    db.create_token("AAA", "A", 8, "1000")
    db.create_token("BBB", "B", 8, "1000")
    db.create_pool("AAA", "BBB", "10", "10")
    db.conn.execute("INSERT INTO balances VALUES ('pool', 'AAA', '12.5')")  # 2.5 beyond the reserve
    db.close()
    report = logged_in_core.exchange.import_legacy(defi_db=db.path)
    [line] = [h for h in report.holders if h.holder == "pool"]
    assert line.account == "legacy pool"
    assert [(b.symbol, b.amount_text) for b in logged_in_core.exchange.balances("legacy pool")] == [
        ("AAA", "2.5")
    ]
    assert {t.symbol: t.not_counted_twice for t in report.tokens}["AAA"] == "10"
    assert_conserved(logged_in_core)


def test_the_declared_supply_is_reported_and_the_supply_follows_what_is_held(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    source = system_people(tmp_path / "system.db")
    declared = dict(sqlite3.connect(source).execute("SELECT symbol, total_supply FROM tokens").fetchall())
    report = logged_in_core.exchange.import_legacy(qenex_os_db=source)
    for token in report.tokens:
        assert dict(token.declared) == {"system.db": declared[token.symbol]}
    assert {t.symbol: t.supply_text for t in report.tokens}["QXC"] == "12.5"  # declared 1000012.5
    text = "\n".join(report.lines())
    assert "system.db said total_supply 1000012.5; the supply here is what is held" in text
    assert "said total_supply 1E-36" not in text  # equal to what is held: nothing to say
