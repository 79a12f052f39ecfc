"""``qenex chain tx speed-up|cancel``: the fees are shown first, like ``chain send``; only ``--yes``
signs, and it signs with exactly the fees that were shown for the chosen ``--speed``."""

from __future__ import annotations

from tests.chain.test_cli_chain import Cli, cli
from tests.conftest import STRONG_PASSWORD
from tests.hardhat_node import HardhatNode

__all__ = ["cli"]
RECIPIENT = "0x000000000000000000000000000000000000dEaD"


def test_speed_up_shows_the_fees_first_and_signs_only_with_yes(cli: Cli, hardhat_node: HardhatNode) -> None:
    hardhat_node.set_automine(True)
    cli(
        "network", "add", "--name", "Test node", "--rpc-url", hardhat_node.url, "--chain-id", "31337", "--use"
    )
    cli("wallet", "create", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    cli("node", "start")
    hardhat_node.set_automine(False)
    try:
        sent = cli(
            "chain", "send", "--asset", "ETH", "--to", RECIPIENT, "--amount", "1", "--yes",
            "--password-stdin", stdin=STRONG_PASSWORD + "\n",
        )  # fmt: skip
        pending = sent["transaction"]
        assert pending["status"] == "pending"

        review = cli("chain", "tx", "speed-up", pending["hash"], "--speed", "fast")
        assert review["sent"] is False and "transaction" not in review
        shown = review["preview"]
        assert shown["speed"] == "fast" and shown["cancel"] is False
        assert int(shown["max_fee_per_gas"]) > int(shown["old_max_fee_per_gas"])
        assert int(shown["max_priority_fee_per_gas"]) > int(shown["old_max_priority_fee_per_gas"])
        assert (
            cli("chain", "tx", "status", pending["hash"])["transaction"]["status"] == "pending"
        )  # untouched

        done = cli(
            "chain", "tx", "speed-up", pending["hash"], "--speed", "fast", "--yes", "--password-stdin",
            stdin=STRONG_PASSWORD + "\n",
        )  # fmt: skip
        assert done["sent"] is True
        replacement = done["transaction"]
        assert replacement["hash"] != pending["hash"]
        assert replacement["max_fee_per_gas"] == done["preview"]["max_fee_per_gas"]  # what was shown
        assert replacement["max_priority_fee_per_gas"] == done["preview"]["max_priority_fee_per_gas"]
        refused = cli("chain", "tx", "cancel", pending["hash"], expect=1)  # it was replaced already
        assert refused["ok"] is False
    finally:
        hardhat_node.set_automine(True)
