"""BIP-329 label export and import: one JSON object a line, addr and tx records, round-trip."""

from __future__ import annotations

import json

import pytest

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.contacts import bip329
from qenex_desktop.core.errors import ValidationError
from tests.conftest import STRONG_PASSWORD

BOB = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
CAROL = "0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B"
TX = "0x" + "12" * 32


def _labels(lines: list[str]) -> set[tuple[str, str, str]]:
    return {(r["type"], r["ref"], r["label"]) for r in map(json.loads, lines)}


def test_export_then_import_into_a_fresh_profile_round_trips_every_label(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    own = core.wallet.create(password=STRONG_PASSWORD, name="Savings").account.address
    core.contacts.add_contact("Bob", BOB)
    core.contacts.add_contact("Carol — café", CAROL)
    core.contacts.set_tx_label(TX, "rent")
    lines = bip329.export_lines(core.contacts)
    records = [json.loads(line) for line in lines]
    assert all(set(r) == {"type", "ref", "label"} for r in records)  # no spendable on addr/tx
    exported = _labels(lines)
    assert exported == {
        ("addr", own, "Savings"),
        ("addr", BOB, "Bob"),
        ("addr", CAROL, "Carol — café"),
        ("tx", TX, "rent"),
    }

    core.auth.logout()
    core.auth.create_profile("fresh", STRONG_PASSWORD)
    core.auth.login("fresh", STRONG_PASSWORD)
    assert bip329.export_lines(core.contacts) == []
    report = bip329.import_text(core.contacts, "\n".join(lines) + "\n")
    assert (report.contacts_added, report.tx_labels, report.skipped) == (3, 1, [])
    assert _labels(bip329.export_lines(core.contacts)) == exported
    again = bip329.import_text(core.contacts, "\n".join(lines))
    assert (again.applied, again.unchanged) == (0, 4)


def test_an_own_account_is_renamed_and_other_types_are_skipped(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    own = core.wallet.create(password=STRONG_PASSWORD).account.address
    text = "\n".join(
        [
            json.dumps({"type": "addr", "ref": own.lower(), "label": "Daily"}),
            json.dumps({"type": "tx", "ref": "34" * 32, "label": "from a Bitcoin wallet's txid form"}),
            json.dumps({"type": "output", "ref": "f91d0a8a:0", "label": "coin", "spendable": False}),
            json.dumps({"type": "addr", "ref": "bc1q34aq5drpuwy3wgl9lhup9892qp6svr8ldzywy", "label": "btc"}),
            json.dumps({"type": "addr", "ref": BOB}),
        ]
    )
    report = bip329.import_text(core.contacts, text)
    assert (report.accounts_renamed, report.tx_labels, len(report.skipped)) == (1, 1, 3)
    assert core.wallet.accounts()[0].name == "Daily"
    assert core.contacts.tx_labels() == {"0x" + "34" * 32: "from a Bitcoin wallet's txid form"}


@pytest.mark.parametrize(
    "bad", ["not json", json.dumps({"ref": BOB}), json.dumps({"type": "wallet", "ref": "x"})]
)
def test_a_malformed_line_refuses_the_whole_file(logged_in_core: QenexCore, bad: str) -> None:
    good = json.dumps({"type": "addr", "ref": BOB, "label": "Bob"})
    with pytest.raises(ValidationError) as refused:
        bip329.import_text(logged_in_core.contacts, good + "\n" + bad)
    assert "Line 2" in refused.value.message
    assert logged_in_core.contacts.contacts() == []
