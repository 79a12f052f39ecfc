"""``qenex network add/edit --explorer-url``: the block explorer behind "Open in explorer" (issue 12,
item 8), set from the command line as in Settings → Networks…; a bad URL is refused at its field."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import STRONG_PASSWORD
from tests.exchange.conftest import Cli
from tests.hardhat_node import free_port


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    run = Cli(tmp_path / "cli-data", capsys, monkeypatch)
    run("profile", "create", "--username", "erin", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    run("login", "--username", "erin", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    return run


def _explorer(cli: Cli, name: str) -> str | None:
    found = [n for n in cli("network", "list")["networks"] if n["name"] == name]
    return found[0]["explorer_url"] if found else "missing"


def test_add_and_edit_set_change_and_remove_the_explorer(cli: Cli) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"  # no node: saved unverified, nothing leaves the machine
    refused = cli(
        "network", "add", "--name", "Later", "--rpc-url", nowhere, "--chain-id", "31337",
        "--explorer-url", "ftp://scan.example", expect=1,
    )  # fmt: skip
    assert refused["error"]["field"] == "explorer_url"
    assert _explorer(cli, "Later") == "missing"  # nothing saved
    added = cli(
        "network", "add", "--name", "Later", "--rpc-url", nowhere, "--chain-id", "31337",
        "--explorer-url", "https://scan.example/",
    )  # fmt: skip
    assert added["network"]["explorer_url"] == "https://scan.example"
    assert _explorer(cli, "Later") == "https://scan.example"
    text = cli("network", "list", as_json=False)
    assert "explorer https://scan.example" in text
    edited = cli("network", "edit", "Later", "--explorer-url", "https://other.example")
    assert edited["network"]["explorer_url"] == "https://other.example"
    cli("network", "edit", "Later", "--name", "Renamed")  # no --explorer-url: kept
    assert _explorer(cli, "Renamed") == "https://other.example"
    cli("network", "edit", "Renamed", "--explorer-url", "")
    assert _explorer(cli, "Renamed") is None
