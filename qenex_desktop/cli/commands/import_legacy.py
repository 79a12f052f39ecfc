"""``qenex import-legacy --qenex-os-db FILE --defi-db FILE [--dry-run]``: bring the original QENEX data in."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.formatting import terminal_safe
from qenex_desktop.core.exchange.legacy import ImportReport, LegacyImportRefused


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "import-legacy",
        help="import users, tokens, balances, pools and positions of the original QENEX databases",
        description="One transaction: all lands or nothing (problems are listed, never rounded away).",
    )
    parser.add_argument("--qenex-os-db", metavar="FILE", help="system.db of the original QENEX core")
    parser.add_argument("--defi-db", metavar="FILE", help="defi.db of the original DeFi platform")
    parser.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    parser.set_defaults(handler=import_legacy)


def _text(report: ImportReport) -> str:
    head = "Dry run: nothing was changed." if report.dry_run else "Imported."
    if report.problems:
        head = f"Nothing can be imported yet: {len(report.problems)} problem(s)."
    lines = [head]
    lines += [f"  {key}: {value}" for key, value in sorted(report.counts.items())]
    lines += [f"  problem: {p}" for p in report.problems]
    lines += [f"  note: {n}" for n in report.notes]
    return "\n".join(lines)


def _data(report: ImportReport) -> dict[str, Any]:
    return {
        "dry_run": report.dry_run,
        "counts": report.counts,
        "problems": list(report.problems),
        "notes": list(report.notes),
    }


def import_legacy(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    try:
        report = ctx.core.exchange.import_legacy(
            qenex_os_db=Path(args.qenex_os_db) if args.qenex_os_db else None,
            defi_db=Path(args.defi_db) if args.defi_db else None,
            dry_run=args.dry_run,
        )
    except LegacyImportRefused as refused:
        # The one-line reason goes to stderr (exit 1); the full list helps fix the file.
        if not ctx.json:
            print(terminal_safe(_text(refused.report)))
        raise
    return CommandResult(_data(report), _text(report))
