"""``qenex chain send`` with fee presets, custom fees and the simulated preview (issue 15)."""

from __future__ import annotations

import pytest

from tests.chain.test_cli_chain import RECIPIENT, Cli, cli  # noqa: F401  (the fixture)
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

pytestmark = pytest.mark.hardhat
SEND = ("chain", "send", "--to", RECIPIENT)


def test_send_fee_choices_and_a_reverting_send_exits_1_unsigned(cli: Cli, hardhat_node: HardhatNode) -> None:  # noqa: F811
    hardhat_node.set_automine(True)
    cli(
        "network", "add", "--name", "Test node", "--rpc-url", hardhat_node.url, "--chain-id", "31337", "--use"
    )
    cli("wallet", "create", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    cli("node", "start")  # QXC on this chain, and 100 ETH + 10,000 QXC for the account

    for extra in ((), ("--yes", "--password-stdin")):
        refused = cli(
            *SEND, "--asset", "QXC", "--amount", "20000", *extra, stdin=STRONG_PASSWORD + "\n", expect=1
        )
        assert refused["error"]["code"] == "reverted"
        assert "ERC20InsufficientBalance" in refused["error"]["message"]
        assert "the account holds 10000 QXC; this needs 20000 QXC" in refused["error"]["message"]
        assert "Nothing was" in refused["error"]["message"]
    assert {t["kind"] for t in cli("chain", "tx", "list")["transactions"]} == {"faucet"}  # nothing signed

    fast = cli(*SEND, "--asset", "QXC", "--amount", "1", "--fee", "fast")["preview"]
    assert fast["fee"] == "fast" and [p["speed"] for p in fast["fee_presets"]] == ["slow", "market", "fast"]
    assert fast["max_fee_per_gas"] == fast["fee_presets"][2]["max_fee_per_gas"]
    assert fast["call"]["kind"] == "transfer" and fast["call"]["target"] == RECIPIENT
    assert fast["simulation"] == {"reverted": False, "reason": None, "explanation": None}
    assert [c["symbol"] for c in fast["balance_changes"]] == ["ETH", "QXC"]

    own = ("--max-fee-gwei", "50", "--priority-fee-gwei", "2.5")
    sent = cli(
        *SEND,
        "--asset",
        "ETH",
        "--amount",
        "1",
        *own,
        "--yes",
        "--password-stdin",
        stdin=STRONG_PASSWORD + "\n",
    )
    tx = sent["transaction"]
    assert (tx["max_fee_per_gas"], tx["max_priority_fee_per_gas"]) == ("50000000000", "2500000000")
    both = cli(*SEND, "--asset", "ETH", "--amount", "1", "--fee", "slow", *own, expect=1)
    assert both["error"]["field"] == "fee"
    half = cli(*SEND, "--asset", "ETH", "--amount", "1", "--max-fee-gwei", "50", expect=1)
    assert half["error"]["field"] == "priority_fee"
