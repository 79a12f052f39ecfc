"""``qenex wallet create|import|export|list|add-account|rename|hide|unhide``: the profile's keys.

Secrets come only on standard input, one per line. Commands that decrypt or seal keys need the
profile password; ``wallet create`` prints the new recovery phrase once, for the person to write down.
``rename`` labels an account; ``hide`` leaves it out of the lists a person sees (it still signs and is
still scanned; ``wallet list`` shows it, marked hidden), ``unhide`` brings it back.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.core.errors import AlreadyExistsError, ValidationError
from qenex_desktop.core.keys.keystore import load_keystore_file

if TYPE_CHECKING:
    from qenex_desktop.core.keys.service import WalletAccountInfo


def register(commands: Any) -> None:
    parser = commands.add_parser("wallet", help="create, import, export and list wallet accounts")
    sub = parser.add_subparsers(dest="wallet_command", metavar="ACTION", required=True)

    create = sub.add_parser(
        "create", help="new recovery phrase and first account (profile password on stdin)"
    )
    create.add_argument("--words", default="12", help="12 or 24 (default 12)")
    create.add_argument("--name", help="account name (default: Account N)")
    create.add_argument(
        "--password-stdin", action="store_true", help="profile password on the first stdin line"
    )
    create.set_defaults(handler=create_wallet)

    imp = sub.add_parser(
        "import",
        help="import a phrase, a private key or a keystore v3 file",
        description="stdin: line 1 the phrase / private key / keystore password; line 2 the profile password "
        "(for --keystore, when line 2 is missing the keystore password is tried as the profile password)",
    )
    source = imp.add_mutually_exclusive_group(required=True)
    source.add_argument("--mnemonic-stdin", action="store_true", help="recovery phrase on stdin")
    source.add_argument("--private-key-stdin", action="store_true", help="hex private key on stdin")
    source.add_argument("--keystore", metavar="FILE", help="keystore v3 (Web3 Secret Storage) file")
    imp.add_argument("--password-stdin", action="store_true", help="with --keystore: its password on stdin")
    imp.add_argument("--accounts", default="1", help="with --mnemonic-stdin: how many accounts (1-20)")
    imp.add_argument("--name", help="account name")
    imp.set_defaults(handler=import_wallet)

    export = sub.add_parser(
        "export", help="write one account as a keystore v3 file (profile password on stdin)"
    )
    export.add_argument("--address", required=True)
    export.add_argument("--output", required=True, metavar="FILE")
    export.add_argument("--password-stdin", action="store_true")
    export.set_defaults(handler=export_wallet)

    listing = sub.add_parser("list", help="the profile's accounts")
    listing.set_defaults(handler=list_wallet)

    add = sub.add_parser("add-account", help="derive the next account of the recovery phrase")
    add.add_argument("--name")
    add.add_argument("--password-stdin", action="store_true")
    add.set_defaults(handler=add_account)

    rename = sub.add_parser("rename", help="give an account a label (shown instead of Account N)")
    rename.add_argument("--address", required=True)
    rename.add_argument("--name", required=True)
    rename.set_defaults(handler=rename_account)

    hide = sub.add_parser("hide", help="leave an account out of the lists you see (it still signs)")
    hide.add_argument("--address", required=True)
    hide.set_defaults(handler=hide_account, hidden=True)

    unhide = sub.add_parser("unhide", help="show a hidden account again")
    unhide.add_argument("--address", required=True)
    unhide.set_defaults(handler=hide_account, hidden=False)


def account_json(account: WalletAccountInfo) -> dict[str, Any]:
    return {
        "address": account.address,
        "name": account.name,
        "origin": account.origin,
        "hd_index": account.hd_index,
        "path": None if account.hd_index is None else f"m/44'/60'/0'/0/{account.hd_index}",
        "hidden": account.hidden,
    }


def create_wallet(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    password = ctx.read_secret_from_stdin("profile password")
    created = ctx.core.wallet.create(words=args.words, name=args.name, password=password)
    text = (
        "Your recovery phrase (write it down now, on paper; it is shown only this once):\n\n"
        f"    {created.mnemonic}\n\n"
        f"First account: {created.account.address} ({created.account.name})"
    )
    return CommandResult({"mnemonic": created.mnemonic, "account": account_json(created.account)}, text)


def import_wallet(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    wallet = ctx.core.wallet
    if args.mnemonic_stdin:
        phrase = ctx.read_secret_from_stdin("recovery phrase")
        password = ctx.read_secret_from_stdin("profile password")
        accounts = wallet.import_mnemonic(phrase, accounts=args.accounts, name=args.name, password=password)
    elif args.private_key_stdin:
        key = ctx.read_secret_from_stdin("private key")
        password = ctx.read_secret_from_stdin("profile password")
        accounts = [wallet.import_private_key(key, name=args.name, password=password)]
    else:
        if not args.password_stdin:
            raise ValidationError(
                "Give the keystore's password on stdin with --password-stdin.", field="password"
            )
        data = load_keystore_file(args.keystore)
        keystore_password = ctx.read_secret_from_stdin("keystore password")
        try:
            password = ctx.read_secret_from_stdin("profile password")
        except ValidationError:
            password = keystore_password
        accounts = [wallet.import_keystore(data, keystore_password, name=args.name, password=password)]
    listed = [account_json(a) for a in accounts]
    return CommandResult(
        {"accounts": listed}, "\n".join(f"Imported {a['address']} ({a['name']})" for a in listed)
    )


def export_wallet(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    output = Path(args.output)
    if output.exists():
        raise AlreadyExistsError(f"{output} exists already; choose another file name.", field="output")
    password = ctx.read_secret_from_stdin("profile password")
    document = ctx.core.wallet.export_keystore(args.address, password)
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(document, handle)
    address = "0x" + str(document["address"]).removeprefix("0x")
    return CommandResult(
        {"address": args.address, "output": str(output), "keystore_address": address},
        f"Wrote {output} (keystore v3, sealed with your profile password).",
    )


def list_wallet(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    ctx.core.require_session()
    accounts = [account_json(a) for a in ctx.core.wallet.accounts()]
    if not accounts:
        return CommandResult({"accounts": []}, "No accounts yet: qenex wallet create --password-stdin")
    lines = [
        f"{a['address']}  {a['name']}  ({a['origin']}{', ' + a['path'] if a['path'] else ''})"
        + ("  hidden" if a["hidden"] else "")
        for a in accounts
    ]
    return CommandResult({"accounts": accounts}, "\n".join(lines))


def add_account(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    password = ctx.read_secret_from_stdin("profile password")
    account = ctx.core.wallet.add_account(name=args.name, password=password)
    return CommandResult({"account": account_json(account)}, f"Added {account.address} ({account.name}).")


def rename_account(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    name = ctx.core.wallet.rename_account(args.address, args.name)
    return CommandResult({"address": args.address, "name": name}, f"{args.address} is now {name}.")


def hide_account(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    hidden: bool = args.hidden
    changed = ctx.core.wallet.set_account_hidden(args.address, hidden)
    state = "hidden" if hidden else "shown"
    text = f"{args.address} is {state}" + ("." if changed else " already.")
    return CommandResult({"address": args.address, "hidden": hidden, "changed": changed}, text)
