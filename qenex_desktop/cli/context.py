from __future__ import annotations

import getpass
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.errors import ValidationError

#: Exit codes of every command: done, refused (nothing changed), malformed command line, a bug.
EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_FAULT = 0, 1, 2, 3


@dataclass
class CommandResult:
    """What a command did: ``data`` for ``--json``, ``text`` for people."""

    data: dict[str, Any]
    text: str
    #: Non-zero for a report whose answer is "no" (an unhealthy ledger), so scripts can act on it.
    exit_code: int = 0


@dataclass
class CliContext:
    data_dir: str | None
    json: bool
    config_overrides: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def core(self) -> QenexCore:
        core = QenexCore(AppConfig.load(self.data_dir, **self.config_overrides))
        _ = core.monitoring  # record this command's operations too (written when the core closes)
        return core

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
