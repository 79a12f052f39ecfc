"""``qenex import-legacy --qenex-os-db FILE --defi-db FILE [--dry-run]``: bring the original QENEX data in.

``qenex import-legacy --history [--limit N]`` lists the history the imports carried over.
A refused import (or a dry run that would be refused) prints the whole report and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qenex_desktop.cli.context import EXIT_REFUSED, CliContext, CommandResult
from qenex_desktop.cli.formatting import terminal_safe
from qenex_desktop.core.validation import parse_positive_int


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "import-legacy",
        help="import users, tokens, balances, pools, positions and history of the original QENEX databases",
        description="One transaction: all lands or nothing. Amounts are rounded down to base units "
        "(the dust is reported per token); every problem is listed.",
    )
    parser.add_argument("--qenex-os-db", metavar="FILE", help="system.db of the original QENEX core")
    parser.add_argument("--defi-db", metavar="FILE", help="defi.db of the original DeFi platform")
    parser.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    parser.add_argument("--history", action="store_true", help="list the history carried over, newest first")
    parser.add_argument("--limit", default="50", help="with --history: how many rows (default 50)")
    parser.set_defaults(handler=import_legacy)


def import_legacy(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from qenex_desktop.core.exchange.legacy import LegacyImportRefused

    if args.history:
        return _history(ctx, parse_positive_int(args.limit, field="limit", what="--limit", maximum=10_000))
    try:
        report = ctx.core.exchange.import_legacy(
            qenex_os_db=Path(args.qenex_os_db) if args.qenex_os_db else None,
            defi_db=Path(args.defi_db) if args.defi_db else None,
            dry_run=args.dry_run,
        )
    except LegacyImportRefused as refused:
        # The whole report, as for a successful run, and exit 1; the one-line reason on stderr.
        print(f"qenex: {terminal_safe(refused.message)}", file=sys.stderr)
        error = {"code": refused.code, "message": refused.message, "field": refused.field}
        data = {**refused.report.to_dict(), "ok": False, "error": error}
        return CommandResult(data, "\n".join(refused.report.lines()), EXIT_REFUSED)
    return CommandResult(report.to_dict(), "\n".join(report.lines()))


def _history(ctx: CliContext, limit: int) -> CommandResult:
    records = ctx.core.exchange.legacy_history(limit=limit)
    rows = [
        {
            "id": r.id,
            "file": r.source_file,
            "table": r.source_table,
            "row": r.source_row,
            "at": r.happened_at,
            "kind": r.kind,
            "actor": r.actor,
            "counterparty": r.counterparty,
            "symbol": r.symbol,
            "amount": r.amount,
            "status": r.status,
            "details": r.details,
        }
        for r in records
    ]
    lines = [f"{len(rows)} row(s) of imported history (read-only), newest first:"]
    for row in rows:
        what = " ".join(str(row[k]) for k in ("amount", "symbol") if row[k] is not None)
        who = " -> ".join(str(row[k]) for k in ("actor", "counterparty") if row[k] is not None)
        lines.append(
            f"  {row['at'] or '?'}  {row['file']} {row['table']} #{row['row']}: {row['kind']} {what} {who}"
        )
    return CommandResult({"history": rows}, "\n".join(lines))
