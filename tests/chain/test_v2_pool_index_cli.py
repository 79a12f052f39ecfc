"""``qenex pool index`` (issue 16): the on-chain pools you trade through, indexed from their events,
then listed by ``monitor stats`` next to the ledger's pools; resumable with ``--max-ranges``."""

from __future__ import annotations

from tests.chain.test_cli_chain import Cli, cli
from tests.chain.test_v2_swap_cli import cli_chain
from tests.conftest import STRONG_PASSWORD

__all__ = ["cli", "cli_chain"]


def test_cli_indexes_the_pool_you_swapped_through_and_monitor_stats_lists_it(
    cli_chain: tuple[Cli, dict[str, object]],
) -> None:
    cli, _ = cli_chain
    assert cli("pool", "index")["pools"] == 0  # nothing traded through the router yet
    cli(
        "swap", "exec", "--venue", "chain", "--from", "ETH", "--to", "QXC", "--amount-in", "0.5",
        "--password-stdin", stdin=STRONG_PASSWORD + "\n",
    )  # fmt: skip
    partial = cli("pool", "index", "--max-ranges", "1")
    assert partial["pools"] == 1 and partial["ranges_scanned"] == 1
    rest = cli("pool", "index")
    assert rest["done"] is True and rest["next_block"] == rest["head"] + 1
    assert partial["new_events"] + rest["new_events"] == 2  # the pool's first deposit, then the swap
    [pool] = [p for p in cli("monitor", "stats", "--no-node")["pools"] if p["venue"] == "chain"]
    assert (pool["pair"], pool["network"], pool["swaps"]) == ("QXC/ETH", "Test node", 1)
    assert sorted([pool["volume0"], pool["volume1"]]) == ["0", str(5 * 10**17)]  # ETH paid in
    from qenex_desktop.cli.main import main

    assert main(["--data-dir", str(cli.data_dir), "monitor", "stats", "--no-node"]) == 0
    assert "QXC/ETH (Test node, Uniswap V2)" in cli.capsys.readouterr().out
    refused = cli("pool", "index", "--max-ranges", "0", expect=1)
    assert refused["error"]["field"] == "max_ranges"
