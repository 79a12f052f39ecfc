"""``qenex pool create|list|show``: constant-product pools of the local exchange."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.exchange_format import bps_text, money, pool_data, pool_line
from qenex_desktop.core.amm import DEFAULT_FEE_BPS


def register(commands: Any) -> None:
    parser = commands.add_parser("pool", help="create, list and inspect liquidity pools")
    sub = parser.add_subparsers(dest="pool_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", help="a pool for a token pair, seeded from your account")
    create.add_argument("--token-a", required=True, metavar="SYMBOL")
    create.add_argument("--token-b", required=True, metavar="SYMBOL")
    create.add_argument("--amount-a", required=True)
    create.add_argument("--amount-b", required=True)
    create.add_argument("--fee-bps", default=str(DEFAULT_FEE_BPS), help="1 to 100 (default 30 = 0.3%%)")
    create.add_argument("--account", help="default: Main")
    create.set_defaults(handler=create_pool)

    listing = sub.add_parser("list", help="every pool")
    listing.set_defaults(handler=list_pools)

    show = sub.add_parser("show", help="one pool: reserves, price, your share, volume and fees")
    show.add_argument("tokens", nargs=2, metavar="SYMBOL")
    show.set_defaults(handler=show_pool)


def create_pool(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    result = ctx.core.exchange.create_pool(
        args.token_a, args.token_b, args.amount_a, args.amount_b, fee_bps=args.fee_bps, account=args.account
    )
    data = {
        "pool_id": result.pool_id,
        "pair": [result.symbol_a, result.symbol_b],
        "amount_a": result.amount_a_text,
        "amount_a_units": str(result.amount_a),
        "amount_b": result.amount_b_text,
        "amount_b_units": str(result.amount_b),
        "shares": str(result.shares),
    }
    return CommandResult(
        data,
        f"Pool {result.symbol_a}/{result.symbol_b} created with {result.amount_a_text} {result.symbol_a} "
        f"and {result.amount_b_text} {result.symbol_b}; you hold {result.shares} shares.",
    )


def list_pools(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    pools = ctx.core.exchange.list_pools()
    return CommandResult(
        {"pools": [pool_data(p) for p in pools]},
        "\n".join(pool_line(p) for p in pools) if pools else "No pools yet.",
    )


def show_pool(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    a, b = args.tokens
    exchange = ctx.core.exchange
    pool = exchange.get_pool(a, b)
    day_ago = ctx.core.clock.now_ms() - 24 * 3600 * 1000
    stats = exchange.pool_stats(a, b, since_ms=day_ago)
    data = {
        **pool_data(pool),
        "stats_24h": {
            "swaps": stats.swaps,
            **money(stats.volume0, stats.decimals0, "volume0"),
            **money(stats.volume1, stats.decimals1, "volume1"),
            **money(stats.fees0, stats.decimals0, "fees0"),
            **money(stats.fees1, stats.decimals1, "fees1"),
        },
        "total_swaps": stats.total_swaps,
    }
    s24 = data["stats_24h"]
    text = "\n".join(
        [
            pool_line(pool),
            f"  TVL ~{data['tvl_in_token0']} {pool.symbol0} (both sides at the pool price)",
            f"  24 h: {stats.swaps} swaps, volume {s24['volume0']} {pool.symbol0} + {s24['volume1']} "
            f"{pool.symbol1}, fees {s24['fees0']} {pool.symbol0} + {s24['fees1']} {pool.symbol1}",
            f"  all time: {stats.total_swaps} swaps; fee {bps_text(pool.fee_bps)}",
        ]
    )
    return CommandResult(data, text)
