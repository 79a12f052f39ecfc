"""The command line end to end, as a person runs it: ``.venv/bin/qenex`` in a subprocess.

These use the app's default Argon2 cost (the CLI has no test switch), so each auth step is real.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import pytest

from qenex_desktop.core.db import migrate
from tests.conftest import STRONG_PASSWORD

QENEX = Path(sys.executable).parent / "qenex"
NEW_PASSWORD = "a brand new passphrase"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def qenex(data_dir: Path) -> Run:
    def run(
        *args: str, stdin: str | None = None, json_output: bool = False
    ) -> subprocess.CompletedProcess[str]:
        command = [str(QENEX), "--data-dir", str(data_dir), *(["--json"] if json_output else []), *args]
        return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)

    return run


def _json(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout  # --json prints exactly one object
    value = json.loads(lines[0])
    assert isinstance(value, dict)
    return value


def _refused(result: subprocess.CompletedProcess[str], reason: str) -> None:
    assert result.returncode == 1, result
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("qenex: "), result.stderr
    assert reason in result.stderr


def test_version_is_the_package_metadata_version() -> None:
    result = subprocess.run([str(QENEX), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"qenex {version('qenex-desktop')}"


def test_profile_login_status_logout_flow(qenex: Run, data_dir: Path) -> None:
    created = qenex(
        "profile", "create", "--username", "Alice", "--password-stdin", stdin=STRONG_PASSWORD + "\n"
    )
    assert created.returncode == 0, created.stderr
    assert created.stdout.strip() == "Profile alice created."

    _refused(
        qenex("profile", "create", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD),
        "exists already",
    )
    _refused(
        qenex("profile", "create", "--username", "bob", "--password-stdin", stdin="short\n"), "at least 12"
    )
    _refused(
        qenex("profile", "create", "--username", "bob", "--password-stdin", stdin=""), "No password arrived"
    )
    assert _json(qenex("profile", "list", json_output=True)) == {"ok": True, "profiles": ["alice"]}

    before = _json(qenex("status", json_output=True))
    assert before["logged_in"] is False and before["session_expires_at"] is None

    _refused(
        qenex("login", "--username", "alice", "--password-stdin", stdin="wrong password!!\n"),
        "Wrong username",
    )
    login = qenex(
        "login", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD + "\n", json_output=True
    )
    assert login.returncode == 0, login.stderr
    data = _json(login)
    assert set(data) == {"ok", "username", "expires_at", "password_upgraded"}
    assert data["ok"] is True and data["username"] == "alice" and data["password_upgraded"] is False

    status = _json(qenex("status", json_output=True))
    assert status["logged_in"] is True and status["profile"] == "alice"
    assert status["schema_revision"] == status["schema_head"] == migrate.head_revision()
    assert status["database_path"] == str(data_dir / "ledger.db")
    keyring_file = Path(os.environ["QENEX_KEYRING_FILE"])
    assert status["keyring_backend"] == "keyrings.alt.file.PlaintextKeyring"
    assert status["keyring_plaintext_file"] is True and status["keyring_location"] == str(keyring_file)
    assert stat.S_IMODE(keyring_file.stat().st_mode) == 0o600
    text = qenex("status").stdout
    assert "plain-text file" in text and str(keyring_file) in text and "live until" in text

    changed = qenex(
        "profile", "change-password", "--username", "alice", stdin=f"{STRONG_PASSWORD}\n{NEW_PASSWORD}\n"
    )
    assert changed.returncode == 0 and changed.stdout.strip() == "Password changed.", changed.stderr

    logout = qenex("logout")
    assert logout.returncode == 0 and logout.stdout.strip() == "Logged out."
    assert _json(qenex("logout", json_output=True)) == {"ok": True, "ended": False}
    assert _json(qenex("status", json_output=True))["logged_in"] is False

    _refused(
        qenex("login", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD), "Wrong username"
    )
    assert qenex("login", "--username", "alice", "--password-stdin", stdin=NEW_PASSWORD).returncode == 0


def test_errors_in_json_mode_are_one_object_and_exit_1(qenex: Run) -> None:
    result = qenex(
        "login", "--username", "nobody", "--password-stdin", stdin="some password here", json_output=True
    )
    assert result.returncode == 1
    assert _json(result) == {
        "ok": False,
        "error": {
            "code": "authentication_failed",
            "message": "Wrong username or password.",
            "field": "password",
        },
    }
    assert result.stderr == "qenex: Wrong username or password.\n"


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["no-such-command"],
        ["profile"],
        ["profile", "create", "--username", "alice"],  # the password must come on stdin
        ["audit", "export", "--format", "xml"],
        ["login", "--username", "alice", "--password", "on-the-command-line"],
    ],
)
def test_malformed_command_lines_exit_2(qenex: Run, args: list[str]) -> None:
    result = qenex(*args)
    assert result.returncode == 2
    assert "usage: qenex" in result.stderr
    assert result.stdout == ""


def test_a_malformed_command_line_under_json_still_prints_one_json_object(qenex: Run) -> None:
    result = qenex("--json", "audit", "export", "--format", "xml")
    assert result.returncode == 2
    assert "usage: qenex" in result.stderr
    answer = json.loads(result.stdout)
    assert answer["ok"] is False and answer["error"]["code"] == "usage"
    assert "xml" in answer["error"]["message"]


def test_a_command_that_needs_a_session_says_so(qenex: Run) -> None:
    _refused(qenex("wallet", "list"), "No live session")


def test_audit_verify_export_and_tampering(qenex: Run, data_dir: Path, tmp_path: Path) -> None:
    assert (
        qenex(
            "profile", "create", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD
        ).returncode
        == 0
    )
    assert qenex("login", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD).returncode == 0
    assert qenex("logout").returncode == 0

    verified = qenex("audit", "verify", json_output=True)
    assert verified.returncode == 0
    assert _json(verified) == {"ok": True, "intact": True, "entries": 3, "checked": 3, "incremental": False}
    # From the checkpoint by default: nothing new since; --full walks every entry again.
    assert qenex("audit", "verify").stdout.strip() == "Audit chain intact: 0 new entries checked, 3 in all."
    assert (
        qenex("audit", "verify", "--full").stdout.strip()
        == "Audit chain intact: 3 entries checked, 3 in all."
    )

    out = tmp_path / "audit.jsonl"
    exported = qenex("audit", "export", "--format", "jsonl", "--output", str(out), json_output=True)
    assert _json(exported) == {"ok": True, "entries": 3, "output": str(out)}
    events = [json.loads(line)["event"] for line in out.read_text().splitlines()]
    assert events == ["profile.created", "login.succeeded", "logout"]

    csv_text = qenex("audit", "export", "--format", "csv").stdout
    assert csv_text.splitlines()[0] == "id,created_at,category,event,actor,details,prev_hash,entry_hash"
    assert len(csv_text.splitlines()) == 4
    as_json = _json(qenex("audit", "export", "--format", "jsonl", json_output=True))
    assert as_json["entries"] == 3 and isinstance(as_json["content"], str)

    with sqlite3.connect(data_dir / "ledger.db") as db:
        db.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 2")
    db.close()
    broken = qenex("audit", "verify", "--full")  # an edit below the checkpoint: only the full walk sees it
    _refused(broken, "Audit chain broken at entry 2: this entry was edited.")
    broken_json = _json(qenex("audit", "verify", "--full", json_output=True))
    assert broken_json["ok"] is False
    assert broken_json["error"]["code"] == "audit_chain_broken"  # type: ignore[index]


def test_data_dir_comes_from_the_environment_when_not_given(tmp_path: Path) -> None:
    env_dir = tmp_path / "from-env"
    env = {**os.environ, "QENEX_DATA_DIR": str(env_dir)}
    result = subprocess.run(
        [str(QENEX), "--json", "status"], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["database_path"] == str(env_dir / "ledger.db")
    assert (env_dir / "ledger.db").exists()


def test_session_timeouts_come_from_the_environment(qenex: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    monkeypatch.setenv("QENEX_SESSION_IDLE_MINUTES", "5")
    monkeypatch.setenv("QENEX_SESSION_LIFETIME_HOURS", "1")
    assert (
        qenex(
            "profile", "create", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD
        ).returncode
        == 0
    )
    assert qenex("login", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD).returncode == 0
    status = _json(qenex("status", json_output=True))
    idle_ends = datetime.fromisoformat(str(status["session_idle_expires_at"]))
    ends = datetime.fromisoformat(str(status["session_expires_at"]))
    assert abs((ends - idle_ends).total_seconds() - 55 * 60) <= 1  # created = last used at login

    for bad in ("ten", "١٠", "0", "9" * 5000):  # Arabic-Indic digits and 5,000 digits too: refusals
        monkeypatch.setenv("QENEX_SESSION_IDLE_MINUTES", bad)
        _refused(qenex("status"), "QENEX_SESSION_IDLE_MINUTES must be")


def test_a_password_typed_at_a_terminal_is_not_echoed(data_dir: Path) -> None:
    """At a real terminal (a pty here) the password is read without echo, so it never shows."""
    import pty
    import select as select_module
    import time

    pid, master = pty.fork()
    if pid == 0:  # the child: qenex on the pty, as in a person's terminal
        os.execv(
            str(QENEX),
            [
                str(QENEX),
                "--data-dir",
                str(data_dir),
                "profile",
                "create",
                "--username",
                "alice",
                "--password-stdin",
            ],
        )
    output = b""
    sent = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select_module.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the pty
                break
            if not chunk:
                break
            output += chunk
        if not sent and b"Password:" in output:
            os.write(master, STRONG_PASSWORD.encode() + b"\n")
            sent = True
    _, status = os.waitpid(pid, 0)
    os.close(master)
    assert sent, output
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert b"Profile alice created." in output
    assert STRONG_PASSWORD.encode() not in output
