"""Measuring the GUI's responsiveness: the longest time the event loop could not run.

``StallMeter`` runs a fast timer; each tick notes how late it came. A tick later than its
interval means the GUI thread was busy for that long (a stall a person feels as a frozen window).
Used by bench/gui_startup.py.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QTimer


class StallMeter(QObject):
    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 2) -> None:
        super().__init__(parent)
        self.interval_s = interval_ms / 1000
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.longest_s = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.reset()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        self._last = time.perf_counter()
        self.longest_s = 0.0
        self.ticks = 0

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self._last - self.interval_s
        self._last = now
        self.ticks += 1
        if gap > self.longest_s:
            self.longest_s = gap

    @property
    def longest_ms(self) -> float:
        return round(self.longest_s * 1000, 1)
