"""``qenex ... | head``: when whatever reads stdout closes it first, the command ends quietly with 141
(128 + SIGPIPE, what a shell reports for other tools), not as "unexpected fault" (exit 3, a bug), and
what it did stands."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qenex_desktop.cli.context import EXIT_CLOSED_PIPE
from qenex_desktop.cli.main import main
from tests.conftest import STRONG_PASSWORD

QENEX = Path(sys.executable).parent / "qenex"


def _qenex(data_dir: Path, *args: str, stdin: str = "") -> dict[str, object]:
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["--data-dir", str(data_dir), "--json", *args])
    assert code == 0, out.getvalue()
    reply: dict[str, object] = json.loads(out.getvalue())
    return reply


def _closed_pipe_run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``qenex`` with a stdout whose reader is gone before it writes a byte."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [str(QENEX), "--data-dir", str(data_dir), "--json", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env=dict(os.environ),
        )
    finally:
        os.close(write_end)


def test_a_closed_stdout_ends_quietly_and_what_was_done_stands(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    password = STRONG_PASSWORD + "\n"
    _qenex(data_dir, "profile", "create", "--username", "alice", "--password-stdin", stdin=password)
    _qenex(data_dir, "login", "--username", "alice", "--password-stdin", stdin=password)

    read = _closed_pipe_run(data_dir, "balance")
    assert read.returncode == EXIT_CLOSED_PIPE == 141
    assert read.stderr == ""  # no "unexpected fault", no "Exception ignored ... BrokenPipeError"

    made = _closed_pipe_run(
        data_dir, "token", "create", "--symbol", "GOLD", "--name", "Gold", "--decimals", "18", "--supply", "5"
    )
    assert made.returncode == 141 and made.stderr == ""
    tokens = _qenex(data_dir, "token", "list")["tokens"]
    assert isinstance(tokens, list) and [t["symbol"] for t in tokens] == ["GOLD"]
