"""The exchange commands end to end: ``--json`` out, decimal text and base units, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from qenex_desktop.cli.main import main
from tests.exchange.conftest import Cli
from tests.exchange.test_legacy_import import write_defi_db


def test_token_account_balance_commands(cli: Cli) -> None:
    created = cli(
        "token",
        "create",
        "--symbol",
        "usd",
        "--name",
        "Dollar",
        "--decimals",
        "6",
        "--supply",
        "1000.5",
        "--max-supply",
        "2000",
    )
    assert created["symbol"] == "USD"
    assert (created["total_supply"], created["total_supply_units"]) == ("1000.5", "1000500000")
    assert cli("account", "create", "Trading")["kind"] == "own"
    assert cli("account", "create", "Bob", "--counterparty")["kind"] == "counterparty"
    assert [a["name"] for a in cli("account", "list")["accounts"]] == ["Main", "Trading", "Bob"]
    sent = cli("token", "transfer", "--token", "USD", "--from", "Main", "--to", "Bob", "--amount", "0.5")
    assert sent["amount_units"] == "500000"
    minted = cli("token", "mint", "--token", "USD", "--amount", "999.5")
    assert minted["total_supply"] == "2000"
    burned = cli("token", "burn", "--token", "USD", "--amount", "1")
    assert burned["total_supply_units"] == "1999000000"
    balances = cli("balance")["balances"]
    assert balances == [
        {"account": "Main", "symbol": "USD", "amount": "1998.5", "amount_units": "1998500000"}
    ]
    assert cli("balance", "--account", "Bob")["balances"][0]["amount"] == "0.5"
    tokens = cli("token", "list")["tokens"]
    assert tokens[0]["max_supply"] == "2000" and tokens[0]["creator"] == "alice"


def test_refusals_exit_1_with_the_field(cli: Cli) -> None:
    cli("token", "create", "--symbol", "USD", "--name", "Dollar", "--decimals", "6", "--supply", "10")
    refused = cli(
        "token", "transfer", "--token", "USD", "--from", "Main", "--to", "Main", "--amount", "1", expect=1
    )
    assert refused["error"]["field"] == "to_account"
    refused = cli("token", "mint", "--token", "USD", "--amount", "1.0000001", expect=1)
    assert refused["error"] == {
        "code": "invalid_input",
        "message": "USD has 6 decimals; this amount has 7.",
        "field": "amount",
    }
    refused = cli(
        "token", "create", "--symbol", "X", "--name", "X", "--decimals", "37", "--supply", "1", expect=1
    )
    assert refused["error"]["field"] == "decimals"


def test_a_malformed_command_line_exits_2(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(cli.data_dir), "swap", "quote", "--from", "USD", "--to", "QXC"])
    assert caught.value.code == 2
    assert "--amount-in" in capsys.readouterr().err


def test_pool_swap_and_liquidity_commands(market: Cli) -> None:
    pools = market("pool", "list")["pools"]
    assert pools[0]["pair"] == ["QXC", "USD"] and pools[0]["price"] == "2"  # as created: QXC/USD
    assert pools[0]["tokens"] == ["USD", "QXC"] and pools[0]["price0"] == "0.5"  # the core's order
    quote = market("swap", "quote", "--from", "USD", "--to", "QXC", "--amount-in", "100", "--slippage", "1")
    assert quote["path"] == ["USD", "QXC"]
    assert quote["amount_out_units"] == "47482973758155927037"  # amm.get_amount_out(100e6, 2000e6, 1000e18)
    assert quote["price_impact_bps"] == 503
    done = market(
        "swap",
        "exec",
        "--from",
        "USD",
        "--to",
        "QXC",
        "--amount-in",
        "100",
        "--min-out",
        quote["limit"],
        "--deadline",
        "30",
    )
    assert done["amount_out_units"] == quote["amount_out_units"]
    slipped = market(
        "swap", "exec", "--from", "USD", "--to", "QXC", "--amount-in", "100", "--min-out", "1000", expect=1
    )
    assert slipped["error"]["code"] == "slippage"
    exact_out = market("swap", "exec", "--from", "QXC", "--to", "USD", "--amount-out", "10", "--max-in", "6")
    assert exact_out["amount_out"] == "10"
    mixed = market(
        "swap", "exec", "--from", "QXC", "--to", "USD", "--amount-out", "10", "--min-out", "6", expect=1
    )
    assert mixed["error"]["field"] == "max_in"
    added = market(
        "liquidity", "add", "--token-a", "USD", "--token-b", "QXC", "--amount-a", "100", "--amount-b", "100"
    )
    assert added["amount_a"] == "100"
    positions = market("liquidity", "positions")["positions"]
    assert positions[0]["pair"] == ["QXC", "USD"]
    removed = market("liquidity", "remove", "--token-a", "QXC", "--token-b", "USD", "--percent", "50")
    assert int(removed["shares_units"]) == int(positions[0]["shares_units"]) // 2
    shown = market("pool", "show", "QXC", "USD")
    assert shown["stats_24h"]["swaps"] == 2
    assert shown["stats_24h"]["volume0"] == "100"
    assert shown["stats_24h"]["fees0"] == "0.3"


def test_human_output_reads_well(market: Cli) -> None:
    text = market("swap", "quote", "--from", "USD", "--to", "QXC", "--amount-in", "100", as_json=False)
    assert "100 USD -> 47.482973758155927037 QXC" in text
    assert "price impact 5.03%" in text
    text = market("pool", "list", as_json=False)
    assert "QXC/USD fee 0.3%" in text


def test_import_legacy_command(cli: Cli, tmp_path: Path) -> None:
    source = write_defi_db(tmp_path / "defi.db")
    dry = cli("import-legacy", "--defi-db", str(source), "--dry-run")
    assert dry["dry_run"] is True and dry["problems"] == []
    assert cli("token", "list")["tokens"] == []
    done = cli("import-legacy", "--defi-db", str(source))
    assert done["counts"]["pools"] == 1
    again = cli("import-legacy", "--defi-db", str(source), expect=1)
    assert again["error"]["code"] == "import_failed"
    assert "imported before" in again["error"]["message"]
