"""``qenex contact add|list|remove`` and ``qenex label export|import``, end to end in one process."""

from __future__ import annotations

import json
from pathlib import Path

from tests.chain.test_cli_chain import Cli, cli  # noqa: F401 (the fixture)

BOB = "0x8ba1f109551bD432803012645Ac136ddd64DBA72"
TX = "0x" + "cd" * 32


def test_contacts_from_the_command_line(cli: Cli) -> None:  # noqa: F811
    added = cli("contact", "add", "--name", "Bob", "--address", BOB.lower(), "--note", "rent")
    assert added["contact"] == {"name": "Bob", "address": BOB, "note": "rent", "networks": []}
    assert [c["name"] for c in cli("contact", "list")["contacts"]] == ["Bob"]
    refused = cli("contact", "add", "--name", "Robert", "--address", BOB, expect=1)
    assert refused["error"]["field"] == "address"
    assert cli("contact", "remove", "bob")["removed"]["address"] == BOB
    assert cli("contact", "list")["contacts"] == []
    assert cli("contact", "remove", "bob", expect=1)["error"]["field"] == "contact"


def test_labels_export_and_import_from_the_command_line(cli: Cli, tmp_path: Path) -> None:  # noqa: F811
    cli("contact", "add", "--name", "Bob", "--address", BOB)
    target = tmp_path / "labels.jsonl"
    assert cli("label", "export", str(target))["labels"] == 1
    assert [json.loads(line) for line in target.read_text().splitlines()] == [
        {"type": "addr", "ref": BOB, "label": "Bob"}
    ]
    assert cli("label", "export", str(target), expect=1)["error"]["field"] == "file"  # never overwrites
    cli("contact", "remove", "Bob")
    incoming = tmp_path / "other-wallet.jsonl"
    incoming.write_text(
        target.read_text() + json.dumps({"type": "tx", "ref": TX, "label": "rent"}) + "\n"
        '{"type": "xpub", "ref": "xpub661MyMwAqRbcF", "label": "cold"}\n',
        encoding="utf-8",
    )
    report = cli("label", "import", str(incoming))
    assert (report["contacts_added"], report["tx_labels"], len(report["skipped"])) == (1, 1, 1)
    assert cli("contact", "list")["contacts"][0]["name"] == "Bob"
