from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.core.errors import ValidationError


def register(commands: Any) -> None:
    parser = commands.add_parser("profile", help="create and list profiles")
    sub = parser.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    create = sub.add_parser("create", help="create a profile (password on stdin)")
    create.add_argument("--username", required=True)
    create.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from the first line of standard input",
    )
    create.set_defaults(handler=create_profile)
    listing = sub.add_parser("list", help="list profiles")
    listing.set_defaults(handler=list_profiles)
    passwd = sub.add_parser("change-password", help="change the password (old, then new, on two stdin lines)")
    passwd.add_argument("--username", required=True)
    passwd.set_defaults(handler=change_password)


def create_profile(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    password = ctx.read_secret_from_stdin("password")
    profile_id = ctx.core.auth.create_profile(args.username, password)
    username = args.username.strip().lower()
    return CommandResult({"profile_id": profile_id, "username": username}, f"Profile {username} created.")


def list_profiles(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    names = ctx.core.auth.list_profiles()
    return CommandResult({"profiles": names}, "\n".join(names) if names else "No profiles yet.")


def change_password(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    old = ctx.read_secret_from_stdin("current password")
    new = ctx.read_secret_from_stdin("new password")
    if old == new:
        raise ValidationError("The new password is the same as the current one.", field="new_password")
    ctx.core.auth.change_password(args.username, old, new)
    return CommandResult({"username": args.username.strip().lower()}, "Password changed.")
