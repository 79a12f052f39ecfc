"""The Monitoring tab: health, operation latency and throughput, node and system, pool analytics.

Four pages (one module each). What the page on screen shows is read in one background operation
(``reads``) when the tab is shown, when an operation changed the ledger, and every ``LIVE_MS``
while it stays on screen (a QTimer; a read still running skips the tick). System samples (CPU,
memory, database size, node latency, block height) come from the monitoring core's own thread;
with a core set not to sample by itself, a second timer here stores one every ``SAMPLE_MS`` while
the app is unlocked, also off the GUI thread. The first look at the system page takes one at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.changes import Changed
from qenex_desktop.gui.charts import ChartPacer, TimeChart
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import clock_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.tabs.monitoring.health import HealthPage
from qenex_desktop.gui.tabs.monitoring.operations import OperationsPage
from qenex_desktop.gui.tabs.monitoring.pool_index import PoolIndexer
from qenex_desktop.gui.tabs.monitoring.pools import PoolsPage
from qenex_desktop.gui.tabs.monitoring.reads import (
    WINDOWS,
    HealthData,
    OperationsData,
    PoolsData,
    SystemData,
    read_health,
    read_operations,
    read_pools,
    read_system,
)
from qenex_desktop.gui.tabs.monitoring.system import SystemPage
from qenex_desktop.gui.widgets import status_message

LIVE_MS = 5_000
PREBUILD_STEP_MS = 30
SAMPLE_MS = 15_000
DEFAULT_WINDOW = 0
PAGE_HEALTH, PAGE_OPERATIONS, PAGE_SYSTEM, PAGE_POOLS = range(4)


class MonitoringTab(TabBase):
    key = "monitoring"
    relevant = Changed.AUDIT | Changed.NETWORKS | Changed.SESSION  # every state change writes AUDIT

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._reading = False
        self._reading_page = PAGE_HEALTH
        self._checked_once = False
        #: When the last read was shown (``time.monotonic()``), None before the first.
        self.read_at: float | None = None
        self.health_data: HealthData | None = None
        self.operations_data: OperationsData | None = None
        self.system_data: SystemData | None = None
        self.pools_data: PoolsData | None = None
        self.samples_taken = 0

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar())
        self.pacer = ChartPacer(self)
        self.health_page = HealthPage()
        self.operations_page = OperationsPage(self.pacer)
        self.system_page = SystemPage(self.pacer)
        self.pools_page = PoolsPage(self.pacer)
        self.pool_index = PoolIndexer(ctx, self.pools_page.index_label, self._pools_found)
        self.pages = QTabWidget()
        self.pages.addTab(self.health_page, self.tr("Health"))
        self.pages.addTab(self.operations_page, self.tr("Operations"))
        self.pages.addTab(self.system_page, self.tr("Node and system"))
        self.pages.addTab(self.pools_page, self.tr("Pools"))
        # The chart pages are built when first shown: a dozen plots at once would stall the window.
        self._builders: dict[int, Iterator[None]] = {}
        for index, page in (
            (PAGE_OPERATIONS, self.operations_page),
            (PAGE_SYSTEM, self.system_page),
            (PAGE_POOLS, self.pools_page),
        ):
            self._builders[index] = page.steps()
            page.changed.connect(self.refresh)
        self.pages.currentChanged.connect(self._page_changed)
        layout.addWidget(self.pages, 1)
        QTimer.singleShot(PREBUILD_STEP_MS, self._prebuild)

        self.live_timer = QTimer(self)
        self.live_timer.setInterval(LIVE_MS)
        self.live_timer.timeout.connect(self._live_tick)
        self.live_timer.start()
        self.sample_timer = QTimer(self)
        self.sample_timer.setInterval(SAMPLE_MS)
        self.sample_timer.timeout.connect(self._sample_tick)
        self.sample_timer.start()
        self.pool_index.start()

    def _pools_found(self) -> None:
        """The pool index stored new events: redraw the Pools page if it is the one shown."""
        if self.isVisible() and self.pages.currentIndex() == PAGE_POOLS:
            self.refresh()

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Window")))
        self.window_combo = QComboBox()
        for label, ms in WINDOWS:
            self.window_combo.addItem(self.tr(label), ms)
        self.window_combo.setCurrentIndex(DEFAULT_WINDOW)
        self.window_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        bar.addWidget(self.window_combo)
        self.live = QCheckBox(self.tr("Live (every 5 s)"))
        self.live.setChecked(True)
        bar.addWidget(self.live)
        bar.addStretch(1)
        self.updated_label = QLabel()
        bar.addWidget(self.updated_label)
        self.checks_button = QPushButton(icon("verify"), self.tr("Run checks"))
        self.checks_button.clicked.connect(lambda _c=False: self.run_checks())
        self.refresh_button = QPushButton(icon("refresh"), self.tr("Refresh"))
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh())
        bar.addWidget(self.checks_button)
        bar.addWidget(self.refresh_button)
        return bar

    def _on_changed(self, changes: Changed) -> None:
        if changes & Changed.NETWORKS:  # another network or node: the Health page checks again
            self._checked_once = False
        super()._on_changed(changes)

    # -- timers --------------------------------------------------------------------------------

    def _active(self) -> bool:
        """Unlocked, with a window on screen (not closing): timers may start work."""
        window = self.window()
        return not self.ctx.locked and window is not None and window.isVisible()

    def _live_tick(self) -> None:
        if self.live.isChecked() and self.isVisible() and self._active():
            self.refresh()

    def _core_samples(self) -> bool:
        """The monitoring core stores a system sample on its own thread unless its interval is 0
        (then this tab does, while unlocked). It was built when the ledger opened."""
        return self.ctx.core.monitoring.settings.system_interval_s > 0

    def _sample_tick(self) -> None:
        if not self._core_samples():
            self.sample()

    def sample(self) -> None:
        """Store one system sample now, on a worker thread (node probe included)."""
        if not self._active():
            return
        core = self.ctx.core
        self.ctx.ops.run(
            lambda: core.monitoring.sample_system(probe_node=True),
            name="system sample",
            on_done=self._sampled,
            owner=self,
            quiet=True,
        )

    def _sampled(self, _snapshot: Any) -> None:
        self.samples_taken += 1
        if self.isVisible() and self.pages.currentIndex() == PAGE_SYSTEM:
            self.refresh()

    # -- building the chart pages --------------------------------------------------------------

    def _page_changed(self, index: int) -> None:
        self.ensure_page(index)
        page = self.pages.widget(index)
        if page is not None:
            self.pacer.reveal(page.findChildren(TimeChart))
        self.refresh()

    def ensure_page(self, index: int) -> None:
        """Finish building a chart page now: it is about to be shown."""
        for _step in self._builders.pop(index, iter(())):
            pass

    def _prebuild(self) -> None:
        """Build the chart pages a plot at a time while the window idles (a plot costs ~15 ms to
        make; a page of five at once froze the window for 100-200 ms on its first visit)."""
        for index in list(self._builders):
            try:
                next(self._builders[index])
            except StopIteration:
                del self._builders[index]
                continue
            QTimer.singleShot(PREBUILD_STEP_MS, self._prebuild)
            return

    # -- reading -------------------------------------------------------------------------------

    @property
    def window_ms(self) -> int:
        return int(self.window_combo.currentData())

    def _read_for(self, page: int) -> tuple[Callable[[], Any], Callable[[Any], None]]:
        """The background read of a page and what shows its answer."""
        core, window_ms = self.ctx.core, self.window_ms
        if page == PAGE_HEALTH:
            first = not self._checked_once
            self._checked_once = True
            return partial(read_health, core, window_ms, run_checks=first), self._show_health
        if page == PAGE_OPERATIONS:
            return partial(
                read_operations, core, window_ms, self.operations_page.operation
            ), self._show_operations
        if page == PAGE_SYSTEM:
            if self.samples_taken == 0:
                self.sample()
            return partial(read_system, core, window_ms), self._show_system
        return partial(read_pools, core, window_ms, self.pools_page.pool_key), self._show_pools

    def refresh(self) -> None:
        self.ensure_page(self.pages.currentIndex())
        if self._reading or self.ctx.locked:
            return
        page = self.pages.currentIndex()
        call, done = self._read_for(page)
        self._reading = True
        self._reading_page = page
        self.ctx.ops.run(
            call,
            name="monitoring",
            latest="monitoring",
            on_done=lambda data: self._finish(done, data),
            on_error=lambda _e: self._finish(None, None),
            owner=self,
            quiet=True,
        )

    def _finish(self, done: Callable[[Any], None] | None, data: Any) -> None:
        self._reading = False
        if self.pages.currentIndex() != self._reading_page:
            self.refresh()  # the page changed while this read ran: read what is on screen now
            return
        if done is not None:
            done(data)
            self.read_at = time.monotonic()
            self.updated_label.setText(self.tr("Updated {t}").format(t=clock_text()))

    def showEvent(self, event: QShowEvent) -> None:
        """Read again when what is shown is older than a live tick (read before the first visit, or
        on an earlier one): the windows move with the clock, not only with operations."""
        if self.read_at is not None and time.monotonic() - self.read_at > LIVE_MS / 1000:
            self.mark_dirty()
        super().showEvent(event)

    def run_checks(self) -> None:
        core, window_ms = self.ctx.core, self.window_ms
        self.pages.setCurrentIndex(PAGE_HEALTH)

        def done(data: HealthData) -> None:
            self._show_health(data)
            bad = [h for h in data.health if h.status.value in ("warn", "fail")]
            status_message(
                self,
                self.tr("All checks passed.")
                if not bad
                else self.tr("{n} check(s) need attention.").format(n=len(bad)),
            )

        self.ctx.ops.run(
            lambda: read_health(core, window_ms, run_checks=True),
            name="health checks",
            on_done=done,
            trigger=self.checks_button,
            owner=self,
        )

    # -- showing -------------------------------------------------------------------------------

    def _show_health(self, data: HealthData) -> None:
        self.health_data = data
        self.health_page.show_data(data)

    def _show_operations(self, data: OperationsData) -> None:
        self.operations_data = data
        self.operations_page.show_data(data, self.window_ms)

    def _show_system(self, data: SystemData) -> None:
        self.system_data = data
        self.system_page.show_data(data, self.window_ms)

    def _show_pools(self, data: PoolsData) -> None:
        self.pools_data = data
        self.pools_page.show_data(data)

    # -- tests and screenshots -----------------------------------------------------------------

    def screenshot_pages(self) -> list[tuple[str, Callable[[], None]]]:
        """More pictures for the screenshot run, after the tab as shown: (name suffix, show it)."""
        return [
            (name, partial(self.pages.setCurrentIndex, index))
            for index, name in (
                (PAGE_OPERATIONS, "operations"),
                (PAGE_SYSTEM, "system"),
                (PAGE_POOLS, "pools"),
            )
        ]
