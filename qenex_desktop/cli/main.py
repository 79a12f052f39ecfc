"""``qenex [--data-dir DIR] [--json] COMMAND ...``

Exit 0 on success; 1 with a one-line reason on stderr when the request was refused (nothing
changed); 2 for a malformed command line; 3 for an unexpected fault (a bug: see the log).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from qenex_desktop import __version__
from qenex_desktop.cli.commands import COMMAND_MODULES
from qenex_desktop.cli.context import EXIT_FAULT, EXIT_REFUSED, CliContext
from qenex_desktop.cli.formatting import terminal_safe
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.private_files import use_private_umask

_log = logging.getLogger("qenex_desktop.cli")


class _Parser(argparse.ArgumentParser):
    """argparse, plus the JSON error object ``--json`` promises when the command line is malformed."""

    json_errors = False

    def error(self, message: str) -> NoReturn:
        if _Parser.json_errors:
            error = {"code": "usage", "message": message, "field": None}
            print(json.dumps({"ok": False, "error": error}))
        super().error(message)  # usage on stderr, exit 2


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qenex", description="QENEX Desktop from the command line.")
    parser.add_argument("--version", action="version", version=f"qenex {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where the ledger lives (default: $QENEX_DATA_DIR or the user data dir)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    use_private_umask()  # exports, the ledger, logs: the user's only
    parser = build_parser()
    _Parser.json_errors = "--json" in (sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    ctx = CliContext(data_dir=args.data_dir, json=args.json)
    try:
        result = args.handler(ctx, args)
    except QenexError as exc:
        if ctx.json:
            print(
                json.dumps(
                    {"ok": False, "error": {"code": exc.code, "message": exc.message, "field": exc.field}}
                )
            )
        print(f"qenex: {terminal_safe(exc.message)}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("qenex: interrupted", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as exc:
        _log.exception("unexpected fault in %s", args.command)
        fault = f"qenex: unexpected fault ({type(exc).__name__}: {exc}); details are in the log."
        print(terminal_safe(fault), file=sys.stderr)
        return EXIT_FAULT
    finally:
        ctx.close()
    if ctx.json:
        print(json.dumps({"ok": True, **result.data}, sort_keys=True))
    elif result.text:
        print(terminal_safe(result.text))  # ledger text may hold what a terminal would act on
    return result.exit_code


if __name__ == "__main__":
    raise SystemExit(main())
