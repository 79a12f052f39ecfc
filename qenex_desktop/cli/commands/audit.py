from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from qenex_desktop.cli.context import CliContext, CommandResult, Deferred, StreamedText
from qenex_desktop.core.errors import QenexError


class AuditChainBroken(QenexError):
    code = "audit_chain_broken"


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help="verify and export the tamper-evident audit log")
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser(
        "verify", help="check the hash chain from the last checkpoint (--full: all of it)"
    )
    verify.add_argument(
        "--full", action="store_true", help="walk every entry, not only those after the last checkpoint"
    )
    verify.set_defaults(handler=verify_command)
    export = sub.add_parser("export", help="write the log as JSON lines or CSV")
    export.add_argument("--format", choices=["jsonl", "csv"], required=True)
    export.add_argument("--output", metavar="FILE", help="file to write (default: standard output)")
    export.set_defaults(handler=export_command)


def verify_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    """From the checkpoint by default (new entries only: cheap at any size); ``--full`` walks it all.
    Either walks a read snapshot, so writers are not held up meanwhile."""
    core = ctx.core
    result = core.audit_trail.verify(full=args.full)
    if not result.ok:
        raise AuditChainBroken(result.message)
    data = {
        "intact": True,
        "entries": result.total,
        "checked": result.checked,
        "incremental": result.incremental,
    }
    return CommandResult(data, result.message)


def export_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    core = ctx.core
    if args.output:
        path = Path(args.output)
        count = core.audit_trail.export_to(path, args.format)
        return CommandResult({"entries": count, "output": str(path)}, f"Wrote {count} entries to {path}.")
    if ctx.json:  # the object is written as the entries are read: memory stays flat at any size
        entries = Deferred()

        def produce(out: TextIO) -> None:
            entries.value = core.audit_trail.export(out, args.format)

        return CommandResult({"entries": entries, "content": StreamedText(produce)}, "")
    count = core.audit_trail.export(sys.stdout, args.format)
    return CommandResult({"entries": count}, "")
