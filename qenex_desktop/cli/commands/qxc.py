"""``qenex qxc deploy``: deploy the QXC token from your account (the developer use case)."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.commands.chain import token_json
from qenex_desktop.cli.context import CliContext, CommandResult


def register(commands: Any) -> None:
    parser = commands.add_parser("qxc", help="the QXC token")
    sub = parser.add_subparsers(dest="qxc_command", metavar="ACTION", required=True)
    deploy = sub.add_parser("deploy", help="deploy QXC on the active network (profile password on stdin)")
    deploy.add_argument("--from", dest="from_address", help="deploying account (default: the first)")
    deploy.add_argument("--password-stdin", action="store_true")
    deploy.set_defaults(handler=deploy_command)


def deploy_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    password = ctx.read_secret_from_stdin("profile password")
    token = ctx.core.chain.deploy_qxc(from_address=args.from_address, password=password)
    network = ctx.core.chain.network().name
    return CommandResult(
        {"network": network, "token": token_json(token)}, f"QXC deployed on {network} at {token.address}."
    )
