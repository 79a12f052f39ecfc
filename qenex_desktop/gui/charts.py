"""pyqtgraph helpers: time charts with labelled axes, palette colours, and an empty state.

Every chart of the app is a ``TimeChart``: a date axis at the bottom (``pg.DateAxisItem``, x in
seconds since the epoch), a left axis that names the quantity and its unit, a legend when it
draws more than one line, and a sentence over the plot while it has nothing to draw, saying
what would fill it. Series come from the core as ``(t_ms, value)`` pairs (``monitoring.Series``).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from functools import partial

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

#: Line colours that read on light and dark backgrounds (blue, orange, green, purple, red).
LINE_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#d62728")
SeriesData = Sequence[tuple[int, float]]
#: Up to this many points a line also marks each point.
FEW_POINTS = 40
#: The time axis spans at least this much, so it reads as clock times, not fractions of a second.
MIN_SPAN_S = 60.0

pg.setConfigOptions(antialias=True)


class TimeChart(QWidget):
    """A titled line (or bar) chart over time; ``set_series`` draws, ``has_data`` tells tests."""

    def __init__(
        self,
        title: str,
        y_label: str,
        y_units: str = "",
        *,
        empty_text: str,
        si_prefix: bool = False,
        bars: bool = False,
        legend: bool = False,
        zero_is_empty: bool = False,
        include_zero: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.bars = bars
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.plot.setMinimumHeight(170)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = self.plot.getPlotItem()
        item.setTitle(title)
        item.setLabel("left", y_label, units=y_units or None)
        item.setLabel("bottom", self.tr("Time"))
        item.getAxis("left").enableAutoSIPrefix(si_prefix)
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setMenuEnabled(False)
        item.hideButtons()
        # before any data: the last hour, so the time axis reads as clock times, not 1970
        now_s = time.time()
        item.setXRange(now_s - 3600, now_s, padding=0)
        self.legend: pg.LegendItem | None = self.plot.addLegend(offset=(10, 10)) if legend else None
        self._apply_palette()
        self._items: dict[str, pg.GraphicsObject] = {}
        self._points: dict[str, int] = {}
        self._spans: dict[str, tuple[float, float]] = {}
        self._nonzero: dict[str, bool] = {}
        self._levels: dict[str, tuple[float, float]] = {}
        self.zero_is_empty = zero_is_empty
        #: Counts, sizes and latencies read best from zero; a price reads best zoomed to its moves.
        self.include_zero = include_zero
        self._window: tuple[float, float] | None = None
        self._fit_data = False

        # Over the plot but outside the layout: showing or hiding it then relays out nothing, so
        # the neighbouring plots are not repainted (a page of plots repainted at once stalls).
        self.empty = QLabel(empty_text, self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 0, 0)
        self.empty.raise_()

    def _apply_palette(self) -> None:
        """The plot in the palette's colours: background, axes, title and legend (pyqtgraph paints
        with colours of its own, so each is set again when the palette changes: ``changeEvent``)."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        self.plot.setBackground(base)
        text = palette.color(QPalette.ColorRole.Text)
        item = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(text))
            axis.setTextPen(pg.mkPen(text))
        item.setTitle(self.title, color=text.name())
        if self.legend is not None:
            back = QColor(base)
            back.setAlpha(220)
            self.legend.setBrush(pg.mkBrush(back))
            self.legend.setLabelTextColor(text)
            for _sample, label in self.legend.items:
                label.setText(label.text, color=text.name())  # a label's colour shows once re-set
        self._styled = True

    def changeEvent(self, event: QEvent) -> None:
        """The theme changed (Settings, or the OS with the system theme): follow it at once."""
        super().changeEvent(event)
        kinds = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in kinds and getattr(self, "_styled", False):
            self._apply_palette()

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)

    def set_series(self, name: str, series: SeriesData, *, color_index: int | None = None) -> None:
        """Draw (or redraw) one named line; x is ms since the epoch, as the core gives it."""
        xs = [t / 1000 for t, _ in series]
        ys = [float(v) for _, v in series]
        index = color_index if color_index is not None else len(self._items) % len(LINE_COLORS)
        color = QColor(LINE_COLORS[index % len(LINE_COLORS)])
        existing = self._items.get(name)
        if self.bars:
            if existing is not None:
                self.plot.removeItem(existing)
            width = (xs[1] - xs[0]) * 0.8 if len(xs) > 1 else 30.0
            bar = pg.BarGraphItem(x=xs, height=ys, width=width, brush=color, pen=pg.mkPen(color))
            self.plot.addItem(bar)
            self._items[name] = bar
        else:
            # few points: mark each one, or a single sample would draw nothing at all
            marks: dict[str, object] = (
                {"symbol": "o", "symbolSize": 5, "symbolBrush": color, "symbolPen": pg.mkPen(color)}
                if len(xs) <= FEW_POINTS
                else {"symbol": None}
            )
            if isinstance(existing, pg.PlotDataItem):
                existing.setData(xs, ys, **marks)
            else:
                self._items[name] = self.plot.plot(xs, ys, pen=pg.mkPen(color, width=2), name=name, **marks)
        self._points[name] = len(series)
        self._nonzero[name] = any(ys)
        if ys:
            self._levels[name] = (min(ys), max(ys))
        else:
            self._levels.pop(name, None)
        self._fit_y()
        if xs:
            self._spans[name] = (min(xs), max(xs))
        else:
            self._spans.pop(name, None)
        self._fit_x()
        self._update_empty()

    def set_window(self, start_ms: int, end_ms: int, *, fit_data: bool = False) -> None:
        """Show this time range (a monitoring window). ``fit_data``: start where the data starts
        when that is later (a fresh ledger has seconds of samples, not the hour asked for)."""
        self._window = (start_ms / 1000, end_ms / 1000)
        self._fit_data = fit_data
        self._fit_x()

    def _fit_x(self) -> None:
        if self._window is not None:
            low, high = self._window
            if self._fit_data and self._spans:
                first = min(lo for lo, _ in self._spans.values())
                low = max(low, min(first, high - MIN_SPAN_S))
            self.plot.setXRange(low, high, padding=0.02)
            return
        if not self._spans:
            now_s = time.time()
            self.plot.setXRange(now_s - 3600, now_s, padding=0)
            return
        low = min(lo for lo, _ in self._spans.values())
        high = max(hi for _, hi in self._spans.values())
        if high - low < MIN_SPAN_S:
            self.plot.setXRange(high - MIN_SPAN_S, high, padding=0.05)
        else:
            self.plot.enableAutoRange(axis="x")

    def _fit_y(self) -> None:
        """A flat series (one sample, a constant) gets a visible band around it, not a range of
        a millionth that prints ten-digit tick labels."""
        if not self._levels:
            return
        low = min(lo for lo, _ in self._levels.values())
        high = max(hi for _, hi in self._levels.values())
        if self.include_zero and low >= 0:
            self.plot.setYRange(0, high * 1.1 or 1.0, padding=0)
        elif high - low <= abs(high) * 1e-3:
            pad = abs(high) * 0.1 or 1.0
            bottom = max(0.0, low - pad) if low >= 0 else low - pad  # counts and sizes stay >= 0
            self.plot.setYRange(bottom, high + pad, padding=0)
        else:
            self.plot.enableAutoRange(axis="y")

    def clear(self) -> None:
        for item in self._items.values():
            self.plot.removeItem(item)
        self._items.clear()
        self._points.clear()
        self._spans.clear()
        self._nonzero.clear()
        self._levels.clear()
        if self.legend is not None:
            self.legend.clear()
        self.empty.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # inside the axes (title above, value axis left, time axis below): no tick label covered
        self.empty.setGeometry(self.rect().adjusted(80, 40, -24, -56))

    def _update_empty(self) -> None:
        """The sentence shows while there is nothing to draw (or, with ``zero_is_empty``, only zeros)."""
        empty = not any(self._nonzero.values()) if self.zero_is_empty else not self.has_data()
        if empty == self.empty.isHidden():
            self.empty.setVisible(empty)

    def has_data(self) -> bool:
        return any(self._points.values())

    def points(self, name: str) -> int:
        return self._points.get(name, 0)


