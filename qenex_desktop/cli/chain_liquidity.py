"""``qenex pool list|create`` and ``qenex liquidity add|remove|positions`` with ``--venue chain``:
the active network's Uniswap V2 pools (``core.chain.v2.liquidity.V2Liquidity``).

A deposit goes in at the pool's price (``--amount-b`` left out: the price decides it; given: up to
both amounts, as the router's ``addLiquidity``), with minimums from ``--slippage`` and a deadline on
the chain's clock; a removal burns ``--percent`` of your LP tokens, or ``--lp``/``--shares`` of
them. Each token the router takes is approved first for exactly that amount (the LP token too, for
a removal); the approvals and the router call are tracked like sends (``qenex chain tx list``).
Imported only when ``--venue chain`` is given.
"""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.commands.chain import tx_json, tx_line
from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.exchange_format import LP_DECIMALS, bps_text, lp_text, money, shares
from qenex_desktop.core import amm
from qenex_desktop.core.chain.types import TxInfo
from qenex_desktop.core.chain.v2.liquidity import LiquidityPlan, Position, V2Liquidity
from qenex_desktop.core.chain.v2.swap import V2Swaps
from qenex_desktop.core.chain.v2.venue import V2Venue
from qenex_desktop.core.errors import ValidationError
from qenex_desktop.core.validation import (
    format_amount,
    parse_amount,
    parse_int,
    parse_percent_bps,
    parse_positive_int,
    parse_slippage_bps,
)


def _liquidity(ctx: CliContext) -> V2Liquidity:
    return V2Liquidity(V2Swaps(V2Venue(ctx.core.chain)))


def _no_ledger_limits(args: argparse.Namespace) -> None:
    for name in ("min_a", "min_b"):
        if getattr(args, name, None) is not None:
            raise ValidationError(
                "On --venue chain the minimums come from --slippage (amountAMin / amountBMin).", field=name
            )


def _deadline(args: argparse.Namespace) -> int:
    return parse_positive_int(args.deadline, field="deadline", what="The deadline in seconds", maximum=86_400)


def position_json(p: Position) -> dict[str, Any]:
    share_bps = p.shares * amm.BPS // p.total_supply if p.total_supply else 0
    return {
        "venue": "chain",
        "pair_address": p.pair,
        "pair": [p.side_a.symbol, p.side_b.symbol],
        "tokens": [p.side_a.asset, p.side_b.asset],
        **money(p.reserve_a, p.side_a.decimals, "reserve_a"),
        **money(p.reserve_b, p.side_b.decimals, "reserve_b"),
        **shares(p.total_supply, "total_shares"),
        **shares(p.shares, "my_shares"),
        "my_share_bps": share_bps,
        **money(p.amount_a, p.side_a.decimals, "amount_a"),
        **money(p.amount_b, p.side_b.decimals, "amount_b"),
    }


def _price(p: Position) -> str:
    if p.reserve_a == 0:
        return "-"
    units = p.reserve_b * 10**p.side_a.decimals // p.reserve_a  # 1 A in B's base units
    return format_amount(units, p.side_b.decimals)


def pool_line(p: Position) -> str:
    a, b = p.side_a, p.side_b
    share_bps = p.shares * amm.BPS // p.total_supply if p.total_supply else 0
    return (
        f"{a.symbol}/{b.symbol} {p.pair} fee 0.3%: {format_amount(p.reserve_a, a.decimals)} {a.symbol} + "
        f"{format_amount(p.reserve_b, b.decimals)} {b.symbol}, 1 {a.symbol} = {_price(p)} {b.symbol}, "
        f"yours {bps_text(share_bps)} ({lp_text(p.shares)})"
    )


def position_line(p: Position) -> str:
    a, b = p.side_a, p.side_b
    return (
        f"{a.symbol}/{b.symbol} {p.pair}: {lp_text(p.shares)} of {lp_text(p.total_supply)} = "
        f"{format_amount(p.amount_a, a.decimals)} {a.symbol} + "
        f"{format_amount(p.amount_b, b.decimals)} {b.symbol}"
    )


