"""The monitoring thread: writes buffered points in batches, snapshots holdings after a money
operation succeeded, and runs retention now and then.

A daemon thread, so it never keeps the process alive; ``stop()`` wakes it, waits for it and
leaves the last flush to the caller (``MonitoringService.close``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from qenex_desktop.core.monitoring.recorder import MetricsRecorder
from qenex_desktop.core.monitoring.settings import MonitoringSettings

_log = logging.getLogger(__name__)


class MonitorWorker:
    def __init__(
        self,
        recorder: MetricsRecorder,
        housekeeping: Callable[[], object],
        settings: MonitoringSettings,
        on_money_changed: Callable[[], object] | None = None,
    ) -> None:
        self.recorder = recorder
        self.housekeeping = housekeeping
        self.on_money_changed = on_money_changed
        self.settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="qenex-monitoring", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        self.recorder.flush_due.set()
        thread.join(timeout_s)

    def _run(self) -> None:
        next_housekeeping = time.monotonic() + self.settings.compact_interval_s
        while not self._stop.is_set():
            self.recorder.flush_due.wait(self.settings.flush_interval_s)
            if self._stop.is_set():
                return
            try:
                self.recorder.flush()
            except Exception:
                _log.warning("monitoring: metric points not written yet (will retry)", exc_info=True)
            if self.on_money_changed is not None and self.recorder.money_changed.is_set():
                self.recorder.money_changed.clear()
                try:
                    self.on_money_changed()
                except Exception:
                    _log.warning("monitoring: holdings snapshot failed", exc_info=True)
            if time.monotonic() >= next_housekeeping:
                next_housekeeping = time.monotonic() + self.settings.compact_interval_s
                try:
                    self.housekeeping()
                except Exception:
                    _log.warning("monitoring: retention did not run", exc_info=True)
