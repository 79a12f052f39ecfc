"""Bad legacy files: a clear refusal (exit 1), and nothing changes in the ledger or the file (issue 14)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.exchange.legacy import LegacyFileDamaged, LegacyFileUnclean, LegacyImportRefused
from tests.exchange.conftest import Cli
from tests.exchange.legacy_checks import sqlite_dump
from tests.exchange.legacy_fixtures import SystemDb, system_demo


def _cut_short(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:-100])


def _overwrite_a_page_header(path: Path) -> None:
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    data[page * 2 : page * 2 + 12] = b"\xff" * 12  # the b-tree header of page 3
    path.write_bytes(bytes(data))


def _break_the_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE balances (' WHERE name = 'balances'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("damage", [_cut_short, _overwrite_a_page_header, _break_the_schema])
def test_a_damaged_file_is_refused_and_the_ledger_is_unchanged_byte_for_byte(
    logged_in_core: QenexCore, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    source = system_demo(tmp_path / "system.db")
    damage(source)
    dump = sqlite_dump(logged_in_core.db.path)
    with pytest.raises(LegacyFileDamaged) as caught:
        logged_in_core.exchange.import_legacy(qenex_os_db=source)
    assert caught.value.field == "qenex_os_db"
    assert "system.db" in caught.value.message and "Nothing was imported" in caught.value.message
    assert sqlite_dump(logged_in_core.db.path) == dump


@pytest.mark.parametrize("damage", [_cut_short, _overwrite_a_page_header, _break_the_schema])
def test_the_cli_refuses_a_damaged_file_with_exit_1(
    cli: Cli, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    source = system_demo(tmp_path / "system.db")
    damage(source)
    for extra in ((), ("--dry-run",)):
        code, out, err = cli.raw("import-legacy", "--qenex-os-db", str(source), *extra)
        assert code == 1, out + err
        assert "unexpected fault" not in err and "system.db" in err
    assert cli("token", "list")["tokens"] == []


def _crash_in_the_middle_of_a_change(source: Path, crashed: Path) -> None:
    """What a crash leaves: the file and its hot journal, copied while a change is half written."""
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA cache_size = 1")  # pages spill to the file before commit, as a big change does
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE balances SET balance = '999999' WHERE token_symbol = 'ETH'")
    conn.execute("UPDATE tokens SET total_supply = '1'")
    crashed.mkdir()
    shutil.copyfile(source, crashed / source.name)
    shutil.copyfile(f"{source}-journal", crashed / f"{source.name}-journal")
    conn.rollback()
    conn.close()


def test_a_hot_journal_is_refused_with_what_to_do_and_never_rolled_back_into_the_file(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    source = system_demo(tmp_path / "system.db")
    _crash_in_the_middle_of_a_change(source, tmp_path / "crashed")
    crashed = tmp_path / "crashed" / "system.db"
    before = (crashed.read_bytes(), Path(f"{crashed}-journal").read_bytes())
    dump = sqlite_dump(logged_in_core.db.path)
    with pytest.raises(LegacyFileUnclean) as caught:
        logged_in_core.exchange.import_legacy(qenex_os_db=crashed)
    message = caught.value.message
    assert (
        "system.db-journal lies beside system.db" in message and "did not close the file cleanly" in message
    )
    assert "start it once more and quit it normally" in message
    assert (crashed.read_bytes(), Path(f"{crashed}-journal").read_bytes()) == before
    assert sqlite_dump(logged_in_core.db.path) == dump


def test_a_leftover_empty_journal_is_not_a_problem(logged_in_core: QenexCore, tmp_path: Path) -> None:
    source = system_demo(tmp_path / "system.db")
    Path(f"{source}-journal").write_bytes(b"\0" * 512)  # journal_mode=PERSIST leaves a zeroed header
    assert logged_in_core.exchange.import_legacy(qenex_os_db=source).problems == ()


def test_a_wal_beside_the_file_is_refused_with_what_to_do(logged_in_core: QenexCore, tmp_path: Path) -> None:
    live = tmp_path / "live"
    live.mkdir()
    db = SystemDb(live / "system.db")
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.create_token("QXC", "Qenex Token", 18, "1")
    db.conn.commit()
    copied = tmp_path / "system.db"
    shutil.copyfile(live / "system.db", copied)  # the original still running: its changes in the -wal
    shutil.copyfile(live / "system.db-wal", f"{copied}-wal")
    db.close()
    with pytest.raises(LegacyFileUnclean) as caught:
        logged_in_core.exchange.import_legacy(qenex_os_db=copied)
    assert "system.db-wal lies beside system.db" in caught.value.message
    assert "SQLite then moves the changes into the file" in caught.value.message


def test_a_refused_dry_run_exits_1_and_prints_the_report_the_import_would(cli: Cli, tmp_path: Path) -> None:
    source = system_demo(tmp_path / "system.db")
    conn = sqlite3.connect(source)
    conn.execute("INSERT INTO balances (user_id, token_symbol, balance) VALUES (1, 'NOPE', '1')")
    conn.execute("INSERT INTO balances (user_id, token_symbol, balance) VALUES (1, 'QXC', '1e2000000000')")
    conn.commit()
    conn.close()
    dry_code, dry_out, _ = cli.raw("import-legacy", "--qenex-os-db", str(source), "--dry-run")
    code, out, _ = cli.raw("import-legacy", "--qenex-os-db", str(source))
    assert dry_code == code == 1
    dry_lines, lines = dry_out.splitlines(), out.splitlines()
    assert dry_lines[0] == "Dry run: this import would be refused: 2 problem(s)."
    assert lines[0] == "Nothing was imported: 2 problem(s)."
    assert dry_lines[1:] == lines[1:]
    assert any("names unknown token 'NOPE'" in line for line in lines)
    assert any("an exponent beyond" in line for line in lines)
    refused = cli("import-legacy", "--qenex-os-db", str(source), "--dry-run", expect=1)
    assert refused["ok"] is False and refused["dry_run"] is True
    assert refused["error"]["code"] == "import_failed" and len(refused["problems"]) == 2
    assert cli("token", "list")["tokens"] == []


def test_a_refused_import_leaves_the_ledger_byte_for_byte_unchanged(
    logged_in_core: QenexCore, tmp_path: Path
) -> None:
    logged_in_core.exchange.create_token("QXC", "Mine", 18, "5")  # the file's QXC would merge into it
    source = system_demo(tmp_path / "system.db")
    dump = sqlite_dump(logged_in_core.db.path)
    for dry_run in (True, False):
        with pytest.raises(LegacyImportRefused):
            logged_in_core.exchange.import_legacy(qenex_os_db=source, dry_run=dry_run)
        assert sqlite_dump(logged_in_core.db.path) == dump
