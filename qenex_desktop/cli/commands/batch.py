"""``qenex [--data-dir DIR] batch``: many commands in one process, for scripts.

Standard input holds one JSON object a line, ``{"args": ["swap", "exec", ...], "stdin": "..."}``:
``args`` as they would follow ``qenex`` (``--json`` is implied), ``stdin`` (optional) what that
command reads on its standard input (a password). For each line, in order, standard output gets
exactly the one JSON object ``qenex --json ARGS`` prints, and the command has committed (its own
durable transactions) before the next line is read. A line that is not such an object, a
malformed command line, and a refused command each get their error object and the batch goes on;
the exit code is 1 when any line did not succeed. The ledger is opened once and the process's
login is shared by all lines, as in one process (a ``logout`` line ends it for the lines after).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import Any, TextIO

from qenex_desktop.cli.context import EXIT_FAULT, EXIT_OK, CliContext, CommandResult
from qenex_desktop.core.errors import QenexError, ValidationError

#: Words that make argparse print text (not a JSON object) and stop: refused on a batch line.
_NOT_COMMANDS = frozenset({"-h", "--help", "--version"})


class BatchLineError(ValidationError):
    code = "batch_line"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "batch", help="run many commands in one process: JSON lines in, one JSON object out per line"
    )
    parser.set_defaults(handler=batch_command)


def _line_request(line: str) -> tuple[list[str], str]:
    """The args and stdin text of one input line; ``BatchLineError`` names what is wrong."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BatchLineError(f"A batch line must be one JSON object: {exc.msg}.", field="line") from exc
    except (ValueError, RecursionError) as exc:  # nested past the parser's depth, or bad numbers
        raise BatchLineError("A batch line must be one plain JSON object.", field="line") from exc
    if not isinstance(request, dict):
        raise BatchLineError('A batch line must be a JSON object {"args": [...]}.', field="line")
    unknown = sorted(set(request) - {"args", "stdin"})
    if unknown:
        raise BatchLineError(f"Unknown key {unknown[0]!r}: a line has only args and stdin.", field=unknown[0])
    args = request.get("args")
    if not isinstance(args, list) or not args or not all(isinstance(word, str) for word in args):
        raise BatchLineError("args must be a non-empty list of strings (what follows qenex).", field="args")
    stdin = request.get("stdin", "")
    if not isinstance(stdin, str):
        raise BatchLineError("stdin must be a string.", field="stdin")
    refused = next((word for word in args if word in _NOT_COMMANDS), None)
    if refused is not None:
        raise BatchLineError(f"{refused} prints text, not a JSON object: not on a batch line.", field="args")
    return args, stdin


class _Runner:
    """One core per data dir (the batch's own, or a line's ``--data-dir``), kept for the whole batch."""

    def __init__(self, ctx: CliContext, out: TextIO) -> None:
        self.ctx = ctx
        self.out = out
        self.others: dict[str, CliContext] = {}

    def context(self, data_dir: str | None) -> CliContext:
        if data_dir is None or data_dir == self.ctx.data_dir:
            return self.ctx
        if data_dir not in self.others:
            self.others[data_dir] = CliContext(data_dir=data_dir, json=True)
        return self.others[data_dir]

    def run_line(self, line: str) -> int:
        from qenex_desktop.cli import main

        try:
            words, stdin = _line_request(line)
            main._Parser.json_errors, main._Parser.json_out = True, self.out
            try:
                args = main.build_parser(words).parse_args(["--json", *words])
            except SystemExit as stop:  # the usage error object is printed already
                return int(stop.code or 0) or EXIT_FAULT
            finally:
                main._Parser.json_out = None
            if args.handler is None:  # see main.parse
                args = main.build_parser(None).parse_args(["--json", *words])
            if args.command == "batch":
                raise BatchLineError("A batch line cannot start another batch.", field="args")
        except QenexError as exc:
            error = {"code": exc.code, "message": exc.message, "field": exc.field}
            print(json.dumps({"ok": False, "error": error}), file=self.out)
            return 1
        saved = sys.stdin
        sys.stdin = io.StringIO(stdin)  # never the batch's own input: that holds the next lines
        try:
            code = main.execute(self.context(args.data_dir), args, self.out)
        finally:
            sys.stdin = saved
        if code == EXIT_FAULT:  # qenex --json prints nothing then; a batch keeps one object a line
            error = {"code": "fault", "message": "Unexpected fault: details are in the log.", "field": None}
            print(json.dumps({"ok": False, "error": error}), file=self.out)
        return code

    def close(self) -> None:
        for other in self.others.values():
            other.close()


def batch_command(ctx: CliContext, args: argparse.Namespace) -> CommandResult:
    ctx.json = True  # every line's answer is its JSON object; the batch adds nothing of its own
    runner = _Runner(ctx, sys.stdout)
    failed = 0
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            failed += runner.run_line(line) != EXIT_OK
            sys.stdout.flush()  # a script reading answers as they come sees each one at once
    finally:
        runner.close()
    return CommandResult({}, "", exit_code=1 if failed else 0, printed=True)
