"""``qenex contact add|list|remove``: the address book (names for the addresses you send to)."""

from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.formatting import terminal_safe


def register(commands: Any) -> None:
    parser = commands.add_parser("contact", help="the address book: names for addresses you send to")
    sub = parser.add_subparsers(dest="contact_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="save an address under a name")
    add.add_argument("--name", required=True)
    add.add_argument("--address", required=True, help="0x... (EIP-55 checked)")
    add.add_argument("--note", help="a note for yourself")
    add.add_argument("--network", action="append", default=[], help="a network it is used on (repeatable)")
    add.set_defaults(handler=add_contact)
    listing = sub.add_parser("list", help="your contacts by name")
    listing.set_defaults(handler=list_contacts)
    remove = sub.add_parser("remove", help="delete a contact named by its name or address")
    remove.add_argument("contact", help="the contact's name or address")
    remove.set_defaults(handler=remove_contact)


def _json(contact: Any) -> dict[str, Any]:
    return {
        "name": contact.name,
        "address": contact.address,
        "note": contact.note,
        "networks": list(contact.networks),
    }


def add_contact(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    contact = ctx.core.contacts.add_contact(args.name, args.address, note=args.note, networks=args.network)
    return CommandResult(
        {"contact": _json(contact)},
        f"Saved {contact.address} as {terminal_safe(contact.name, multiline=False)}.",
    )


def list_contacts(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    contacts = ctx.core.contacts.contacts()
    lines = []
    for c in contacts:
        line = f"{c.address}  {terminal_safe(c.name, multiline=False)}"
        if c.networks:
            line += f"  [{terminal_safe(', '.join(c.networks), multiline=False)}]"
        if c.note:
            line += f"  ({terminal_safe(c.note, multiline=False)})"
        lines.append(line)
    return CommandResult(
        {"contacts": [_json(c) for c in contacts]}, "\n".join(lines) or "Your address book is empty."
    )


def remove_contact(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    gone = ctx.core.contacts.remove_contact(args.contact)
    return CommandResult(
        {"removed": _json(gone)}, f"Removed {terminal_safe(gone.name, multiline=False)} ({gone.address})."
    )