def list_pools(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    pools = _liquidity(ctx).pools()
    network = ctx.core.chain.network().name
    return CommandResult(
        {"venue": "chain", "network": network, "pools": [position_json(p) for p in pools]},
        "\n".join(pool_line(p) for p in pools)
        if pools
        else f"No Uniswap V2 pools among your tokens on {network}.",
    )


def list_positions(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    positions = _liquidity(ctx).positions(args.account)
    return CommandResult(
        {"venue": "chain", "positions": [position_json(p) for p in positions]},
        "\n".join(position_line(p) for p in positions) if positions else "No positions.",
    )


def create_pool(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    if parse_int(args.fee_bps, field="fee_bps", what="The pool fee in basis points") != amm.DEFAULT_FEE_BPS:
        raise ValidationError("Uniswap V2 pools all have the 0.3% fee (--fee-bps 30).", field="fee_bps")
    liquidity = _liquidity(ctx)
    plan = liquidity.prepare_add(
        args.token_a, args.token_b, args.amount_a, args.amount_b,
        slippage_bps=parse_slippage_bps(args.slippage), deadline_s=_deadline(args), from_address=args.account,
    )  # fmt: skip
    if plan.pool.pair is not None:
        raise ValidationError(
            f"{plan.side_a.symbol}/{plan.side_b.symbol} has a pool already: add to it with qenex liquidity "
            "add --venue chain.",
            field="token_b",
        )
    return _run(ctx, liquidity, plan, args, "Created the pool with")


def add_liquidity(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    _no_ledger_limits(args)
    liquidity = _liquidity(ctx)
    plan = liquidity.prepare_add(
        args.token_a, args.token_b, args.amount_a, args.amount_b,
        slippage_bps=parse_slippage_bps(args.slippage), deadline_s=_deadline(args), from_address=args.account,
    )  # fmt: skip
    return _run(ctx, liquidity, plan, args, "Deposited")


def remove_liquidity(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    _no_ledger_limits(args)
    exact: int | None = None
    share_bps = amm.BPS
    if args.percent is not None:
        share_bps = parse_percent_bps(args.percent)
    elif args.lp is not None:
        exact = parse_amount(args.lp, LP_DECIMALS, symbol="LP", field="shares")
    else:
        exact = parse_int(args.shares, field="shares", what="The shares in base units", minimum=1)
    liquidity = _liquidity(ctx)
    plan = liquidity.prepare_remove(
        args.token_a, args.token_b, share_bps=share_bps, shares=exact,
        slippage_bps=parse_slippage_bps(args.slippage), deadline_s=_deadline(args), from_address=args.account,
    )  # fmt: skip
    return _run(ctx, liquidity, plan, args, "Withdrew")


def plan_json(plan: LiquidityPlan) -> dict[str, Any]:
    a, b = plan.side_a, plan.side_b
    return {
        "venue": "chain",
        "kind": plan.kind,
        "router": plan.deployment.router,
        "pair_address": plan.pool.pair,
        "pair": [a.symbol, b.symbol],
        "tokens": [a.asset, b.asset],
        "account": plan.sender,
        **money(plan.amount_a, a.decimals, "amount_a"),
        **money(plan.amount_b, b.decimals, "amount_b"),
        **money(plan.min_a, a.decimals, "min_a"),
        **money(plan.min_b, b.decimals, "min_b"),
        **shares(plan.shares, "shares"),
        "deadline": plan.deadline,
    }


def _run(
    ctx: CliContext, liquidity: V2Liquidity, plan: LiquidityPlan, args: argparse.Namespace, verb: str
) -> CommandResult:
    password = ctx.read_secret_from_stdin("profile password") if args.password_stdin else None
    approvals, done = liquidity.execute(plan, password=password)
    return _result(plan, approvals, done, verb)


def _result(plan: LiquidityPlan, approvals: list[TxInfo], done: TxInfo, verb: str) -> CommandResult:
    a, b = plan.side_a, plan.side_b
    data = {
        **plan_json(plan),
        "approvals": [tx_json(tx) for tx in approvals],
        "transaction": tx_json(done),
    }
    lines = [f"{n}. Approved: {tx_line(tx)}" for n, tx in enumerate(approvals, start=1)]
    step = f"{len(approvals) + 1}. " if approvals else ""
    lines.append(f"{step}{'Add' if plan.kind == 'add' else 'Remove'} liquidity: {tx_line(done)}")
    amounts = (
        f"{format_amount(plan.amount_a, a.decimals)} {a.symbol} and "
        f"{format_amount(plan.amount_b, b.decimals)} {b.symbol}"
    )
    if done.status == "pending":
        lines.append(f"Still pending: qenex chain tx status {done.tx_hash} settles it.")
    elif plan.kind == "add":
        lines.append(f"{verb} {amounts}; minted {lp_text(plan.shares)}.")
    else:
        lines.append(f"{verb} {amounts} for {lp_text(plan.shares)}.")
    return CommandResult(data, "\n".join(lines))
