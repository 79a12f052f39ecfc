"""The heavy Qt modules (pyqtgraph) load on the GUI thread only while nobody types or clicks
(issue 17: a tab's first visit stalled 220-330 ms importing them), and never while input is recent."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from qenex_desktop.core.config import AppConfig
from qenex_desktop.gui.tab_registry import HEAVY_GUI_MODULES, QUIET_BUILT_TABS, QuietPreloader
from qenex_desktop.gui.tabs.liquidity.tab import LiquidityTab
from qenex_desktop.gui.tabs.monitoring.tab import LIVE_MS, MonitoringTab
from tests.gui.conftest import fast_core
from tests.gui.exchange_flows import MakeWindow, create_pool, create_token


@pytest.fixture()
def two_modules(tmp_path: Path) -> Iterator[tuple[str, ...]]:
    names = ("qenex_preload_probe_a", "qenex_preload_probe_b")
    for name in names:
        (tmp_path / f"{name}.py").write_text("LOADED = True\n")
    sys.path.insert(0, str(tmp_path))
    yield names
    sys.path.remove(str(tmp_path))
    for name in names:
        sys.modules.pop(name, None)


def test_modules_load_one_per_quiet_tick_and_never_while_input_is_recent(
    qtbot: QtBot, two_modules: tuple[str, ...]
) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    last_input = [time.monotonic()]
    preload = QuietPreloader(owner, lambda: last_input[0], modules=two_modules, quiet_s=0.3, tick_ms=20)
    preload.start()
    deadline = time.monotonic() + 0.6
    while time.monotonic() < deadline:  # a person keeps typing: nothing is imported
        last_input[0] = time.monotonic()
        qtbot.wait(20)
    assert not any(name in sys.modules for name in two_modules)
    qtbot.waitUntil(lambda: all(name in sys.modules for name in two_modules), timeout=3000)
    assert preload.pending == []


def test_one_module_a_tick(two_modules: tuple[str, ...]) -> None:
    owner = QWidget()
    preload = QuietPreloader(owner, lambda: 0.0, modules=two_modules, quiet_s=0.3)
    preload._tick()
    assert two_modules[0] in sys.modules
    assert two_modules[1] not in sys.modules
    preload._tick()
    assert two_modules[1] in sys.modules
    owner.deleteLater()


def test_the_heavy_list_names_the_pyqtgraph_tabs_and_the_charts() -> None:
    assert "qenex_desktop.gui.charts" in HEAVY_GUI_MODULES
    for tab in ("swap", "liquidity", "monitoring"):
        assert f"qenex_desktop.gui.tabs.{tab}.tab" in HEAVY_GUI_MODULES


def test_steps_run_after_the_modules_one_per_quiet_tick(two_modules: tuple[str, ...]) -> None:
    """The heavy tabs are built the same way, once their modules are in: one a tick, only when quiet."""
    owner = QWidget()
    done: list[str] = []
    quiet = [0.0]
    steps = (lambda: done.append("liquidity"), lambda: done.append("monitoring"))
    preload = QuietPreloader(owner, lambda: quiet[0], modules=two_modules[:1], steps=steps, quiet_s=0.3)
    preload._tick()
    assert two_modules[0] in sys.modules and done == []  # the module first
    quiet[0] = time.monotonic()  # someone types: nothing is built
    preload._tick()
    assert done == []
    quiet[0] = 0.0
    preload._tick()
    assert done == ["liquidity"]
    preload._tick()
    assert done == ["liquidity", "monitoring"] and preload.steps == []
    owner.deleteLater()


def test_the_window_builds_the_chart_tabs_while_nobody_types(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    window = make_window(lambda: fast_core(prepared))
    assert all(window.tabs.built(key) is None for key in QUIET_BUILT_TABS)  # not at start
    qtbot.waitUntil(
        lambda: all(window.tabs.built(key) is not None for key in QUIET_BUILT_TABS), timeout=30_000
    )
    assert window.tab_widget.currentWidget() is window.tabs.built("wallet")  # still on the Wallet tab


def test_the_liquidity_tab_is_read_and_laid_out_before_its_first_visit(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    """Issue 17: Liquidity's first visit laid out, filled and painted in one go (60-200 ms on a 10k
    ledger). While nobody types, its rows are read and it takes the page's size unseen, so the
    visit shows rows that are there already; a change made meanwhile still reads again."""
    seed = fast_core(prepared)
    seed.exchange.create_token("USD", "US dollar", 18, "100000")
    seed.exchange.create_token("QXC", "QENEX coin", 18, "100000")
    seed.exchange.create_pool("QXC", "USD", "1000", "2000")
    seed.close()
    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.preload is not None and window.preload.done, timeout=30_000)
    window.ops.wait_idle()
    liquidity = window.tabs.built("liquidity")
    monitoring = window.tabs.built("monitoring")
    assert isinstance(liquidity, LiquidityTab) and isinstance(monitoring, MonitoringTab)
    assert not liquidity.isVisible()
    assert liquidity.pools_model.rowCount() == 1  # read unseen
    page = window.tab_widget.currentWidget()
    assert liquidity.size() == page.size() == monitoring.size()
    assert monitoring.health_data is not None and monitoring.read_at is not None  # its page, read unseen
    assert gc.get_freeze_count() > 0  # and then what lives as long as the app was frozen (gc_guard.settle)

    window.tab_widget.setCurrentWidget(liquidity)
    assert liquidity.pools_model.rowCount() == 1  # before any event is handled: nothing to wait for
    shown = liquidity.pools_model.row_at(liquidity.pools_model.index(0, 0))
    assert shown is not None and shown.base_symbol == "QXC"

    window.tab_widget.setCurrentWidget(window.tabs["wallet"])
    create_token(qtbot, window, "EUR", "5000")
    create_pool(qtbot, window, "EUR", "USD", "100", "110")
    window.tab_widget.setCurrentWidget(liquidity)
    qtbot.waitUntil(lambda: liquidity.pools_model.rowCount() == 2, timeout=15_000)


def test_monitoring_read_unseen_reads_again_when_shown_after_a_live_tick(
    qtbot: QtBot, make_window: MakeWindow, prepared: AppConfig
) -> None:
    """Monitoring's windows move with the clock: what was read before the visit (or on an earlier
    one) and is older than a live tick is read again when the tab is shown."""
    window = make_window(lambda: fast_core(prepared))
    qtbot.waitUntil(lambda: window.preload is not None and window.preload.done, timeout=30_000)
    window.ops.wait_idle()
    monitoring = window.tabs.built("monitoring")
    assert isinstance(monitoring, MonitoringTab) and monitoring.read_at is not None
    read_before = monitoring.read_at - LIVE_MS / 1000 - 1  # as if read more than a live tick ago
    monitoring.read_at = read_before
    monitoring.live.setChecked(False)  # no live tick: only the rule on showing may read
    window.tab_widget.setCurrentWidget(monitoring)
    qtbot.waitUntil(
        lambda: monitoring.read_at is not None and monitoring.read_at > read_before, timeout=15_000
    )
