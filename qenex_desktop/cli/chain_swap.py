"""``qenex swap quote|exec --venue chain``: the network's Uniswap V2, quoted from the pairs' reserves
(one batched round trip) and traded in two tracked transactions: approve (exact by default), swap.

Imported only when ``--venue chain`` is given, so the ledger's swap commands start as fast as before.
"""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.commands.chain import tx_json, tx_line
from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.exchange_format import bps_text, money
from qenex_desktop.core.chain.v2.swap import SwapOutcome, SwapPlan, V2Swaps
from qenex_desktop.core.chain.v2.venue import ChainQuote, V2Venue
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import format_amount, parse_positive_int, parse_slippage_bps

UNLIMITED_WARNING = (
    "WARNING: --unlimited-approval lets the router take every token of this kind this account will "
    "ever hold, not only this swap's amount; revoke it later with approve(router, 0)."
)


def quote_json(quote: ChainQuote) -> dict[str, Any]:
    side_in, side_out = quote.side_in, quote.side_out
    limit_side = side_out if quote.kind == "exact_in" else side_in
    return {
        "venue": "chain",
        "network": quote.network,
        "router": quote.deployment.router,
        "kind": quote.kind,
        "symbol_in": side_in.symbol,
        "symbol_out": side_out.symbol,
        "token_in": side_in.asset,
        "token_out": side_out.asset,
        **money(quote.amount_in, side_in.decimals, "amount_in"),
        **money(quote.amount_out, side_out.decimals, "amount_out"),
        "path": list(quote.path_symbols),
        "path_addresses": list(quote.route.path),
        "amounts_units": [str(a) for a in quote.route.amounts],
        "pairs": [p.pair for p in quote.route.pairs],
        "price_impact_bps": quote.route.price_impact_bps,
        "slippage_bps": quote.slippage_bps,
        **money(quote.limit, limit_side.decimals, "min_out" if quote.kind == "exact_in" else "max_in"),
        "round_trips": quote.route.round_trips,
    }


def quote_text(quote: ChainQuote) -> str:
    side_in, side_out = quote.side_in, quote.side_out
    limit = (
        f"minimum received {format_amount(quote.limit, side_out.decimals)} {side_out.symbol}"
        if quote.kind == "exact_in"
        else f"maximum sold {format_amount(quote.limit, side_in.decimals)} {side_in.symbol}"
    )
    return "\n".join(
        [
            f"{format_amount(quote.amount_in, side_in.decimals)} {side_in.symbol} -> "
            f"{format_amount(quote.amount_out, side_out.decimals)} {side_out.symbol} "
            f"on {quote.network}: Uniswap V2",
            f"  route {' -> '.join(quote.path_symbols)}; "
            f"price impact {bps_text(quote.route.price_impact_bps)}",
            f"  {limit} at {bps_text(quote.slippage_bps)} slippage",
        ]
    )


def quote_chain(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    quote = V2Venue(ctx.core.chain).quote(
        args.token_in,
        args.token_out,
        amount_in=args.amount_in,
        amount_out=args.amount_out,
        slippage_bps=parse_slippage_bps(args.slippage),
    )
    return CommandResult(quote_json(quote), quote_text(quote))


def _plan(ctx: CliContext, args: argparse.Namespace, swaps: V2Swaps) -> SwapPlan:
    if args.min_out is not None or args.max_in is not None:
        raise ValidationError(
            "On --venue chain the limit comes from --slippage (amountOutMin / amountInMax).",
            field="min_out" if args.min_out is not None else "max_in",
        )
    seconds = parse_positive_int(
        args.deadline, field="deadline", what="The deadline in seconds", maximum=86_400
    )
    return swaps.prepare(
        args.token_in,
        args.token_out,
        amount_in=args.amount_in,
        amount_out=args.amount_out,
        slippage_bps=parse_slippage_bps(args.slippage),
        deadline_s=seconds,
        from_address=args.account,
        unlimited_approval=args.unlimited_approval,
    )


def exec_chain(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    swaps = V2Swaps(V2Venue(ctx.core.chain))
    plan = _plan(ctx, args, swaps)
    password = ctx.read_secret_from_stdin("profile password") if args.password_stdin else None
    outcome = swaps.execute(plan, password=password)
    return _result(outcome)


def _result(outcome: SwapOutcome) -> CommandResult:
    plan, swap = outcome.plan, outcome.swap
    quote = plan.quote
    data: dict[str, Any] = {
        **quote_json(quote),
        "deadline": plan.deadline,
        "approval": tx_json(outcome.approval) if outcome.approval else None,
        "approval_unlimited": plan.unlimited,
        "swap": tx_json(swap),
        "received_units": None if outcome.received is None else str(outcome.received),
    }
    lines = []
    if plan.unlimited:
        lines.append(UNLIMITED_WARNING)
        data["warning"] = UNLIMITED_WARNING
    if outcome.approval is not None:
        lines.append("1. Approved: " + tx_line(outcome.approval))
    lines.append(("2. " if outcome.approval is not None else "") + "Swap: " + tx_line(swap))
    if swap.status == "confirmed" and outcome.received is not None:
        side = quote.side_out
        lines.append(f"Received {format_amount(outcome.received, side.decimals)} {side.symbol}.")
        return CommandResult(data, "\n".join(lines))
    if swap.status == "pending":
        lines.append(f"Still pending: qenex chain tx status {swap.tx_hash} settles it.")
        return CommandResult(data, "\n".join(lines))
    reason = f": {swap.revert_reason}" if swap.revert_reason else ""
    lines.append(f"The swap {swap.status}{reason}. Nothing was traded (the network fee was paid).")
    return CommandResult(data, "\n".join(lines), exit_code=1)
