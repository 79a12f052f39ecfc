"""Exchange fixtures: a logged-in core with two tokens, and a snapshot of every exchange row."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from qenex_desktop.cli.main import main
from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.db.models import (
    AuditEntry,
    ExchangeAccount,
    ExchangeBalance,
    ExchangePool,
    ExchangePosition,
    ExchangePricePoint,
    ExchangeSwap,
    ExchangeToken,
)
from qenex_desktop.core.exchange import ExchangeService
from tests.conftest import PROJECT_ROOT, STRONG_PASSWORD

_TABLES = (
    ExchangeToken,
    ExchangeAccount,
    ExchangeBalance,
    ExchangePool,
    ExchangePosition,
    ExchangeSwap,
    ExchangePricePoint,
    AuditEntry,
)


def snapshot(core: QenexCore) -> dict[str, list[tuple[Any, ...]]]:
    """Every exchange row and every audit entry, to prove a refused operation changed nothing."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with core.db.read() as session:
        for model in _TABLES:
            columns = [c for c in model.__table__.columns]
            rows = session.execute(select(*columns)).all()
            out[model.__tablename__] = sorted(tuple(r) for r in rows)
    return out


def assert_conserved(core: QenexCore) -> None:
    checks = core.exchange.supply_check()
    assert checks, "no tokens"
    for check in checks:
        assert check.ok, check


_CORES: dict[int, QenexCore] = {}


def ex_core(ex: ExchangeService) -> QenexCore:
    """The core an exchange service fixture belongs to."""
    return _CORES[id(ex)]


@pytest.fixture
def ex(logged_in_core: QenexCore) -> ExchangeService:
    service = logged_in_core.exchange
    _CORES[id(service)] = logged_in_core
    return service


@pytest.fixture
def two_tokens(ex: ExchangeService) -> ExchangeService:
    """AAA (18 decimals) and BBB (6 decimals), 1,000,000 each in alice's Main account."""
    ex.create_token("AAA", "Token A", 18, "1000000")
    ex.create_token("BBB", "Token B", 6, "1000000")
    return ex


class Cli:
    """The real ``qenex`` entry point, in this process, on one data dir (logged in as alice)."""

    def __init__(
        self, data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        self.data_dir = data_dir
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def __call__(self, *args: str, stdin: str = "", expect: int = 0, as_json: bool = True) -> Any:
        code, out, err = self.raw(*args, stdin=stdin, as_json=as_json)
        assert code == expect, out + err
        if not as_json:
            return out + err
        return dict(json.loads(out.strip().splitlines()[-1]))

    def raw(self, *args: str, stdin: str = "", as_json: bool = False) -> tuple[int, str, str]:
        """(exit code, stdout, stderr) exactly as printed."""
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        flags = ["--json"] if as_json else []
        code = main(["--data-dir", str(self.data_dir), *flags, *args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def run_process(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
        """The same command in a ``python -m`` process of its own: for hangs (killed at ``timeout``)."""
        return subprocess.run(
            [sys.executable, "-m", "qenex_desktop.cli.main", "--data-dir", str(self.data_dir), *args],
            capture_output=True,
            timeout=timeout,
            cwd=PROJECT_ROOT,
            env=dict(os.environ),
            check=False,
        )


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    run = Cli(tmp_path / "cli-data", capsys, monkeypatch)
    run("profile", "create", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    run("login", "--username", "alice", "--password-stdin", stdin=STRONG_PASSWORD + "\n")
    return run


@pytest.fixture
def market(cli: Cli) -> Cli:
    cli("token", "create", "--symbol", "USD", "--name", "Dollar", "--decimals", "6", "--supply", "1000000")
    cli("token", "create", "--symbol", "QXC", "--name", "QENEX", "--decimals", "18", "--supply", "500000")
    cli("pool", "create", "--token-a", "QXC", "--token-b", "USD", "--amount-a", "1000", "--amount-b", "2000")
    return cli
