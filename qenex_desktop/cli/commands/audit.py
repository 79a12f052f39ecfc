from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.private_files import open_private


class AuditChainBroken(QenexError):
    code = "audit_chain_broken"


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help="verify and export the tamper-evident audit log")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", help="check the whole hash chain")
    verify.set_defaults(handler=verify_command)
    export = sub.add_parser("export", help="write the log as JSON lines or CSV")
    export.add_argument("--format", choices=["jsonl", "csv"], required=True)
    export.add_argument("--output", metavar="FILE", help="file to write (default: standard output)")
    export.set_defaults(handler=export_command)


def verify_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    core = ctx.core
    result = core.audit.verify_ledger(core.db)  # a read snapshot: writers are not held up meanwhile
    if not result.ok:
        raise AuditChainBroken(result.message)
    return CommandResult({"intact": True, "entries": result.total, "checked": result.checked}, result.message)


def export_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    core = ctx.core
    if args.output:
        path = Path(args.output)
        with core.db.read() as session, open_private(path, newline="") as out:
            count = core.audit.export(session, out, args.format)
        return CommandResult({"entries": count, "output": str(path)}, f"Wrote {count} entries to {path}.")
    if ctx.json:
        with core.db.read() as session:
            text = core.audit.export_text(session, args.format)
        return CommandResult(
            {"entries": text.count("\n") - (1 if args.format == "csv" else 0), "content": text}, ""
        )
    with core.db.read() as session:
        count = core.audit.export(session, sys.stdout, args.format)
    return CommandResult({"entries": count}, "")
