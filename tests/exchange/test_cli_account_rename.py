"""``qenex account rename OLD NEW`` (issue 13): the core's rename from the command line, its
balances kept, Main refused with exit 1 and the field, the human line terminal-safe."""

from __future__ import annotations

from tests.exchange.conftest import Cli


def test_rename_keeps_the_balances_and_lists_the_new_name(market: Cli) -> None:
    market("account", "create", "Savings")
    market("token", "transfer", "--token", "USD", "--from", "Main", "--to", "Savings", "--amount", "12.5")
    renamed = market("account", "rename", "Savings", "Rainy day")
    assert renamed == {"ok": True, "name": "Rainy day", "previous": "Savings", "kind": "own"}
    assert [a["name"] for a in market("account", "list")["accounts"]] == ["Main", "Rainy day"]
    held = market("balance", "--account", "Rainy day")["balances"]
    assert [(b["symbol"], b["amount_units"]) for b in held] == [("USD", "12500000")]
    refused = market("balance", "--account", "Savings", expect=1)
    assert refused["error"]["field"] == "account"


def test_main_keeps_its_name_and_nothing_changes(cli: Cli) -> None:
    cli("account", "create", "Bob", "--counterparty")
    refused = cli("account", "rename", "Main", "Everyday", expect=1)
    assert refused["error"]["field"] == "account"
    taken = cli("account", "rename", "Bob", "Main", expect=1)
    assert taken["error"]["field"] == "new_name"
    missing = cli("account", "rename", "Nobody", "Somebody", expect=1)
    assert missing["error"]["field"] == "account"
    assert [a["name"] for a in cli("account", "list")["accounts"]] == ["Bob"]


def test_the_human_line_names_both(cli: Cli) -> None:
    cli("account", "create", "Bob", "--counterparty")
    out = cli("account", "rename", "Bob", "Bob Jones", as_json=False)
    assert out.strip() == "Account Bob is now Bob Jones (counterparty)."
