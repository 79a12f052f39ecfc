"""``qenex account create|list``: named ledger accounts and counterparties."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.formatting import terminal_safe


def register(commands: Any) -> None:
    parser = commands.add_parser("account", help="your ledger accounts and counterparties")
    sub = parser.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="a named account (Main exists from your first operation)")
    create.add_argument("name")
    create.add_argument(
        "--counterparty", action="store_true", help="someone you trade with: you can send to it, not spend"
    )
    create.set_defaults(handler=create_account)
    listing = sub.add_parser("list", help="your accounts")
    listing.set_defaults(handler=list_accounts)


def create_account(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    account = ctx.core.exchange.create_account(args.name, counterparty=args.counterparty)
    return CommandResult(
        {"name": account.name, "kind": account.kind}, f"Account {account.name} ({account.kind}) created."
    )


def list_accounts(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    accounts = ctx.core.exchange.list_accounts()
    rows = [{"name": a.name, "kind": a.kind} for a in accounts]
    lines = [f"{terminal_safe(a.name, multiline=False)} ({a.kind})" for a in accounts]
    return CommandResult({"accounts": rows}, "\n".join(lines) if lines else "No accounts yet.")
