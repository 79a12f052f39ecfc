"""Activity lists local-ledger transactions too; the Audit tab verifies the chain and exports it."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from qenex_desktop.core.app import QenexCore
from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.main_window import MainWindow
from qenex_desktop.gui.tabs.activity_tab import ActivityTab
from qenex_desktop.gui.tabs.audit_tab import AuditTab
from tests.gui.conftest import fast_core

MakeWindow = Callable[[Callable[[], QenexCore]], MainWindow]


def unlocked(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> MainWindow:
    window = make_window(lambda: fast_core(config))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.tab_widget, timeout=10_000)
    return window


def test_activity_shows_ledger_swaps_after_the_operation_reports_a_change(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = unlocked(qtbot, make_window, prepared)
    activity = window.tabs["activity"]
    assert isinstance(activity, ActivityTab)
    window.tab_widget.setCurrentWidget(activity)
    window.ops.wait_idle()
    assert activity.model.rowCount() == 0
    assert activity.stack.currentWidget() is activity.empty
    assert window.ctx is not None
    exchange = window.ctx.core.exchange

    def trade() -> None:
        exchange.create_token("GOLD", "Gold", 18, "1000")
        exchange.create_token("SILV", "Silver", 6, "5000")
        exchange.create_pool("GOLD", "SILV", "100", "400")
        exchange.swap_exact_in("GOLD", "SILV", "5", 0)

    window.ops.run(trade)  # what it changed is what the core reports: no hand-kept list
    qtbot.waitUntil(lambda: activity.model.rowCount() == 4, timeout=15_000)
    swap = activity.model.rows[0]
    assert (swap.source, swap.kind, swap.status) == ("Ledger", "Swap", "confirmed")
    assert swap.amount.startswith("5 GOLD → ") and swap.amount.endswith(" SILV")
    pool = activity.model.rows[1]
    assert pool.kind == "Create pool" and pool.amount == "100 GOLD + 400 SILV"


def test_audit_tab_verifies_the_chain_and_exports_jsonl_and_csv(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig, tmp_path: Path
) -> None:
    window = unlocked(qtbot, make_window, prepared)
    audit = window.tabs["audit"]
    assert isinstance(audit, AuditTab)
    window.tab_widget.setCurrentWidget(audit)
    qtbot.waitUntil(lambda: audit.model.rowCount() > 0, timeout=10_000)
    events = {row.event for row in audit.model.rows}
    assert {"profile.created", "login.succeeded", "wallet.created"} <= events
    audit.verify()
    qtbot.waitUntil(lambda: audit.verification is not None, timeout=10_000)
    assert audit.verification is not None and audit.verification.ok
    assert "intact" in audit.state.text()

    jsonl, table = tmp_path / "audit.jsonl", tmp_path / "audit.csv"
    audit.export(str(jsonl))
    window.ops.wait_idle()
    audit.export(str(table))
    window.ops.wait_idle()
    lines = [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
    assert [entry["id"] for entry in lines] == sorted(entry["id"] for entry in lines)
    assert len(lines) >= audit.model.rowCount()
    with table.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:4] == ["id", "created_at", "category", "event"]
    assert len(rows) == len(lines) + 1
