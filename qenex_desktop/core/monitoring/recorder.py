"""The listener that turns every ``@operation`` call into a stored metric point, cheaply.

The listener runs on the caller's thread, inside the operation's ``finally``: it only appends a
tuple to an in-memory buffer (microseconds). Points reach the ledger in batches, one write
transaction per batch, from the monitoring worker thread (``worker.py``) when ``flush_batch``
points wait or ``flush_interval_s`` has passed, and from ``close()``. The listener never writes
itself: an operation may call another inside its own write transaction, and a second writer on
the same thread would wait for a lock its own caller holds.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import insert

from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import MetricPoint
from qenex_desktop.core.instrumentation import OperationSample
from qenex_desktop.core.monitoring.settings import MonitoringSettings

_log = logging.getLogger(__name__)

#: (operation, started_at_ms, latency_us, outcome)
PointRow = tuple[str, int, int, str]


class MetricsRecorder:
    def __init__(
        self, database: Database, settings: MonitoringSettings, money_operations: frozenset[str] = frozenset()
    ) -> None:
        self.db = database
        self.settings = settings
        #: Operations that change holdings: a success sets ``money_changed`` (holdings snapshots).
        self.money_operations = money_operations
        self.money_changed = threading.Event()
        self._buffer: list[PointRow] = []
        self._buffer_guard = threading.Lock()
        self._flush_guard = threading.Lock()
        #: Set when a full batch waits; the worker wakes on it.
        self.flush_due = threading.Event()
        #: Points dropped because the buffer was full while the ledger could not be written.
        self.dropped = 0
        #: Points written, and write transactions used, since start (for tests and the bench).
        self.written = 0
        self.batches = 0
        self.enabled = True

    def __call__(self, sample: OperationSample) -> None:
        if not self.enabled:
            return
        row = (sample.operation, sample.started_at_ms, round(sample.duration_s * 1_000_000), sample.outcome)
        with self._buffer_guard:
            self._buffer.append(row)
            waiting = len(self._buffer)
            if waiting > self.settings.max_buffer:
                del self._buffer[0]
                self.dropped += 1
        if sample.outcome == "ok" and sample.operation in self.money_operations:
            self.money_changed.set()
        if waiting >= self.settings.flush_batch:
            self.flush_due.set()

    @property
    def pending(self) -> int:
        with self._buffer_guard:
            return len(self._buffer)

    def flush(self) -> int:
        """Write every waiting point in one transaction; returns how many. Safe from any thread."""
        with self._flush_guard:
            with self._buffer_guard:
                rows, self._buffer = self._buffer, []
                self.flush_due.clear()
            if not rows:
                return 0
            try:
                with self.db.write() as session:
                    session.execute(
                        insert(MetricPoint),
                        [
                            {"operation": o, "t_ms": t, "latency_us": us, "outcome": out}
                            for o, t, us, out in rows
                        ],
                    )
            except Exception:
                with self._buffer_guard:  # keep them for the next try, within the bound
                    self._buffer[:0] = rows
                    excess = len(self._buffer) - self.settings.max_buffer
                    if excess > 0:
                        del self._buffer[:excess]
                        self.dropped += excess
                raise
            self.written += len(rows)
            self.batches += 1
            return len(rows)
