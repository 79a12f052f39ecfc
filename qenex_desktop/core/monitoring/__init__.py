"""The monitoring core: metrics of every operation, system samples, health checks, analytics.

Reached as ``core.monitoring`` (a ``MonitoringService``): creating it starts recording, so the GUI
touches it at startup and the CLI builds it with the core; ``core.close()`` writes what is
buffered. Nothing here imports Qt; calls that may wait (health checks, ``sample_system`` with a
node probe) belong on a worker thread.

Public read API for the GUI (all times are ms since the epoch from ``core.clock``; windows are
ms, e.g. ``parse_window("1h")``; a ``Series`` is ``list[tuple[int, float]]`` of (t_ms, value),
oldest first, ready for ``pyqtgraph``: ``plot.setData([t / 1000 for t, _ in s], [v for _, v in s])``):

Operations (every ``@operation``: login, ledger operations, node calls)
  operations() -> list[str]
  operation_stats(window_ms=1h, operation=None) -> list[OperationStats]
      count, errors (= refusals + faults: the person's refused calls apart from bugs and node
      errors, by the error's kind: ``monitoring.outcomes``), throughput_per_s,
      mean/min/max/p50/p95/p99 in microseconds (int),
      ``exact`` (True: percentiles from raw points; False: estimated from histograms)
  latency_series(operation=None, window_ms, stat="p95"|"p50"|"p99"|"mean"|"max"|"min",
                 bucket_ms=None) -> Series            value: milliseconds (float)
  throughput_series(operation=None, window_ms, bucket_ms=None) -> Series   calls per second
  error_rate_series(operation=None, window_ms, bucket_ms=None) -> Series   0..1
  refusal_rate_series(...), fault_rate_series(...) -> Series               0..1, the two apart

System (the monitoring thread stores a sample every 15 s on its own, probing the node once the
chain layer is built; the GUI only reads. sample_system() takes one now: call it off the GUI
thread, the node probe can take a few seconds on a dead remote node)
  sample_system(probe_node=True) -> SystemSnapshot
  latest_system() -> SystemSnapshot | None
  system_series(metric, window_ms) -> Series, metric one of SYSTEM_METRICS:
      cpu_percent, rss_bytes, open_files, db_bytes, wal_bytes, node_latency_ms, block_height

Health
  check_health(names=None, full_audit=False) -> list[HealthStatus]   runs and stores them
  health() -> list[HealthStatus]                                       the last stored results
  check_audit_chain(max_age_ms=None) -> HealthStatus   the full audit walk, stored as "audit_full"
      HealthStatus(name, status: Status ok|warn|fail|unknown, message, checked_at_ms, duration_us)

Transactions (source "local" = the exchange ledger, "chain" = signed on-chain transactions)
  transaction_volumes(window_ms=24h, source=None) -> list[TxVolume]
      (source, kind, status, asset, decimals, count, volume: int base units)
  transaction_series(window_ms=24h, bucket_ms=None, source=None, kind=None, status=None) -> Series

Pools (local exchange; money as int base units, never float; see ``pools.py``)
  pools() -> list[PoolRef]                 pool_id, symbol0, symbol1, decimals0, decimals1, fee_bps
  pool_history(pool_id, window_ms=24h, bucket_ms=None) -> PoolHistory
      price: Series (whole token1 per whole token0, float: for drawing only)
      reserves: [(t_ms, reserve0, reserve1)]   tvl_in_token1: [(t_ms, 2 * reserve1)]
      volume / fees: [(bucket t_ms, token0 part, token1 part)]   swaps: [(bucket t_ms, count)]
  pool_summary(pool_id, window_ms=24h) -> PoolSummary   swaps, volume, fees, reserves, TVL,
      price_change_bps over the window

Holdings (see ``holdings.py``)
  holdings_value_series(quote_symbol, window_ms=24h, profile_id=None) -> HoldingsValue
      points: [(t_ms, value in base units of the quote token)], decimals, unpriced symbols;
      the logged-in profile by default. Snapshots are taken after every successful exchange
      operation (sample_holdings() takes one now).

Housekeeping: flush() writes buffered points now; compact() applies retention now (the worker
does both on its own); stop()/start() pause and resume recording.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qenex_desktop.core.lazy_names import lazy_names

# Names are read from their modules on first use (PEP 562): importing ``monitoring.windows`` to
# parse a window, or ``monitoring.types`` for a hint, does not import the service and its parts.
_HOMES = {
    "HoldingsValue": "holdings",
    "PoolHistory": "pools",
    "PoolRef": "pools",
    "PoolSummary": "pools",
    "SYSTEM_METRICS": "service",
    "MonitoringService": "service",
    "MonitoringSettings": "settings",
    "HealthStatus": "types",
    "OperationStats": "types",
    "Series": "types",
    "Status": "types",
    "SystemSnapshot": "types",
    "TxVolume": "types",
    "format_window": "windows",
    "parse_window": "windows",
}

if TYPE_CHECKING:
    from qenex_desktop.core.monitoring.holdings import HoldingsValue
    from qenex_desktop.core.monitoring.pools import PoolHistory, PoolRef, PoolSummary
    from qenex_desktop.core.monitoring.service import SYSTEM_METRICS, MonitoringService
    from qenex_desktop.core.monitoring.settings import MonitoringSettings
    from qenex_desktop.core.monitoring.types import (
        HealthStatus,
        OperationStats,
        Series,
        Status,
        SystemSnapshot,
        TxVolume,
    )
    from qenex_desktop.core.monitoring.windows import format_window, parse_window


__getattr__ = lazy_names(__name__, _HOMES, globals())


__all__ = [
    "SYSTEM_METRICS",
    "HealthStatus",
    "HoldingsValue",
    "MonitoringService",
    "MonitoringSettings",
    "OperationStats",
    "PoolHistory",
    "PoolRef",
    "PoolSummary",
    "Series",
    "Status",
    "SystemSnapshot",
    "TxVolume",
    "format_window",
    "parse_window",
]
