from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable
from functools import cached_property
from json.encoder import encode_basestring_ascii
from typing import TYPE_CHECKING, Any, TextIO

from qenex_desktop.core.errors import ValidationError

if TYPE_CHECKING:  # the core (SQLAlchemy, ...) is imported when a command first touches it
    from qenex_desktop.core.app import QenexCore

#: Exit codes of every command: done, refused (nothing changed), malformed command line, a bug.
EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_FAULT = 0, 1, 2, 3
#: The reader of stdout went away (``qenex ... | head``): what the command did stands. 128 + SIGPIPE,
#: what a shell reports for a program the signal ended.
EXIT_CLOSED_PIPE = 141


class CommandResult:
    """What a command did: ``data`` for ``--json``, ``text`` for people. (Plain classes here, not
    dataclasses: importing ``dataclasses`` alone is a tenth of ``qenex --help``.)"""

    def __init__(self, data: dict[str, Any], text: str, exit_code: int = 0, *, printed: bool = False) -> None:
        self.data = data
        self.text = text
        #: Non-zero for a report whose answer is "no" (an unhealthy ledger), so scripts can act on it.
        self.exit_code = exit_code
        #: The command printed its own answer (``qenex batch``: one object a line): print nothing more.
        self.printed = printed


class StreamedText:
    """A JSON string value of ``data`` written piece by piece as ``produce`` writes it, so an
    export of any size prints with flat memory; ``produce`` may set ``Deferred`` values."""

    def __init__(self, produce: Callable[[TextIO], None]) -> None:
        self.produce = produce


class Deferred:
    """A value of ``data`` known only once a ``StreamedText`` before it (in key order) was written."""

    def __init__(self) -> None:
        self.value: Any = None


class _JsonStringBody:
    """A text stream that writes what it is given as the inside of a JSON string (``ensure_ascii``,
    as ``json.dumps`` writes it: escaping goes character by character, so pieces join exactly)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        self.out.write(encode_basestring_ascii(text)[1:-1])
        return len(text)


def write_json(out: TextIO, data: dict[str, Any]) -> None:
    """``print(json.dumps(data, sort_keys=True))``, with ``StreamedText`` values streamed."""
    if not any(isinstance(value, StreamedText | Deferred) for value in data.values()):
        print(json.dumps(data, sort_keys=True), file=out)
        return
    out.write("{")
    for index, key in enumerate(sorted(data)):
        value = data[key]
        out.write(("" if index == 0 else ", ") + json.dumps(key) + ": ")
        if isinstance(value, StreamedText):
            out.write('"')
            value.produce(_JsonStringBody(out))  # type: ignore[arg-type]
            out.write('"')
        else:
            out.write(json.dumps(value.value if isinstance(value, Deferred) else value, sort_keys=True))
    out.write("}\n")


class CliContext:
    def __init__(
        self, data_dir: str | None, json: bool, config_overrides: dict[str, Any] | None = None
    ) -> None:
        self.data_dir = data_dir
        self.json = json
        self.config_overrides: dict[str, Any] = config_overrides or {}

    @cached_property
    def core(self) -> QenexCore:
        from qenex_desktop.core.app import QenexCore
        from qenex_desktop.core.config import AppConfig

        # This command's operations are recorded too, when the core closes; a command that runs
        # none does not load the monitoring core at all.
        return QenexCore(AppConfig.load(self.data_dir, **self.config_overrides), defer_monitoring=True)

    def read_secret_from_stdin(self, what: str) -> str:
        """The first line of standard input, without its newline: secrets never go on the command line.

        Typed at a terminal, it is asked for without echo (getpass), so it never shows on screen.
        """
        if sys.stdin is None or sys.stdin.closed:
            raise ValidationError(f"Pipe the {what} on standard input.")
        if sys.stdin.isatty():
            value = getpass.getpass(f"{what[0].upper()}{what[1:]}: ")
        else:
            value = sys.stdin.readline().rstrip("\r\n")
        if not value:
            raise ValidationError(f"No {what} arrived on standard input.")
        return value

    def close(self) -> None:
        if "core" in self.__dict__:
            self.core.close()
