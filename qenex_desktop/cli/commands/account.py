"""``qenex account create|list|rename``: named ledger accounts and counterparties."""

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
    rename = sub.add_parser("rename", help="give an account or counterparty another name (not Main)")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.set_defaults(handler=rename_account)


def create_account(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    account = ctx.core.exchange.create_account(args.name, counterparty=args.counterparty)
    return CommandResult(
        {"name": account.name, "kind": account.kind}, f"Account {account.name} ({account.kind}) created."
    )


def rename_account(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    """Its balances and positions stay with it; Main keeps its name."""
    account = ctx.core.exchange.rename_account(args.old, args.new)
    old = terminal_safe(args.old, multiline=False)
    new = terminal_safe(account.name, multiline=False)
    return CommandResult(
        {"name": account.name, "previous": args.old, "kind": account.kind},
        f"Account {old} is now {new} ({account.kind}).",
    )


def list_accounts(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    accounts = ctx.core.exchange.list_accounts()
    rows = [{"name": a.name, "kind": a.kind} for a in accounts]
    lines = [f"{terminal_safe(a.name, multiline=False)} ({a.kind})" for a in accounts]
    return CommandResult({"accounts": rows}, "\n".join(lines) if lines else "No accounts yet.")
