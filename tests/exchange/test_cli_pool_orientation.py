"""The pool and liquidity commands list a pool as the person ordered it and shares in LP units
(issue 12), and ``qenex pool orient`` turns a pool round, as the window's flip does.

Before, a pool created as QXC/USD at 1 QXC = 2 USD was listed "USD/QXC, 1 USD = 0.5 QXC" (the core's
sorted order) and shares came out raw ("you hold 1414213562373095047801 shares")."""

from __future__ import annotations

from sqlalchemy import select

from qenex_desktop.core.db.models import AuditEntry
from tests.exchange.conftest import Cli

MINTED = 1414213562372095  # isqrt(1000e18 QXC * 2000e6 USD) less the 1000 locked for nobody, base units


def test_pool_list_and_show_keep_the_chosen_orientation(market: Cli) -> None:
    (pool,) = market("pool", "list")["pools"]
    assert (pool["pair"], pool["base"], pool["quote"], pool["price"]) == (["QXC", "USD"], "QXC", "USD", "2")
    assert (pool["base_reserve"], pool["quote_reserve"]) == ("1000", "2000")
    assert (pool["tvl"], pool["tvl_units"]) == ("4000", str(4000 * 10**6))  # in USD, the quote
    assert pool["tokens"] == ["USD", "QXC"] and pool["reserve0"] == "2000"  # the core's order, kept
    text = market("pool", "list", as_json=False)
    assert "QXC/USD fee 0.3%: 1000 QXC + 2000 USD, 1 QXC = 2 USD" in text
    shown = market("pool", "show", "USD", "QXC", as_json=False)
    assert shown.splitlines()[0].startswith("#1 QXC/USD")
    assert "TVL ~4000 USD" in shown


def test_shares_are_in_lp_units_with_their_base_units_in_json(market: Cli) -> None:
    (pool,) = market("pool", "list")["pools"]
    my_units = int(pool["my_shares_units"])
    assert my_units == MINTED
    assert pool["my_shares"] == "0.001414213562372095"  # 10^18 base units are 1 LP
    assert (pool["locked_shares"], pool["locked_shares_units"]) == ("0.000000000000001", "1000")
    assert "(0.001414213562372095 LP)" in market("pool", "list", as_json=False)
    (position,) = market("liquidity", "positions")["positions"]
    assert (position["shares"], position["shares_units"]) == (pool["my_shares"], str(my_units))
    assert position["pair"] == ["QXC", "USD"] and position["tokens"] == ["USD", "QXC"]
    assert position["base_value_units"] == position["value1_units"]  # QXC, the core's token1
    text = market("liquidity", "positions", as_json=False)
    assert text.startswith("#1 QXC/USD (Main): 0.001414213562372095 LP, 99.9999% of the pool, worth 999.")
    added = market(
        "liquidity", "add", "--token-a", "QXC", "--token-b", "USD", "--amount-a", "10", "--amount-b", "20"
    )
    assert added["shares"] == "0.00001414213562373"  # 1% of the pool's shares, locked ones too
    assert added["shares_units"] == str((MINTED + 1000) // 100)
    line = market(
        "liquidity", "remove", "--token-a", "QXC", "--token-b", "USD", "--lp", "0.000001", as_json=False
    )
    assert "(0.000001 LP); you now hold 0.001427355697995825 LP." in line
    burned = market("liquidity", "remove", "--token-a", "QXC", "--token-b", "USD", "--shares", "1000000000")
    assert (burned["shares"], burned["shares_units"]) == ("0.000000001", "1000000000")  # base units
    refused = market(
        "liquidity", "remove", "--token-a", "QXC", "--token-b", "USD", "--lp", "0.0000000000000000001",
        expect=1,
    )  # fmt: skip
    assert refused["error"]["field"] == "shares"


def test_pool_orient_turns_a_pool_round_for_every_view(market: Cli) -> None:
    turned = market("pool", "orient", "QXC/USD", "--base", "usd")["pool"]
    assert (turned["pair"], turned["price"], turned["tvl"]) == (["USD", "QXC"], "0.5", "2000")
    (pool,) = market("pool", "list")["pools"]
    assert pool["pair"] == ["USD", "QXC"]  # kept in the ledger
    assert "USD/QXC fee 0.3%: 2000 USD + 1000 QXC, 1 USD = 0.5 QXC" in market("pool", "list", as_json=False)
    text = market("pool", "orient", "1", "--base", "QXC", as_json=False)
    assert "Pool #1 is listed as QXC/USD now: 1 QXC = 2 USD." in text
    again = market("pool", "orient", "#1", "--base", "QXC")  # already so: nothing written
    assert again["pool"]["pair"] == ["QXC", "USD"]
    wrong = market("pool", "orient", "QXC/USD", "--base", "ETH", expect=1)
    assert wrong["error"]["field"] == "base" and "--base QXC or --base USD" in wrong["error"]["message"]
    assert market("pool", "orient", "7", "--base", "QXC", expect=1)["error"]["field"] == "pool"
    assert market("pool", "orient", "QXC", "--base", "QXC", expect=1)["error"]["field"] == "pool"


def test_each_turn_is_one_audit_entry(market: Cli) -> None:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.config import AppConfig

    market("pool", "orient", "USD/QXC", "--base", "USD")
    market("pool", "orient", "USD/QXC", "--base", "USD")
    core = QenexCore(AppConfig(data_dir=market.data_dir))
    try:
        with core.db.read() as session:
            events = session.scalars(select(AuditEntry.event)).all()
    finally:
        core.close()
    assert events.count("exchange.pool_oriented") == 1
