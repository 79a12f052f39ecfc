from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.formatting import iso_time


def register(commands: Any) -> None:
    login = commands.add_parser("login", help="log in and keep the session in the OS keyring")
    login.add_argument("--username", required=True)
    login.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from the first line of standard input",
    )
    login.set_defaults(handler=login_command)
    logout = commands.add_parser("logout", help="end the session and remove it from the keyring")
    logout.set_defaults(handler=logout_command)


def login_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    password = ctx.read_secret_from_stdin("password")
    result = ctx.core.auth.login(args.username, password)
    session = result.session
    text = f"Logged in as {session.username}; the session lasts until {iso_time(session.expires_at)}."
    if result.password_upgraded:
        text += " Your password hash was upgraded to Argon2id."
    return CommandResult(
        {
            "username": session.username,
            "expires_at": iso_time(session.expires_at),
            "password_upgraded": result.password_upgraded,
        },
        text,
    )


def logout_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    ended = ctx.core.auth.logout()
    return CommandResult({"ended": ended}, "Logged out." if ended else "There was no live session.")
