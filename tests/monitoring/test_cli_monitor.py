"""``qenex monitor ...`` in-process, on a ledger the real core wrote."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from qenex_desktop.cli.context import EXIT_OK, EXIT_REFUSED
from qenex_desktop.cli.main import main
from qenex_desktop.core.config import AppConfig
from tests.conftest import STRONG_PASSWORD
from tests.monitoring.conftest import recorded_trading


def _run(capsys: pytest.CaptureFixture[str], config: AppConfig, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["--data-dir", str(config.data_dir), "--json", "monitor", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.fixture
def busy_ledger(config: AppConfig) -> AppConfig:
    """A ledger with logins (one failed), tokens, a pool and two swaps, all recorded."""
    core = recorded_trading(config)
    ex = core.exchange
    ex.swap_exact_in("AAA", "BBB", "2", 0)
    core.close()
    return config


def test_monitor_health_runs_and_stores_the_checks(
    capsys: pytest.CaptureFixture[str], busy_ledger: AppConfig
) -> None:
    code, data = _run(
        capsys, busy_ledger, "health", "--check", "database", "--check", "schema", "--check", "audit"
    )
    assert code == EXIT_OK
    assert data["healthy"] is True
    assert [(c["name"], c["status"]) for c in data["checks"]] == [
        ("database", "ok"),
        ("schema", "ok"),
        ("audit", "ok"),
    ]
    code, stored = _run(capsys, busy_ledger, "health", "--last")
    assert code == EXIT_OK
    assert [c["name"] for c in stored["checks"]] == ["database", "schema", "audit"]
    assert stored["checks"][0]["checked_at_ms"] == data["checks"][0]["checked_at_ms"]


def test_monitor_metrics_shows_each_operations_percentiles(
    capsys: pytest.CaptureFixture[str], busy_ledger: AppConfig
) -> None:
    code, data = _run(capsys, busy_ledger, "metrics", "--window", "1h")
    assert code == EXIT_OK
    ops = {o["operation"]: o for o in data["operations"]}
    assert ops["auth.login"]["count"] == 2 and ops["auth.login"]["errors"] == 1
    assert ops["exchange.swap"]["count"] == 2
    assert ops["exchange.swap"]["p50_us"] <= ops["exchange.swap"]["p99_us"]
    code, only = _run(capsys, busy_ledger, "metrics", "--operation", "exchange.swap", "--window", "15m")
    assert [o["operation"] for o in only["operations"]] == ["exchange.swap"]
    assert only["window"] == "15m"


def test_monitor_metrics_refuses_a_window_it_cannot_read(
    capsys: pytest.CaptureFixture[str], busy_ledger: AppConfig
) -> None:
    code = main(["--data-dir", str(busy_ledger.data_dir), "monitor", "metrics", "--window", "soon"])
    assert code == EXIT_REFUSED
    assert "not a time window" in capsys.readouterr().err


def test_monitor_stats_reports_the_process_transactions_and_pools(
    capsys: pytest.CaptureFixture[str], busy_ledger: AppConfig
) -> None:
    code, data = _run(capsys, busy_ledger, "stats", "--no-node", "--window", "1h")
    assert code == EXIT_OK
    system = data["system"]
    assert system["rss_bytes"] > 0 and system["db_bytes"] > 0
    assert system["node_reachable"] is None
    swaps = [t for t in data["transactions"] if t["source"] == "local" and t["kind"] == "swap"]
    assert swaps == [
        {
            "source": "local",
            "kind": "swap",
            "status": "done",
            "asset": "AAA",
            "decimals": 18,
            "count": 2,
            "volume": str(3 * 10**18),
        }
    ]
    (pool,) = data["pools"]
    assert pool["pair"] == "AAA/BBB" and pool["swaps"] == 2
    assert pool["fees0"] == str(3 * 10**18 * 30 // 10_000)


def test_any_commands_operations_are_recorded(
    capsys: pytest.CaptureFixture[str], config: AppConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(STRONG_PASSWORD + "\n"))
    assert (
        main(
            ["--data-dir", str(config.data_dir), "profile", "create", "--username", "bob", "--password-stdin"]
        )
        == 0
    )
    capsys.readouterr()
    code, data = _run(capsys, config, "metrics", "--operation", "profile.create")
    assert code == EXIT_OK
    assert [(o["operation"], o["count"]) for o in data["operations"]] == [("profile.create", 1)]


def test_monitor_health_exits_1_when_a_check_fails(
    capsys: pytest.CaptureFixture[str], busy_ledger: AppConfig
) -> None:
    """Scripts and cron jobs act on the exit code: a tampered audit entry must make it non-zero."""
    import sqlite3

    with sqlite3.connect(busy_ledger.database_path) as conn:
        conn.execute("UPDATE audit_log SET details = '{}' WHERE id = 2")
    code, data = _run(capsys, busy_ledger, "health", "--check", "audit", "--full-audit")
    assert code == EXIT_REFUSED
    assert data["healthy"] is False
    assert [(c["name"], c["status"]) for c in data["checks"]] == [("audit", "fail")]
