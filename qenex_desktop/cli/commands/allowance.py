"""``qenex allowance list|revoke``: the ERC-20 allowances your accounts have given, and their revoke.

``list`` finds them from the tokens' Approval events (QXC, imported tokens, WETH and the V2 pools
among them; the newest ``--max-ranges`` block ranges) and confirms each with ``allowance()``;
unlimited ones are flagged. ``revoke`` shows the allowance it would end; with ``--yes`` it sends
``approve(spender, 0)`` (tracked like a send, password on stdin)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from qenex_desktop.cli.commands.chain import tx_json, tx_line
from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.exchange_format import money
from qenex_desktop.core.validation import format_amount, parse_int

if TYPE_CHECKING:
    from qenex_desktop.core.chain.v2.allowances import Allowance


def register(commands: Any) -> None:
    parser = commands.add_parser("allowance", help="token allowances your accounts gave, and revoke them")
    sub = parser.add_subparsers(dest="allowance_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="every allowance your accounts have given on the active network")
    listing.add_argument("--account", help="one of your addresses (default: every account)")
    listing.add_argument(
        "--max-ranges", default="200", help="scan at most this many block ranges, newest first (200)"
    )
    listing.set_defaults(handler=list_allowances)

    revoke = sub.add_parser("revoke", help="set an allowance to 0: approve(spender, 0)")
    revoke.add_argument("--token", required=True, help="QXC, WETH, a token symbol or address")
    revoke.add_argument("--spender", required=True, metavar="ADDRESS")
    revoke.add_argument("--account", help="the owner (default: the first account)")
    revoke.add_argument("--yes", action="store_true", help="sign and send the revoke (else only show it)")
    revoke.add_argument("--password-stdin", action="store_true", help="profile password on stdin")
    revoke.set_defaults(handler=revoke_allowance)


def allowance_json(a: Allowance) -> dict[str, Any]:
    return {
        "owner": a.owner,
        "token": a.token,
        "symbol": a.symbol,
        "spender": a.spender,
        "spender_name": a.spender_name,
        **money(a.amount, a.decimals, "amount"),
        "unlimited": a.unlimited,
    }


def amount_text(a: Allowance) -> str:
    return "UNLIMITED" if a.unlimited else f"{format_amount(a.amount, a.decimals)} {a.symbol}"


def allowance_line(a: Allowance) -> str:
    spender = f"{a.spender} ({a.spender_name})" if a.spender_name else a.spender
    return f"{a.owner}  {a.symbol}  -> {spender}: {amount_text(a)}"


def list_allowances(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from qenex_desktop.core.chain.v2.allowances import Allowances

    ranges = parse_int(
        args.max_ranges, field="max_ranges", what="The block ranges", minimum=1, maximum=100_000
    )
    scan = Allowances(ctx.core.chain).scan(owner=args.account, max_ranges=ranges)
    lines = [allowance_line(a) for a in scan.allowances] or [f"No allowances on {scan.network}."]
    if not scan.complete:
        lines.append(
            f"Scanned blocks {scan.from_block} to {scan.to_block} only: --max-ranges reaches further back."
        )
    data = {
        "network": scan.network,
        "allowances": [allowance_json(a) for a in scan.allowances],
        "from_block": scan.from_block,
        "to_block": scan.to_block,
        "complete": scan.complete,
    }
    return CommandResult(data, "\n".join(lines))


def revoke_allowance(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from qenex_desktop.core.chain.v2.allowances import Allowances

    allowances = Allowances(ctx.core.chain)
    found = allowances.current(args.token, args.spender, owner=args.account)
    if not args.yes:
        return CommandResult(
            {"sent": False, "allowance": allowance_json(found)},
            f"Would revoke: {allowance_line(found)}\n"
            "Not sent: run again with --yes --password-stdin to send approve(spender, 0).",
        )
    password = ctx.read_secret_from_stdin("profile password") if args.password_stdin else None
    tx = allowances.revoke(found, password=password)
    return CommandResult(
        {"sent": True, "allowance": allowance_json(found), "transaction": tx_json(tx)},
        f"Revoked {amount_text(found)} of {found.spender}: {tx_line(tx)}",
    )
