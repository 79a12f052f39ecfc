"""Both originals in one ledger: tokens, users and pools they share become one (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.exchange.legacy import LegacyImportRefused
from tests.exchange.legacy_checks import (
    account_of,
    assert_audit_verifies,
    assert_claims_kept,
    assert_conserved,
    assert_rounded_down,
    held,
    sqlite_dump,
)
from tests.exchange.legacy_fixtures import DefiDb, SystemDb, defi_demo, defi_people, system_people


def test_files_of_ordinary_use_import_together(logged_in_core: QenexCore, tmp_path: Path) -> None:
    system, defi = system_people(tmp_path / "system.db"), defi_people(tmp_path / "defi.db")
    report = logged_in_core.exchange.import_legacy(qenex_os_db=system, defi_db=defi)
    assert report.problems == ()
    assert_conserved(logged_in_core)
    assert assert_rounded_down(logged_in_core, report, [(system, "qenex-os"), (defi, "defi")]) == 16
    assert assert_claims_kept(logged_in_core, report, system, "qenex-os") == 4
    assert assert_claims_kept(logged_in_core, report, defi, "defi") == 4
    assert_audit_verifies(logged_in_core)


def test_a_defi_holder_named_like_a_system_user_lands_in_that_users_main(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    system, defi = system_people(tmp_path / "system.db"), defi_people(tmp_path / "defi.db")
    report = logged_in_core.exchange.import_legacy(qenex_os_db=system, defi_db=defi)
    [line] = [h for h in report.holders if h.holder == "Mallory Smith"]
    assert (line.account, line.profile) == ("Main", "mallory.smith")
    main = account_of(logged_in_core, report, "system.db", "Mallory Smith")
    assert account_of(logged_in_core, report, "defi.db", "Mallory Smith") == main
    # 4.499999999999999877 ETH in system.db and 1.9 in defi.db: one balance.
    assert held(logged_in_core, main)["ETH"] == 4_499_999_999_999_999_877 + 1_900_000_000_000_000_000


def test_one_symbol_with_other_decimals_in_the_two_files_is_refused_naming_both(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    system = SystemDb(tmp_path / "system.db")
    system.create_token("USDC", "USD Coin", 6, "1000")
    system.close()
    defi = DefiDb(tmp_path / "defi.db")
    defi.create_token("USDC", "USD Coin", 18, "1000")
    defi.close()
    dump = sqlite_dump(logged_in_core.db.path)
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(qenex_os_db=system.path, defi_db=defi.path)
    assert [p for p in caught.value.report.problems if "USDC" in p] == [
        "token USDC has 6 decimals in system.db and 18 in defi.db: one symbol cannot be two tokens here"
    ]
    assert sqlite_dump(logged_in_core.db.path) == dump


def test_a_later_file_with_other_decimals_than_an_earlier_import_is_refused(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    logged_in_core.exchange.import_legacy(defi_db=defi_demo(tmp_path / "defi.db"))
    system = SystemDb(tmp_path / "system.db")
    system.create_token("ETH", "Ether", 8, "1")
    system.close()
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(qenex_os_db=system.path)
    assert any(
        "ETH has 8 decimals in system.db but 18 in the earlier import" in p
        for p in caught.value.report.problems
    )


def test_a_pool_at_another_price_joins_at_the_pools_price_and_pays_out_the_rest(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    system, defi = system_people(tmp_path / "system.db"), defi_people(tmp_path / "defi.db")
    report = logged_in_core.exchange.import_legacy(qenex_os_db=system, defi_db=defi)
    [pool] = [p for p in report.pools if p.pair == "ETH/USDC"]
    assert pool.merged
    # defi.db's pool had more USDC per ETH: most of its extra USDC is paid out, and the ETH beyond
    # what the deposited USDC covers at the pool's price (under one USDC base unit's worth).
    assert pool.paid_out == (
        ("defi.db", "creator", "ETH", "0.000000000418205919"),
        ("defi.db", "creator", "USDC", "2505.276647"),
    )
    assert "did not fit the pool's price and was paid to 'creator'" in "\n".join(report.lines())
    # system.db's pool set the price: its reserves' ratio is the pool's now.
    info = logged_in_core.exchange.get_pool("ETH", "USDC")
    eth, usdc = (info.reserve0, info.reserve1) if info.symbol0 == "ETH" else (info.reserve1, info.reserve0)
    assert abs(eth * 11164_693258 - usdc * 6_450560757704736481) < eth  # ratio of the system.db pool
    assert_claims_kept(logged_in_core, report, defi, "defi")


def test_a_pool_created_here_is_never_added_to(logged_in_core: QenexCore, tmp_path: Path) -> None:
    logged_in_core.exchange.import_legacy(defi_db=defi_demo(tmp_path / "defi.db"))
    logged_in_core.exchange.create_pool("ETH", "QXC", "1", "1000", account="legacy creator")
    later = DefiDb(tmp_path / "later.db")
    later.create_token("ETH", "Ethereum", 18, "5")
    later.create_token("QXC", "QENEX Token", 18, "5000")
    later.create_pool("ETH", "QXC", "1", "1000")
    later.close()
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(defi_db=later.path)
    assert any(
        "ETH/QXC exists on this ledger and was created here" in p for p in caught.value.report.problems
    )
