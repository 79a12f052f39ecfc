"""CLI start-up cost and ``qenex batch`` (issue 17).

``qenex --version``, ``--help`` and a malformed command line import neither the core nor
SQLAlchemy (only the running command's module is imported); a data command imports only what it
uses. ``qenex batch`` prints, line for line, exactly what ``qenex --json`` prints for each line.
Timings are in ``bench/scale.py``; these tests pin what is imported and what is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qenex_desktop.cli import commands
from qenex_desktop.cli.main import named_command
from qenex_desktop.core.config import AppConfig
from tests.conftest import PROJECT_ROOT, STRONG_PASSWORD, make_core

QENEX = Path(sys.executable).parent / "qenex"
HEAVY = (
    "sqlalchemy",
    "qenex_desktop.core.app",
    "eth_account",
    "web3",
    "alembic",
    "keyring",
    "qenex_desktop.core.monitoring.service",
    "psutil",
)

REPORT_IMPORTS = """
import json, sys
from qenex_desktop.cli.main import main
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
heavy = {heavy!r}
print(json.dumps({{"code": code, "heavy": sorted(m for m in heavy if m in sys.modules)}}), file=sys.stderr)
"""


def _imports_after(*argv: str, session_bus: str | None = None) -> dict[str, object]:
    """What ``qenex ARGV`` imported, on a box without a D-Bus session bus unless ``session_bus``
    names one (as a desktop session sets DBUS_SESSION_BUS_ADDRESS)."""
    env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    if session_bus is not None:
        env["DBUS_SESSION_BUS_ADDRESS"] = session_bus
    result = subprocess.run(
        [sys.executable, "-c", REPORT_IMPORTS.format(heavy=HEAVY), *argv],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert isinstance(report, dict)
    return report


@pytest.mark.parametrize(
    ("argv", "code"),
    [(["--version"], 0), (["--help"], 0), (["bogus"], 2), (["--json"], 2), (["--json", "--data"], 2)],
)
def test_version_help_and_usage_errors_import_nothing_heavy(argv: list[str], code: int) -> None:
    assert _imports_after(*argv) == {"code": code, "heavy": []}


def test_a_commands_own_help_imports_only_its_module() -> None:
    assert _imports_after("audit", "--help") == {"code": 0, "heavy": []}


def test_the_version_is_the_package_metadatas() -> None:
    from importlib.metadata import version

    out = subprocess.run([str(QENEX), "--version"], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout == f"qenex {version('qenex-desktop')}\n"


def test_a_data_command_imports_only_what_it_uses(config: AppConfig) -> None:
    core = make_core(config)
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    core.close()
    report = _imports_after("--data-dir", str(config.data_dir), "--json", "balance")
    assert report["code"] == 0
    # no chain, no Alembic, no monitoring core (a command that runs no operation records none), and
    # no keyring: without a D-Bus session bus no OS keyring can answer, the token is in the file
    assert report["heavy"] == ["qenex_desktop.core.app", "sqlalchemy"]


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the freedesktop keyrings' rule")
def test_with_a_session_bus_the_os_keyrings_are_asked_first(config: AppConfig, tmp_path: Path) -> None:
    """A desktop session names its bus: keyring is imported and Secret Service probed; this bus is
    dead, so the session is still found in the plain-text file."""
    core = make_core(config)
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    core.close()
    dead_bus = f"unix:path={tmp_path / 'no-bus-here'}"
    report = _imports_after("--data-dir", str(config.data_dir), "--json", "balance", session_bus=dead_bus)
    assert report == {"code": 0, "heavy": ["keyring", "qenex_desktop.core.app", "sqlalchemy"]}


def test_a_commands_operations_are_recorded_when_it_ends(config: AppConfig) -> None:
    """The CLI's monitoring core is built at the end, only for commands that ran operations, and
    gets every one of them (a refused login too)."""
    core = make_core(config)
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.close()
    data = ["--data-dir", str(config.data_dir)]
    login = [str(QENEX), *data, "login", "--username", "alice", "--password-stdin"]
    for password in ("wrong password 1", STRONG_PASSWORD):
        subprocess.run(login, input=password + "\n", capture_output=True, text=True, timeout=60)
    core = make_core(config)
    try:
        [stats] = [s for s in core.monitoring.operation_stats(3_600_000) if s.operation == "auth.login"]
    finally:
        core.close()
    assert (stats.count, stats.refusals) == (2, 1)


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["--json", "balance"], "balance"),
        (["--data-dir", "balance", "status"], "status"),
        (["--data", "x", "--json", "swap", "quote"], "swap"),
        (["--data-dir=x", "token"], "token"),
        (["--json", "--", "pool"], "pool"),
        (["--json"], None),
    ],
)
def test_the_named_command_is_found_past_the_global_options(argv: list[str], command: str | None) -> None:
    assert named_command(argv) == command


def test_each_module_registers_the_commands_and_help_of_the_table() -> None:
    """``qenex --help`` shows the table's help lines without importing the modules: they must say
    what the modules themselves register."""
    for module in commands.module_names():
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        commands.load(module).register(sub)
        registered = {action.dest: action.help for action in sub._choices_actions}
        expected = {
            name: help_text for name, (owner, help_text) in commands.COMMANDS.items() if owner == module
        }
        assert registered == expected, module


# -- qenex batch ------------------------------------------------------------------------------


def _logged_in_data_dir(config: AppConfig, name: str) -> Path:
    data_dir = config.data_dir.parent / name
    core = make_core(AppConfig(data_dir=data_dir, security=config.security, keyring_file=config.keyring_file))
    core.auth.create_profile("alice", STRONG_PASSWORD)
    core.auth.login("alice", STRONG_PASSWORD)
    core.close()
    return data_dir


LINES: list[dict[str, object]] = [
    {
        "args": [
            "token",
            "create",
            "--symbol",
            "AAA",
            "--name",
            "Token A",
            "--decimals",
            "18",
            "--supply",
            "1000",
        ]
    },
    {
        "args": [
            "token",
            "create",
            "--symbol",
            "BBB",
            "--name",
            "Token B",
            "--decimals",
            "6",
            "--supply",
            "1000",
        ]
    },
    {
        "args": [
            "pool",
            "create",
            "--token-a",
            "AAA",
            "--token-b",
            "BBB",
            "--amount-a",
            "100",
            "--amount-b",
            "200",
        ]
    },
    {"args": ["swap", "quote", "--from", "AAA", "--to", "BBB", "--amount-in", "1.5"]},
    {"args": ["swap", "exec", "--from", "AAA", "--to", "BBB", "--amount-in", "1.5", "--min-out", "0"]},
    {
        "args": ["swap", "exec", "--from", "AAA", "--to", "ZZZ", "--amount-in", "1", "--min-out", "0"]
    },  # refused: no ZZZ
    {"args": ["token", "create", "--symbol"]},  # a malformed command line
    {"args": ["balance"]},
    {"args": ["profile", "create", "--username", "bob", "--password-stdin"], "stdin": STRONG_PASSWORD + "\n"},
    {"args": ["profile", "create", "--username", "carol", "--password-stdin"]},  # no stdin: refused
    {"args": ["profile", "list"]},
    {"args": ["audit", "verify", "--full"]},
]


def _timeless(line: str) -> str:
    """The line with the moment it ran (``executed_at``: wall-clock ms) blanked: the one thing that
    differs between two runs of the same command. Everything else must match byte for byte."""
    return re.sub(r'"executed_at": \d+', '"executed_at": 0', line)


def test_batch_prints_what_each_qenex_json_call_prints(config: AppConfig) -> None:
    single_dir = _logged_in_data_dir(config, "single")
    batch_dir = _logged_in_data_dir(config, "batch")
    singles = []
    for line in LINES:
        args = [str(QENEX), "--data-dir", str(single_dir), "--json", *line["args"]]  # type: ignore[misc]
        stdin = line.get("stdin", "")
        done = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=120)
        assert done.stdout.count("\n") == 1, done  # exactly one object each
        singles.append(done.stdout)
    batch_input = "".join(json.dumps(line) + "\n" for line in LINES)
    batch = subprocess.run(
        [str(QENEX), "--data-dir", str(batch_dir), "batch"],
        input=batch_input,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert batch.returncode == 1  # some lines were refused
    assert len(batch.stdout.splitlines()) == len(singles)
    assert [_timeless(line) for line in batch.stdout.splitlines(keepends=True)] == [
        _timeless(line) for line in singles
    ]
    assert json.loads(singles[4])["ok"] is True and json.loads(singles[5])["error"]["code"] == "not_found"


def test_a_bad_batch_line_gets_an_error_object_and_the_batch_goes_on(config: AppConfig) -> None:
    data_dir = _logged_in_data_dir(config, "bad-lines")
    lines = [
        "not json",
        '["balance"]',
        '{"args": []}',
        '{"args": ["balance"], "stdin": 5}',
        '{"args": ["balance"], "extra": 1}',
        '{"args": ["--version"]}',
        '{"args": ["batch"]}',
        "[" * 100_000,
        '{"args": ["balance"]}',
    ]
    done = subprocess.run(
        [str(QENEX), "--data-dir", str(data_dir), "batch"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a["ok"] for a in answers] == [False] * 8 + [True]
    assert [a["error"]["code"] for a in answers[:8]] == ["batch_line"] * 8
    assert [a["error"]["field"] for a in answers[:8]] == [
        "line",
        "line",
        "args",
        "stdin",
        "extra",
        "args",
        "args",
        "line",
    ]
    assert answers[8] == {"ok": True, "balances": []}
    assert done.returncode == 1
