"""``qenex node start|status|stop``: the local Hardhat node of the embedded defaults."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from qenex_desktop.cli.context import CliContext, CommandResult

if TYPE_CHECKING:
    from qenex_desktop.core.chain.node import LocalNodeStatus


def register(commands: Any) -> None:
    parser = commands.add_parser("node", help="start, check and stop the local Hardhat node")
    sub = parser.add_subparsers(dest="node_command", metavar="ACTION", required=True)
    start = sub.add_parser(
        "start", help="start it if nothing answers, deploy QXC, fund your first account (dev faucet)"
    )
    start.add_argument("--no-fund", action="store_true", help="do not fund the profile's first account")
    start.set_defaults(handler=start_command)
    status = sub.add_parser("status", help="is it answering, who started it, chain, block")
    status.set_defaults(handler=status_command)
    stop = sub.add_parser("stop", help="stop the node this app started (only that one)")
    stop.set_defaults(handler=stop_command)


def status_json(status: LocalNodeStatus) -> dict[str, Any]:
    return {
        "url": status.url,
        "answering": status.answering,
        "started_here": status.started_here,
        "pid": status.pid,
        "chain_id": status.chain_id,
        "block_number": status.block_number,
        "genesis_hash": status.genesis_hash,
        "latency_ms": None if status.latency_s is None else round(status.latency_s * 1000, 2),
        "qxc_address": status.qxc_address,
        "funded": None if status.funded is None else {k: str(v) for k, v in status.funded.items()},
        "message": status.message,
    }


def start_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    core = ctx.core
    fund_address = None if args.no_fund else core.node.profile_first_account()
    status = core.node.ensure_running(fund_address=fund_address)
    text = status.message
    if fund_address is None and not args.no_fund:
        text += " (No account funded: log in and create a wallet first, then run node start again.)"
    return CommandResult(status_json(status), text)


def status_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    status = ctx.core.node.status()
    return CommandResult(status_json(status), status.message)


def stop_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    stopped = ctx.core.node.stop()
    text = (
        "Stopped the local node." if stopped else "No node started by this app is running; nothing stopped."
    )
    return CommandResult({"stopped": stopped}, text)
