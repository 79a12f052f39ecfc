"""``qenex [--data-dir DIR] [--json] COMMAND ...``

Exit 0 on success; 1 with a one-line reason on stderr when the request was refused (nothing
changed); 2 for a malformed command line; 3 for an unexpected fault (a bug: see the log); 141 when
whatever read stdout closed it first (``| head``), quietly, as other command-line tools end.

Start-up cost: only the module of the command that runs is imported (``commands.COMMANDS``); the
others get a placeholder parser that carries their help line. ``--version``, ``--help`` and a
malformed command line import neither the core nor SQLAlchemy.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from qenex_desktop.cli import commands
from qenex_desktop.cli.context import EXIT_CLOSED_PIPE, EXIT_FAULT, EXIT_REFUSED, CliContext, write_json
from qenex_desktop.core.errors import QenexError
from qenex_desktop.core.private_files import private_umask

if TYPE_CHECKING:
    from qenex_desktop.cli.context import CommandResult

_DATA_DIR = "--data-dir"


class _Version(argparse.Action):
    """``--version``: the version is read (importlib.metadata) only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> NoReturn:
        from qenex_desktop import __version__

        print(f"qenex {__version__}")  # on stdout, as argparse's own version action
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse, plus the JSON error object ``--json`` promises when the command line is malformed."""

    json_errors = False
    #: Where that object goes (``qenex batch`` points it at its own output).
    json_out: TextIO | None = None

    def error(self, message: str) -> NoReturn:
        if _Parser.json_errors:
            error = {"code": "usage", "message": message, "field": None}
            print(json.dumps({"ok": False, "error": error}), file=_Parser.json_out or sys.stdout)
        super().error(message)  # usage on stderr, exit 2


def named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word that is not a global option), or None."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if not word.startswith("-") or word == "-":
            return word
        if "=" not in word and len(word) > 2 and _DATA_DIR.startswith(word):
            next(words, None)  # the option's value (argparse takes any unique prefix of the name)
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The full parser of the command ``argv`` names; every other command is a placeholder that
    only shows its help line (``argv`` None: every command in full)."""
    parser = _Parser(prog="qenex", description="QENEX Desktop from the command line.")
    parser.add_argument("--version", action=_Version)
    parser.add_argument(
        _DATA_DIR,
        metavar="DIR",
        help="where the ledger lives (default: $QENEX_DATA_DIR or the user data dir)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    named = None if argv is None else commands.COMMANDS.get(named_command(argv) or "")
    registered: set[str] = set()
    for name, (module, help_text) in commands.COMMANDS.items():
        if argv is None or (named is not None and module == named[0]):
            if module not in registered:
                commands.load(module).register(subparsers)
                registered.add(module)
        else:
            placeholder = subparsers.add_parser(name, help=help_text, add_help=False)
            placeholder.add_argument("rest", nargs=argparse.REMAINDER)
            placeholder.set_defaults(handler=None)
    return parser


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``argv`` (exit 2 with usage on stderr when it is malformed)."""
    _Parser.json_errors = "--json" in argv
    args = build_parser(argv).parse_args(argv)
    if args.handler is None:  # the command was not where named_command looked: parse in full
        args = build_parser(None).parse_args(argv)
    return args


def execute(ctx: CliContext, args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run the parsed command and print its answer on ``out`` (default stdout); the exit code."""
    from qenex_desktop.cli.formatting import terminal_safe

    out = out or sys.stdout
    try:
        result: CommandResult = args.handler(ctx, args)
        if ctx.json and not result.printed:
            write_json(out, {"ok": True, **result.data})  # inside: a streamed export reads as it writes
    except QenexError as exc:
        if ctx.json:
            error = {"code": exc.code, "message": exc.message, "field": exc.field}
            print(json.dumps({"ok": False, "error": error}), file=out)
        print(f"qenex: {terminal_safe(exc.message)}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("qenex: interrupted", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        raise  # not a fault: main() ends quietly
    except Exception as exc:
        import logging

        logging.getLogger("qenex_desktop.cli").exception("unexpected fault in %s", args.command)
        fault = f"qenex: unexpected fault ({type(exc).__name__}: {exc}); details are in the log."
        print(terminal_safe(fault), file=sys.stderr)
        return EXIT_FAULT
    if not ctx.json and result.text:
        print(terminal_safe(result.text), file=out)  # ledger text may hold what a terminal would act on
    return result.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    with private_umask():  # exports, the ledger, logs: the user's only
        words = list(sys.argv[1:] if argv is None else argv)
        args = parse(words)
        ctx = CliContext(data_dir=args.data_dir, json=args.json)
        try:
            return execute(ctx, args)
        except BrokenPipeError:
            _drop_stdout()
            return EXIT_CLOSED_PIPE
        finally:
            ctx.close()


def _drop_stdout() -> None:
    """Point stdout at /dev/null: the interpreter's last flush would hit the closed pipe again and
    print "Exception ignored" (Python's documented way, see the ``signal`` module's SIGPIPE note)."""
    import os

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # not a real file (tests swap in a StringIO)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


if __name__ == "__main__":
    raise SystemExit(main())
