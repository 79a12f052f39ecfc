"""What the chart pages share: they are built a plot at a time, and redraw through the pacer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from qenex_desktop.gui.charts import ChartPacer, TimeChart

if TYPE_CHECKING:
    from qenex_desktop.core.monitoring import Series


class ChartPage(QWidget):
    """A page of ``TimeChart``s. Making a plot costs ~15 ms: ``steps()`` builds the page one plot
    per step, and the tab runs the steps while the window idles (or all at once when shown)."""

    #: A choice on the page (an operation, a pool) changed what it should show: read again.
    changed = Signal()

    def __init__(self, pacer: ChartPacer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pacer = pacer
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(0, 0, 0, 0)

    def steps(self) -> Iterator[None]:
        """Build the page, yielding after each plot."""
        raise NotImplementedError

    def plot(
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
