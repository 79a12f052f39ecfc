"""``qenex pool create|list|show|orient``: constant-product pools of the local exchange.

Pools are listed as the person ordered them ("QXC/USD": 1 QXC priced in USD); ``orient`` turns one
round for every view (the window's flip), nothing of its money changes. Shares are in LP units.
``list`` and ``create`` take ``--venue chain``: the active network's Uniswap V2
(``cli/chain_liquidity.py``)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.exchange_format import bps_text, lp_text, money, pool_data, pool_line, shares
from qenex_desktop.cli.venue_args import add_chain_signing, add_venue
from qenex_desktop.core.amm import DEFAULT_FEE_BPS
from qenex_desktop.core.errors import NotFoundError, ValidationError
from qenex_desktop.core.validation import parse_symbol

if TYPE_CHECKING:
    from qenex_desktop.core.exchange import ExchangeService


def register(commands: Any) -> None:
    parser = commands.add_parser("pool", help="create, list and inspect liquidity pools")
    sub = parser.add_subparsers(dest="pool_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", help="a pool for a token pair, seeded from your account")
    create.add_argument("--token-a", required=True, metavar="SYMBOL")
    create.add_argument("--token-b", required=True, metavar="SYMBOL")
    create.add_argument("--amount-a", required=True)
    create.add_argument("--amount-b", required=True)
    create.add_argument("--fee-bps", default=str(DEFAULT_FEE_BPS), help="1 to 100 (default 30 = 0.3%%)")
    create.add_argument(
        "--account", help="default: Main (--venue chain: the wallet address, default the first)"
    )
    add_venue(create)
    add_chain_signing(create)
    create.set_defaults(handler=create_pool)

    listing = sub.add_parser("list", help="every pool")
    add_venue(listing)
    listing.set_defaults(handler=list_pools)

    show = sub.add_parser("show", help="one pool: reserves, price, your share, volume and fees")
    show.add_argument("tokens", nargs=2, metavar="SYMBOL")
    show.set_defaults(handler=show_pool)

    index = sub.add_parser(
        "index",
        help="index the on-chain pools you trade or provide to from their events (for monitor stats)",
    )
    index.add_argument(
        "--max-ranges", type=int, default=None, metavar="N", help="stop after N block ranges (resumable)"
    )
    index.set_defaults(handler=index_pools)

    orient = sub.add_parser(
        "orient", help="list a pool the other way round (which token is priced in the other), for every view"
    )
    orient.add_argument("pool", metavar="POOL", help="the pair (QXC/USD, in either order) or the pool's id")
    orient.add_argument(
        "--base", required=True, metavar="SYMBOL", help="the token priced in the other: 1 BASE = x QUOTE"
    )
    orient.set_defaults(handler=orient_pool)


def create_pool(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if args.venue == "chain":
        from qenex_desktop.cli import chain_liquidity

        return chain_liquidity.create_pool(ctx, args)
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
        **shares(result.shares, "shares"),
    }
    return CommandResult(
        data,
        f"Pool {result.symbol_a}/{result.symbol_b} created with {result.amount_a_text} {result.symbol_a} "
        f"and {result.amount_b_text} {result.symbol_b}; you hold {lp_text(result.shares)}.",
    )


def list_pools(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if args.venue == "chain":
        from qenex_desktop.cli import chain_liquidity

        return chain_liquidity.list_pools(ctx, args)
    pools = ctx.core.exchange.list_pools()
    return CommandResult(
        {"pools": [pool_data(p) for p in pools]},
        "\n".join(pool_line(p) for p in pools) if pools else "No pools yet.",
    )


def index_pools(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    """The active network's Uniswap V2 pairs on your router calls, indexed from their Sync, Swap,
    Mint and Burn events (``core.chain.v2.pool_index``): resumable, each range its own commit."""
    from qenex_desktop.core.chain.v2.pool_index import PoolIndex
    from qenex_desktop.core.chain.v2.venue import V2Venue

    if args.max_ranges is not None and args.max_ranges < 1:
        raise ValidationError("--max-ranges is at least 1.", field="max_ranges")
    progress = PoolIndex(V2Venue(ctx.core.chain)).index(max_ranges=args.max_ranges)
    data = {
        "pools": progress.pools,
        "head": progress.head,
        "ranges_scanned": progress.ranges_scanned,
        "new_events": progress.new_events,
        "next_block": progress.lowest_block,
        "done": progress.done,
    }
    where = (
        f"to block {progress.head}"
        if progress.done
        else f"to block {progress.lowest_block - 1} of {progress.head} (run it again to go on)"
    )
    text = f"{progress.pools} on-chain pools indexed {where}: {progress.new_events} new events."
    return CommandResult(data, text)


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
    sides = [("volume0", "fees0", pool.symbol0), ("volume1", "fees1", pool.symbol1)]
    if not pool.base_is_token0:
        sides.reverse()
    s24 = data["stats_24h"]
    volume = " + ".join(f"{s24[v]} {symbol}" for v, _f, symbol in sides)
    fees = " + ".join(f"{s24[f]} {symbol}" for _v, f, symbol in sides)
    text = "\n".join(
        [
            pool_line(pool),
            f"  TVL ~{data['tvl']} {pool.quote_symbol} (both sides at the pool price)",
            f"  24 h: {stats.swaps} swaps, volume {volume}, fees {fees}",
            f"  all time: {stats.total_swaps} swaps; fee {bps_text(pool.fee_bps)}",
        ]
    )
    return CommandResult(data, text)


def _pair_of(exchange: ExchangeService, text: str) -> tuple[str, str]:
    """The pool's two symbols from "QXC/USD" (either order) or its id ("3", "#3")."""
    wanted = text.strip().removeprefix("#")
    if wanted.isascii() and wanted.isdigit():
        found = next((p for p in exchange.list_pools() if str(p.id) == wanted.lstrip("0")), None)
        if found is None:
            raise NotFoundError(f"No pool with id {wanted}: qenex pool list shows them.", field="pool")
        return found.symbol0, found.symbol1
    parts = wanted.split("/")
    if len(parts) != 2:
        raise ValidationError("Name the pool by its pair (QXC/USD) or its id (3).", field="pool")
    return parse_symbol(parts[0], field="pool"), parse_symbol(parts[1], field="pool")


def orient_pool(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    exchange = ctx.core.exchange
    first, second = _pair_of(exchange, args.pool)
    base = parse_symbol(args.base, field="base")
    if base not in (first, second):
        raise ValidationError(
            f"{base} is not in the {first}/{second} pool: give --base {first} or --base {second}.",
            field="base",
        )
    quote = second if base == first else first
    pool = exchange.orient_pool(base, quote)
    return CommandResult(
        {"pool": pool_data(pool)},
        f"Pool #{pool.id} is listed as {pool.base_symbol}/{pool.quote_symbol} now: "
        f"1 {pool.base_symbol} = {pool.base_price} {pool.quote_symbol}.",
    )
