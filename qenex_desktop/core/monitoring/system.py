"""System metrics of the app process: CPU, memory, open files, ledger and WAL size, node latency.

``sample()`` takes well under a millisecond for the process and file parts; the node part uses the
chain layer's ``probe()`` (short timeout, no retries, never raises), so a sample on a dead remote
node costs at most a few seconds. The GUI calls it from a worker thread on a timer; nothing here
touches Qt.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import psutil

from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import SystemSample

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NodeReading:
    reachable: bool
    latency_us: int | None
    block_height: int | None


#: Returns the active network's node reading, or None when the chain layer is not available.
NodeProbe = Callable[[], NodeReading | None]


class SystemSampler:
    def __init__(self, database: Database, clock: Clock, node_probe: NodeProbe | None) -> None:
        self.db = database
        self.clock = clock
        self.node_probe = node_probe
        self._process = psutil.Process()
        self._guard = threading.Lock()
        self._process.cpu_percent(None)  # starts psutil's interval; the first read() averages instead
        self._first_read = True

    def _open_files(self) -> int:
        try:
            return (
                self._process.num_fds()
                if hasattr(self._process, "num_fds")
                else len(self._process.open_files())
            )
        except psutil.Error:
            return 0

    def read(self, *, probe_node: bool = True) -> SystemSample:
        """One sample, not stored."""
        with self._guard:  # cpu_percent measures since the previous call: one caller at a time
            cpu = self._process.cpu_percent(None)
            if self._first_read:  # nothing to compare with yet: the average since the process started
                self._first_read = False
                times = self._process.cpu_times()
                alive_s = max(time.time() - self._process.create_time(), 1e-3)
                cpu = (times.user + times.system) / alive_s * 100
            rss = self._process.memory_info().rss
        sizes = self.db.file_sizes()
        node: NodeReading | None = None
        if probe_node and self.node_probe is not None:
            try:
                node = self.node_probe()
            except Exception:  # the chain layer missing or broken must not stop the sampler
                _log.warning("monitoring: node probe failed", exc_info=True)
        return SystemSample(
            resolution_s=0,
            t_ms=self.clock.now_ms(),
            samples=1,
            cpu_permille=round(cpu * 10),
            rss_bytes=int(rss),
            open_files=self._open_files(),
            db_bytes=sizes["database"],
            wal_bytes=sizes["wal"],
            node_reachable=None if node is None else node.reachable,
            node_latency_us=None if node is None else node.latency_us,
            block_height=None if node is None else node.block_height,
        )

    def sample(self, *, probe_node: bool = True) -> SystemSample:
        """Read and store one sample (one small write transaction)."""
        row = self.read(probe_node=probe_node)
        with self.db.write() as session:
            session.add(row)
        return row
