"""``qenex swap quote|exec``: price or run a swap, exact-in or exact-out, routed over up to 3 pools.

``--venue ledger`` (the default: scripts keep working) trades the local ledger's pools;
``--venue chain`` the active network's Uniswap V2 (``cli/chain_swap.py``)."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.exchange_format import bps_text, swap_data
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.exchange.service import DEFAULT_SLIPPAGE_BPS
from qenex_desktop.core.validation import format_amount, parse_positive_int, parse_slippage_bps


def register(commands: Any) -> None:
    parser = commands.add_parser("swap", help="quote or execute a swap on the local exchange")
    sub = parser.add_subparsers(dest="swap_command", metavar="ACTION", required=True)

    quote = sub.add_parser("quote", help="price a swap without changing anything")
    _pair_and_amount(quote)
    _slippage(quote)
    quote.set_defaults(handler=quote_swap)

    run = sub.add_parser("exec", help="execute: --amount-in with --min-out, or --amount-out with --max-in")
    _pair_and_amount(run)
    run.add_argument("--min-out", help="with --amount-in: refuse if less would come back")
    run.add_argument("--max-in", help="with --amount-out: refuse if it would cost more")
    run.add_argument("--deadline", metavar="SECONDS", default="1200", help="refuse after this long (1200)")
    run.add_argument("--account", help="default: Main (--venue chain: the wallet address, default the first)")
    _slippage(run, "with --venue chain: amountOutMin / amountInMax from it")
    run.add_argument(
        "--unlimited-approval",
        action="store_true",
        help="--venue chain: approve the router for every token, not only this amount (warned)",
    )
    run.add_argument("--password-stdin", action="store_true", help="--venue chain: profile password on stdin")
    run.set_defaults(handler=exec_swap)


def _slippage(parser: argparse.ArgumentParser, note: str = "") -> None:
    parser.add_argument(
        "--slippage",
        default=format_amount(DEFAULT_SLIPPAGE_BPS, 2),
        metavar="PERCENT",
        help="tolerance for the minimum received / maximum sold (default 0.5)"
        + (f"; {note}" if note else ""),
    )


def _pair_and_amount(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--venue",
        choices=("ledger", "chain"),
        default="ledger",
        help="ledger: the local exchange (default); chain: the active network's Uniswap V2",
    )
    parser.add_argument("--from", dest="token_in", required=True, metavar="SYMBOL")
    parser.add_argument("--to", dest="token_out", required=True, metavar="SYMBOL")
    amount = parser.add_mutually_exclusive_group(required=True)
    amount.add_argument("--amount-in", help="pay exactly this much")
    amount.add_argument("--amount-out", help="receive exactly this much")


def quote_swap(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if args.venue == "chain":
        from qenex_desktop.cli.chain_swap import quote_chain

        return quote_chain(ctx, args)
    slippage = parse_slippage_bps(args.slippage)
    quote = ctx.core.exchange.quote_swap(
        args.token_in,
        args.token_out,
        amount_in=args.amount_in,
        amount_out=args.amount_out,
        slippage_bps=slippage,
    )
    limit = (
        f"minimum received {quote.limit_text} {quote.symbol_out}"
        if quote.kind == "exact_in"
        else f"maximum sold {quote.limit_text} {quote.symbol_in}"
    )
    text = "\n".join(
        [
            f"{quote.amount_in_text} {quote.symbol_in} -> {quote.amount_out_text} {quote.symbol_out}",
            f"  route {' -> '.join(quote.path)}; price impact {bps_text(quote.price_impact_bps)}",
            f"  1 {quote.symbol_in} = {quote.effective_price} {quote.symbol_out} (mid {quote.mid_price})",
            f"  {limit} at {bps_text(quote.slippage_bps)} slippage",
        ]
    )
    return CommandResult(swap_data(quote), text)


def exec_swap(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if args.venue == "chain":
        from qenex_desktop.cli.chain_swap import exec_chain

        return exec_chain(ctx, args)
    seconds = parse_positive_int(
        args.deadline, field="deadline", what="The deadline in seconds", maximum=86_400
    )
    deadline_ms = ctx.core.clock.now_ms() + seconds * 1000
    exchange = ctx.core.exchange
    if args.amount_in is not None:
        if args.min_out is None or args.max_in is not None:
            raise ValidationError("With --amount-in, give --min-out (the least you accept).", field="min_out")
        result = exchange.swap_exact_in(
            args.token_in,
            args.token_out,
            args.amount_in,
            args.min_out,
            deadline_ms=deadline_ms,
            account=args.account,
        )
    else:
        if args.max_in is None or args.min_out is not None:
            raise ValidationError("With --amount-out, give --max-in (the most you pay).", field="max_in")
        result = exchange.swap_exact_out(
            args.token_in,
            args.token_out,
            args.amount_out,
            args.max_in,
            deadline_ms=deadline_ms,
            account=args.account,
        )
    return CommandResult(
        swap_data(result),
        f"Swapped {result.amount_in_text} {result.symbol_in} for "
        f"{result.amount_out_text} {result.symbol_out} via {' -> '.join(result.path)} "
        f"(price impact {bps_text(result.price_impact_bps)}).",
    )