class ChartPacer(QObject):
    """Runs chart updates one per short step, so a frame repaints one plot, not a page of them.

    Painting five antialiased plots in one frame takes 40-200 ms on a busy two-core machine (a
    frozen window); one at a time, each frame stays short. ``run(key, update)`` queues an update
    (a newer one with the same key replaces the waiting one); ``reveal(charts)`` keeps a page's
    plots blank until their turn, for the first look at a page.
    """

    def __init__(self, parent: QObject | None = None, *, step_ms: int = 20) -> None:
        super().__init__(parent)
        self.step_ms = step_ms
        self._queue: dict[str, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)

    def run(self, key: str, update: Callable[[], None]) -> None:
        self._queue.pop(key, None)
        self._queue[key] = update
        if not self._timer.isActive():
            self._timer.start(0 if len(self._queue) == 1 else self.step_ms)

    def reveal(self, charts: Sequence[TimeChart]) -> None:
        for chart in charts:
            chart.plot.setUpdatesEnabled(False)
            self.run(f"reveal-{id(chart)}", partial(chart.plot.setUpdatesEnabled, True))

    @property
    def pending(self) -> int:
        return len(self._queue)

    def _tick(self) -> None:
        if not self._queue:
            return
        key = next(iter(self._queue))
        update = self._queue.pop(key)
        with contextlib.suppress(RuntimeError):  # the chart was deleted meanwhile (window closing)
            update()
        if self._queue:
            self._timer.start(self.step_ms)
