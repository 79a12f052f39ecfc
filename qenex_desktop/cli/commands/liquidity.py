"""``qenex liquidity add|remove|positions``: provide liquidity and see your pool shares.

Shares are shown in whole LP units (18 decimals), their base units in ``*_units``; ``remove`` takes
``--lp`` (LP units, as shown), ``--shares`` (base units, as ``shares_units``) or ``--percent``.
``--venue chain``: the active network's Uniswap V2 (``cli/chain_liquidity.py``)."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.exchange_format import LP_DECIMALS, lp_text, position_data, position_line, shares
from qenex_desktop.cli.venue_args import add_chain_signing, add_venue
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.exchange import LiquidityResult
from qenex_desktop.core.validation import parse_amount

ACCOUNT_HELP = "default: Main (--venue chain: the wallet address, default the first)"


def register(commands: Any) -> None:
    parser = commands.add_parser("liquidity", help="add or remove liquidity, list your positions")
    sub = parser.add_subparsers(dest="liquidity_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="deposit up to these amounts at the pool's price")
    _pair(add)
    add.add_argument("--amount-a", required=True)
    add.add_argument(
        "--amount-b", help="required on the ledger; --venue chain: left out, the pool's price decides it"
    )
    add.add_argument("--min-a", help="ledger only (default 0)")
    add.add_argument("--min-b", help="ledger only (default 0)")
    add.add_argument("--account", help=ACCOUNT_HELP)
    add_chain_signing(add)
    add.set_defaults(handler=add_liquidity)

    remove = sub.add_parser("remove", help="burn shares for both tokens")
    _pair(remove)
    which = remove.add_mutually_exclusive_group(required=True)
    which.add_argument("--lp", metavar="AMOUNT", help="shares in LP units, as shown (like 0.5)")
    which.add_argument(
        "--shares", metavar="UNITS", help="shares in base units, as shares_units (1 LP = 10^18)"
    )
    which.add_argument("--percent", help="a percentage of your position, like 50")
    remove.add_argument("--min-a", help="ledger only (default 0)")
    remove.add_argument("--min-b", help="ledger only (default 0)")
    remove.add_argument("--account", help=ACCOUNT_HELP)
    add_chain_signing(remove)
    remove.set_defaults(handler=remove_liquidity)

    positions = sub.add_parser("positions", help="your pool shares and what they are worth now")
    positions.add_argument("--account", help=ACCOUNT_HELP)
    add_venue(positions)
    positions.set_defaults(handler=list_positions)


def _pair(parser: argparse.ArgumentParser) -> None:
    add_venue(parser)
    parser.add_argument("--token-a", required=True, metavar="SYMBOL")
    parser.add_argument("--token-b", required=True, metavar="SYMBOL")


def _result(result: LiquidityResult, verb: str) -> CommandResult:
    data = {
        "pool_id": result.pool_id,
        "account": result.account,
        "pair": [result.symbol_a, result.symbol_b],
        "amount_a": result.amount_a_text,
        "amount_a_units": str(result.amount_a),
        "amount_b": result.amount_b_text,
        "amount_b_units": str(result.amount_b),
        **shares(result.shares, "shares"),
        **shares(result.position_shares, "position_shares"),
    }
    return CommandResult(
        data,
        f"{verb} {result.amount_a_text} {result.symbol_a} and {result.amount_b_text} {result.symbol_b} "
        f"({lp_text(result.shares)}); you now hold {lp_text(result.position_shares)}.",
    )


def add_liquidity(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if args.venue == "chain":
        from qenex_desktop.cli import chain_liquidity

        return chain_liquidity.add_liquidity(ctx, args)
    if args.amount_b is None:
        raise ValidationError("Give --amount-b: the most of it you deposit.", field="amount_b")
    result = ctx.core.exchange.add_liquidity(
        args.token_a,
        args.token_b,
        args.amount_a,
        args.amount_b,
        min_a=args.min_a or "0",
        min_b=args.min_b or "0",
        account=args.account,
    )
    return _result(result, "Deposited")


def remove_liquidity(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if args.venue == "chain":
        from qenex_desktop.cli import chain_liquidity

        return chain_liquidity.remove_liquidity(ctx, args)
    result = ctx.core.exchange.remove_liquidity(
        args.token_a,
        args.token_b,
        shares=str(parse_amount(args.lp, LP_DECIMALS, symbol="LP", field="shares"))
        if args.lp is not None
        else args.shares,
        percent=args.percent,
        min_a=args.min_a or "0",
        min_b=args.min_b or "0",
        account=args.account,
    )
    return _result(result, "Withdrew")


def list_positions(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if args.venue == "chain":
        from qenex_desktop.cli import chain_liquidity

        return chain_liquidity.list_positions(ctx, args)
    positions = ctx.core.exchange.positions(args.account)
    lines = [position_line(p) for p in positions]
    return CommandResult(
        {"positions": [position_data(p) for p in positions]}, "\n".join(lines) if lines else "No positions."
    )
