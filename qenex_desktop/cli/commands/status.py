from __future__ import annotations

import argparse
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.formatting import iso_time
from qenex_desktop.core.db import migrate


def register(commands: Any) -> None:
    status = commands.add_parser("status", help="profile, session, keyring backend, database and schema")
    status.set_defaults(handler=status_command)


def status_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    core = ctx.core
    session = core.auth.current_session(touch=False)
    keyring_info = core.token_store.info()
    revision = core.schema_revision()
    head = migrate.head_revision()
    data = {
        "profile": core.auth.active_username(),
        "logged_in": session is not None,
        "session_expires_at": iso_time(session.expires_at) if session else None,
        "session_idle_expires_at": iso_time(session.idle_expires_at) if session else None,
        "keyring_backend": keyring_info.name,
        "keyring_plaintext_file": keyring_info.is_plaintext_file,
        "keyring_location": keyring_info.location,
        "keyring_problem": keyring_info.problem,
        "database_path": str(core.config.database_path),
        "schema_revision": revision,
        "schema_head": head,
    }
    lines = [
        f"Profile:        {data['profile'] or '(none yet: qenex profile create)'}",
        f"Session:        {_session_text(data['session_expires_at'], session is not None)}",
        f"Keyring:        {keyring_info.name}",
    ]
    if keyring_info.is_plaintext_file:
        lines.append(
            f"                no OS keyring found: session tokens are kept in a plain-text file, "
            f"{keyring_info.location} (mode 0600)"
        )
    if keyring_info.problem:
        lines.append(
            f"                {keyring_info.problem}: no session is read from it; log in to rewrite it"
        )
    lines += [
        f"Database:       {data['database_path']}",
        f"Schema:         {revision}{'' if revision == head else f' (head is {head})'}",
    ]
    return CommandResult(data, "\n".join(lines))


def _session_text(expires_at: object, live: bool) -> str:
    return f"live until {expires_at}" if live else "none (qenex login)"
