"""The files the originals' own demo main() leaves, imported whole (issue 14).

``system.py``'s demo: USDC/ETH/QXC with declared supplies nobody holds, three pools of which one
got liquidity (5 ETH / 10,000 USDC, 223.6067977499789696409173669 shares), the two others
``'0'/'0'``, and a swap that lost 1 ETH. ``defi.py``'s demo: the same three symbols, all supply
with ``creator``, two pools whose reserves no holder paid for.
"""

from __future__ import annotations

from pathlib import Path

from qenex_desktop.core.app import QenexCore
from tests.exchange.legacy_checks import (
    account_of,
    assert_audit_verifies,
    assert_claims_kept,
    assert_conserved,
    assert_rounded_down,
    held,
)
from tests.exchange.legacy_fixtures import DEMO_PASSWORD, defi_demo, system_demo


def test_the_system_py_demo_file_imports_and_demo_user_logs_in(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    source = system_demo(tmp_path / "system.db")
    report = logged_in_core.exchange.import_legacy(qenex_os_db=source)
    assert report.problems == ()
    assert {(s.pair, s.reason) for s in report.skipped_pools} == {
        ("QXC/USDC", "empty: nothing was ever deposited"),
        ("ETH/QXC", "empty: nothing was ever deposited"),
    }
    tokens = {t.symbol: t for t in report.tokens}
    assert tokens["ETH"].supply_text == "9"  # 4 held + 5 in the pool; the file declared 10010
    assert tokens["USDC"].supply_text == "10000"
    assert tokens["QXC"].supply_text == "0"
    assert dict(tokens["ETH"].declared) == {"system.db": "10010"}
    assert_conserved(logged_in_core)
    assert (
        assert_rounded_down(logged_in_core, report, [(source, "qenex-os")]) == 1
    )  # ETH 4; the USDC row holds 0
    assert assert_claims_kept(logged_in_core, report, source, "qenex-os") == 2
    assert_audit_verifies(logged_in_core)
    assert report.history == {"transactions": 2, "audit_log": 2}
    [user] = report.users
    assert (user.original, user.login, user.mapped_because, user.active) == (
        "demo_user",
        "demo_user",
        None,
        True,
    )
    main = account_of(logged_in_core, report, "system.db", "demo_user")
    logged_in_core.auth.logout()
    result = logged_in_core.auth.login("demo_user", DEMO_PASSWORD)
    assert result.password_upgraded
    assert held(logged_in_core, main) == {"ETH": 4 * 10**18}
    [position] = logged_in_core.exchange.positions()
    # The lock is worth under 10^-9 base units: all of the pool but one base unit per token is theirs.
    assert {position.value0_text, position.value1_text} == {"4.999999999999999999", "9999.999999"}
    assert position.share_ppm == 999_999


def test_the_defi_py_demo_file_imports_with_creator_as_an_own_account(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    source = defi_demo(tmp_path / "defi.db")
    report = logged_in_core.exchange.import_legacy(defi_db=source)
    assert report.problems == ()
    assert [(h.holder, h.account, h.profile) for h in report.holders] == [
        ("creator", "legacy creator", "alice")
    ]
    kinds = {a.name: a.kind for a in logged_in_core.exchange.list_accounts()}
    assert kinds["legacy creator"] == "own"
    tokens = {t.symbol: t for t in report.tokens}
    assert tokens["USDC"].supply_text == "1021000"  # 1,000,000 with creator + 21,000 in the pools
    assert tokens["USDC"].created_from_nothing == "21000"
    assert tokens["ETH"].created_from_nothing == "10"
    assert_conserved(logged_in_core)
    assert assert_rounded_down(logged_in_core, report, [(source, "defi")]) == 3
    assert assert_claims_kept(logged_in_core, report, source, "defi") == 4
    assert_audit_verifies(logged_in_core)
    # The importer can spend creator's coins now: they are an own account.
    logged_in_core.exchange.create_account("Savings")
    logged_in_core.exchange.transfer("QXC", "1", "legacy creator", "Savings")
    assert [b.amount_text for b in logged_in_core.exchange.balances("Savings")] == ["1"]


def test_both_demo_files_in_one_run_merge_tokens_and_the_eth_usdc_pool(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    system, defi = system_demo(tmp_path / "system.db"), defi_demo(tmp_path / "defi.db")
    report = logged_in_core.exchange.import_legacy(qenex_os_db=system, defi_db=defi)
    assert report.problems == ()
    assert sorted(t.symbol for t in report.tokens) == ["ETH", "QXC", "USDC"]
    pools = {p.pair: p for p in report.pools}
    assert pools["ETH/USDC"].merged and pools["ETH/USDC"].reserves == ("15", "30000")  # one price: 2000
    assert not pools["QXC/USDC"].merged
    assert_conserved(logged_in_core)
    assert assert_claims_kept(logged_in_core, report, system, "qenex-os") == 2
    assert assert_claims_kept(logged_in_core, report, defi, "defi") == 4
    assert_audit_verifies(logged_in_core)


def test_the_demo_files_one_after_the_other_land_as_in_one_run(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    system, defi = system_demo(tmp_path / "system.db"), defi_demo(tmp_path / "defi.db")
    first = logged_in_core.exchange.import_legacy(qenex_os_db=system)
    second = logged_in_core.exchange.import_legacy(defi_db=defi)
    assert first.problems == second.problems == ()
    assert all(t.merged for t in second.tokens if t.symbol in ("ETH", "USDC"))
    assert {p.pair: p.merged for p in second.pools} == {"ETH/USDC": True, "QXC/USDC": False}
    assert_conserved(logged_in_core)
    assert assert_claims_kept(logged_in_core, first, system, "qenex-os") == 2
    assert assert_claims_kept(logged_in_core, second, defi, "defi") == 4
    supply = {t.symbol: t.total_supply for t in logged_in_core.exchange.list_tokens()}
    assert supply == {"ETH": 1019 * 10**18, "USDC": 1_031_000 * 10**6, "QXC": 1_010_000 * 10**18}
    assert_audit_verifies(logged_in_core)
