"""Legacy files written to hurt: hostile names, huge exponents, sums past uint256 (issue 10, items 10/11/15).

Each fixture file is written here, in the defi.db schema the original DeFi platform used.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import ExchangeAccount, ExchangeToken
from qenex_desktop.core.exchange.legacy import LegacyImportRefused, to_base_units
from qenex_desktop.core.validation import UINT256_MAX, parse_account_name, parse_token_name
from tests.exchange.conftest import Cli, snapshot

#: What a terminal acts on instead of showing: clear screen, RTL override, zero-width, NUL, bell.
HOSTILE = ("\x1b", "\u202e", "\u200b", "\x00", "\x07")


def write_defi(
    path: Path,
    *,
    tokens: list[tuple[object, ...]],
    balances: list[tuple[object, ...]],
    pools: list[tuple[object, ...]] | None = None,
    liquidity: list[tuple[object, ...]] | None = None,
) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE tokens (symbol TEXT PRIMARY KEY, name TEXT, decimals INTEGER, total_supply REAL);
        CREATE TABLE balances (address TEXT, token TEXT, balance);
        CREATE TABLE pools (pool_id INTEGER PRIMARY KEY, token0 TEXT, token1 TEXT, reserve0, reserve1,
                            total_liquidity, fee_bps);
        CREATE TABLE liquidity (pool_id INTEGER, provider TEXT, lp_tokens);
        """
    )
    conn.executemany("INSERT INTO tokens VALUES (?, ?, ?, ?)", tokens)
    conn.executemany("INSERT INTO balances VALUES (?, ?, ?)", balances)
    conn.executemany("INSERT INTO pools VALUES (?, ?, ?, ?, ?, ?, ?)", pools or [])
    conn.executemany("INSERT INTO liquidity VALUES (?, ?, ?)", liquidity or [])
    conn.commit()
    conn.close()
    return path


def _hostile_file(path: Path) -> Path:
    return write_defi(
        path,
        tokens=[("EVL", "Evil\x1b[2J\u202eemaN\u200b\x00", 0, 30), ("OK", "Plain Token", 0, 5)],
        balances=[
            ("0xab\x1b[2J\u202ecd", "EVL", "10"),
            ("0xab\x1b[2J\u202ecd\u200b", "EVL", "15"),  # another holder, not merged with the first
            ("treasury", "EVL", "5"),
            ("treasury", "OK", "5"),
        ],
    )


# -- item 10: names ---------------------------------------------------------------------------


