"""``qenex token create|list|mint|burn|transfer``: tokens of the local ledger."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.exchange_format import money
from qenex_desktop.cli.formatting import terminal_safe
from qenex_desktop.core.validation import format_amount


def register(commands: Any) -> None:
    parser = commands.add_parser("token", help="create, list, mint, burn and transfer local tokens")
    sub = parser.add_subparsers(dest="token_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", help="a new token; the supply lands in your Main account")
    create.add_argument("--symbol", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--decimals", required=True, help="0 to 36")
    create.add_argument("--supply", required=True, metavar="AMOUNT", help="initial supply, like 1000000")
    create.add_argument("--max-supply", metavar="AMOUNT", help="cap on minting (default: none)")
    create.add_argument("--account", help="where the supply lands (default: Main)")
    create.set_defaults(handler=create_token)

    listing = sub.add_parser("list", help="every token on this ledger")
    listing.set_defaults(handler=list_tokens)

    mint = sub.add_parser("mint", help="mint more (only the creator, within the maximum supply)")
    mint.add_argument("--token", required=True, metavar="SYMBOL")
    mint.add_argument("--amount", required=True)
    mint.add_argument("--account", help="default: Main")
    mint.set_defaults(handler=mint_token)

    burn = sub.add_parser("burn", help="destroy tokens you hold")
    burn.add_argument("--token", required=True, metavar="SYMBOL")
    burn.add_argument("--amount", required=True)
    burn.add_argument("--account", help="default: Main")
    burn.set_defaults(handler=burn_token)

    transfer = sub.add_parser("transfer", help="move tokens between your accounts or to a counterparty")
    transfer.add_argument("--token", required=True, metavar="SYMBOL")
    transfer.add_argument("--from", dest="from_account", required=True, metavar="ACCOUNT")
    transfer.add_argument("--to", dest="to_account", required=True, metavar="ACCOUNT")
    transfer.add_argument("--amount", required=True)
    transfer.set_defaults(handler=transfer_token)


def create_token(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    token = ctx.core.exchange.create_token(
        args.symbol, args.name, args.decimals, args.supply, max_supply=args.max_supply, account=args.account
    )
    data = {
        "symbol": token.symbol,
        "name": token.name,
        "decimals": token.decimals,
        **money(token.total_supply, token.decimals, "total_supply"),
        "max_supply": None if token.max_supply is None else format_amount(token.max_supply, token.decimals),
    }
    return CommandResult(
        data, f"Token {token.symbol} created: {data['total_supply']} {token.symbol} in your account."
    )


def list_tokens(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    tokens = ctx.core.exchange.list_tokens()
    rows = [
        {
            "symbol": t.symbol,
            "name": t.name,
            "decimals": t.decimals,
            **money(t.total_supply, t.decimals, "total_supply"),
            "max_supply": None if t.max_supply is None else format_amount(t.max_supply, t.decimals),
            "creator": t.creator,
            "origin": t.origin,
        }
        for t in tokens
    ]
    lines = [
        f"{t.symbol:<11} {terminal_safe(t.name, multiline=False):<24} "
        f"supply {format_amount(t.total_supply, t.decimals)}"
        + (f" (max {format_amount(t.max_supply, t.decimals)})" if t.max_supply is not None else "")
        for t in tokens
    ]
    return CommandResult({"tokens": rows}, "\n".join(lines) if lines else "No tokens yet.")


def mint_token(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    change = ctx.core.exchange.mint(args.token, args.amount, account=args.account)
    return _supply_result(change, "Minted")


def burn_token(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    change = ctx.core.exchange.burn(args.token, args.amount, account=args.account)
    return _supply_result(change, "Burned")


def _supply_result(change: Any, verb: str) -> CommandResult:
    data = {
        "symbol": change.symbol,
        "account": change.account,
        "amount": change.amount_text,
        "amount_units": str(change.amount),
        "total_supply": change.total_supply_text,
        "total_supply_units": str(change.total_supply),
    }
    return CommandResult(
        data,
        f"{verb} {change.amount_text} {change.symbol} ({change.account}); "
        f"total supply {change.total_supply_text}.",
    )


def transfer_token(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    result = ctx.core.exchange.transfer(args.token, args.amount, args.from_account, args.to_account)
    data = {
        "symbol": result.symbol,
        "from": result.from_account,
        "to": result.to_account,
        "amount": result.amount_text,
        "amount_units": str(result.amount),
    }
    return CommandResult(
        data, f"Sent {result.amount_text} {result.symbol} from {result.from_account} to {result.to_account}."
    )
