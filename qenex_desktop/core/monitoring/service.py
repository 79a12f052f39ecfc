"""``MonitoringService``: the monitoring core as the GUI and the CLI see it (``core.monitoring``).

Built lazily by ``QenexCore``; creating it starts recording (it subscribes to the core's
``Instrumentation`` and starts the worker thread), and ``QenexCore.close()`` flushes and stops it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from qenex_desktop.core.audit import AuditLog
from qenex_desktop.core.clock import Clock
from qenex_desktop.core.db import Database
from qenex_desktop.core.db.models import SystemSample
from qenex_desktop.core.instrumentation import Instrumentation, OperationSample
from qenex_desktop.core.monitoring import analytics, holdings, retention
from qenex_desktop.core.monitoring import pools as pool_analytics
from qenex_desktop.core.monitoring.health import (
    FULL_AUDIT_MAX_AGE_MS,
    FULL_AUDIT_POLL_S,
    HealthChecker,
    NodeCheckInput,
)
from qenex_desktop.core.monitoring.holdings import HoldingsValue
from qenex_desktop.core.monitoring.pools import PoolHistory, PoolRef, PoolSummary, Venue
from qenex_desktop.core.monitoring.recorder import MetricsRecorder
from qenex_desktop.core.monitoring.settings import HOUR_MS, MonitoringSettings
from qenex_desktop.core.monitoring.system import NodeReading, SystemSampler
from qenex_desktop.core.monitoring.transactions import (
    LOCAL_OPERATIONS,
    TransactionTracker,
    TxSource,
    chain_records,
    local_records,
)
from qenex_desktop.core.monitoring.types import (
    CompactionReport,
    HealthStatus,
    OperationStats,
    Series,
    SystemSnapshot,
    TxVolume,
)
from qenex_desktop.core.monitoring.worker import MonitorWorker, PeriodicTask
from qenex_desktop.core.security.keyring_store import SessionTokenStore

if TYPE_CHECKING:
    from qenex_desktop.core.chain.service import ChainService

_log = logging.getLogger(__name__)

#: Metrics ``system_series`` can draw.
SYSTEM_METRICS = (
    "cpu_percent",
    "rss_bytes",
    "open_files",
    "db_bytes",
    "wal_bytes",
    "node_latency_ms",
    "block_height",
)


def _snapshot(row: SystemSample) -> SystemSnapshot:
    return SystemSnapshot(
        t_ms=row.t_ms,
        cpu_percent=row.cpu_permille / 10,
        rss_bytes=row.rss_bytes,
        open_files=row.open_files,
        db_bytes=row.db_bytes,
        wal_bytes=row.wal_bytes,
        node_reachable=row.node_reachable,
        node_latency_ms=None if row.node_latency_us is None else row.node_latency_us / 1000,
        block_height=row.block_height,
    )


class MonitoringService:
    def __init__(
        self,
        database: Database,
        audit: AuditLog,
        clock: Clock,
        instrumentation: Instrumentation,
        *,
        token_store: Callable[[], SessionTokenStore],
        chain: Callable[[], ChainService] | None = None,
        chain_ready: Callable[[], bool] | None = None,
        active_profile: Callable[[], int] | None = None,
        settings: MonitoringSettings | None = None,
        start: bool = True,
    ) -> None:
        self.db = database
        self.audit = audit
        self.clock = clock
        self.instrumentation = instrumentation
        self.settings = settings or MonitoringSettings()
        self._chain = chain
        self._active_profile = active_profile
        self.recorder = MetricsRecorder(database, self.settings, frozenset(LOCAL_OPERATIONS))
        self._chain_ready = chain_ready
        tasks = [
            PeriodicTask("retention", self.settings.compact_interval_s, self.compact),
            PeriodicTask("the full audit check", FULL_AUDIT_POLL_S, self._full_audit_if_due),
        ]
        if self.settings.system_interval_s > 0:
            tasks.append(
                PeriodicTask("the system sample", self.settings.system_interval_s, self._timed_sample)
            )
        self.worker = MonitorWorker(
            self.recorder, self.settings, tasks=tasks, on_money_changed=self.sample_holdings
        )
        self.sampler = SystemSampler(database, clock, self._node_reading if chain else None)
        self.checker = HealthChecker(
            database, audit, clock, token_store, self._node_check_input if chain else None
        )
        sources: dict[str, TxSource] = {"local": local_records, "chain": chain_records}
        self.transactions = TransactionTracker(database, sources)
        self._recording = False
        if start:
            self.start()

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def recording(self) -> bool:
        return self._recording

    def start(self, *, background: bool = True) -> None:
        """Subscribe to every ``@operation`` and (``background``) start the batch-writing thread."""
        if not self._recording:
            self.instrumentation.subscribe(self.recorder)
            self._recording = True
        if background:
            self.worker.start()

    def stop(self) -> None:
        """Stop recording and write what is buffered."""
        self.worker.stop()
        if self._recording:
            self.instrumentation.unsubscribe(self.recorder)
            self._recording = False
        self.flush()
        if self.recorder.money_changed.is_set():
            self.recorder.money_changed.clear()
            self.sample_holdings()

    def close(self) -> None:
        try:
            self.stop()
        except Exception:  # closing must not fail because the ledger is busy or damaged
            _log.warning("monitoring: last metric points could not be written", exc_info=True)

    def flush(self) -> int:
        """Write buffered metric points now (one transaction); returns how many."""
        return self.recorder.flush()

    def _fresh(self) -> None:
        try:
            self.recorder.flush()
        except Exception:
            _log.debug("monitoring: flush before a read failed", exc_info=True)

    def compact(self) -> CompactionReport:
        """Apply retention now: fold old raw points and samples into minute/hour aggregates."""
        self._fresh()
        return retention.compact(self.db, self.clock.now_ms(), self.settings)

    # -- operation metrics -----------------------------------------------------------------------

    def operations(self) -> list[str]:
        """Names of every operation with stored metrics."""
        self._fresh()
        return analytics.operation_names(self.db)

    def operation_stats(self, window_ms: int = HOUR_MS, operation: str | None = None) -> list[OperationStats]:
        """Count, errors, throughput and p50/p95/p99 per operation over the last ``window_ms``."""
        self._fresh()
        return analytics.operation_stats(self.db, self.clock.now_ms(), window_ms, operation)

    def latency_series(
        self,
        operation: str | None = None,
        window_ms: int = HOUR_MS,
        *,
        stat: str = "p95",
        bucket_ms: int | None = None,
    ) -> Series:
        """(t_ms, latency in ms) per bucket; ``stat`` is one of p50 p95 p99 mean max min."""
        self._fresh()
        return analytics.latency_series(
            self.db, self.clock.now_ms(), window_ms, operation, stat=stat, bucket_ms=bucket_ms
        )

    def throughput_series(
        self, operation: str | None = None, window_ms: int = HOUR_MS, *, bucket_ms: int | None = None
    ) -> Series:
        """(t_ms, calls per second) per bucket, zeros included."""
        self._fresh()
        return analytics.count_series(
            self.db, self.clock.now_ms(), window_ms, operation, what="throughput", bucket_ms=bucket_ms
        )

    def error_rate_series(
        self, operation: str | None = None, window_ms: int = HOUR_MS, *, bucket_ms: int | None = None
    ) -> Series:
        """(t_ms, failed calls / calls, 0..1) per bucket, zeros included."""
        self._fresh()
        return analytics.count_series(
            self.db, self.clock.now_ms(), window_ms, operation, what="error_rate", bucket_ms=bucket_ms
        )

    def refusal_rate_series(
        self, operation: str | None = None, window_ms: int = HOUR_MS, *, bucket_ms: int | None = None
    ) -> Series:
        """(t_ms, refused calls / calls, 0..1): the person's refusals (slippage, deadline, funds)."""
        self._fresh()
        return analytics.count_series(
            self.db, self.clock.now_ms(), window_ms, operation, what="refusal_rate", bucket_ms=bucket_ms
        )

    def fault_rate_series(
        self, operation: str | None = None, window_ms: int = HOUR_MS, *, bucket_ms: int | None = None
    ) -> Series:
        """(t_ms, faulted calls / calls, 0..1): bugs, node errors, the ledger busy."""
        self._fresh()
        return analytics.count_series(
            self.db, self.clock.now_ms(), window_ms, operation, what="fault_rate", bucket_ms=bucket_ms
        )

    # -- system metrics --------------------------------------------------------------------------

    def _node_check_input(self) -> NodeCheckInput:
        assert self._chain is not None
        chain = self._chain()
        network = chain.network()
        status = chain.probe(network.name)
        return NodeCheckInput(
            network=network.name,
            url=network.rpc_url,
            expected_chain_id=network.chain_id,
            reachable=status.reachable,
            chain_id=status.chain_id,
            block_number=status.block_number,
            latency_s=status.latency_s,
            error=status.error,
        )

    def _timed_sample(self) -> None:
        """The worker's system sample: the node is probed only once the chain layer is in use
        (building it here would import web3 on this thread and race the GUI building it)."""
        self.sampler.sample(probe_node=self._chain_ready is not None and self._chain_ready())

    def _node_reading(self) -> NodeReading | None:
        started_ms = self.clock.now_ms()
        started = time.perf_counter()
        seen = self._node_check_input()
        # The probe is a node call like any other: it goes through the one metrics mechanism.
        self.instrumentation.emit(
            OperationSample(
                "node.probe",
                started_ms,
                seen.latency_s if seen.latency_s is not None else time.perf_counter() - started,
                "ok" if seen.reachable else "node_unreachable",
            )
        )
        ok = seen.reachable and seen.chain_id == seen.expected_chain_id
        latency = None if seen.latency_s is None else round(seen.latency_s * 1_000_000)
        return NodeReading(ok, latency if ok else None, seen.block_number if ok else None)

    def sample_system(self, *, probe_node: bool = True) -> SystemSnapshot:
        """Read and store one system sample. Call it from a worker thread: the node probe can take
        up to a few seconds on a dead remote node (never longer: short timeout, no retries)."""
        return _snapshot(self.sampler.sample(probe_node=probe_node))

    def latest_system(self) -> SystemSnapshot | None:
        with self.db.read() as session:
            row = session.scalar(select(SystemSample).order_by(SystemSample.t_ms.desc()).limit(1))
        return None if row is None else _snapshot(row)

    def system_series(self, metric: str, window_ms: int = HOUR_MS) -> Series:
        """(t_ms, value) of one system metric (see ``SYSTEM_METRICS``), raw and downsampled rows alike."""
        if metric not in SYSTEM_METRICS:
            raise ValueError(f"unknown system metric {metric!r} (one of {', '.join(SYSTEM_METRICS)})")
        now = self.clock.now_ms()
        with self.db.read() as session:
            rows = session.scalars(
                select(SystemSample)
                .where(SystemSample.t_ms >= now - window_ms, SystemSample.t_ms <= now)
                .order_by(SystemSample.t_ms)
            ).all()
        series: Series = []
        for row in rows:
            value = getattr(_snapshot(row), metric)
            if value is not None:
                series.append((row.t_ms, float(value)))
        return series

    # -- health ----------------------------------------------------------------------------------

    def check_health(self, names: list[str] | None = None, *, full_audit: bool = False) -> list[HealthStatus]:
        """Run health checks now (default: all), store and return the results. Off the GUI thread:
        the node check waits for the probe, the audit check walks new entries."""
        return self.checker.run(names, full_audit=full_audit)

    def health(self) -> list[HealthStatus]:
        """The last stored result of each check (cheap; from any process)."""
        return self.checker.last()

    def check_audit_chain(self, *, max_age_ms: int | None = None) -> HealthStatus:
        """Walk the whole audit chain now (off the GUI thread; the write lock stays free) and store
        the result with its time as ``audit_full``; with ``max_age_ms``, only when the last is older."""
        return self.checker.full_audit(max_age_ms=max_age_ms)

    def _full_audit_if_due(self) -> HealthStatus:
        """The worker's hourly look: the quick check and the full audit walk, each when a day has
        passed since its last result (both read snapshots: writers go on meanwhile)."""
        self.checker.quick_check_if_due()
        return self.check_audit_chain(max_age_ms=FULL_AUDIT_MAX_AGE_MS)

    # -- transactions ----------------------------------------------------------------------------

    def transaction_volumes(self, window_ms: int = HOUR_MS * 24, source: str | None = None) -> list[TxVolume]:
        """Counts and volumes by source, kind, status and asset over the window."""
        self._fresh()
        return self.transactions.volumes(self.clock.now_ms(), window_ms, source)

    def transaction_series(
        self,
        window_ms: int = HOUR_MS * 24,
        *,
        bucket_ms: int | None = None,
        source: str | None = None,
        kind: str | None = None,
        status: str | None = None,
    ) -> Series:
        """(t_ms, transactions per bucket), zeros included."""
        self._fresh()
        step = bucket_ms or analytics.default_bucket_ms(window_ms)
        return self.transactions.count_series(
            self.clock.now_ms(), window_ms, step, source=source, kind=kind, status=status
        )

    # -- pools -----------------------------------------------------------------------------------

    def pools(self) -> list[PoolRef]:
        """Every pool of the local exchange, then the indexed on-chain pools (id, pair, decimals, fee)."""
        return pool_analytics.pools(self.db)

    def pool_history(
        self,
        pool_id: int,
        window_ms: int = HOUR_MS * 24,
        *,
        bucket_ms: int | None = None,
        venue: Venue = "ledger",
    ) -> PoolHistory:
        """Price, reserves, TVL (in token1), and per-bucket volume, fees and swaps of one pool."""
        step = bucket_ms or analytics.default_bucket_ms(window_ms)
        return pool_analytics.pool_history(self.db, self.clock.now_ms(), pool_id, window_ms, step, venue)

    def pool_summary(
        self, pool_id: int, window_ms: int = HOUR_MS * 24, *, venue: Venue = "ledger"
    ) -> PoolSummary:
        """Swaps, volume, fees, reserves, TVL and price change of one pool over the window."""
        return pool_analytics.pool_summary(self.db, self.clock.now_ms(), pool_id, window_ms, venue)

    # -- holdings --------------------------------------------------------------------------------

    def sample_holdings(self) -> int:
        """Snapshot every profile's exchange holdings that changed; returns how many were stored.

        The worker calls this after each successful exchange operation (and ``close()`` does)."""
        return holdings.snapshot(self.db, self.clock.now_ms())

    def holdings_value_series(
        self, quote: str, window_ms: int = HOUR_MS * 24, *, profile_id: int | None = None
    ) -> HoldingsValue:
        """(t_ms, value in base units of ``quote``) of the profile's holdings (default: the logged-in one)."""
        if profile_id is None:
            if self._active_profile is None:
                raise ValueError("no profile given and no session to take it from")
            profile_id = self._active_profile()
        return holdings.value_series(self.db, self.clock.now_ms(), profile_id, quote, window_ms)
