"""The Activity history (issue 13): pages over indexes, every row once, and the accountant's file.

Pages are keyset reads (after a key, over an index), pinned by their query plans; merged sources
come newest first and never twice; the CSV and JSON formats are pinned by golden files
(``tests/chain/golden/``; regenerate with ``QENEX_REGEN_GOLDEN=1``)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from bench.activity_history import START_MS, TOKEN, fill_history
from qenex_desktop.cli.context import CliContext
from qenex_desktop.cli.main import execute, parse
from qenex_desktop.core import activity, activity_export
from qenex_desktop.core.activity import ActivityItem, Leg
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import ChainTransaction, ChainTransfer
from qenex_desktop.core.errors import ValidationError
from tests.conftest import STRONG_PASSWORD
from tests.query_plans import read_statements

GOLDEN = Path(__file__).parent / "golden"
ME = "0x" + "aA" * 20
THEM = "0x" + "Bb" * 20


@pytest.fixture
def wallet_core(logged_in_core: QenexCore) -> QenexCore:
    logged_in_core.wallet.create(password=STRONG_PASSWORD)
    return logged_in_core


def _plan(core: QenexCore, statements: list[tuple[str, Any]], table: str) -> str:
    with sqlite3.connect(core.config.database_path) as raw:
        plans = [
            " | ".join(str(row[-1]) for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
            for sql, params in statements
            if sql.startswith(f"SELECT {table}.") and "ORDER BY" in sql
        ]
    raw.close()
    assert len(plans) == 1, plans
    return plans[0]


@pytest.mark.parametrize(
    ("table", "index"),
    [
        ("chain_transactions", "ix_chain_transactions_page (profile_id=? AND network_id=? AND id<?)"),
        ("chain_transfers", "ix_chain_transfers_page (network_id=? AND genesis_hash=?"),
        ("audit_log", "ix_audit_log_event (event=? AND rowid<?)"),
    ],
)
def test_a_page_after_a_key_walks_an_index_never_the_table(
    wallet_core: QenexCore, table: str, index: str
) -> None:
    fill_history(wallet_core, 300)
    after = activity.Cursor(tx_before=200, transfer_before=(300, 0), ledger_before=10**9)
    plan = _plan(
        wallet_core,
        read_statements(wallet_core, lambda: activity.page(wallet_core, after, size=50)),
        table,
    )
    assert index in plan
    assert f"SCAN {table}" not in plan
    if table != "audit_log":  # the ledger's IN over events sorts at most one page per event kind
        assert "TEMP B-TREE" not in plan


def test_pages_give_every_row_once_newest_first_and_say_when_nothing_is_left(wallet_core: QenexCore) -> None:
    fill_history(wallet_core, 130)
    wallet_core.exchange.create_token("AAA", "Token A", 18, "1000")
    seen: list[ActivityItem] = []
    cursor = None
    pages = 0
    while True:
        result = activity.page(wallet_core, cursor, size=40)
        seen += result.items
        pages += 1
        if not result.more:
            break
        cursor = result.cursor
    assert len(seen) == 261 and pages == 7
    assert len({(item.source, item.reference) for item in seen}) == 261
    times = [item.key for item in seen]
    assert times == sorted(times, reverse=True)
    assert seen[0].source == "ledger"  # created now, after the filled history of 2026
    incoming = [item for item in seen if item.source == "transfer"]
    assert len(incoming) == 130 and all(item.legs[0].direction == "in" for item in incoming)
    assert incoming[0].legs[0].symbol == "QXC" and incoming[0].legs[0].amount == 130 * 10**18


def test_a_transfer_of_a_transaction_the_wallet_tracks_is_shown_once(wallet_core: QenexCore) -> None:
    mine = fill_history(wallet_core, 2)
    network = wallet_core.chain.network()
    tracked = "0x" + f"{1:064x}"  # fill_history's second send
    with wallet_core.db.write() as session:
        session.execute(
            insert(ChainTransfer),
            [
                dict(
                    network_id=network.id,
                    genesis_hash=network.genesis_hash,
                    stale=False,
                    token_address=TOKEN,
                    block_number=3,
                    tx_hash=tracked,
                    log_index=0,
                    from_address=mine,
                    to_address=THEM,
                    amount=5,
                    block_time=START_MS,
                )
            ],
        )
    items = list(activity.iterate(wallet_core))
    assert [item.source for item in items if item.reference == tracked] == ["chain"]
    assert len(items) == 4


def test_another_profiles_send_to_this_one_is_an_incoming_transfer_here(wallet_core: QenexCore) -> None:
    mine = fill_history(wallet_core, 1)
    network = wallet_core.chain.network()
    theirs = "0x" + "77" * 32
    with wallet_core.db.write() as session:
        row = _row_like_fill(network.id, str(network.genesis_hash), theirs)
        session.execute(insert(ChainTransaction), [row])
        session.execute(
            insert(ChainTransfer),
            [
                dict(
                    network_id=network.id, genesis_hash=network.genesis_hash, stale=False,
                    token_address=TOKEN, block_number=9, tx_hash=theirs, log_index=0,
                    from_address=THEM, to_address=mine, amount=5, block_time=START_MS,
                )
            ],
        )  # fmt: skip
    items = [item for item in activity.iterate(wallet_core) if item.reference == theirs]
    assert [(item.source, item.kind) for item in items] == [("transfer", "receive")]


def _row_like_fill(network_id: int, genesis: str, tx_hash: str) -> dict[str, Any]:
    """A tracked row of nobody in this profile (another profile's send)."""
    from bench.activity_history import _tx

    return {**_tx(network_id, genesis, 0, THEM, ME, 999), "profile_id": None, "tx_hash": tx_hash}


def test_decoded_calls_name_approve_and_transfer() -> None:
    spender = "0x" + "12" * 20
    approve = "0x095ea7b3" + "00" * 12 + "12" * 20 + f"{10**18:064x}"
    call = activity.decode_call(approve)
    assert call is not None and call.name == "Approve"
    assert dict(call.arguments) == {"spender": activity.to_checksum_address(spender), "amount": 10**18}
    assert activity.decode_call("0x") is None and activity.decode_call("0x095ea7b3ff") is None
    item = ActivityItem("chain", 0, "approve", "confirmed", (), ME, TOKEN, "0x1", data=approve)
    assert activity.action_name(item) == "Approve"


# -- the file --------------------------------------------------------------------------------------


def _golden_items() -> list[ActivityItem]:
    return [
        ActivityItem(
            "ledger",
            START_MS + 9_000,
            "exchange.swap",
            "confirmed",
            (
                Leg("ledger:AAA", "AAA", 18, 15 * 10**17, "out"),
                Leg("ledger:USDC", "USDC", 6, 2_999_123, "in"),
            ),
            "Main",
            None,
            "audit #42",
        ),
        ActivityItem(
            "transfer",
            START_MS + 5_123,
            "receive",
            "confirmed",
            (Leg(TOKEN, "QXC", 18, 12345678901234567890123, "in"),),
            THEM,
            ME,
            "0x" + "cd" * 32,
            block_number=77,
        ),
        ActivityItem(
            "chain",
            START_MS + 1_000,
            "send_eth",
            "confirmed",
            (Leg("ETH", "ETH", 18, 10**17, "out"),),
            ME,
            THEM,
            "0x" + "ef" * 32,
            block_number=70,
            gas_used=21000,
            fee_paid=21000 * 1_000_000_007,
            label='Rent, June — "flat 3"',  # issue 15: the person's label, quoted as CSV quotes
        ),
        ActivityItem(
            "chain",
            START_MS,
            "deploy",
            "failed",
            (),
            ME,
            None,
            "0x" + "01" * 32,
            block_number=69,
            gas_used=900_000,
            fee_paid=900_000 * 10**9,
        ),
        ActivityItem(
            "transfer",
            None,
            "send",
            "confirmed",
            (Leg(TOKEN, "QXC", 18, 1, "out"),),
            ME,
            THEM,
            "0x" + "02" * 32,
        ),
    ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_export_format_is_pinned_by_a_golden_file(fmt: str) -> None:
    out = io.StringIO()
    writer = activity_export.write_csv if fmt == "csv" else activity_export.write_json
    assert writer(iter(_golden_items()), out, "Local Hardhat") == 5
    golden = GOLDEN / f"activity_history.{fmt}"
    if os.environ.get("QENEX_REGEN_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == golden.read_text(encoding="utf-8")


def test_the_json_export_is_json_with_exact_amounts_and_utc_times() -> None:
    out = io.StringIO()
    activity_export.write_json(iter(_golden_items()), out, "Local Hardhat")
    records = json.loads(out.getvalue())
    assert records[1]["legs"][0]["amount"] == "12345.678901234567890123"
    assert records[2]["fee_eth"] == "0.000021000000147"
    assert records[0]["time_utc"] == "2026-05-28T20:26:49.000Z"
    assert records[4]["time_utc"] == ""
    empty = io.StringIO()
    activity_export.write_json(iter([]), empty, "x")
    assert json.loads(empty.getvalue()) == []


def test_export_to_streams_the_whole_history_to_a_private_file(
    wallet_core: QenexCore, tmp_path: Path
) -> None:
    fill_history(wallet_core, 250)
    path = tmp_path / "history.csv"
    assert activity_export.export_to(wallet_core, path, "csv") == 500
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = path.read_text().splitlines()
    assert lines[0].startswith("time_utc,network,source,action") and len(lines) == 501
    with pytest.raises(ValidationError) as refused:
        activity_export.export_to(wallet_core, tmp_path / "x.xml", "xml")
    assert refused.value.field == "format"


def test_the_cli_exports_what_the_tab_shows(wallet_core: QenexCore, tmp_path: Path) -> None:
    fill_history(wallet_core, 3)
    path = tmp_path / "history.json"
    ctx = CliContext(data_dir=str(wallet_core.config.data_dir), json=True)
    ctx.__dict__["core"] = wallet_core  # the test's core: same ledger, same session
    args = parse(["--json", "chain", "tx", "export", "--format", "json", "--output", str(path)])
    assert execute(ctx, args, io.StringIO()) == 0
    assert len(json.loads(path.read_text())) == 6


def test_a_csv_cell_never_starts_a_spreadsheet_formula() -> None:
    item = ActivityItem("ledger", 0, "exchange.transfer", "confirmed", (), "=HYPERLINK(1)", "@x", "audit #1")
    out = io.StringIO()
    activity_export.write_csv(iter([item]), out, "n")
    row = out.getvalue().splitlines()[1]
    assert ",'=HYPERLINK(1),'@x," in row


def test_the_status_history_reads_the_audit_log_of_the_transactions_own_time_only(
    wallet_core: QenexCore,
) -> None:
    from qenex_desktop.core.activity_status import status_history

    fill_history(wallet_core, 3)
    (item, *_rest) = [i for i in activity.iterate(wallet_core) if i.tx is not None]
    assert item.tx is not None
    tx = item.tx
    statements = read_statements(wallet_core, lambda: status_history(wallet_core, tx))
    with sqlite3.connect(wallet_core.config.database_path) as raw:
        (plan,) = [
            " | ".join(str(r[-1]) for r in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
            for sql, params in statements
            if sql.startswith("SELECT audit_log.")
        ]
    raw.close()
    assert "ix_audit_log_category_created (category=? AND created_at>? AND created_at<?)" in plan
    assert [step.status for step in status_history(wallet_core, tx)] == ["pending", "confirmed"]
