"""The Monitoring tab: health, operation latency and throughput, node and system, pool analytics.

Four pages. What the page on screen shows is read in one background operation when the tab is
shown, when an operation changed the ledger, and every ``LIVE_MS`` while it stays on screen (a
QTimer; a read still running skips the tick). System samples (CPU, memory, database size, node
latency, block height) come from the monitoring core's own thread; with a core that does not
sample by itself, a second timer here stores one every ``SAMPLE_MS`` while the app is unlocked,
also off the GUI thread. The first look at the system page takes one at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from qenex_desktop.core.changes import Changed
from qenex_desktop.core.monitoring.settings import HOUR_MS, MINUTE_MS
from qenex_desktop.core.validation import format_amount
from qenex_desktop.gui.charts import MIN_SPAN_S, ChartPacer, TimeChart
from qenex_desktop.gui.colours import HEALTH_STATUS, RED
from qenex_desktop.gui.context import GuiContext
from qenex_desktop.gui.formatting import clock_text, micros_text, percent_text
from qenex_desktop.gui.icons import icon
from qenex_desktop.gui.models import Column, RowTableModel, time_column
from qenex_desktop.gui.tab_base import TabBase
from qenex_desktop.gui.widgets import TableStack, fit_columns, heading, make_table, status_message

if TYPE_CHECKING:
    from qenex_desktop.core.app import QenexCore
    from qenex_desktop.core.monitoring import HealthStatus, OperationStats, Series
    from qenex_desktop.core.monitoring.pools import PoolHistory, PoolRef, PoolSummary

LIVE_MS = 5_000
PREBUILD_STEP_MS = 30
SAMPLE_MS = 15_000
WINDOWS = (
    ("15 minutes", 15 * MINUTE_MS),
    ("1 hour", HOUR_MS),
    ("6 hours", 6 * HOUR_MS),
    ("24 hours", 24 * HOUR_MS),
)
DEFAULT_WINDOW = 0
ALL_OPERATIONS = ""
HEALTH_LABELS = {
    "database": "Database integrity",
    "schema": "Database schema",
    "keyring": "Keyring",
    "node": "Node and chain id",
    "audit": "Audit chain",
    "audit_full": "Audit chain (full check)",  # the last full walk, at start-up and daily
}
PAGE_HEALTH, PAGE_OPERATIONS, PAGE_SYSTEM, PAGE_POOLS = range(4)


@dataclass(frozen=True)
class HealthData:
    health: list[HealthStatus]
    stats: list[OperationStats]


@dataclass(frozen=True)
class OperationsData:
    now_ms: int
    names: list[str]
    p50: Series
    p95: Series
    throughput: Series
    errors: Series
    tx_per_minute: Series


@dataclass(frozen=True)
class SystemData:
    now_ms: int
    series: dict[str, Series]


@dataclass(frozen=True)
class PoolsData:
    now_ms: int
    pools: list[PoolRef]
    history: PoolHistory | None
    summary: PoolSummary | None


def read_health(core: QenexCore, window_ms: int, *, run_checks: bool) -> HealthData:
    monitoring = core.monitoring
    health = monitoring.check_health() if run_checks else monitoring.health()
    return HealthData(health, monitoring.operation_stats(window_ms))


def read_operations(core: QenexCore, window_ms: int, operation: str) -> OperationsData:
    monitoring = core.monitoring
    name = operation or None
    return OperationsData(
        core.clock.now_ms(),
        monitoring.operations(),
        monitoring.latency_series(name, window_ms, stat="p50"),
        monitoring.latency_series(name, window_ms, stat="p95"),
        monitoring.throughput_series(name, window_ms),
        monitoring.error_rate_series(name, window_ms),
        monitoring.transaction_series(window_ms, bucket_ms=MINUTE_MS),
    )


SYSTEM_CHARTS = ("node_latency_ms", "block_height", "cpu_percent", "rss_bytes", "db_bytes", "wal_bytes")


def read_system(core: QenexCore, window_ms: int) -> SystemData:
    monitoring = core.monitoring
    series = {metric: monitoring.system_series(metric, window_ms) for metric in SYSTEM_CHARTS}
    return SystemData(core.clock.now_ms(), series)


def read_pools(core: QenexCore, window_ms: int, pool_id: int | None) -> PoolsData:
    monitoring = core.monitoring
    now_ms = core.clock.now_ms()
    pools = monitoring.pools()
    ids = [p.pool_id for p in pools]
    chosen = pool_id if pool_id in ids else (ids[0] if ids else None)
    if chosen is None:
        return PoolsData(now_ms, pools, None, None)
    return PoolsData(
        now_ms, pools, monitoring.pool_history(chosen, window_ms), monitoring.pool_summary(chosen, window_ms)
    )


def valued_in_token1(rows: list[tuple[int, int, int]], history: PoolHistory) -> Series:
    """Per bucket (t, both sides in whole token1): side 0 valued at the pool's price at the bucket's
    end. For drawing only (bars need floats); the summary line above the charts stays exact."""
    pool, price = history.pool, history.price
    result: Series = []
    index, last = 0, (price[0][1] if price else 0.0)
    for t_ms, side0, side1 in rows:
        while index < len(price) and price[index][0] <= t_ms + history.bucket_ms:
            last = price[index][1]
            index += 1
        result.append((t_ms, side1 / 10**pool.decimals1 + side0 / 10**pool.decimals0 * last))
    return result


def stats_columns(t: Callable[[str], str]) -> list[Column[OperationStats]]:
    return [
        Column(t("Operation"), lambda s: s.operation),
        Column(t("Calls"), lambda s: str(s.count), numeric=True),
        Column(t("Errors"), lambda s: str(s.errors), numeric=True, color=lambda s: RED if s.errors else None),
        Column(t("p50"), lambda s: micros_text(s.p50_us), numeric=True),
        Column(t("p95"), lambda s: micros_text(s.p95_us), numeric=True),
        Column(t("p99"), lambda s: micros_text(s.p99_us), numeric=True),
        Column(
            t("Calls/min"),
            lambda s: f"{s.throughput_per_s * 60:.2f}",
            numeric=True,
            tooltip=lambda s: t("exact percentiles") if s.exact else t("estimated from histograms (±5%)"),
        ),
    ]


def health_columns(t: Callable[[str], str]) -> list[Column[HealthStatus]]:
    return [
        Column(t("Check"), lambda h: t(HEALTH_LABELS.get(h.name, h.name))),
        Column(
            t("Status"),
            lambda h: h.status.value.upper(),
            color=lambda h: HEALTH_STATUS.get(h.status.value),
        ),
        Column(t("Message"), lambda h: h.message, tooltip=lambda h: h.message),
        time_column(t("Checked"), lambda h: h.checked_at_ms),
    ]


class MonitoringTab(TabBase):
    key = "monitoring"
    relevant = Changed.AUDIT | Changed.NETWORKS | Changed.SESSION  # every state change writes AUDIT

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._reading = False
        self._reading_page = PAGE_HEALTH
        self._checked_once = False
        self.health_data: HealthData | None = None
        self.operations_data: OperationsData | None = None
        self.system_data: SystemData | None = None
        self.pools_data: PoolsData | None = None
        self.samples_taken = 0

        layout = QVBoxLayout(self)
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
        layout.addLayout(bar)

        self.pages = QTabWidget()
        self.pages.addTab(self._build_health(), self.tr("Health"))
        # The chart pages are built when first shown: a dozen plots at once would stall the window.
        self._builders: dict[int, Iterator[None]] = {}
        for index, title, builder in (
            (PAGE_OPERATIONS, self.tr("Operations"), self._build_operations),
            (PAGE_SYSTEM, self.tr("Node and system"), self._build_system),
            (PAGE_POOLS, self.tr("Pools"), self._build_pools),
        ):
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self.pages.addTab(holder, title)
            self._builders[index] = builder(holder_layout)
        self.pacer = ChartPacer(self)
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

    # -- building ------------------------------------------------------------------------------

    def _build_health(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(self.tr("Health checks")))
        self.health_model: RowTableModel[HealthStatus] = RowTableModel(health_columns(self.tr))
        self.health_view = make_table(self.health_model)
        self.health_view.setMinimumHeight(170)
        layout.addWidget(self.health_view, 2)
        self.health_hint = QLabel(
            self.tr(
                "Database integrity, schema, keyring, node (reachable, right chain id) and the audit "
                "chain. Press Run checks to check again now."
            )
        )
        self.health_hint.setWordWrap(True)
        layout.addWidget(self.health_hint)
        layout.addWidget(heading(self.tr("Operations in this window")))
        self.stats_model: RowTableModel[OperationStats] = RowTableModel(stats_columns(self.tr))
        self.stats_stack = TableStack(
            self.stats_model,
            self.tr(
                "No operations recorded in this window yet. Log in, swap, add liquidity or send "
                "something: each call's time shows up here."
            ),
        )
        self.stats_view = self.stats_stack.view
        layout.addWidget(self.stats_stack, 3)
        return page

    def _build_operations(self, holder: QVBoxLayout) -> Iterator[None]:
        page = QWidget()
        holder.addWidget(page)
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Operation")))
        self.operation_combo = QComboBox()
        self.operation_combo.addItem(self.tr("All operations"), ALL_OPERATIONS)
        self.operation_combo.setMinimumContentsLength(24)
        self.operation_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(self.operation_combo)
        row.addStretch(1)
        layout.addLayout(row)
        no_ops = self.tr("No calls in this window yet: log in, swap or send, and they show up here.")
        self.latency_chart = TimeChart(
            self.tr("Operation latency"), self.tr("Latency"), "ms", empty_text=no_ops, legend=True
        )
        yield  # one plot per event-loop turn (see ensure_page)
        self.throughput_chart = TimeChart(
            self.tr("Throughput"),
            self.tr("Calls"),
            self.tr("per second"),
            empty_text=no_ops,
            zero_is_empty=True,
        )
        yield  # one plot per event-loop turn (see ensure_page)
        self.errors_chart = TimeChart(
            self.tr("Failed calls"), self.tr("Failed"), self.tr("share of calls, 0 to 1"), empty_text=no_ops
        )
        yield  # one plot per event-loop turn (see ensure_page)
        self.tx_chart = TimeChart(
            self.tr("Transactions per minute"),
            self.tr("Transactions"),
            self.tr("per minute"),
            empty_text=self.tr(
                "No transactions in this window: swaps, liquidity changes and sends are counted here."
            ),
            bars=True,
            zero_is_empty=True,
        )
        yield  # one plot per event-loop turn (see ensure_page)
        grid = QGridLayout()
        grid.addWidget(self.latency_chart, 0, 0)
        grid.addWidget(self.throughput_chart, 0, 1)
        grid.addWidget(self.tx_chart, 1, 0)
        grid.addWidget(self.errors_chart, 1, 1)
        layout.addLayout(grid, 1)

    def _build_system(self, holder: QVBoxLayout) -> Iterator[None]:
        page = QWidget()
        holder.addWidget(page)
        grid = QGridLayout(page)
        waiting = self.tr("The app samples itself every 15 s while unlocked; the first point comes shortly.")
        no_node = self.tr(
            "No node readings in this window. Start the local node (Tools → Start local node) or "
            "check the network in File → Settings."
        )
        self.node_latency_chart = TimeChart(
            self.tr("Node latency"), self.tr("Round trip"), "ms", empty_text=no_node
        )
        yield  # one plot per event-loop turn (see ensure_page)
        self.block_chart = TimeChart(
            self.tr("Block height"), self.tr("Block"), self.tr("number"), empty_text=no_node
        )
        yield  # one plot per event-loop turn (see ensure_page)
        self.cpu_chart = TimeChart(self.tr("App CPU"), self.tr("CPU"), "%", empty_text=waiting)
        yield  # one plot per event-loop turn (see ensure_page)
        self.memory_chart = TimeChart(
            self.tr("App memory (resident)"), self.tr("Memory"), "B", empty_text=waiting, si_prefix=True
        )
        yield  # one plot per event-loop turn (see ensure_page)
        self.db_chart = TimeChart(
            self.tr("Database size"), self.tr("Size"), "B", empty_text=waiting, si_prefix=True, legend=True
        )
        yield  # one plot per event-loop turn (see ensure_page)
        grid.addWidget(self.node_latency_chart, 0, 0)
        grid.addWidget(self.block_chart, 0, 1)
        grid.addWidget(self.cpu_chart, 1, 0)
        grid.addWidget(self.memory_chart, 1, 1)
        grid.addWidget(self.db_chart, 2, 0, 1, 2)

    def _build_pools(self, holder: QVBoxLayout) -> Iterator[None]:
        page = QWidget()
        holder.addWidget(page)
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Pool")))
        self.pool_combo = QComboBox()
        self.pool_combo.setMinimumContentsLength(16)
        self.pool_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(self.pool_combo)
        row.addStretch(1)
        layout.addLayout(row)
        self.pool_summary_box = QGroupBox(self.tr("In this window"))
        summary = QHBoxLayout(self.pool_summary_box)
        self.pool_summary = QLabel(self.tr("No pools yet: create one in the Liquidity tab."))
        self.pool_summary.setWordWrap(True)
        self.pool_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary.addWidget(self.pool_summary)
        layout.addWidget(self.pool_summary_box)
        no_pool = self.tr("No pools yet: create one in the Liquidity tab, then swap through it.")
        self.pool_price_chart = TimeChart(
            self.tr("Price"), self.tr("Price"), empty_text=no_pool, include_zero=False
        )
        yield  # one plot per event-loop turn (see ensure_page)
        self.pool_volume_chart = TimeChart(
            self.tr("Volume"), self.tr("Swapped in"), empty_text=no_pool, bars=True, zero_is_empty=True
        )
        yield  # one plot per event-loop turn (see ensure_page)
        self.pool_fees_chart = TimeChart(
            self.tr("Fees earned"), self.tr("Fees"), empty_text=no_pool, bars=True, zero_is_empty=True
        )
        yield  # one plot per event-loop turn (see ensure_page)
        grid = QGridLayout()
        grid.addWidget(self.pool_price_chart, 0, 0, 1, 2)
        grid.addWidget(self.pool_volume_chart, 1, 0)
        grid.addWidget(self.pool_fees_chart, 1, 1)
        layout.addLayout(grid, 1)

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

    # -- reading -------------------------------------------------------------------------------

    @property
    def window_ms(self) -> int:
        return int(self.window_combo.currentData())

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

    def refresh(self) -> None:
        self.ensure_page(self.pages.currentIndex())
        if self._reading or self.ctx.locked:
            return
        core, window_ms, page = self.ctx.core, self.window_ms, self.pages.currentIndex()
        call: Callable[[], Any]
        if page == PAGE_HEALTH:
            first = not self._checked_once
            self._checked_once = True
            call = lambda: read_health(core, window_ms, run_checks=first)  # noqa: E731
            done: Callable[[Any], None] = self._show_health
        elif page == PAGE_OPERATIONS:
            operation = str(self.operation_combo.currentData() or ALL_OPERATIONS)
            call = lambda: read_operations(core, window_ms, operation)  # noqa: E731
            done = self._show_operations
        elif page == PAGE_SYSTEM:
            if self.samples_taken == 0:
                self.sample()
            call = lambda: read_system(core, window_ms)  # noqa: E731
            done = self._show_system
        else:
            pool_id = self.pool_combo.currentData()
            chosen = int(pool_id) if pool_id is not None else None
            call = lambda: read_pools(core, window_ms, chosen)  # noqa: E731
            done = self._show_pools
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
            self.updated_label.setText(self.tr("Updated {t}").format(t=clock_text()))

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
        self.health_model.set_rows(data.health)
        fit_columns(self.health_view, max_width=520)
        self.stats_stack.set_rows(data.stats)
        fit_columns(self.stats_view)

    def _show_operations(self, data: OperationsData) -> None:
        self.operations_data = data
        combo = self.operation_combo
        current = combo.currentData()
        known = [combo.itemData(i) for i in range(combo.count())]
        if known != [ALL_OPERATIONS, *data.names]:
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("All operations"), ALL_OPERATIONS)
            for name in data.names:
                combo.addItem(name, name)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        start, end = data.now_ms - self.window_ms, data.now_ms
        # One time axis for the page: latency has points only where calls were, the others are
        # zero-filled buckets, so each fitting its own data would give four different ranges.
        firsts = [s[0][0] for s in (data.p50, data.p95) if s]
        if firsts:
            start = max(start, min(min(firsts), end - int(MIN_SPAN_S * 1000)))
        self._plot(self.latency_chart, [("p50", data.p50, 0), ("p95", data.p95, 1)], start, end, fit=False)
        self._plot(self.throughput_chart, [("calls/s", data.throughput, 2)], start, end, fit=False)
        self._plot(self.tx_chart, [("transactions", data.tx_per_minute, 0)], start, end, fit=False)
        self._plot(self.errors_chart, [("failed", data.errors, 4)], start, end, fit=False)

    def _plot(
        self,
        chart: TimeChart,
        lines: list[tuple[str, Series, int]],
        start_ms: int,
        end_ms: int,
        *,
        fit: bool = True,
    ) -> None:
        """Queue one chart's redraw on the pacer (one plot repainted per frame)."""

        def draw() -> None:
            for name, series, color in lines:
                chart.set_series(name, series, color_index=color)
            chart.set_window(start_ms, end_ms, fit_data=fit)

        self.pacer.run(chart.title, draw)

    def _show_system(self, data: SystemData) -> None:
        self.system_data = data
        series = data.series
        start, end = data.now_ms - self.window_ms, data.now_ms
        self._plot(self.node_latency_chart, [("latency", series.get("node_latency_ms", []), 0)], start, end)
        self._plot(self.block_chart, [("block", series.get("block_height", []), 3)], start, end)
        self._plot(self.cpu_chart, [("cpu", series.get("cpu_percent", []), 1)], start, end)
        self._plot(self.memory_chart, [("rss", series.get("rss_bytes", []), 2)], start, end)
        self._plot(
            self.db_chart,
            [
                (self.tr("database file"), series.get("db_bytes", []), 0),
                (self.tr("write-ahead log"), series.get("wal_bytes", []), 1),
            ],
            start,
            end,
        )

    def _show_pools(self, data: PoolsData) -> None:
        self.pools_data = data
        combo = self.pool_combo
        ids = [p.pool_id for p in data.pools]
        if [combo.itemData(i) for i in range(combo.count())] != ids:
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            for pool in data.pools:
                combo.addItem(pool.name, pool.pool_id)
            if data.history is not None:
                combo.setCurrentIndex(max(combo.findData(data.history.pool.pool_id), 0))
            elif current in ids:
                combo.setCurrentIndex(ids.index(current))
            combo.blockSignals(False)
        history, summary = data.history, data.summary
        if history is None or summary is None:
            for chart in (self.pool_price_chart, self.pool_volume_chart, self.pool_fees_chart):
                self.pacer.run(chart.title, chart.clear)
            self.pool_summary.setText(self.tr("No pools yet: create one in the Liquidity tab."))
            return
        pool = history.pool
        item = self.pool_price_chart.plot.getPlotItem()
        item.setTitle(self.tr("{pair} price").format(pair=pool.name))
        item.setLabel("left", self.tr("Price"), units=f"{pool.symbol1} per {pool.symbol0}")
        for chart, what in (
            (self.pool_volume_chart, self.tr("Volume")),
            (self.pool_fees_chart, self.tr("Fees earned")),
        ):
            chart_item = chart.plot.getPlotItem()
            chart_item.setTitle(self.tr("{what}, both sides valued in {s}").format(what=what, s=pool.symbol1))
            chart_item.setLabel("left", what, units=pool.symbol1)
        price = history.price
        self.pacer.run(self.pool_price_chart.title, lambda: self.pool_price_chart.set_series("price", price))
        start, end = data.now_ms - history.window_ms, data.now_ms
        self._plot(
            self.pool_volume_chart, [("volume", valued_in_token1(history.volume, history), 1)], start, end
        )
        self._plot(
            self.pool_fees_chart,
            [("fees", valued_in_token1(history.fees, history), 2)],
            start,
            end,
        )
        if summary.swaps == 0:
            for chart in (self.pool_volume_chart, self.pool_fees_chart):
                chart.set_empty_text(self.tr("No swaps through this pool in this window."))
        change = (
            self.tr("no price change data")
            if summary.price_change_bps is None
            else self.tr("price {sign}{p}").format(
                sign="+" if summary.price_change_bps >= 0 else "-",
                p=percent_text(abs(summary.price_change_bps)),
            )
        )
        self.pool_summary.setText(
            self.tr(
                "{swaps} swaps · volume {v0} {s0} + {v1} {s1} · fees {f0} {s0} + {f1} {s1} · "
                "TVL {tvl} {s1} · {change} · fee {fee}"
            ).format(
                swaps=summary.swaps,
                v0=format_amount(summary.volume0, pool.decimals0, max_fraction_digits=4),
                v1=format_amount(summary.volume1, pool.decimals1, max_fraction_digits=4),
                f0=format_amount(summary.fees0, pool.decimals0, max_fraction_digits=6),
                f1=format_amount(summary.fees1, pool.decimals1, max_fraction_digits=6),
                tvl=format_amount(summary.tvl_in_token1, pool.decimals1, max_fraction_digits=4),
                s0=pool.symbol0,
                s1=pool.symbol1,
                change=change,
                fee=percent_text(pool.fee_bps),
            )
        )

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