def test_hostile_names_are_mapped_to_valid_ones_and_reported(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    report = logged_in_core.exchange.import_legacy(defi_db=_hostile_file(tmp_path / "defi.db"))
    assert report.problems == ()
    tokens = {t.symbol: t.name for t in logged_in_core.exchange.list_tokens()}
    assert tokens == {"EVL": "EVL", "OK": "Plain Token"}
    # Holders are accounts the importer operates (issue 14): own accounts, labelled with the holder.
    accounts = [a.name for a in logged_in_core.exchange.list_accounts() if a.name.startswith("legacy ")]
    assert len(accounts) == 3 and "legacy treasury" in accounts
    assert {a.kind for a in logged_in_core.exchange.list_accounts()} == {"own"}
    for name in accounts:
        assert parse_account_name(name) == name
    for name in tokens.values():
        assert parse_token_name(name) == name
    # Two holder ids that differ only by an invisible character stay two accounts.
    held = sorted(b.amount for name in accounts for b in logged_in_core.exchange.balances(name))
    assert held == [5, 5, 10, 15]
    mapped = [n for n in report.notes if "EVL" in n and "name" in n]
    assert len(mapped) == 1 and "\x1b" not in mapped[0]
    holders = [n for n in report.notes if "holder" in n]
    assert len(holders) == 2 and all(not set(HOSTILE) & set(n) for n in holders)


def test_token_and_account_lists_print_no_terminal_controls_after_a_hostile_import(
    cli: Cli, tmp_path: Path
) -> None:
    source = _hostile_file(tmp_path / "defi\x1b[2J\u202e.db")  # the file name is printed on a repeat
    code, out, err = cli.raw("import-legacy", "--defi-db", str(source))
    assert code == 0, out + err
    for command in (("token", "list"), ("account", "list"), ("import-legacy", "--defi-db", str(source))):
        _code, out, err = cli.raw(*command)
        for ch in HOSTILE:
            assert ch not in out + err, (command, ch, out + err)


def test_a_holder_that_would_land_in_an_own_account_is_a_problem(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    logged_in_core.exchange.create_account("legacy treasury")  # an own account, by that name
    source = write_defi(
        tmp_path / "defi.db", tokens=[("AAA", "A", 0, 0)], balances=[("treasury", "AAA", "1")]
    )
    before = snapshot(logged_in_core)
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(defi_db=source)
    problems = caught.value.report.problems
    assert [p for p in problems if "one of your own accounts" in p] == [
        "holder 'treasury' would land in 'legacy treasury', one of your own accounts"
    ]
    assert snapshot(logged_in_core) == before


def test_long_holder_ids_sharing_their_first_and_last_characters_stay_two_accounts(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    """They crashed the import (UNIQUE), then were refused; now each keeps its own account (issue 14)."""
    long_a, long_b = "0x" + "12" * 6 + "aa" * 8 + "34" * 6, "0x" + "12" * 6 + "bb" * 8 + "34" * 6
    source = write_defi(
        tmp_path / "defi.db",
        tokens=[("AAA", "A", 0, 0)],
        balances=[(long_a, "AAA", "2"), (long_b, "AAA", "3")],
    )
    report = logged_in_core.exchange.import_legacy(defi_db=source)
    names = {h.holder: h.account for h in report.holders}
    assert names[long_a] != names[long_b]
    for holder, amount in ((long_a, 2), (long_b, 3)):
        assert len(names[holder]) <= 40 and parse_account_name(names[holder]) == names[holder]
        assert [b.amount for b in logged_in_core.exchange.balances(names[holder])] == [amount]


def test_a_legacy_pool_past_the_reserve_bound_is_a_problem(logged_in_core: QenexCore, tmp_path: Path) -> None:
    source = write_defi(
        tmp_path / "defi.db",
        tokens=[("AAA", "A", 0, 0), ("BBB", "B", 0, 0)],
        balances=[],
        pools=[(1, "AAA", "BBB", str(2**112), "5000", None, 30)],
    )
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(defi_db=source)
    assert any("2^112-1" in p for p in caught.value.report.problems)
    ok = write_defi(
        tmp_path / "ok.db",
        tokens=[("AAA", "A", 0, 0), ("BBB", "B", 0, 0)],
        balances=[],
        pools=[(1, "AAA", "BBB", str(2**112 - 1), "5000", None, 30)],
    )
    assert logged_in_core.exchange.import_legacy(defi_db=ok).problems == ()


# -- item 11: huge exponents ------------------------------------------------------------------


def test_huge_exponents_and_digit_runs_are_bounded_before_any_power_of_ten() -> None:
    started = time.monotonic()
    assert to_base_units("1E+999999999", 18) is None
    assert to_base_units("1E-999999999", 18) is None
    assert to_base_units("0E+999999999", 18) == 0
    assert to_base_units("9" * 5000, 0) is None  # beyond Python's 4,300-digit int-text limit
    assert to_base_units("1." + "0" * 900, 6) == 10**6  # exact, however it is written
    assert to_base_units("1." + "0" * 1000, 6) is None  # number text past 1,000 characters is refused
    assert to_base_units(2**300, 0) is None
    assert to_base_units(7, 2) == 700
    assert to_base_units("1" + "0" * 77, 0) == 10**77
    assert to_base_units(str(UINT256_MAX), 0) == UINT256_MAX
    assert to_base_units(str(UINT256_MAX + 1), 0) is None
    top = str(UINT256_MAX)
    assert to_base_units(f"{top[0]}.{top[1:]}E+{len(top) - 1}", 0) == UINT256_MAX
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("where", ["balance", "fee"])
def test_a_huge_exponent_in_a_file_is_refused_fast_with_exit_1(cli: Cli, tmp_path: Path, where: str) -> None:
    huge = "1E+999999999"
    source = write_defi(
        tmp_path / "defi.db",
        tokens=[("AAA", "A", 0, 0), ("BBB", "B", 0, 0)],
        balances=[("treasury", "AAA", huge if where == "balance" else "1")],
        pools=[(1, "AAA", "BBB", "5000", "5000", None, huge if where == "fee" else 30)],
    )
    started = time.monotonic()
    done = cli.run_process("--json", "import-legacy", "--defi-db", str(source), timeout=60)
    elapsed = time.monotonic() - started
    assert done.returncode == 1, done.stderr
    error = json.loads(done.stdout.decode().strip().splitlines()[-1])["error"]
    assert error["code"] == "import_failed"
    assert elapsed < 20  # a process start and an import; the hang it replaces never ended
    assert cli("token", "list")["tokens"] == []


# -- item 15 (legacy part): sums past 2^256-1 -------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        "two holders",  # the token's supply (what is held) would pass 2^256-1
        "one holder twice",  # one account's summed balance rows would
        "balance plus reserve",  # accounts plus the pool's reserve would
    ],
)
def test_sums_past_uint256_are_refused_cleanly_and_nothing_lands(cli: Cli, tmp_path: Path, case: str) -> None:
    top = str(UINT256_MAX)
    balances: list[tuple[object, ...]] = [("alpha", "AAA", top), ("beta", "AAA", "1")]
    pools: list[tuple[object, ...]] = []
    liquidity: list[tuple[object, ...]] = []
    if case == "one holder twice":
        balances = [("alpha", "AAA", top), ("alpha", "AAA", "1")]
    elif case == "balance plus reserve":
        balances = [("alpha", "AAA", top)]
        pools = [(1, "AAA", "BBB", "5000", "5000", None, 30)]
    source = write_defi(
        tmp_path / "defi.db",
        tokens=[("AAA", "A", 0, 0), ("BBB", "B", 0, 0)],
        balances=balances,
        pools=pools,
        liquidity=liquidity,
    )
    code, out, err = cli.raw("import-legacy", "--defi-db", str(source))
    assert code == 1, out + err
    for leak in ("INSERT", "UPDATE", "SELECT", "parameters", "unexpected fault"):
        assert leak not in out + err
    assert "2^256-1" in out
    assert cli("token", "list")["tokens"] == []
    assert cli("account", "list")["accounts"] == []


def test_positions_of_any_size_are_parts_of_the_pool(logged_in_core: QenexCore, tmp_path: Path) -> None:
    """Two positions of 10^77 shares each added up past 2^256-1; shares here are each provider's part
    of the pool (issue 14), so they import as two halves."""
    source = write_defi(
        tmp_path / "defi.db",
        tokens=[("AAA", "A", 0, 0), ("BBB", "B", 0, 0)],
        balances=[],
        pools=[(1, "AAA", "BBB", "5000", "5000", None, 30)],
        liquidity=[(1, "alpha", "1" + "0" * 59), (1, "beta", "1" + "0" * 59)],  # 10^77 shares each
    )
    report = logged_in_core.exchange.import_legacy(defi_db=source)
    accounts = {h.holder: h.account for h in report.holders}
    halves = [
        (p.value0, p.value1) for p in logged_in_core.exchange.positions() if p.account in accounts.values()
    ]
    assert sorted(halves) == [
        (2499, 2499),
        (2499, 2499),
    ]  # 2500 each, less the one base unit a burn rounds off


def test_the_sum_refusal_changes_nothing_in_the_core(logged_in_core: QenexCore, tmp_path: Path) -> None:
    source = write_defi(
        tmp_path / "defi.db",
        tokens=[("AAA", "A", 0, 0)],
        balances=[("alpha", "AAA", str(UINT256_MAX)), ("beta", "AAA", "1")],
    )
    before = snapshot(logged_in_core)
    with pytest.raises(LegacyImportRefused) as caught:
        logged_in_core.exchange.import_legacy(defi_db=source)
    assert any("AAA" in p and "2^256-1" in p for p in caught.value.report.problems)
    assert snapshot(logged_in_core) == before
    with logged_in_core.db.read() as s:
        assert s.scalars(select(ExchangeToken)).all() == []
        assert s.scalars(select(ExchangeAccount)).all() == []
