"""``qenex balance [--account A]``: what your ledger accounts hold."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult


def register(commands: Any) -> None:
    parser = commands.add_parser("balance", help="token balances of your ledger accounts")
    parser.add_argument("--account", help="one account (default: all your own accounts)")
    parser.set_defaults(handler=show_balances)


def show_balances(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    balances = ctx.core.exchange.balances(args.account)
    rows = [
        {"account": b.account, "symbol": b.symbol, "amount": b.amount_text, "amount_units": str(b.amount)}
        for b in balances
    ]
    lines = [f"{b.account:<16} {b.amount_text} {b.symbol}" for b in balances]
    return CommandResult({"balances": rows}, "\n".join(lines) if lines else "Nothing held yet.")
