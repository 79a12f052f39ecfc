"""``qenex label export|import FILE``: labels as BIP-329 JSON lines, to and from other wallets.

Export writes own accounts and contacts (``addr``) and transaction labels (``tx``); import applies
``addr`` and ``tx`` lines (an own account is renamed, another address becomes a contact) and counts
what it skipped. ``-`` is standard output / input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from qenex_desktop.cli.context import CliContext, CommandResult
from qenex_desktop.cli.formatting import terminal_safe
from qenex_desktop.core.errors import ValidationError


def register(commands: Any) -> None:
    parser = commands.add_parser("label", help="export or import labels as BIP-329 JSON lines")
    sub = parser.add_subparsers(dest="label_command", metavar="ACTION", required=True)
    export = sub.add_parser("export", help="write your labels (accounts, contacts, transactions)")
    export.add_argument("file", help="where to write (a new file; - for standard output)")
    export.add_argument("--force", action="store_true", help="replace the file if it exists")
    export.set_defaults(handler=export_labels)
    imported = sub.add_parser("import", help="read labels another wallet (or this one) exported")
    imported.add_argument("file", help="the .jsonl file (- for standard input)")
    imported.set_defaults(handler=import_labels)


def export_labels(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from qenex_desktop.core.contacts import bip329

    lines = bip329.export_lines(ctx.core.contacts)
    text = "".join(line + "\n" for line in lines)
    if args.file == "-":
        sys.stdout.write(text)
        return CommandResult({"labels": len(lines)}, "", printed=True)  # the lines are the answer
    path = Path(args.file).expanduser()
    if path.exists() and not args.force:
        raise ValidationError(f"{path} exists already: choose a new name or pass --force.", field="file")
    path.write_text(text, encoding="utf-8")
    return CommandResult({"labels": len(lines), "file": str(path)}, f"{len(lines)} labels written to {path}.")


def import_labels(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    from qenex_desktop.core.contacts import bip329

    if args.file == "-":
        text = sys.stdin.read()
    else:
        path = Path(args.file).expanduser()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"Cannot read {path}: {exc}", field="file") from None
    report = bip329.import_text(ctx.core.contacts, text)
    data = {
        "accounts_renamed": report.accounts_renamed,
        "contacts_added": report.contacts_added,
        "contacts_renamed": report.contacts_renamed,
        "tx_labels": report.tx_labels,
        "unchanged": report.unchanged,
        "skipped": report.skipped,
    }
    lines = [
        f"Imported: {report.contacts_added} contacts added, {report.contacts_renamed} renamed, "
        f"{report.accounts_renamed} accounts renamed, {report.tx_labels} transaction labels "
        f"({report.unchanged} unchanged, {len(report.skipped)} skipped)."
    ]
    lines += [f"  skipped {terminal_safe(reason, multiline=False)}" for reason in report.skipped]
    return CommandResult(data, "\n".join(lines))
