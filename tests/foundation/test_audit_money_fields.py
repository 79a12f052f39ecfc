"""Which audit details are amounts, and of which asset: read from the entries a real core writes
(a swap, a pool, a transfer), so the Audit tab can word them with the token's decimals and symbol
while the stored details stay exact integers."""

from __future__ import annotations

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.audit_trail import BUILT_IN_ASSETS, Asset, money_fields

E18, E6 = 10**18, 10**6


def _details(core: QenexCore, event: str) -> dict[str, object]:
    record = next(r for r in core.audit_trail.page(limit=50) if r.event == event)
    assert record.details is not None
    return record.details


def test_amounts_of_ledger_entries_are_found_with_their_token(logged_in_core: QenexCore) -> None:
    core = logged_in_core
    exchange = core.exchange
    exchange.create_token("GOLD", "Gold", 18, "1000")
    exchange.create_token("USDX", "Dollar", 6, "5000")
    exchange.create_pool("GOLD", "USDX", "100", "400")
    result = exchange.swap_exact_in("GOLD", "USDX", "1", "0.5")
    created = money_fields(_details(core, "exchange.token_created"))
    assert created == {"supply": [(5000 * E6, "USDX")]}  # newest first: the second token
    pool = money_fields(_details(core, "exchange.pool_created"))
    assert pool["amounts"] == [(100 * E18, "GOLD"), (400 * E6, "USDX")]
    assert pool["shares"][0][1] == "LP" and pool["locked_shares"] == [(1000, "LP")]
    swap = money_fields(_details(core, "exchange.swap"))
    assert swap == {
        "amount_in": [(E18, "GOLD")],
        "amount_out": [(result.amount_out, "USDX")],
        "limit": [(E6 // 2, "USDX")],  # exact in: the limit is the least received
    }
    assets = core.audit_trail.assets()
    assert assets["USDX"] == Asset("USDX", 6) and assets["GOLD"] == Asset("GOLD", 18)
    assert assets["ETH"] == BUILT_IN_ASSETS["ETH"]


def test_chain_entries_name_their_asset_and_fees() -> None:
    send = {
        "asset": "0xAbC0000000000000000000000000000000000001",
        "amount": "2500000",
        "max_fee_per_gas": "3000000000",
        "nonce": "7",
        "to": "0x00000000000000000000000000000000000000b0",
    }
    assert money_fields(send) == {
        "amount": [(2_500_000, "0xAbC0000000000000000000000000000000000001")],
        "max_fee_per_gas": [(3 * 10**9, "gwei")],
    }  # the nonce and the address are not amounts
    faucet = {"eth_wei": str(100 * E18), "qxc_units": str(10_000 * E18), "welcome": True}
    assert money_fields(faucet) == {
        "eth_wei": [(100 * E18, "ETH")],
        "qxc_units": [(10_000 * E18, "chain:QXC")],
    }
    assert money_fields(None) == {} and money_fields({"amount": "12", "why": "no asset named"}) == {}
