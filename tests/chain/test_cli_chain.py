"""The wallet, network, chain, qxc and node commands, end to end on the test run's Hardhat node."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from qenex_desktop.cli.commands.chain import tx_line
from qenex_desktop.cli.main import main
from qenex_desktop.core.chain.types import TxInfo
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

RECIPIENT = "0x000000000000000000000000000000000000dEaD"


class Cli:
    def __init__(
        self, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.data_dir = data_dir
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(self, *args: str, stdin: str = "", expect: int = 0) -> dict[str, Any]:
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(["--data-dir", str(self.data_dir), "--json", *args])
        out = self.capsys.readouterr().out
        assert code == expect, out
        return dict(json.loads(out.strip().splitlines()[-1]))


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    run = Cli(tmp_path / "cli-data", capsys, monkeypatch)
    run("profile", "create", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    run("login", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    return run


def test_wallet_commands_and_the_phrase_is_shown_once_and_stored_nowhere(cli: Cli, tmp_path: Path) -> None:
    created = cli("wallet", "create", "--words", "24", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    phrase = created["mnemonic"]
    assert len(phrase.split()) == 24
    listed = cli("wallet", "list")
    assert [a["address"] for a in listed["accounts"]] == [created["account"]["address"]]
    imported = cli(
        "wallet",
        "import",
        "--private-key-stdin",
        stdin="0x" + "ab" * 32 + "\n" + STRONG_PASSWORD + "\n",
    )
    address = imported["accounts"][0]["address"]
    refused = cli(
        "wallet", "import", "--private-key-stdin", stdin="0x" + "cd" * 32 + "\nwrong password 1\n", expect=1
    )
    assert refused["error"]["code"] == "authentication_failed"
    out_file = tmp_path / "exported.json"
    cli(
        "wallet",
        "export",
        "--address",
        address,
        "--output",
        str(out_file),
        "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )
    assert json.loads(out_file.read_text())["version"] == 3
    assert out_file.stat().st_mode & 0o077 == 0
    everything = b"".join(p.read_bytes() for p in cli.data_dir.rglob("*") if p.is_file())
    assert phrase.encode() not in everything
    assert " ".join(phrase.split()[:2]).encode() not in everything
    assert ("ab" * 32).encode() not in everything
    # the exported file imports into another profile's wallet
    other = Cli(tmp_path / "other-data", cli.capsys, cli.monkeypatch)
    other("profile", "create", "--username", "bob", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    other("login", "--username", "bob", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    again = other(
        "wallet", "import", "--keystore", str(out_file), "--password-stdin", stdin=STRONG_PASSWORD + "\n"
    )
    assert again["accounts"][0]["address"] == address


@pytest.mark.hardhat
def test_network_balance_send_and_tx_commands(cli: Cli, hardhat_node: HardhatNode) -> None:
    hardhat_node.set_automine(True)
    listed = cli("network", "list")
    assert [(n["name"], n["rpc_url"], n["chain_id"]) for n in listed["networks"]] == [
        ("Local Hardhat", "http://127.0.0.1:8545", 31337)
    ]
    cli(
        "network", "add", "--name", "Test node", "--rpc-url", hardhat_node.url, "--chain-id", "31337", "--use"
    )
    address = cli("wallet", "create", "--password-stdin", stdin=STRONG_PASSWORD + "\n")["account"]["address"]
    started = cli("node", "start")
    assert started["answering"] and not started["started_here"] and started["qxc_address"]
    assert started["funded"]["eth"] == str(100 * 10**18)
    balance = cli("chain", "balance")
    assets = {b["symbol"]: b for b in balance["accounts"][0]["balances"]}
    assert assets["ETH"]["amount"] == "100" and assets["QXC"]["amount"] == "10000"
    preview = cli("chain", "send", "--asset", "QXC", "--to", RECIPIENT, "--amount", "12.5")
    assert preview["sent"] is False and preview["preview"]["balance_after"] == "9987.5"
    sent = cli(
        "chain",
        "send",
        "--asset",
        "QXC",
        "--to",
        RECIPIENT,
        "--amount",
        "12.5",
        "--yes",
        "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )
    tx = sent["transaction"]
    assert tx["status"] == "confirmed" and tx["amount_units"] == str(125 * 10**17) and tx["to"] == RECIPIENT
    status = cli("chain", "tx", "status", tx["hash"])
    assert status["transaction"]["block"] == tx["block"]
    listed = cli("chain", "tx", "list")["transactions"]  # newest first: the send, then the faucet's two
    assert (listed[0]["hash"], listed[0]["kind"]) == (tx["hash"], "send_token")
    assert sorted((t["kind"], t["symbol"]) for t in listed[1:]) == [("faucet", "ETH"), ("faucet", "QXC")]
    history = cli("chain", "history")
    assert [(t["direction"], t["amount"]) for t in history["transfers"]] == [("out", "12.5"), ("in", "10000")]
    bad = cli("chain", "send", "--asset", "ETH", "--to", RECIPIENT, "--amount", "1000", expect=1)
    assert bad["error"]["code"] == "insufficient_funds"
    node = cli("node", "status")
    assert node["answering"] and node["chain_id"] == 31337 and address


def test_tx_list_lines_name_the_recipient_of_a_send_and_the_contract_of_a_deploy() -> None:
    send = TxInfo(
        tx_hash="0xaa", network="Local Hardhat", kind="send_token", status="confirmed", stale=False,
        from_address=RECIPIENT, to_address="0x5FbDB2315678afecb367f032d93F642f64180aa3", recipient=RECIPIENT,
        asset="0x5FbDB2315678afecb367f032d93F642f64180aa3", symbol="QXC", decimals=18, amount=125 * 10**17,
        nonce=0, gas_limit=60_000, max_fee_per_gas=2, max_priority_fee_per_gas=1, block_number=4,
        gas_used=40_000, fee_paid=80_000, revert_reason=None, contract_address=None, replaces=None,
        replaced_by=None, last_error=None, created_at=0, updated_at=0,
    )  # fmt: skip
    assert tx_line(send) == f"0xaa  confirmed in block 4  send_token 12.5 QXC -> {RECIPIENT}"
    deploy = replace(
        send, kind="deploy", to_address=None, recipient=None, asset="ETH", symbol="ETH", amount=0
    )
    assert tx_line(replace(deploy, contract_address="0x33927283c9E471E800C21a42b33AC9339Ec6314c")) == (
        "0xaa  confirmed in block 4  deploy contract 0x33927283c9E471E800C21a42b33AC9339Ec6314c"
    )
    pending = replace(deploy, status="pending", block_number=None)
    assert tx_line(pending) == "0xaa  pending  deploy contract (not created yet)"
