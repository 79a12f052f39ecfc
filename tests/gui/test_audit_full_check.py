"""The window walks the whole audit chain in the background at every start (issue 10, item 18):
an entry edited before the last checkpoint, which the quick health check does not see, shows on
the Health page as "Audit chain (full check)" FAIL with the time of the walk."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.core.monitoring import Status
from qenex_desktop.gui.formatting import format_time
from qenex_desktop.gui.tabs.monitoring.tab import PAGE_HEALTH, MonitoringTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, show_tab

LABEL = "Audit chain (full check)"


def _health_row(tab: MonitoringTab) -> dict[str, str]:
    model = tab.health_page.health_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for r in range(model.rowCount()):
        if model.index(r, 0).data() == LABEL:
            return {h: model.index(r, c).data() for c, h in enumerate(headers)}
    return {}


def _open_and_wait(qtbot: QtBot, make_window: MakeWindow, config: AppConfig) -> tuple[MonitoringTab, int]:
    window = make_window(lambda: fast_core(config))
    assert window.ctx is not None
    monitoring = window.ctx.core.monitoring
    # Nothing asks for it (the Monitoring tab is not shown yet): the start schedules the walk.
    qtbot.waitUntil(lambda: any(h.name == "audit_full" for h in monitoring.health()), timeout=30_000)
    (walked,) = [h for h in monitoring.health() if h.name == "audit_full"]
    tab = show_tab(qtbot, window, "monitoring")
    assert isinstance(tab, MonitoringTab)
    tab.pages.setCurrentIndex(PAGE_HEALTH)
    qtbot.waitUntil(lambda: bool(_health_row(tab)), timeout=30_000)
    return tab, walked.checked_at_ms


def test_the_start_walks_the_chain_and_the_health_page_shows_an_old_edit(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    core = fast_core(prepared)
    try:
        assert core.monitoring.check_health(["audit"])[0].status is Status.OK  # checkpoint at the end
        assert core.monitoring.health()[0].name == "audit"  # no full walk stored yet
    finally:
        core.close()
    with sqlite3.connect(prepared.database_path) as db:
        db.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 1")
    db.close()

    tab, checked_at = _open_and_wait(qtbot, make_window, prepared)
    row = _health_row(tab)
    assert row["Status"] == "FAIL"
    assert "Audit chain broken at entry 1" in row["Message"]
    assert row["Checked"] == format_time(checked_at)


def test_on_a_sound_ledger_the_row_says_ok(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    tab, _checked_at = _open_and_wait(qtbot, make_window, prepared)
    row = _health_row(tab)
    assert row["Status"] == "OK"
    assert "intact" in row["Message"]
