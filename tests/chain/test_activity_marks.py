"""Activity rows carry the person's transaction labels and the poisoning marks of incoming transfers
(issue 15), read with the page itself (``core.activity_marks``); the export has the label column."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from typing import Any

import pytest
from sqlalchemy import insert

from bench.activity_history import START_MS, TOKEN, fill_history
from qenex_desktop.core import activity, activity_export, activity_marks
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.contacts.lookalike import PoisonReason
from qenex_desktop.core.contacts.poisoning import known_addresses
from qenex_desktop.core.db.models import ChainTransaction, ChainTransfer
from qenex_desktop.core.validation import to_checksum_address
from tests.chain.test_lookalike import BOB, lookalike_of
from tests.conftest import STRONG_PASSWORD
from tests.query_plans import read_statements

STRANGER = "0x" + "77" * 20
#: fill_history's counterparty: every send goes there, so it is in the profile's history.
PAID = "0x" + "22" * 20


@pytest.fixture
def wallet_core(logged_in_core: QenexCore) -> QenexCore:
    logged_in_core.wallet.create(password=STRONG_PASSWORD)
    return logged_in_core


def _incoming(core: QenexCore, mine: str, number: int, sender: str, amount: int) -> str:
    network = core.chain.network()
    tx_hash = "0x" + f"{number:060x}beef"
    with core.db.write() as session:
        session.execute(
            insert(ChainTransfer),
            [
                dict(
                    network_id=network.id, genesis_hash=network.genesis_hash, stale=False,
                    token_address=TOKEN, block_number=1000 + number, tx_hash=tx_hash, log_index=0,
                    from_address=sender, to_address=mine, amount=amount,
                    block_time=START_MS + 10**6 + number,
                )
            ],
        )  # fmt: skip
    return tx_hash


def _by_reference(core: QenexCore) -> dict[str, activity.ActivityItem]:
    return {item.reference: item for item in activity.iterate(core)}


def test_zero_value_and_look_alike_senders_are_marked_with_why(wallet_core: QenexCore) -> None:
    mine = fill_history(wallet_core, 3)
    wallet_core.contacts.add_contact("Bob", BOB)
    zero = _incoming(wallet_core, mine, 1, STRANGER, 0)
    fake_bob = _incoming(wallet_core, mine, 2, lookalike_of(BOB), 5)
    fake_paid = _incoming(wallet_core, mine, 3, lookalike_of(PAID), 5)
    real_bob = _incoming(wallet_core, mine, 4, BOB, 5)
    stranger = _incoming(wallet_core, mine, 5, STRANGER, 9)
    zero_from_bob = _incoming(wallet_core, mine, 6, BOB, 0)
    items = _by_reference(wallet_core)
    marks = {ref: item.suspicion for ref, item in items.items() if item.suspicion is not None}
    assert set(marks) == {zero, fake_bob, fake_paid, zero_from_bob}
    assert marks[zero].reason is PoisonReason.ZERO_VALUE and marks[zero].looks_like is None
    assert marks[zero].text == "zero-value transfer — a common address-poisoning trick"
    bob = marks[fake_bob]
    assert (bob.reason, bob.looks_like, bob.who) == (PoisonReason.LOOKALIKE_SENDER, BOB, "contact Bob")
    assert bob.text == f"sender looks like {BOB} (contact Bob)"
    assert (marks[fake_paid].looks_like, marks[fake_paid].who) == (PAID, "in your history")
    assert items[real_bob].suspicion is None and items[stranger].suspicion is None
    assert all(item.suspicion is None for item in items.values() if item.source == "chain")


def test_a_look_alike_of_an_own_account_is_marked_and_the_own_account_is_not(
    wallet_core: QenexCore,
) -> None:
    mine = fill_history(wallet_core, 1)
    fake = _incoming(wallet_core, mine, 1, lookalike_of(mine), 1)
    items = _by_reference(wallet_core)
    mark = items[fake].suspicion
    assert mark is not None and mark.looks_like == mine and (mark.who or "").startswith("your account")


def test_labels_come_with_the_page_and_go_with_a_removal(wallet_core: QenexCore) -> None:
    fill_history(wallet_core, 2)
    sent = "0x" + f"{1:064x}"  # fill_history's second send
    incoming = "0x" + f"{0:062x}ff"  # its first incoming transfer
    wallet_core.contacts.set_tx_label(sent, "rent, June")
    wallet_core.contacts.set_tx_label(incoming.upper().replace("0X", "0x"), "from Carol")
    items = _by_reference(wallet_core)
    assert items[sent].label == "rent, June" and items[incoming].label == "from Carol"
    assert [item.label for ref, item in items.items() if ref not in (sent, incoming)] == [None, None]
    wallet_core.contacts.set_tx_label(sent, "")
    assert _by_reference(wallet_core)[sent].label is None


def _export(core: QenexCore, fmt: str) -> str:
    out = io.StringIO()
    activity_export.export(core, out, fmt)
    return out.getvalue()


def test_the_export_has_each_transactions_label(wallet_core: QenexCore) -> None:
    fill_history(wallet_core, 2)
    sent = "0x" + f"{1:064x}"
    wallet_core.contacts.set_tx_label(sent, "=rent, June")  # a formula start: quoted in the CSV
    rows = list(csv.DictReader(io.StringIO(_export(wallet_core, "csv"))))
    assert list(rows[0])[-1] == "label"
    labels = {row["tx_hash"]: row["label"] for row in rows}
    assert labels[sent] == "'=rent, June" and sorted(labels.values()).count("") == 3
    records: list[dict[str, Any]] = json.loads(_export(wallet_core, "json"))
    assert {r["tx_hash"]: r["label"] for r in records}[sent] == "=rent, June"


def test_the_known_addresses_kept_between_pages_are_what_poisoning_trusts(wallet_core: QenexCore) -> None:
    mine = fill_history(wallet_core, 3)
    wallet_core.contacts.add_contact("Bob", BOB)
    profile_id = wallet_core.auth.require_session().profile_id
    with wallet_core.db.read() as session:
        assert activity_marks.known_to(session, profile_id) == known_addresses(session, profile_id)
    later = to_checksum_address("3a" * 20)
    _incoming(wallet_core, mine, 1, lookalike_of(later), 5)
    assert not any(item.suspicion for item in activity.iterate(wallet_core))  # nobody it resembles yet
    with wallet_core.db.write() as session:  # a send to ``later`` after the first read: read as the next
        session.execute(
            insert(ChainTransaction), [{**_tx(wallet_core, 50, later), "tx_hash": "0x" + "5a" * 32}]
        )
    marked = [item.suspicion for item in activity.iterate(wallet_core) if item.suspicion]
    assert [(m.looks_like, m.who) for m in marked] == [(later, "in your history")]
    with wallet_core.db.read() as session:
        assert activity_marks.known_to(session, profile_id) == known_addresses(session, profile_id)


def _tx(core: QenexCore, number: int, to: str) -> dict[str, Any]:
    from bench.activity_history import _tx as bench_tx

    network = core.chain.network()
    profile_id = core.auth.require_session().profile_id
    mine = core.wallet.addresses(profile_id)[0]
    return bench_tx(network.id, str(network.genesis_hash), profile_id, mine, to, number)


def test_the_next_pages_read_only_the_transactions_after_the_newest_seen(wallet_core: QenexCore) -> None:
    mine = fill_history(wallet_core, 300)
    _incoming(wallet_core, mine, 1, STRANGER, 5)  # a page with a sender to judge
    activity.page(wallet_core, size=50)
    statements = read_statements(wallet_core, lambda: activity.page(wallet_core, size=50))
    history = [(sql, params) for sql, params in statements if "WHERE chain_transactions.id > ?" in sql]
    assert len(history) == 1
    with sqlite3.connect(wallet_core.config.database_path) as raw:
        plan = " | ".join(
            str(row[-1]) for row in raw.execute(f"EXPLAIN QUERY PLAN {history[0][0]}", history[0][1])
        )
    raw.close()
    assert "USING INTEGER PRIMARY KEY (rowid>?)" in plan and history[0][1][0] >= 300
