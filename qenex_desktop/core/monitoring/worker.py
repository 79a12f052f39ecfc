"""The monitoring thread: writes buffered points in batches, snapshots holdings after a money
operation succeeded, and runs periodic tasks (system samples, retention).

A daemon thread, so it never keeps the process alive; ``stop()`` wakes it, waits for it and
leaves the last flush to the caller (``MonitoringService.close``). A failing task is logged and
tried again at its next turn; it never stops the thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from qenex_desktop.core.monitoring.recorder import MetricsRecorder
from qenex_desktop.core.monitoring.settings import MonitoringSettings

_log = logging.getLogger(__name__)


@dataclass
class PeriodicTask:
    name: str
    interval_s: float
    run: Callable[[], object]
    #: monotonic time of the next run
    due: float = 0.0


class MonitorWorker:
    def __init__(
        self,
        recorder: MetricsRecorder,
        settings: MonitoringSettings,
        *,
        tasks: list[PeriodicTask] | None = None,
        on_money_changed: Callable[[], object] | None = None,
    ) -> None:
        self.recorder = recorder
        self.settings = settings
        self.tasks = tasks or []
        self.on_money_changed = on_money_changed
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        now = time.monotonic()
        for task in self.tasks:
            task.due = now + task.interval_s
        self._thread = threading.Thread(target=self._run, name="qenex-monitoring", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.set()
        self.recorder.flush_due.set()
        thread.join(timeout_s)

    def _guarded(self, what: str, run: Callable[[], object]) -> None:
        try:
            run()
        except Exception:
            _log.warning("monitoring: %s failed (will retry)", what, exc_info=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            wait = min([self.settings.flush_interval_s, *(max(0.0, t.due - now) for t in self.tasks)])
            self.recorder.flush_due.wait(wait)
            if self._stop.is_set():
                return
            self._guarded("writing metric points", self.recorder.flush)
            if self.on_money_changed is not None and self.recorder.money_changed.is_set():
                self.recorder.money_changed.clear()
                self._guarded("the holdings snapshot", self.on_money_changed)
            for task in self.tasks:
                if time.monotonic() >= task.due:
                    task.due = time.monotonic() + task.interval_s
                    self._guarded(task.name, task.run)
