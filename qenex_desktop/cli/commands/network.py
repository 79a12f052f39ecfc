"""``qenex network list|add|edit|remove|use``: which node the wallet talks to, and the chain id it
must serve (asked of the node when a network is added or moved; a mismatch is refused)."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.core.chain.types import NetworkInfo
from qenex_desktop.core.errors import ValidationError


def register(commands: Any) -> None:
    parser = commands.add_parser("network", help="list, add and choose networks")
    sub = parser.add_subparsers(dest="network_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="known networks; * marks the active one")
    listing.set_defaults(handler=list_command)
    add = sub.add_parser("add", help="add an RPC endpoint with the chain id it must serve")
    add.add_argument("--name", required=True)
    add.add_argument("--rpc-url", required=True)
    add.add_argument("--chain-id", required=True)
    add.add_argument("--explorer-url", metavar="URL", help="its block explorer (https://...): links to txs")
    add.add_argument("--use", action="store_true", help="make it the active network")
    _v2_arguments(add)
    add.set_defaults(handler=add_command)
    edit = sub.add_parser("edit", help="rename a network or move it to another node (checked like add)")
    edit.add_argument("name")
    edit.add_argument("--name", dest="new_name", help="the new name")
    edit.add_argument("--rpc-url")
    edit.add_argument("--chain-id")
    edit.add_argument("--explorer-url", metavar="URL", help='its block explorer; "" removes it')
    _v2_arguments(edit, '; all three "" remove it')
    edit.set_defaults(handler=edit_command)
    remove = sub.add_parser("remove", help="forget a network (not the built-in or the active one)")
    remove.add_argument("name")
    remove.set_defaults(handler=remove_command)
    use = sub.add_parser("use", help="make a network the active one")
    use.add_argument("name")
    use.set_defaults(handler=use_command)


def _v2_arguments(parser: argparse.ArgumentParser, note: str = "") -> None:
    """Its Uniswap V2 deployment (the on-chain venue): all three, checked with the router."""
    for flag, what in (("--v2-factory", "UniswapV2Factory"), ("--v2-router", "Router02"), ("--weth", "WETH")):
        parser.add_argument(flag, metavar="ADDRESS", help=f"its Uniswap V2 {what}{note}")


def _v2_given(args: argparse.Namespace) -> tuple[str, str, str] | None:
    """The three V2 addresses, when any is given (then all three must be)."""
    given = (args.v2_factory, args.v2_router, args.weth)
    if all(value is None for value in given):
        return None
    if any(value is None for value in given):
        missing = [f for f, v in zip(("v2_factory", "v2_router", "weth"), given, strict=True) if v is None]
        raise ValidationError(
            "A V2 deployment is --v2-factory, --v2-router and --weth together.", field=missing[0]
        )
    return (str(given[0]), str(given[1]), str(given[2]))


def _check_v2(ctx: CliContext, url: str, chain_id: int | str, given: tuple[str, str, str]) -> Any:
    """Ask the router at the node to confirm the addresses (nothing is saved when it does not)."""
    from qenex_desktop.core.chain.v2.venue import V2Venue
    from qenex_desktop.core.validation import parse_chain_id, parse_rpc_url

    return V2Venue(ctx.core.chain).check_at(parse_rpc_url(url), parse_chain_id(chain_id), *given)


def network_json(network: NetworkInfo) -> dict[str, Any]:
    return {
        "name": network.name,
        "rpc_url": network.rpc_url,
        "chain_id": network.chain_id,
        "builtin": network.is_builtin,
        "active": network.is_active,
        "genesis_hash": network.genesis_hash,
        "verified": network.verified,
        "qxc_address": network.qxc_address,
        "explorer_url": network.explorer_url,
        "v2": {"factory": network.v2_factory, "router": network.v2_router, "weth": network.v2_weth}
        if network.has_v2
        else None,
    }


def list_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    networks = ctx.core.chain.networks()
    lines = [
        f"{'*' if n.is_active else ' '} {n.name}  {n.rpc_url}  chain {n.chain_id}"
        + ("" if n.verified else "  (not verified yet)")
        + (f"  QXC {n.qxc_address}" if n.qxc_address else "")
        + (f"  explorer {n.explorer_url}" if n.explorer_url else "")
        + (f"  Uniswap V2 router {n.v2_router}" if n.has_v2 else "")
        for n in networks
    ]
    return CommandResult({"networks": [network_json(n) for n in networks]}, "\n".join(lines))


def _unverified_note(network: NetworkInfo) -> str:
    if network.verified:
        return ""
    return (
        f" Its node did not answer, so chain {network.chain_id} is not verified yet: it is checked "
        "before anything is read or signed on it."
    )


def add_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    given = _v2_given(args)
    v2 = _check_v2(ctx, args.rpc_url, args.chain_id, given) if given else None
    network = ctx.core.chain.add_network(
        args.name, args.rpc_url, args.chain_id, use=args.use, explorer_url=args.explorer_url
    )
    if v2 is not None:
        network = ctx.core.chain.registry.set_v2(network.name, v2.factory, v2.router, v2.weth)
    text = f"Added {network.name} ({network.rpc_url}, chain {network.chain_id})"
    text += (", now active." if network.is_active else ".") + _unverified_note(network)
    return CommandResult({"network": network_json(network)}, text)


def edit_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    given = _v2_given(args)
    v2 = None
    if given is not None and any(given):
        current = ctx.core.chain.network(args.name)
        v2 = _check_v2(ctx, args.rpc_url or current.rpc_url, args.chain_id or current.chain_id, given)
    node_fields = (args.new_name, args.rpc_url, args.chain_id, args.explorer_url)
    network = ctx.core.chain.network(args.name)
    if given is None or any(value is not None for value in node_fields):  # V2 alone: the built-in too
        network = ctx.core.chain.edit_network(
            args.name,
            new_name=args.new_name,
            rpc_url=args.rpc_url,
            chain_id=args.chain_id,
            explorer_url=args.explorer_url,
        )
    if given is not None:
        addresses = (v2.factory, v2.router, v2.weth) if v2 else (None, None, None)
        network = ctx.core.chain.registry.set_v2(network.name, *addresses)
    text = f"Saved {network.name} ({network.rpc_url}, chain {network.chain_id})." + _unverified_note(network)
    return CommandResult({"network": network_json(network)}, text)


def remove_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    ctx.core.chain.remove_network(args.name)
    return CommandResult({"removed": args.name}, f"Removed {args.name}.")


def use_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    network = ctx.core.chain.use_network(args.name)
    return CommandResult({"network": network_json(network)}, f"Using {network.name} ({network.rpc_url}).")
